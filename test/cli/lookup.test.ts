// gonet lookup against dnsmasq on loopback (the server test/dns.test.ts
// uses), always with --server: no query leaves the machine.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsServer, startDnsmasq } from "../helpers/dnsmasq.js";
import { gonet, haveDist } from "./gonet.js";

let server: DnsServer;
beforeAll(async () => {
  server = await startDnsmasq({
    zone: "cli.test",
    reverseNets: ["192.0.2.0/24", "2001:db8::/64"],
    nameServers: ["ns1.cli.test"],
    recordArgs: [
      "--host-record=www.cli.test,192.0.2.10,2001:db8::10",
      "--mx-host=cli.test,mx1.cli.test,10",
      "--mx-host=cli.test,mx2.cli.test,5",
      "--srv-host=_http._tcp.cli.test,a.cli.test,8080,10,60",
      "--txt-record=txt.cli.test,hello world",
      "--cname=alias.cli.test,www.cli.test",
    ],
  });
}, 30_000);
afterAll(() => server?.stop());

const lookup = (...args: string[]) => gonet(["lookup", "--server", server.address, ...args]);

describe.skipIf(!haveDist)("gonet lookup", () => {
  it.each([
    [["host", "www.cli.test"], ["192.0.2.10", "2001:db8::10"]],
    [["ip4", "www.cli.test"], ["192.0.2.10"]],
    [["ip6", "www.cli.test"], ["2001:db8::10"]],
    [["mx", "cli.test"], ["5 mx2.cli.test.", "10 mx1.cli.test."]],
    [["srv", "_http._tcp.cli.test"], ["10 60 8080 a.cli.test."]],
    [["txt", "txt.cli.test"], ["hello world"]],
    [["ptr", "192.0.2.10"], ["www.cli.test."]],
    [["cname", "alias.cli.test"], ["www.cli.test."]],
    [["ns", "cli.test"], ["ns1.cli.test."]],
  ])("lookup %j", async (args, want) => {
    const r = await lookup(...args);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split("\n").sort()).toEqual([...want].sort());
  });

  it("a name without records: exit 1, the DNS error naming the server", async () => {
    const r = await lookup("mx", "nothing.cli.test");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`gonet lookup: lookup nothing.cli.test on ${server.address}: no such host\n`);
  });

  it.each([
    [["aaaa", "x"], "unknown query type 'aaaa'"],
    [["host"], "missing name"],
    [["--timeout", "0", "host", "x"], "--timeout must be a number from 0.001 to 3600, got '0'"],
  ])("lookup %j: exit 2 and says why", async (args, why) => {
    const r = await lookup(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`gonet lookup: ${why}`);
  });

  it("a bad --server: exit 2 naming the flag", async () => {
    const r = await gonet(["lookup", "--server", "not-an-ip", "host", "x"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^gonet lookup: --server: /);
  });
});
