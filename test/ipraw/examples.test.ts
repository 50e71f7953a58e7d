// The raw-socket examples run as a user would run them: ping and traceroute
// on loopback, and traceroute across a chain of network namespaces made
// here (client -> router -> router -> target, TEST-NET-2 addresses that
// exist only inside those namespaces), so the TTL stepping meets real hops.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { haveNetns, routerChain } from "../helpers/netns.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const isRoot = process.getuid?.() === 0;
const haveDist = existsSync(join(root, "dist", "index.js"));

function run(cmd: string[], timeout = 30_000) {
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, encoding: "utf8", timeout });
  return { status: r.status, out: r.stdout ?? "", err: r.stderr ?? "" };
}

const node = (script: string, ...args: string[]) => [process.execPath, join(root, "examples", script), ...args];

describe.skipIf(!isRoot || !haveDist)("ping and traceroute examples", () => {
  it("ping 127.0.0.1 and ::1: one line per reply and the summary", () => {
    for (const host of ["127.0.0.1", "::1"]) {
      const r = run(node("ping.mjs", "-c", "3", "-i", "0.1", host));
      expect(r.err).toBe("");
      expect(r.status).toBe(0);
      const lines = r.out.trim().split("\n");
      expect(lines[0]).toBe(`PING ${host} (${host}): 56 data bytes`);
      for (let seq = 1; seq <= 3; seq++) {
        expect(lines[seq]).toMatch(new RegExp(`^64 bytes from ${host.replace(/\./g, "\\.")}: icmp_seq=${seq} time=\\d+\\.\\d{3} ms$`));
      }
      expect(r.out).toContain(`--- ${host} ping statistics ---\n3 packets transmitted, 3 packets received, 0.0% packet loss\n`);
      expect(lines.at(-1)).toMatch(/^round-trip min\/avg\/max\/stddev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms$/);
    }
  });

  it("traceroute 127.0.0.1 reaches it in one hop", () => {
    const r = run(node("traceroute.mjs", "-q", "2", "127.0.0.1"));
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^traceroute to 127\.0\.0\.1 \(127\.0\.0\.1\), 30 hops max\n 1 {2}127\.0\.0\.1 {2}[\d.]+ ms {2}[\d.]+ ms\n$/);
  });

  it("traceroute across namespaces: each router answers with its own address", (ctx) => {
    if (!haveNetns()) {
      ctx.skip("ip netns is not available here");
      return;
    }
    const { ns, target, hops } = routerChain("g");
    try {
      const A = ns.names[0];
      const r = run(["ip", "netns", "exec", A, ...node("traceroute.mjs", "-q", "1", "-w", "2", "-m", "6", target)], 60_000);
      expect(r.err).toBe("");
      expect(r.status).toBe(0);
      const seen = r.out.trim().split("\n").slice(1).map((l) => l.trim().split(/\s+/).slice(0, 2).join(" "));
      expect(seen).toEqual(hops.map((h, i) => `${i + 1} ${h}`));

      // ping across the chain too: three hops each way.
      const p = run(["ip", "netns", "exec", A, ...node("ping.mjs", "-c", "2", "-i", "0.1", target)]);
      expect(p.status).toBe(0);
      expect(p.out).toContain("2 packets transmitted, 2 packets received, 0.0% packet loss");
    } finally {
      ns.destroy();
    }
  }, 90_000);
});
