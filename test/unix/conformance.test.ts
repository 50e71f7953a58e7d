// golang.org/x/net/nettest's TestConn over Unix stream and seqpacket
// sockets, as Go runs it (UnixPipe, UnixPacketPipe): c2 is accepted from a
// listener on a fresh path, c1 dialed to it; stop() closes everything and
// the listener removes its socket file.

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { dial, listen } from "../../lib/index.js";
import { connConformance } from "../conformance/nettest.js";

const dir = mkdtempSync(join(tmpdir(), "gonet-nettest-"));
let seq = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const [title, network] of [
  ["UnixPipe", "unix"],
  ["UnixPacketPipe", "unixpacket"],
] as const) {
  connConformance(title, async () => {
    const path = join(dir, `s${seq++}`);
    const ln = await listen(network, path);
    const [c1, c2] = await Promise.all([dial(network, path), ln.accept()]);
    return {
      c1,
      c2,
      stop: async () => {
        await c1.close();
        await c2.close();
        await ln.close();
        if (existsSync(path)) throw new Error(`listener left ${path} behind`);
      },
    };
  });
}
