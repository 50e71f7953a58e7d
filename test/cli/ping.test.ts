// gonet ping against the kernel's echo responder, side by side with iputils'
// ping (Debian iputils-ping) in the same run: the same lines, the same exit
// codes, round trips within 2x of iputils'. Loss, the unprivileged ping
// socket and its sysctl live in network namespaces made here.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Namespaces, haveNetns, ip, isRoot } from "../helpers/netns.js";
import { AS_NOBODY, gonet, have, haveDist, runTool, startGonet, waitForOutput } from "./gonet.js";

const USAGE = /^usage: gonet ping /m;
const summary = (out: string) => /rtt min\/avg\/max\/mdev = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(out);

describe.skipIf(!haveDist)("gonet ping: flags", () => {
  it.each([
    [["-x", "127.0.0.1"], "invalid option -- 'x'"],
    [["-c"], "option requires an argument -- 'c'"],
    [["-c", "zero", "127.0.0.1"], "-c must be an integer from 1 to 2147483647, got 'zero'"],
    [["-c", "1.5", "127.0.0.1"], "-c must be an integer"],
    [["-i", "-1", "127.0.0.1"], "-i must be a number from 0.002 to 3600, got '-1'"],
    [["-s", "70000", "127.0.0.1"], "-s must be an integer from 0 to 65507"],
    [[], "missing destination"],
    [["127.0.0.1", "::1"], "unexpected argument '::1'"],
    [["-4", "-6", "127.0.0.1"], "only one of -4 and -6"],
  ])("gonet ping %j: exit 2 and says why", async (args, why) => {
    const r = await gonet(["ping", ...args]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`gonet ping: ${why}`);
  });

  it("a bad flag prints the usage after the error; -h prints it alone, exit 0", async () => {
    const bad = await gonet(["ping", "-x", "127.0.0.1"]);
    expect(bad.stderr).toMatch(USAGE);
    const help = await gonet(["ping", "-h"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(USAGE);
  });

  it("an unknown host: exit 2, the lookup's error on stderr (as iputils)", async () => {
    const r = await gonet(["ping", "-c", "1", "no-such-host.invalid"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^gonet ping: no-such-host\.invalid: .*no such host/);
  });

  it("an unknown subcommand lists the commands, exit 2", async () => {
    const r = await gonet(["pong"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("gonet: unknown command 'pong'");
    expect(r.stderr).toContain("ping");
  });
});

describe.skipIf(!haveDist || !isRoot)("gonet ping: loopback", () => {
  it.each(["127.0.0.1", "::1"])("ping %s: iputils' lines, ttl, statistics, exit 0", async (host) => {
    const r = await gonet(["ping", "-c", "3", "-i", "0.05", host]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(host === "::1" ? "PING ::1(::1) 56 data bytes" : `PING ${host} (${host}) 56(84) bytes of data.`);
    for (let seq = 1; seq <= 3; seq++) {
      expect(lines[seq]).toMatch(new RegExp(`^64 bytes from ${host.replace(/\./g, "\\.")}: icmp_seq=${seq} ttl=64 time=\\d+\\.\\d+ ms$`));
    }
    expect(lines[4]).toBe("");
    expect(lines[5]).toBe(`--- ${host} ping statistics ---`);
    expect(lines[6]).toMatch(/^3 packets transmitted, 3 received, 0% packet loss, time \d+ms$/);
    expect(summary(lines[7])).not.toBeNull();
  });

  it("-q prints the header and the statistics only; -s sets the size", async () => {
    const r = await gonet(["ping", "-q", "-c", "2", "-i", "0.05", "-s", "100", "127.0.0.1"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PING 127\.0\.0\.1 \(127\.0\.0\.1\) 100\(128\) bytes of data\.\n\n--- 127\.0\.0\.1 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time \d+ms\nrtt /);
  });

  it.skipIf(!have("ping"))("round trips within 2x of iputils ping, same run, same flags", async () => {
    // Alternating runs so both see the same machine load; compared on the
    // median of each side's averages, which one noisy run cannot move.
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let round = 0; round < 3; round++) {
      const g = await gonet(["ping", "-q", "-c", "20", "-i", "0.01", "127.0.0.1"]);
      const i = runTool(["ping", "-q", "-c", "20", "-i", "0.01", "127.0.0.1"]);
      expect(g.status).toBe(0);
      expect(i.status).toBe(0);
      ours.push(Number(summary(g.stdout)![2]));
      theirs.push(Number(summary(i.stdout)![2]));
    }
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[1];
    console.log(`loopback avg RTT, ms: gonet ${ours.join(" ")} | iputils ${theirs.join(" ")}`);
    expect(median(ours)).toBeLessThanOrEqual(2 * median(theirs) + 0.01);
  }, 60_000);

  it("Ctrl-C: stops, prints the statistics, exit 0 when replies came", async () => {
    const child = startGonet(["ping", "-i", "0.05", "127.0.0.1"]);
    await waitForOutput(child, /icmp_seq=3 /);
    child.kill("SIGINT");
    const r = await child.result;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/icmp_seq=1 ttl=64/);
    expect(r.stdout).toMatch(/--- 127\.0\.0\.1 ping statistics ---\n\d+ packets transmitted, \d+ received/);
  });

  it("without privilege: exit 2 and the EPERM cause with both fixes, as uid 65534", async () => {
    const r = await gonet(["ping", "-c", "1", "127.0.0.1"], { prefix: AS_NOBODY });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("raw socket: socket: operation not permitted (EPERM, needs CAP_NET_RAW)");
    expect(r.stderr).toContain("net.ipv4.ping_group_range");
    expect(r.stderr).toContain("fix: allow ping sockets for your group");
    expect(r.stderr).toContain("CAP_NET_RAW");
  });
});

describe.skipIf(!haveDist || !haveNetns())("gonet ping: in namespaces", () => {
  let ns: Namespaces;
  beforeAll(() => {
    // x -- y over a veth pair; y ignores echo requests: a peer that never answers.
    ns = Namespaces.create("gp", "x", "y");
    const [x, y] = ns.names;
    ip("link", "add", `${x}0`, "netns", x, "type", "veth", "peer", "name", `${y}0`, "netns", y);
    ip("-n", x, "addr", "add", "198.51.100.1/24", "dev", `${x}0`);
    ip("-n", y, "addr", "add", "198.51.100.2/24", "dev", `${y}0`);
    ip("-n", x, "link", "set", `${x}0`, "up");
    ip("-n", y, "link", "set", `${y}0`, "up");
    ns.sysctl(1, "net.ipv4.icmp_echo_ignore_all=1");
    // ping_group_range is per network namespace: allow every group in x only.
    ns.sysctl(0, "net.ipv4.ping_group_range=0 2147483647");
  });
  afterAll(() => ns?.destroy());

  it("an unprivileged user pings through a ping socket where the sysctl allows it", async () => {
    for (const host of ["127.0.0.1", "::1"]) {
      const r = await gonet(["ping", "-c", "2", "-i", "0.05", host], { prefix: [...ns.exec(0), ...AS_NOBODY] });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/icmp_seq=2 ttl=64 time=/);
    }
  });

  it("no reply: 100% loss after -W, exit 1, like iputils", async () => {
    const args = ["-c", "2", "-i", "0.1", "-W", "0.3", "198.51.100.2"];
    const r = await gonet(["ping", ...args], { prefix: ns.exec(0) });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^2 packets transmitted, 0 received, 100% packet loss, time \d+ms$/m);
    expect(r.stdout).not.toContain("rtt min");
    if (have("ping")) expect(runTool([...ns.exec(0), "ping", ...args]).status).toBe(1);
  });
});
