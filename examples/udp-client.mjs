// A UDP client: sends "ping" to the echo server and prints the reply (Go's
// seed example: DialUDP, Write, then ReadFromUDP), with a read deadline so
// a lost datagram cannot hang it.
// Usage: node examples/udp-client.mjs [host:port] [message]   (default 127.0.0.1:9001 ping)
import { dial, isTimeout } from "gonet";

const address = process.argv[2] ?? "127.0.0.1:9001";
const message = process.argv[3] ?? "ping";

const conn = await dial("udp", address);
try {
  await conn.write(message);
  conn.setReadDeadline(Date.now() + 2000);
  const buf = new Uint8Array(1024);
  const { n, addr } = await conn.readFromUDP(buf);
  console.log(`Server ${addr}: ${new TextDecoder().decode(buf.subarray(0, n))}`);
} catch (err) {
  console.error(isTimeout(err) ? `no reply from ${address} within 2 s` : err.message);
  process.exitCode = 1;
} finally {
  await conn.close();
}
