// The pg row's subject: one pg.Client running `SELECT $1::int` queries one
// after another against PostgreSQL, over a gonet Socket (--gonet, pg's
// `stream` option) or over node:net (--net, pg's default). After a warm-up it
// times N queries and prints one JSON line: ops, seconds, its own CPU time
// (µs) and the p99 query latency (µs).
// Usage: node pg-client.mjs --gonet|--net PORT N
import pg from "pg";
import { Socket } from "gonet";

const args = process.argv.slice(2);
const [port, n] = args.filter((a) => !a.startsWith("--")).map(Number);
const client = new pg.Client({
  host: "127.0.0.1",
  port,
  user: "test",
  database: "postgres",
  ...(args.includes("--gonet") ? { stream: () => new Socket() } : {}),
});
await client.connect();
for (let i = 0; i < 500; i++) await client.query("SELECT $1::int AS i", [i]);
const lat = new Float64Array(n);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  const s = performance.now();
  await client.query("SELECT $1::int AS i", [i]);
  lat[i] = performance.now() - s;
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
lat.sort();
await client.end();
console.log(JSON.stringify({ ops: n, seconds, cpu_us: cpu.user + cpu.system, p99_us: Math.round(lat[Math.floor(n * 0.99)] * 1000) }));
