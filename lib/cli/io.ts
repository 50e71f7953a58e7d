// What every subcommand shares: line output, and stopping on Ctrl-C
// (SIGINT) or SIGTERM with a summary instead of dying mid-line.

export interface Out {
  line(s: string): void;
  error(s: string): void;
}

export const stdio: Out = {
  line: (s) => void process.stdout.write(`${s}\n`),
  error: (s) => void process.stderr.write(`${s}\n`),
};

export interface Stopper {
  /** Whether Ctrl-C came (or fire() was called). */
  readonly fired: boolean;
  readonly signal: AbortSignal;
  fire(): void;
  /** Waits `ms`, or less when fired. */
  sleep(ms: number): Promise<void>;
  /** Stops listening for the signals. */
  dispose(): void;
}

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
