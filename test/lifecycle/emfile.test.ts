// Accept under EMFILE (reliability plan scenario 18; libuv test-emfile,
// joyent/libuv#690, nodejs/node#45242): a server child with RLIMIT_NOFILE=64
// gets far more connections than it can take. Its accept surfaces EMFILE
// (or its listener iterator backs off), it does not spin (CPU sampled from
// /proc/<pid>/stat), the connections it cannot take are shed rather than
// left hanging, and once it frees descriptors it accepts again.

import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningChild, budget, countFds, cpuShare, expectCrashFree, spawnChild } from "../helpers/child.js";

const FIXTURE = "test/lifecycle/fixtures/emfile-server.mjs";
const LIMIT = 64;
const CLIENTS = 150;

interface Client {
  socket: net.Socket;
  connected: boolean;
  ended: boolean;
}

const sockets: net.Socket[] = [];
const children: RunningChild[] = [];

afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const c of children.splice(0)) c.kill();
});

function connectClient(port: number): Client {
  const socket = net.connect(port, "127.0.0.1");
  const c: Client = { socket, connected: false, ended: false };
  socket.on("connect", () => (c.connected = true));
  socket.on("end", () => (c.ended = true));
  socket.on("close", () => (c.ended = true));
  socket.on("error", () => (c.ended = true));
  socket.resume();
  sockets.push(socket);
  return c;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ServerStats {
  accepted: number;
  held: number;
  errors: Record<string, number>;
  lastError: string;
  /** Counted by us from /proc/<pid>/fd. */
  fds: number;
}

let requestId = 0;

/** Sends a command and waits for the reply carrying its id. */
async function ask(child: RunningChild, command: string, type = "stats"): Promise<ServerStats> {
  const id = String(++requestId);
  child.send(`${command} ${id}`);
  const m = await child.waitFor((x) => x.type === type && x.id === id, budget(10_000));
  return { ...(m as unknown as ServerStats), fds: countFds(child.pid) };
}

const stats = (child: RunningChild) => ask(child, "stats");

/** Polls the server until `pred` holds (bounded). */
async function until(child: RunningChild, pred: (s: ServerStats) => boolean, ms: number) {
  const end = Date.now() + ms;
  let s = await stats(child);
  while (!pred(s) && Date.now() < end) {
    await sleep(100);
    s = await stats(child);
  }
  return s;
}

describe.each(["tight", "iterator"])("accept under EMFILE (%s accept loop)", (mode) => {
  it("surfaces EMFILE or backs off without spinning, sheds the excess, and accepts again once fds are freed", async () => {
    const child = spawnChild({ script: FIXTURE, args: [mode], nofile: LIMIT, timeoutMs: budget(90_000) });
    children.push(child);
    const ready = await child.waitFor((m) => m.type === "ready");
    const port = ready.port as number;
    expect(countFds(child.pid)).toBeLessThan(LIMIT - 10);

    const clients: Client[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      clients.push(connectClient(port));
      if (i % 25 === 24) await sleep(20);
    }
    // The server fills its descriptor table, then stops accepting.
    const full = await until(child, (s) => s.fds >= LIMIT - 2 && (mode !== "tight" || (s.errors.EMFILE ?? 0) > 0), budget(15_000));
    expect(full.fds).toBeGreaterThanOrEqual(LIMIT - 2);
    if (mode === "tight") expect(full.errors.EMFILE ?? 0, JSON.stringify(full)).toBeGreaterThan(0);

    // No spin: CPU over ~1 s while a trickle of new clients keeps knocking.
    const trickle = (async () => {
      for (let i = 0; i < 10; i++) {
        clients.push(connectClient(port));
        await sleep(100);
      }
    })();
    const share = await cpuShare(child.pid, 1000);
    await trickle;
    expect(share, `server CPU share over 1 s: ${share}`).toBeLessThan(0.5);

    // Bounded EMFILE reporting: one per incoming connection at most, not a storm.
    const after = await stats(child);
    const emfiles = after.errors.EMFILE ?? 0;
    expect(emfiles).toBeLessThan(clients.length * 4);

    // Connections the server could not take are shed (closed), not left hanging.
    const excess = clients.length - after.accepted;
    const deadline = Date.now() + budget(10_000);
    let shed = clients.filter((c) => c.ended).length;
    while (shed < excess && Date.now() < deadline) {
      await sleep(100);
      shed = clients.filter((c) => c.ended).length;
    }
    expect(shed, `excess ${excess}, accepted ${after.accepted}`).toBeGreaterThanOrEqual(excess);

    // Free 20 descriptors: new connections are accepted again.
    const base = (await ask(child, "close 20", "closed")).accepted;
    for (let i = 0; i < 5; i++) clients.push(connectClient(port));
    const again = await until(child, (s) => s.accepted >= base + 5, budget(10_000));
    expect(again.accepted).toBeGreaterThanOrEqual(base + 5);

    child.send("exit");
    const r = await child.result;
    expectCrashFree(r, 0);
  });
});
