// Go prints an IPv6 zone as the interface's name (`[fe80::1%lo]:80`), for
// TCP as for UDP and raw IP: one native-address codec decodes them all.

import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { interfaces } from "../../lib/interface.js";
import { inetAddrOf } from "../../lib/internal/endpoint.js";
import { TCPAddr } from "../../lib/addr.js";
import { REPO_ROOT } from "../helpers/child.js";

const lo = interfaces().find((i) => i.name === "lo" || i.name === "lo0");
const canUnshare = process.platform === "linux" && spawnSync("unshare", ["-n", "true"]).status === 0;

describe("IPv6 zones", () => {
  it.runIf(lo !== undefined)("the codec turns a scope id into the interface's name", () => {
    const a = inetAddrOf([new Uint8Array([0xfe, 0x80, ...new Array(13).fill(0), 1]), 80, lo!.index], (ip, port, zone) => new TCPAddr(ip, port, zone));
    expect(a.zone).toBe(lo!.name);
    expect(a.toString()).toBe(`[fe80::1%${lo!.name}]:80`);
    // A scope with no interface stays a number, as Go prints it.
    expect(inetAddrOf([new Uint8Array(16), 1, 0x7ffffff0], (ip, port, zone) => zone)).toBe(String(0x7ffffff0));
  });

  it.runIf(canUnshare)("TCP and UDP print a link-local zone on lo by name (fe80::1 in a fresh namespace)", () => {
    const code = `
      import { dial, listen, listenPacket } from "gonet";
      const ln = await listen("tcp", "[fe80::1%lo]:0");
      const c = await dial("tcp", String(ln.addr));
      const s = await ln.accept();
      const pc = await listenPacket("udp", "[fe80::1%lo]:0");
      console.log(JSON.stringify([String(ln.addr), String(c.remoteAddr), String(c.localAddr), String(s.remoteAddr), String(pc.localAddr)]));
      await Promise.all([c.close(), s.close(), ln.close(), pc.close()]);
    `;
    const setup = "ip link set lo up && ip addr add fe80::1/64 dev lo nodad";
    const r = spawnSync("unshare", ["-n", "sh", "-c", `${setup} && exec "$@"`, "sh", process.execPath, "--input-type=module", "-e", code], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.stderr).toBe("");
    const addrs = JSON.parse(r.stdout) as string[];
    for (const a of addrs) expect(a).toMatch(/^\[fe80::1%lo\]:\d+$/);
  });
});
