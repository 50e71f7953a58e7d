// gonet proxy between OpenBSD nc clients and a socat echo upstream: bytes
// pass both ways with half-close, and Ctrl-C prints the counts.

import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, gonet, have, haveDist, runTool, startGonet, startTool, waitForOutput, waitForTcp } from "./gonet.js";

const peers: ChildProcess[] = [];
afterEach(() => {
  for (const p of peers.splice(0)) p.kill("SIGKILL");
});

describe.skipIf(!haveDist)("gonet proxy: flags", () => {
  it("missing upstream: exit 2", async () => {
    const r = await gonet(["proxy", "127.0.0.1:0"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("gonet proxy: missing upstream-address");
  });
});

describe.skipIf(!haveDist || !have("socat") || !have("nc"))("gonet proxy", () => {
  it("forwards connections to the upstream; Ctrl-C prints connections and bytes", async () => {
    const up = await freePort();
    const echo = startTool(["socat", `TCP-LISTEN:${up},bind=127.0.0.1,reuseaddr,fork`, "PIPE"]);
    peers.push(echo);
    await waitForTcp(up);
    const proxy = startGonet(["proxy", "127.0.0.1:0", `127.0.0.1:${up}`]);
    const banner = await waitForOutput(proxy, / -> /, undefined, "stderr");
    const port = /127\.0\.0\.1:(\d+) ->/.exec(banner)![1];
    const messages = ["first\n", "second message\n"];
    for (const m of messages) {
      const c = runTool(["sh", "-c", `printf '${m.replace("\n", "\\n")}' | nc -N 127.0.0.1 ${port}`]);
      expect(c.status).toBe(0);
      expect(c.stdout).toBe(m);
    }
    proxy.kill("SIGINT");
    const r = await proxy.result;
    expect(r.code).toBe(0);
    const bytes = messages.join("").length;
    // The readiness probe by waitForTcp went to socat directly; the two nc runs went through the proxy.
    expect(r.stderr).toContain(`gonet proxy: 2 connections (0 failed), ${bytes} bytes up, ${bytes} bytes down`);
  });

  it("an upstream that refuses: the client is closed, the failure counted", async () => {
    const dead = await freePort();
    // The proxy's own port is chosen here too: on 127.0.0.1:0 the kernel
    // could give it `dead`, and the proxy would then dial itself.
    let own = await freePort();
    while (own === dead) own = await freePort();
    const proxy = startGonet(["proxy", `127.0.0.1:${own}`, `127.0.0.1:${dead}`]);
    const port = /127\.0\.0\.1:(\d+) ->/.exec(await waitForOutput(proxy, / -> /, undefined, "stderr"))![1];
    const c = runTool(["sh", "-c", `printf 'x' | nc -N 127.0.0.1 ${port}`]);
    expect(c.stdout).toBe("");
    proxy.kill("SIGTERM");
    const r = await proxy.result;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("connect: connection refused");
    expect(r.stderr).toContain("gonet proxy: 0 connections (1 failed), 0 bytes up, 0 bytes down");
  });
});
