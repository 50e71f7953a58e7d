// Notes about the machine a result was measured on, stored with it: numbers
// from different machines (or a busy one: see loadavg) are not comparable.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { repoDir } from "./paths.mjs";

const read = (file) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
};
const cmd = (file, args) => {
  const r = spawnSync(file, args, { cwd: repoDir, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
};

// The CPUs this process may run on (cgroups and affinity included).
export function allowedCpus() {
  const list = read("/proc/self/status").match(/^Cpus_allowed_list:\s*(\S+)/m)?.[1];
  if (!list) return os.cpus().map((_, i) => i);
  return list.split(",").flatMap((part) => {
    const [a, b = a] = part.split("-").map(Number);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}

// How busy the machine is apart from us: the share of the last 10 s in which
// some runnable task waited for a CPU (Linux PSI). Idle is near 0.
export function busyNow() {
  const avg10 = read("/proc/pressure/cpu").match(/^some avg10=([\d.]+)/m)?.[1];
  return {
    loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
    cpu_pressure_pct: avg10 === undefined ? null : Number(avg10),
  };
}

export function machineNotes() {
  return {
    cpu: read("/proc/cpuinfo").match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? "unknown",
    cpus: allowedCpus(),
    memory_mb: Math.round(os.totalmem() / 2 ** 20),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    go: cmd("go", ["version"]),
    commit: cmd("git", ["rev-parse", "HEAD"]),
    dirty: Boolean(cmd("git", ["status", "--porcelain"])),
    tcp_tw_reuse: read("/proc/sys/net/ipv4/tcp_tw_reuse").trim() || null,
    busy_at_start: busyNow(),
  };
}
