// traceroute: ICMP echo probes with TTL 1, 2, 3... over a raw socket; each
// router on the way answers "time exceeded", the destination answers the
// echo. Needs root or CAP_NET_RAW (raw ICMP sockets).
// Usage: node examples/traceroute.mjs [-m max_ttl] [-q probes] [-w wait_s] [-4|-6] host
import { IPAddr, isTimeout, listenPacket, resolveIPAddr } from "gonet";
import { echoRequest } from "./icmp.mjs";

function usage(msg) {
  if (msg) console.error(`traceroute: ${msg}`);
  console.error("usage: node examples/traceroute.mjs [-m max_ttl] [-q probes] [-w wait] [-4|-6] host");
  process.exit(2);
}

const opts = { maxTTL: 30, probes: 3, wait: 1, family: 0 };
const args = process.argv.slice(2);
let host;
while (args.length) {
  const a = args.shift();
  if (a === "-m") opts.maxTTL = Number(args.shift());
  else if (a === "-q") opts.probes = Number(args.shift());
  else if (a === "-w") opts.wait = Number(args.shift());
  else if (a === "-4" || a === "-6") opts.family = Number(a[1]);
  else if (a.startsWith("-")) usage(`unknown option ${a}`);
  else host = a;
}
if (!host) usage();
if (!(opts.maxTTL >= 1 && opts.maxTTL <= 255)) usage("max_ttl must be from 1 to 255");
if (!(opts.probes >= 1 && opts.probes <= 10)) usage("probes must be from 1 to 10");

const target = await resolveIPAddr(opts.family ? `ip${opts.family}` : "ip", host).catch((err) => usage(err.message));
const v6 = target.ip.to4() === null;
let conn;
try {
  conn = await listenPacket(v6 ? "ip6:ipv6-icmp" : "ip4:icmp", "");
} catch (err) {
  console.error(`traceroute: ${err.message}${err.code === "EPERM" ? " (raw sockets need root or CAP_NET_RAW)" : ""}`);
  process.exit(2);
}

// ICMP types: echo request/reply, time exceeded, destination unreachable.
const T = v6 ? { echo: 128, reply: 129, exceeded: 3, unreach: 1 } : { echo: 8, reply: 0, exceeded: 11, unreach: 3 };
const INNER_IP = v6 ? 40 : 20; // the quoted header of our probe (IPv4 without options)
const id = process.pid & 0xffff;
const dest = new IPAddr(target.ip, target.zone);
console.log(`traceroute to ${host} (${target}), ${opts.maxTTL} hops max`);

function probe(seq) {
  return echoRequest(T.echo, id, seq, new Uint8Array(32), !v6);
}

/** The probe (id, seq) an ICMP message answers, and what kind of answer it is. */
function answerTo(b, n) {
  if (n < 8) return null;
  if (b[0] === T.reply) return { kind: "reply", id: (b[4] << 8) | b[5], seq: (b[6] << 8) | b[7] };
  if (b[0] === T.exceeded || b[0] === T.unreach) {
    const ihl = v6 ? INNER_IP : (b[8] & 0x0f) * 4;
    const at = 8 + ihl;
    if (n < at + 8 || b[at] !== T.echo) return null;
    return {
      kind: b[0] === T.exceeded ? "exceeded" : "unreach",
      code: b[1],
      id: (b[at + 4] << 8) | b[at + 5],
      seq: (b[at + 6] << 8) | b[at + 7],
    };
  }
  return null;
}

let seq = 0;
let reached = false;
const buf = new Uint8Array(1500);
for (let ttl = 1; ttl <= opts.maxTTL && !reached; ttl++) {
  conn.setTTL(ttl);
  let line = `${String(ttl).padStart(2)} `;
  let last = "";
  for (let p = 0; p < opts.probes; p++) {
    const s = ++seq & 0xffff;
    const t0 = process.hrtime.bigint();
    await conn.writeTo(probe(s), dest);
    conn.setReadDeadline(Date.now() + opts.wait * 1000);
    let shown = false;
    for (let reads = 0; reads < 1000 && !shown; reads++) {
      let got;
      try {
        got = await conn.readFrom(buf);
      } catch (err) {
        if (!isTimeout(err)) throw err;
        break;
      }
      const a = answerTo(buf, got.n);
      if (!a || a.id !== id || a.seq !== s) continue;
      const ms = (Number(process.hrtime.bigint() - t0) / 1e6).toFixed(3);
      const from = got.addr.toString();
      line += from === last ? `  ${ms} ms` : ` ${from}  ${ms} ms`;
      if (a.kind === "unreach") line += " !";
      last = from;
      shown = true;
      if (a.kind !== "exceeded") reached = true;
    }
    if (!shown) line += " *";
  }
  console.log(line);
}
await conn.close();
process.exitCode = reached ? 0 : 1;
