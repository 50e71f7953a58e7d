// ping: ICMP echo requests to a host, one line per reply with its round-trip
// time, and the classic summary. Uses a raw socket (ip4:icmp / ip6:ipv6-icmp,
// needs root or CAP_NET_RAW); without that privilege it falls back to Linux's
// unprivileged ping sockets (allowed by net.ipv4.ping_group_range).
// Usage: node examples/ping.mjs [-c count] [-i interval_s] [-W timeout_s] [-s size] [-4|-6] [-u] host
//   -u: use a ping socket even when a raw socket is allowed.
import { IPAddr, isTimeout, listenICMP, resolveIPAddr } from "gonet";
import { checksum, echoRequest } from "./icmp.mjs";

function usage(msg) {
  if (msg) console.error(`ping: ${msg}`);
  console.error("usage: node examples/ping.mjs [-c count] [-i interval] [-W timeout] [-s size] [-4|-6] [-u] host");
  process.exit(2);
}

const opts = { count: 4, interval: 1, timeout: 1, size: 56, family: 0, unprivileged: false };
const args = process.argv.slice(2);
let host;
while (args.length) {
  const a = args.shift();
  if (a === "-c") opts.count = Number(args.shift());
  else if (a === "-i") opts.interval = Number(args.shift());
  else if (a === "-W") opts.timeout = Number(args.shift());
  else if (a === "-s") opts.size = Number(args.shift());
  else if (a === "-4" || a === "-6") opts.family = Number(a[1]);
  else if (a === "-u") opts.unprivileged = true;
  else if (a.startsWith("-")) usage(`unknown option ${a}`);
  else host = a;
}
if (!host) usage();
if (!(opts.count >= 1 && opts.count <= 100_000)) usage("count must be from 1 to 100000");
if (!(opts.size >= 0 && opts.size <= 65000)) usage("size must be from 0 to 65000");

const target = await resolveIPAddr(opts.family ? `ip${opts.family}` : "ip", host).catch((err) => usage(err.message));
const v6 = target.ip.to4() === null;
const network = v6 ? "ip6:ipv6-icmp" : "ip4:icmp";

let conn;
let raw = !opts.unprivileged;
if (raw) {
  try {
    conn = await listenICMP(network, "");
  } catch (err) {
    if (err.code !== "EPERM") throw err;
    console.error(`ping: ${err.message}; trying an unprivileged ping socket`);
    raw = false;
  }
}
if (!raw) {
  try {
    conn = await listenICMP(v6 ? "udp6" : "udp4", "");
  } catch (err) {
    if (err.code !== "EACCES") throw err;
    console.error(`ping: ${err.message}: this group may not open ping sockets (see sysctl net.ipv4.ping_group_range)`);
    process.exit(2);
  }
}

const id = process.pid & 0xffff; // a ping socket's kernel replaces it with its own
const ECHO = v6 ? 128 : 8;
const REPLY = v6 ? 129 : 0;
const payload = new Uint8Array(opts.size).map((_, i) => i & 0xff);
console.log(`PING ${host} (${target}): ${opts.size} data bytes`);

const sentAt = new Map();
const rtts = [];
let transmitted = 0;

function request(seq) {
  return echoRequest(ECHO, id, seq, payload, !v6 && raw); // ICMPv6 and ping sockets: the kernel sums it
}

/** Waits for the reply to `seq` until `deadline`; other ICMP traffic is skipped. */
async function awaitReply(seq, deadline) {
  const buf = new Uint8Array(65536);
  conn.setReadDeadline(deadline);
  for (;;) {
    let got;
    try {
      got = await conn.readFrom(buf); // IPv4 raw sockets: header stripped, as Go does
    } catch (err) {
      if (isTimeout(err)) return false;
      throw err;
    }
    const { n, addr } = got;
    if (n < 8 || buf[0] !== REPLY) continue;
    const rid = (buf[4] << 8) | buf[5];
    const rseq = (buf[6] << 8) | buf[7];
    if ((raw && rid !== id) || !sentAt.has(rseq)) continue;
    const ms = Number(process.hrtime.bigint() - sentAt.get(rseq)) / 1e6;
    sentAt.delete(rseq);
    rtts.push(ms);
    const valid = v6 || !raw || checksum(buf.subarray(0, n)) === 0;
    console.log(`${n} bytes from ${addr}: icmp_seq=${rseq} time=${ms.toFixed(3)} ms${valid ? "" : " (BAD CHECKSUM)"}`);
    if (rseq === seq) return true;
  }
}

for (let seq = 1; seq <= opts.count; seq++) {
  const started = Date.now();
  sentAt.set(seq, process.hrtime.bigint());
  try {
    await conn.writeTo(request(seq), new IPAddr(target.ip, target.zone));
    transmitted++;
  } catch (err) {
    console.log(`ping: sendto: ${err.message}`);
    sentAt.delete(seq);
  }
  const replied = await awaitReply(seq, started + opts.timeout * 1000);
  if (!replied && transmitted) console.log(`Request timeout for icmp_seq ${seq}`);
  const wait = started + opts.interval * 1000 - Date.now();
  if (seq < opts.count && wait > 0) await new Promise((r) => setTimeout(r, wait));
}
await conn.close();

const received = rtts.length;
const loss = transmitted ? ((transmitted - received) / transmitted) * 100 : 100;
console.log(`\n--- ${host} ping statistics ---`);
console.log(`${transmitted} packets transmitted, ${received} packets received, ${loss.toFixed(1)}% packet loss`);
if (received) {
  const min = Math.min(...rtts);
  const max = Math.max(...rtts);
  const avg = rtts.reduce((a, b) => a + b, 0) / received;
  const mdev = Math.sqrt(rtts.reduce((a, b) => a + (b - avg) ** 2, 0) / received);
  console.log(`round-trip min/avg/max/stddev = ${[min, avg, max, mdev].map((x) => x.toFixed(3)).join("/")} ms`);
}
process.exitCode = received ? 0 : 1;
