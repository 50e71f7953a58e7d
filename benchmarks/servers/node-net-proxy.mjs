// node:net TCP proxy: each accepted connection is piped to a fresh
// connection to the upstream and back. The baseline of the proxy row.
// Usage: node node-net-proxy.mjs UPSTREAM_PORT [port]; prints the port,
// runs until killed.
import net from "node:net";

const upstreamPort = Number(process.argv[2]);
const server = net.createServer({ noDelay: true }, (client) => {
  const upstream = net.connect({ port: upstreamPort, host: "127.0.0.1", noDelay: true });
  const drop = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on("error", drop);
  upstream.on("error", drop);
  client.pipe(upstream).pipe(client);
});
server.listen(Number(process.argv[3] ?? 0), "127.0.0.1", () => console.log(server.address().port));
