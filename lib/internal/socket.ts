// Go's socket(): create a descriptor, apply Go's defaults, run the user's
// control hook, then bind. Shared by every dial and listen path, with the
// argument checks and error wrapping those paths have in common.

import { type Network, parseNetwork } from "../addr.js";
import type { Addr, RawConn } from "../conn.js";
import { AddrError, OpError } from "../errors.js";
import type { IP } from "../ip.js";
import type { KeepAliveConfig } from "../keepalive.js";
import { SocketRawConn, constants as C } from "../rawconn.js";
import { type NativeSocket, native } from "./binding.js";
import type { Endpoint } from "./endpoint.js";
import { nativeCallError, syscallError } from "./errno.js";

/** Go's `Control` hook: runs after socket() and before bind/connect. May be async. */
export type ControlFn = (network: string, address: string, raw: RawConn) => void | Promise<void>;

/**
 * What a Dialer hands every network's dial function (lib/internal/networks.ts):
 * its options and the one signal for the caller's AbortSignal and the
 * dial's timeout/deadline. Each network reads the fields that apply to it.
 */
export interface DialSettings {
  control?: ControlFn;
  localAddr?: Addr;
  keepAlive?: number;
  keepAliveConfig?: KeepAliveConfig;
  fallbackDelay?: number;
  signal: AbortSignal;
}

/** What a ListenConfig hands every network's listen and listenPacket function. */
export interface ListenSettings {
  control?: ControlFn;
  keepAlive?: number;
  keepAliveConfig?: KeepAliveConfig;
  reusePort?: boolean;
  backlog?: number;
  signal?: AbortSignal;
}

export interface OpenOptions {
  family: number;
  type: number;
  proto?: number;
  /** IPV6_V6ONLY for AF_INET6 sockets (Go: on for tcp6/udp6, off for dual-stack tcp/udp). */
  v6only?: boolean;
  /** SO_BROADCAST (Go sets it on datagram and raw IP sockets). */
  broadcast?: boolean;
  /** SO_REUSEADDR (Go sets it on stream listeners). */
  reuseAddr?: boolean;
  /** Options applied before `control` runs (e.g. TCP defaults). */
  setup?: (raw: SocketRawConn) => void;
  control?: ControlFn;
  /** The network `control` sees (`tcp4`, `udp6`, `unix`...). */
  controlNet: string;
  controlAddr: string;
  /** Where to bind, if anywhere: [ip bytes, port, scope] or a Unix path. */
  bind?: Endpoint | string;
}

/** A socket with Go's defaults, after `control` and bind; closes it on any failure. */
export async function openSocket(opts: OpenOptions): Promise<NativeSocket> {
  const h = newNativeSocket(opts.family, opts.type, opts.proto ?? 0);
  try {
    const raw = new SocketRawConn(h, opts.controlNet);
    if (opts.family === C.AF_INET6 && opts.v6only !== undefined) {
      raw.setsockopt(C.IPPROTO_IPV6, C.IPV6_V6ONLY, opts.v6only);
    }
    if (opts.broadcast) raw.setsockopt(C.SOL_SOCKET, C.SO_BROADCAST, 1);
    if (opts.reuseAddr) raw.setsockopt(C.SOL_SOCKET, C.SO_REUSEADDR, 1);
    opts.setup?.(raw);
    if (opts.control) await opts.control(opts.controlNet, opts.controlAddr, raw);
    if (opts.bind !== undefined) {
      const r = typeof opts.bind === "string" ? h.bind(opts.bind) : h.bind(...opts.bind);
      if (r < 0) throw syscallError("bind", r);
    }
    return h;
  } catch (err) {
    h.close();
    throw nativeCallError(err);
  }
}

/** A new native socket, with native failures as Go's SyscallError. */
function newNativeSocket(family: number, type: number, proto: number): NativeSocket {
  try {
    return new native.Socket(family, type, proto);
  } catch (err) {
    throw nativeCallError(err);
  }
}

/** The address family of a new IP socket, and its IPV6_V6ONLY setting when AF_INET6. */
export interface SocketFamily {
  family: number;
  v6only?: boolean;
  v6: boolean;
}

/**
 * Go's favoriteAddrFamily, for every IP socket (TCP, UDP, raw IP): a
 * `*4`/`*6` network pins the family (IPV6_V6ONLY for `*6`); a wildcard
 * listen is one dual-stack IPv6 socket; otherwise IPv4 when every address
 * given is IPv4 (no address counts as IPv4).
 */
export function favoriteAddrFamily(
  version: 0 | 4 | 6,
  local: IP | null | undefined,
  remote: IP | null | undefined,
  listening: boolean,
): SocketFamily {
  if (version === 4) return { family: C.AF_INET, v6: false };
  if (version === 6) return { family: C.AF_INET6, v6only: true, v6: true };
  if (listening && isWildcard(local)) return { family: C.AF_INET6, v6only: false, v6: true };
  const v4 = (ip: IP | null | undefined) => !ip || ip.to4() !== null;
  if (v4(local) && v4(remote)) return { family: C.AF_INET, v6: false };
  return { family: C.AF_INET6, v6only: false, v6: true };
}

/** No address, or 0.0.0.0 / `::`: a listener on every address. */
export function isWildcard(ip: IP | null | undefined): boolean {
  return !ip || ip.isUnspecified();
}

/** Go's parseNetwork for a dial or listen: a bad name is an `op` OpError naming it as written. */
export function parseNetworkFor(op: "dial" | "listen", network: string): Network {
  try {
    return parseNetwork(network, true);
  } catch (err) {
    throw new OpError({ op, net: String(network), err: err as Error });
  }
}

/** A Dialer's localAddr, which must be the network's address type (Go: `mismatched local address type`). */
export function dialLocalAddr<A extends Addr>(
  net: Network,
  laddr: Addr | undefined,
  type: abstract new (...args: never[]) => A,
): A | undefined {
  if (laddr !== undefined && !(laddr instanceof type)) {
    throw new OpError({ op: "dial", net: net.name, err: new AddrError("mismatched local address type", String(laddr)) });
  }
  return laddr;
}

/** What a failed dial or listen wraps in its own OpError: an inner OpError's cause, anything else itself. */
export function innerError(err: unknown): Error {
  return err instanceof OpError ? err.err : (err as Error);
}

let somaxconn: number | undefined;

/** Go's listen backlog: /proc/sys/net/core/somaxconn, capped to what the kernel field holds. */
export async function defaultBacklog(): Promise<number> {
  if (somaxconn === undefined) {
    try {
      const { readFile } = await import("node:fs/promises");
      const n = parseInt(await readFile("/proc/sys/net/core/somaxconn", "utf8"), 10);
      somaxconn = Number.isInteger(n) && n > 0 ? Math.min(n, 0xffff) : C.SOMAXCONN;
    } catch {
      somaxconn = C.SOMAXCONN;
    }
  }
  return somaxconn;
}
