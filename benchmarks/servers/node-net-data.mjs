// node:net echo server, event form: write each 'data' chunk straight back.
// Fewer stream layers than pipe(), at the price of ignoring backpressure
// (bounded here because the load generator keeps a fixed window in flight).
// Usage: node node-net-data.mjs [port]; prints the port, runs until killed.
import net from "node:net";

const server = net.createServer({ noDelay: true }, (socket) => {
  socket.on("error", () => socket.destroy()); // a reset peer is normal at the end of a run
  socket.on("data", (d) => socket.write(d));
});
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => console.log(server.address().port));
