// Wrong-type and out-of-range arguments at every public entry point (issue
// #8, defect 10). Each row calls one function or method with one bad value
// and expects the one message shape of lib/internal/args.ts:
//   TypeError  gonet: <fn>: <argument> must be <expected>, got <received>
//   RangeError the same shape, for a value of the right type that is out of range
// thrown synchronously or as the rejection of the returned promise, never an
// internal message ("Cannot read properties of undefined", "... is not a
// function", "Cannot convert a Symbol value to a string"). Every call is
// bounded in time, and anything a call wrongly opened is closed.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CIDRMask,
  type Conn,
  Dialer,
  Flags,
  HardwareAddr,
  IP,
  IPAddr,
  IPMask,
  IPNet,
  IPv4,
  IPv4Mask,
  Interface,
  ListenConfig,
  PacketBatch,
  Resolver,
  TCPAddr,
  type TCPConn,
  type TCPListener,
  AddrError,
  DNSError,
  InvalidAddrError,
  OpError,
  ParseError,
  UDPAddr,
  type UDPConn,
  UnknownNetworkError,
  UnixAddr,
  type UnixConn,
  type UnixListener,
  cmsgSpace,
  copy,
  dial,
  dialTimeout,
  fileConn,
  fileListener,
  filePacketConn,
  interfaceByIndex,
  interfaceByName,
  joinHostPort,
  listen,
  listenMulticastUDP,
  listenPacket,
  listenICMP,
  lookupAddr,
  lookupCNAME,
  lookupHost,
  lookupIP,
  lookupMX,
  lookupNS,
  lookupPort,
  lookupProtocol,
  lookupSRV,
  lookupTXT,
  parseCIDR,
  parseIP,
  parseMAC,
  parseUnixRights,
  pipe,
  resolveIPAddr,
  resolveTCPAddr,
  resolveUDPAddr,
  resolveUnixAddr,
  splitHostPort,
  toDuplex,
  unixRights,
} from "../lib/index.js";
// Internal (not exported from the package root), but validates its argument like the public API.
import { parseIPZone } from "../lib/ip.js";
import { connectedPair, type Pair } from "./helpers/tcp.js";

type ErrorClass = typeof TypeError | typeof RangeError;
/** One bad value: how the row prints it, the value, and the error it must give. */
type Bad = [label: string, value: unknown, type: ErrorClass];

function detached(): Uint8Array {
  const b = new Uint8Array(8);
  structuredClone(b.buffer, { transfer: [b.buffer] });
  return b;
}

const T = TypeError;
const R = RangeError;
const sym = Symbol("bad");
const fn = function bad() {};

/** Values of no use anywhere: the wrong type for every parameter. */
const junk: Bad[] = [
  ["a Symbol", sym, T],
  ["an object", {}, T],
  ["a function", fn, T],
  ["a BigInt", 10n, T],
];
const nullish: Bad[] = [
  ["undefined", undefined, T],
  ["null", null, T],
];
const notString: Bad[] = [...nullish, ...junk, ["a number", 5, T]];
const notNumber: Bad[] = [...nullish, ...junk, ["a string", "5", T], ["a boolean", true, T]];
const notInteger: Bad[] = [...notNumber, ["NaN", NaN, R], ["a fraction", 1.5, R]];
const notCount: Bad[] = [...notInteger, ["a negative number", -1, R]];
const notBoolean: Bad[] = [...nullish, ...junk, ["a number", 1, T], ["a string", "true", T]];
const notObject: Bad[] = [["null", null, T], ["a Symbol", sym, T], ["a string", "x", T], ["a number", 5, T], ["a function", fn, T], ["a BigInt", 10n, T]];
const notInstance: Bad[] = [...nullish, ...junk, ["a string", "x", T], ["a number", 5, T]];
const notBytes: Bad[] = [...notInstance, ["an array", [1, 2], T], ["a Uint16Array", new Uint16Array(2), T], ["a detached buffer", detached(), T]];
const notBytesOrString: Bad[] = [...nullish, ...junk, ["a number", 5, T], ["an array", [1, 2], T], ["a detached buffer", detached(), T]];
const notBytesOpt: Bad[] = notBytes.filter(([l]) => l !== "undefined");
const notSignal: Bad[] = [["null", null, T], ["a number", 5, T], ["a string", "x", T], ["a plain object", { aborted: false }, T], ["a function", fn, T], ["a Symbol", sym, T]];
const notDeadline: Bad[] = [
  ...junk,
  ["a string", "2030-01-01", T],
  ["a boolean", true, T],
  // reliability.md scenario 15: NaN and an invalid Date are TypeErrors too.
  ["NaN", NaN, T],
  ["an invalid Date", new Date("not a date"), T],
];
/** Options bags: undefined is fine (the default), anything but an object is not. */
const notOptions: Bad[] = notObject;

/** The error `call` throws or rejects with, within `ms`; what it wrongly resolved is closed. */
async function errorOf(call: () => unknown, ms = 2000): Promise<unknown> {
  let result: unknown;
  try {
    result = call();
  } catch (err) {
    return err;
  }
  if (!(result instanceof Promise)) {
    await closeIfOpen(result);
    return undefined;
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  try {
    const settled = await Promise.race([
      result.then(
        async (v) => {
          await closeIfOpen(v);
          return undefined;
        },
        (err: unknown) => err,
      ),
      timedOut,
    ]);
    if (settled === "timeout") return new Error(`no error within ${ms} ms`);
    return settled;
  } finally {
    clearTimeout(timer);
  }
}

async function closeIfOpen(v: unknown): Promise<void> {
  const c = v as { close?: () => unknown } | null;
  if (c && typeof c === "object" && typeof c.close === "function") await c.close();
}

/** The message shape every argument error has: it names the function and the argument. */
function shapeOf(fnName: string, arg: string): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^gonet: ${esc(fnName)}: ${esc(arg)} must be .+, got .+$`);
}

/** One entry point and one argument: `call` passes the bad value in that argument's place. */
interface Row {
  fn: string;
  arg: string;
  bad: Bad[];
  call: (v: any) => unknown;
}

function check(rows: () => Row[]): void {
  // Rows are built inside the test: the fixtures exist only after beforeAll.
  it("every row: the right error class, a message naming the argument, a code", async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const row of rows()) {
      for (const [label, value, type] of row.bad) {
        cases++;
        const err = await errorOf(() => row.call(value));
        const what = `${row.fn}(${row.arg} = ${label})`;
        if (!(err instanceof type)) {
          failures.push(`${what}: expected ${type.name}, got ${err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err)}`);
        } else if (!shapeOf(row.fn, row.arg).test(err.message)) {
          failures.push(`${what}: message does not name the argument: ${err.message}`);
        } else if (!("code" in err) || typeof err.code !== "string") {
          failures.push(`${what}: no code`);
        }
      }
    }
    expect(failures, `${failures.length} of ${cases} cases wrong`).toEqual([]);
  }, 120_000);
}

// ------------------------------------------------------------ fixtures

let dir: string;
let ln: TCPListener;
let tcp: Pair;
let udp: UDPConn;
let unixLn: UnixListener;
let unixA: UnixConn;
let unixB: UnixConn;
let pipeA: Conn;
let pipeB: Conn;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "gonet-badargs-"));
  ln = await listen("tcp", "127.0.0.1:0");
  tcp = await connectedPair(ln);
  udp = await listenPacket("udp", "127.0.0.1:0");
  unixLn = await listen("unix", join(dir, "s"));
  const accepted = unixLn.accept();
  unixA = await dial("unix", join(dir, "s"));
  unixB = await accepted;
  [pipeA, pipeB] = pipe();
});

afterAll(async () => {
  for (const c of [tcp?.client, tcp?.server, ln, udp, unixA, unixB, unixLn, pipeA, pipeB]) await c?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const addr = () => ln.addr.toString();

// ------------------------------------------------------------ rows

describe("conns: read, write, deadlines, options", () => {
  check(() => {
    const rows: Row[] = [];
    for (const [kind, c] of [["TCPConn", tcp.client], ["UnixConn", unixA], ["UDPConn", udp], ["pipe", pipeA]] as const) {
      rows.push(
        { fn: "read", arg: "buf", bad: notBytesOpt, call: (v) => c.read(v) },
        { fn: "setDeadline", arg: "deadline", bad: notDeadline, call: (v) => c.setDeadline(v) },
        { fn: "setReadDeadline", arg: "deadline", bad: notDeadline, call: (v) => c.setReadDeadline(v) },
        { fn: "setWriteDeadline", arg: "deadline", bad: notDeadline, call: (v) => c.setWriteDeadline(v) },
      );
      // A UDP write on an unconnected socket fails for want of an address first.
      if (kind !== "UDPConn") rows.push({ fn: "write", arg: "data", bad: notBytesOrString, call: (v) => c.write(v) });
    }
    for (const c of [tcp.client, unixA]) {
      rows.push(
        { fn: "writeBuffers", arg: "buffers", bad: [...nullish, ...junk, ["a string", "x", T]], call: (v) => c.writeBuffers(v) },
        { fn: "writeBuffers", arg: "buffers[1]", bad: notBytesOrString.filter(([l]) => l !== "an array"), call: (v) => c.writeBuffers(["ok", v]) },
        { fn: "setReadBuffer", arg: "bytes", bad: notCount, call: (v) => c.setReadBuffer(v) },
        { fn: "setWriteBuffer", arg: "bytes", bad: notCount, call: (v) => c.setWriteBuffer(v) },
      );
    }
    const t = tcp.client;
    rows.push(
      { fn: "setNoDelay", arg: "on", bad: notBoolean, call: (v) => t.setNoDelay(v) },
      { fn: "setKeepAlive", arg: "on", bad: notBoolean, call: (v) => t.setKeepAlive(v) },
      { fn: "setKeepAlivePeriod", arg: "ms", bad: [...notNumber, ["NaN", NaN, R], ["Infinity", Infinity, R]], call: (v) => t.setKeepAlivePeriod(v) },
      { fn: "setKeepAliveConfig", arg: "cfg", bad: [...nullish, ...notObject], call: (v) => t.setKeepAliveConfig(v) },
      { fn: "setKeepAliveConfig", arg: "cfg.enable", bad: notBoolean, call: (v) => t.setKeepAliveConfig({ enable: v }) },
      { fn: "setKeepAliveConfig", arg: "cfg.idle", bad: [...notNumber.filter(([l]) => l !== "undefined"), ["NaN", NaN, R]], call: (v) => t.setKeepAliveConfig({ enable: true, idle: v }) },
      { fn: "setLinger", arg: "sec", bad: notInteger, call: (v) => t.setLinger(v) },
      { fn: "readFrom", arg: "buf", bad: notBytes, call: (v) => udp.readFrom(v) },
      { fn: "readFrom", arg: "buf", bad: notBytes, call: (v) => unixA.readFrom(v) },
      { fn: "readMsgUDP", arg: "buf", bad: notBytes, call: (v) => udp.readMsgUDP(v) },
      { fn: "readMsgUDP", arg: "oob", bad: notBytesOpt, call: (v) => udp.readMsgUDP(new Uint8Array(8), v) },
    );
    return rows;
  });
});

describe("raw conns: setsockopt, getsockopt, control", () => {
  check(() => {
    const raw = tcp.client.syscallConn() as ReturnType<TCPConn["syscallConn"]> & {
      setsockopt(level: number, name: number, value: unknown): void;
      getsockopt(level: number, name: number, size?: number): unknown;
    };
    const int32: Bad[] = [...notInteger, ["2^40", 2 ** 40, R]];
    return [
      { fn: "control", arg: "fn", bad: notInstance.filter(([l]) => l !== "a function"), call: (v) => raw.control(v) },
      { fn: "setsockopt", arg: "level", bad: int32, call: (v) => raw.setsockopt(v, 1, 1) },
      { fn: "setsockopt", arg: "name", bad: int32, call: (v) => raw.setsockopt(1, v, 1) },
      { fn: "setsockopt", arg: "value", bad: [...nullish, ["a Symbol", sym, T], ["a string", "1", T], ["NaN", NaN, R], ["a detached buffer", detached(), T]], call: (v) => raw.setsockopt(1, 1, v) },
      { fn: "getsockopt", arg: "level", bad: int32, call: (v) => raw.getsockopt(v, 1) },
      { fn: "getsockopt", arg: "size", bad: [...notCount.filter(([l]) => l !== "undefined"), ["too big", 1e9, R]], call: (v) => raw.getsockopt(6, 1, v) },
    ];
  });
});

describe("datagrams: writeTo, batches, multicast", () => {
  check(() => {
    const dest = new UDPAddr(IPv4(127, 0, 0, 1), 9);
    const batch = new PacketBatch(4, 64);
    return [
      { fn: "writeTo", arg: "data", bad: notBytesOrString, call: (v) => udp.writeTo(v, dest) },
      { fn: "writeTo", arg: "addr", bad: [...junk, ["a number", 42, T]], call: (v) => udp.writeTo("x", v) },
      { fn: "writeToUDP", arg: "addr", bad: [...junk, ["a string", "127.0.0.1:9", T]], call: (v) => udp.writeToUDP("x", v) },
      { fn: "writeMsgUDP", arg: "oob", bad: notBytes.filter(([l]) => l !== "null"), call: (v) => udp.writeMsgUDP("x", v, dest) },
      { fn: "writeMsgUDP", arg: "addr", bad: [...junk, ["a string", "127.0.0.1:9", T]], call: (v) => udp.writeMsgUDP("x", null, v) },
      { fn: "writeBatch", arg: "batch", bad: notInstance, call: (v) => udp.writeBatch(v) },
      { fn: "writeBatch", arg: "count", bad: [...notCount.filter(([l]) => l !== "undefined"), ["more than the batch", 5, R]], call: (v) => udp.writeBatch(batch, v) },
      { fn: "readBatch", arg: "batch", bad: notInstance, call: (v) => udp.readBatch(v) },
      { fn: "setTTL", arg: "ttl", bad: [...notCount, ["256", 256, R]], call: (v) => udp.setTTL(v) },
      { fn: "setMulticastTTL", arg: "ttl", bad: [...notCount, ["256", 256, R]], call: (v) => udp.setMulticastTTL(v) },
      { fn: "setBroadcast", arg: "on", bad: notBoolean, call: (v) => udp.setBroadcast(v) },
      { fn: "setMulticastLoopback", arg: "on", bad: notBoolean, call: (v) => udp.setMulticastLoopback(v) },
      { fn: "joinGroup", arg: "group", bad: notInstance, call: (v) => udp.joinGroup(v) },
      { fn: "joinGroup", arg: "ifi", bad: [...junk.filter(([l]) => l !== "an object"), ["NaN", NaN, R], ["a negative index", -1, R]], call: (v) => udp.joinGroup(IPv4(239, 1, 2, 3), v) },
      { fn: "setMulticastInterface", arg: "ifi", bad: [["a Symbol", sym, T], ["a fraction", 1.5, R]], call: (v) => udp.setMulticastInterface(v) },
      { fn: "listenMulticastUDP", arg: "network", bad: notString, call: (v) => listenMulticastUDP(v, null, new UDPAddr(IPv4(239, 1, 2, 3), 0)) },
      { fn: "listenMulticastUDP", arg: "ifi", bad: [["a number", 5, T], ["a string", "lo", T], ["a Symbol", sym, T]], call: (v) => listenMulticastUDP("udp", v, new UDPAddr(IPv4(239, 1, 2, 3), 0)) },
      { fn: "listenMulticastUDP", arg: "gaddr", bad: [["a string", "239.1.2.3:0", T], ["a Symbol", sym, T], ["an object", {}, T]], call: (v) => listenMulticastUDP("udp", null, v) },
    ];
  });
});

describe("PacketBatch", () => {
  check(() => {
    const b = new PacketBatch(4, 64);
    const slot: Bad[] = [...notCount, ["past the end", 4, R]];
    const rows: Row[] = [
      { fn: "PacketBatch", arg: "count", bad: [...notCount.filter(([l]) => l !== "undefined"), ["0", 0, R], ["too many", 1e6, R]], call: (v) => new PacketBatch(v) },
      { fn: "PacketBatch", arg: "size", bad: [...notCount.filter(([l]) => l !== "undefined"), ["0", 0, R]], call: (v) => new PacketBatch(4, v) },
      { fn: "setLength", arg: "n", bad: [...notCount, ["more than the slot", 65, R]], call: (v) => b.setLength(0, v) },
      { fn: "set", arg: "data", bad: notBytes, call: (v) => b.set(0, v) },
      { fn: "set", arg: "addr", bad: [["a Symbol", sym, T], ["a string", "x", T], ["a number", 5, T]], call: (v) => b.set(0, new Uint8Array(1), v) },
      { fn: "setAddr", arg: "addr.ip", bad: [["a string", "127.0.0.1", T], ["a Symbol", sym, T]], call: (v) => b.setAddr(0, { ip: v, port: 1 }) },
      { fn: "setAddr", arg: "addr.port", bad: [["a string", "1", T], ["NaN", NaN, R], ["70000", 70000, R]], call: (v) => b.setAddr(0, { ip: null, port: v }) },
    ];
    for (const m of ["data", "slot", "addr", "n", "flags", "offset", "truncated", "setLength", "setAddr"] as const) {
      rows.push({ fn: m, arg: "i", bad: slot, call: (v) => (b[m] as (i: unknown, ...rest: unknown[]) => unknown)(v, 0) });
    }
    return rows;
  });
});

describe("Unix sockets: messages, descriptors, unixRights", () => {
  check(() => [
    { fn: "writeTo", arg: "addr", bad: [...junk, ["a number", 42, T]], call: (v) => unixA.writeTo("x", v) },
    { fn: "writeToUnix", arg: "addr", bad: [...junk, ["a string", "/x", T]], call: (v) => unixA.writeToUnix("x", v) },
    { fn: "readMsgUnix", arg: "buf", bad: notBytes, call: (v) => unixA.readMsgUnix(v, new Uint8Array(64)) },
    { fn: "readMsgUnix", arg: "oob", bad: notBytes, call: (v) => unixA.readMsgUnix(new Uint8Array(8), v) },
    { fn: "writeMsgUnix", arg: "data", bad: notBytesOrString, call: (v) => unixA.writeMsgUnix(v, null) },
    { fn: "writeMsgUnix", arg: "oob", bad: notBytes.filter(([l]) => l !== "null"), call: (v) => unixA.writeMsgUnix("x", v) },
    { fn: "writeFds", arg: "fds", bad: [...nullish, ...junk, ["a number", 3, T]], call: (v) => unixA.writeFds(v) },
    { fn: "writeFds", arg: "fds[0]", bad: notCount, call: (v) => unixA.writeFds([v]) },
    { fn: "readFds", arg: "buf", bad: notBytes, call: (v) => unixA.readFds(v) },
    { fn: "readFds", arg: "maxFds", bad: [...notCount.filter(([l]) => l !== "undefined"), ["too many", 1e9, R]], call: (v) => unixA.readFds(new Uint8Array(1), v) },
    { fn: "setUnlinkOnClose", arg: "unlink", bad: notBoolean, call: (v) => unixLn.setUnlinkOnClose(v) },
    { fn: "unixRights", arg: "fds[0]", bad: notCount.filter(([l]) => l !== "undefined"), call: (v) => unixRights(v) },
    { fn: "unixRights", arg: "fds[1]", bad: [["undefined", undefined, T], ["2^31", 2 ** 31, R]], call: (v) => unixRights(0, v) },
    { fn: "parseUnixRights", arg: "oob", bad: notBytes, call: (v) => parseUnixRights(v) },
    { fn: "cmsgSpace", arg: "dataLen", bad: notCount, call: (v) => cmsgSpace(v) },
    { fn: "fileConn", arg: "fd", bad: notCount, call: (v) => fileConn(v) },
    { fn: "fileListener", arg: "fd", bad: notCount, call: (v) => fileListener(v) },
    { fn: "filePacketConn", arg: "fd", bad: notCount, call: (v) => filePacketConn(v) },
  ]);
});

describe("dial, listen, Dialer, ListenConfig", () => {
  check(() => [
    { fn: "dial", arg: "network", bad: notString, call: (v) => dial(v, addr()) },
    { fn: "dial", arg: "address", bad: notString, call: (v) => dial("tcp", v) },
    { fn: "dial", arg: "options", bad: notOptions, call: (v) => dial("tcp", addr(), v) },
    { fn: "dial", arg: "options.signal", bad: notSignal, call: (v) => dial("tcp", addr(), { signal: v }) },
    { fn: "dial", arg: "options.signal", bad: notSignal, call: (v) => new Dialer().dial("tcp", addr(), { signal: v }) },
    { fn: "dialTimeout", arg: "timeoutMs", bad: [...notNumber, ["NaN", NaN, R]], call: (v) => dialTimeout("tcp", addr(), v) },
    { fn: "Dialer", arg: "options", bad: notOptions, call: (v) => new Dialer(v) },
    { fn: "Dialer", arg: "options.timeout", bad: [...notNumber.filter(([l]) => l !== "undefined"), ["NaN", NaN, R]], call: (v) => new Dialer({ timeout: v }) },
    { fn: "Dialer", arg: "options.fallbackDelay", bad: [["a string", "1", T], ["NaN", NaN, R]], call: (v) => new Dialer({ fallbackDelay: v }) },
    { fn: "Dialer", arg: "options.keepAlive", bad: [["a string", "1", T], ["a Symbol", sym, T]], call: (v) => new Dialer({ keepAlive: v }) },
    { fn: "Dialer", arg: "options.deadline", bad: [...notDeadline, ["null", null, T]], call: (v) => new Dialer({ deadline: v }) },
    { fn: "Dialer", arg: "options.control", bad: [["a number", 5, T], ["an object", {}, T], ["a Symbol", sym, T]], call: (v) => new Dialer({ control: v }) },
    { fn: "Dialer", arg: "options.keepAliveConfig", bad: notObject, call: (v) => new Dialer({ keepAliveConfig: v }) },
    { fn: "Dialer", arg: "options.keepAliveConfig.count", bad: [["a string", "3", T], ["NaN", NaN, R], ["Infinity", Infinity, R]], call: (v) => new Dialer({ keepAliveConfig: { enable: true, count: v } }) },
    { fn: "listen", arg: "network", bad: notString, call: (v) => listen(v, "127.0.0.1:0") },
    { fn: "listen", arg: "address", bad: notString, call: (v) => listen("tcp", v) },
    { fn: "listenPacket", arg: "network", bad: notString, call: (v) => listenPacket(v, "127.0.0.1:0") },
    { fn: "listenPacket", arg: "address", bad: notString, call: (v) => listenPacket("udp", v) },
    { fn: "listenICMP", arg: "network", bad: notString, call: (v) => listenICMP(v, "127.0.0.1") },
    { fn: "listenICMP", arg: "address", bad: notString.filter(([l]) => l !== "undefined"), call: (v) => listenICMP("udp4", v) },
    { fn: "listen", arg: "options.signal", bad: notSignal, call: (v) => new ListenConfig().listen("tcp", "127.0.0.1:0", { signal: v }) },
    { fn: "listenPacket", arg: "options", bad: notOptions, call: (v) => new ListenConfig().listenPacket("udp", "127.0.0.1:0", v) },
    { fn: "ListenConfig", arg: "options", bad: notOptions, call: (v) => new ListenConfig(v) },
    { fn: "ListenConfig", arg: "options.backlog", bad: [...notCount.filter(([l]) => l !== "undefined"), ["2^31", 2 ** 31, R]], call: (v) => new ListenConfig({ backlog: v }) },
    { fn: "ListenConfig", arg: "options.keepAlive", bad: [["a string", "1", T], ["NaN", NaN, R]], call: (v) => new ListenConfig({ keepAlive: v }) },
    { fn: "ListenConfig", arg: "options.reusePort", bad: [["a number", 1, T], ["a string", "yes", T]], call: (v) => new ListenConfig({ reusePort: v }) },
    { fn: "ListenConfig", arg: "options.control", bad: [["a number", 5, T]], call: (v) => new ListenConfig({ control: v }) },
    { fn: "ListenConfig", arg: "options.keepAliveConfig.enable", bad: [...nullish, ["a number", 1, T]], call: (v) => new ListenConfig({ keepAliveConfig: { enable: v } }) },
  ]);
});

describe("copy, toDuplex, pipe", () => {
  check(() => [
    { fn: "copy", arg: "dst", bad: [...nullish, ...junk, ["a string", "x", T]], call: (v) => copy(v, pipeB) },
    { fn: "copy", arg: "src", bad: [...nullish, ...junk, ["a string", "x", T]], call: (v) => copy(pipeB, v) },
    { fn: "toDuplex", arg: "conn", bad: [...nullish, ...junk, ["a string", "x", T]], call: (v) => toDuplex(v) },
  ]);
});

describe("addresses, IPs, masks, MACs, host:port", () => {
  check(() => {
    const ip = IPv4(10, 0, 0, 1);
    const net = new IPNet(ip, IPv4Mask(255, 0, 0, 0));
    return [
      { fn: "IP", arg: "bytes", bad: [...notBytes, ["3 bytes", new Uint8Array(3), R]], call: (v) => new IP(v) },
      { fn: "IPMask", arg: "bytes", bad: notBytes, call: (v) => new IPMask(v) },
      { fn: "IPNet", arg: "ip", bad: notInstance, call: (v) => new IPNet(v, IPv4Mask(255, 0, 0, 0)) },
      { fn: "IPNet", arg: "mask", bad: notInstance, call: (v) => new IPNet(ip, v) },
      { fn: "IP.equal", arg: "x", bad: notInstance, call: (v) => ip.equal(v) },
      { fn: "IP.mask", arg: "m", bad: notInstance, call: (v) => ip.mask(v) },
      { fn: "IPNet.contains", arg: "ip", bad: notInstance, call: (v) => net.contains(v) },
      { fn: "IPv4", arg: "a", bad: [...notCount, ["256", 256, R]], call: (v) => IPv4(v, 0, 0, 1) },
      { fn: "IPv4", arg: "d", bad: [["a Symbol", sym, T], ["a fraction", 0.5, R]], call: (v) => IPv4(1, 0, 0, v) },
      { fn: "IPv4Mask", arg: "b", bad: [["a string", "255", T], ["256", 256, R]], call: (v) => IPv4Mask(255, v, 0, 0) },
      { fn: "CIDRMask", arg: "ones", bad: notNumber, call: (v) => CIDRMask(v, 32) },
      { fn: "CIDRMask", arg: "bits", bad: notNumber, call: (v) => CIDRMask(8, v) },
      { fn: "parseIP", arg: "s", bad: notString, call: (v) => parseIP(v) },
      { fn: "parseIPZone", arg: "s", bad: notString, call: (v) => parseIPZone(v) },
      { fn: "parseCIDR", arg: "s", bad: notString, call: (v) => parseCIDR(v) },
      { fn: "parseMAC", arg: "s", bad: notString, call: (v) => parseMAC(v) },
      { fn: "HardwareAddr", arg: "bytes", bad: notBytes, call: (v) => new HardwareAddr(v) },
      { fn: "splitHostPort", arg: "hostport", bad: notString, call: (v) => splitHostPort(v) },
      { fn: "joinHostPort", arg: "host", bad: notString, call: (v) => joinHostPort(v, 80) },
      { fn: "joinHostPort", arg: "port", bad: [...nullish, ...junk, ["a fraction", 1.5, R]], call: (v) => joinHostPort("h", v) },
      { fn: "TCPAddr", arg: "ip", bad: [["a string", "1.2.3.4", T], ["a Symbol", sym, T], ["an object", {}, T]], call: (v) => new TCPAddr(v, 80) },
      { fn: "TCPAddr", arg: "port", bad: [["a string", "80", T], ["a Symbol", sym, T]], call: (v) => new TCPAddr(null, v) },
      { fn: "UDPAddr", arg: "zone", bad: [["a number", 1, T], ["null", null, T]], call: (v) => new UDPAddr(null, 0, v) },
      { fn: "IPAddr", arg: "ip", bad: [["a string", "::1", T]], call: (v) => new IPAddr(v) },
      { fn: "UnixAddr", arg: "name", bad: notString, call: (v) => new UnixAddr(v) },
      { fn: "UnixAddr", arg: "net", bad: [["a number", 1, T], ["another network", "tcp", R]], call: (v) => new UnixAddr("/x", v) },
      { fn: "resolveTCPAddr", arg: "network", bad: notString, call: (v) => resolveTCPAddr(v, "127.0.0.1:1") },
      { fn: "resolveTCPAddr", arg: "address", bad: notString, call: (v) => resolveTCPAddr("tcp", v) },
      { fn: "resolveUDPAddr", arg: "address", bad: notString, call: (v) => resolveUDPAddr("udp", v) },
      { fn: "resolveIPAddr", arg: "network", bad: notString, call: (v) => resolveIPAddr(v, "127.0.0.1") },
      { fn: "resolveUnixAddr", arg: "address", bad: notString, call: (v) => resolveUnixAddr("unix", v) },
    ];
  });
});

describe("error constructors", () => {
  check(() => [
    { fn: "OpError", arg: "init", bad: notObject, call: (v) => new OpError(v) },
    { fn: "OpError", arg: "init.op", bad: notString, call: (v) => new OpError({ op: v, err: new Error("x") }) },
    { fn: "AddrError", arg: "err", bad: notString, call: (v) => new AddrError(v, "x") },
    { fn: "AddrError", arg: "addr", bad: notString, call: (v) => new AddrError("x", v) },
    { fn: "UnknownNetworkError", arg: "network", bad: notString, call: (v) => new UnknownNetworkError(v) },
    { fn: "InvalidAddrError", arg: "message", bad: notString, call: (v) => new InvalidAddrError(v) },
    { fn: "ParseError", arg: "text", bad: notString, call: (v) => new ParseError("IP address", v) },
    { fn: "DNSError", arg: "init", bad: notObject, call: (v) => new DNSError(v) },
    { fn: "DNSError", arg: "init.name", bad: notString, call: (v) => new DNSError({ err: "x", name: v, code: "EINVAL" }) },
  ]);
});

describe("interfaces and flags", () => {
  check(() => [
    { fn: "interfaceByIndex", arg: "index", bad: notInteger, call: (v) => interfaceByIndex(v) },
    { fn: "interfaceByName", arg: "name", bad: notString, call: (v) => interfaceByName(v) },
    { fn: "Flags", arg: "value", bad: [...notCount, ["2^32", 2 ** 32, R]], call: (v) => new Flags(v) },
    { fn: "Flags.has", arg: "flag", bad: [...nullish, ...junk, ["a string", "up", T], ["a negative number", -1, R]], call: (v) => new Flags(1).has(v) },
    { fn: "Interface", arg: "init", bad: notObject, call: (v) => new Interface(v) },
    { fn: "Interface", arg: "init.index", bad: notInteger, call: (v) => new Interface({ index: v }) },
    { fn: "Interface", arg: "init.name", bad: [["a number", 1, T], ["a Symbol", sym, T]], call: (v) => new Interface({ index: 1, name: v }) },
    { fn: "Interface", arg: "init.hardwareAddr", bad: [["a Uint8Array", new Uint8Array(6), T], ["a string", "00:00:00:00:00:00", T]], call: (v) => new Interface({ index: 1, hardwareAddr: v }) },
    { fn: "Interface", arg: "init.flags", bad: [["a number", 1, T]], call: (v) => new Interface({ index: 1, flags: v }) },
  ]);
});

describe("DNS: Resolver, lookups, services", () => {
  check(() => {
    const r = new Resolver();
    return [
      { fn: "Resolver", arg: "options", bad: notOptions, call: (v) => new Resolver(v) },
      { fn: "Resolver", arg: "options.servers", bad: [["a string", "127.0.0.1", T], ["a Symbol", sym, T]], call: (v) => new Resolver({ servers: v }) },
      { fn: "Resolver", arg: "options.servers[0]", bad: [["a number", 53, T], ["null", null, T]], call: (v) => new Resolver({ servers: [v] }) },
      { fn: "Resolver", arg: "options.timeout", bad: [["a string", "1", T], ["NaN", NaN, R], ["a negative number", -5, R]], call: (v) => new Resolver({ timeout: v }) },
      { fn: "Resolver", arg: "options.attempts", bad: [["a string", "1", T], ["0", 0, R], ["a fraction", 1.5, R]], call: (v) => new Resolver({ attempts: v }) },
      { fn: "lookupHost", arg: "host", bad: notString, call: (v) => lookupHost(v) },
      { fn: "lookupHost", arg: "options", bad: notOptions, call: (v) => lookupHost("localhost", v) },
      { fn: "lookupHost", arg: "options.signal", bad: notSignal, call: (v) => r.lookupHost("localhost", { signal: v }) },
      { fn: "lookupIP", arg: "network", bad: notString, call: (v) => lookupIP(v, "localhost") },
      { fn: "lookupIP", arg: "host", bad: notString, call: (v) => lookupIP("ip", v) },
      { fn: "lookupAddr", arg: "addr", bad: notString, call: (v) => lookupAddr(v) },
      { fn: "lookupCNAME", arg: "host", bad: notString, call: (v) => lookupCNAME(v) },
      { fn: "lookupMX", arg: "name", bad: notString, call: (v) => lookupMX(v) },
      { fn: "lookupNS", arg: "name", bad: notString, call: (v) => lookupNS(v) },
      { fn: "lookupTXT", arg: "options.signal", bad: notSignal, call: (v) => lookupTXT("x.test", { signal: v }) },
      { fn: "lookupSRV", arg: "service", bad: notString, call: (v) => lookupSRV(v, "tcp", "x.test") },
      { fn: "lookupSRV", arg: "proto", bad: notString, call: (v) => lookupSRV("http", v, "x.test") },
      { fn: "lookupSRV", arg: "name", bad: notString, call: (v) => lookupSRV("http", "tcp", v) },
      { fn: "lookupPort", arg: "service", bad: notString, call: (v) => lookupPort("tcp", v) },
      { fn: "lookupPort", arg: "options.signal", bad: notSignal, call: (v) => lookupPort("tcp", "80", { signal: v }) },
      { fn: "lookupProtocol", arg: "name", bad: notString, call: (v) => lookupProtocol(v) },
    ];
  });
});
