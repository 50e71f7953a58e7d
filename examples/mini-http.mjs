// A mini HTTP server on raw TCP, no http module (the seed article's section 13).
//   node examples/mini-http.mjs [port]       then: curl localhost:8080
//   node examples/mini-http.mjs --demo       serve one request to itself, then exit
import { dial, listen } from "gonet";
import { lines } from "./lines.mjs";

async function serve(c) {
  try {
    const { value: line = "" } = await lines(c).next();
    const method = line.split(" ")[0];
    console.log("HTTP request:", method);
    await c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nHello from raw net!\n");
  } finally {
    await c.close();
  }
}

const demo = process.argv.includes("--demo");
const ln = await listen("tcp", `:${demo ? 0 : Number(process.argv[2] ?? 8080)}`);
console.log(`Mini HTTP server on ${ln.addr}`);
if (demo) {
  const served = ln.accept().then(serve);
  const c = await dial("tcp", `127.0.0.1:${ln.addr.port}`);
  await c.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
  let response = "";
  for await (const chunk of c) response += new TextDecoder().decode(chunk);
  console.log(response.split("\r\n")[0], "|", response.split("\r\n\r\n")[1].trimEnd());
  await c.close();
  await served;
  await ln.close();
} else {
  for await (const conn of ln) serve(conn).catch(() => {});
}
