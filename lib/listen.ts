// Go's ListenConfig (src/net/dial.go): listen on stream networks with Go's
// defaults (SO_REUSEADDR, dual-stack wildcard, somaxconn backlog), the
// control hook, SO_REUSEPORT, and keep-alive for accepted conns.

import { type Network, TCPAddr, firstPreferred, resolveHostPort } from "./addr.js";
import { AddrError, type AddrLike, OpError } from "./errors.js";
import type { IP } from "./ip.js";
import { type KeepAliveConfig, applyDefaultKeepAlive, checkKeepAliveConfig, effectiveKeepAlive } from "./keepalive.js";
import { constants as C, type SocketRawConn } from "./rawconn.js";
import { TCPListener } from "./tcp.js";
import { UDPConn, listenUDP } from "./udp.js";
import { UnixConn, UnixListener, listenUnix, listenUnixgram } from "./unix.js";
import { IPConn, listenIP } from "./ipraw.js";
import { checkBoolean, checkFunction, checkInteger, checkNetworkCall, checkObject, checkOptionalNumber } from "./internal/args.js";
import { native } from "./internal/binding.js";
import { endpoint } from "./internal/endpoint.js";
import { syscallError } from "./internal/errno.js";
import { type ControlFn, defaultBacklog, innerError, openSocket, parseNetworkFor } from "./internal/socket.js";

/** The options of a ListenConfig (Go's `net.ListenConfig` fields). */
export interface ListenConfigOptions {
  /** Runs after socket() and Go's defaults, before bind (Go's Control). */
  control?: ControlFn;
  /** Keep-alive period for accepted conns (ms): 0 = Go's default (15 s), negative = off. */
  keepAlive?: number;
  /** Keep-alive idle, interval and count for accepted conns (wins over `keepAlive`). */
  keepAliveConfig?: KeepAliveConfig;
  /** Sets SO_REUSEPORT: N listeners (e.g. one per worker) share a port, the kernel spreads conns. */
  reusePort?: boolean;
  /** listen(2) backlog; default: /proc/sys/net/core/somaxconn, as Go. */
  backlog?: number;
}

/** Per-listen options. */
export interface ListenOptions {
  /** Aborting cancels a listen still resolving its address. */
  signal?: AbortSignal;
}

function checkListenConfigOptions(o: ListenConfigOptions): void {
  checkObject("ListenConfig", "options", o);
  if (o.control !== undefined) checkFunction("ListenConfig", "options.control", o.control);
  if (o.backlog !== undefined) checkInteger("ListenConfig", "options.backlog", o.backlog, 0, 0x7fffffff, "from 0 to 2^31-1");
  checkOptionalNumber("ListenConfig", "options.keepAlive", o.keepAlive);
  if (o.keepAliveConfig !== undefined) checkKeepAliveConfig("ListenConfig", "options.keepAliveConfig", o.keepAliveConfig);
  if (o.reusePort !== undefined) checkBoolean("ListenConfig", "options.reusePort", o.reusePort);
}


/**
 * Go's `net.ListenConfig`: listens with a control hook, SO_REUSEPORT,
 * a backlog and keep-alive settings for accepted conns.
 *
 * @example
 * ```ts
 * const lc = new ListenConfig({ reusePort: true, keepAlive: 30_000 });
 * const ln = await lc.listen("tcp", "0.0.0.0:8080");   // one per worker thread
 * ```
 */
export class ListenConfig {
  readonly #o: ListenConfigOptions;

  constructor(options: ListenConfigOptions = {}) {
    checkListenConfigOptions(options);
    this.#o = { ...options };
  }

  /** Listens on a stream network: `tcp`, `tcp4`, `tcp6` (`unix`, `unixpacket` with the Unix support). */
  async listen<N extends string>(network: N, address: string, opts: ListenOptions = {}): Promise<ListenerFor<N>> {
    checkNetworkCall("listen", network, address, opts);
    const net = parseNetworkFor("listen", network);
    if (net.kind === "unix" || net.kind === "unixpacket") {
      return (await listenUnix(net, address, { control: this.#o.control, backlog: this.#o.backlog })) as ListenerFor<N>;
    }
    if (net.kind !== "tcp") {
      throw new OpError({ op: "listen", net: network, addr: asWritten(net, address), err: new AddrError("unexpected address type", address) });
    }
    return (await this.#listenTCP(net, address, opts.signal)) as ListenerFor<N>;
  }

  /** Listens on a packet network: `udp`, `udp4`, `udp6`, `unixgram`, `ip:PROTO`, `ip4:PROTO`, `ip6:PROTO`. */
  async listenPacket<N extends string>(network: N, address: string, opts: ListenOptions = {}): Promise<PacketConnFor<N>> {
    checkNetworkCall("listenPacket", network, address, opts);
    const net = parseNetworkFor("listen", network);
    const o = { control: this.#o.control, reusePort: this.#o.reusePort, signal: opts.signal };
    switch (net.kind) {
      case "udp":
        return (await listenUDP(net, address, o)) as PacketConnFor<N>;
      case "unixgram":
        return (await listenUnixgram(net, address, o)) as PacketConnFor<N>;
      case "ip":
        return (await listenIP(net, address, o)) as PacketConnFor<N>;
      default:
        throw new OpError({ op: "listen", net: network, addr: asWritten(net, address), err: new AddrError("unexpected address type", address) });
    }
  }

  async #listenTCP(net: Network, address: string, signal?: AbortSignal): Promise<TCPListener> {
    // Resolution errors carry no address (Go); later ones the one being listened on.
    let laddr: TCPAddr | null = null;
    try {
      const { addrs, port } = await resolveHostPort(net, address, signal);
      // Go listens on the first IPv4 address of a name, if it has one.
      const a = firstPreferred(addrs);
      laddr = new TCPAddr(a.ip, port, a.zone);
      const family = listenFamily(net, a.ip);
      const backlog = this.#o.backlog ?? (await defaultBacklog());
      const h = await openSocket({
        ...family,
        type: C.SOCK_STREAM,
        // Go sets SO_REUSEADDR on listeners except on Windows, where it
        // would let another socket bind the port in use.
        reuseAddr: native.platform.os !== "win32",
        setup: (raw) => {
          if (this.#o.reusePort) raw.setsockopt(C.SOL_SOCKET, C.SO_REUSEPORT, 1);
          this.#connDefaults(raw);
        },
        control: this.#o.control,
        controlNet: family.family === C.AF_INET6 ? "tcp6" : "tcp4",
        controlAddr: laddr.toString(),
        // A dual-stack wildcard binds `::` itself: 0.0.0.0 mapped into IPv6 would be IPv4 only.
        bind: endpoint(family.v6only === false ? null : a.ip, port, a.zone),
      });
      const r = h.listen(backlog);
      if (r < 0) {
        h.close();
        throw syscallError("listen", r);
      }
      // Linux copies the listener's TCP_NODELAY and keep-alive settings into
      // every accepted socket, so accept costs no setsockopt calls. A control
      // hook may have changed them on the listener, though; then each
      // accepted conn gets Go's settings itself, as in Go.
      return new TCPListener(h, this.#o.control ? (raw) => this.#connDefaults(raw) : undefined);
    } catch (err) {
      throw new OpError({ op: "listen", net: net.name, addr: laddr, err: innerError(err) });
    }
  }

  /** Go's defaults for TCP conns: TCP_NODELAY on, keep-alive as configured. */
  #connDefaults(raw: SocketRawConn): void {
    raw.setsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, 1);
    const keepAlive = effectiveKeepAlive(this.#o.keepAlive, this.#o.keepAliveConfig);
    if (keepAlive) applyDefaultKeepAlive(raw, keepAlive);
  }
}

/** The address as the caller wrote it, for errors raised before it is resolved. */
function asWritten(net: Network, address: string): AddrLike {
  return { network: net.kind, toString: () => address };
}

/** Go's favoriteAddrFamily for listeners: a wildcard `tcp` listen is one dual-stack IPv6 socket. */
function listenFamily(net: Network, ip: IP | null): { family: number; v6only?: boolean } {
  if (net.version === 4) return { family: C.AF_INET };
  if (net.version === 6) return { family: C.AF_INET6, v6only: true };
  if (!ip || ip.isUnspecified()) return { family: C.AF_INET6, v6only: false };
  return ip.to4() ? { family: C.AF_INET } : { family: C.AF_INET6 };
}

const defaultConfig = new ListenConfig();

/**
 * Go's `net.Listen`: listens on a stream network (`tcp`, `tcp4`, `tcp6`,
 * `unix`, `unixpacket`) with the default ListenConfig.
 *
 * @throws OpError wrapping the bind's SyscallError (EADDRINUSE, EACCES...),
 *   an AddrError for a bad address, UnknownNetworkError for a bad network.
 * @example
 * ```ts
 * const ln = await listen("tcp", ":8080");
 * for await (const conn of ln) void serve(conn);
 * ```
 */
export function listen<N extends string>(network: N, address: string): Promise<ListenerFor<N>> {
  return defaultConfig.listen(network, address);
}

/**
 * Go's `net.ListenPacket`: a PacketConn on `udp*`, `unixgram` or `ip*:PROTO`.
 * @throws as listen().
 */
export function listenPacket<N extends string>(network: N, address: string): Promise<PacketConnFor<N>> {
  return defaultConfig.listenPacket(network, address);
}

/** The listener type for a network name: UnixListener for `unix`/`unixpacket`, else TCPListener. */
export type ListenerFor<N extends string> = N extends "unix" | "unixpacket" ? UnixListener : TCPListener;

/** The PacketConn type for a network name: UDPConn, UnixConn (`unixgram`) or IPConn. */
export type PacketConnFor<N extends string> = string extends N
  ? UDPConn | UnixConn | IPConn
  : N extends "udp" | "udp4" | "udp6"
    ? UDPConn
    : N extends "unixgram"
      ? UnixConn
      : N extends `ip${string}`
        ? IPConn
        : UDPConn | UnixConn | IPConn;
