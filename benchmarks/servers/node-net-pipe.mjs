// node:net echo server, stream form: socket.pipe(socket) lets Node's
// streams move every chunk with backpressure. One of the two node:net
// baselines; the harness compares gonet against the better of them.
// Usage: node node-net-pipe.mjs [port]; prints the port, runs until killed.
import net from "node:net";

const server = net.createServer({ noDelay: true }, (socket) => {
  socket.on("error", () => socket.destroy()); // a reset peer is normal at the end of a run
  socket.pipe(socket);
});
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => console.log(server.address().port));
