// The ONE typed seam to the native addon. Nothing else loads the .node file.

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Outcome codes below every errno (binding/contract.def; test/contract.test.ts checks them). */
export const enum Result {
  Pending = -0x10000,
  Eof = -0x10001,
  Timeout = -0x10002,
  Closed = -0x10003,
  Detached = -0x10004,
  // A splice step stopped: wait for the source, the destination, or a turn.
  NeedRead = -0x10005,
  NeedWrite = -0x10006,
  Yield = -0x10007,
  // No descriptor (or memory) for a splice pipe: copy through a buffer.
  NoPipe = -0x10008,
}

/** Which completion the sink receives (binding/contract.def; test/contract.test.ts checks them). */
export const enum OpKind {
  Read = 0,
  ReadAlloc = 1,
  Write = 2,
  Accept = 3,
  Connect = 4,
  // Datagram and message operations (binding/io/socket_dgram.cc).
  RecvFrom = 5,
  RecvMsg = 6,
  SendMsg = 7,
  RecvBatch = 8,
  SendBatch = 9,
  // Readiness waits (splice copies).
  WaitRead = 10,
  WaitWrite = 11,
  Writev = 12,
  // Push-style reads (readStart): a chunk's length in the landing buffer, or the stream's end.
  Stream = 13,
}

export const enum Side {
  Read = 0,
  Write = 1,
}

/** A decoded socket address: [ip bytes, port, scope id] or a Unix path. */
export type NativeAddr = [ip: Uint8Array, port: number, scope: number] | string;

/** binding/js/js_socket.cc: every call returns a count or a code. */
export interface NativeSocket {
  read(buf: Uint8Array): number;
  readAlloc(max: number): Uint8Array | number;
  /**
   * Push-style reads: each chunk lands at the start of `landing` (pinned)
   * and completes as OpKind.Stream with its length, to be copied out before
   * the sink returns; a final Eof, Timeout or -errno ends the stream.
   * Never completes inside the call. 0, Result.Closed, or -EINVAL (not a stream).
   */
  readStart(landing: Uint8Array): number;
  /** Stops push-style reads; unread bytes stay in the kernel. */
  readStop(): void;
  /** On an error, aux[0] receives the bytes already sent. */
  write(buf: Uint8Array, aux: Float64Array): number;
  /** One gathered write of `bufs` (`total` bytes); on an error, aux[0] receives the bytes already sent. */
  writev(bufs: Uint8Array[], total: number, aux: Float64Array): number;
  accept(): NativeSocket | number;
  connect(ip: Uint8Array | string, port?: number, scope?: number): number;
  bind(ip: Uint8Array | string, port?: number, scope?: number): number;
  listen(backlog: number): number;
  shutdown(how: number): number;
  /** aux[0] receives the bytes the oldest pending write had already sent. */
  close(aux?: Float64Array): void;
  /** ms: +Infinity clears, <= 0 expires at once, otherwise arms. */
  setDeadline(side: Side, ms: number): void;
  /** Throws a NativeError. */
  setsockopt(level: number, name: number, value: number | Uint8Array): void;
  /** Throws a NativeError. */
  getsockopt(level: number, name: number, size?: number): number | Uint8Array;
  localAddr(): NativeAddr | number;
  remoteAddr(): NativeAddr | number;
  fd(): number;
  ref(): void;
  unref(): void;
  /** 0 when the side is ready now, else Result.Pending (completes as WaitRead/WaitWrite). */
  wait(side: Side): number;
  /** One zero-copy step to `dst` (a Result code); aux[0] receives the bytes delivered. */
  spliceTo(dst: NativeSocket, aux: Float64Array): number;
  /** A copy from this socket ended: drops its pipe and any bytes left in it. */
  spliceDone(): void;
  /** The address family it was opened (or adopted, Socket.fromFd) with. */
  family(): number;
  /** A Unix socket's peer at connect time (pid -1 where the system does not say); throws a NativeError. */
  peerCred(): [pid: number, uid: number, gid: number];

  // ---- datagram and message operations (binding/js/js_dgram.cc); layouts
  // of the info and batch areas: binding/io/socket_dgram.h, lib/internal/packet.ts.
  /** Pins the socket's info area (MSG_INFO_SIZE bytes): sender, flags and control length of the last receive. */
  setMsgInfo(info: Uint8Array): void;
  /** Pins `slot`: every send attempt first writes the wall clock (ns, CLOCK_REALTIME) to slot[0]. */
  setSendStamp(slot: BigInt64Array): void;
  /** One datagram into `buf`: its length; the sender and flags are in the info area. */
  recvFrom(buf: Uint8Array): number;
  /** recvmsg with control data into `oob`; the control length is in the info area. */
  recvMsg(buf: Uint8Array, oob: Uint8Array): number;
  /** One datagram to (ip, port, scope), a Unix path, or (no address) the connected peer. */
  sendTo(buf: Uint8Array, ip?: Uint8Array | string, port?: number, scope?: number): number;
  sendMsg(buf: Uint8Array, oob: Uint8Array | null, ip?: Uint8Array | string, port?: number, scope?: number): number;
  /** recvmmsg into a batch area: datagrams received (>= 1). */
  recvBatch(area: Uint8Array, count: number, size: number): number;
  /** sendmmsg from a batch area: `count`; on an error, aux[0] receives how many went. */
  sendBatch(area: Uint8Array, count: number, size: number, aux: Float64Array): number;
  /** Set by lib/internal/fd.ts: whom completions go to. */
  owner?: CompletionTarget;
}

/** What a completion is delivered to (lib/internal/fd.ts implements it). */
export interface CompletionTarget {
  complete(kind: OpKind, result: unknown, extra: number): void;
}

/** Errors thrown by native option calls: Node's shape. */
export interface NativeError extends Error {
  errno: number;
  syscall: string;
}

/**
 * A diagnostics snapshot of the native layer for this environment
 * (`debugStats()`, exported as DebugStats): all zero once everything is
 * closed, which is what the leak tests check.
 */
export interface NativeStats {
  /** Native sockets of this environment not yet freed. */
  liveSockets: number;
  /** Their descriptors still open. */
  openFds: number;
  /** Operations waiting for readiness (reads, writes, accepts, connects). */
  parkedOps: number;
  /** Caller buffers pinned by those operations. */
  heldBuffers: number;
  /** Deadlines armed in the deadline heap. */
  armedDeadlines: number;
}

/** One network interface as the kernel reports it (binding/js/js_interfaces.cc). */
export interface NativeInterface {
  index: number;
  name: string;
  mtu: number;
  /** Go's net.Flags bits: up 1, broadcast 2, loopback 4, pointtopoint 8, multicast 16, running 32. */
  flags: number;
  hardwareAddr: Uint8Array;
  addrs: { ip: Uint8Array; prefixLen: number }[];
}

/**
 * What the platform can do and how its structs are laid out
 * (binding/sys/platform.h): the portable code asks instead of assuming Linux.
 */
export interface NativePlatform {
  /** process.platform's spelling of the system the addon was built for. */
  os: "linux" | "darwin" | "freebsd" | "win32";
  /** Kernel socket-to-socket copies (splice); without, copy() goes through a buffer. */
  splice: boolean;
  /** recvmmsg/sendmmsg; without, batches are a loop of single calls in native code. */
  batchSyscalls: boolean;
  /** Unprivileged ICMP datagram ("ping") sockets. */
  pingSockets: boolean;
  /** "@name" is an abstract Unix socket name; elsewhere it is a pathname. */
  abstractUnix: boolean;
  /** How a Unix peer's credentials are read. */
  peerCred: "SO_PEERCRED" | "getpeereid" | "none";
  /** CMSG_LEN(0): where a control message's data starts. */
  cmsgHeader: number;
  /** Bytes of cmsghdr.cmsg_len (8 on 64-bit Linux, 4 on the BSDs). */
  cmsgLenSize: number;
  /** Alignment of each control message. */
  cmsgAlign: number;
  /** sizeof(struct linger): 8 (two ints), or 4 on Windows (two u_shorts). */
  lingerSize: number;
  /** IP_ADD_MEMBERSHIP's struct: 12 (ip_mreqn, by interface index) or 8 (ip_mreq, by interface address). */
  ipMreqSize: number;
  /** The name, in `constants`, of the TCP keep-alive idle-time option. */
  keepAliveIdle: "TCP_KEEPIDLE" | "TCP_KEEPALIVE";
}

/** binding/contract.def as data: every number both sides must agree on. */
export interface NativeContract {
  results: Record<string, number>;
  /** Each op kind's value and the side whose FIFO holds it. */
  opKinds: Record<string, { value: number; side: "Read" | "Write" }>;
  /** Byte offsets and sizes of address records, info areas and batch slots. */
  layout: Record<string, number>;
  /** The kind byte of an address record. */
  addrKinds: Record<string, number>;
  limits: Record<string, number>;
  /** Go's net.Flags bits. */
  flags: Record<string, number>;
}

export interface NativeBinding {
  Socket: {
    new (family: number, type: number, protocol: number): NativeSocket;
    /** A Socket on a duplicate of an open socket descriptor (Go's FileConn); throws a NativeError. */
    fromFd(fd: number): NativeSocket;
  };
  constants: Record<string, number>;
  platform: NativePlatform;
  contract: NativeContract;
  /** The readiness engine in use: "epoll", "kqueue", "iocp" (AFD polling through a completion port). */
  backend: string;
  /** The named options of binding/options/sockopts.def this platform has: [level, optname]. */
  sockopts: Record<string, [level: number, optname: number]>;
  init(sink: (handle: NativeSocket, kind: OpKind, result: unknown, extra: number) => void): void;
  stats(): NativeStats;
  strerror(errno: number): string;
  interfaces?(): NativeInterface[];
  /** CLOCK_REALTIME in nanoseconds: the clock of SO_TIMESTAMPNS receive timestamps (binding/js/js_clock.cc). */
  realtimeNs(): bigint;
}

// lib/internal/ and dist/internal/ sit at the same depth below the package root.
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const load = createRequire(import.meta.url)("node-gyp-build") as (dir: string) => unknown;

export const native = load(packageRoot) as NativeBinding;

/** Whether each op kind, by value, waits on the write side: the side column of binding/contract.def. */
const WRITE_KIND: readonly boolean[] = (() => {
  const sides: boolean[] = [];
  for (const { value, side } of Object.values(native.contract.opKinds)) sides[value] = side === "Write";
  return sides;
})();

/** Whether an op waits on the write side, so its completion settles the write FIFO (as native IsWriteKind does). */
export function isWriteKind(kind: OpKind): boolean {
  return WRITE_KIND[kind] === true;
}

native.init((handle, kind, result, extra) => {
  handle.owner!.complete(kind, result, extra);
});
