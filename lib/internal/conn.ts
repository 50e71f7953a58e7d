// SocketConn: what every Conn over a socket shares (Go's `conn` in net.go,
// which TCPConn, UDPConn, IPConn and UnixConn embed): reading, writing and
// iterating, the buffer sizes, option calls with Go's errors, and the
// half-close that the stream types expose as closeRead/closeWrite.

import type { Addr } from "../conn.js";
import { ErrClosed, OpError } from "../errors.js";
import { SocketRawConn, constants as C } from "../rawconn.js";
import { READ_CHUNK } from "./contract.js";
import { NetFD } from "./fd.js";
import { argTypeError, checkInteger } from "./args.js";
import { checkReadBuffer, chunks, toBytes } from "./stream.js";

export abstract class SocketConn<A extends Addr> extends NetFD<A> {
  /**
   * Reads into `buf`: the count, or null at EOF (a datagram longer than
   * `buf` is cut to it, as Go). Without a buffer: the next chunk (or
   * datagram) in a fresh one.
   */
  read(buf: Uint8Array): Promise<number | null>;
  read(): Promise<Uint8Array | null>;
  read(buf?: Uint8Array): Promise<number | Uint8Array | null> {
    if (buf === undefined) return this.readChunk(READ_CHUNK);
    checkReadBuffer(buf, "read");
    return this.readInto(buf);
  }

  /** Resolves when every byte was handed to the kernel (on a datagram socket: one datagram, an empty one too). */
  write(data: Uint8Array | string): Promise<number> {
    return this.writeBytes(toBytes(data, "write"));
  }

  /**
   * Writes every buffer in one gathered system call (Go's `net.Buffers`
   * WriteTo; writev): a header and a body go out without being copied
   * together. Resolves the total once every byte was handed to the kernel;
   * on a datagram socket they form one datagram.
   */
  writeBuffers(buffers: readonly (Uint8Array | string)[]): Promise<number> {
    if (!Array.isArray(buffers)) throw argTypeError("writeBuffers", "buffers", "an array of Uint8Arrays or strings", buffers);
    const bufs = buffers.map((b, i) => toBytes(b, "writeBuffers", `buffers[${i}]`));
    let total = 0;
    for (const b of bufs) total += b.length;
    return this.writeGathered(bufs, total);
  }

  /** `for await (const chunk of conn)`: fresh chunks until EOF. */
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return chunks(this);
  }

  /** SO_RCVBUF: the kernel's receive buffer size. */
  setReadBuffer(bytes: number): void {
    checkInteger("setReadBuffer", "bytes", bytes, 0, 0x7fffffff, "from 0 to 2^31-1");
    this.setOption((raw) => raw.setsockopt(C.SOL_SOCKET, C.SO_RCVBUF, bytes));
  }

  /** SO_SNDBUF: the kernel's send buffer size. */
  setWriteBuffer(bytes: number): void {
    checkInteger("setWriteBuffer", "bytes", bytes, 0, 0x7fffffff, "from 0 to 2^31-1");
    this.setOption((raw) => raw.setsockopt(C.SOL_SOCKET, C.SO_SNDBUF, bytes));
  }

  /** Runs option calls on this socket; a failure is Go's `set` OpError naming this conn. */
  protected setOption(fn: (raw: SocketRawConn) => void): void {
    if (this.closed) throw this.opError("set", ErrClosed);
    try {
      fn(new SocketRawConn(this.handle, this.net));
    } catch (err) {
      if (err instanceof OpError) throw this.opError("set", err.err);
      throw err;
    }
  }

  /** Shuts down one direction (SHUT_RD, SHUT_WR); a failure is Go's `close ...: shutdown: ...` OpError. */
  protected shutdown(how: number): Promise<void> {
    const r = this.handle.shutdown(how);
    return r < 0 ? Promise.reject(this.opError("close", this.causeOf("shutdown", r))) : Promise.resolve();
  }
}
