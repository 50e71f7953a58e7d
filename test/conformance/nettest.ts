// golang.org/x/net/nettest's TestConn as a reusable vitest suite: the 11
// subtests of conntest.go, in order, each on a fresh Conn pair, following
// shared/reference/nettest-spec.md (the project brief) step by step. "spawn" becomes a
// promise the subtest joins, a background copy becomes `t.pump`, and
// `t.Errorf` becomes `t.errorf` (collected, reported when the subtest ends).

import { describe, it } from "vitest";
import type { Conn } from "../../lib/conn.js";
import {
  A_LONG_TIME_AGO,
  MemorySink,
  NEVER_TIMEOUT,
  TestRun,
  checkForTimeoutError,
  chunkedCopy,
  describeError,
  discard,
  memoryReader,
  prng,
  randomBytes,
  randomStream,
  readError,
  readFull,
  readUntilError,
  resyncConn,
  settle,
  sleep,
  testRoundtrip,
  tick,
  writeUntilError,
} from "./helpers.js";

/** A connected pair: bytes written on `c1` are read on `c2` and vice versa. */
export interface ConnPair {
  c1: Conn;
  c2: Conn;
  /** Closes everything behind the pair (both conns, any listener, socket files). */
  stop: () => Promise<void>;
}

/** nettest's `MakePipe`. */
export type MakePipe = () => Promise<ConnPair>;

/**
 * Registers `describe(name)` with nettest's 11 subtests, in Go's order, each
 * run on a fresh pair from `makePipe`.
 */
export function connConformance(name: string, makePipe: MakePipe): void {
  describe(name, () => {
    for (const [title, body] of SUBTESTS) {
      it(title, () => runSubtest(makePipe, body), VITEST_TIMEOUT_MS);
    }
  });
}

type Subtest = (t: TestRun, c1: Conn, c2: Conn) => Promise<void>;

/** nettest's watchdog: after this, stop() the pair so whatever is stuck unblocks. */
const WATCHDOG_MS = 60_000;
/** Leaves the watchdog time to fire, stop the pair and report before vitest gives up. */
const VITEST_TIMEOUT_MS = WATCHDOG_MS + 20_000;
/** How long background copies may outlive stop(). */
const PUMP_END_MS = 10_000;
/** Bounds on "loop until error" so a broken conn fails the test rather than hanging it. */
const LOOP_MS = 20_000;
/** Far beyond any kernel socket buffer: a write loop that gets this far never met back-pressure. */
const BACKPRESSURE_BYTES = 64 * 1024 * 1024;

/** nettest's `timeoutWrapper`. */
async function runSubtest(makePipe: MakePipe, body: Subtest): Promise<void> {
  let pair: ConnPair;
  try {
    pair = await makePipe();
  } catch (err) {
    throw new Error(`unable to make pipe: ${describeError(err)}`, { cause: err });
  }
  const t = new TestRun();
  // The watchdog and the normal exit share one stop().
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= pair.stop());
  const watchdog = setTimeout(() => {
    t.errorf("test timed out; terminating pipe");
    stop().catch(() => undefined);
  }, WATCHDOG_MS);
  try {
    await body(t, pair.c1, pair.c2);
  } catch (err) {
    t.errorf(describeError(err));
  } finally {
    clearTimeout(watchdog);
  }
  await stop().catch((err: unknown) => t.errorf(`stop failed: ${describeError(err)}`));
  await t.joinPumps(PUMP_END_MS);
  t.assertPassed();
}

/** Bulk transfer, EOF propagation and a clean close on both ends. */
async function basicIO(t: TestRun, c1: Conn, c2: Conn): Promise<void> {
  const want = randomBytes(1 << 20, 0);
  const sink = new MemorySink();
  const writer = t.spawn(async () => {
    await chunkedCopy(c1, memoryReader(want)).catch((err: unknown) =>
      t.errorf(`unexpected c1.Write error: ${describeError(err)}`),
    );
    await c1.close().catch((err: unknown) => t.errorf(`unexpected c1.Close error: ${describeError(err)}`));
  });
  const reader = t.spawn(async () => {
    await chunkedCopy(sink, c2).catch((err: unknown) => t.errorf(`unexpected c2.Read error: ${describeError(err)}`));
    await c2.close().catch((err: unknown) => t.errorf(`unexpected c2.Close error: ${describeError(err)}`));
  });
  await Promise.all([writer, reader]);
  const got = sink.bytes();
  if (!Buffer.from(got).equals(want)) {
    t.errorf(`transmitted data differs: got ${got.length} bytes, want ${want.length}`);
  }
}

/** Strict request/response alternation of little-endian counters until 1000. */
async function pingPong(t: TestRun, c1: Conn, c2: Conn): Promise<void> {
  const players = [t.spawn(() => pingPonger(t, c1)), t.spawn(() => pingPonger(t, c2))];
  const start = await settle(c1.write(new Uint8Array(8)));
  if (!start.ok) t.errorf(`unexpected c1.Write error: ${describeError(start.err)}`);
  await Promise.all(players);
}

async function pingPonger(t: TestRun, c: Conn): Promise<void> {
  const buf = new Uint8Array(8);
  const view = new DataView(buf.buffer);
  let prev = 0n;
  for (;;) {
    const r = await settle(readFull(c, buf));
    if (r.ok && r.value === "eof") break;
    if (!r.ok) {
      // Go carries on after this error; we stop, so that a conn whose reads
      // keep failing cannot make this loop spin forever.
      t.errorf(`unexpected Read error: ${describeError(r.err)}`);
      break;
    }
    const v = view.getBigUint64(0, true);
    view.setBigUint64(0, v + 1n, true);
    if (prev !== 0n && v !== prev + 2n) t.errorf(`mismatching value: got ${v}, want ${prev + 2n}`);
    prev = v;
    if (v === 1000n) break;
    const w = await settle(c.write(buf));
    if (!w.ok) {
      t.errorf(`unexpected Write error: ${describeError(w.err)}`);
      break;
    }
  }
  await c.close().catch((err: unknown) => t.errorf(`unexpected Close error: ${describeError(err)}`));
}

const WORKERS = 10;
const RACY_ROUNDS = 100;
const READ_SENTINEL = 0xa5;
const WRITE_SENTINEL = 0xee;

/**
 * Ten concurrent readers on a flooded conn with 1 ms deadlines. Go's race
 * detector would flag a late write into the buffer; here every buffer is
 * filled with a sentinel once its read settles and checked after the event
 * loop had a turn to run anything still aimed at it.
 */
async function racyRead(t: TestRun, c1: Conn, c2: Conn): Promise<void> {
  t.pump(() => chunkedCopy(c2, randomStream(1)));
  c1.setReadDeadline(Date.now() + 1);
  const workers = Array.from({ length: WORKERS }, () =>
    t.spawn(async () => {
      const b1 = new Uint8Array(1024);
      let reported = false;
      for (let i = 0; i < RACY_ROUNDS; i++) {
        const r = await settle(c1.read(b1));
        b1.fill(READ_SENTINEL);
        await tick();
        if (!reported && b1.some((b) => b !== READ_SENTINEL)) {
          t.errorf("read wrote into the caller's buffer after it settled");
          reported = true;
        }
        const err = readError(r);
        if (err === null) continue;
        checkForTimeoutError(t, err);
        c1.setReadDeadline(Date.now() + 1);
      }
    }),
  );
  await Promise.all(workers);
}

/**
 * Ten concurrent writers of zeros with 1 ms deadlines. Right after each write
 * settles its buffer holds 0xEE for an event-loop turn; the drain fails the
 * test if any 0xEE ever arrives, which would mean the conn read the buffer late.
 */
async function racyWrite(t: TestRun, c1: Conn, c2: Conn): Promise<void> {
  let sawSentinel = false;
  const drain = discard((chunk) => {
    if (chunk.includes(WRITE_SENTINEL)) sawSentinel = true;
  });
  t.pump(() => chunkedCopy(drain, c2));
  c1.setWriteDeadline(Date.now() + 1);
  const workers = Array.from({ length: WORKERS }, () =>
    t.spawn(async () => {
      const b1 = new Uint8Array(1024);
      for (let i = 0; i < RACY_ROUNDS; i++) {
        const r = await settle(c1.write(b1));
        b1.fill(WRITE_SENTINEL);
        await tick();
        b1.fill(0);
        if (r.ok) continue;
        checkForTimeoutError(t, r.err);
        c1.setWriteDeadline(Date.now() + 1);
      }
    }),
  );
  await Promise.all(workers);
  // Give anything read late from a buffer time to reach the drain.
  await sleep(20);
  if (sawSentinel) t.errorf("write read the caller's buffer after it settled");
}

/** A read deadline does not affect writes. */
async function readTimeout(t: TestRun, c1: Conn, c2: Conn): Promise<void> {
  t.pump(() => chunkedCopy(discard(), c2));
  c1.setReadDeadline(A_LONG_TIME_AGO);
  const r = await settle(c1.read(new Uint8Array(1024)));
  checkForTimeoutError(t, readError(r));
  const w = await settle(c1.write(new Uint8Array(1024)));
  if (!w.ok) t.errorf(`unexpected Write error: ${describeError(w.err)}`);
}

/** A write deadline does not affect reads. */
async function writeTimeout(t: TestRun, c1: Conn, c2: Conn): Promise<void> {
  t.pump(() => chunkedCopy(c2, randomStream(2)));
  c1.setWriteDeadline(A_LONG_TIME_AGO);
  const w = await settle(c1.write(new Uint8Array(1024)));
  checkForTimeoutError(t, w.ok ? null : w.err);
  const r = await settle(c1.read(new Uint8Array(1024)));
  if (readError(r) !== null) t.errorf(`unexpected Read error: ${describeError(readError(r))}`);
}

/** An expired deadline fails at once, moves no bytes, and leaves the conn usable. */
async function pastTimeout(t: TestRun, c1: Conn, c2: Conn): Promise<void> {
  t.pump(() => chunkedCopy(c2, c2));
  await testRoundtrip(c1);
  c1.setDeadline(A_LONG_TIME_AGO);
  const w = await settle(c1.write(new Uint8Array(1024)));
  const written = w.ok ? w.value : (w.err as { bytesWritten?: unknown } | null)?.bytesWritten;
  if (written !== 0) t.errorf(`unexpected Write count: got ${String(written)}, want 0`);
  checkForTimeoutError(t, w.ok ? null : w.err);
  const r = await settle(c1.read(new Uint8Array(1024)));
  if (r.ok) t.errorf(`unexpected Read count: got ${String(r.value)}, want 0`);
  checkForTimeoutError(t, readError(r));
  await testRoundtrip(c1);
}

/** A deadline moved into the past wakes a blocked read and a blocked write, and not before. */
async function presentTimeout(t: TestRun, c1: Conn): Promise<void> {
  let deadlineSet = false;
  const setter = t.spawn(async () => {
    await sleep(100);
    deadlineSet = true;
    c1.setReadDeadline(A_LONG_TIME_AGO);
    c1.setWriteDeadline(A_LONG_TIME_AGO);
  });
  const reader = t.spawn(async () => {
    const r = await settle(c1.read(new Uint8Array(1024)));
    if (r.ok) t.errorf(`unexpected Read count: got ${String(r.value)}, want 0`);
    checkForTimeoutError(t, readError(r));
    if (!deadlineSet) t.errorf("Read timed out before deadline is set");
  });
  const writer = t.spawn(async () => {
    const err = await writeUntilError(c1, { maxBytes: BACKPRESSURE_BYTES, maxMs: LOOP_MS });
    checkForTimeoutError(t, err);
    if (!deadlineSet) t.errorf("Write timed out before deadline is set");
  });
  await Promise.all([setter, reader, writer]);
}

/** A future deadline fires for a blocked read and write; afterwards the stream is intact. */
async function futureTimeout(t: TestRun, c1: Conn, c2: Conn): Promise<void> {
  c1.setDeadline(Date.now() + 100);
  const reader = t.spawn(async () => {
    const r = await settle(c1.read(new Uint8Array(1024)));
    checkForTimeoutError(t, readError(r));
  });
  const writer = t.spawn(async () => {
    checkForTimeoutError(t, await writeUntilError(c1, { maxBytes: BACKPRESSURE_BYTES, maxMs: LOOP_MS }));
  });
  await Promise.all([reader, writer]);
  t.pump(() => chunkedCopy(c2, c2));
  await resyncConn(t, c1);
  await testRoundtrip(c1);
}

/** close() ends a read loop and a write loop that are busy with an echoing peer. */
async function closeTimeout(t: TestRun, c1: Conn, c2: Conn): Promise<void> {
  t.pump(() => chunkedCopy(c2, c2));
  c1.setDeadline(NEVER_TIMEOUT);
  await Promise.all([
    t.spawn(async () => {
      await sleep(100);
      await c1.close().catch(() => undefined);
    }),
    t.spawn(async () => {
      await readUntilError(c1, { maxMs: LOOP_MS });
    }),
    t.spawn(async () => {
      await writeUntilError(c1, { maxMs: LOOP_MS });
    }),
  ]);
}

const CONCURRENT_ROUNDS = 100;

/**
 * 700 calls of every method, interleaved; the conn must stay usable. Go runs
 * each call on its own goroutine in no set order; here each round starts its
 * seven calls in a shuffled (deterministic) order and rounds are an event-loop
 * turn apart, so calls overlap with I/O in flight.
 */
async function concurrentMethods(t: TestRun, c1: Conn, c2: Conn): Promise<void> {
  t.pump(() => chunkedCopy(c2, c2));
  const calls: (() => unknown)[] = [
    () => c1.read(new Uint8Array(1024)),
    () => c1.write(new Uint8Array(1024)),
    () => c1.setDeadline(Date.now() + 10),
    () => c1.setReadDeadline(A_LONG_TIME_AGO),
    () => c1.setWriteDeadline(A_LONG_TIME_AGO),
    () => c1.localAddr.toString(),
    () => c1.remoteAddr.toString(),
  ];
  const next = prng(3);
  const pending: Promise<unknown>[] = [];
  for (let round = 0; round < CONCURRENT_ROUNDS; round++) {
    for (const call of shuffled(calls, next)) {
      // Results are ignored, as in Go; only crashes and hangs matter.
      pending.push(settle(Promise.resolve().then(call)));
    }
    await tick();
  }
  await Promise.all(pending);
  await resyncConn(t, c1);
  await testRoundtrip(c1);
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const SUBTESTS: readonly (readonly [string, Subtest])[] = [
  ["BasicIO", basicIO],
  ["PingPong", pingPong],
  ["RacyRead", racyRead],
  ["RacyWrite", racyWrite],
  ["ReadTimeout", readTimeout],
  ["WriteTimeout", writeTimeout],
  ["PastTimeout", pastTimeout],
  ["PresentTimeout", presentTimeout],
  ["FutureTimeout", futureTimeout],
  ["CloseTimeout", closeTimeout],
  ["ConcurrentMethods", concurrentMethods],
];
