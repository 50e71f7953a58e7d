// gonet UDP echo server, written only against gonet's public API the way a
// performance-minded user writes it: readBatch takes every datagram waiting
// (one recvmmsg), and writeBatch sends them back from the same slots (one
// sendmmsg): each slot already holds the datagram and its sender.
// --single uses one readFrom/writeTo pair per datagram instead, as in Go.
// Usage: node gonet-udp.mjs [--single] [port]; prints the port, runs until killed.
import { listenPacket, PacketBatch } from "gonet";

const args = process.argv.slice(2);
const single = args.includes("--single");
const port = args.find((a) => !a.startsWith("--")) ?? "0";

const pc = await listenPacket("udp", `127.0.0.1:${port}`);
console.log(pc.localAddr.port);

async function echoBatches() {
  const batch = new PacketBatch(64, 2048);
  for (;;) {
    try {
      const n = await pc.readBatch(batch);
      await pc.writeBatch(batch, n);
    } catch {
      // ICMP errors from departed clients are not fatal
    }
  }
}

async function echoSingle() {
  const buf = new Uint8Array(64 * 1024);
  for (;;) {
    try {
      const { n, addr } = await pc.readFrom(buf);
      await pc.writeTo(buf.subarray(0, n), addr);
    } catch {
      // as above
    }
  }
}

await (single ? echoSingle() : echoBatches());
