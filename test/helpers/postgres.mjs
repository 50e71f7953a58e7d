// Peer processes that the interop tests and the pg benchmark row start: the
// environment they run with, and a throwaway PostgreSQL server: initdb into a temporary
// directory and `postgres` on a free 127.0.0.1 port, as an unprivileged user
// (the `postgres` account Debian's package creates, when the tests run as
// root), trust auth for user "test", fsync off. Bounded in time; stop()
// shuts it down fast and removes the directory.

import { execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PG_ROOT = "/usr/lib/postgresql";

/**
 * The environment for peer binaries: without the ASan runtime that
 * scripts/test-asan.mjs preloads into this process (openssl, curl and
 * postgres are not ours to sanitize).
 */
export function peerEnv() {
  const env = { ...process.env };
  for (const k of ["LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"]) delete env[k];
  return env;
}

/** Debian's server binaries (initdb, postgres), newest major first; null when absent. */
export function pgBinDir() {
  if (!existsSync(PG_ROOT)) return null;
  const majors = readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? join(PG_ROOT, majors[0], "bin") : null;
}

/** [uid, gid] of `user`, or null. */
function uidOf(user) {
  try {
    const id = (flag) => Number(execFileSync("id", [flag, user], { encoding: "utf8" }).trim());
    return [id("-u"), id("-g")];
  } catch {
    return null;
  }
}

async function freePort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const port = s.address().port;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * Starts postgres from `bin` on a free 127.0.0.1 port (user "test", trust
 * auth); `cpu` pins it with taskset. Resolves { port, stop() }.
 */
export async function startPostgres(bin, { cpu = null } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "gonet-pg-"));
  const data = join(dir, "data");
  // postgres refuses to run as root: drop to the package's own account.
  const asUser = process.getuid?.() === 0 ? uidOf("postgres") ?? uidOf("nobody") : null;
  if (asUser) {
    chmodSync(dir, 0o755);
    chownSync(dir, asUser[0], asUser[1]);
  }
  const opts = { env: peerEnv(), ...(asUser ? { uid: asUser[0], gid: asUser[1] } : {}) };
  execFileSync(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "test", "-N", "-E", "UTF8", "--locale=C"], {
    ...opts,
    stdio: "ignore",
    timeout: 60_000,
    cwd: dir,
  });
  const port = await freePort();
  const argv = [join(bin, "postgres"), "-D", data, "-h", "127.0.0.1", "-p", String(port), "-k", dir, "-F", "-c", "max_connections=200"];
  const cmd = cpu === null ? argv : ["taskset", "-c", String(cpu), ...argv];
  const child = spawn(
    cmd[0],
    cmd.slice(1),
    { ...opts, cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
  );
  const exited = new Promise((r) => child.on("exit", () => r()));
  await new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error(`postgres did not start in 30 s: ${log}`)), 30_000);
    child.stderr.on("data", (d) => {
      log += d;
      if (log.includes("ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited (${code}): ${log}`));
    });
  });
  child.stderr.resume();
  return {
    port,
    async stop() {
      child.kill("SIGINT"); // fast shutdown
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
