// A TCP proxy (the seed article's section 12): every accepted connection is
// forwarded to an upstream with copy() in both directions.
//   node examples/proxy.mjs LISTEN_PORT UPSTREAM_HOST:PORT
//   node examples/proxy.mjs --demo     proxy to a local echo server, then exit
import { copy, dial, listen } from "gonet";

async function forward(client, upstreamAddr) {
  const upstream = await dial("tcp", upstreamAddr);
  // Each direction ends at EOF; closeWrite passes the EOF on (half-close).
  const pump = (dst, src) => copy(dst, src).then(() => dst.closeWrite()).catch(() => {});
  await Promise.all([pump(upstream, client), pump(client, upstream)]);
  await Promise.all([client.close(), upstream.close()]);
}

async function proxy(ln, upstreamAddr) {
  for await (const client of ln) forward(client, upstreamAddr).catch((err) => console.log(err.message));
}

if (process.argv.includes("--demo")) {
  const echo = await listen("tcp", "127.0.0.1:0");
  (async () => {
    for await (const c of echo) copy(c, c).then(() => c.close());
  })();
  const ln = await listen("tcp", "127.0.0.1:0");
  const running = proxy(ln, echo.addr.toString());
  const c = await dial("tcp", ln.addr.toString());
  await c.write("through the proxy\n");
  await c.closeWrite();
  let got = "";
  for await (const chunk of c) got += new TextDecoder().decode(chunk);
  console.log("echoed:", got.trimEnd());
  await c.close();
  await Promise.all([ln.close(), echo.close()]);
  await running;
} else {
  const [port, upstream] = process.argv.slice(2);
  if (!port || !upstream) {
    console.error("usage: node examples/proxy.mjs LISTEN_PORT UPSTREAM_HOST:PORT");
    process.exit(2);
  }
  const ln = await listen("tcp", `:${port}`);
  console.log(`proxying ${ln.addr} -> ${upstream}`);
  await proxy(ln, upstream);
}
