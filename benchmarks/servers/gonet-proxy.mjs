// gonet TCP proxy, written only against gonet's public API: accept, dial
// the upstream, copy() both ways (socket-to-socket copies may use splice),
// half-closing each direction when its source ends.
// Usage: node gonet-proxy.mjs UPSTREAM_PORT [port]; prints the port, runs until killed.
import { copy, dial, listen } from "gonet";

const upstreamAddr = `127.0.0.1:${process.argv[2]}`;

async function relay(client) {
  let upstream;
  try {
    upstream = await dial("tcp", upstreamAddr);
    await Promise.all([
      copy(upstream, client).then(() => upstream.closeWrite()),
      copy(client, upstream).then(() => client.closeWrite()),
    ]);
  } catch {
    // a reset peer is normal at the end of a run
  } finally {
    await Promise.allSettled([client.close(), upstream?.close()]);
  }
}

const ln = await listen("tcp", `127.0.0.1:${process.argv[3] ?? 0}`);
console.log(ln.addr.port);
for await (const conn of ln) relay(conn);
