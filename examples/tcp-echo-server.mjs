// "Hello TCP": a line echo server (the seed article's section 3).
//   node examples/tcp-echo-server.mjs [port]     then: nc localhost 9000
//   node examples/tcp-echo-server.mjs --demo     server + one client, then exit
import { dial, listen } from "gonet";
import { lines } from "./lines.mjs";

async function handle(conn) {
  try {
    for await (const msg of lines(conn)) {
      console.log("Received:", msg.trimEnd());
      await conn.write(`Echo: ${msg}`);
    }
    console.log("Client disconnected");
  } finally {
    await conn.close();
  }
}

const demo = process.argv.includes("--demo");
const port = demo ? 0 : Number(process.argv[2] ?? 9000);
const ln = await listen("tcp", `:${port}`);
console.log(`Server running on ${ln.addr}`);

if (demo) {
  const conn = await dial("tcp", `127.0.0.1:${ln.addr.port}`);
  const served = ln.accept().then(handle);
  await conn.write("hello\n");
  const reply = await lines(conn).next();
  console.log("Client got:", reply.value.trimEnd());
  await conn.close();
  await served;
  await ln.close();
} else {
  for await (const conn of ln) handle(conn).catch((err) => console.log("Error:", err.message));
}
