// The pg rows: the code under test is a pg client (benchmarks/servers/
// pg-client.mjs) over gonet or node:net, so instead of a server and loadgen
// these rows start one PostgreSQL (test/helpers/postgres.mjs, pinned with
// the load generator's CPU) for the whole suite and run the client pinned to
// the server CPU. A run is returned in loadgen's JSON shape, the client's
// CPU time standing in for the server's.
import { pgBinDir, startPostgres } from "../../test/helpers/postgres.mjs";
import { Unavailable, runJson } from "./process.mjs";

let postgres = null;

/** Stops the PostgreSQL the pg rows started, if any. */
export async function stopPostgres() {
  const pgs = await postgres?.catch(() => null);
  postgres = null;
  await pgs?.stop();
}

/** One run of `server` (a pg-client.mjs command) for `row.queries` queries. */
export async function pgRun(row, server, clientCpu, pgCpu) {
  const bin = pgBinDir();
  if (!bin) throw new Unavailable("no PostgreSQL server binaries (apt-get install postgresql)");
  postgres ??= startPostgres(bin, { cpu: pgCpu });
  const { port } = await postgres;
  const r = await runJson("pg client", [...server.cmd, String(port), String(row.queries)], clientCpu, 120_000);
  return {
    ops: r.ops,
    ops_per_sec: r.ops / r.seconds,
    duration_s: r.seconds,
    bytes: 0,
    mb_per_sec: 0,
    server_cpu_us: r.cpu_us,
    server_cpu_us_per_op: r.cpu_us / r.ops,
    latency_us: { p99: r.p99_us },
    errors: 0,
    lost: 0,
  };
}
