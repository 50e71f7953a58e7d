// Go's Dialer (src/net/dial.go): the options every dial shares, the
// per-dial timeout/deadline/AbortSignal as one signal, and dispatch by
// network kind through lib/internal/networks.ts. Each network's own dial
// lives with its Conn type (TCP's Happy Eyeballs in lib/tcp-dial.ts).

import type { Addr, Conn } from "./conn.js";
import { AddrError, ErrCanceled, ErrDialTimeout, OpError } from "./errors.js";
import { type KeepAliveConfig, checkKeepAliveConfig } from "./keepalive.js";
import type { TCPConn } from "./tcp.js";
import type { DialedUDPConn } from "./udp.js";
import type { UnixConn } from "./unix.js";
import type { DialedIPConn } from "./ipraw.js";
import { argTypeError, checkFunction, checkNetworkCall, checkNumber, checkObject, checkOptionalNumber, deadlineTime } from "./internal/args.js";
import { NETWORKS } from "./internal/networks.js";
import { Alarm } from "./internal/timer.js";
import { type ControlFn, parseNetworkFor } from "./internal/socket.js";

/** The fields of Go's `net.Dialer`, as the options of a {@link Dialer}. */
export interface DialerOptions {
  /** Longest time for the whole dial, resolution included (ms); 0 = none (Go's Timeout). */
  timeout?: number;
  /** Absolute time by which the dial must be done: a Date or epoch ms (Go's Deadline). */
  deadline?: Date | number;
  /** Local address to bind before connecting; its type must match the network (Go's LocalAddr). */
  localAddr?: Addr;
  /** Keep-alive period of TCP conns in ms: 0 = Go's default (15 s), negative = off (Go's KeepAlive). */
  keepAlive?: number;
  /** Keep-alive idle time, interval and probe count of TCP conns (Go's KeepAliveConfig). */
  keepAliveConfig?: KeepAliveConfig;
  /** Runs after socket() and before bind/connect (Go's Control). */
  control?: ControlFn;
  /** Happy Eyeballs: delay before trying the other IP family (ms); 0 = 300 ms, negative = off (Go's FallbackDelay). */
  fallbackDelay?: number;
}

/** Per-call options of {@link Dialer.dial} (Go passes a context instead). */
export interface DialOptions {
  /** Aborting it cancels the dial: it rejects with an OpError wrapping ErrCanceled. */
  signal?: AbortSignal;
}

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
 * Go's `net.Dialer`: options for many dials (timeout, deadline, local
 * address, keep-alive, control hook, Happy Eyeballs delay).
 *
 * @example
 * ```ts
 * const d = new Dialer({ timeout: 5_000, keepAlive: -1 });
 * const conn = await d.dial("tcp", "127.0.0.1:8080");
 * await conn.write("hello\n");
 * await conn.close();
 * ```
 */
export class Dialer {
  readonly #o: DialerOptions;

  /**
   * @throws TypeError or RangeError naming the option when `options` holds a bad value.
   */
  constructor(options: DialerOptions = {}) {
    checkDialerOptions(options);
    this.#o = { ...options };
  }

  /**
   * Connects to `address` on `network` (Go's DialContext): `tcp`, `tcp4`,
   * `tcp6`, `udp*`, `ip*:PROTO`, `unix`, `unixgram`, `unixpacket`. The
   * Conn type follows the network (see {@link ConnFor}).
   *
   * @throws OpError (op `dial`) when the network is unknown, the address
   *   does not resolve, or every address fails; its `err` is ErrDialTimeout
   *   after the timeout or deadline and ErrCanceled after `opts.signal` aborts.
   * @example
   * ```ts
   * const d = new Dialer({ timeout: 1_000 });
   * const conn = await d.dial("udp", "127.0.0.1:5353", { signal: AbortSignal.timeout(500) });
   * ```
   */
  async dial<N extends string>(network: N, address: string, opts: DialOptions = {}): Promise<ConnFor<N>> {
    checkNetworkCall("dial", network, address, opts);
    const net = parseNetworkFor("dial", network);
    const abort = this.#abortFor(opts.signal);
    try {
      const dialKind = NETWORKS[net.kind].dial;
      if (!dialKind) throw new OpError({ op: "dial", net: network, err: new AddrError("unexpected address type", address) });
      return (await dialKind(net, address, { ...this.#o, signal: abort.signal })) as ConnFor<N>;
    } finally {
      abort.dispose();
    }
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
}

const defaultDialer = new Dialer();

/**
 * Go's `net.Dial`: connects to `address` on `network` with the default Dialer.
 *
 * @throws OpError (op `dial`) as {@link Dialer.dial}.
 * @example
 * ```ts
 * const conn = await dial("tcp", "localhost:8080");
 * await conn.write("GET / HTTP/1.0\r\n\r\n");
 * for await (const chunk of conn) process.stdout.write(chunk);
 * ```
 */
export function dial<N extends string>(network: N, address: string, opts?: DialOptions): Promise<ConnFor<N>> {
  return defaultDialer.dial(network, address, opts);
}

/**
 * Go's `net.DialTimeout`: `timeoutMs` covers resolution and connect.
 *
 * @throws OpError (op `dial`) as {@link Dialer.dial}; its `err` is ErrDialTimeout when the time runs out.
 */
export function dialTimeout<N extends string>(network: N, address: string, timeoutMs: number): Promise<ConnFor<N>> {
  checkNumber("dialTimeout", "timeoutMs", timeoutMs);
  return new Dialer({ timeout: timeoutMs }).dial(network, address);
}

/**
 * The Conn type dial() resolves for a network name known at compile time
 * (TCPConn, DialedUDPConn, UnixConn, DialedIPConn); Conn for any other
 * string. A dialed UDPConn or IPConn is connected, so its remoteAddr is
 * never null.
 */
export type ConnFor<N extends string> = string extends N
  ? Conn
  : N extends "tcp" | "tcp4" | "tcp6"
    ? TCPConn
    : N extends "udp" | "udp4" | "udp6"
      ? DialedUDPConn
      : N extends "unix" | "unixgram" | "unixpacket"
        ? UnixConn
        : N extends `ip${string}`
          ? DialedIPConn
          : Conn;
