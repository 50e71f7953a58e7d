// NetFD: the base of every socket-backed Conn, Listener and PacketConn
// (Go's netFD). It owns the native handle, mirrors the native FIFO of
// parked operations with a FIFO of promise settlers, and turns native result
// codes into Go's errors.

import { Buffer } from "node:buffer";
import type { Addr, Deadline, RawConn } from "../conn.js";
import { ErrClosed, ErrDeadlineExceeded, OpError } from "../errors.js";
import { SocketRawConn } from "../rawconn.js";
import { type CompletionTarget, type NativeAddr, type NativeSocket, OpKind, Result, Side, isWriteKind } from "./binding.js";
import { deadlineTime, detachedWhilePending } from "./args.js";
import { syscallError } from "./errno.js";
import { READ_CHUNK } from "./contract.js";

/**
 * One direction's pending operations, oldest first: nothing, one waiter, or
 * an array when several wait. Most sockets have at most one op pending per
 * direction, and an array would cost ~150 bytes per idle connection.
 */
type Fifo = Waiter | Waiter[] | undefined;

function fifoPush(q: Fifo, w: Waiter): Fifo {
  if (q === undefined) return w;
  if (Array.isArray(q)) {
    q.push(w);
    return q;
  }
  return [q, w];
}

interface Waiter {
  op: string;
  /** The syscall its errors name when it is not the op's usual one (recvfrom, sendmsg...). */
  syscall?: string;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

const READ_LOCK = 1 << Side.Read;
const WRITE_LOCK = 1 << Side.Write;

/** Scratch for the bytes a failed write had already sent (write's and close's aux argument). */
const writeAux = new Float64Array(1);

/**
 * Where every push-style read lands (native readStart pins it): one chunk at
 * a time, copied into the consumer's Buffer before the completion returns.
 */
const LANDING = Buffer.allocUnsafeSlow(READ_CHUNK);

/** A push-style reader (readStart): each chunk, then once (null, null) at EOF or (null, err). */
export type ChunkSink = (chunk: Buffer | null, err: Error | null) => void;

/** How a callback-style write (writeNow) ends: (null, bytes) once the kernel took every byte, or (err, 0). */
export type WriteDone = (err: Error | null, n: number) => void;

/** An operation issued while its side was locked: it starts once the lock is released. */
interface Deferred {
  lock: number;
  run(): void;
}

/** The syscall Go names in a failed operation's message. */
const SYSCALL: Record<string, string> = {
  read: "read",
  write: "write",
  accept: "accept",
  dial: "connect",
};

/** Converts a Go-style deadline into the native delay: +Infinity clears, <= 0 has passed. */
function deadlineDelay(fn: string, t: Deadline | undefined): number {
  const at = deadlineTime(fn, t);
  return at === 0 ? Infinity : at - Date.now();
}

/** `A`: the address type of this socket's network (TCPAddr, UDPAddr, ...). */
export abstract class NetFD<A extends Addr = Addr> implements CompletionTarget {
  /** @internal */
  readonly handle: NativeSocket;
  /** @internal The network name errors print (`tcp`, `udp`, `unix`...). */
  readonly net: string;
  #rq: Fifo = undefined;
  #wq: Fifo = undefined;
  #closed = false;
  /** Sides held by a copy (bit 1 << Side): Go's fdMutex read and write locks. */
  #locked = 0;
  #deferred: Deferred[] | undefined;
  #laddr: A | undefined;
  #raddr: A | null | undefined;
  /** The push-style reader, and whether it wants chunks now (it may wait for a copy's read lock). */
  #sink: ChunkSink | undefined;
  #streaming = false;

  protected constructor(handle: NativeSocket, net: string, laddr?: A, raddr?: A | null) {
    this.handle = handle;
    this.net = net;
    this.#laddr = laddr;
    this.#raddr = raddr;
    handle.owner = this;
  }

  /** Turns a native address into this socket's Addr type. */
  protected abstract toAddr(a: NativeAddr): A;

  /** Go caches both addresses at creation; we fetch them on first use (and before close). */
  get localAddr(): A {
    if (this.#laddr === undefined) {
      const a = this.handle.localAddr();
      this.#laddr = typeof a === "number" ? this.toAddr("") : this.toAddr(a);
    }
    return this.#laddr;
  }

  /** @internal The peer, or null for unconnected sockets and listeners. */
  protected get peerAddr(): A | null {
    if (this.#raddr === undefined) {
      const a = this.handle.remoteAddr();
      this.#raddr = typeof a === "number" ? null : this.toAddr(a);
    }
    return this.#raddr;
  }

  /** Whether close() has been called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The descriptor (-1 once closed). */
  get fd(): number {
    return this.handle.fd();
  }

  /** Go's SyscallConn: the socket for raw options (setsockopt, getsockopt, control). */
  syscallConn(): RawConn {
    return new SocketRawConn(this.handle, this.net);
  }

  // ------------------------------------------------------------ I/O

  protected readInto(buf: Uint8Array): Promise<number | null> {
    if (this.#locked & READ_LOCK) return this.#later(READ_LOCK, () => this.readInto(buf));
    return this.readHeld(buf, "read");
  }

  /**
   * @internal A read by whoever holds the read lock (a copy): no lock
   * check. Errors are `op`'s, naming the read(2) that failed.
   */
  readHeld(buf: Uint8Array, op: string): Promise<number | null> {
    const r = this.handle.read(buf);
    if (r >= 0) return Promise.resolve(r);
    if (r === Result.Pending) return this.#park(false, op, "read");
    if (r === Result.Eof) return Promise.resolve(null);
    return Promise.reject(this.opError(op, this.causeOf("read", r)));
  }

  protected readChunk(max: number): Promise<Uint8Array | null> {
    if (this.#locked & READ_LOCK) return this.#later(READ_LOCK, () => this.readChunk(max));
    const r = this.handle.readAlloc(max);
    if (typeof r !== "number") return Promise.resolve(r);
    if (r === Result.Pending) return this.#park(false, "read");
    if (r === Result.Eof) return Promise.resolve(null);
    return Promise.reject(this.opError("read", r));
  }

  protected writeBytes(buf: Uint8Array): Promise<number> {
    if (this.#locked & WRITE_LOCK) return this.#later(WRITE_LOCK, () => this.writeBytes(buf));
    return this.writeHeld(buf, "write");
  }

  /** @internal A write by whoever holds the write lock (a copy); errors as readHeld's. */
  writeHeld(buf: Uint8Array, op: string): Promise<number> {
    return this.#written(this.handle.write(buf, writeAux), buf.length, op);
  }

  /** One gathered write of `bufs`, `total` bytes in all. */
  protected writeGathered(bufs: Uint8Array[], total: number): Promise<number> {
    if (this.#locked & WRITE_LOCK) return this.#later(WRITE_LOCK, () => this.writeGathered(bufs, total));
    return this.#written(this.handle.writev(bufs, total, writeAux), total, "write");
  }

  /**
   * @internal Writes `bufs` (`total` bytes; one buffer goes through write,
   * more through one writev) and reports through `done` instead of a
   * promise (the Socket adapter, as net.Socket's handle does): inside this
   * call when the kernel takes every byte at once, the usual case, else
   * from the completion. No promise and, unless the write parks, no
   * allocation. Ordering, locks and errors are writeBytes' and writeGathered's.
   */
  writeNow(bufs: Uint8Array[], total: number, done: WriteDone): void {
    if (this.#locked & WRITE_LOCK) {
      const writing = bufs.length === 1 ? this.writeBytes(bufs[0]!) : this.writeGathered(bufs, total);
      writing.then((n) => done(null, n), (err: Error) => done(err, 0));
      return;
    }
    const r = bufs.length === 1 ? this.handle.write(bufs[0]!, writeAux) : this.handle.writev(bufs, total, writeAux);
    if (r >= 0) done(null, total);
    else if (r === Result.Pending) {
      this.#enqueue(true, { op: "write", resolve: (n) => done(null, n as number), reject: (err) => done(err as Error, 0) });
    } else done(this.#writeError(r, "write"), 0);
  }

  /**
   * @internal Takes `side` for a copy (Go's fdMutex: TCPConn.ReadFrom holds
   * the write lock while it splices), so that reads or writes issued
   * meanwhile start after it, in call order. Resolves at once (undefined)
   * when the side is free, else once the copy holding it unlocks.
   */
  lock(side: Side): Promise<void> | undefined {
    const bit = 1 << side;
    if ((this.#locked & bit) === 0) {
      this.#take(bit);
      return undefined;
    }
    return this.#later(bit, () => {
      this.#take(bit);
      return Promise.resolve();
    });
  }

  /** A copy holding the read lock reads alone: a push-style reader pauses until it unlocks. */
  #take(bit: number): void {
    this.#locked |= bit;
    if (bit === READ_LOCK && this.#streaming) this.handle.readStop();
  }

  /** @internal Releases `side`; what waited for it starts, oldest first. */
  unlock(side: Side): void {
    this.#locked &= ~(1 << side);
    this.#startDeferred();
    if (side === Side.Read && this.#streaming && !(this.#locked & READ_LOCK)) this.#startStream();
  }

  /**
   * @internal Push-style reads (the Socket adapter): `sink` gets every chunk
   * in a Buffer of its own as it arrives, with no promise per chunk, until
   * readStop(), then (null, null) at EOF or (null, err) once (a read error,
   * the read deadline, close). Reads parked before it and a copy holding
   * the read lock go first. Never calls `sink` inside this call.
   */
  readStart(sink: ChunkSink): void {
    this.#sink = sink;
    if (this.#streaming) return;
    this.#streaming = true;
    if (!(this.#locked & READ_LOCK)) this.#startStream();
  }

  /** @internal Stops push-style reads; what is not read yet stays in the kernel (TCP's window closes). */
  readStop(): void {
    if (!this.#streaming) return;
    this.#streaming = false;
    this.handle.readStop();
  }

  /** @internal Whether readStart works here: connected streams only. */
  get pushReads(): boolean {
    return this.net === "tcp" || this.net === "unix";
  }

  #startStream(): void {
    const r = this.handle.readStart(LANDING);
    if (r !== 0) queueMicrotask(() => this.#streamed(r));
  }

  /** A Stream completion: a chunk's length in LANDING, or the stream's last result. */
  #streamed(r: number): void {
    const sink = this.#sink;
    if (r > 0) {
      const chunk = Buffer.allocUnsafe(r);
      LANDING.copy(chunk, 0, 0, r);
      sink?.(chunk, null);
      return;
    }
    if (!this.#streaming) return;
    this.#streaming = false;
    sink?.(null, r === Result.Eof ? null : this.opError("read", r));
  }

  #later<T>(lock: number, op: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      (this.#deferred ??= []).push({ lock, run: () => void op().then(resolve, reject) });
    });
  }

  #startDeferred(): void {
    const q = this.#deferred;
    if (q === undefined) return;
    // An op started here may take a lock again (a second copy): what comes
    // after it on that side keeps waiting.
    for (let i = 0; i < q.length; ) {
      if (this.#locked & q[i]!.lock) {
        i++;
        continue;
      }
      q.splice(i, 1)[0]!.run();
    }
    if (q.length === 0) this.#deferred = undefined;
  }

  /** A write's native result: success means every byte went (a native count stops at 2^31-1). */
  #written(r: number, length: number, op: string): Promise<number> {
    if (r >= 0) return Promise.resolve(length);
    if (r === Result.Pending) return this.#park(true, op, "write");
    return Promise.reject(this.#writeError(r, op));
  }

  /** A failed write's OpError, with the bytes it had sent (writeAux) before failing. */
  #writeError(r: number, op: string): OpError {
    const sent = writeAux[0];
    writeAux[0] = 0;
    return this.opError(op, this.causeOf("write", r), sent);
  }

  protected acceptHandle(): Promise<NativeSocket> {
    const r = this.handle.accept();
    if (typeof r !== "number") return Promise.resolve(r);
    if (r === Result.Pending) return this.#park(false, "accept");
    return Promise.reject(this.opError("accept", r));
  }

  /** Resolves once connected; rejects with the raw cause (the dialer wraps it). */
  protected connectTo(ip: Uint8Array | string, port?: number, scope?: number): Promise<void> {
    const r = this.handle.connect(ip, port, scope);
    if (r === 0) return Promise.resolve();
    if (r === Result.Pending) return this.#park(true, "dial");
    return Promise.reject(this.causeOf("dial", r));
  }

  /** @internal Resolves when `side` may be read (written) again; errors are `op`'s. */
  waitFor(side: Side, op: string): Promise<void> {
    const r = this.handle.wait(side);
    if (r === 0) return Promise.resolve();
    if (r === Result.Pending) return this.#park(side === Side.Write, op);
    return Promise.reject(this.opError(op, r));
  }

  /** @internal Whether copy() may splice to or from this socket (a connected stream). */
  get zeroCopy(): boolean {
    return false;
  }

  /** @internal Go's OpError for a native result code of `op` on this socket. */
  errorFor(op: string, code: number): OpError {
    return this.opError(op, code);
  }

  /** `syscall`: what errors name when it differs from `op` (a copy's reads and writes). */
  #park<T>(write: boolean, op: string, syscall?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#enqueue(write, { op, syscall: syscall === op ? undefined : syscall, resolve: resolve as (v: unknown) => void, reject });
    });
  }

  #enqueue(write: boolean, w: Waiter): void {
    if (write) this.#wq = fifoPush(this.#wq, w);
    else this.#rq = fifoPush(this.#rq, w);
  }

  #dequeue(write: boolean): Waiter | undefined {
    const q = write ? this.#wq : this.#rq;
    if (!Array.isArray(q)) {
      if (write) this.#wq = undefined;
      else this.#rq = undefined;
      return q;
    }
    const w = q.shift();
    if (q.length === 0) {
      if (write) this.#wq = undefined;
      else this.#rq = undefined;
    }
    return w;
  }

  /**
   * Parks an operation a subclass started (datagram and message ops) in
   * the read or write FIFO. `settle` runs inside the completion, before any
   * other operation of this socket can reuse the info area it reads; it gets
   * the count (null at EOF). Errors name `syscall`.
   */
  protected parkOp<T>(
    write: boolean,
    op: string,
    syscall: string,
    settle: (result: number | null) => T,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#enqueue(write, {
        op,
        syscall,
        resolve: (v) => resolve(settle(v as number | null)),
        reject,
      });
    });
  }

  /** @internal Called by the native sink, in FIFO order per direction. */
  complete(kind: OpKind, result: unknown, extra: number): void {
    if (kind === OpKind.Stream) return this.#streamed(result as number);
    const w = this.#dequeue(isWriteKind(kind));
    if (!w) return;
    if (typeof result !== "number" || result >= 0) {
      // A finished write reports its exact total in `extra` (a double).
      w.resolve(kind === OpKind.Connect ? undefined : kind === OpKind.Write || kind === OpKind.Writev ? extra : result);
    } else if (result === Result.Eof) {
      w.resolve(null);
    } else if (kind === OpKind.Connect) {
      w.reject(this.causeOf("dial", result));
    } else {
      w.reject(this.opError(w.op, w.syscall === undefined ? result : this.causeOf(w.syscall, result), extra));
    }
  }

  // ------------------------------------------------------------ errors

  /** The error inside an OpError for a native result code. */
  protected causeOf(op: string, code: number): Error {
    switch (code) {
      case Result.Timeout:
        return ErrDeadlineExceeded;
      case Result.Closed:
        return ErrClosed;
      case Result.Detached:
        return detachedWhilePending();
      default:
        return syscallError(SYSCALL[op] ?? op, code);
    }
  }

  /** Go's OpError for `op` on this socket: `read tcp L->R: ...`, `accept tcp L: ...`. */
  protected opError(op: string, code: number | Error, bytesWritten = 0): OpError {
    const err = typeof code === "number" ? this.causeOf(op, code) : code;
    const remote = op === "accept" || op === "set" ? null : this.peerAddr;
    const local = this.#laddr ?? (this.#closed ? null : this.localAddr);
    return new OpError({
      op,
      net: this.net,
      source: remote ? local : null,
      addr: remote ?? local,
      err,
      bytesWritten,
    });
  }

  // ------------------------------------------------------------ deadlines

  /**
   * Go's `SetDeadline`: the read and write deadlines at once. Pending and
   * later operations fail with ErrDeadlineExceeded once `t` passes; null or 0 clears.
   * @throws TypeError/RangeError for a `t` that is not a Date, a finite number or null; OpError(ErrClosed) after close().
   */
  setDeadline(t: Deadline): void {
    const ms = deadlineDelay("setDeadline", t);
    this.#checkOpen();
    this.handle.setDeadline(Side.Read, ms);
    this.handle.setDeadline(Side.Write, ms);
  }

  /** Go's `SetReadDeadline`: as setDeadline, for reads (and accepts) only. */
  setReadDeadline(t: Deadline): void {
    const ms = deadlineDelay("setReadDeadline", t);
    this.#checkOpen();
    this.handle.setDeadline(Side.Read, ms);
  }

  /** Go's `SetWriteDeadline`: as setDeadline, for writes only. */
  setWriteDeadline(t: Deadline): void {
    const ms = deadlineDelay("setWriteDeadline", t);
    this.#checkOpen();
    this.handle.setDeadline(Side.Write, ms);
  }

  #checkOpen(): void {
    if (this.#closed) throw this.opError("set", ErrClosed);
  }

  // ------------------------------------------------------------ lifetime

  /** Keeps the process alive while an operation is pending (the default). */
  ref(): this {
    this.handle.ref();
    return this;
  }

  /** Lets the process exit even while an operation is pending. */
  unref(): this {
    this.handle.unref();
    return this;
  }

  /**
   * Closes the socket: every pending and later operation fails with
   * ErrClosed. Closing twice is harmless.
   */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    // Go keeps both addresses valid after Close: capture them while the fd exists.
    void this.localAddr;
    void this.peerAddr;
    this.#closed = true;
    this.beforeClose();
    this.handle.close(writeAux);
    const sent = writeAux[0];
    writeAux[0] = 0;
    this.#rejectAll(false, 0);
    this.#rejectAll(true, sent);
    // A push-style reader ends as a parked read would: with ErrClosed, a turn later.
    if (this.#streaming) queueMicrotask(() => this.#streamed(Result.Closed));
    // Ops waiting for a copy's lock start now and fail with ErrClosed.
    this.#locked = 0;
    this.#startDeferred();
    return Promise.resolve();
  }

  /** Hook for subclasses, run before the descriptor closes (a Unix listener unlinks its file, as Go). */
  protected beforeClose(): void {}

  /** Rejects a queue with ErrClosed; the oldest op had sent `sent` bytes (only a write can have). */
  #rejectAll(write: boolean, sent: number): void {
    for (let w = this.#dequeue(write); w; w = this.#dequeue(write)) {
      w.reject(this.opError(w.op, Result.Closed, sent));
      sent = 0;
    }
  }

  /** `await using`: close() at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
