// A UDP echo server: every datagram goes back to its sender (Go's seed
// example: ReadFromUDP, then WriteToUDP to the address it reported).
// Usage: node examples/udp-echo-server.mjs [host:port]   (default 127.0.0.1:9001)
// Stops after --count N datagrams when given, else runs until Ctrl-C.
import { listenPacket } from "gonet";

const args = process.argv.slice(2);
const countAt = args.indexOf("--count");
const limit = countAt >= 0 ? Number(args.splice(countAt, 2)[1]) : Infinity;
const address = args[0] ?? "127.0.0.1:9001";

const conn = await listenPacket("udp", address);
console.log(`UDP echo server on ${conn.localAddr}`);
process.on("SIGINT", () => conn.close());

const buf = new Uint8Array(64 * 1024);
for (let served = 0; served < limit; served++) {
  let got;
  try {
    got = await conn.readFromUDP(buf);
  } catch (err) {
    if (conn.closed) break; // Ctrl-C
    throw err;
  }
  const { n, addr } = got;
  console.log(`received ${JSON.stringify(new TextDecoder().decode(buf.subarray(0, n)))} from ${addr}`);
  await conn.writeToUDP(buf.subarray(0, n), addr);
}
await conn.close();
