// Go's FileConn, FileListener and FilePacketConn (src/net/file_unix.go):
// a Conn on a duplicate of an open socket descriptor, e.g. one received
// over a Unix socket (UnixConn.readFds) or inherited from a parent process.
// The caller keeps the original descriptor and closes it when done.

import type { Conn, Listener } from "./conn.js";
import { OpError } from "./errors.js";
import type { IPConn } from "./ipraw.js";
import { constants as C } from "./rawconn.js";
import type { UDPConn } from "./udp.js";
import type { UnixConn } from "./unix.js";
import { type NativeSocket, native } from "./internal/binding.js";
import { kindOfSocket } from "./internal/networks.js";
import { checkFd } from "./internal/args.js";
import { nativeCallError } from "./internal/errno.js";

interface Adopted {
  h: NativeSocket;
  family: number;
  type: number;
  listening: boolean;
}

function adopt(fn: string, fd: number): Adopted {
  checkFd(fn, "fd", fd);
  let h: NativeSocket;
  try {
    h = native.Socket.fromFd(fd);
  } catch (err) {
    throw fileError(nativeCallError(err));
  }
  const family = h.family();  // SO_DOMAIN, or getsockname's family where there is none
  const type = h.getsockopt(C.SOL_SOCKET, C.SO_TYPE) as number;
  const listening = h.getsockopt(C.SOL_SOCKET, C.SO_ACCEPTCONN) === 1;
  return { h, family, type, listening };
}

function fileError(err: Error): OpError {
  return new OpError({ op: "file", net: "file+net", err });
}

function unsupported(a: Adopted): never {
  a.h.close();
  throw fileError(new Error("protocol not supported"));
}

/**
 * Go's FileConn: a TCPConn, UDPConn, UnixConn or IPConn on a dup of `fd`.
 *
 * @throws TypeError or RangeError when `fd` is not a descriptor number.
 * @throws OpError (op `file`) when the descriptor is not a socket gonet has a Conn type for.
 */
export function fileConn(fd: number): Conn | UDPConn | IPConn {
  const a = adopt("fileConn", fd);
  return kindOfSocket(a.family, a.type)?.fileConn?.(a.h, a.family) ?? unsupported(a);
}

/**
 * Go's FileListener: a TCPListener or UnixListener on a dup of a listening
 * `fd` (it never unlinks the file).
 *
 * @throws OpError (op `file`) when the descriptor is not a listening stream socket.
 */
export function fileListener(fd: number): Listener {
  const a = adopt("fileListener", fd);
  if (!a.listening) {
    a.h.close();
    throw fileError(new Error("invalid argument"));
  }
  return kindOfSocket(a.family, a.type)?.fileListener?.(a.h) ?? unsupported(a);
}

/**
 * Go's FilePacketConn: a UDPConn, unixgram UnixConn or IPConn on a dup of `fd`.
 *
 * @throws OpError (op `file`) when the descriptor is not a datagram or raw socket.
 */
export function filePacketConn(fd: number): UDPConn | UnixConn | IPConn {
  const a = adopt("filePacketConn", fd);
  return kindOfSocket(a.family, a.type)?.filePacketConn?.(a.h, a.family) ?? unsupported(a);
}
