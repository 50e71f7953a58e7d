// Random API sequences under the fault injector (test/faults/libgonetfault.c,
// built by `npm run build:faults`): each case runs
// test/faults/fixtures/chaos.mjs in a fresh node with the library preloaded
// and a fixed seed, so a failure names what to rerun:
//   LD_PRELOAD=build-faults/libgonetfault.so GONET_FAULT_SEED=<seed> GONET_FAULT_RATE=<rate> \
//     node --expose-gc test/faults/fixtures/chaos.mjs <scenario> <seed> <sequences>
// (add GONET_FAULT_TRACE=1 to see every injected fault).

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, expectCrashFree, lastMessage, runChild } from "../helpers/child.js";

const LIBRARY = join(REPO_ROOT, "build-faults", "libgonetfault.so");
const FIXTURE = "test/faults/fixtures/chaos.mjs";
const ZERO = { liveSockets: 0, openFds: 0, parkedOps: 0, heldBuffers: 0, armedDeadlines: 0 };
const dir = mkdtempSync(join(tmpdir(), "gonet-faults-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every fault injected over the file's runs, by "call.kind". */
const injected: Record<string, number> = {};

interface Run {
  script?: string;
  scenario: "streams" | "datagrams" | "run";
  seed: number;
  sequences: number;
  rate: number;
  kinds?: string;
}

async function runUnderFaults(run: Run): Promise<Record<string, number>> {
  if (!existsSync(LIBRARY)) throw new Error(`missing ${LIBRARY}: run \`npm run build:faults\` (npm run test:faults does)`);
  const report = join(dir, `${run.scenario}-${run.seed}-${run.kinds ?? "all"}.json`);
  const r = await runChild({
    script: run.script ?? FIXTURE,
    args: [run.scenario, String(run.seed), String(run.sequences)],
    env: {
      LD_PRELOAD: LIBRARY,
      GONET_FAULT_SEED: String(run.seed),
      GONET_FAULT_RATE: String(run.rate),
      GONET_FAULT_KINDS: run.kinds ?? "",
      GONET_FAULT_REPORT: report,
    },
    timeoutMs: 100_000,
  });
  expectCrashFree(r);
  const done = lastMessage(r);
  expect(done.final).toEqual(ZERO);
  const seen = done.seen as Record<string, number>;
  expect(done.count ?? seen.sequences).toBe(run.sequences);
  const counts = JSON.parse(readFileSync(report, "utf8")) as Record<string, number>;
  for (const [k, n] of Object.entries(counts)) if (k !== "calls") injected[k] = (injected[k] ?? 0) + n;
  return { ...seen, calls: counts.calls };
}

describe("random API sequences under injected faults", () => {
  // Only EINTR, EAGAIN and short counts: nothing may fail that would not
  // fail without them, and every stream nothing closed early arrives whole.
  for (const seed of [1, 2]) {
    it(`streams, seed ${seed}: EINTR, EAGAIN and short counts change nothing`, async () => {
      const seen = await runUnderFaults({ scenario: "streams", seed, sequences: 12, rate: 0.2, kinds: "eintr,eagain,short" });
      expect(seen.strictChecks).toBeGreaterThan(12);
      expect(seen.relays).toBeGreaterThan(0);
    });
  }

  // The lifecycle suite's own random sequences (buffer detaches, empty
  // writes, gc) under the faults that must change nothing.
  it("lifecycle fuzz sequences, seed 9: EINTR, EAGAIN and short counts change nothing", async () => {
    const seen = await runUnderFaults({ script: "test/lifecycle/fixtures/fuzz.mjs", scenario: "run", seed: 9, sequences: 30, rate: 0.2, kinds: "eintr,eagain,short" });
    expect(seen.strictChecks).toBeGreaterThan(0);
  });

  for (const seed of [3, 4]) {
    it(`streams, seed ${seed}: every fault kind`, async () => {
      const seen = await runUnderFaults({ scenario: "streams", seed, sequences: 12, rate: 0.15 });
      expect(seen.prefixChecks).toBeGreaterThan(12);
      expect(seen.strictChecks).toBeGreaterThan(0);
    });
  }

  for (const seed of [5, 6]) {
    it(`datagrams, seed ${seed}: every fault kind`, async () => {
      const seen = await runUnderFaults({ scenario: "datagrams", seed, sequences: 12, rate: 0.2 });
      expect(seen.datagrams).toBeGreaterThan(12);
    });
  }

  it("the runs faulted every call gonet makes, with every kind of fault", () => {
    const keys = Object.keys(injected);
    for (const call of ["recv", "recvmsg", "recvmmsg", "send", "sendmsg", "sendmmsg", "accept4", "connect", "epoll_ctl", "splice"]) {
      expect(keys.filter((k) => k.startsWith(`${call}.`)), call).not.toEqual([]);
    }
    for (const kind of ["eintr", "eagain", "short", "enobufs", "enomem", "econnreset"]) {
      expect(keys.filter((k) => k.endsWith(`.${kind}`)), kind).not.toEqual([]);
    }
    for (const k of ["recv.eagain", "recv.short", "send.short", "recvmmsg.short", "sendmmsg.short"]) {
      expect(injected[k] ?? 0, k).toBeGreaterThan(0);
    }
  });
});

describe("the injector", () => {
  // Node's own sockets (libuv) are never faulted, even at a rate of 1.
  it("leaves every call that is not gonet's alone", async () => {
    const report = join(dir, "node-net.json");
    const r = await runChild({
      code: `
        import * as net from "node:net";
        import { debugStats } from "gonet";
        debugStats(); // the addon is loaded
        const server = net.createServer((s) => s.pipe(s)).listen(0, "127.0.0.1");
        await new Promise((r) => server.once("listening", r));
        const c = net.connect(server.address().port, "127.0.0.1");
        const payload = Buffer.alloc(1 << 20, 7);
        let got = 0;
        c.on("data", (d) => { got += d.length; if (got >= payload.length) c.end(); });
        c.write(payload);
        await new Promise((r) => c.on("close", r));
        server.close();
        console.log(JSON.stringify({ type: "done", got }));
      `,
      env: { LD_PRELOAD: LIBRARY, GONET_FAULT_RATE: "1", GONET_FAULT_REPORT: report },
      timeoutMs: 30_000,
    });
    expectCrashFree(r);
    expect(lastMessage(r).got).toBe(1 << 20);
    expect(JSON.parse(readFileSync(report, "utf8"))).toEqual({ calls: 0 });
  });
});
