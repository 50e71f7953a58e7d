// One deadline-argument rule for every kind of Conn (lib/internal/args.ts
// deadlineTime): a socket, a PacketConn and a pipe reject NaN and an
// invalid Date alike, with a TypeError carrying ERR_INVALID_ARG_TYPE.

import { afterAll, describe, expect, it } from "vitest";
import { dial, listen, listenPacket } from "../lib/index.js";
import { pipe } from "../lib/pipe.js";

interface Deadlined {
  setDeadline(t: unknown): void;
  setReadDeadline(t: unknown): void;
  setWriteDeadline(t: unknown): void;
}

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of closers) await c();
});

async function subjects(): Promise<Array<[string, Deadlined]>> {
  const ln = await listen("tcp", "127.0.0.1:0");
  const c = await dial("tcp", String(ln.addr));
  const pc = await listenPacket("udp", "127.0.0.1:0");
  const [a, b] = pipe();
  closers.push(() => c.close(), () => ln.close(), () => pc.close(), () => a.close(), () => b.close());
  return [
    ["TCPConn", c as unknown as Deadlined],
    ["UDPConn", pc as unknown as Deadlined],
    ["pipe", a as unknown as Deadlined],
  ];
}

describe("deadline arguments", () => {
  it("NaN and an invalid Date are TypeErrors on sockets and pipes alike", async () => {
    for (const [name, conn] of await subjects()) {
      for (const bad of [Number.NaN, new Date("not a date")]) {
        for (const set of ["setDeadline", "setReadDeadline", "setWriteDeadline"] as const) {
          let err: unknown;
          try {
            conn[set](bad);
          } catch (e) {
            err = e;
          }
          expect(err, `${name}.${set}(${String(bad)})`).toBeInstanceOf(TypeError);
          expect((err as { code?: string }).code).toBe("ERR_INVALID_ARG_TYPE");
          expect((err as Error).message).toContain(set);
        }
      }
    }
  });
});
