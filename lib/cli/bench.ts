// gonet bench: the repository's benchmark suite (benchmarks/run.mjs, the
// same as `npm run bench`) with one live progress line per row: on a
// terminal the row's line is rewritten after every run, elsewhere each row
// prints one line when it is done. The suite's own flags pass through; its
// table and result paths print as they are.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { CliError } from "./fail.js";
import type { Out } from "./io.js";

/** The usage line, shown with a usage error. */
export const usage = "gonet bench [--full] [--only ROWS] [--servers LIST] [--runs N] [--warmup S] [--duration S] [--list]";

// dist/cli/ -> the package root.
const suite = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "benchmarks", "run.mjs");

/** One run's report line from run.mjs: row, server, run i/n, result. */
const RUN_LINE = /^(\S+)\s+(\S+)\s+run (\d+)\/(\d+)\s+(.*)$/;

/** Runs the subcommand with its arguments (after the subcommand's name); resolves the exit code. */
export async function run(argv: string[], out: Out): Promise<number> {
  if (!existsSync(suite)) {
    throw new CliError(
      "the benchmark suite is not in this installation (the npm package ships without benchmarks/)",
      "run it from a clone of the repository: npm install && npm run bench",
    );
  }
  const tty = process.stderr.isTTY === true;
  const child = spawn(process.execPath, [suite, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
  let row: { id: string; runs: number; servers: Map<string, string>; failed: number } | null = null;

  const rowLine = () => {
    if (!row) return "";
    const last = [...row.servers].map(([s, r]) => `${s} ${r.split("  ")[0]}`).join(", ");
    return `${row.id}: ${row.runs} run${row.runs === 1 ? "" : "s"}${row.failed ? `, ${row.failed} failed` : ""}  ${last}`;
  };
  const finishRow = () => {
    if (!row) return;
    if (tty) process.stderr.write(`\r\x1b[K${rowLine()}\n`);
    else out.error(rowLine());
    row = null;
  };

  // The table (stdout) comes after the last row: that row's line first.
  child.stdout!.on("data", (chunk: Buffer) => {
    finishRow();
    process.stdout.write(chunk);
  });
  const lines = createInterface({ input: child.stderr! });
  lines.on("line", (line) => {
    const m = RUN_LINE.exec(line);
    if (!m) {
      finishRow();
      out.error(line);
      return;
    }
    const [, id, server, , , result] = m;
    if (row && row.id !== id) finishRow();
    row ??= { id, runs: 0, servers: new Map(), failed: 0 };
    row.runs++;
    if (/^(FAILED|unavailable)/.test(result)) row.failed++;
    else row.servers.set(server, result);
    if (tty) process.stderr.write(`\r\x1b[K${rowLine()}`);
  });

  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on("close", (c, s) => resolve([c, s])),
  );
  finishRow();
  if (signal) return 128 + ((await import("node:os")).constants.signals[signal] ?? 0);
  return code ?? 1;
}
