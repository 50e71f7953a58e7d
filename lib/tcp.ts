// Go's *net.TCPConn and *net.TCPListener over the native socket.

import { TCPAddr } from "./addr.js";
import type { Conn, Listener, RawConn } from "./conn.js";
import { copy } from "./copy.js";
import { ErrClosed, OpError } from "./errors.js";
import { IP } from "./ip.js";
import { type KeepAliveConfig, applyKeepAlive } from "./keepalive.js";
import { SocketRawConn, constants as C } from "./rawconn.js";
import type { NativeAddr, NativeSocket } from "./internal/binding.js";
import { NetFD, READ_CHUNK } from "./internal/fd.js";
import { acceptLoop, chunks, toBytes } from "./internal/stream.js";

/** A native address as a TCPAddr (an empty `a` is the unspecified address). */
export function tcpAddrOf(a: NativeAddr): TCPAddr {
  if (typeof a === "string" || a[0].length === 0) return new TCPAddr(null, 0);
  return new TCPAddr(new IP(a[0]), a[1], a[2] ? String(a[2]) : "");
}

/** Go's `*net.TCPConn`. */
export class TCPConn extends NetFD implements Conn {
  /** @internal Use dial() or a TCPListener. */
  constructor(handle: NativeSocket, laddr?: TCPAddr, raddr?: TCPAddr) {
    super(handle, "tcp", laddr, raddr);
  }

  protected toAddr(a: NativeAddr): TCPAddr {
    return tcpAddrOf(a);
  }

  override get localAddr(): TCPAddr {
    return super.localAddr as TCPAddr;
  }

  get remoteAddr(): TCPAddr {
    return (this.peerAddr as TCPAddr | null) ?? new TCPAddr(null, 0);
  }

  /** Reads into `buf` (count, or null at EOF); without a buffer, the next chunk in a fresh one. */
  read(buf: Uint8Array): Promise<number | null>;
  read(): Promise<Uint8Array | null>;
  read(buf?: Uint8Array): Promise<number | Uint8Array | null> {
    return buf === undefined ? this.readChunk(READ_CHUNK) : this.readInto(buf);
  }

  /** @internal TCP streams splice in copy(). */
  override get zeroCopy(): boolean {
    return true;
  }

  /** @internal The dialer's connect step. */
  connect(ep: [Uint8Array, number, number]): Promise<void> {
    return this.connectTo(...ep);
  }

  /** Resolves when every byte was handed to the kernel. */
  write(data: Uint8Array | string): Promise<number> {
    return this.writeBytes(toBytes(data));
  }

  /** Shuts down the reading side: later reads see EOF. */
  closeRead(): Promise<void> {
    return this.#shutdown(C.SHUT_RD);
  }

  /** Shuts down the writing side: the peer sees EOF; later writes fail. */
  closeWrite(): Promise<void> {
    return this.#shutdown(C.SHUT_WR);
  }

  #shutdown(how: number): Promise<void> {
    const r = this.handle.shutdown(how);
    return r < 0 ? Promise.reject(this.opError("close", r)) : Promise.resolve();
  }

  #set(fn: (raw: SocketRawConn) => void): void {
    if (this.closed) throw this.opError("set", ErrClosed);
    try {
      fn(new SocketRawConn(this.handle, this.net));
    } catch (err) {
      if (err instanceof OpError) throw this.opError("set", err.err);
      throw err;
    }
  }

  setKeepAlive(on: boolean): void {
    this.#set((raw) => raw.setsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE, Boolean(on)));
  }

  /** Since Go 1.23 the period is only the idle time; 0 means 15 s, negative leaves it. */
  setKeepAlivePeriod(ms: number): void {
    this.#set((raw) => applyKeepAlive(raw, { enable: true, idle: ms, interval: -1, count: -1 }));
  }

  setKeepAliveConfig(cfg: KeepAliveConfig): void {
    this.#set((raw) => applyKeepAlive(raw, cfg));
  }

  /** Go's SetLinger: < 0 the default, 0 discards unsent data and resets, > 0 lingers that long. */
  setLinger(sec: number): void {
    if (typeof sec !== "number" || !Number.isInteger(sec)) throw new TypeError("linger must be an integer");
    const linger = new Uint8Array(8);
    const view = new DataView(linger.buffer);
    view.setInt32(0, sec >= 0 ? 1 : 0, true);
    view.setInt32(4, Math.max(sec, 0), true);
    this.#set((raw) => raw.setsockopt(C.SOL_SOCKET, C.SO_LINGER, linger));
  }

  setNoDelay(on: boolean): void {
    this.#set((raw) => raw.setsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, Boolean(on)));
  }

  setReadBuffer(bytes: number): void {
    this.#set((raw) => raw.setsockopt(C.SOL_SOCKET, C.SO_RCVBUF, bytes));
  }

  setWriteBuffer(bytes: number): void {
    this.#set((raw) => raw.setsockopt(C.SOL_SOCKET, C.SO_SNDBUF, bytes));
  }

  syscallConn(): RawConn {
    return new SocketRawConn(this.handle, this.net);
  }

  /** Copies from `src` until EOF (Go's io.ReaderFrom); resolves the byte count. */
  readFrom(src: Conn): Promise<number> {
    return copy(this, src);
  }

  /** Copies to `dst` until EOF (Go's io.WriterTo); resolves the byte count. */
  writeTo(dst: Conn): Promise<number> {
    return copy(dst, this);
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return chunks(this);
  }
}

/** Go's `*net.TCPListener`. */
export class TCPListener extends NetFD implements Listener<TCPConn> {
  readonly #connSetup: ((raw: SocketRawConn) => void) | undefined;

  /** @internal Use listen() or a ListenConfig; `connSetup` configures each accepted conn. */
  constructor(handle: NativeSocket, connSetup?: (raw: SocketRawConn) => void) {
    super(handle, "tcp", undefined, null);
    this.#connSetup = connSetup;
  }

  protected toAddr(a: NativeAddr): TCPAddr {
    return tcpAddrOf(a);
  }

  get addr(): TCPAddr {
    return this.localAddr as TCPAddr;
  }

  /** The next connection, with TCP_NODELAY and keep-alive set as Go sets them. */
  async accept(): Promise<TCPConn> {
    const h = await this.acceptHandle();
    if (this.#connSetup) {
      try {
        this.#connSetup(new SocketRawConn(h, this.net));
      } catch {
        // Go ignores these option errors on accepted conns too.
      }
    }
    return new TCPConn(h);
  }

  syscallConn(): RawConn {
    return new SocketRawConn(this.handle, this.net);
  }

  /** Yields connections until the listener is closed. */
  [Symbol.asyncIterator](): AsyncIterator<TCPConn> {
    return acceptLoop(this);
  }
}
