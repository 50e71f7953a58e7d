// Every core: one TCP server spread over N worker_threads. Each worker
// accepts on a listener of its own, all bound to one address with
// SO_REUSEPORT, so the kernel spreads incoming connections across them by
// hash (and, with SO_INCOMING_CPU, by the CPU that took the packet). The
// main thread only starts, asks for stats and stops: nothing crosses
// threads per connection, which is what lets this scale to 64 cores.
// Worker side: lib/internal/worker-entry.ts; thread handle:
// lib/internal/worker-handle.ts; messages: lib/internal/worker-protocol.ts.

import { availableParallelism } from "node:os";
import type { TCPAddr } from "./addr.js";
import { joinHostPort, splitHostPort } from "./hostport.js";
import { ListenConfig, type ListenConfigOptions } from "./listen.js";
import type { TCPConn, TCPListener } from "./tcp.js";
import { argTypeError, checkBoolean, checkFunction, checkInteger, checkNumber, checkObject } from "./internal/args.js";
import { WorkerCrashError, WorkerHandle } from "./internal/worker-handle.js";
import type { WorkerStats } from "./internal/worker-protocol.js";

export { WorkerCrashError } from "./internal/worker-handle.js";
export type { WorkerState, WorkerStats } from "./internal/worker-protocol.js";

/** What a handler gets besides its conn. */
export interface WorkerContext {
  /** This worker's index, 0 to workers-1. */
  readonly worker: number;
  /** Aborted when close() starts draining: a long-lived handler (keep-alive, streaming) should finish up. */
  readonly signal: AbortSignal;
  /** ServeWorkersOptions.data, structured-cloned into this worker. */
  readonly data: unknown;
}

/**
 * The default export of a handler module: serves one conn in a worker
 * thread. The conn is closed when the returned promise settles; a throw or
 * rejection ends that conn only and is counted in the worker's `errors`.
 */
export type WorkerHandler = (conn: TCPConn, ctx: WorkerContext) => unknown;

/** The options of serveWorkers(). */
export interface ServeWorkersOptions {
  /** The handler module (its default export is a WorkerHandler): a file URL or an absolute `file:` href. */
  handler: URL | string;
  /** `tcp` (default), `tcp4` or `tcp6`. */
  network?: "tcp" | "tcp4" | "tcp6";
  /** host:port to listen on (port 0 picks one port, shared by every worker). Not with `listener`. */
  address?: string;
  /**
   * Share this listening socket (from listenFDs(), receiveListener(), ...)
   * among the workers instead of one SO_REUSEPORT listener per worker. The
   * caller keeps it and closes it after close().
   */
  listener?: TCPListener;
  /** Number of worker threads (default os.availableParallelism()). */
  workers?: number;
  /** Passed to every handler as ctx.data (structured-cloned). */
  data?: unknown;
  /**
   * Tag worker i's listener with SO_INCOMING_CPU = i (mod the CPU count):
   * the kernel then hands a connection to the listener of the CPU that
   * took its packets. Pays off when each worker thread runs on its own CPU
   * (pin them from outside, e.g. with cgroups or taskset).
   */
  incomingCpu?: boolean;
  /** Options of the listeners (backlog, keepAlive, control...); reusePort is always set. */
  listenConfig?: Omit<ListenConfigOptions, "reusePort">;
  /** Called when a worker ends other than by close() (default: a process warning). The other workers go on. */
  onCrash?: (err: WorkerCrashError) => void;
}

/** Options of WorkerServer.close(). */
export interface WorkerCloseOptions {
  /** How long in-flight conns may take to finish before they are closed by force (ms, default 5000). */
  drainMs?: number;
}

/** A running serveWorkers() server. */
export interface WorkerServer {
  /** The address every worker listens on (the port is known even when 0 was asked for). */
  readonly addr: TCPAddr;
  /** How many workers were started. */
  readonly workers: number;
  /** Each worker's counters; a worker that does not answer within 1 s shows its last numbers, `stale: true`. */
  stats(): Promise<WorkerStats[]>;
  /** Graceful shutdown: every worker stops accepting, drains for up to drainMs, closes; resolves the final stats. */
  close(opts?: WorkerCloseOptions): Promise<WorkerStats[]>;
}

const DEFAULT_DRAIN_MS = 5000;

function handlerHref(value: unknown): string {
  const href = value instanceof URL ? value.href : value;
  if (typeof href !== "string" || !URL.canParse(href) || new URL(href).protocol !== "file:") {
    throw argTypeError("serveWorkers", "options.handler", "a file URL (new URL('./handler.js', import.meta.url))", value);
  }
  return href;
}

function checkOptions(o: ServeWorkersOptions): void {
  checkObject("serveWorkers", "options", o);
  handlerHref(o.handler);
  if (o.network !== undefined && o.network !== "tcp" && o.network !== "tcp4" && o.network !== "tcp6") {
    throw argTypeError("serveWorkers", "options.network", '"tcp", "tcp4" or "tcp6"', o.network);
  }
  if ((o.address === undefined) === (o.listener === undefined)) {
    throw new TypeError("gonet: serveWorkers: give exactly one of options.address and options.listener");
  }
  if (o.address !== undefined && typeof o.address !== "string") throw argTypeError("serveWorkers", "options.address", "a string", o.address);
  if (o.listener !== undefined && typeof (o.listener as { fd?: unknown }).fd !== "number") {
    throw argTypeError("serveWorkers", "options.listener", "a TCPListener", o.listener);
  }
  if (o.workers !== undefined) checkInteger("serveWorkers", "options.workers", o.workers, 1, 1024);
  if (o.incomingCpu !== undefined) checkBoolean("serveWorkers", "options.incomingCpu", o.incomingCpu);
  if (o.onCrash !== undefined) checkFunction("serveWorkers", "options.onCrash", o.onCrash);
}

/** The listener each worker adopts: its own SO_REUSEPORT one on the first one's port, or the shared one. */
async function openListeners(o: ServeWorkersOptions, n: number): Promise<{ listeners: TCPListener[]; owned: boolean }> {
  if (o.listener) return { listeners: Array.from({ length: n }, () => o.listener!), owned: false };
  const lc = new ListenConfig({ ...o.listenConfig, reusePort: true });
  const network = o.network ?? "tcp";
  const first = await lc.listen(network, o.address!);
  const listeners = [first];
  try {
    // Port 0 picks a free port once; the others join it.
    const [host] = splitHostPort(o.address!);
    const same = joinHostPort(host, first.addr.port);
    while (listeners.length < n) listeners.push(await lc.listen(network, same));
  } catch (err) {
    await Promise.all(listeners.map((l) => l.close()));
    throw err;
  }
  return { listeners, owned: true };
}

/**
 * Runs `options.handler` for every connection to `options.address`, in
 * `options.workers` worker threads, each accepting on its own SO_REUSEPORT
 * listener (the kernel spreads connections). Resolves once every worker is
 * serving.
 *
 * @throws TypeError/RangeError for bad options; the listen's OpError (e.g.
 *   EADDRINUSE); an Error naming the worker when the handler module cannot
 *   be loaded or has no default function export.
 * @example
 * ```ts
 * // handler.mjs: export default async (conn) => { for await (const b of conn) await conn.write(b); };
 * const srv = await serveWorkers({ address: "127.0.0.1:8080", handler: new URL("./handler.mjs", import.meta.url) });
 * console.log(await srv.stats());
 * await srv.close({ drainMs: 2000 });
 * ```
 */
export async function serveWorkers(options: ServeWorkersOptions): Promise<WorkerServer> {
  checkOptions(options);
  const handler = handlerHref(options.handler);
  const cpus = availableParallelism();
  const n = options.workers ?? cpus;
  const onCrash = options.onCrash ?? ((err: WorkerCrashError) => process.emitWarning(err));
  const { listeners, owned } = await openListeners(options, n);
  const addr = listeners[0].addr;
  const handles: WorkerHandle[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const incomingCpu = options.incomingCpu && owned ? i % cpus : null;
      if (incomingCpu !== null) listeners[i].syscallConn().set("SO_INCOMING_CPU", incomingCpu);
      handles.push(new WorkerHandle({ worker: i, fd: listeners[i].fd, handler, data: options.data, incomingCpu }, onCrash));
    }
    await Promise.all(handles.map((h) => h.ready));
  } catch (err) {
    await Promise.all(handles.map((h) => h.terminate()));
    throw err;
  } finally {
    // Each worker adopted a duplicate of its descriptor; ours are no longer needed.
    if (owned) await Promise.all(listeners.map((l) => l.close()));
  }
  let closing: Promise<WorkerStats[]> | null = null;
  return Object.freeze({
    addr,
    workers: n,
    stats: () => Promise.all(handles.map((h) => h.stats())),
    close(opts: WorkerCloseOptions = {}) {
      checkObject("WorkerServer.close", "opts", opts);
      const drainMs = opts.drainMs ?? DEFAULT_DRAIN_MS;
      checkNumber("WorkerServer.close", "opts.drainMs", drainMs);
      closing ??= Promise.all(handles.map((h) => h.close(Math.max(0, drainMs))));
      return closing;
    },
  });
}
