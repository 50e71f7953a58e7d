// gonet nc against real peers: socat and OpenBSD netcat (Debian
// netcat-openbsd). The half-close test only ends if nc shuts down its
// write side at the end of stdin: the peer's `cat` waits for that EOF
// before it answers "bye" and closes.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { gonet, freePort, have, haveDist, runTool, startGonet, startTool, waitForOutput, waitForTcp } from "./gonet.js";

const peers: ChildProcess[] = [];
afterEach(() => {
  for (const p of peers.splice(0)) p.kill("SIGKILL");
});
function peer(cmd: string[]): ChildProcess {
  const p = startTool(cmd);
  peers.push(p);
  return p;
}

describe.skipIf(!haveDist)("gonet nc: flags", () => {
  it.each([
    [["-u", "-U", "x"], "-u and -U exclude each other"],
    [["127.0.0.1"], "missing port"],
    [[], "missing host and port"],
    [["127.0.0.1", "70000"], "port must be a number from 0 to 65535, got '70000'"],
    [["-U"], "missing path"],
    [["-q", "127.0.0.1", "1"], "invalid option -- 'q'"],
  ])("gonet nc %j: exit 2 and says why", async (args, why) => {
    const r = await gonet(["nc", ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`gonet nc: ${why}`);
  });

  it("a refused connection: exit 1 and the dial error, as nc", async () => {
    const port = await freePort();
    const r = await gonet(["nc", "127.0.0.1", String(port)], { stdin: "" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`gonet nc: dial tcp 127.0.0.1:${port}: connect: connection refused`);
  });
});

describe.skipIf(!haveDist || !have("socat") || !have("nc"))("gonet nc: with socat and netcat", () => {
  it("connects, sends stdin, half-closes at its end, prints the reply, exits when the peer closes", async () => {
    const port = await freePort();
    peer(["socat", `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, "SYSTEM:cat; echo bye"]);
    await waitForTcp(port);
    const r = await gonet(["nc", "127.0.0.1", String(port)], { stdin: "hello\n" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("hello\nbye\n");
  });

  it("-l accepts one peer (OpenBSD nc -N): bytes both ways, then both exit", async () => {
    const port = await freePort();
    const server = startGonet(["nc", "-v", "-l", "127.0.0.1", String(port)], { stdin: "pong\n" });
    await waitForOutput(server, /listening on/, undefined, "stderr");
    const client = runTool(["sh", "-c", `printf 'ping\\n' | nc -N 127.0.0.1 ${port}`]);
    const r = await server.result;
    expect(client.status).toBe(0);
    expect(client.stdout).toBe("pong\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("ping\n");
    expect(r.stderr).toMatch(/connection from 127\.0\.0\.1:\d+/);
  });

  it("-u: datagrams to a socat UDP echo and back", async () => {
    const port = await freePort();
    peer(["socat", `UDP-LISTEN:${port},bind=127.0.0.1,reuseaddr`, "PIPE"]);
    await new Promise((r) => setTimeout(r, 300));
    const r = await gonet(["nc", "-u", "-w", "1", "127.0.0.1", String(port)], { stdin: "datagram\n" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("datagram\n");
  });

  it("-U: a Unix stream socket, half-closed the same way", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gonet-nc-"));
    try {
      const path = join(dir, "s");
      peer(["socat", `UNIX-LISTEN:${path}`, "SYSTEM:cat; echo bye"]);
      await new Promise((r) => setTimeout(r, 300));
      const r = await gonet(["nc", "-U", path], { stdin: "over unix\n" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toBe("over unix\nbye\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
