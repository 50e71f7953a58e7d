// `npm run bench -- --callgrind`: instructions per request on pingpong
// C=64 64 B, counted by valgrind's callgrind, for gonet, the node baselines
// and the C server. Unlike CPU time, instruction counts barely move with
// machine noise, so two commits can be compared on a busy machine.
//
// Each server runs under callgrind twice, once for SHORT and once for LONG
// requests (the load generator's --ops), each a fresh process; the
// difference of the two totals divided by the difference of the requests
// is the cost of one request with start-up, JIT warm-up of the first
// requests, connection setup and shutdown cancelled out. Every thread of
// the server counts (Node's GC and compiler threads included). Only user
// space is counted: the kernel's share of a request (the recv, the send,
// the epoll wait) is not, which is why the C server's count is tiny; the
// CPU-time columns of the suite include it.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gonetBackend } from "./backend.mjs";
import { binary } from "./paths.mjs";
import { runLoadgen, startServer } from "./process.mjs";
import { SERVERS, isGonet } from "./suite.mjs";

// Long enough that V8's tier-up (counted too: its compiler threads are the
// server's) is mostly inside the short run.
const SHORT = 2000;
const LONG = 8000;
const LOAD = ["pingpong", "-c", "64", "-m", "64", "-p", "1"];
// Generous bounds: Node starts in ~20 s under valgrind, a request takes ~1 ms.
const START_MS = 180_000;
const RUN_S = 300;

export function haveValgrind() {
  return spawnSync("valgrind", ["--version"]).status === 0;
}

/** Total instructions of a callgrind output file (its "totals:" line). */
function totalIr(file) {
  const m = readFileSync(file, "utf8").match(/^totals:\s+(\d+)/m);
  if (!m) throw new Error(`no totals line in ${file}`);
  return Number(m[1]);
}

async function measure(server, requests, dir, cpus, log) {
  const out = path.join(dir, `${server.id}-${requests}.out`);
  const cmd = ["valgrind", "--tool=callgrind", `--callgrind-out-file=${out}`, "--dump-line=no", "--dump-instr=no", ...server.cmd];
  const srv = await startServer(cmd, cpus.server, { timeoutMs: START_MS, env: server.env, graceMs: 60_000 });
  let r;
  try {
    const args = [binary("loadgen"), ...LOAD, "--port", String(srv.port), "--ops", String(requests), "-w", "0", "-d", String(RUN_S)];
    r = await runLoadgen(args, cpus.loadgen, (RUN_S + 30) * 1000);
  } finally {
    await srv.stop();
  }
  if (r.errors) throw new Error(`${r.errors} connection errors`);
  const ir = totalIr(out);
  log(`callgrind ${server.id.padEnd(10)} ${String(r.ops).padStart(5)} requests: ${ir.toLocaleString("en-US")} instructions`);
  return { ops: r.ops, ir };
}

/** Runs every server; returns rows { id, backend, irPerRequest, short, long } (or { id, error }). */
export async function runCallgrind(cpus, log) {
  const dir = path.join(tmpdir(), `gonet-callgrind-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const rows = [];
  try {
    for (const server of SERVERS.tcp.filter((s) => s.group !== "go")) {
      try {
        const short = await measure(server, SHORT, dir, cpus, log);
        const long = await measure(server, LONG, dir, cpus, log);
        rows.push({ id: server.id, group: server.group, backend: isGonet(server) ? gonetBackend(server.env) : null,
          irPerRequest: (long.ir - short.ir) / (long.ops - short.ops), short, long });
      } catch (e) {
        rows.push({ id: server.id, group: server.group, error: e.message.split("\n")[0] });
        log(`callgrind ${server.id}: FAILED: ${e.message.split("\n")[0]}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export function formatCallgrind(rows) {
  const ok = rows.filter((r) => !r.error);
  const node = ok.filter((r) => r.group === "node").reduce((a, r) => (a && a.irPerRequest <= r.irPerRequest ? a : r), null);
  const lines = rows.map((r) => {
    if (r.error) return `| ${r.id} | | failed: ${r.error} | |`;
    const vs = node ? `${(r.irPerRequest / node.irPerRequest).toFixed(2)}×` : "–";
    return `| ${r.id} | ${r.backend ?? ""} | ${Math.round(r.irPerRequest).toLocaleString("en-US")} | ${vs} |`;
  });
  return [
    `User-space instructions per request, pingpong C=64 64 B (callgrind, ${LONG} − ${SHORT} requests, all server threads;`,
    "the kernel's part of each request is not counted):",
    "",
    "| server | backend | instructions / request | vs node (best) |",
    "|---|---|---|---|",
    ...lines,
  ].join("\n");
}
