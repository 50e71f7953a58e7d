// Zero-downtime restart: a client connects in a loop while the old server
// hands its listener to a new process (sendListener/receiveListener over a
// Unix socket) and exits. Every connection must be answered, first by the
// old generation, at the end only by the new one; none refused or reset.

import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UnixConn, dial, listen, receiveListener, sendListener } from "../../lib/index.js";
import { budget, spawnChild } from "../helpers/child.js";

function request(addr: string): Promise<string> {
  const [host, port] = [addr.slice(0, addr.lastIndexOf(":")), Number(addr.slice(addr.lastIndexOf(":") + 1))];
  return new Promise((resolve) => {
    let got = "";
    const c = connect(port, host);
    c.on("data", (d) => (got += d));
    c.on("end", () => resolve(got.trim()));
    c.on("error", (e) => resolve(`error ${(e as NodeJS.ErrnoException).code}`));
  });
}

describe("listener handover", () => {
  it("a restart under load: every connection answered, old then new", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gonet-handover-"));
    const control = join(dir, "ctl");
    const script = "test/activation/fixtures/restart-server.mjs";
    const old = spawnChild({ script, args: ["old", control] });
    let fresh: ReturnType<typeof spawnChild> | undefined;
    try {
      const { addr } = (await old.waitFor((m) => m.type === "listening")) as { addr: string };
      const replies: string[] = [];
      let stop = false;
      const load = (async () => {
        const until = Date.now() + budget(20_000);
        while (!stop && Date.now() < until) replies.push(await request(addr));
      })();
      while (replies.length < 20) await new Promise((r) => setTimeout(r, 10));
      fresh = spawnChild({ script, args: ["new", control] });
      const serving = await fresh.waitFor((m) => m.type === "serving");
      expect(serving).toMatchObject({ name: "web", addr });
      const done = await old.result;
      expect(done.code, done.stderr).toBe(0);
      const afterOld = replies.length;
      while (replies.length < afterOld + 20) await new Promise((r) => setTimeout(r, 10));
      stop = true;
      await load;
      console.log(`handover: ${replies.length} connections, ${replies.filter((r) => r === "old").length} old, ${replies.filter((r) => r === "new").length} new`);
      const bad = replies.filter((r) => r !== "old" && r !== "new");
      expect(bad).toEqual([]);
      expect(replies[0]).toBe("old");
      expect(replies.slice(afterOld + 1).every((r) => r === "new")).toBe(true);
      fresh.proc.stdin!.end();
      expect((await fresh.result).code).toBe(0);
    } finally {
      old.kill();
      fresh?.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }, budget(60_000));

  it("receiveListener refuses a message without a descriptor, and a non-listening socket", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gonet-handover-"));
    try {
      const ctl = await listen("unix", join(dir, "s"));
      const a = (await dial("unix", join(dir, "s"))) as UnixConn;
      const b = (await ctl.accept()) as UnixConn;
      await a.write("web\n");
      await expect(receiveListener(b)).rejects.toThrow("receiveListener: expected one descriptor, got 0");
      // A connected socket's descriptor is not a listener.
      await a.writeFds([a.fd], "conn\n");
      await expect(receiveListener(b)).rejects.toThrow(/invalid argument/);
      await expect(sendListener(a, ctl as never, "")).rejects.toThrow(RangeError);
      await a.close();
      await expect(receiveListener(b)).rejects.toThrow("the peer closed before sending a listener");
      await Promise.all([b.close(), ctl.close()]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
