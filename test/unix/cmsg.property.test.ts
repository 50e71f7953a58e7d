// parseUnixRights over the control data the kernel really sends (the fuzz
// corpus, captured by fuzz/capture-cmsg.mjs) and over arbitrary bytes: it
// reads descriptors only from inside well-formed SCM_RIGHTS messages, and
// any other input gives fewer descriptors, never an exception. The long
// search is fuzz/cmsg.mjs (scripts/fuzz.sh); this keeps its properties in
// the ordinary suite.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseUnixRights, unixRights } from "../../lib/unix.js";

const corpus = join(dirname(fileURLToPath(import.meta.url)), "../../fuzz/corpus/cmsg");
const seed = (name: string) => new Uint8Array(readFileSync(join(corpus, name)));
const CMSG_HDR = 16;

describe("parseUnixRights", () => {
  it("reads the descriptors of real control data", () => {
    expect(parseUnixRights(seed("rights-1"))).toHaveLength(1);
    expect(parseUnixRights(seed("rights-3"))).toHaveLength(3);
    // Two SCM_RIGHTS messages in one sendmsg arrive merged into one.
    expect(parseUnixRights(seed("rights-2-messages"))).toHaveLength(3);
    // Room for one of three (MSG_CTRUNC): the one that fit.
    expect(parseUnixRights(seed("rights-truncated"))).toHaveLength(1);
  });

  it("round-trips unixRights, one message or several", () => {
    const fd = fc.integer({ min: 0, max: 0x7fffffff });
    fc.assert(
      fc.property(fc.array(fc.array(fd, { maxLength: 8 }), { maxLength: 4 }), (groups) => {
        const oob = Uint8Array.from(groups.flatMap((g) => [...unixRights(...g)]));
        expect(parseUnixRights(oob)).toEqual(groups.flat());
      }),
      { numRuns: 300 },
    );
  });

  it("never throws, and never reads a descriptor from outside the buffer, whatever cmsg_len says", () => {
    // A real buffer with one header's length replaced, then cut or extended.
    const lying = fc
      .tuple(
        fc.constantFrom("rights-1", "rights-3", "rights-2-messages", "rights-truncated"),
        fc.oneof(fc.bigInt({ min: 0n, max: 64n }), fc.constantFrom(0x7fffffffn, 0x80000000n, 0xffffffffn, (1n << 63n) + 16n, (1n << 64n) - 1n)),
        fc.integer({ min: -20, max: 20 }),
      )
      .map(([name, len, cut]) => {
        const b = seed(name);
        const out = new Uint8Array(Math.max(0, b.length + cut));
        out.set(b.subarray(0, out.length));
        if (out.length >= 8) new DataView(out.buffer).setBigUint64(0, len, true);
        return out;
      });
    const anyBytes = fc.uint8Array({ maxLength: 96 });
    fc.assert(
      fc.property(fc.oneof(lying, anyBytes), (oob) => {
        const fds = parseUnixRights(oob);
        expect(fds.length).toBeLessThanOrEqual(Math.max(0, Math.floor((oob.length - CMSG_HDR) / 4)));
      }),
      { numRuns: 2000 },
    );
  });
});
