// Go's *net.UnixConn and *net.UnixListener (src/net/unixsock.go,
// unixsock_posix.go): stream (`unix`), datagram (`unixgram`) and seqpacket
// (`unixpacket`) sockets, Linux abstract names (`@name`), passing file
// descriptors (SCM_RIGHTS) and reading the peer's credentials (SO_PEERCRED).

import { unlinkSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { type Network, UnixAddr } from "./addr.js";
import type { Addr, Conn, Listener } from "./conn.js";
import { ErrClosed, ErrWriteToConnected, OpError } from "./errors.js";
import { constants as C } from "./rawconn.js";
import { type NativeAddr, type NativeSocket, native } from "./internal/binding.js";
import { nativeCallError, syscallError } from "./internal/errno.js";
import { NetFD } from "./internal/fd.js";
import { PacketFD, type RawSender } from "./internal/packet.js";
import { type ControlFn, type DialSettings, type ListenSettings, defaultBacklog, dialLocalAddr, innerError, openSocket } from "./internal/socket.js";
import { argTypeError, checkAttachedBytes, checkBoolean, checkFd, checkInteger } from "./internal/args.js";
import { acceptLoop, checkReadBuffer, toBytes } from "./internal/stream.js";

export type UnixNetwork = "unix" | "unixgram" | "unixpacket";

const SOCK_TYPE: Record<UnixNetwork, number> = {
  unix: C.SOCK_STREAM,
  unixgram: C.SOCK_DGRAM,
  unixpacket: C.SOCK_SEQPACKET,
};

/** `readFromUnix`'s result; `addr` is null when the sender has no name. */
export interface UnixReadResult {
  /** Bytes received. */
  n: number;
  /** The sender; null when it has no name (Go: nil). */
  addr: UnixAddr | null;
}

/** `readMsgUnix`'s result (Go's n, oobn, flags, addr). */
export interface UnixMsgResult {
  /** Bytes of data received. */
  n: number;
  /** Bytes of control data received into `oob`. */
  oobn: number;
  /** The kernel's message flags (`constants.MSG_TRUNC`, `MSG_CTRUNC`). */
  flags: number;
  /** The sender; null when it has no name (Go: nil). */
  addr: UnixAddr | null;
}

/** The peer's credentials at connect time (SO_PEERCRED). */
export interface Ucred {
  /** The peer's process id. */
  pid: number;
  /** The peer's user id. */
  uid: number;
  /** The peer's group id. */
  gid: number;
}

const EMPTY = new Uint8Array(0);
const osErrno = osConstants.errno;

/** Whether `path` names a file (not "" or, where the system has them, an abstract "@name"). */
function isPathname(path: string): boolean {
  return path !== "" && !(native.platform.abstractUnix && path.startsWith("@"));
}

/** A native address as a UnixAddr of `net` (an unnamed socket's name is empty). */
function unixAddrOf(a: NativeAddr, net: UnixNetwork): UnixAddr {
  return new UnixAddr(typeof a === "string" ? a : "", net);
}

/** Go's `*net.UnixConn`. */
export class UnixConn extends PacketFD<UnixAddr> implements Conn {
  /** @internal Use dial(), listenPacket() or a UnixListener. */
  constructor(handle: NativeSocket, net: UnixNetwork, raddr?: UnixAddr | null) {
    super(handle, net, undefined, raddr, net === "unixgram");
  }

  get #net(): UnixNetwork {
    return this.net as UnixNetwork;
  }

  get #isDgram(): boolean {
    return this.net === "unixgram";
  }

  protected toAddr(a: NativeAddr): UnixAddr {
    return unixAddrOf(a, this.#net);
  }

  protected senderAddr(s: RawSender): UnixAddr | null {
    return s.kind === "unix" && s.name !== "" ? new UnixAddr(s.name, this.#net) : null;
  }

  /** The peer (its name is empty when it has none: accepted conns, unbound clients). */
  get remoteAddr(): UnixAddr {
    return this.peerAddr ?? new UnixAddr("", this.#net);
  }

  /** @internal The dialer's connect step. */
  connect(path: string): Promise<void> {
    return this.connectTo(path);
  }

  // ------------------------------------------------------------ stream use (Conn)

  /** Shuts down the reading side: later reads see EOF. */
  closeRead(): Promise<void> {
    return this.shutdown(C.SHUT_RD);
  }

  /** Shuts down the writing side: the peer sees EOF. */
  closeWrite(): Promise<void> {
    return this.shutdown(C.SHUT_WR);
  }

  // ------------------------------------------------------------ datagrams with addresses

  /** One datagram and its sender (null when the sender is unnamed). */
  readFrom(buf: Uint8Array): Promise<UnixReadResult> {
    checkReadBuffer(buf, "readFrom");
    return this.recvFromWith(buf, (n) => ({ n, addr: this.lastSender() }));
  }

  /** Go's ReadFromUnix. */
  readFromUnix(buf: Uint8Array): Promise<UnixReadResult> {
    return this.readFrom(buf);
  }

  /** One datagram to `addr` (a UnixAddr or a path). */
  writeTo(data: Uint8Array | string, addr: UnixAddr | string): Promise<number> {
    const to = typeof addr === "string" ? new UnixAddr(addr, this.#net) : addr;
    if (!(to instanceof UnixAddr)) throw argTypeError("writeTo", "addr", "a UnixAddr or a path", addr);
    return this.#writeToUnix(toBytes(data, "writeTo"), to);
  }

  /** Go's WriteToUnix. */
  writeToUnix(data: Uint8Array | string, addr: UnixAddr): Promise<number> {
    const bytes = toBytes(data, "writeToUnix");
    // No address is Go's "missing address" OpError; another type is a wrong argument.
    if (addr != null && !(addr instanceof UnixAddr)) throw argTypeError("writeToUnix", "addr", "a UnixAddr", addr);
    return this.#writeToUnix(bytes, addr);
  }

  #writeToUnix(bytes: Uint8Array, addr: UnixAddr): Promise<number> {
    const bad = this.#checkDest(addr);
    if (bad) return Promise.reject(bad);
    return this.sendToDest(bytes, addr.name, addr);
  }

  #checkDest(addr: UnixAddr | null | undefined): OpError | null {
    if (this.closed) return this.opError("write", ErrClosed);
    if (!addr) return this.writeError(new Error("missing address"));
    if (this.#isDgram && this.peerAddr !== null) return this.writeError(ErrWriteToConnected, addr);
    // Go: EAFNOSUPPORT for an address of another Unix network.
    if (addr.net !== this.#net) return this.writeError(syscallError("sendto", -osErrno.EAFNOSUPPORT), addr);
    return null;
  }

  // ------------------------------------------------------------ messages with control data

  /**
   * Go's ReadMsgUnix: data into `buf`, control messages into `oob` (parse
   * passed descriptors with `parseUnixRights`; they arrive close-on-exec).
   * On a stream with an empty `buf` it still consumes one byte, as Go.
   * Resolves null at the end of a stream.
   */
  async readMsgUnix(buf: Uint8Array, oob: Uint8Array): Promise<UnixMsgResult | null> {
    checkReadBuffer(buf, "readMsgUnix");
    checkAttachedBytes("readMsgUnix", "oob", oob);
    const dummy = !this.#isDgram && buf.length === 0 && oob.length > 0;
    const m = await this.recvMsgWith(dummy ? new Uint8Array(1) : buf, oob);
    if (m === null) return null;
    return { n: dummy ? 0 : m.n, oobn: m.oobn, flags: m.flags, addr: m.addr };
  }

  /**
   * Go's WriteMsgUnix: `data` with control messages `oob` (e.g.
   * `unixRights(fd1, fd2)`); `addr` only for an unconnected unixgram socket.
   * On a stream with empty `data` it sends one zero byte to carry `oob`.
   */
  async writeMsgUnix(data: Uint8Array | string, oob: Uint8Array | null, addr?: UnixAddr | null): Promise<{
    /** Bytes of data sent. */
    n: number;
    /** Bytes of control data sent. */
    oobn: number;
  }> {
    let bytes = toBytes(data, "writeMsgUnix");
    if (oob !== null) checkAttachedBytes("writeMsgUnix", "oob", oob);
    if (addr != null && !(addr instanceof UnixAddr)) throw argTypeError("writeMsgUnix", "addr", "a UnixAddr or null", addr);
    if (addr) {
      const bad = this.#checkDest(addr);
      if (bad) throw bad;
    }
    const oobn = oob ? oob.length : 0;
    const dummy = !this.#isDgram && bytes.length === 0 && oobn > 0;
    if (dummy) bytes = new Uint8Array(1);
    const n = await this.sendMsgDest(bytes, oob, addr ? addr.name : undefined, addr ?? undefined);
    return { n: dummy ? 0 : n, oobn };
  }

  /** Sends `fds` (open descriptors of this process) with `data` (at least one byte on a stream). */
  writeFds(fds: number[], data: Uint8Array | string = EMPTY): Promise<{
    /** Bytes of data sent. */
    n: number;
    /** Bytes of control data sent. */
    oobn: number;
  }> {
    checkFds("writeFds", fds);
    return this.writeMsgUnix(data, unixRights(...fds));
  }

  /**
   * Reads data into `buf` with up to `maxFds` passed descriptors; the
   * caller owns the returned descriptors (close them with fs.closeSync).
   */
  async readFds(buf: Uint8Array, maxFds = 16): Promise<{
    /** Bytes of data received. */
    n: number;
    /** The descriptors received, now this process's to close. */
    fds: number[];
    /** Whether descriptors were dropped (MSG_CTRUNC): more came than `maxFds`. */
    truncated: boolean;
  } | null> {
    checkReadBuffer(buf, "readFds");
    checkInteger("readFds", "maxFds", maxFds, 0, SCM_MAX_FD);
    // CMSG_LEN, not CMSG_SPACE: the kernel fills whatever room there is, and
    // CMSG_SPACE's alignment padding holds one more descriptor for an odd maxFds.
    const oob = new Uint8Array(CMSG_HDR + maxFds * 4);
    const m = await this.readMsgUnix(buf, oob);
    if (m === null) return null;
    return { n: m.n, fds: parseUnixRights(oob.subarray(0, m.oobn)), truncated: (m.flags & C.MSG_CTRUNC) !== 0 };
  }

  /**
   * The credentials of the peer process when it connected (SO_PEERCRED on
   * Linux; getpeereid on macOS and FreeBSD, where pid is -1 unless macOS's
   * LOCAL_PEERPID gives it).
   */
  peerCredentials(): Ucred {
    if (this.closed) throw this.opError("getsockopt", ErrClosed);
    try {
      const [pid, uid, gid] = this.handle.peerCred();
      return { pid, uid, gid };
    } catch (err) {
      throw this.opError("getsockopt", nativeCallError(err));
    }
  }
}

/** Go's `*net.UnixListener`. */
export class UnixListener extends NetFD<UnixAddr> implements Listener<UnixConn> {
  readonly #path: string;
  #unlink: boolean;

  /** @internal Use listen() or a ListenConfig. */
  constructor(handle: NativeSocket, net: "unix" | "unixpacket", path: string) {
    super(handle, net, undefined, null);
    this.#path = path;
    // Go removes the socket file a listener created, never an abstract name.
    this.#unlink = isPathname(path);
  }

  protected toAddr(a: NativeAddr): UnixAddr {
    return unixAddrOf(a, this.net as UnixNetwork);
  }

  /** The address the listener is bound to (Go's Addr). */
  get addr(): UnixAddr {
    return this.localAddr;
  }

  /**
   * The next connection (Go's AcceptUnix and Accept).
   *
   * @throws OpError (op `accept`) wrapping ErrClosed once the listener is closed, or ErrDeadlineExceeded after its deadline.
   */
  async accept(): Promise<UnixConn> {
    return new UnixConn(await this.acceptHandle(), this.net as UnixNetwork);
  }

  /** Whether close() removes the socket file (default: yes, when listen created it). */
  setUnlinkOnClose(unlink: boolean): void {
    checkBoolean("setUnlinkOnClose", "unlink", unlink);
    this.#unlink = Boolean(unlink) && isPathname(this.#path);
  }

  protected override beforeClose(): void {
    if (!this.#unlink) return;
    this.#unlink = false;
    try {
      unlinkSync(this.#path);
    } catch {
      // already gone: Go ignores this too
    }
  }

  /** Yields connections until the listener is closed. */
  [Symbol.asyncIterator](): AsyncIterator<UnixConn> {
    return acceptLoop(this);
  }
}

// ------------------------------------------------------------ SCM_RIGHTS

// The control-message layout of this platform (struct cmsghdr: cmsg_len is
// a size_t on Linux, a socklen_t on the BSDs; then level and type).
const { cmsgHeader: CMSG_HDR, cmsgLenSize: CMSG_LEN_SIZE, cmsgAlign: CMSG_ALIGN } = native.platform;

/** Linux's SCM_MAX_FD: the most descriptors one SCM_RIGHTS message carries. */
const SCM_MAX_FD = 253;

/** An array of descriptors to pass. */
function checkFds(fn: string, fds: unknown): asserts fds is number[] {
  if (!Array.isArray(fds)) throw argTypeError(fn, "fds", "an array of file descriptors", fds);
  for (let i = 0; i < fds.length; i++) checkFd(fn, `fds[${i}]`, fds[i]);
}

function align(n: number): number {
  return (n + CMSG_ALIGN - 1) & ~(CMSG_ALIGN - 1);
}

function cmsgLen(v: DataView, off: number): number {
  return CMSG_LEN_SIZE === 8 ? Number(v.getBigUint64(off, true)) : v.getUint32(off, true);
}

/** Go's syscall.CmsgSpace: room for one control message carrying `dataLen` bytes. */
export function cmsgSpace(dataLen: number): number {
  checkInteger("cmsgSpace", "dataLen", dataLen, 0, 0x7fffffff, "from 0 to 2^31-1");
  return CMSG_HDR + align(dataLen);
}

/** Go's syscall.UnixRights: the control message that passes `fds`. */
export function unixRights(...fds: number[]): Uint8Array {
  checkFds("unixRights", fds);
  const out = new Uint8Array(cmsgSpace(fds.length * 4));
  const v = new DataView(out.buffer);
  if (CMSG_LEN_SIZE === 8) v.setBigUint64(0, BigInt(CMSG_HDR + fds.length * 4), true);
  else v.setUint32(0, CMSG_HDR + fds.length * 4, true);
  v.setInt32(CMSG_LEN_SIZE, C.SOL_SOCKET, true);
  v.setInt32(CMSG_LEN_SIZE + 4, C.SCM_RIGHTS, true);
  fds.forEach((fd, i) => v.setInt32(CMSG_HDR + 4 * i, fd, true));
  return out;
}

/** Go's syscall.ParseUnixRights over every control message in `oob`: the descriptors received. */
export function parseUnixRights(oob: Uint8Array): number[] {
  checkAttachedBytes("parseUnixRights", "oob", oob);
  const v = new DataView(oob.buffer, oob.byteOffset, oob.byteLength);
  const fds: number[] = [];
  for (let off = 0; off + CMSG_HDR <= oob.length; ) {
    const len = cmsgLen(v, off);
    if (len < CMSG_HDR || off + len > oob.length) break;
    const level = v.getInt32(off + CMSG_LEN_SIZE, true);
    if (level === C.SOL_SOCKET && v.getInt32(off + CMSG_LEN_SIZE + 4, true) === C.SCM_RIGHTS) {
      for (let p = off + CMSG_HDR; p + 4 <= off + len; p += 4) fds.push(v.getInt32(p, true));
    }
    off += align(len);
  }
  return fds;
}

// ------------------------------------------------------------ dial / listen

/** A Unix socket of `kind`, after `control`, bound to `bind` when given. */
function openUnix(kind: UnixNetwork, address: string, o: { control?: ControlFn }, bind: string | undefined): Promise<NativeSocket> {
  return openSocket({ family: C.AF_UNIX, type: SOCK_TYPE[kind], control: o.control, controlNet: kind, controlAddr: address, bind });
}

/** Go's DialUnix through the Dialer: `unix`, `unixgram`, `unixpacket`. */
export async function dialUnix(net: Network, address: string, o: DialSettings): Promise<UnixConn> {
  const kind = net.kind as UnixNetwork;
  const laddr = dialLocalAddr(net, o.localAddr, UnixAddr);
  const raddr = new UnixAddr(address, kind);
  if (address === "") throw new OpError({ op: "dial", net: net.name, source: laddr ?? null, err: new Error("missing address") });
  let conn: UnixConn | undefined;
  try {
    const h = await openUnix(kind, address, o, laddr && laddr.name !== "" ? laddr.name : undefined);
    conn = new UnixConn(h, kind, raddr);
    await conn.connect(address);
    return conn;
  } catch (err) {
    void conn?.close();
    throw new OpError({ op: "dial", net: net.name, source: laddr ?? null, addr: raddr, err: innerError(err) });
  }
}

/** Go's ListenUnix: `unix` or `unixpacket`. */
export async function listenUnix(net: Network, address: string, o: ListenSettings): Promise<UnixListener> {
  const kind = net.kind as "unix" | "unixpacket";
  const laddr = new UnixAddr(address, kind);
  try {
    const h = await openUnix(kind, address, o, address);
    const r = h.listen(o.backlog ?? (await defaultBacklog()));
    if (r < 0) {
      h.close();
      throw syscallError("listen", r);
    }
    return new UnixListener(h, kind, address);
  } catch (err) {
    throw new OpError({ op: "listen", net: net.name, addr: laddr, err: innerError(err) });
  }
}

/** Go's ListenUnixgram. */
export async function listenUnixgram(net: Network, address: string, o: ListenSettings): Promise<UnixConn> {
  const laddr = new UnixAddr(address, "unixgram");
  try {
    return new UnixConn(await openUnix("unixgram", address, o, address), "unixgram", null);
  } catch (err) {
    throw new OpError({ op: "listen", net: net.name, addr: laddr, err: innerError(err) });
  }
}
