// PostgreSQL (the pg package) over gonet: pg's `stream` option takes a gonet
// Socket, which pg connects itself.
//   node examples/node-pg.mjs postgres://user@127.0.0.1:5432/db
import pg from "pg";
import { Socket } from "gonet";

const url = process.argv[2];
if (!url) {
  console.error("usage: node examples/node-pg.mjs postgres://user@host:port/db");
  process.exit(2);
}
const client = new pg.Client({ connectionString: url, stream: () => new Socket() });
await client.connect();
const { rows } = await client.query("SELECT $1::text || ' from ' || version() AS greeting", ["hello over gonet"]);
console.log(rows[0].greeting.split(" on ")[0]);
await client.end();
