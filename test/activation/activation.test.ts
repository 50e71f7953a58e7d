// Socket activation under systemd-socket-activate (Debian's systemd
// package): the manager listens, starts the service on the first
// connection with the socket as descriptor 3, and the service serves it
// through activationListeners(). LISTEN_* from the environment is hostile
// input: malformed values are refused, another process's ignored.

import { spawn, spawnSync } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { activationListeners, listenFDs } from "../../lib/index.js";
import { REPO_ROOT, budget } from "../helpers/child.js";
import { freePort } from "../cli/gonet.js";

const haveActivate = spawnSync("sh", ["-c", "command -v systemd-socket-activate"]).status === 0;

// The service: greets each of two connections with its socket's name and
// address, then exits.
const SERVICE = `
import { activationListeners } from "gonet";
const socks = activationListeners();
if (process.env.LISTEN_FDS !== undefined) throw new Error("LISTEN_FDS still set");
const { name, listener } = socks[0];
for (let i = 0; i < 2; i++) {
  const c = await listener.accept();
  await c.write(\`\${socks.length} \${name} \${listener.addr}\\n\`);
  await c.close();
}
await listener.close();
`;

function request(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = "";
    const c = connect(port, "127.0.0.1");
    c.on("data", (d) => (got += d));
    c.on("end", () => resolve(got));
    c.on("error", reject);
  });
}

const saved = { ...process.env };
afterEach(() => {
  for (const k of ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe.skipIf(!haveActivate)("systemd-socket-activate", () => {
  it("the activated service serves the manager's socket by its name", async () => {
    const port = await freePort();
    const mgr = spawn(
      "systemd-socket-activate",
      ["-l", `127.0.0.1:${port}`, "--fdname=web", process.execPath, "--input-type=module", "-e", SERVICE],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    mgr.stderr!.on("data", (d) => (stderr += d));
    try {
      // The manager listens before it starts anything: retry until it is up.
      let first = "";
      for (let i = 0; i < 100 && !first; i++) {
        first = await request(port).catch(() => "");
        if (!first) await new Promise((r) => setTimeout(r, 50));
      }
      expect(first, stderr).toBe(`1 web 127.0.0.1:${port}\n`);
      expect(await request(port)).toBe(`1 web 127.0.0.1:${port}\n`);
    } finally {
      mgr.kill("SIGTERM");
    }
  }, budget(30_000));
});

describe("listenFDs and hostile LISTEN_* values", () => {
  it("not activated, or for another pid: [] and the variables are removed", () => {
    delete process.env.LISTEN_PID;
    expect(listenFDs()).toEqual([]);
    process.env.LISTEN_PID = String(process.pid + 1);
    process.env.LISTEN_FDS = "1";
    expect(listenFDs()).toEqual([]);
    expect(process.env.LISTEN_FDS).toBeUndefined();
    expect(activationListeners()).toEqual([]);
  });

  it("descriptors from 3 with their names; unsetEnv: false keeps the variables", () => {
    Object.assign(process.env, { LISTEN_PID: String(process.pid), LISTEN_FDS: "2", LISTEN_FDNAMES: "web:" });
    expect(listenFDs({ unsetEnv: false })).toEqual([
      { fd: 3, name: "web" },
      { fd: 4, name: "unknown" },
    ]);
    expect(process.env.LISTEN_FDS).toBe("2");
  });

  it.each(["", "-1", "1.5", "abc", "99999999", "0x10", "70000"])("LISTEN_FDS=%j: a RangeError naming it", (v) => {
    Object.assign(process.env, { LISTEN_PID: String(process.pid), LISTEN_FDS: v });
    expect(() => listenFDs()).toThrow(/^LISTEN_FDS must be a count from 0 to 65536/);
  });

  it("a name list of another length is refused", () => {
    Object.assign(process.env, { LISTEN_PID: String(process.pid), LISTEN_FDS: "1", LISTEN_FDNAMES: "a:b" });
    expect(() => listenFDs()).toThrow("LISTEN_FDNAMES names 2 descriptors, LISTEN_FDS says 1");
  });

  it("a passed descriptor that is not a socket: activationListeners fails clearly, in a child", () => {
    // The child gets /dev/null as descriptor 3, where a manager would put a socket.
    const devnull = openSync("/dev/null", "r");
    try {
      const code = `
        import { activationListeners } from "gonet";
        Object.assign(process.env, { LISTEN_PID: String(process.pid), LISTEN_FDS: "1" });
        try { activationListeners(); console.log("no error"); } catch (e) { console.log(e.message); }
      `;
      const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
        cwd: REPO_ROOT,
        stdio: ["ignore", "pipe", "pipe", devnull],
        encoding: "utf8",
        timeout: budget(20_000),
      });
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe("file file+net: getsockopt: socket operation on non-socket\n");
    } finally {
      closeSync(devnull);
    }
  });
});
