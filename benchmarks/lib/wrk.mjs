// wrk (Debian's package) as the load generator of the HTTP rows: runs it
// pinned like loadgen, reads the server's CPU time from /proc around the
// measured window, and returns a run in loadgen's JSON shape so the
// summary, tables and chart treat HTTP rows like every other row.
import { existsSync, readFileSync } from "node:fs";
import { Unavailable, runPinned } from "./process.mjs";

const WRK = ["/usr/bin/wrk", "/usr/local/bin/wrk"].find((p) => existsSync(p));
const TICK_US = 1e6 / 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

/** utime + stime of every thread of `pid`, in µs. */
function cpuUs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

const runWrk = (args, cpu, timeoutMs) => runPinned("wrk", [WRK, ...args], cpu, timeoutMs);

const UNIT_US = { us: 1, ms: 1e3, s: 1e6 };

/** wrk --latency's text: requests, the 99th percentile, errors. */
export function parseWrk(text) {
  const reqs = /(\d+) requests in ([\d.]+)(us|ms|s|m)/.exec(text);
  if (!reqs) throw new Error(`unexpected wrk output: ${text.slice(0, 300)}`);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(text);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  const errors = (sock ? sock.slice(1).reduce((n, x) => n + Number(x), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0);
  const bytes = /Transfer\/sec:\s+([\d.]+)(B|KB|MB|GB)/.exec(text);
  return {
    requests: Number(reqs[1]),
    seconds: Number(reqs[2]) * { us: 1e-6, ms: 1e-3, s: 1, m: 60 }[reqs[3]],
    p99_us: p99 ? Math.round(Number(p99[1]) * UNIT_US[p99[2]]) : null,
    errors,
    transfer: bytes ? Number(bytes[1]) * { B: 1, KB: 1024, MB: 1 << 20, GB: 1 << 30 }[bytes[2]] : 0,
  };
}

/** One measured wrk run against `srv` (after a warm-up run), as a loadgen result. */
export async function wrkRun(row, srv, cpu, profile) {
  if (!WRK) throw new Unavailable("no wrk (apt-get install wrk)");
  const url = `http://127.0.0.1:${srv.port}/`;
  const base = ["-t1", ...row.wrk, "--latency"];
  const secs = (s) => `${Math.max(1, Math.round(s))}s`;
  const timeoutMs = (profile.warmup + profile.duration + 30) * 1000;
  await runWrk([...base, "-d", secs(profile.warmup), url], cpu, timeoutMs);
  const cpu0 = cpuUs(srv.pid);
  const out = await runWrk([...base, "-d", secs(profile.duration), url], cpu, timeoutMs);
  const server_cpu_us = cpuUs(srv.pid) - cpu0;
  const r = parseWrk(out);
  const ops = r.requests;
  const duration_s = r.seconds;
  return {
    ops,
    ops_per_sec: ops / duration_s,
    duration_s,
    bytes: 0,
    mb_per_sec: 0,
    server_cpu_us,
    server_cpu_us_per_op: ops ? server_cpu_us / ops : null,
    latency_us: { p99: r.p99_us },
    errors: r.errors,
    lost: 0,
  };
}
