// The connection handler of every-core.mjs: it runs inside each worker
// thread, once per connection, and answers each line with the worker's number.
export default async function serve(conn, ctx) {
  for (let chunk; (chunk = await conn.read()) !== null; ) {
    await conn.write(`worker ${ctx.worker} got ${chunk.length} bytes\n`);
  }
}
