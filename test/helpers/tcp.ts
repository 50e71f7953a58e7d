// Shared helpers for the TCP tests (test/tcp/*.test.ts): loopback listeners,
// connected pairs, exact-length reads, bounded waiting, and the debug-counter
// check every file runs in its afterAll.
//
// Everything here uses only the public API (lib/index.js).

import { randomBytes as cryptoRandomBytes } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { expect } from "vitest";
import {
  type Conn,
  ListenConfig,
  OpError,
  type TCPConn,
  type TCPListener,
  debugStats,
  dial,
  dialTimeout,
  isTimeout,
  listen,
} from "../../lib/index.js";

/** A TCP listener on an ephemeral loopback port (`127.0.0.1:0`, or `[::1]:0` for "tcp6"). */
export function localListener(network: "tcp" | "tcp4" | "tcp6" = "tcp4"): Promise<TCPListener> {
  return listen(network, network === "tcp6" ? "[::1]:0" : "127.0.0.1:0");
}

/** `dial` typed for TCP. */
export async function dialTCP(address: string, network = "tcp"): Promise<TCPConn> {
  return (await dial(network, address)) as TCPConn;
}

export interface Pair {
  ln: TCPListener;
  /** The dialing side. */
  client: TCPConn;
  /** The accepted side. */
  server: TCPConn;
  /** Closes both conns and the listener (idempotent). */
  close(): Promise<void>;
}

/**
 * A listener, a dialed conn and its accepted peer. Pass `ln` to reuse a
 * listener (it is then not closed by `close()`).
 *
 * Deliberately touches neither conn's addresses, so tests can observe what
 * a conn reports when it first asks for them.
 */
export async function connectedPair(ln?: TCPListener): Promise<Pair> {
  const own = ln === undefined;
  const listener = ln ?? (await localListener());
  const [client, server] = await Promise.all([dialTCP(listener.addr.toString()), listener.accept()]);
  return {
    ln: listener,
    client,
    server,
    async close() {
      await client.close();
      await server.close();
      if (own) await listener.close();
    },
  };
}

/** Reads exactly `n` bytes (throws on EOF first). */
export async function readFull(conn: Pick<Conn, "read">, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let got = 0;
  while (got < n) {
    const r = await conn.read(out.subarray(got));
    if (r === null) throw new Error(`EOF after ${got} of ${n} bytes`);
    got += r;
  }
  return out;
}

/** Reads until EOF; everything received, concatenated. */
export async function readAll(conn: Pick<Conn, "read">, chunk = 64 * 1024): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const buf = new Uint8Array(chunk);
  for (;;) {
    const n = await conn.read(buf);
    if (n === null) break;
    parts.push(buf.slice(0, n));
    total += n;
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Cryptographically random bytes (each connection gets its own). */
export function randomBytes(n: number): Uint8Array {
  return new Uint8Array(cryptoRandomBytes(n));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lets native completions and timers run for a moment. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Whether `p` is still pending after `ms` (it is not awaited further). */
export async function stillPending(p: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  await sleep(ms);
  return !settled;
}

/** The rejection of `p` (fails the test if it resolves, closing what it resolved to, or takes longer than `ms`). */
export async function rejection(p: Promise<unknown>, ms = 20_000): Promise<any> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  try {
    const v = await Promise.race([p, timeout]);
    // A conn or listener that should not exist is closed, so it cannot leak an fd.
    if (typeof (v as { close?: unknown })?.close === "function") await (v as { close(): Promise<void> }).close();
    throw new Error(`expected a rejection, got ${String(v)}`, { cause: "resolved" });
  } catch (err) {
    if ((err as Error)?.cause === "resolved") throw err;
    if ((err as Error)?.message?.startsWith("still pending after")) throw err;
    return err;
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves `p`, or fails after `ms`. */
export async function within<T>(p: Promise<T>, ms: number, what = "operation"): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts `err` is a gonet OpError with exactly this message (and optional code). */
export function expectOpError(err: unknown, message: string | RegExp, code?: string): asserts err is OpError {
  expect(err).toBeInstanceOf(OpError);
  if (typeof message === "string") expect((err as OpError).message).toBe(message);
  else expect((err as OpError).message).toMatch(message);
  if (code !== undefined) expect((err as OpError).code).toBe(code);
}

/** Escapes a string for use inside a RegExp. */
export function re(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

let gcFn: (() => void) | undefined;

/** V8's gc(), enabled at runtime (vitest's workers do not start with --expose-gc). */
export function forceGC(): void {
  if (!gcFn) {
    v8.setFlagsFromString("--expose-gc");
    gcFn = vm.runInNewContext("gc") as () => void;
  }
  gcFn();
}

/**
 * After everything was closed: the native debug counters are back to zero.
 *
 * openFds, parkedOps, heldBuffers and armedDeadlines must reach 0 (a short
 * bounded wait allows for closes that happen a tick later, e.g. a Happy
 * Eyeballs loser). liveSockets counts native socket objects, which are only
 * freed when their JS wrappers are garbage-collected: a forced GC (a few
 * rounds, finalizers run asynchronously) must bring it to 0 too.
 */
export async function expectCountersZero(opts: { waitMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (opts.waitMs ?? 5000);
  let s = debugStats();
  while (Date.now() < deadline && (s.openFds || s.parkedOps || s.heldBuffers || s.armedDeadlines)) {
    await sleep(20);
    s = debugStats();
  }
  expect({
    openFds: s.openFds,
    parkedOps: s.parkedOps,
    heldBuffers: s.heldBuffers,
    armedDeadlines: s.armedDeadlines,
  }).toEqual({ openFds: 0, parkedOps: 0, heldBuffers: 0, armedDeadlines: 0 });

  for (let i = 0; i < 50 && debugStats().liveSockets > 0 && Date.now() < deadline + 5000; i++) {
    forceGC();
    await sleep(20);
  }
  const { liveSockets, openFds, parkedOps, heldBuffers, armedDeadlines } = debugStats();
  expect({ liveSockets, openFds, parkedOps, heldBuffers, armedDeadlines }).toEqual({
    liveSockets: 0,
    openFds: 0,
    parkedOps: 0,
    heldBuffers: 0,
    armedDeadlines: 0,
  });
}

export interface Blackhole {
  /** The listener (never accepts). */
  ln: TCPListener;
  /** Its address: a dial to it stays in SYN-SENT (the accept queue is full). */
  address: string;
  close(): Promise<void>;
}

/**
 * A loopback "blackhole": a backlog-1 listener that never accepts, its accept
 * queue filled with connections, so Linux drops every further SYN and a dial
 * to it hangs until its timeout. Verified, not assumed: it keeps dialing until
 * one dial times out (bounded), and fails loudly otherwise.
 */
export async function blackhole(network: "tcp4" | "tcp6" = "tcp4", port = 0): Promise<Blackhole> {
  const host = network === "tcp6" ? "[::1]" : "127.0.0.1";
  const ln = await new ListenConfig({ backlog: 1 }).listen(network, `${host}:${port}`);
  const address = ln.addr.toString();
  const fillers: Conn[] = [];
  const close = async () => {
    for (const c of fillers) await c.close();
    await ln.close();
  };
  try {
    for (let i = 0; i < 16; i++) {
      try {
        fillers.push(await dialTimeout(network, address, 1000));
      } catch (err) {
        if (isTimeout(err)) return { ln, address, close };
        throw err;
      }
    }
    throw new Error("could not fill the accept queue of a backlog-1 listener with 16 connections");
  } catch (err) {
    await close();
    throw err;
  }
}

/** Runs `body` with a fresh loopback listener and closes it afterwards. */
export async function withListener<T>(body: (ln: TCPListener) => Promise<T>): Promise<T> {
  const ln = await localListener();
  try {
    return await body(ln);
  } finally {
    await ln.close();
  }
}

/** Runs `body` on a fresh connected pair and closes it (and its listener) afterwards. */
export async function withPair<T>(body: (p: Pair) => Promise<T>): Promise<T> {
  const p = await connectedPair();
  try {
    return await body(p);
  } finally {
    await p.close();
  }
}

/** Runs `body` on two fresh connected pairs (a copy's source and destination, say) and closes both afterwards. */
export function withTwoPairs<T>(body: (a: Pair, b: Pair) => Promise<T>): Promise<T> {
  return withPair((a) => withPair((b) => body(a, b)));
}

/** Writes `text` on `from` and expects exactly it to arrive on `to`. */
export async function expectRoundTrip(from: Pick<Conn, "write">, to: Pick<Conn, "read">, text: string): Promise<void> {
  await from.write(text);
  expect(Buffer.from(await readFull(to, Buffer.byteLength(text))).toString()).toBe(text);
}
