// gonet nc: netcat over dial/listen. Connects (or with -l accepts one peer)
// and copies stdin to the peer and the peer to stdout with copy(). At the
// end of stdin a stream is half-closed (closeWrite, as `nc -N`), and nc
// exits once the peer has closed its side too. -u: UDP datagrams, one per
// stdin chunk; -U: a Unix stream socket at a path.

import type { UDPAddr } from "../addr.js";
import type { Conn } from "../conn.js";
import { copy } from "../copy.js";
import { dial } from "../dial.js";
import { isTimeout } from "../errors.js";
import { joinHostPort } from "../hostport.js";
import { listen, listenPacket } from "../listen.js";
import type { UDPConn } from "../udp.js";
import { CliError } from "./fail.js";
import { numberFlag, parseFlags, UsageError } from "./flags.js";
import { type Out, interruptible } from "./io.js";
import { stdinReader, stdoutWriter } from "./stdio-conn.js";

/** The usage line, shown with a usage error. */
export const usage = "gonet nc [-46lNuUv] [-w timeout] host port | -l [host] port | -U [-l] path";

interface HalfClosable {
  closeWrite(): Promise<void>;
}

/** Runs the subcommand with its arguments (after the subcommand's name); resolves the exit code. */
export async function run(argv: string[], out: Out): Promise<number> {
  const p = parseFlags(argv, { "4": "bool", "6": "bool", l: "bool", N: "bool", u: "bool", U: "bool", v: "bool", w: "value" });
  const timeout = numberFlag(p, "w", 0, { min: 0.001, max: 86400 });
  const listening = p.flags.has("l");
  const unix = p.flags.has("U");
  const udp = p.flags.has("u");
  if (unix && udp) throw new UsageError("-u and -U exclude each other");
  if (p.flags.has("4") && p.flags.has("6")) throw new UsageError("only one of -4 and -6");
  const family = p.flags.has("4") ? "4" : p.flags.has("6") ? "6" : "";
  const network = unix ? "unix" : `${udp ? "udp" : "tcp"}${family}`;
  const address = target(p.args, unix, listening);
  const verbose = (s: string) => p.flags.has("v") && out.error(`gonet nc: ${s}`);

  if (udp) return listening ? udpListen(network, address, timeout, verbose) : udpDial(network, address, timeout);

  let conn: Conn;
  if (listening) {
    const ln = await listen(network, address);
    verbose(`listening on ${ln.addr}`);
    try {
      conn = await withTimeout(ln.accept(), timeout, `no connection within ${timeout} s`);
    } finally {
      await ln.close();
    }
    verbose(`connection from ${conn.remoteAddr}`);
  } else {
    conn = await withTimeout(dial(network, address), timeout, `connect to ${address}: timed out after ${timeout} s`).catch(
      (err: Error) => Promise.reject(err instanceof CliError ? err : new CliError(err.message, undefined, 1)),
    );
    verbose(`connected to ${conn.remoteAddr}`);
  }
  return relay(conn, timeout);
}

/** The address operand(s): host port, [host] port with -l, or a path with -U. */
function target(args: string[], unix: boolean, listening: boolean): string {
  if (unix) {
    if (args.length !== 1) throw new UsageError(args.length ? `unexpected argument '${args[1]}'` : "missing path");
    return args[0];
  }
  if (listening && args.length === 1) return joinHostPort("", port(args[0]));
  if (args.length < 2) throw new UsageError(args.length ? "missing port" : "missing host and port");
  if (args.length > 2) throw new UsageError(`unexpected argument '${args[2]}'`);
  return joinHostPort(args[0], port(args[1]));
}

function port(s: string): string {
  const n = Number(s);
  if (!/^\d+$/.test(s) || n > 65535) throw new UsageError(`port must be a number from 0 to 65535, got '${s}'`);
  return String(n);
}

/** `p`, or a CliError after `seconds` (0: no limit). */
async function withTimeout<T>(p: Promise<T>, seconds: number, what: string): Promise<T> {
  if (!seconds) return p;
  let t: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new CliError(what, undefined, 1)), seconds * 1000);
  });
  try {
    return await Promise.race([p, expired]);
  } finally {
    clearTimeout(t);
  }
}

/**
 * stdin -> conn (then half-close) and conn -> stdout. Ends when both
 * directions are done (as OpenBSD nc), or at the peer's EOF when stdin is
 * a terminal, which would otherwise keep nc waiting for a line nobody reads.
 */
async function relay(conn: Conn, timeout: number): Promise<number> {
  const stop = interruptible();
  const onStop = () => void conn.close();
  stop.signal.addEventListener("abort", onStop);
  const idle = () => timeout && conn.setReadDeadline(Date.now() + timeout * 1000);
  const reader = { read: (buf: Uint8Array) => (idle(), conn.read(buf)) } as Pick<Conn, "read">;
  // A send error after the peer is gone (EPIPE) is not nc's failure: the peer's EOF decides.
  const sending = copy(conn, stdinReader())
    .then(() => (conn as Conn & Partial<HalfClosable>).closeWrite?.())
    .catch(() => undefined);
  try {
    idle();
    await copy(stdoutWriter(), reader);
    if (!process.stdin.isTTY) await sending;
    return 0;
  } catch (err) {
    if (stop.fired) return 130;
    if (isTimeout(err)) return 1;
    throw err;
  } finally {
    stop.dispose();
    await conn.close();
    process.stdin.destroy();
  }
}

/** UDP to one peer: each stdin chunk is a datagram; replies go to stdout until stdin ends and the peer is idle for -w (default 1 s). */
async function udpDial(network: string, address: string, timeout: number): Promise<number> {
  const conn = await dial(network, address);
  return datagrams(conn as UDPConn, null, timeout || 1);
}

/** UDP server: the first datagram's sender becomes the peer stdin goes to. */
async function udpListen(network: string, address: string, timeout: number, verbose: (s: string) => void): Promise<number> {
  const conn = (await listenPacket(network, address)) as UDPConn;
  verbose(`listening on ${conn.localAddr}`);
  return datagrams(conn, undefined, timeout);
}

/** peer: null when connected; undefined until the first datagram names it. */
async function datagrams(conn: UDPConn, peer: UDPAddr | null | undefined, idleSeconds: number): Promise<number> {
  const stop = interruptible();
  stop.signal.addEventListener("abort", () => void conn.close());
  const stdout = stdoutWriter();
  let stdinDone = false;
  let firstPeer: () => void = () => undefined;
  const known = new Promise<void>((r) => (firstPeer = r));
  if (peer !== undefined) firstPeer();
  const sending = (async () => {
    const stdin = stdinReader();
    for (;;) {
      const chunk = (await stdin.read()) as Uint8Array | null;
      if (chunk === null) break;
      await known;
      await (peer ? conn.writeTo(chunk, peer) : conn.write(chunk));
    }
    stdinDone = true;
    if (idleSeconds) conn.setReadDeadline(Date.now() + idleSeconds * 1000);
  })();
  const buf = new Uint8Array(65536);
  try {
    for (;;) {
      const { n, addr } = await conn.readFrom(buf);
      if (peer === undefined) {
        peer = addr;
        firstPeer();
      }
      await stdout.write(buf.subarray(0, n));
      if (stdinDone && idleSeconds) conn.setReadDeadline(Date.now() + idleSeconds * 1000);
    }
  } catch (err) {
    if (stop.fired) return 130;
    if (isTimeout(err) && stdinDone) return 0;
    throw err;
  } finally {
    stop.dispose();
    await conn.close();
    await sending.catch(() => undefined);
    process.stdin.destroy();
  }
}
