// Go's ListenConfig (src/net/dial.go): listen on stream networks with Go's
// defaults (SO_REUSEADDR, dual-stack wildcard, somaxconn backlog), the
// control hook, SO_REUSEPORT, and keep-alive for accepted conns.

import { type Network, TCPAddr, parseNetwork, resolveHostPort } from "./addr.js";
import { AddrError, OpError } from "./errors.js";
import type { IP } from "./ip.js";
import { type KeepAliveConfig, applyKeepAlive, effectiveKeepAlive } from "./keepalive.js";
import { constants as C, type SocketRawConn } from "./rawconn.js";
import { TCPListener } from "./tcp.js";
import { syscallError } from "./internal/fd.js";
import { type ControlFn, defaultBacklog, endpoint, openSocket } from "./internal/socket.js";

export interface ListenConfigOptions {
  /** Runs after socket() and Go's defaults, before bind (Go's Control). */
  control?: ControlFn;
  /** Keep-alive period for accepted conns (ms): 0 = Go's default (15 s), negative = off. */
  keepAlive?: number;
  keepAliveConfig?: KeepAliveConfig;
  /** Sets SO_REUSEPORT: N listeners (e.g. one per worker) share a port, the kernel spreads conns. */
  reusePort?: boolean;
  /** listen(2) backlog; default: /proc/sys/net/core/somaxconn, as Go. */
  backlog?: number;
}

export interface ListenOptions {
  signal?: AbortSignal;
}

function checkOptions(o: ListenConfigOptions): void {
  if (typeof o !== "object" || o === null) throw new TypeError("ListenConfig options must be an object");
  if (o.control !== undefined && typeof o.control !== "function") throw new TypeError("control must be a function");
  if (o.backlog !== undefined && (!Number.isInteger(o.backlog) || o.backlog < 0)) {
    throw new RangeError("backlog must be a non-negative integer");
  }
  if (o.keepAlive !== undefined && typeof o.keepAlive !== "number") throw new TypeError("keepAlive must be a number");
}

/** Go's `net.ListenConfig`. */
export class ListenConfig {
  readonly #o: ListenConfigOptions;

  constructor(options: ListenConfigOptions = {}) {
    checkOptions(options);
    this.#o = { ...options };
  }

  /** Listens on a stream network: `tcp`, `tcp4`, `tcp6` (`unix`, `unixpacket` with the Unix support). */
  async listen(network: string, address: string, opts: ListenOptions = {}): Promise<TCPListener> {
    if (typeof address !== "string") throw new TypeError(`address must be a string, got ${typeof address}`);
    let net: Network;
    try {
      net = parseNetwork(network, true);
    } catch (err) {
      throw new OpError({ op: "listen", net: String(network), err: err as Error });
    }
    if (net.kind !== "tcp") {
      throw new OpError({ op: "listen", net: network, err: new AddrError("unexpected address type", address) });
    }
    return this.#listenTCP(net, address, opts.signal);
  }

  async #listenTCP(net: Network, address: string, signal?: AbortSignal): Promise<TCPListener> {
    let laddr = new TCPAddr(null, 0);
    try {
      const { addrs, port } = await resolveHostPort(net, address, signal);
      // Go listens on the first IPv4 address of a name, if it has one.
      const a = addrs.find((x) => x.ip?.to4()) ?? addrs[0];
      laddr = new TCPAddr(a.ip, port, a.zone);
      const h = await openSocket({
        ...listenFamily(net, a.ip),
        type: C.SOCK_STREAM,
        reuseAddr: true,
        setup: (raw) => this.#setup(raw),
        control: this.#o.control,
        controlNet: `tcp${listenFamily(net, a.ip).family === C.AF_INET6 ? 6 : 4}`,
        controlAddr: laddr.toString(),
        bind: endpoint(a.ip, port, a.zone),
      });
      const r = h.listen(this.#o.backlog ?? (await defaultBacklog()));
      if (r < 0) {
        h.close();
        throw syscallError("listen", r);
      }
      return new TCPListener(h);
    } catch (err) {
      throw new OpError({ op: "listen", net: net.name, addr: laddr, err: err instanceof OpError ? err.err : (err as Error) });
    }
  }

  /**
   * Options set on the listening socket. Linux copies TCP_NODELAY and the
   * keep-alive settings into every accepted socket, so accept costs no
   * setsockopt calls (test/tcp-options.test.ts checks the inheritance).
   */
  #setup(raw: SocketRawConn): void {
    if (this.#o.reusePort) raw.setsockopt(C.SOL_SOCKET, C.SO_REUSEPORT, 1);
    raw.setsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, 1);
    const keepAlive = effectiveKeepAlive(this.#o.keepAlive, this.#o.keepAliveConfig);
    if (keepAlive) applyKeepAlive(raw, keepAlive);
  }
}

/** Go's favoriteAddrFamily for listeners: a wildcard `tcp` listen is one dual-stack IPv6 socket. */
function listenFamily(net: Network, ip: IP | null): { family: number; v6only?: boolean } {
  if (net.version === 4) return { family: C.AF_INET };
  if (net.version === 6) return { family: C.AF_INET6, v6only: true };
  if (!ip || ip.isUnspecified()) return { family: C.AF_INET6, v6only: false };
  return ip.to4() ? { family: C.AF_INET } : { family: C.AF_INET6 };
}

const defaultConfig = new ListenConfig();

/** Go's `net.Listen`. */
export function listen(network: string, address: string): Promise<TCPListener> {
  return defaultConfig.listen(network, address);
}
