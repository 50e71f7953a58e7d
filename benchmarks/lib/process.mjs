// Child processes of a run: servers (started, asked for their port,
// stopped) and the load generator (run to completion under a watchdog).
// Every child is pinned with taskset when a CPU is given.
import { spawn } from "node:child_process";

// A server that could not start; its row reports it instead of failing.
export class Unavailable extends Error {}

const pinned = (cmd, cpu) => (cpu === null ? cmd : ["taskset", "-c", String(cpu), ...cmd]);

// Keeps the end of a stream's output, for error messages.
function tail(stream, max = 4000) {
  let text = "";
  stream.setEncoding("utf8");
  stream.on("data", (d) => {
    text = (text + d).slice(-max);
  });
  return () => text.trim();
}

// graceMs: how long a server may take to exit after SIGTERM (valgrind
// writes its profile then) before it is killed.
export function startServer(cmd, cpu, { timeoutMs = 10000, env, graceMs = 2000 } = {}) {
  const [file, ...args] = pinned(cmd, cpu);
  const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"], env: env && { ...process.env, ...env } });
  const stderr = tail(child.stderr);
  const exited = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  let stopping = false;
  let crashed = null;
  exited.then((how) => {
    if (!stopping) crashed = how;
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    stopping = true;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const port = new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      stop();
      reject(new Unavailable(`no port printed within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d) => {
      out += d;
      const line = out.split("\n");
      if (line.length < 2) return;
      clearTimeout(timer);
      const p = Number(line[0]);
      if (Number.isInteger(p) && p > 0) resolve(p);
      else reject(new Unavailable(`printed ${JSON.stringify(line[0])} instead of a port`));
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Unavailable(e.message));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      const why = stderr().split("\n").find((l) => /error|cannot|not found/i.test(l)) ?? stderr().split("\n").pop();
      reject(new Unavailable(`exited (${signal ?? code}) before listening: ${why || "no output"}`));
    });
  });

  return port.then(
    (p) => ({ port: p, pid: child.pid, stop, crashed: () => crashed && { ...crashed, stderr: stderr() } }),
    async (e) => {
      await stop();
      throw e;
    },
  );
}

// Runs `cmd` (pinned) to completion under a watchdog; resolves its stdout.
export function runPinned(name, cmd, cpu, timeoutMs) {
  const [file, ...args] = pinned(cmd, cpu);
  const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
  const stdout = tail(child.stdout, 1 << 16);
  const stderr = tail(child.stderr);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout());
      else reject(new Error(`${name} ${signal ? `killed (${signal})` : `exited ${code}`}: ${stderr() || stdout() || "no output"}`));
    });
  });
}

// A tool whose last line of output is its JSON result (the load generator, the pg client).
export async function runJson(name, cmd, cpu, timeoutMs) {
  const last = (await runPinned(name, cmd, cpu, timeoutMs)).trim().split("\n").pop();
  if (!last?.startsWith("{")) throw new Error(`${name} printed no result`);
  return JSON.parse(last);
}

export const runLoadgen = (cmd, cpu, timeoutMs) => runJson("loadgen", cmd, cpu, timeoutMs);
