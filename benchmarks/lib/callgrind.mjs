// `npm run bench -- --callgrind`: instructions per request on pingpong
// C=64 64 B, counted by valgrind's callgrind, for gonet, the node baselines
// and the C server; with `--only http-ka-c50`, on node:http keep-alive
// over gonet and over node:net (a fixed-count client, lib/http-count.mjs). Unlike CPU time, instruction counts barely move with
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
import { binary, benchDir } from "./paths.mjs";
import { runJson, runLoadgen, startServer } from "./process.mjs";
import { SERVERS, isGonet } from "./suite.mjs";

// Long enough that V8's tier-up (counted too: its compiler threads are the
// server's) is mostly inside the short run.
const SHORT = 2000;
const LONG = 8000;
const LOAD = ["pingpong", "-c", "64", "-m", "64", "-p", "1"];
const HTTP_CONNS = 50;
const HTTP_BODY = "Hello, World!"; // servers/node-http.mjs's response
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

/**
 * Instructions spent in V8's optimizing compilers (TurboFan, Maglev):
 * between two runs of a Node server they swing by more than a request's
 * own cost, so the table also gives the count without them.
 */
function compilerIr(file) {
  const r = spawnSync("callgrind_annotate", ["--inclusive=no", "--threshold=100", file], { encoding: "utf8", maxBuffer: 1 << 28 });
  let ir = 0;
  for (const line of (r.stdout ?? "").split("\n")) {
    const m = /^\s*([\d,]+)\s+\([^)]*\)\s+(.*)$/.exec(line);
    if (m && /v8::internal::(compiler|maglev|turboshaft)::/.test(m[2])) ir += Number(m[1].replaceAll(",", ""));
  }
  return ir;
}

/** The fixed-count load of each workload: resolves { ops, errors }. */
const LOADS = {
  pingpong: (port, requests, cpu) => runLoadgen([binary("loadgen"), ...LOAD, "--port", String(port), "--ops", String(requests),
    "-w", "0", "-d", String(RUN_S)], cpu, (RUN_S + 30) * 1000),
  http: (port, requests, cpu) => runJson("http-count", [process.execPath, path.join(benchDir, "lib", "http-count.mjs"), String(port),
    String(requests), String(HTTP_CONNS), HTTP_BODY], cpu, (RUN_S + 30) * 1000),
};

async function measure(server, requests, dir, cpus, log, workload) {
  const out = path.join(dir, `${server.id}-${requests}.out`);
  const cmd = ["valgrind", "--tool=callgrind", `--callgrind-out-file=${out}`, "--dump-line=no", "--dump-instr=no", ...server.cmd];
  const srv = await startServer(cmd, cpus.server, { timeoutMs: START_MS, env: server.env, graceMs: 60_000 });
  let r;
  try {
    r = await LOADS[workload](srv.port, requests, cpus.loadgen);
  } finally {
    await srv.stop();
  }
  if (r.errors) throw new Error(`${r.errors} connection errors`);
  const ir = totalIr(out);
  const compiler = compilerIr(out);
  log(`callgrind ${server.id.padEnd(10)} ${String(r.ops).padStart(5)} requests: ${ir.toLocaleString("en-US")} instructions ` +
    `(${compiler.toLocaleString("en-US")} compiling)`);
  return { ops: r.ops, ir, compiler };
}

/**
 * Runs every server of `workload` (pingpong or http); returns rows
 * { id, backend, irPerRequest, noCompilerPerRequest, short, long } (or { id, error }).
 */
export async function runCallgrind(cpus, log, workload = "pingpong") {
  const dir = path.join(tmpdir(), `gonet-callgrind-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const rows = [];
  try {
    const servers = workload === "http" ? SERVERS.http : SERVERS.tcp.filter((s) => s.group !== "go");
    for (const server of servers) {
      try {
        const short = await measure(server, SHORT, dir, cpus, log, workload);
        const long = await measure(server, LONG, dir, cpus, log, workload);
        const n = long.ops - short.ops;
        rows.push({ id: server.id, group: server.group, backend: isGonet(server) ? gonetBackend(server.env) : null,
          irPerRequest: (long.ir - short.ir) / n,
          noCompilerPerRequest: (long.ir - long.compiler - (short.ir - short.compiler)) / n, short, long });
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

export function formatCallgrind(rows, workload = "pingpong") {
  const ok = rows.filter((r) => !r.error);
  const node = ok.filter((r) => r.group === "node").reduce((a, r) => (a && a.irPerRequest <= r.irPerRequest ? a : r), null);
  const lines = rows.map((r) => {
    if (r.error) return `| ${r.id} | | failed: ${r.error} | | | |`;
    const vs = (k) => (node ? `${(r[k] / node[k]).toFixed(2)}×` : "–");
    const n = (k) => Math.round(r[k]).toLocaleString("en-US");
    return `| ${r.id} | ${r.backend ?? ""} | ${n("irPerRequest")} | ${vs("irPerRequest")} | ${n("noCompilerPerRequest")} | ${vs("noCompilerPerRequest")} |`;
  });
  const what = workload === "http" ? `node:http keep-alive C=${HTTP_CONNS}` : "pingpong C=64 64 B";
  return [
    `User-space instructions per request, ${what} (callgrind, ${LONG} − ${SHORT} requests, all server threads;`,
    "the kernel's part of each request is not counted; \"no compiler\" leaves out V8's optimizing compilers):",
    "",
    "| server | backend | instructions / request | vs node (best) | no compiler | vs node |",
    "|---|---|---|---|---|---|",
    ...lines,
  ].join("\n");
}
