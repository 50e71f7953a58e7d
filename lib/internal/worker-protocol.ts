// The messages between serveWorkers (lib/workers.ts) and each of its worker
// threads (lib/internal/worker-entry.ts). Only control traffic crosses
// threads: start-up, a stats request now and then, and shutdown. Nothing is
// sent per connection, so the main thread never becomes the bottleneck
// however many workers there are.

import { received } from "./args.js";

/** An error as one line of text, to travel in a message or a report. */
export function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : received(err);
}

/** A worker's life: serving, stopping (listener closed, conns draining), ended by close(), or dead otherwise. */
export type WorkerState = "running" | "draining" | "closed" | "crashed";

/** One worker's counters (its own thread's numbers: no locks, no shared memory). */
export interface WorkerStats {
  /** The worker's index, 0 to workers-1. */
  worker: number;
  /** Its worker_threads threadId. */
  threadId: number;
  /** Serving, draining, closed, or crashed. */
  state: WorkerState;
  /** Connections accepted since the start. */
  accepted: number;
  /** Connections whose handler is still running. */
  active: number;
  /**
   * Payload bytes received and acknowledged by the peers, from the kernel's
   * TCP_INFO (splice and copy() included): conns still open count up to the
   * moment of the request, closed ones up to their close. null where the
   * platform has no TCP_INFO byte counters (anything but Linux).
   */
  bytesIn: number | null;
  /** Payload bytes sent and acknowledged by the peers, as bytesIn. */
  bytesOut: number | null;
  /** Handlers that threw or rejected (the conn was closed, the worker went on). */
  errors: number;
  /** Conns still open when close()'s drain time ran out, closed by force. */
  forced: number;
  /** The last handler error, as text (`name: message`), or null. */
  lastError: string | null;
  /** The CPU its listener is tagged with (SO_INCOMING_CPU), or null. */
  incomingCpu: number | null;
  /** true when the worker did not answer this request in time (its thread is busy): the numbers are the last it sent. */
  stale: boolean;
}

/** What each worker is started with (its workerData). */
export interface WorkerInit {
  worker: number;
  /** A listening socket's descriptor: worker threads share the process's descriptor table, so the number is valid here. */
  fd: number;
  /** The handler module's URL (href). */
  handler: string;
  data: unknown;
  incomingCpu: number | null;
}

/** main → worker */
export type ToWorker = { t: "stats"; id: number } | { t: "close"; drainMs: number };

/** worker → main */
export type FromWorker =
  | { t: "ready" }
  | { t: "failed"; message: string; code?: string }
  | { t: "stats"; id: number; stats: WorkerStats }
  | { t: "closed"; stats: WorkerStats };
