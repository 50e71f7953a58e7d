// SCM_RIGHTS from a peer that does not play along: more descriptors than the
// receiver's control buffer has room for, and plain bytes after a message
// that carried descriptors. The kernel ends a read at such a message's end
// with the next bytes still queued, so a reader must go on (issue #8,
// defect 3), and descriptors that did not fit must not leak into this process.

import { closeSync, mkdtempSync, openSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type UnixConn, type UnixListener, dial, listen } from "../../lib/index.js";
import { readExactly } from "./helpers.js";
import { sleep } from "../helpers/tcp.js";

const dir = mkdtempSync(join(tmpdir(), "gonet-peer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const openFds = (): number => readdirSync("/proc/self/fd").length;

let seq = 0;

/**
 * Runs `body` with a connected Unix stream pair (`a` dialed, `b` accepted)
 * and three open descriptors of /dev/null to pass around; closes all of it after.
 */
async function withPairAndFds(body: (p: { a: UnixConn; b: UnixConn }, fds: number[]) => Promise<void>): Promise<void> {
  const fds = [0, 1, 2].map(() => openSync("/dev/null", "r"));
  const ln = (await listen("unix", join(dir, `r${seq++}.sock`))) as UnixListener;
  try {
    const [a, b] = await Promise.all([dial("unix", ln.addr.name) as Promise<UnixConn>, ln.accept()]);
    try {
      await body({ a, b }, fds);
    } finally {
      await a.close();
      await b.close();
    }
  } finally {
    await ln.close();
    for (const fd of fds) closeSync(fd);
  }
}

describe("SCM_RIGHTS", () => {
  it("three descriptors to a reader with room for one: one arrives, truncated is set, none leak, the next bytes follow", async () => {
    await withPairAndFds(async (p, fds) => {
      const before = openFds();
      // The read waits first, so the message reaches it through a completion.
      const reading = p.b.readFds(new Uint8Array(3), 1);
      await sleep(20);
      void p.a.writeFds(fds, "abc");
      void p.a.write("def");
      const got = await reading;
      expect(got).not.toBeNull();
      expect(got!.n).toBe(3);
      expect(got!.fds).toHaveLength(1);
      expect(got!.truncated).toBe(true);
      for (const fd of got!.fds) closeSync(fd);
      // The two that did not fit were closed by the kernel, not installed here.
      expect(openFds()).toBe(before);
      expect(await readExactly(p.b, 3)).toBe("def");
    });
  });

  it("a plain read() of a message carrying descriptors: the bytes after it still arrive", async () => {
    await withPairAndFds(async (p, fds) => {
      const before = openFds();
      const reading = readExactly(p.b, 6);
      await sleep(20);
      void p.a.writeFds(fds, "abc");
      void p.a.write("def");
      expect(await reading).toBe("abcdef");
      // Descriptors nobody asked for are discarded by the kernel.
      expect(openFds()).toBe(before);
    });
  });

  it("a reader with no room at all (readMsgUnix with a 0-byte oob): data then the following bytes", async () => {
    await withPairAndFds(async (p, fds) => {
      const buf = new Uint8Array(16);
      const reading = p.b.readMsgUnix(buf, new Uint8Array(0));
      await sleep(20);
      void p.a.writeFds([fds[0]], "xyz");
      void p.a.write("123");
      const m = await reading;
      expect(m).not.toBeNull();
      expect(Buffer.from(buf.subarray(0, m!.n)).toString()).toBe("xyz".slice(0, m!.n));
      expect(await readExactly(p.b, 6 - m!.n)).toBe("xyz123".slice(m!.n));
    });
  });

  it("several messages with descriptors back to back, each read whole", async () => {
    await withPairAndFds(async (p, fds) => {
      for (let i = 0; i < 5; i++) await p.a.writeFds([fds[i % 3]], `m${i}`);
      await p.a.write("end");
      for (let i = 0; i < 5; i++) {
        p.b.setReadDeadline(Date.now() + 3_000);
        const buf = new Uint8Array(2);
        const got = await p.b.readFds(buf, 4);
        expect(got).not.toBeNull();
        expect(Buffer.from(buf.subarray(0, got!.n)).toString()).toBe(`m${i}`);
        expect(got!.fds).toHaveLength(1);
        for (const fd of got!.fds) closeSync(fd);
      }
      p.b.setReadDeadline(null);
      expect(await readExactly(p.b, 3)).toBe("end");
    });
  });
});
