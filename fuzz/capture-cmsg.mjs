// Writes fuzz/corpus/cmsg/: the control data gonet's own readMsgUnix
// receives on this machine when a peer passes descriptors (one, several, two
// messages' worth, more than the reader made room for). Each file is the raw
// `oob.subarray(0, oobn)` parseUnixRights sees. Run after `npm run build`:
//   node fuzz/capture-cmsg.mjs
import { closeSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { dial, listen, unixRights } from "../dist/index.js";

const out = join(dirname(fileURLToPath(import.meta.url)), "corpus", "cmsg");
mkdirSync(out, { recursive: true });

const name = `@gonet-fuzz-cmsg-${process.pid}`;
const ln = await listen("unix", name);
const [a, b] = await Promise.all([dial("unix", name), ln.accept()]);
const fds = [0, 1, 2].map(() => openSync("/dev/null", "r"));

async function capture(file, send, room) {
  await a.writeMsgUnix(new Uint8Array([1]), send);
  const oob = new Uint8Array(room);
  const m = await b.readMsgUnix(new Uint8Array(1), oob);
  const got = oob.subarray(0, m.oobn);
  writeFileSync(join(out, file), got);
  console.log(`corpus/cmsg/${file}: ${got.length} bytes (flags ${m.flags})`);
  // The received descriptors are ours now: close them.
  for (let off = 16; off + 4 <= got.length; off += 4) {
    const fd = new DataView(got.buffer, got.byteOffset).getInt32(off, true);
    if (fd > 2) closeSync(fd);
  }
}

await capture("rights-1", unixRights(fds[0]), 64);
await capture("rights-3", unixRights(...fds), 64);
// Two SCM_RIGHTS messages in one sendmsg: the kernel merges them.
const two = new Uint8Array([...unixRights(fds[0]), ...unixRights(fds[1], fds[2])]);
await capture("rights-2-messages", two, 64);
// Room for one descriptor of three: MSG_CTRUNC, the rest closed by the kernel.
await capture("rights-truncated", unixRights(...fds), 16 + 4);
for (const fd of fds) closeSync(fd);
await a.close();
await b.close();
await ln.close();
