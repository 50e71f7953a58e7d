// Every named option of binding/options/sockopts.def round-trips through
// raw.set / raw.get on a socket where it applies (as root: SO_MARK,
// IP_TRANSPARENT and SO_BUSY_POLL need CAP_NET_ADMIN), bad values and names
// are clear errors, and conn.tcpInfo() reads the kernel's counters.

import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Dialer,
  ListenConfig,
  type RawConn,
  type SocketOption,
  type SocketOptionTypes,
  TCPConn,
  TCPListener,
  UDPConn,
  UnsupportedOptionError,
  dial,
  listen,
  listenPacket,
  parseIP,
  socketOptions,
} from "../lib/index.js";
import { native } from "../lib/internal/binding.js";
import { REPO_ROOT } from "./helpers/child.js";

const isRoot = process.getuid?.() === 0;
let ln: TCPListener;
let conn: TCPConn;
let peer: TCPConn;
let udp4: UDPConn;
let udp6: UDPConn;
let v6only: RawConn | undefined;

beforeAll(async () => {
  ln = await listen("tcp4", "127.0.0.1:0");
  [conn, peer] = await Promise.all([dial("tcp", ln.addr.toString()) as Promise<TCPConn>, ln.accept() as Promise<TCPConn>]);
  udp4 = (await listenPacket("udp4", "127.0.0.1:0")) as UDPConn;
  // IPV6_V6ONLY can only change before bind: set it from the control hook.
  udp6 = (await new ListenConfig({
    control: (_n, _a, raw) => {
      raw.set("IPV6_V6ONLY", true);
      v6only = raw;
    },
  }).listenPacket("udp6", "[::1]:0")) as UDPConn;
});
afterAll(async () => {
  await Promise.all([conn?.close(), peer?.close(), ln?.close(), udp4?.close(), udp6?.close()]);
});

type Case = { [K in SocketOption]: [K, () => RawConn, SocketOptionTypes[K], SocketOptionTypes[K]?] }[SocketOption];
const tcp = () => conn.syscallConn();
const lst = () => ln.syscallConn();
const u4 = () => udp4.syscallConn();
const u6 = () => udp6.syscallConn();

// [option, socket, value set, value get returns when it differs]
const CASES: Case[] = [
  ["SO_REUSEADDR", tcp, true],
  ["SO_REUSEPORT", u4, true],
  ["SO_KEEPALIVE", tcp, true],
  ["SO_LINGER", tcp, { on: true, seconds: 3 }],
  ["SO_RCVBUF", tcp, 65536, 131072], // the kernel doubles it for its bookkeeping
  ["SO_SNDBUF", tcp, 65536, 131072],
  ["SO_BINDTODEVICE", u4, "lo"],
  ["SO_MARK", tcp, 42],
  ["SO_BUSY_POLL", tcp, 50],
  ["SO_INCOMING_CPU", tcp, 1],
  ["SO_BROADCAST", u4, true],
  ["SO_PRIORITY", tcp, 3],
  ["SO_TIMESTAMPNS", u4, true],
  ["TCP_NODELAY", tcp, false],
  ["TCP_KEEPIDLE", tcp, 31],
  ["TCP_KEEPINTVL", tcp, 7],
  ["TCP_KEEPCNT", tcp, 4],
  ["TCP_USER_TIMEOUT", tcp, 5000],
  ["TCP_FASTOPEN", lst, 5],
  ["TCP_QUICKACK", tcp, false],
  ["TCP_CORK", tcp, true],
  ["TCP_CONGESTION", tcp, "reno"],
  ["TCP_NOTSENT_LOWAT", tcp, 16384],
  ["TCP_MAXSEG", lst, 1200],
  ["IP_TTL", tcp, 33],
  ["IP_TOS", tcp, 0x10],
  ["IP_FREEBIND", u4, true],
  ["IP_TRANSPARENT", u4, true],
  ["IP_MULTICAST_TTL", u4, 5],
  ["IP_MULTICAST_LOOP", u4, false],
  ["IP_MULTICAST_IF", u4, parseIP("127.0.0.1")!],
  ["IPV6_TCLASS", u6, 0x20],
  ["IPV6_UNICAST_HOPS", u6, 17],
  ["IPV6_MULTICAST_HOPS", u6, 3],
  ["IPV6_MULTICAST_LOOP", u6, false],
  ["IPV6_MULTICAST_IF", u6, 1],
];
const SET_ONLY: SocketOption[] = ["IP_ADD_MEMBERSHIP", "IP_DROP_MEMBERSHIP", "IPV6_JOIN_GROUP", "IPV6_LEAVE_GROUP"];
// Options the kernel takes only before bind/connect: round-tripped in control hooks.
const BEFORE_BIND: SocketOption[] = ["IPV6_V6ONLY", "TCP_FASTOPEN_CONNECT"];

describe("named socket options", () => {
  it("lib/internal/sockopts.ts is what scripts/gen-sockopts.mjs makes of the table", () => {
    const r = spawnSync(process.execPath, ["scripts/gen-sockopts.mjs", "--check"], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("every option of the table has a round-trip case here", () => {
    expect([...CASES.map((c) => c[0]), ...SET_ONLY, ...BEFORE_BIND].sort()).toEqual([...socketOptions].sort());
  });

  it.skipIf(!isRoot).each(CASES as [SocketOption, () => RawConn, unknown, unknown?][])("%s round-trips", (opt, sock, value, got) => {
    const raw = sock();
    raw.set(opt, value as never);
    const back = raw.get(opt);
    expect(String(back)).toBe(String(got ?? value));
    if (typeof value === "object" && value !== null && !("bytes" in value)) expect(back).toEqual(got ?? value);
  });

  it("IPV6_V6ONLY (before bind) and TCP_FASTOPEN_CONNECT (before connect) round-trip in control hooks", async () => {
    expect(v6only!.get("IPV6_V6ONLY")).toBe(true);
    let fastOpen: boolean | undefined;
    const d = new Dialer({
      control: (_n, _a, raw) => {
        raw.set("TCP_FASTOPEN_CONNECT", true);
        fastOpen = raw.get("TCP_FASTOPEN_CONNECT");
      },
    });
    const [c, a] = await Promise.all([d.dial("tcp", ln.addr.toString()), ln.accept()]);
    await Promise.all([c.close(), a.close()]);
    expect(fastOpen).toBe(true);
  });

  it("memberships: join and leave, set-only", () => {
    u4().set("IP_ADD_MEMBERSHIP", { group: parseIP("239.1.2.3")!, interface: parseIP("127.0.0.1")! });
    u4().set("IP_DROP_MEMBERSHIP", { group: parseIP("239.1.2.3")!, interface: parseIP("127.0.0.1")! });
    u6().set("IPV6_JOIN_GROUP", { group: parseIP("ff02::1:3")!, ifindex: 1 });
    u6().set("IPV6_LEAVE_GROUP", { group: parseIP("ff02::1:3")!, ifindex: 1 });
    expect(() => u4().get("IP_ADD_MEMBERSHIP")).toThrow("IP_ADD_MEMBERSHIP can only be set");
    // Leaving a group never joined: the kernel's error, as an OpError with its code.
    expect(() => u4().set("IP_DROP_MEMBERSHIP", { group: parseIP("239.1.2.4")! })).toThrow(expect.objectContaining({ code: "EADDRNOTAVAIL" }));
  });

  it("bad names and values: TypeErrors naming the option", () => {
    expect(() => tcp().set("TCP_NODELAYY" as SocketOption, true as never)).toThrow(/^unknown socket option "TCP_NODELAYY" \(one of SO_REUSEADDR, /);
    expect(() => tcp().set("TCP_NODELAY", 1 as never)).toThrow("TCP_NODELAY must be a boolean, got 1");
    expect(() => tcp().set("IP_TTL", 1.5)).toThrow("IP_TTL must be a 32-bit integer, got 1.5");
    expect(() => tcp().set("TCP_CONGESTION", "re\0no")).toThrow("TCP_CONGESTION must be a string without NUL");
    expect(() => tcp().set("TCP_CONGESTION", "x".repeat(64))).toThrow(RangeError);
    expect(() => tcp().set("SO_LINGER", { on: true } as never)).toThrow("SO_LINGER.seconds must be a 32-bit integer");
    expect(() => u4().set("IP_MULTICAST_IF", parseIP("::1")!)).toThrow("IP_MULTICAST_IF must be an IPv4 address, got ::1");
    expect(() => tcp().set("TCP_CONGESTION", "no-such-algorithm")).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });

  it("an option this platform lacks: UnsupportedOptionError (ENOPROTOOPT) naming it", () => {
    const saved = native.sockopts.TCP_CORK;
    delete native.sockopts.TCP_CORK; // as a build without the constant leaves it
    try {
      expect(() => tcp().set("TCP_CORK", true)).toThrow(UnsupportedOptionError);
      expect(() => tcp().get("TCP_CORK")).toThrow(`socket option TCP_CORK is not available on ${process.platform}`);
    } finally {
      native.sockopts.TCP_CORK = saved;
    }
  });

  it("a closed socket: the closed-connection error", async () => {
    const c = (await dial("tcp", ln.addr.toString())) as TCPConn;
    const raw = c.syscallConn();
    const accepted = await ln.accept();
    await Promise.all([c.close(), accepted.close()]);
    expect(() => raw.get("TCP_NODELAY")).toThrow(/bad file descriptor|use of closed network connection/);
  });
});

describe("tcpInfo", () => {
  it("counts the bytes of a 1 MiB transfer on both ends", async () => {
    const data = new Uint8Array(1 << 20).fill(7);
    const reading = (async () => {
      let got = 0;
      const buf = new Uint8Array(65536);
      while (got < data.length) got += (await peer.read(buf)) ?? Number.NaN;
    })();
    await conn.write(data);
    await reading;
    await new Promise((r) => setTimeout(r, 50)); // the last ACK
    const s = conn.tcpInfo();
    const r = peer.tcpInfo();
    expect(s.state).toBe(1); // TCP_ESTABLISHED
    expect(s.bytesAcked).toBeGreaterThanOrEqual(BigInt(data.length));
    expect(r.bytesReceived).toBeGreaterThanOrEqual(BigInt(data.length));
    expect(s.rttUs).toBeGreaterThan(0);
    expect(s.rttUs).toBeLessThan(1_000_000);
    expect(s.sendCwnd).toBeGreaterThan(0);
    expect(s.sendMss).toBeGreaterThan(0);
    expect(s.retransmits).toBe(0);
    expect(s.deliveryRate).not.toBeNull();
    expect(s.minRttUs).toBeGreaterThan(0);
  });
});
