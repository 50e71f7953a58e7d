// Timers longer than setTimeout's ~24.8-day limit (issue #8, defect 9): Node
// clamps such a delay to 1 ms with a TimeoutOverflowWarning, which made a
// 30-day Dialer timeout fail the dial at once with "i/o timeout". Every
// user-controlled delay in lib/ goes through Alarm (lib/internal/timer.ts).

import dns from "node:dns";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Dialer, Resolver, type TCPConn, type TCPListener, listen } from "../../lib/index.js";
import { Alarm, MAX_TIMER_MS } from "../../lib/internal/timer.js";
import { localListener, sleep, within } from "../helpers/tcp.js";

const DAY = 24 * 3600 * 1000;

/** Runs `body` and returns the names of the process warnings emitted meanwhile (and shortly after). */
async function warningsDuring(body: () => Promise<void>): Promise<string[]> {
  const names: string[] = [];
  const onWarning = (w: Error): void => void names.push(w.name);
  process.on("warning", onWarning);
  try {
    await body();
    await sleep(20); // warnings are emitted on a later tick
  } finally {
    process.off("warning", onWarning);
  }
  return names;
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("Alarm", () => {
  it("fires at a time beyond setTimeout's range, not before", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    let fired = 0;
    new Alarm(() => fired++).after(30 * DAY);
    vi.advanceTimersByTime(MAX_TIMER_MS);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(30 * DAY - MAX_TIMER_MS - 1);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
    vi.advanceTimersByTime(100 * DAY);
    expect(fired).toBe(1);
  });

  it("cancel() and re-arming replace the earlier time; Infinity never fires", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    let fired = 0;
    const a = new Alarm(() => fired++);
    a.after(50);
    a.after(100);
    vi.advanceTimersByTime(60);
    expect(fired).toBe(0);
    a.cancel();
    vi.advanceTimersByTime(100);
    expect(fired).toBe(0);
    a.after(Infinity);
    vi.advanceTimersByTime(365 * DAY);
    expect(fired).toBe(0);
    a.at(Date.now() - 5); // already passed: fires on the next timer turn
    vi.advanceTimersByTime(0);
    expect(fired).toBe(1);
  });

  it("an unref'd alarm does not keep the process alive; a ref'd one does", () => {
    const count = (): number => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = count();
    const weak = new Alarm(() => undefined, { ref: false }).after(40 * DAY);
    expect(count()).toBe(before);
    const strong = new Alarm(() => undefined).after(40 * DAY);
    expect(count()).toBe(before + 1);
    weak.cancel();
    strong.cancel();
    expect(count()).toBe(before);
  });
});

describe("Dialer with far-away limits", () => {
  async function dialAndAccept(d: Dialer, ln: TCPListener, address = ln.addr.toString()): Promise<void> {
    const conn = (await within(d.dial("tcp", address), 10_000, "dial")) as TCPConn;
    const peer = await within(ln.accept(), 10_000, "accept");
    expect(await conn.write("hi")).toBe(2);
    await conn.close();
    await peer.close();
  }

  it("timeout of 30 days: the dial succeeds, no TimeoutOverflowWarning", async () => {
    const ln = await localListener();
    try {
      const warnings = await warningsDuring(async () => {
        for (let i = 0; i < 3; i++) await dialAndAccept(new Dialer({ timeout: 30 * DAY }), ln);
      });
      expect(warnings).not.toContain("TimeoutOverflowWarning");
    } finally {
      await ln.close();
    }
  });

  it("deadline 30 days away (Date and epoch ms): the dial succeeds", async () => {
    const ln = await localListener();
    try {
      const warnings = await warningsDuring(async () => {
        await dialAndAccept(new Dialer({ deadline: new Date(Date.now() + 30 * DAY) }), ln);
        await dialAndAccept(new Dialer({ deadline: Date.now() + 1000 * DAY }), ln);
        await dialAndAccept(new Dialer({ timeout: Number.MAX_SAFE_INTEGER }), ln);
      });
      expect(warnings).not.toContain("TimeoutOverflowWarning");
    } finally {
      await ln.close();
    }
  });

  it("a huge fallbackDelay: the primary family wins and the fallback never starts", async () => {
    // ::1 listens and 127.0.0.1 on the same port; the name resolves to both.
    let ln6: TCPListener | undefined;
    let ln4: TCPListener | undefined;
    for (let i = 0; i < 10 && !ln4; i++) {
      ln6 = await listen("tcp6", "[::1]:0");
      try {
        ln4 = await listen("tcp4", `127.0.0.1:${ln6.addr.port}`);
      } catch {
        await ln6.close();
      }
    }
    try {
      vi.spyOn(dns.promises, "lookup").mockImplementation((async () => [
        { address: "::1", family: 6 },
        { address: "127.0.0.1", family: 4 },
      ]) as never);
      const warnings = await warningsDuring(async () => {
        await dialAndAccept(new Dialer({ fallbackDelay: 30 * DAY }), ln6!, `dual.test:${ln6!.addr.port}`);
        // Before the fix the fallback started after 1 ms and connected too.
        ln4!.setDeadline(Date.now() + 100);
        await expect(ln4!.accept()).rejects.toThrow(/i\/o timeout/);
      });
      expect(warnings).not.toContain("TimeoutOverflowWarning");
    } finally {
      await ln4?.close();
      await ln6?.close();
    }
  });
});

describe("Resolver with a far-away per-try timeout", () => {
  it("timeout: 30 days or Infinity is accepted (c-ares takes at most 2^31-1 ms)", () => {
    expect(() => new Resolver({ servers: ["127.0.0.1:53"], timeout: 30 * DAY })).not.toThrow();
    expect(() => new Resolver({ servers: ["127.0.0.1:53"], timeout: Infinity })).not.toThrow();
  });
});
