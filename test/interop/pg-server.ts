// A throwaway PostgreSQL server for the pg tests: initdb into a temporary
// directory and `postgres` on a free 127.0.0.1 port, as an unprivileged user
// (the `postgres` account Debian's package creates, when the tests run as
// root), trust auth for user "test", fsync off. Bounded in time; stop()
// shuts it down fast and removes the directory.

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { peerEnv } from "./peers.js";

const PG_ROOT = "/usr/lib/postgresql";

/** Debian's server binaries (initdb, postgres), newest major first; null when absent. */
export function pgBinDir(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const majors = readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? join(PG_ROOT, majors[0], "bin") : null;
}

function uidOf(user: string): [number, number] | null {
  try {
    const id = (flag: string) => Number(execFileSync("id", [flag, user], { encoding: "utf8" }).trim());
    return [id("-u"), id("-g")];
  } catch {
    return null;
  }
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

export interface PgServer {
  port: number;
  stop(): Promise<void>;
}

export async function startPostgres(bin: string): Promise<PgServer> {
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
  const child: ChildProcess = spawn(
    join(bin, "postgres"),
    ["-D", data, "-h", "127.0.0.1", "-p", String(port), "-k", dir, "-F", "-c", "max_connections=200"],
    { ...opts, cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
  );
  const exited = new Promise<void>((r) => child.on("exit", () => r()));
  await new Promise<void>((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error(`postgres did not start in 30 s: ${log}`)), 30_000);
    child.stderr!.on("data", (d) => {
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
  child.stderr!.resume();
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
