// https and tls over gonet against real peers: curl -k and openssl s_client
// as clients of a node https.Server fed by serve(), node's tls.connect over a
// gonet socket to openssl s_server, and a node tls.Server whose clients close
// normally, which must log no error that node:net would not.
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, debugStats } from "../../lib/index.js";
import { ErrorLog, serveOnGonet } from "./helpers.js";
import { type Cert, run, sServer, selfSigned, which } from "./peers.js";

const openssl = which("openssl");
const curl = which("curl");
let cert: Cert;

beforeAll(() => {
  if (openssl) cert = selfSigned();
});
afterAll(() => cert?.dispose());

describe.skipIf(!openssl)("TLS over gonet (openssl on PATH)", () => {
  it.skipIf(!curl)("https.Server over gonet answers curl -k, keep-alive across requests, no errors", async () => {
    const log = new ErrorLog();
    const server = https.createServer({ key: cert.key, cert: cert.cert }, (req, res) => res.end(`hi ${req.url}\n`));
    log.watch(server, ["error", "tlsClientError", "clientError"]);
    server.on("secureConnection", (s) => log.watch(s));
    // Node's TLSSocket cannot ask a JavaScript stream for its addresses (its
    // JSStreamSocket wrap has no getpeername), so they are read here, from the raw socket.
    let connections = 0;
    const peers: (string | undefined)[] = [];
    server.on("connection", (raw: net.Socket) => {
      connections++;
      peers.push(raw.remoteAddress);
    });
    const s = await serveOnGonet(server);
    const url = (p: string) => `https://127.0.0.1:${s.port}${p}`;
    const r = await run("curl", ["-sSk", "--max-time", "15", url("/a"), url("/b"), url("/c")]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("hi /a\nhi /b\nhi /c\n");
    expect(connections).toBe(1);
    expect(peers).toEqual(["127.0.0.1"]);
    // A 5 MB download, checked for size.
    server.removeAllListeners("request");
    server.on("request", (_req, res) => res.end(Buffer.alloc(5 << 20, 7)));
    const big = await run("curl", ["-sSk", "--max-time", "15", "-o", "/dev/null", "-w", "%{size_download}", url("/big")]);
    expect(big.stdout).toBe(String(5 << 20));
    await s.close();
    expect(log.errors).toEqual([]);
  });

  it("https.Server over gonet answers openssl s_client and closes cleanly", async () => {
    const log = new ErrorLog();
    const server = https.createServer({ key: cert.key, cert: cert.cert }, (_req, res) => res.end("from gonet\n"));
    log.watch(server, ["error", "tlsClientError", "clientError"]);
    server.on("secureConnection", (s) => log.watch(s));
    const s = await serveOnGonet(server);
    const r = await run(
      "openssl",
      ["s_client", "-connect", `127.0.0.1:${s.port}`, "-quiet", "-ign_eof"],
      "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    expect(r.stdout).toMatch(/^HTTP\/1.1 200 OK/);
    expect(r.stdout).toMatch(/from gonet\n$/);
    await s.close();
    expect(log.errors).toEqual([]);
  });

  it("tls.connect({ socket }) over a gonet dial reads all of openssl s_server -www, then ends and closes", async () => {
    const peer = await sServer(cert);
    try {
      const raw = createConnection({ host: "127.0.0.1", port: peer.port });
      const sock = tls.connect({ socket: raw, rejectUnauthorized: false, servername: "localhost" });
      const events: string[] = [];
      sock.on("secureConnect", () => events.push("secureConnect"));
      sock.on("error", (e) => events.push(`error ${e.message}`));
      sock.on("end", () => events.push("end"));
      let text = "";
      sock.on("data", (d) => (text += d));
      sock.write("GET / HTTP/1.0\r\n\r\n");
      await new Promise<void>((resolve) => sock.on("close", () => resolve()));
      expect(text).toMatch(/^HTTP\/1.0 200 ok/);
      expect(text).toMatch(/<\/BODY><\/HTML>\s*$/i);
      expect(events).toEqual(["secureConnect", "end"]);
      expect(raw.destroyed).toBe(true);
    } finally {
      peer.stop();
    }
  });

  it("examples/node-tls.mjs --demo echoes over a verified TLS 1.3 connection", async () => {
    const r = await run(process.execPath, ["examples/node-tls.mjs", cert.keyFile, cert.certFile, "--demo"], "", 30_000, process.env);
    expect(r.stdout).toMatch(/echoed: hello over TLSv1\.3 \(authorized: true\)/);
    expect(r.code).toBe(0);
  });

  // Clients that close normally (end, then close once the echo came back)
  // and clients that vanish (destroy right after writing: the server's reply
  // meets a closed peer); node:net is the reference for what a server logs.
  for (const mode of ["normal", "vanishing"] as const) {
    it(`a tls.Server over gonet logs what node:net logs when 25 clients close (${mode})`, async () => {
      const counts: Record<string, string[]> = {};
      for (const transport of ["node:net", "gonet"] as const) {
        const log = new ErrorLog();
        const server = tls.createServer({ key: cert.key, cert: cert.cert }, (s) => {
          log.watch(s);
          s.on("data", (d) => s.write(d));
          s.on("end", () => s.end());
        });
        log.watch(server, ["error", "tlsClientError"]);
        let port: number;
        let close: () => Promise<void>;
        if (transport === "gonet") {
          const served = await serveOnGonet(server);
          port = served.port;
          close = served.close;
        } else {
          await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
          port = (server.address() as net.AddressInfo).port;
          close = () => new Promise((r) => server.close(() => r()));
        }
        const echoed = await Promise.all(
          Array.from({ length: 25 }, (_, i) =>
            new Promise<string>((resolve, reject) => {
              const c = tls.connect({ port, host: "127.0.0.1", rejectUnauthorized: false }, () => {
                if (mode === "normal") c.end(`client ${i}`);
                else c.write(`client ${i}`);
              });
              let t = "";
              c.on("data", (d) => {
                t += d;
                if (mode === "vanishing") c.destroy();
              });
              c.on("error", reject).on("close", () => resolve(t));
            }),
          ),
        );
        expect(echoed).toEqual(Array.from({ length: 25 }, (_, i) => `client ${i}`));
        await new Promise((r) => setTimeout(r, 200));
        await close();
        counts[transport] = log.errors.map((e) => (e as NodeJS.ErrnoException).code ?? String(e)).sort();
      }
      expect(counts.gonet).toEqual(counts["node:net"]);
      if (mode === "normal") expect(counts.gonet).toEqual([]);
    });
  }
});

afterAll(async () => {
  await new Promise((r) => setTimeout(r, 50));
  const s = debugStats();
  expect([s.openFds, s.parkedOps]).toEqual([0, 0]);
});
