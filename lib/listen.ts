// Go's ListenConfig (src/net/dial.go): the options every listen shares and
// dispatch by network kind through lib/internal/networks.ts. Each
// network's own listen lives with its Conn type (TCP's in lib/tcp-listen.ts).

import type { Network } from "./addr.js";
import { AddrError, type AddrLike, OpError } from "./errors.js";
import { type KeepAliveConfig, checkKeepAliveConfig } from "./keepalive.js";
import type { TCPListener } from "./tcp.js";
import type { UDPConn } from "./udp.js";
import type { UnixConn, UnixListener } from "./unix.js";
import type { IPConn } from "./ipraw.js";
import { checkBoolean, checkFunction, checkInteger, checkNetworkCall, checkObject, checkOptionalNumber } from "./internal/args.js";
import { NETWORKS, type NetworkKind } from "./internal/networks.js";
import { type ControlFn, type ListenSettings, parseNetworkFor } from "./internal/socket.js";

/** The fields of Go's `net.ListenConfig`, as the options of a {@link ListenConfig}. */
export interface ListenConfigOptions {
  /** Runs after socket() and Go's defaults, before bind (Go's Control). */
  control?: ControlFn;
  /** Keep-alive period for accepted TCP conns (ms): 0 = Go's default (15 s), negative = off (Go's KeepAlive). */
  keepAlive?: number;
  /** Keep-alive idle time, interval and probe count for accepted TCP conns (Go's KeepAliveConfig). */
  keepAliveConfig?: KeepAliveConfig;
  /** Sets SO_REUSEPORT: N listeners (e.g. one per worker) share a port, the kernel spreads conns (no Go field; Go does it in Control). */
  reusePort?: boolean;
  /** listen(2) backlog; default: /proc/sys/net/core/somaxconn, as Go (no Go field). */
  backlog?: number;
}

/** Per-call options of {@link ListenConfig.listen} and {@link ListenConfig.listenPacket} (Go passes a context instead). */
export interface ListenOptions {
  /** Aborting it cancels a listen still resolving its address. */
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
 * Go's `net.ListenConfig`: options for many listens (control hook,
 * keep-alive of accepted conns, SO_REUSEPORT, backlog).
 *
 * @example
 * ```ts
 * const lc = new ListenConfig({ backlog: 128 });
 * const ln = await lc.listen("tcp", ":0");
 * const conn = await ln.accept();
 * ```
 */
export class ListenConfig {
  readonly #o: ListenConfigOptions;

  /**
   * @throws TypeError or RangeError naming the option when `options` holds a bad value.
   */
  constructor(options: ListenConfigOptions = {}) {
    checkListenConfigOptions(options);
    this.#o = { ...options };
  }

  /**
   * Listens on a stream network (Go's ListenConfig.Listen): `tcp`, `tcp4`,
   * `tcp6`, `unix`, `unixpacket`. A wildcard `tcp` address (`:8080`) is one
   * dual-stack socket, as in Go.
   *
   * @throws OpError (op `listen`) when the network is not a stream network,
   *   the address does not resolve, or bind/listen fail (e.g. EADDRINUSE).
   * @example
   * ```ts
   * const lc = new ListenConfig({ reusePort: true, keepAlive: -1 });
   * const ln = await lc.listen("tcp", "127.0.0.1:0");
   * for await (const conn of ln) void conn.write("hi\n").then(() => conn.close());
   * ```
   */
  async listen<N extends string>(network: N, address: string, opts: ListenOptions = {}): Promise<ListenerFor<N>> {
    checkNetworkCall("listen", network, address, opts);
    return (await this.#listen(network, address, opts, (k) => k.listen)) as ListenerFor<N>;
  }

  /**
   * Listens on a packet network (Go's ListenConfig.ListenPacket): `udp`,
   * `udp4`, `udp6`, `unixgram`, `ip:PROTO`, `ip4:PROTO`, `ip6:PROTO`.
   *
   * @throws OpError (op `listen`) when the network is not a packet network,
   *   the address does not resolve, or the socket or bind fail.
   * @example
   * ```ts
   * const pc = await new ListenConfig().listenPacket("udp", "127.0.0.1:0");
   * const { n, addr } = await pc.readFrom(new Uint8Array(1500));
   * ```
   */
  async listenPacket<N extends string>(network: N, address: string, opts: ListenOptions = {}): Promise<PacketConnFor<N>> {
    checkNetworkCall("listenPacket", network, address, opts);
    return (await this.#listen(network, address, opts, (k) => k.listenPacket)) as PacketConnFor<N>;
  }

  /** Runs the network's listen function that `pick` chooses from its row of the table. */
  #listen<T>(
    network: string,
    address: string,
    opts: ListenOptions,
    pick: (k: NetworkKind) => ((net: Network, address: string, o: ListenSettings) => Promise<T>) | undefined,
  ): Promise<T> {
    const net = parseNetworkFor("listen", network);
    const listenKind = pick(NETWORKS[net.kind]);
    if (!listenKind) throw unexpectedAddress(net, network, address);
    return listenKind(net, address, { ...this.#o, signal: opts.signal });
  }
}

/** Go's error for a network of the wrong sort: an OpError naming the address as the caller wrote it. */
function unexpectedAddress(net: Network, network: string, address: string): OpError {
  const addr: AddrLike = { network: net.kind, toString: () => address };
  return new OpError({ op: "listen", net: network, addr, err: new AddrError("unexpected address type", address) });
}

const defaultConfig = new ListenConfig();

/**
 * Go's `net.Listen`: listens on a stream network with the default ListenConfig.
 *
 * @throws OpError (op `listen`) as {@link ListenConfig.listen}.
 * @example
 * ```ts
 * const ln = await listen("tcp", "127.0.0.1:8080");
 * for await (const conn of ln) {
 *   void conn.write("hello\n").then(() => conn.close());
 * }
 * ```
 */
export function listen<N extends string>(network: N, address: string): Promise<ListenerFor<N>> {
  return defaultConfig.listen(network, address);
}

/**
 * Go's `net.ListenPacket`: listens on a packet network with the default ListenConfig.
 *
 * @throws OpError (op `listen`) as {@link ListenConfig.listenPacket}.
 * @example
 * ```ts
 * const pc = await listenPacket("udp", "127.0.0.1:0");
 * await pc.writeTo("ping", "127.0.0.1:9999");
 * ```
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
