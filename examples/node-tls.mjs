// TLS over gonet: a node tls.Server fed by a gonet Listener, and
// tls.connect({ socket }) over a gonet dial. Certificate and key come from
// files (openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1
// -nodes -subj /CN=localhost -keyout key.pem -out cert.pem).
//   node examples/node-tls.mjs key.pem cert.pem [port]         an echo server
//   node examples/node-tls.mjs key.pem cert.pem --demo         one echo to itself, then exit
import { readFileSync } from "node:fs";
import tls from "node:tls";
import { createConnection, listen, serve } from "gonet";

const [keyFile, certFile, arg] = process.argv.slice(2);
if (!keyFile || !certFile) {
  console.error("usage: node examples/node-tls.mjs key.pem cert.pem [port|--demo]");
  process.exit(2);
}
const demo = arg === "--demo";
const server = tls.createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (s) => {
  s.on("data", (d) => s.write(d)).on("end", () => s.end());
});
const ln = await listen("tcp", `127.0.0.1:${demo ? 0 : Number(arg ?? 8443)}`);
const serving = serve(server, ln);
console.log(`TLS echo over gonet on ${ln.addr}`);

if (demo) {
  const socket = tls.connect({
    socket: createConnection({ host: "127.0.0.1", port: ln.addr.port }),
    ca: readFileSync(certFile),
    servername: "localhost",
  });
  socket.on("secureConnect", () => socket.end(`hello over ${socket.getProtocol()}`));
  let echoed = "";
  socket.on("data", (d) => (echoed += d));
  await new Promise((resolve, reject) => socket.on("close", resolve).on("error", reject));
  console.log(`echoed: ${echoed} (authorized: ${socket.authorized})`);
  server.close();
  await serving;
}
