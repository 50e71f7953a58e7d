// The control-data decoder: parseUnixRights (lib/unix.ts) is where gonet
// walks received cmsgs, in TypeScript, so libFuzzer cannot drive it. This
// is a small mutation fuzzer in its place: it starts from the corpus of
// real control data (fuzz/corpus/cmsg/), mutates it the ways a lying kernel
// or a bug would (cmsg_len too small, too large, past the buffer, near 2^32
// and 2^63; truncated headers; odd lengths; many messages), and checks what
// parseUnixRights promises. It is a pure function: a "descriptor" in an
// input is only a number, never closed or used.
//
// Usage: node fuzz/cmsg.mjs <seconds> <corpus dir> <findings dir> [seed]
// Prints "executions N"; on a finding writes the input to the findings
// directory and exits 1.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseUnixRights } from "../dist/index.js";

const [seconds = "30", corpusDir, findingsDir, seedArg] = process.argv.slice(2);
const CMSG_HDR = 16;
const corpus = readdirSync(corpusDir).map((f) => new Uint8Array(readFileSync(join(corpusDir, f))));
if (corpus.length === 0) throw new Error(`no corpus in ${corpusDir}`);

// xorshift32: a run is reproducible from its seed.
let state = seedArg ? Number(seedArg) >>> 0 || 1 : (Date.now() >>> 0) || 1;
console.log(`seed ${state}`);
function rand(n) {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) % n;
}

const LENGTHS = [0n, 1n, 15n, 16n, 17n, 19n, 20n, 23n, 24n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000010n, 1n << 53n, (1n << 63n) + 16n, (1n << 64n) - 1n];

function mutate(src) {
  let b = new Uint8Array(src);
  for (let k = 1 + rand(4); k > 0; k--) {
    switch (rand(7)) {
      case 0: // flip a bit
        if (b.length) b[rand(b.length)] ^= 1 << rand(8);
        break;
      case 1: // a cmsg_len that lies, at an aligned header position
        if (b.length >= 8) {
          const at = 8 * rand(Math.floor(b.length / 8));
          const len = rand(3) ? LENGTHS[rand(LENGTHS.length)] : BigInt(b.length - at + rand(9) - 4);
          new DataView(b.buffer, b.byteOffset, b.byteLength).setBigUint64(at, len < 0n ? 0n : len & ((1n << 64n) - 1n), true);
        }
        break;
      case 2: // truncate
        b = b.slice(0, rand(b.length + 1));
        break;
      case 3: // grow with zeros or random bytes
        b = Uint8Array.from([...b, ...Array.from({ length: rand(40) }, () => (rand(2) ? 0 : rand(256)))]);
        break;
      case 4: // append another corpus entry: several messages
        b = Uint8Array.from([...b, ...corpus[rand(corpus.length)]]);
        break;
      case 5: // level and type: SOL_SOCKET / SCM_RIGHTS or something else
        if (b.length >= CMSG_HDR) {
          const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
          v.setInt32(8, rand(2) ? 1 : rand(300), true);
          v.setInt32(12, rand(2) ? 1 : rand(4), true);
        }
        break;
      default: // start from a subarray at an odd offset of a bigger buffer
        if (b.length) {
          const pad = 1 + rand(7);
          const big = new Uint8Array(b.length + pad);
          big.set(b, pad);
          b = big.subarray(pad);
        }
    }
  }
  return b;
}

// What parseUnixRights promises for any bytes.
function check(oob) {
  const fds = parseUnixRights(oob);
  if (!Array.isArray(fds)) throw new Error("not an array");
  // Each descriptor is 4 bytes of the buffer after some 16-byte header.
  if (fds.length > Math.max(0, Math.floor((oob.length - CMSG_HDR) / 4))) throw new Error(`${fds.length} fds from ${oob.length} bytes`);
  for (const fd of fds) if (!Number.isInteger(fd) || fd < -0x80000000 || fd > 0x7fffffff) throw new Error(`bad fd ${fd}`);
}

const deadline = Date.now() + Number(seconds) * 1000;
let executions = 0;
for (const c of corpus) check(c);
while (Date.now() < deadline) {
  for (let i = 0; i < 1000; i++) {
    const input = mutate(corpus[rand(corpus.length)]);
    executions++;
    try {
      check(input);
    } catch (err) {
      mkdirSync(findingsDir, { recursive: true });
      const file = join(findingsDir, `crash-${executions}`);
      writeFileSync(file, input);
      console.log(`finding: ${err && err.stack ? err.stack : err}\ninput saved as ${file}`);
      console.log(`executions ${executions}`);
      process.exit(1);
    }
  }
}
console.log(`executions ${executions}`);
