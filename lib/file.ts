// Go's FileConn, FileListener and FilePacketConn (src/net/file_unix.go):
// a Conn on a duplicate of an open socket descriptor, e.g. one received
// over a Unix socket (UnixConn.readFds) or inherited from a parent process.
// The caller keeps the original descriptor and closes it when done.

import type { Conn, Listener } from "./conn.js";
import { OpError } from "./errors.js";
import { IPConn } from "./ipraw.js";
import { constants as C } from "./rawconn.js";
import { TCPConn, TCPListener } from "./tcp.js";
import { UDPConn } from "./udp.js";
import { UnixConn, UnixListener } from "./unix.js";
import { type NativeSocket, native } from "./internal/binding.js";
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

function unixNet(type: number): "unix" | "unixgram" | "unixpacket" {
  return type === C.SOCK_DGRAM ? "unixgram" : type === C.SOCK_SEQPACKET ? "unixpacket" : "unix";
}

/** Go's FileConn: TCPConn, UDPConn, UnixConn or IPConn on a dup of `fd`. */
export function fileConn(fd: number): Conn | UDPConn | IPConn {
  const a = adopt("fileConn", fd);
  if (a.family === C.AF_UNIX) return new UnixConn(a.h, unixNet(a.type));
  if (a.family === C.AF_INET || a.family === C.AF_INET6) {
    if (a.type === C.SOCK_STREAM) return new TCPConn(a.h);
    if (a.type === C.SOCK_DGRAM) return new UDPConn(a.h, a.family);
    if (a.type === C.SOCK_RAW) return new IPConn(a.h, a.family === C.AF_INET6 ? "ip6" : "ip4", a.family, a.type);
  }
  return unsupported(a);
}

/** Go's FileListener: a TCPListener or UnixListener on a dup of a listening `fd` (it never unlinks the file). */
export function fileListener(fd: number): Listener {
  const a = adopt("fileListener", fd);
  if (!a.listening) {
    a.h.close();
    throw fileError(new Error("invalid argument"));
  }
  if (a.family === C.AF_UNIX && a.type !== C.SOCK_DGRAM) {
    const ln = new UnixListener(a.h, a.type === C.SOCK_SEQPACKET ? "unixpacket" : "unix", "");
    return ln;
  }
  if ((a.family === C.AF_INET || a.family === C.AF_INET6) && a.type === C.SOCK_STREAM) return new TCPListener(a.h);
  return unsupported(a);
}

/** Go's FilePacketConn: a UDPConn, unixgram UnixConn or IPConn on a dup of `fd`. */
export function filePacketConn(fd: number): UDPConn | UnixConn | IPConn {
  const a = adopt("filePacketConn", fd);
  if (a.family === C.AF_UNIX && a.type === C.SOCK_DGRAM) return new UnixConn(a.h, "unixgram");
  if (a.family === C.AF_INET || a.family === C.AF_INET6) {
    if (a.type === C.SOCK_DGRAM) return new UDPConn(a.h, a.family);
    if (a.type === C.SOCK_RAW) return new IPConn(a.h, a.family === C.AF_INET6 ? "ip6" : "ip4", a.family, a.type);
  }
  return unsupported(a);
}
