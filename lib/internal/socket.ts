// Go's socket(): create a descriptor, apply Go's defaults, run the user's
// control hook, then bind. Shared by every dial and listen path.

import type { RawConn } from "../conn.js";
import type { IP } from "../ip.js";
import { SocketRawConn, constants as C } from "../rawconn.js";
import { type NativeSocket, native } from "./binding.js";
import { nativeCallError, syscallError } from "./fd.js";

/** Go's `Control` hook: runs after socket() and before bind/connect. May be async. */
export type ControlFn = (network: string, address: string, raw: RawConn) => void | Promise<void>;

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
  bind?: [Uint8Array, number, number] | string;
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
export function newNativeSocket(family: number, type: number, proto: number): NativeSocket {
  try {
    return new native.Socket(family, type, proto);
  } catch (err) {
    throw nativeCallError(err);
  }
}

/** The native form of an IP endpoint: 4 or 16 bytes (empty = unspecified), port, scope. */
export function endpoint(ip: IP | null, port: number, zone: string): [Uint8Array, number, number] {
  return [ip ? ip.bytes : new Uint8Array(0), port, zone ? zoneIndex(zone) : 0];
}

/** A zone is an interface name or index (`fe80::1%lo`, `%1`). */
function zoneIndex(zone: string): number {
  const n = Number(zone);
  if (Number.isInteger(n) && n >= 0) return n;
  const ifaces = native.interfaces?.() ?? [];
  return ifaces.find((i) => i.name === zone)?.index ?? 0;
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
