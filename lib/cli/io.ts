// What every subcommand shares: line output, and stopping on Ctrl-C
// (SIGINT) or SIGTERM with a summary instead of dying mid-line.

/** Where a subcommand prints: tests pass one that records. */
export interface Out {
  /** Prints one line of output (stdout). */
  line(s: string): void;
  /** Prints one line of diagnostics (stderr). */
  error(s: string): void;
}

/** Out to the process's stdout and stderr. */
export const stdio: Out = {
  line: (s) => void process.stdout.write(`${s}\n`),
  error: (s) => void process.stderr.write(`${s}\n`),
};

/** Ctrl-C (SIGINT) and SIGTERM as a flag, an AbortSignal and an interruptible sleep. */
export interface Stopper {
  /** Whether Ctrl-C came (or fire() was called). */
  readonly fired: boolean;
  /** Aborted when fired. */
  readonly signal: AbortSignal;
  /** Fires as a signal would (a count or a timeout was reached). */
  fire(): void;
  /** Waits `ms`, or less when fired. */
  sleep(ms: number): Promise<void>;
  /** Stops listening for the signals. */
  dispose(): void;
}

/** Starts listening for SIGINT and SIGTERM; call `dispose()` when done. */
export function interruptible(): Stopper {
  const ac = new AbortController();
  const fire = () => ac.abort();
  process.on("SIGINT", fire);
  process.on("SIGTERM", fire);
  return {
    get fired() {
      return ac.signal.aborted;
    },
    signal: ac.signal,
    fire,
    sleep(ms) {
      if (ac.signal.aborted) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(t);
          ac.signal.removeEventListener("abort", done);
          resolve();
        };
        const t = setTimeout(done, ms);
        ac.signal.addEventListener("abort", done);
      });
    },
    dispose() {
      process.off("SIGINT", fire);
      process.off("SIGTERM", fire);
    },
  };
}
