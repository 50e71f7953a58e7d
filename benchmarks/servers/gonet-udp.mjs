// gonet UDP echo server, written only against gonet's public API: one
// readFrom/writeTo loop over a reused buffer, as in Go.
// Usage: node gonet-udp.mjs [port]; prints the port, runs until killed.
import { listenPacket } from "gonet";

const pc = await listenPacket("udp", `127.0.0.1:${process.argv[2] ?? 0}`);
console.log(pc.localAddr.port);
const buf = new Uint8Array(64 * 1024);
for (;;) {
  try {
    const { n, addr } = await pc.readFrom(buf);
    await pc.writeTo(buf.subarray(0, n), addr);
  } catch {
    // ICMP errors from departed clients are not fatal
  }
}
