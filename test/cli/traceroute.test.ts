// gonet traceroute across a chain of network namespaces made here (client
// -> router -> router -> target): with UDP probes and with ICMP echoes each
// router answers from its own address and the target ends the trace.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Namespaces, haveNetns, isRoot, routerChain } from "../helpers/netns.js";
import { AS_NOBODY, gonet, haveDist } from "./gonet.js";

/** The hop number and first address of each hop line. */
function hops(out: string): string[] {
  return out.trimEnd().split("\n").slice(1).map((l) => l.trim().split(/\s+/).slice(0, 2).join(" "));
}

describe.skipIf(!haveDist)("gonet traceroute: flags", () => {
  it.each([
    [["-z", "127.0.0.1"], "invalid option -- 'z'"],
    [["-m", "0", "127.0.0.1"], "-m must be an integer from 1 to 255, got '0'"],
    [["-f", "5", "-m", "3", "127.0.0.1"], "-m must be an integer from 5 to 255, got '3'"],
    [["-q", "11", "127.0.0.1"], "-q must be an integer from 1 to 10"],
    [["-I", "-U", "127.0.0.1"], "only one of -I and -U"],
    [[], "missing host"],
  ])("gonet traceroute %j: exit 2 and says why", async (args, why) => {
    const r = await gonet(["traceroute", ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`gonet traceroute: ${why}`);
  });

  it.skipIf(!isRoot)("without CAP_NET_RAW: exit 2, EPERM and the fix, as uid 65534", async () => {
    const r = await gonet(["traceroute", "127.0.0.1"], { prefix: AS_NOBODY });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("raw socket: socket: operation not permitted (EPERM, needs CAP_NET_RAW)");
    expect(r.stderr).toContain("fix: give node CAP_NET_RAW");
  });
});

describe.skipIf(!haveDist || !isRoot)("gonet traceroute: loopback", () => {
  it.each([
    ["127.0.0.1", []],
    ["127.0.0.1", ["-I"]],
    ["::1", []],
    ["::1", ["-I"]],
  ])("traceroute %s %j: one hop, one line", async (host, flags) => {
    const r = await gonet(["traceroute", ...flags, "-q", "2", host]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const size = host === "::1" ? 80 : 60;
    const re = new RegExp(`^traceroute to ${host.replace(/\./g, "\\.")} \\(${host.replace(/\./g, "\\.")}\\), 30 hops max, ${size} byte packets\\n 1  ${host.replace(/\./g, "\\.")}  \\d+\\.\\d{3} ms  \\d+\\.\\d{3} ms\\n$`);
    expect(r.stdout).toMatch(re);
  });
});

describe.skipIf(!haveDist || !haveNetns())("gonet traceroute: across namespaces", () => {
  let chain: { ns: Namespaces; target: string; hops: string[] };
  beforeAll(() => {
    chain = routerChain("gt");
  });
  afterAll(() => chain?.ns.destroy());

  it.each([[[]], [["-I"]]])("traceroute %j: each router, then the target", async (flags) => {
    const r = await gonet(["traceroute", ...flags, "-q", "1", "-w", "2", "-m", "6", chain.target], { prefix: chain.ns.exec(0) });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(hops(r.stdout)).toEqual(chain.hops.map((h, i) => `${i + 1} ${h}`));
  });

  it("-f starts at a later hop; a dropped hop prints *", async () => {
    const r = await gonet(["traceroute", "-f", "2", "-q", "1", "-w", "2", chain.target], { prefix: chain.ns.exec(0) });
    expect(hops(r.stdout)).toEqual([`2 ${chain.hops[1]}`, `3 ${chain.hops[2]}`]);
    // The target ignores echoes: its hop times out after -w and prints a star per probe.
    chain.ns.sysctl(3, "net.ipv4.icmp_echo_ignore_all=1");
    try {
      const q = await gonet(["traceroute", "-I", "-q", "2", "-w", "0.3", "-m", "3", chain.target], { prefix: chain.ns.exec(0) });
      expect(q.status).toBe(0);
      expect(q.stdout.trimEnd().split("\n").at(-1)).toBe(" 3  * *");
    } finally {
      chain.ns.sysctl(3, "net.ipv4.icmp_echo_ignore_all=0");
    }
  });

  it("gonet ping across the chain: ttl is 64 less the two routers", async () => {
    const r = await gonet(["ping", "-c", "2", "-i", "0.1", chain.target], { prefix: chain.ns.exec(0) });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/icmp_seq=1 ttl=62 time=/);
  });
});
