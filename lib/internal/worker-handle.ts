// The main thread's side of one serveWorkers worker (lib/workers.ts): starts
// the thread, asks it for its stats (bounded in time: a busy worker must
// not stall stats()), shuts it down, and tells a crash from an ordinary end.

import { Worker } from "node:worker_threads";
import { type FromWorker, type ToWorker, type WorkerInit, type WorkerStats, describeError } from "./worker-protocol.js";

/** The thread's code: the compiled worker-entry next to this file. */
const ENTRY = new URL("./worker-entry.js", import.meta.url);
/** How long a stats request waits for a worker before showing its last numbers as stale. */
const STATS_TIMEOUT_MS = 1000;
/** After close()'s drain time: how long a worker may take to report and end before it is terminated. */
const EXIT_GRACE_MS = 2000;

/**
 * A serveWorkers worker that ended while it was serving, not by close():
 * an uncaught exception or unhandled rejection in its thread (thrown by
 * handler code outside the handler's own promise), process.exit() there, or
 * a fatal accept error. Its listener closed with it; the other workers go on.
 */
export class WorkerCrashError extends Error {
  /** The worker's index. */
  readonly worker: number;
  /** The thread's exit code. */
  readonly exitCode: number;

  constructor(worker: number, exitCode: number, cause?: unknown) {
    const why = cause === undefined ? "" : `: ${describeError(cause)}`;
    super(`gonet: serveWorkers: worker ${worker} ended unexpectedly (exit code ${exitCode})${why}`, { cause });
    this.name = "WorkerCrashError";
    this.worker = worker;
    this.exitCode = exitCode;
  }
}

/** Resolves `p`'s value, or `fallback` after `ms`; the timer never outlives the wait. */
function within<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(resolve, ms, fallback);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export class WorkerHandle {
  readonly #w: Worker;
  readonly #index: number;
  /** The numbers last received (zeros until the first answer). */
  #last: WorkerStats;
  #started = false;
  #closing = false;
  #terminating = false;
  #error: unknown;
  #nextId = 0;
  readonly #pending = new Map<number, (s: WorkerStats) => void>();
  #onClosed: ((s: WorkerStats) => void) | null = null;
  /** Resolves once the thread has started serving; rejects with the reason it could not. */
  readonly ready: Promise<void>;
  /** Resolves with the exit code once the thread has ended. */
  readonly exited: Promise<number>;

  constructor(init: WorkerInit, onCrash: (err: WorkerCrashError) => void) {
    this.#index = init.worker;
    this.#last = {
      worker: init.worker, threadId: -1, state: "running", accepted: 0, active: 0, bytesIn: null, bytesOut: null,
      errors: 0, forced: 0, lastError: null, incomingCpu: init.incomingCpu, stale: true,
    };
    this.#w = new Worker(ENTRY, { workerData: init });
    this.#last.threadId = this.#w.threadId;
    let ready!: () => void;
    let failed!: (err: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      ready = resolve;
      failed = reject;
    });
    this.#w.on("error", (err) => {
      this.#error = err;
    });
    this.#w.on("message", (m: FromWorker) => {
      switch (m.t) {
        case "ready":
          this.#started = true;
          ready();
          break;
        case "failed":
          failed(Object.assign(new Error(`gonet: serveWorkers: worker ${this.#index}: ${m.message}`), m.code ? { code: m.code } : {}));
          break;
        case "stats":
          this.#last = m.stats;
          this.#pending.get(m.id)?.(m.stats);
          this.#pending.delete(m.id);
          break;
        case "closed":
          this.#last = m.stats;
          this.#onClosed?.(m.stats);
          break;
      }
    });
    // 'error' comes before 'exit', so the cause is known here.
    this.exited = new Promise((resolve) => this.#w.once("exit", resolve));
    void this.exited.then((code) => {
      const cause = this.#error;
      if (!this.#started) {
        const why = cause === undefined ? "" : `: ${describeError(cause)}`;
        failed(new Error(`gonet: serveWorkers: worker ${this.#index} exited (code ${code}) before it was serving${why}`));
      } else if (!this.#closing || (!this.#terminating && this.#last.state !== "closed" && cause !== undefined)) {
        this.#last = { ...this.#last, state: "crashed", lastError: cause === undefined ? this.#last.lastError : describeError(cause), stale: true };
        onCrash(new WorkerCrashError(this.#index, code, cause));
      }
      for (const reply of this.#pending.values()) reply({ ...this.#last, stale: true });
      this.#pending.clear();
      this.#onClosed?.(this.#last);
    });
  }

  #alive(): boolean {
    return this.#w.threadId !== -1; // -1 once the thread has ended
  }

  /** This worker's numbers now, or its last ones (stale) when it does not answer within STATS_TIMEOUT_MS. */
  stats(): Promise<WorkerStats> {
    if (!this.#alive() || this.#last.state === "closed") return Promise.resolve(this.#last);
    const id = this.#nextId++;
    const answer = new Promise<WorkerStats>((resolve) => this.#pending.set(id, resolve));
    this.#post({ t: "stats", id });
    return within(answer, STATS_TIMEOUT_MS, null).then((s) => {
      this.#pending.delete(id);
      return s ?? { ...this.#last, stale: true };
    });
  }

  /** Graceful shutdown (see drain() in worker-entry.ts); resolves its final numbers once the thread has ended. */
  async close(drainMs: number): Promise<WorkerStats> {
    this.#closing = true;
    if (this.#alive()) {
      const closed = new Promise<WorkerStats>((resolve) => {
        this.#onClosed = resolve;
      });
      this.#post({ t: "close", drainMs });
      await within(closed, drainMs + EXIT_GRACE_MS, null);
      if ((await within(this.exited, EXIT_GRACE_MS, null)) === null) await this.terminate();
    }
    await this.exited;
    return this.#last;
  }

  /** Ends the thread at once (a start-up that failed elsewhere, a worker that would not end). */
  async terminate(): Promise<void> {
    this.#closing = true;
    this.#terminating = true;
    await this.#w.terminate();
  }

  #post(m: ToWorker): void {
    this.#w.postMessage(m);
  }
}
