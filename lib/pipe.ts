// Go's `net.Pipe`: two in-memory Conns joined back to back. There is no
// buffer in between — a write pends until readers on the other end have
// copied every byte straight out of the writer's Uint8Array — so the pair
// behaves like a synchronous, full-duplex wire with Go's deadline and close
// semantics (golang/go src/net/pipe.go).

import type { Addr, Conn, Deadline } from "./conn.js";
import { ErrDeadlineExceeded, NetError, OpError } from "./errors.js";
import { READ_CHUNK } from "./internal/contract.js";
import { Alarm } from "./internal/timer.js";
import { checkIOBuffer, deadlineTime, detachedWhilePending } from "./internal/args.js";

/** Go's `io.ErrClosedPipe`: I/O on a pipe end that was closed (locally, or remotely for writes). */
export const ErrClosedPipe = new NetError("io: read/write on closed pipe", "ERR_CLOSED_PIPE");

/**
 * A write that failed because the pipe was closed. Go returns the bare
 * `io.ErrClosedPipe` here; we return a fresh error with the same message so it
 * can also say how many bytes the peer consumed first (Go's `n`). Match it with
 * `errorIs(err, ErrClosedPipe)` (it wraps the sentinel as `err` and `cause`).
 */
export class ClosedPipeError extends Error {
  /** The sentinel it wraps, ErrClosedPipe. */
  readonly err: Error = ErrClosedPipe;
  /** ErrClosedPipe's code. */
  readonly code = ErrClosedPipe.code;
  /** Bytes of this write the peer had read before the pipe closed. */
  readonly bytesWritten: number;
  constructor(bytesWritten: number) {
    super(ErrClosedPipe.message, { cause: ErrClosedPipe });
    this.name = "ClosedPipeError";
    this.bytesWritten = bytesWritten;
  }
  /** Go's `net.Error` Timeout(): never a timeout. */
  timeout(): boolean {
    return false;
  }
}

/** The address of either end of a pipe: `network` and `toString()` are both `"pipe"`, as in Go. */
export class PipeAddr implements Addr {
  readonly network = "pipe";
  toString(): string {
    return "pipe";
  }
}

/**
 * Creates a synchronous, in-memory, full-duplex connection (Go's `net.Pipe`):
 * bytes written on one end are read on the other.
 *
 * - No buffering: `write` resolves only once readers on the other end consumed
 *   all of it (possibly over several reads); a zero-length write waits for one
 *   read, which returns 0. A zero-length `read(buf)` likewise waits for a writer
 *   and returns 0 without consuming anything.
 * - Writes are atomic with respect to other writes; pending reads and pending
 *   writes are each served in call order.
 * - Deadlines as in Go (see {@link Conn.setDeadline}); timeouts reject with
 *   `OpError` `read pipe: i/o timeout` / `write pipe: i/o timeout`, whose
 *   `bytesWritten` tells how much of a write got through.
 * - After a local `close()`, reads reject with {@link ErrClosedPipe} and writes
 *   with a {@link ClosedPipeError}; `setDeadline*` throw `ErrClosedPipe`. After
 *   the peer closed, reads resolve `null` (EOF) and writes reject with a
 *   `ClosedPipeError`. Closing twice is harmless. (Go's net.Pipe uses
 *   `io.ErrClosedPipe` here, not the sockets' `ErrClosed`.)
 * - A buffer detached (transferred) while its read or write is pending
 *   fails only that operation, as on a socket: an `OpError` whose `err` is a
 *   TypeError (a write's `bytesWritten` counts what the peer had read); the
 *   other end's operation waits for its next partner.
 * - Operations settle on a later event-loop turn, never synchronously, so
 *   busy loops over a pipe cannot starve timers.
 * - `ref()`/`unref()` do nothing: a pipe holds no handle, and its deadline
 *   timers never keep the process alive on their own.
 */
export function pipe(): [Conn, Conn] {
  return PipeConn.pair();
}

const PIPE_ADDR = new PipeAddr();
const utf8 = new TextEncoder();

interface PendingRead {
  /** How many bytes this read can take. */
  readonly capacity: number;
  /** False once the reader's buffer was detached or shrunk below `capacity` while pending. */
  intact(): boolean;
  /** Copies `src` (at most `capacity` bytes) to the reader and resolves. */
  take(src: Uint8Array): void;
  /** Resolves with EOF. */
  eof(): void;
  fail(err: Error): void;
}

interface PendingWrite {
  readonly data: Uint8Array;
  /** data.length when the write was issued: a detached (or shrunk) buffer has fewer. */
  readonly length: number;
  /** Bytes already consumed by readers. */
  offset: number;
  done(): void;
  fail(err: Error): void;
}

/**
 * One direction of a pipe: the writes of one end meet the reads of the other.
 * Only the oldest write is ever served, which keeps writes atomic, and every
 * settled operation leaves the queues at once, so no caller's buffer is
 * touched after its promise settled.
 *
 * Reads and writes meet in a setImmediate callback rather than at once: if
 * they settled synchronously, an echo loop over a pipe would run entirely on
 * microtasks and starve timers — deadlines, and any timer meant to close it.
 */
class Channel {
  readonly #reads: PendingRead[] = [];
  readonly #writes: PendingWrite[] = [];
  #scheduled = false;

  addRead(r: PendingRead): void {
    this.#reads.push(r);
    this.#schedule();
  }

  addWrite(w: PendingWrite): void {
    this.#writes.push(w);
    this.#schedule();
  }

  /** Settles every pending read: with `err`, or with EOF when `err` is null. */
  dropReads(err: Error | null): void {
    for (const r of this.#reads.splice(0)) {
      if (err) r.fail(err);
      else r.eof();
    }
  }

  /** Fails every pending write with the error `makeErr` builds from its progress. */
  dropWrites(makeErr: (bytesWritten: number) => Error): void {
    for (const w of this.#writes.splice(0)) w.fail(makeErr(w.offset));
  }

  #schedule(): void {
    if (this.#scheduled || this.#reads.length === 0 || this.#writes.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#match();
    });
  }

  #match(): void {
    while (this.#reads.length > 0 && this.#writes.length > 0) {
      // A buffer detached while pending fails only its own operation (as
      // on a socket); the other side stays queued for the next partner.
      const w = this.#writes[0]!;
      if (w.data.length < w.length) {
        this.#writes.shift();
        w.fail(new OpError({ op: "write", net: "pipe", err: detachedWhilePending(), bytesWritten: w.offset }));
        continue;
      }
      const r = this.#reads.shift()!;
      if (!r.intact()) {
        r.fail(new OpError({ op: "read", net: "pipe", err: detachedWhilePending() }));
        continue;
      }
      const n = Math.min(r.capacity, w.length - w.offset);
      r.take(w.data.subarray(w.offset, w.offset + n));
      w.offset += n;
      // `>=` also completes a zero-length write, which needs exactly one read.
      if (w.offset >= w.length) {
        this.#writes.shift();
        w.done();
      }
    }
  }
}

/** One direction's deadline (Go's `pipeDeadline`). */
class PipeDeadline {
  /** Epoch ms; 0 means none. */
  #at = 0;
  // Unref'd: a deadline alone must not keep the process alive.
  readonly #alarm: Alarm;
  readonly #onExpire: () => void;

  constructor(onExpire: () => void) {
    this.#onExpire = onExpire;
    this.#alarm = new Alarm(onExpire, { ref: false });
  }

  /** A deadline equal to now already counts as passed, as in Go. */
  expired(): boolean {
    return this.#at !== 0 && Date.now() >= this.#at;
  }

  set(at: number): void {
    this.stop();
    this.#at = at;
    if (at === 0) return;
    if (this.expired()) this.#onExpire();
    else this.#alarm.at(at);
  }

  stop(): void {
    this.#alarm.cancel();
  }
}

function timeoutError(op: "read" | "write", bytesWritten = 0): OpError {
  return new OpError({ op, net: "pipe", err: ErrDeadlineExceeded, bytesWritten });
}

/** One end of a pipe. */
class PipeConn implements Conn {
  /** The other end; set by pair() right after both ends exist. */
  #peer!: PipeConn;
  #closed = false;
  /** Where this end's reads wait (the peer writes into it). */
  readonly #rx: Channel;
  /** Where this end's writes wait (the peer reads from it). */
  readonly #tx: Channel;
  readonly #readDeadline: PipeDeadline;
  readonly #writeDeadline: PipeDeadline;

  constructor(rx: Channel, tx: Channel) {
    this.#rx = rx;
    this.#tx = tx;
    this.#readDeadline = new PipeDeadline(() => rx.dropReads(timeoutError("read")));
    this.#writeDeadline = new PipeDeadline(() => tx.dropWrites((n) => timeoutError("write", n)));
  }

  /** Two ends joined by a channel in each direction. */
  static pair(): [PipeConn, PipeConn] {
    const aToB = new Channel();
    const bToA = new Channel();
    const a = new PipeConn(bToA, aToB);
    const b = new PipeConn(aToB, bToA);
    a.#peer = b;
    b.#peer = a;
    return [a, b];
  }

  get localAddr(): Addr {
    return PIPE_ADDR;
  }

  get remoteAddr(): Addr {
    return PIPE_ADDR;
  }

  read(buf: Uint8Array): Promise<number | null>;
  read(): Promise<Uint8Array | null>;
  async read(buf?: Uint8Array): Promise<number | Uint8Array | null> {
    if (buf !== undefined) checkIOBuffer("read", "buf", buf, false);
    // Go's order: local close, then remote close, then the deadline — all
    // before any data moves, so an expired deadline consumes nothing.
    if (this.#closed) throw ErrClosedPipe;
    if (this.#peer.#closed) return null;
    if (this.#readDeadline.expired()) throw timeoutError("read");
    if (buf === undefined) return this.#pendRead(READ_CHUNK, () => true, (src) => src.slice());
    const capacity = buf.length;
    return this.#pendRead(capacity, () => buf.length >= capacity, (src) => {
      buf.set(src);
      return src.length;
    });
  }

  async write(data: Uint8Array | string): Promise<number> {
    checkIOBuffer("write", "data", data, true);
    const bytes = typeof data === "string" ? utf8.encode(data) : data;
    if (this.#closed || this.#peer.#closed) throw new ClosedPipeError(0);
    if (this.#writeDeadline.expired()) throw timeoutError("write");
    return new Promise((resolve, reject) => {
      this.#tx.addWrite({ data: bytes, length: bytes.length, offset: 0, done: () => resolve(bytes.length), fail: reject });
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#readDeadline.stop();
    this.#writeDeadline.stop();
    this.#rx.dropReads(ErrClosedPipe);
    this.#tx.dropWrites((n) => new ClosedPipeError(n));
    this.#tx.dropReads(null);
    this.#rx.dropWrites((n) => new ClosedPipeError(n));
  }

  setDeadline(t: Deadline): void {
    const at = this.#deadlineFor("setDeadline", t);
    this.#readDeadline.set(at);
    this.#writeDeadline.set(at);
  }

  setReadDeadline(t: Deadline): void {
    this.#readDeadline.set(this.#deadlineFor("setReadDeadline", t));
  }

  setWriteDeadline(t: Deadline): void {
    this.#writeDeadline.set(this.#deadlineFor("setWriteDeadline", t));
  }

  /** A pipe holds no handle, so there is nothing to ref. */
  ref(): this {
    return this;
  }

  /** A pipe holds no handle, so there is nothing to unref. */
  unref(): this {
    return this;
  }

  /** Yields chunks until EOF; empty chunks (zero-length writes) are consumed but not yielded. Breaking out leaves the pipe open. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (;;) {
      const chunk = await this.read();
      if (chunk === null) return;
      if (chunk.length > 0) yield chunk;
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #pendRead<T>(capacity: number, intact: () => boolean, copyOut: (src: Uint8Array) => T): Promise<T | null> {
    return new Promise((resolve, reject) => {
      this.#rx.addRead({
        capacity,
        intact,
        take: (src) => resolve(copyOut(src)),
        eof: () => resolve(null),
        fail: reject,
      });
    });
  }

  /** Go's SetDeadline on a closed pipe returns io.ErrClosedPipe; here it throws. */
  #deadlineFor(fn: string, t: Deadline): number {
    if (this.#closed) throw ErrClosedPipe;
    return deadlineTime(fn, t);
  }
}
