// TCP's dial (Go's dialSerial, dialParallel and tcpsock_posix.go's
// doDialTCP): resolve, race IPv4 against IPv6 (Happy Eyeballs, RFC 8305),
// try each address in turn, and set Go's defaults on the new conn
// (TCP_NODELAY on, keep-alive 15 s). The Dialer reaches it through
// lib/internal/networks.ts.

import { type Network, TCPAddr, resolveHostPort } from "./addr.js";
import { AddrError, ErrCanceled, ErrClosed, OpError, errorIs } from "./errors.js";
import type { IP } from "./ip.js";
import { applyDefaultKeepAlive, effectiveKeepAlive } from "./keepalive.js";
import { constants as C } from "./rawconn.js";
import { TCPConn } from "./tcp.js";
import { endpoint } from "./internal/endpoint.js";
import { Alarm } from "./internal/timer.js";
import { type DialSettings, dialLocalAddr, favoriteAddrFamily, innerError, openSocket } from "./internal/socket.js";

/** One attempt's target. */
interface Target {
  ip: IP | null;
  zone: string;
  port: number;
}

const DEFAULT_FALLBACK_MS = 300;

/** Go's TCP dial: `tcp`, `tcp4`, `tcp6` to `host:port`, with Happy Eyeballs for `tcp`. */
export async function dialTCP(net: Network, address: string, o: DialSettings): Promise<TCPConn> {
  const { signal } = o;
  const laddr = dialLocalAddr(net, o.localAddr, TCPAddr);
  if (address === "") throw new OpError({ op: "dial", net: net.name, err: new Error("missing address") });
  let targets: Target[];
  try {
    // An aborted signal is noticed per address (Go's dialSerial), so the
    // error names the address; literal IPs resolve without waiting.
    const { addrs, port } = await raceAbort(resolveHostPort(net, address, signal), signal);
    targets = addrs.map((a) => ({ ...a, port }));
  } catch (err) {
    throw new OpError({ op: "dial", net: net.name, source: laddr ?? null, err: abortCause(err, signal) });
  }
  const local = laddr?.ip;
  if (local && !local.isUnspecified()) {
    // Go names the local address when no remote one matches its family.
    const v4 = local.to4() !== null;
    targets = targets.filter((t) => !t.ip || (t.ip.to4() !== null) === v4);
    if (targets.length === 0) {
      throw new OpError({ op: "dial", net: net.name, err: new AddrError("no suitable address found", laddr!.toString()) });
    }
  }
  const [primaries, fallbacks] = split(net, targets, o);
  return dialParallel(net, primaries, fallbacks, o);
}

/** Happy Eyeballs splits by the family of the first address (only for "tcp"). */
function split(net: Network, targets: Target[], o: DialSettings): [Target[], Target[]] {
  if (net.name !== "tcp" || (o.fallbackDelay ?? 0) < 0) return [targets, []];
  const v4 = (t: Target) => !t.ip || t.ip.to4() !== null;
  const firstV4 = v4(targets[0]);
  return [targets.filter((t) => v4(t) === firstV4), targets.filter((t) => v4(t) !== firstV4)];
}

async function dialParallel(net: Network, primaries: Target[], fallbacks: Target[], o: DialSettings): Promise<TCPConn> {
  if (fallbacks.length === 0) return dialSerial(net, primaries, o, o.signal);
  // The first racer to connect wins; the other is stopped and its conn closed.
  const loser = new AbortController();
  const both = AbortSignal.any([o.signal, loser.signal]);
  const delay = o.fallbackDelay || DEFAULT_FALLBACK_MS;
  const primary = dialSerial(net, primaries, o, both);
  const fallback = (async () => {
    await Promise.race([sleep(delay, both), primary.catch(() => undefined)]);
    throwIfAborted(both);
    return dialSerial(net, fallbacks, o, both);
  })();
  try {
    const winner = await Promise.any([primary, fallback]);
    loser.abort(ErrCanceled);
    for (const p of [primary, fallback]) {
      p.then((c) => (c !== winner ? c.close() : undefined)).catch(() => undefined);
    }
    return winner;
  } catch (agg) {
    throw (agg as AggregateError).errors[0]; // Go reports the primary's error
  }
}

/** Tries each address in turn; the first error is the one reported. */
async function dialSerial(net: Network, targets: Target[], o: DialSettings, signal: AbortSignal): Promise<TCPConn> {
  let first: unknown;
  for (const t of targets) {
    try {
      return await dialOne(net, t, o, signal);
    } catch (err) {
      first ??= err;
      if (signal.aborted) break;
    }
  }
  throw first;
}

/**
 * Go (tcpsock_posix.go): dialing a free local port can connect a socket to
 * itself (TCP simultaneous open) when the kernel picks that very port as
 * the source. Such a conn talks to nobody: try again with a new socket,
 * unless the caller fixed the local port.
 */
async function dialOne(net: Network, t: Target, o: DialSettings, signal: AbortSignal): Promise<TCPConn> {
  const fixedPort = (o.localAddr as TCPAddr | undefined)?.port;
  for (let retries = 0; ; retries++) {
    const conn = await connectOnce(net, t, o, signal);
    if (fixedPort || retries === 2 || !connectedToItself(conn)) return conn;
    await conn.close();
  }
}

async function connectOnce(net: Network, t: Target, o: DialSettings, signal: AbortSignal): Promise<TCPConn> {
  const raddr = new TCPAddr(t.ip, t.port, t.zone);
  const laddr = o.localAddr as TCPAddr | undefined;
  const fam = favoriteAddrFamily(net.version, laddr?.ip, t.ip, false);
  const keepAlive = effectiveKeepAlive(o.keepAlive, o.keepAliveConfig);
  let conn: TCPConn | undefined;
  const onAbort = () => void conn?.close();
  try {
    throwIfAborted(signal);
    const h = await openSocket({
      family: fam.family,
      type: C.SOCK_STREAM,
      v6only: fam.v6only,
      setup: (raw) => {
        raw.setsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, 1);
        if (keepAlive) applyDefaultKeepAlive(raw, keepAlive);
      },
      control: o.control,
      controlNet: fam.v6 ? "tcp6" : "tcp4",
      controlAddr: raddr.toString(),
      bind: laddr ? endpoint(laddr.ip, laddr.port, laddr.zone) : undefined,
    });
    conn = new TCPConn(h, undefined, raddr);
    signal.addEventListener("abort", onAbort, { once: true });
    throwIfAborted(signal);
    await conn.connect(endpoint(t.ip, t.port, t.zone));
    return conn;
  } catch (err) {
    void conn?.close();
    throw new OpError({ op: "dial", net: net.name, source: laddr ?? null, addr: raddr, err: abortCause(err, signal) });
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

function connectedToItself(conn: TCPConn): boolean {
  const l = conn.localAddr;
  const r = conn.remoteAddr;
  return l.port === r.port && l.ip !== null && r.ip !== null && l.ip.equal(r.ip);
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason;
}

/** An abort replaces whatever error it caused (the closed socket, a cancelled lookup). */
function abortCause(err: unknown, signal: AbortSignal): Error {
  if (signal.aborted && (errorIs(err, ErrClosed) || err === signal.reason || !(err instanceof OpError))) {
    return signal.reason as Error;
  }
  return innerError(err);
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = new Alarm(resolve).after(ms);
    signal.addEventListener("abort", () => {
      timer.cancel();
      resolve();
    }, { once: true });
  });
}
