// Deadlines (the seed article's section 6): a read that waits longer than
// its deadline fails with "i/o timeout"; a new deadline makes the conn work again.
//   node examples/deadlines.mjs
import { dial, isTimeout, listen } from "gonet";

const ln = await listen("tcp", "127.0.0.1:0");
const [server, conn] = await Promise.all([ln.accept(), dial("tcp", ln.addr.toString())]);

conn.setReadDeadline(Date.now() + 200); // or: conn.setDeadline(new Date(Date.now() + 3000))
try {
  await conn.read(); // the server says nothing
} catch (err) {
  console.log(err.message); // read tcp 127.0.0.1:A->127.0.0.1:B: i/o timeout
  console.log("timeout:", isTimeout(err));
}

conn.setReadDeadline(null); // clear it: the conn is intact
await server.write("still here\n");
console.log(new TextDecoder().decode(await conn.read()).trimEnd());

await Promise.all([conn.close(), server.close(), ln.close()]);
