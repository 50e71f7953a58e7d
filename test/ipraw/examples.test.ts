// The raw-socket examples run as a user would run them: ping and traceroute
// on loopback, and traceroute across a chain of network namespaces made
// here (client -> router -> router -> target, TEST-NET-2 addresses that
// exist only inside those namespaces), so the TTL stepping meets real hops.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

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
    if (run(["ip", "netns", "list"]).status !== 0) {
      ctx.skip("ip netns is not available here");
      return;
    }
    const tag = `g${process.pid % 100000}`;
    const ns = ["a", "r1", "r2", "b"].map((n) => `${tag}${n}`);
    const [A, R1, R2, B] = ns;
    const ip = (...a: string[]) => {
      const r = run(["ip", ...a]);
      if (r.status !== 0) throw new Error(`ip ${a.join(" ")}: ${r.err}`);
    };
    try {
      for (const n of ns) ip("netns", "add", n);
      // veth pairs: A-R1, R1-R2, R2-B (TEST-NET-2 /28 blocks)
      const links: [string, string, string, string, string, string][] = [
        [A, `${tag}a0`, "198.51.100.2/28", R1, `${tag}r1a`, "198.51.100.1/28"],
        [R1, `${tag}r1b`, "198.51.100.17/28", R2, `${tag}r2a`, "198.51.100.18/28"],
        [R2, `${tag}r2b`, "198.51.100.33/28", B, `${tag}b0`, "198.51.100.34/28"],
      ];
      for (const [n1, v1, a1, n2, v2, a2] of links) {
        ip("link", "add", v1, "netns", n1, "type", "veth", "peer", "name", v2, "netns", n2);
        ip("-n", n1, "addr", "add", a1, "dev", v1);
        ip("-n", n2, "addr", "add", a2, "dev", v2);
        ip("-n", n1, "link", "set", v1, "up");
        ip("-n", n2, "link", "set", v2, "up");
      }
      for (const n of ns) ip("-n", n, "link", "set", "lo", "up");
      for (const r of [R1, R2]) ip("netns", "exec", r, "sysctl", "-qw", "net.ipv4.ip_forward=1");
      ip("-n", A, "route", "add", "default", "via", "198.51.100.1");
      ip("-n", R1, "route", "add", "198.51.100.32/28", "via", "198.51.100.18");
      ip("-n", R2, "route", "add", "198.51.100.0/28", "via", "198.51.100.17");
      ip("-n", B, "route", "add", "default", "via", "198.51.100.33");

      const r = run(["ip", "netns", "exec", A, ...node("traceroute.mjs", "-q", "1", "-w", "2", "-m", "6", "198.51.100.34")], 60_000);
      expect(r.err).toBe("");
      expect(r.status).toBe(0);
      const hops = r.out.trim().split("\n").slice(1).map((l) => l.trim().split(/\s+/).slice(0, 2).join(" "));
      expect(hops).toEqual(["1 198.51.100.1", "2 198.51.100.18", "3 198.51.100.34"]);

      // ping across the chain too: three hops each way.
      const p = run(["ip", "netns", "exec", A, ...node("ping.mjs", "-c", "2", "-i", "0.1", "198.51.100.34")]);
      expect(p.status).toBe(0);
      expect(p.out).toContain("2 packets transmitted, 2 packets received, 0.0% packet loss");
    } finally {
      for (const n of ns) run(["ip", "netns", "del", n]);
    }
  }, 90_000);
});
