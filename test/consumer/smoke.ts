// A user's first program, as an ES module: TCP, UDP, Unix and DNS on
// loopback through the installed package. Prints one line per check and
// "smoke: N passed, N failed". SMOKE_EXPECT_BINARY, when set, is the folder
// the addon must have been loaded from (e.g. prebuilds/linux-arm64);
// SMOKE_UNDER_WINE=1 skips what wine cannot run (said as TAP skips).

import {
  IP,
  Resolver,
  debugStats,
  dial,
  interfaces,
  isTimeout,
  listen,
  listenPacket,
  parseCIDR,
  parseIP,
  type Conn,
} from "gonet";
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { startDnsmasq } from "./dnsmasq.js";

const CHECK_MS = 10_000;
let passed = 0;
let failed = 0;

/** A check this platform cannot run here: printed as a TAP skip, counted as neither. */
function skip(name: string, why: string): void {
  console.log(`ok - ${name} # SKIP ${why}`);
}

async function check(name: string, body: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_MS} ms`)), CHECK_MS);
  });
  try {
    await Promise.race([body(), timeout]);
    passed++;
    console.log(`ok - ${name}`);
  } catch (err) {
    failed++;
    console.log(`not ok - ${name}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}`);
  }
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Reads until `want` bytes arrived or EOF. */
async function readAll(conn: Conn, want: number): Promise<string> {
  let got = "";
  while (got.length < want) {
    const chunk = await conn.read();
    if (chunk === null) break;
    got += text(chunk);
  }
  return got;
}

/** An echo server on `ln` for one connection, then a client round trip. */
async function echoRoundTrip(network: "tcp" | "unix", address: string): Promise<{ local: string; remote: string }> {
  const ln = await listen(network, address);
  const served = (async () => {
    const c = await ln.accept();
    const buf = new Uint8Array(64);
    for (let n; (n = await c.read(buf)) !== null; ) await c.write(buf.subarray(0, n));
    await c.close();
  })();
  const conn = await dial(network, ln.addr.toString());
  await conn.write("ping over " + network);
  await conn.closeWrite();
  expectEqual(await readAll(conn, 64), "ping over " + network, `${network} echo`);
  const addrs = { local: conn.localAddr.toString(), remote: conn.remoteAddr.toString() };
  await conn.close();
  await served;
  await ln.close();
  return addrs;
}

const binary = (() => {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve("gonet/package.json"));
  const ngb = createRequire(join(root, "package.json"))("node-gyp-build") as { resolve(dir: string): string };
  return relative(root, ngb.resolve(root));
})();
console.log(`# node ${process.version} ${process.platform}-${process.arch}, addon ${binary}`);

await check("addon loaded from the expected folder", async () => {
  const want = process.env.SMOKE_EXPECT_BINARY;
  // Windows prints the path with backslashes.
  if (want && dirname(binary).split(sep).join("/") !== want) throw new Error(`loaded ${binary}, want a file in ${want}`);
});

await check("TCP echo on 127.0.0.1, with localAddr/remoteAddr", async () => {
  const { local, remote } = await echoRoundTrip("tcp", "127.0.0.1:0");
  if (!/^127\.0\.0\.1:\d+$/.test(local) || !/^127\.0\.0\.1:\d+$/.test(remote)) {
    throw new Error(`addresses ${local} -> ${remote}`);
  }
});

await check("TCP read deadline times out with Go's error", async () => {
  const ln = await listen("tcp", "127.0.0.1:0");
  const accepted = ln.accept();
  const conn = await dial("tcp", ln.addr.toString());
  conn.setReadDeadline(Date.now() + 50);
  const err = await conn.read().then(
    () => new Error("read returned"),
    (e: unknown) => e,
  );
  if (!isTimeout(err) || !String((err as Error).message).endsWith("i/o timeout")) throw err;
  await conn.close();
  await (await accepted).close();
  await ln.close();
});

await check("UDP writeTo/readFrom on 127.0.0.1", async () => {
  const server = await listenPacket("udp", "127.0.0.1:0");
  const client = await listenPacket("udp", "127.0.0.1:0");
  await client.writeTo("datagram", server.localAddr.toString());
  const buf = new Uint8Array(64);
  const { n, addr } = await server.readFrom(buf);
  expectEqual(text(buf.subarray(0, n)), "datagram", "payload");
  expectEqual(addr.toString(), client.localAddr.toString(), "sender");
  await client.close();
  await server.close();
});

// SMOKE_UNDER_WINE: node.exe under wine, which has no AF_UNIX and cannot
// start the Linux dnsmasq these two checks need.
const underWine = process.env.SMOKE_UNDER_WINE === "1";

if (underWine) skip("Unix stream echo over a socket file", "wine has no AF_UNIX sockets");
else await check("Unix stream echo over a socket file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gonet-smoke-"));
  try {
    await echoRoundTrip("unix", join(dir, "echo.sock"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

if (underWine) skip("DNS lookupHost against dnsmasq on loopback", "node.exe under wine cannot start the Linux dnsmasq");
else await check("DNS lookupHost against dnsmasq on loopback", async () => {
  const server = await startDnsmasq({
    zone: "smoke.test",
    nameServers: ["ns1.smoke.test"],
    recordArgs: ["--host-record=www.smoke.test,192.0.2.10"],
  });
  try {
    const r = new Resolver({ servers: [server.address], timeout: 2000 });
    expectEqual(await r.lookupHost("www.smoke.test"), ["192.0.2.10"], "addresses");
  } finally {
    await server.stop();
  }
});

await check("interfaces() lists loopback with 127.0.0.1", async () => {
  const lo = interfaces().find((i) => i.addrs().some((a) => a.toString() === "127.0.0.1/8"));
  if (!lo) throw new Error("no interface has 127.0.0.1/8");
});

await check("parseIP/parseCIDR", async () => {
  const [, ipnet] = parseCIDR("192.168.1.0/24");
  const ip: IP | null = parseIP("192.168.1.50");
  if (!ip || !ipnet.contains(ip)) throw new Error("192.168.1.50 not in 192.168.1.0/24");
});

await check("nothing left open, parked or armed", async () => {
  // liveSockets is left out: native objects go with the garbage collector.
  const { openFds, parkedOps, heldBuffers, armedDeadlines } = debugStats();
  expectEqual({ openFds, parkedOps, heldBuffers, armedDeadlines }, { openFds: 0, parkedOps: 0, heldBuffers: 0, armedDeadlines: 0 }, "debugStats");
});

console.log(`smoke: ${passed} passed, ${failed} failed`);
// Exit even if a failed check left a socket open (the last check reports that).
process.exit(failed === 0 ? 0 : 1);
