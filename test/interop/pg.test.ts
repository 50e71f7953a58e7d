// pg (node-postgres) over gonet: its `stream` option takes a gonet Socket,
// against a real PostgreSQL server the test starts on a loopback port.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Socket, debugStats } from "../../lib/index.js";
import { type PgServer, pgBinDir, startPostgres } from "../helpers/postgres.mjs";
import { run } from "./peers.js";

const bin = pgBinDir();
let server: PgServer | undefined;

beforeAll(async () => {
  if (bin) server = await startPostgres(bin);
}, 90_000);
afterAll(async () => {
  await server?.stop();
});

function client(extra: pg.ClientConfig = {}): pg.Client {
  return new pg.Client({
    host: "127.0.0.1",
    port: server!.port,
    user: "test",
    database: "postgres",
    stream: () => new Socket(),
    ...extra,
  });
}

describe.skipIf(!bin)("pg over gonet (PostgreSQL from /usr/lib/postgresql)", () => {
  it("connects, runs parameterized queries, moves 5 MB rows, and ends cleanly", async () => {
    const c = client({ keepAlive: true });
    const errors: unknown[] = [];
    c.on("error", (e) => errors.push(e));
    await c.connect();
    const r = await c.query("SELECT $1::int + $2::int AS sum, inet_client_addr()::text AS addr", [2, 3]);
    expect(r.rows).toEqual([{ sum: 5, addr: "127.0.0.1/32" }]);
    const big = await c.query("SELECT repeat('x', 5 * 1024 * 1024) AS s");
    expect(big.rows[0].s.length).toBe(5 * 1024 * 1024);
    const up = await c.query("SELECT length($1::text) AS n", ["y".repeat(3 << 20)]);
    expect(up.rows[0].n).toBe(3 << 20);
    // Many small queries in flight at once (pg queues them on one connection).
    const many = await Promise.all(Array.from({ length: 500 }, (_, i) => c.query("SELECT $1::int AS i", [i])));
    expect(many.map((m) => m.rows[0].i)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    await c.end();
    expect(errors).toEqual([]);
  });

  it("a pg.Pool over gonet: concurrent clients, transactions, a query error, idle clients closed", async () => {
    const pool = new pg.Pool({
      host: "127.0.0.1",
      port: server!.port,
      user: "test",
      database: "postgres",
      max: 8,
      idleTimeoutMillis: 100,
      stream: () => new Socket(),
    });
    const errors: unknown[] = [];
    pool.on("error", (e) => errors.push(e));
    await pool.query("CREATE TABLE IF NOT EXISTS t (id int primary key, v text)");
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const c = await pool.connect();
        try {
          await c.query("BEGIN");
          await c.query("INSERT INTO t VALUES ($1, $2)", [i, `v${i}`]);
          await c.query("COMMIT");
        } finally {
          c.release();
        }
      }),
    );
    const n = await pool.query("SELECT count(*)::int AS n FROM t");
    expect(n.rows[0].n).toBe(40);
    await expect(pool.query("SELECT * FROM missing_table")).rejects.toThrow(/missing_table/);
    await new Promise((r) => setTimeout(r, 300)); // idle clients time out and close
    expect(pool.idleCount).toBe(0);
    await pool.end();
    expect(errors).toEqual([]);
  });

  it("examples/node-pg.mjs queries the server", async () => {
    const r = await run(process.execPath, ["examples/node-pg.mjs", `postgres://test@127.0.0.1:${server!.port}/postgres`], "", 30_000, process.env);
    expect(r.stdout).toMatch(/^hello over gonet from PostgreSQL \d+/);
    expect(r.code).toBe(0);
  });

  it("reports the server going away as the client's error, not a hang", async () => {
    const c = client();
    await c.connect();
    const pid = (await c.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
    const killer = client();
    await killer.connect();
    // pg reports the FATAL notice, then "Connection terminated unexpectedly" on close (as over node:net).
    const errors: Error[] = [];
    const gotError = new Promise<Error>((resolve) => c.on("error", (e) => (errors.push(e), resolve(e))));
    const closed = new Promise<void>((resolve) => c.on("end", () => resolve()));
    await killer.query("SELECT pg_terminate_backend($1)", [pid]);
    const err = await gotError;
    expect(err.message).toMatch(/terminat/);
    await closed;
    expect(errors.every((e) => /terminat/.test(e.message))).toBe(true);
    await killer.end();
    await c.end().catch(() => {});
  });
});

afterAll(async () => {
  await new Promise((r) => setTimeout(r, 50));
  const s = debugStats();
  expect([s.openFds, s.parkedOps]).toEqual([0, 0]);
});
