// `npm run bench`: runs every workload row against gonet, the node:net /
// node:dgram baselines and the native anchors under one load generator,
// alternating servers run by run (A B A B ...) so drift in the machine hits
// all of them alike, and prints medians and ratios. See README.md.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseCli, USAGE } from "./lib/args.mjs";
import { gonetBackend } from "./lib/backend.mjs";
import { ensureBuilt } from "./lib/build.mjs";
import { formatCallgrind, haveValgrind, runCallgrind } from "./lib/callgrind.mjs";
import { renderChart } from "./lib/chart.mjs";
import { allowedCpus, busyNow, machineNotes } from "./lib/machine.mjs";
import { binary, resultsDir } from "./lib/paths.mjs";
import { runLoadgen, startServer, Unavailable } from "./lib/process.mjs";
import { PROXY_UPSTREAM, ROWS, SERVERS, isGonet } from "./lib/suite.mjs";
import { summarizeRow } from "./lib/summary.mjs";
import { wrkRun } from "./lib/wrk.mjs";
import { pgRun, stopPostgres } from "./lib/pg.mjs";
import { formatTables } from "./lib/table.mjs";

const opts = parseCli(process.argv.slice(2));
if (opts.help || opts.list) {
  console.log(opts.help ? USAGE : ROWS.map((r) => `${r.id.padEnd(18)} ${r.quick ? "quick" : "full "}  ${r.title}`).join("\n"));
  process.exit(0);
}

ensureBuilt();

// Server on one CPU, load generator on another: neither steals the other's
// cycles, and the server's CPU time is its own work only.
const cpus = allowedCpus();
const [serverCpu, loadCpu] = cpus.length >= 2 ? cpus : [null, null];
const profile = opts.profile;
const log = (s) => process.stderr.write(`${s}\n`);
const stampOf = (d) => d.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");

if (opts.callgrind) {
  if (!haveValgrind()) {
    console.log("callgrind: valgrind is not installed (apt-get install valgrind)");
    process.exit(0);
  }
  const started = new Date();
  log(`gonet bench --callgrind ${opts.callgrindWorkload}: server on CPU ${serverCpu ?? "any"}, loadgen on CPU ${loadCpu ?? "any"}`);
  const rows = await runCallgrind({ server: serverCpu, loadgen: loadCpu }, log, opts.callgrindWorkload);
  const table = formatCallgrind(rows, opts.callgrindWorkload);
  const file = path.join(resultsDir, `${stampOf(started)}-callgrind${opts.callgrindWorkload === "http" ? "-http" : ""}.json`);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ date: started.toISOString(), machine: machineNotes(), table, rows }, null, 2)}\n`);
  console.log(`\n${table}\n\nresults: ${path.relative(process.cwd(), file)}`);
  process.exit(0);
}

// A command that failed to start once (e.g. gonet's dist/ not built) is not
// retried for the rest of the suite.
const startFailures = new Map();

function loadgenArgs(row, srv) {
  const args = [binary("loadgen"), ...row.load, "--port", String(srv.port), "--server-pid", String(srv.pid)];
  if (row.kind === "idle") {
    args.push("-w", String(profile.warmup), "-d", String(profile.idleEstablish), "--hold", String(profile.idleHold));
    return { args, timeoutMs: (2 * profile.warmup + profile.idleEstablish + profile.idleHold + 15) * 1000 };
  }
  args.push("-w", String(profile.warmup), "-d", String(profile.duration));
  return { args, timeoutMs: (profile.warmup + profile.duration + 15) * 1000 };
}

async function runOnce(row, server) {
  if (row.kind === "pg") return pgRun(row, server, serverCpu, loadCpu);
  const key = server.cmd.join(" ");
  if (startFailures.has(key)) throw new Unavailable(startFailures.get(key));
  if (server.optional && !existsSync(server.cmd[0])) throw new Unavailable(server.optional);
  const upstream = row.kind === "proxy" ? await startServer(PROXY_UPSTREAM, loadCpu) : null;
  let srv;
  try {
    const cpu = server.unpinned ? null : serverCpu;
    srv = await startServer(upstream ? [...server.cmd, String(upstream.port)] : server.cmd, cpu, { env: server.env });
  } catch (e) {
    await upstream?.stop();
    if (e instanceof Unavailable) startFailures.set(key, e.message);
    throw e;
  }
  try {
    let result;
    if (row.kind === "http") result = await wrkRun(row, srv, loadCpu, profile);
    else {
      const { args, timeoutMs } = loadgenArgs(row, srv);
      result = await runLoadgen(args, loadCpu, timeoutMs);
    }
    const crashed = srv.crashed();
    if (crashed) throw new Error(`server died during the run (${crashed.signal ?? crashed.code}): ${crashed.stderr}`);
    return result;
  } finally {
    await srv.stop();
    await upstream?.stop();
  }
}

function describe(row, r) {
  const tput = row.per === "MB" ? `${r.mb_per_sec.toFixed(0)} MB/s` : `${Math.round(r.ops_per_sec)} ops/s`;
  const cpu = r.server_cpu_us === null ? ""
    : row.per === "MB" ? `  ${(r.server_cpu_us / (r.bytes / 1e6)).toFixed(0)} µs/MB` : `  ${r.server_cpu_us_per_op.toFixed(2)} µs/op`;
  const rss = r.rss_bytes_per_conn == null ? "" : `  ${(r.rss_bytes_per_conn / 1024).toFixed(2)} KiB/conn`;
  const errs = r.errors || r.lost ? `  errors ${r.errors} lost ${r.lost}` : "";
  return `${tput}${cpu}  p99 ${r.latency_us.p99} µs${rss}${errs}`;
}

async function runRow(row) {
  const states = SERVERS[row.kind].filter(opts.serverFilter).map((server) => ({
    server, runs: [], failures: [], backend: isGonet(server) ? gonetBackend(server.env) : null,
  }));
  const runs = row.kind === "idle" ? profile.idleRuns : profile.runs;
  // Alternate: run 1 of every server, then run 2 of every server, ...
  for (let i = 1; i <= runs; i++) {
    for (const st of states) {
      if (st.unavailable) continue;
      const tag = `${row.id.padEnd(16)} ${st.server.id.padEnd(15)} run ${i}/${runs}`;
      try {
        const r = await runOnce(row, st.server);
        st.runs.push(r);
        log(`${tag}  ${describe(row, r)}`);
      } catch (e) {
        if (e instanceof Unavailable) st.unavailable = e.message;
        else st.failures.push(e.message);
        log(`${tag}  ${e instanceof Unavailable ? "unavailable" : "FAILED"}: ${e.message.split("\n")[0]}`);
      }
    }
  }
  return { summary: summarizeRow(row, states), runs: Object.fromEntries(states.map((s) => [s.server.id, s.runs])) };
}

const started = new Date();
const machine = machineNotes();
const busy = machine.busy_at_start;
log(`gonet bench: ${opts.rows.length} rows, ${profile.runs} runs each, ${profile.warmup}+${profile.duration} s per run; ` +
  `server on CPU ${serverCpu ?? "any"}, loadgen on CPU ${loadCpu ?? "any"}; loadavg ${busy.loadavg.join(" ")}`);
if (busy.cpu_pressure_pct > 20)
  log(`warning: other work is competing for the CPUs (${busy.cpu_pressure_pct}% CPU pressure): expect noisy numbers`);
const rows = [];
for (const row of opts.rows) rows.push(await runRow(row));
await stopPostgres();
const summaries = rows.map((r) => r.summary);

const stamp = stampOf(started);
const dir = opts.partial ? path.join(resultsDir, "tmp") : resultsDir;
mkdirSync(dir, { recursive: true });
const base = path.join(dir, stamp);
machine.busy_at_end = busyNow();
const table = formatTables(summaries);
writeFileSync(`${base}.json`, `${JSON.stringify({ date: started.toISOString(), machine, profile,
  pinning: { server: serverCpu, loadgen: loadCpu }, table, rows }, null, 2)}\n`);
const caption = `gonet vs node — ${stamp} — ${machine.cpu}, ${cpus.length} CPUs, node ${machine.node}`;
writeFileSync(`${base}.svg`, renderChart(summaries, caption));

console.log(`\n${table}\n`);
console.log(`results: ${path.relative(process.cwd(), `${base}.json`)} and .svg`);
