// A TCP client: send each line typed on stdin, print the server's reply
// (the seed article's section 4).
//   node examples/tcp-client.mjs [host:port]      (default localhost:9000)
import { createInterface } from "node:readline";
import { dial } from "gonet";
import { lines } from "./lines.mjs";

const conn = await dial("tcp", process.argv[2] ?? "localhost:9000");
console.log("Connected to server");
const replies = lines(conn);
const input = createInterface({ input: process.stdin, prompt: "Enter message: " });
input.prompt();
for await (const text of input) {
  await conn.write(`${text}\n`);
  const { value, done } = await replies.next();
  if (done) break;
  console.log("Server:", value.trimEnd());
  input.prompt();
}
await conn.close();
