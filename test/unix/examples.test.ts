// The Unix socket echo example, run as a user would.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe.skipIf(!existsSync(join(root, "dist", "index.js")))("Unix examples", () => {
  it("unix-echo echoes each message and cleans up its socket file", () => {
    const r = spawnSync(process.execPath, [join(root, "examples", "unix-echo.mjs")], { cwd: root, encoding: "utf8", timeout: 20_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    const path = /^echo server on (.+)$/.exec(lines[0])![1];
    expect(lines).toContain(`server: connection from pid ${r.pid} (uid ${process.getuid!()})`);
    expect(lines).toContain("client: hello");
    expect(lines).toContain("client: over a unix socket");
    expect(existsSync(path)).toBe(false);
  });
});
