// node:http over gonet, both directions: an http.Server fed by a gonet
// Listener (serve), and a keep-alive http.Agent whose sockets are gonet dials.
//   node examples/node-http.mjs [port]     then: curl localhost:8080/hello
//   node examples/node-http.mjs --demo     three requests to itself over one connection, then exit
import http from "node:http";
import { createConnection, listen, serve } from "gonet";

const demo = process.argv.includes("--demo");
const server = http.createServer((req, res) => res.end(`hello ${req.url} from ${req.socket.remoteAddress}\n`));
const ln = await listen("tcp", `127.0.0.1:${demo ? 0 : Number(process.argv[2] ?? 8080)}`);
const serving = serve(server, ln); // resolves once server.close() closed the listener
console.log(`node:http over gonet on ${ln.addr}`);

if (demo) {
  const agent = new http.Agent({ keepAlive: true });
  agent.createConnection = createConnection;
  for (const path of ["/a", "/b", "/c"]) {
    const body = await new Promise((resolve, reject) => {
      http.get({ host: "127.0.0.1", port: ln.addr.port, path, agent }, (res) => {
        let text = "";
        res.on("data", (d) => (text += d)).on("end", () => resolve(text));
      }).on("error", reject);
    });
    process.stdout.write(body);
  }
  console.log(`connections used: ${Object.values(agent.freeSockets).flat().length}`);
  agent.destroy();
  server.close();
  await serving;
}
