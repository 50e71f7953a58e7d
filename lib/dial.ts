// Go's Dialer (src/net/dial.go): resolution, Happy Eyeballs across IPv4
// and IPv6, per-dial timeout/deadline/AbortSignal, the control hook, and
// Go's TCP defaults (TCP_NODELAY on, keep-alive 15 s).

import { type Network, TCPAddr, resolveHostPort } from "./addr.js";
import type { Addr, Conn } from "./conn.js";
import { AddrError, ErrCanceled, ErrClosed, ErrDialTimeout, OpError, errorIs } from "./errors.js";
import type { IP } from "./ip.js";
import { type KeepAliveConfig, applyDefaultKeepAlive, checkKeepAliveConfig, effectiveKeepAlive } from "./keepalive.js";
import { constants as C } from "./rawconn.js";
import { TCPConn } from "./tcp.js";
import { UDPConn, dialUDP } from "./udp.js";
import { UnixConn, dialUnix } from "./unix.js";
import { IPConn, dialIP } from "./ipraw.js";
import { endpoint } from "./internal/endpoint.js";
import { argTypeError, checkFunction, checkNetworkCall, checkNumber, checkObject, checkOptionalNumber, deadlineTime } from "./internal/args.js";
import { Alarm } from "./internal/timer.js";
import { type ControlFn, dialLocalAddr, innerError, openSocket, parseNetworkFor } from "./internal/socket.js";

/** The options of a Dialer (Go's `net.Dialer` fields). */
export interface DialerOptions {
  /** Longest time for the whole dial, resolution included (ms); 0 = none. */
  timeout?: number;
  /** Absolute time by which the dial must be done. */
  deadline?: Date | number;
  /** Local address to bind before connecting. */
  localAddr?: Addr;
  /** Keep-alive period in ms: 0 = Go's default (15 s), negative = off. */
  keepAlive?: number;
  /** Keep-alive idle, interval and count for the dialed conn (wins over `keepAlive`). */
  keepAliveConfig?: KeepAliveConfig;
  /** Runs after socket() and before bind/connect (Go's Control). */
  control?: ControlFn;
  /** Happy Eyeballs: delay before trying the other IP family (ms); 0 = 300 ms, negative = off. */
  fallbackDelay?: number;
}

/** Per-dial options. */
export interface DialOptions {
  /** Aborting cancels the dial: it rejects with an OpError wrapping ErrCanceled (Go's context). */
  signal?: AbortSignal;
}

/** One attempt's target. */
interface Target {
  ip: IP | null;
  zone: string;
  port: number;
}

const DEFAULT_FALLBACK_MS = 300;

function checkDialerOptions(o: DialerOptions): void {
  checkObject("Dialer", "options", o);
  for (const key of ["timeout", "keepAlive", "fallbackDelay"] as const) checkOptionalNumber("Dialer", `options.${key}`, o[key]);
  if (o.control !== undefined) checkFunction("Dialer", "options.control", o.control);
  if (o.deadline !== undefined) {
    // null would read as epoch 0 (passed): only a Date or epoch ms is a dial deadline.
    if (o.deadline === null) throw argTypeError("Dialer", "options.deadline", "a Date or epoch milliseconds", o.deadline);
    deadlineTime("Dialer", o.deadline, "options.deadline");
  }
  if (o.keepAliveConfig !== undefined) checkKeepAliveConfig("Dialer", "options.keepAliveConfig", o.keepAliveConfig);
}


/**
 * Go's `net.Dialer`: dials with a timeout or deadline, a local address,
 * keep-alive settings, Happy Eyeballs between IPv4 and IPv6, and a control
 * hook run before connect.
 *
 * @example
 * ```ts
 * const d = new Dialer({ timeout: 2000, keepAlive: 30_000 });
 * const conn = await d.dial("tcp", "example.internal:443", { signal: AbortSignal.timeout(5000) });
 * ```
 */
export class Dialer {
  readonly #o: DialerOptions;

  constructor(options: DialerOptions = {}) {
    checkDialerOptions(options);
    this.#o = { ...options };
  }

  /** Connects to `address` on `network`; the Conn type follows the network. */
  async dial<N extends string>(network: N, address: string, opts: DialOptions = {}): Promise<ConnFor<N>> {
    checkNetworkCall("dial", network, address, opts);
    const net = parseNetworkFor("dial", network);
    const abort = this.#abortFor(opts.signal);
    try {
      switch (net.kind) {
        case "tcp":
          return (await this.#dialTCP(net, address, abort.signal)) as ConnFor<N>;
        case "udp":
          return (await dialUDP(net, address, this.#packetOptions(abort.signal))) as unknown as ConnFor<N>;
        case "unix":
        case "unixgram":
        case "unixpacket":
          return (await dialUnix(net, address, this.#packetOptions(abort.signal))) as ConnFor<N>;
        case "ip":
          return (await dialIP(net, address, this.#packetOptions(abort.signal))) as unknown as ConnFor<N>;
        default:
          throw new OpError({ op: "dial", net: network, err: new AddrError("unexpected address type", address) });
      }
    } finally {
      abort.dispose();
    }
  }

  /** What the UDP, Unix and raw IP dials use of this Dialer (lib/udp.ts, unix.ts, ipraw.ts). */
  #packetOptions(signal: AbortSignal) {
    return { control: this.#o.control, localAddr: this.#o.localAddr, signal };
  }

  /** One signal for the caller's AbortSignal and this dial's timeout/deadline. */
  #abortFor(user?: AbortSignal): { signal: AbortSignal; dispose(): void } {
    const ctl = new AbortController();
    let due = Infinity;
    if (this.#o.timeout) due = Date.now() + this.#o.timeout;
    if (this.#o.deadline !== undefined) {
      due = Math.min(due, this.#o.deadline instanceof Date ? this.#o.deadline.getTime() : this.#o.deadline);
    }
    // A deadline already passed fails the dial before anything is tried, as Go.
    if (due <= Date.now()) ctl.abort(ErrDialTimeout);
    const timer = new Alarm(() => ctl.abort(ErrDialTimeout));
    if (!ctl.signal.aborted) timer.at(due);
    const onUser = () => ctl.abort(ErrCanceled);
    if (user?.aborted) {
      if (!ctl.signal.aborted) ctl.abort(ErrCanceled);
    }
    else user?.addEventListener("abort", onUser, { once: true });
    return {
      signal: ctl.signal,
      dispose() {
        timer.cancel();
        user?.removeEventListener("abort", onUser);
      },
    };
  }

  async #dialTCP(net: Network, address: string, signal: AbortSignal): Promise<TCPConn> {
    const laddr = dialLocalAddr(net, this.#o.localAddr, TCPAddr);
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
    const [primaries, fallbacks] = this.#split(net, targets);
    return this.#dialParallel(net, primaries, fallbacks, signal);
  }

  /** Happy Eyeballs splits by the family of the first address (only for "tcp"). */
  #split(net: Network, targets: Target[]): [Target[], Target[]] {
    if (net.name !== "tcp" || (this.#o.fallbackDelay ?? 0) < 0) return [targets, []];
    const v4 = (t: Target) => !t.ip || t.ip.to4() !== null;
    const firstV4 = v4(targets[0]);
    return [targets.filter((t) => v4(t) === firstV4), targets.filter((t) => v4(t) !== firstV4)];
  }

  async #dialParallel(net: Network, primaries: Target[], fallbacks: Target[], signal: AbortSignal): Promise<TCPConn> {
    if (fallbacks.length === 0) return this.#dialSerial(net, primaries, signal);
    // The first racer to connect wins; the other is stopped and its conn closed.
    const loser = new AbortController();
    const both = AbortSignal.any([signal, loser.signal]);
    const delay = this.#o.fallbackDelay || DEFAULT_FALLBACK_MS;
    const primary = this.#dialSerial(net, primaries, both);
    const fallback = (async () => {
      await Promise.race([sleep(delay, both), primary.catch(() => undefined)]);
      throwIfAborted(both);
      return this.#dialSerial(net, fallbacks, both);
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
  async #dialSerial(net: Network, targets: Target[], signal: AbortSignal): Promise<TCPConn> {
    let first: unknown;
    for (const t of targets) {
      try {
        return await this.#dialOne(net, t, signal);
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
  async #dialOne(net: Network, t: Target, signal: AbortSignal): Promise<TCPConn> {
    const fixedPort = (this.#o.localAddr as TCPAddr | undefined)?.port;
    for (let retries = 0; ; retries++) {
      const conn = await this.#connectOnce(net, t, signal);
      if (fixedPort || retries === 2 || !connectedToItself(conn)) return conn;
      await conn.close();
    }
  }

  async #connectOnce(net: Network, t: Target, signal: AbortSignal): Promise<TCPConn> {
    const raddr = new TCPAddr(t.ip, t.port, t.zone);
    const laddr = this.#o.localAddr as TCPAddr | undefined;
    const v6 = net.version === 6 || (t.ip !== null && t.ip.to4() === null);
    const keepAlive = effectiveKeepAlive(this.#o.keepAlive, this.#o.keepAliveConfig);
    let conn: TCPConn | undefined;
    const onAbort = () => void conn?.close();
    try {
      throwIfAborted(signal);
      const h = await openSocket({
        family: v6 ? C.AF_INET6 : C.AF_INET,
        type: C.SOCK_STREAM,
        setup: (raw) => {
          raw.setsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, 1);
          if (keepAlive) applyDefaultKeepAlive(raw, keepAlive);
        },
        control: this.#o.control,
        controlNet: v6 ? "tcp6" : "tcp4",
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

const defaultDialer = new Dialer();

/**
 * Go's `net.Dial`: connects with the default Dialer. The Conn type follows
 * the network: TCPConn for `tcp*`, UDPConn for `udp*`, UnixConn for
 * `unix*`, IPConn for `ip*:PROTO`.
 *
 * @throws OpError (`dial tcp 127.0.0.1:1: connect: connection refused`)
 *   wrapping a SyscallError, a DNSError, ErrDialTimeout or ErrCanceled.
 * @example
 * ```ts
 * const conn = await dial("tcp", "127.0.0.1:8080");
 * await conn.write("hello");
 * ```
 */
export function dial<N extends string>(network: N, address: string, opts?: DialOptions): Promise<ConnFor<N>> {
  return defaultDialer.dial(network, address, opts);
}

/** Go's `net.DialTimeout`: `timeoutMs` covers resolution and connect. */
export function dialTimeout<N extends string>(network: N, address: string, timeoutMs: number): Promise<ConnFor<N>> {
  checkNumber("dialTimeout", "timeoutMs", timeoutMs);
  return new Dialer({ timeout: timeoutMs }).dial(network, address);
}

/**
 * The Conn type dial() resolves for a network name known at compile time
 * (TCPConn, UDPConn, UnixConn, IPConn); Conn for any other string.
 */
export type ConnFor<N extends string> = string extends N
  ? Conn
  : N extends "tcp" | "tcp4" | "tcp6"
    ? TCPConn
    : N extends "udp" | "udp4" | "udp6"
      ? UDPConn
      : N extends "unix" | "unixgram" | "unixpacket"
        ? UnixConn
        : N extends `ip${string}`
          ? IPConn
          : Conn;
