// One worker thread of serveWorkers (lib/workers.ts): loads the handler
// module, adopts its listening socket (a duplicate of the descriptor the
// main thread opened; threads share the descriptor table), accepts on its
// own native loop and runs the handler once per conn. Its counters are
// plain numbers of this thread, read only when the main thread asks: a
// connection costs no message, no lock and no shared memory.

import { parentPort, threadId, workerData } from "node:worker_threads";
import { fileListener } from "../file.js";
import type { TCPConn, TCPListener } from "../tcp.js";
import type { WorkerContext, WorkerHandler } from "../workers.js";
import { received } from "./args.js";
import { native } from "./binding.js";
import { payloadBytes } from "./tcp-bytes.js";
import { type FromWorker, type ToWorker, type WorkerInit, type WorkerState, type WorkerStats, describeError } from "./worker-protocol.js";

/** After a forced close, how long the handlers get to unwind so that the final numbers include them. */
const FORCED_UNWIND_MS = 200;

const init = workerData as WorkerInit;
const port = parentPort!;
// tcpi_bytes_received/acked are Linux's; other systems' TCP_INFO differs or is absent.
const countBytes = native.platform.os === "linux";

const stopping = new AbortController();
const ctx: WorkerContext = Object.freeze({ worker: init.worker, signal: stopping.signal, data: init.data });
const active = new Set<TCPConn>();
const forcedConns = new WeakSet<TCPConn>();
let state: WorkerState = "running";
let accepted = 0;
let errors = 0;
let forced = 0;
let lastError: string | null = null;
let closedIn = 0;
let closedOut = 0;
/** Set while draining: called when the last active conn is done. */
let onIdle: (() => void) | null = null;

const post = (m: FromWorker): void => port.postMessage(m);

function bytesOf(conn: TCPConn): { bytesIn: number; bytesOut: number } {
  try {
    return payloadBytes(conn.tcpInfo());
  } catch {
    return { bytesIn: 0, bytesOut: 0 }; // already closed: counted by its close
  }
}

/**
 * TCP_INFO's counters go with the descriptor, so they are read just before
 * it closes, whoever closes it: the handler (conn.close(), `await using`),
 * this worker after the handler, or a forced close. One closure per conn,
 * no cost per read or write.
 */
function countAtClose(conn: TCPConn): void {
  const close = conn.close;
  conn.close = () => {
    if (!conn.closed) {
      const b = bytesOf(conn);
      closedIn += b.bytesIn;
      closedOut += b.bytesOut;
    }
    return close.call(conn);
  };
}

async function serveConn(conn: TCPConn, handler: WorkerHandler): Promise<void> {
  accepted++;
  active.add(conn);
  if (countBytes) countAtClose(conn);
  try {
    await handler(conn, ctx);
  } catch (err) {
    // A handler's failure ends its conn only; the ones a forced close broke are counted as forced.
    if (!forcedConns.has(conn)) {
      errors++;
      lastError = describeError(err);
    }
  } finally {
    active.delete(conn);
    await conn.close();
    if (active.size === 0) onIdle?.();
  }
}

function snapshot(): WorkerStats {
  let bytesIn = closedIn;
  let bytesOut = closedOut;
  if (countBytes) {
    for (const c of active) {
      const b = bytesOf(c);
      bytesIn += b.bytesIn;
      bytesOut += b.bytesOut;
    }
  }
  return {
    worker: init.worker,
    threadId,
    state,
    accepted,
    active: active.size,
    bytesIn: countBytes ? bytesIn : null,
    bytesOut: countBytes ? bytesOut : null,
    errors,
    forced,
    lastError,
    incomingCpu: init.incomingCpu,
    stale: false,
  };
}

/** Resolves when no conn is active, or after `ms`. */
function idleWithin(ms: number): Promise<void> {
  if (active.size === 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    onIdle = () => {
      clearTimeout(timer);
      resolve();
    };
  }).finally(() => {
    onIdle = null;
  });
}

/** Graceful shutdown: stop accepting, let the handlers finish for up to `drainMs`, then close what is left. */
async function drain(ln: TCPListener, drainMs: number): Promise<void> {
  if (state !== "running") return;
  state = "draining";
  stopping.abort();
  await ln.close();
  await idleWithin(drainMs);
  if (active.size > 0) {
    for (const c of active) {
      forced++;
      forcedConns.add(c);
      await c.close(); // its pending reads and writes fail with ErrClosed
    }
    await idleWithin(FORCED_UNWIND_MS);
  }
  state = "closed";
  post({ t: "closed", stats: snapshot() });
  // Nothing of ours is left to keep the thread alive; the main thread
  // terminates it if the handler module left timers or sockets behind.
  port.close();
}

async function loadHandler(href: string): Promise<WorkerHandler> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(href)) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`cannot load the handler module ${href}: ${describeError(err)}`);
  }
  if (typeof mod.default !== "function") {
    const names = Object.keys(mod).filter((k) => k !== "default");
    const has = mod.default !== undefined ? `its default export is ${received(mod.default)}`
      : names.length > 0 ? `it exports only ${names.join(", ")}` : "it exports nothing";
    throw new TypeError(`the handler module ${href} must export a default function (conn, ctx), but ${has}`);
  }
  return mod.default as WorkerHandler;
}

async function acceptAll(ln: TCPListener, handler: WorkerHandler): Promise<void> {
  // Transient accept errors (EMFILE...) back off inside the loop; it ends when drain() closes ln.
  for await (const conn of ln) void serveConn(conn, handler);
}

async function start(): Promise<void> {
  let handler: WorkerHandler;
  let ln: TCPListener;
  try {
    handler = await loadHandler(init.handler);
    ln = fileListener(init.fd) as TCPListener;
  } catch (err) {
    post({ t: "failed", message: err instanceof Error ? err.message : received(err), code: (err as { code?: string })?.code });
    return;
  }
  port.on("message", (m: ToWorker) => {
    if (m.t === "stats") post({ t: "stats", id: m.id, stats: snapshot() });
    else void drain(ln, m.drainMs);
  });
  post({ t: "ready" });
  // Any other accept error is this worker's end: left unhandled, it reaches
  // the main thread as the worker's 'error' and is reported as a crash.
  await acceptAll(ln, handler);
}

void start();
