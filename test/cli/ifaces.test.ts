// gonet ifaces against iproute2's view of the same interfaces (`ip -j`).

import { describe, expect, it } from "vitest";
import { gonet, have, haveDist, runTool } from "./gonet.js";

describe.skipIf(!haveDist)("gonet ifaces", () => {
  it("lists loopback with its flags, MTU and both addresses", async () => {
    const r = await gonet(["ifaces"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+: lo: flags=up\|loopback\|running mtu \d+\n {4}inet 127\.0\.0\.1\/8\n/m);
    expect(r.stdout).toContain("    inet6 ::1/128\n");
  });

  it.skipIf(!have("ip"))("--json: the same interfaces, indexes and MTUs as `ip -j link`", async () => {
    const r = await gonet(["ifaces", "--json"]);
    expect(r.status).toBe(0);
    const ours = (JSON.parse(r.stdout) as { index: number; name: string; mtu: number }[]).map((i) => [i.index, i.name, i.mtu]);
    const theirs = (JSON.parse(runTool(["ip", "-j", "link", "show"]).stdout) as { ifindex: number; ifname: string; mtu: number }[])
      .map((i) => [i.ifindex, i.ifname, i.mtu]);
    expect(ours).toEqual(theirs);
  });

  it("an operand or unknown flag: exit 2", async () => {
    expect((await gonet(["ifaces", "eth0"])).status).toBe(2);
    const r = await gonet(["ifaces", "--yaml"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("gonet ifaces: unknown option --yaml");
  });
});
