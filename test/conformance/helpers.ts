// The building blocks of the nettest conformance suite (golang.org/x/net/nettest
// conntest.go, restated in shared/reference/nettest-spec.md (the project brief) §2): a test
// context that collects failures from concurrent tasks, byte sources and sinks,
// and the chunkedCopy / testRoundtrip / resyncConn / checkForTimeoutError
// procedures. Everything here is generic over any Conn.

import type { Conn } from "../../lib/conn.js";
import { isTimeout } from "../../lib/errors.js";

/** The suite's "deadline in the past": 1977-05-25T00:00:00Z. */
export const A_LONG_TIME_AGO = new Date(233431200 * 1000);
/** The suite's "no deadline" (Go's zero time). */
export const NEVER_TIMEOUT = null;

/** The read half of a Conn, so sources and sinks can stand in for one. */
export interface Reader {
  read(buf: Uint8Array): Promise<number | null>;
}

/** The write half of a Conn. */
export interface Writer {
  write(data: Uint8Array): Promise<number>;
}

/** Stands for Go's `io.EOF` where the suite treats end-of-stream as an error. */
export const EOF = new Error("EOF");

/**
 * Go's `*testing.T` for one subtest: concurrent tasks report failures here
 * (like `t.Errorf`) instead of throwing into nowhere, and background copies are
 * tracked so the harness can wait for them after `stop()`.
 */
export class TestRun {
  readonly #failures: string[] = [];
  readonly #pumps: Promise<void>[] = [];

  /** Records a failure and lets the test carry on. */
  errorf(message: string): void {
    this.#failures.push(message);
  }

  /** Starts a task the test joins; whatever it throws becomes a failure. */
  spawn(task: () => Promise<void>): Promise<void> {
    return task().catch((err: unknown) => this.errorf(describeError(err)));
  }

  /** Starts a background copy whose error is ignored; it must end once the pipe is stopped. */
  pump(task: () => Promise<void>): void {
    this.#pumps.push(task().catch(() => undefined));
  }

  /** Waits for every background copy, failing if one outlives `stop()` by more than `limitMs`. */
  async joinPumps(limitMs: number): Promise<void> {
    const ended = await withinTime(Promise.all(this.#pumps), limitMs);
    if (!ended) this.errorf(`a background copy was still running ${limitMs} ms after stop()`);
  }

  /** Throws one error listing every recorded failure, if any. */
  assertPassed(): void {
    if (this.#failures.length > 0) throw new Error(this.#failures.join("\n"));
  }
}

/** Resolves true if `p` settles within `ms`, false otherwise. */
async function withinTime(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true as const), expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lets the event loop run once (timers, I/O callbacks, native completions). */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The outcome of a promise as a value, so a test can inspect both paths. */
export type Settled<T> = { ok: true; value: T } | { ok: false; err: unknown };

export function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true, value }),
    (err: unknown) => ({ ok: false, err }),
  );
}

/** The error a settled read stands for: its rejection, EOF for `null`, or `null` for data. */
export function readError(r: Settled<number | null>): unknown {
  if (!r.ok) return r.err;
  return r.value === null ? EOF : null;
}

/** A deterministic PRNG (xorshift32); any fixed byte stream serves the suite. */
export function prng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** `n` deterministic pseudo-random bytes. */
export function randomBytes(n: number, seed: number): Uint8Array {
  const next = prng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = next() & 0xff;
  return out;
}

/**
 * An endless deterministic pseudo-random byte source. Every read first lets
 * the event loop turn: Go would preempt the goroutine copying from it, while a
 * JS pump into a conn that never pushes back would otherwise spin on
 * microtasks forever and starve every timer.
 */
export function randomStream(seed: number): Reader {
  const next = prng(seed);
  return {
    async read(buf) {
      await tick();
      for (let i = 0; i < buf.length; i++) buf[i] = next() & 0xff;
      return buf.length;
    },
  };
}

/** A source that yields `data`, then EOF. */
export function memoryReader(data: Uint8Array): Reader {
  let off = 0;
  return {
    async read(buf) {
      if (off >= data.length) return null;
      const n = Math.min(buf.length, data.length - off);
      buf.set(data.subarray(off, off + n));
      off += n;
      return n;
    },
  };
}

/** A sink that keeps everything written to it. */
export class MemorySink implements Writer {
  readonly #chunks: Uint8Array[] = [];

  async write(data: Uint8Array): Promise<number> {
    this.#chunks.push(data.slice());
    return data.length;
  }

  bytes(): Uint8Array {
    return Buffer.concat(this.#chunks);
  }
}

/** A sink that drops everything, optionally showing each chunk to `inspect` first. */
export function discard(inspect?: (chunk: Uint8Array) => void): Writer {
  return {
    async write(data) {
      inspect?.(data);
      return data.length;
    },
  };
}

/**
 * Copies `src` to `dst` through a 1024-byte buffer until EOF (success) or the
 * first error (thrown). The small buffer keeps packet conns (unixpacket) from
 * ever receiving a message larger than a reader's buffer.
 */
export async function chunkedCopy(dst: Writer, src: Reader): Promise<void> {
  const buf = new Uint8Array(1024);
  for (;;) {
    const n = await src.read(buf);
    if (n === null) return;
    if (n > 0) await dst.write(buf.subarray(0, n));
  }
}

/**
 * Go's `io.ReadFull`: fills `buf` or fails. Returns "eof" for a clean EOF
 * before the first byte; throws "unexpected EOF" for one in the middle.
 */
export async function readFull(c: Reader, buf: Uint8Array): Promise<"ok" | "eof"> {
  let off = 0;
  while (off < buf.length) {
    const n = await c.read(buf.subarray(off));
    if (n === null) {
      if (off === 0) return "eof";
      throw new Error("unexpected EOF");
    }
    off += n;
  }
  return "ok";
}

/**
 * Passes iff `err` is a Go `net.Error` (has `timeout()`) reporting a timeout.
 * A non-error outcome is passed as `null`.
 */
export function checkForTimeoutError(t: TestRun, err: unknown): void {
  const hasTimeout = typeof (err as { timeout?: unknown } | null)?.timeout === "function";
  if (!hasTimeout) {
    t.errorf(`got ${typeName(err)}: ${describeError(err)}, want net.Error`);
  } else if (!isTimeout(err)) {
    t.errorf(`got error: ${describeError(err)}, want err.timeout() = true`);
  }
}

function typeName(v: unknown): string {
  if (v === null) return "<nil>";
  return (v as object).constructor?.name ?? typeof v;
}

const HELLO = "Hello, world!";

/** Writes "Hello, world!" and expects it echoed back by the peer; throws on any failure. */
export async function testRoundtrip(c: Conn): Promise<void> {
  try {
    c.setDeadline(NEVER_TIMEOUT);
  } catch (err) {
    throw new Error(`roundtrip SetDeadline error: ${describeError(err)}`);
  }
  const msg = new TextEncoder().encode(HELLO);
  await c.write(msg).catch((err: unknown) => {
    throw new Error(`roundtrip Write error: ${describeError(err)}`);
  });
  const got = new Uint8Array(msg.length);
  const res = await readFull(c, got).catch((err: unknown) => {
    throw new Error(`roundtrip Read error: ${describeError(err)}`);
  });
  if (res === "eof") throw new Error("roundtrip Read error: EOF");
  const text = new TextDecoder().decode(got);
  if (text !== HELLO) throw new Error(`roundtrip data mismatch: got ${JSON.stringify(text)}, want ${JSON.stringify(HELLO)}`);
}

/**
 * Discards echo traffic still queued from earlier phases: sends a 0xFF marker
 * and reads until it comes back. The write runs concurrently with the reads
 * because on a synchronous pipe it completes only once the peer read it.
 */
export async function resyncConn(t: TestRun, c: Conn): Promise<void> {
  try {
    c.setDeadline(NEVER_TIMEOUT);
  } catch {
    // Go ignores this error too; a broken conn shows up in the reads below.
  }
  const writer = settle(c.write(Uint8Array.of(0xff)));
  const buf = new Uint8Array(1024);
  for (;;) {
    const r = await settle(c.read(buf));
    if (!r.ok || r.value === null) {
      t.errorf(`unexpected Read error: ${describeError(r.ok ? EOF : r.err)}`);
      break;
    }
    const n = r.value;
    if (n > 0 && buf.subarray(0, n).indexOf(0xff) === n - 1) break;
  }
  const w = await writer;
  if (!w.ok) t.errorf(`unexpected Write error: ${describeError(w.err)}`);
}

/*
 * The "loop until error" helpers let the event loop turn after every call:
 * Go preempts a spinning goroutine, but a JS loop over promises that settle
 * on microtasks (a conn that buffers without limit) would starve the timers a
 * subtest relies on — its sleep-then-close, its deadlines, its watchdog.
 */

/** Limits that make a "loop until error" fail instead of spinning forever on a broken conn. */
export interface LoopLimits {
  /** Give up after this many bytes (a write that never meets back-pressure). */
  maxBytes?: number;
  /** Give up after this long. */
  maxMs: number;
}

/** Writes 1024 zero bytes at a time until a write fails; returns that error. Throws if a limit is hit first. */
export async function writeUntilError(c: Conn, limits: LoopLimits): Promise<unknown> {
  const buf = new Uint8Array(1024);
  const start = Date.now();
  let total = 0;
  for (;;) {
    const r = await settle(c.write(buf));
    if (!r.ok) return r.err;
    total += r.value;
    if (total > (limits.maxBytes ?? Infinity)) {
      throw new Error(`write never blocked: ${total} bytes accepted without back-pressure`);
    }
    if (Date.now() - start > limits.maxMs) throw new Error(`writes kept succeeding for ${limits.maxMs} ms`);
    await tick();
  }
}

/** Reads 1024 bytes at a time until a read fails (EOF included); returns that error. Throws if the time limit is hit first. */
export async function readUntilError(c: Conn, limits: LoopLimits): Promise<unknown> {
  const buf = new Uint8Array(1024);
  const start = Date.now();
  for (;;) {
    const r = await settle(c.read(buf));
    if (!r.ok) return r.err;
    if (r.value === null) return EOF;
    if (Date.now() - start > limits.maxMs) throw new Error(`reads kept succeeding for ${limits.maxMs} ms`);
    await tick();
  }
}
