// The UDP examples run as a user would: the echo server, then the client
// pinging it (the seed's ping/pong).

import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe.skipIf(!existsSync(join(root, "dist", "index.js")))("UDP examples", () => {
  it("udp-client gets its ping echoed by udp-echo-server", async () => {
    const server = spawn(process.execPath, [join(root, "examples", "udp-echo-server.mjs"), "127.0.0.1:0", "--count", "1"], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      let out = "";
      server.stdout.setEncoding("utf8");
      const address = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("server did not start")), 20_000);
        server.stdout.on("data", (d: string) => {
          out += d;
          const m = /UDP echo server on (\S+)\n/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      const client = spawnSync(process.execPath, [join(root, "examples", "udp-client.mjs"), address, "ping"], {
        cwd: root,
        encoding: "utf8",
        timeout: 20_000,
      });
      expect(client.stderr).toBe("");
      expect(client.stdout).toBe(`Server ${address}: ping\n`);
      const code = await new Promise((resolve) => server.on("exit", resolve));
      expect(code).toBe(0);
      expect(out).toMatch(/received "ping" from 127\.0\.0\.1:\d+\n$/);
    } finally {
      if (server.exitCode === null) server.kill();
    }
  });
});
