// gonet ping: ICMP echo like iputils' ping, over listenICMP. A ping socket
// (udp4/udp6) when net.ipv4.ping_group_range allows it, else a raw socket
// (CAP_NET_RAW). Round trips are the kernel's receive time (SO_TIMESTAMPNS)
// minus the wall clock native code read just before the send system call
// (IPConn.stampSends), the way iputils measures, so neither the event loop's
// wake-up nor the JS send path is counted.

import { IPAddr, resolveIPAddr } from "../addr.js";
import { realtimeNs } from "../clock.js";
import { parseSocketControlMessage, receiveHopLimit, receiveTimestampNs } from "../cmsg.js";
import { ErrClosed, errorIs } from "../errors.js";
import { type IPConn, listenICMP } from "../ipraw.js";
import { constants as C } from "../rawconn.js";
import { CliError, rawSocketError } from "./fail.js";
import { numberFlag, operands, parseFlags } from "./flags.js";
import { ECHO_REPLY, checksum, describeIcmpError, echoRequest, parseIcmp, quotedEcho } from "./icmp.js";
import { type Out, interruptible } from "./io.js";

/** The usage line, shown with a usage error. */
export const usage = "gonet ping [-4|-6] [-c count] [-i interval] [-W timeout] [-s size] [-t ttl] [-q] destination";

interface Opened {
  conn: IPConn;
  raw: boolean;
}

/** A ping socket if this group may open one, else a raw socket; a CliError naming the fix when neither. */
async function openEcho(v: 4 | 6): Promise<Opened> {
  try {
    return { conn: await listenICMP(v === 6 ? "udp6" : "udp4"), raw: false };
  } catch (err) {
    try {
      return { conn: await listenICMP(v === 6 ? "ip6:ipv6-icmp" : "ip4:icmp"), raw: true };
    } catch (rawErr) {
      throw rawSocketError(rawErr, err);
    }
  }
}

/** iputils' precision: 3 decimals below 1 ms, fewer above. */
export function formatRtt(ms: number): string {
  if (ms >= 100) return Math.floor(ms).toString();
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

/** C's %g for a percentage (6 significant digits, no trailing zeros). */
function g(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** Runs the subcommand with its arguments (after the subcommand's name); resolves the exit code. */
export async function run(argv: string[], out: Out): Promise<number> {
  const p = parseFlags(argv, { "4": "bool", "6": "bool", c: "value", i: "value", W: "value", s: "value", t: "value", q: "bool" });
  const [host] = operands(p, "destination");
  const count = numberFlag(p, "c", Infinity, { min: 1, max: 2 ** 31 - 1, integer: true });
  const interval = numberFlag(p, "i", 1, { min: 0.002, max: 3600 });
  const timeout = numberFlag(p, "W", 10, { min: 0.001, max: 3600 });
  const size = numberFlag(p, "s", 56, { min: 0, max: 65507, integer: true });
  const ttl = numberFlag(p, "t", 0, { min: 1, max: 255, integer: true });
  const quiet = p.flags.has("q");
  if (p.flags.has("4") && p.flags.has("6")) throw new CliError("only one of -4 and -6");

  const want = p.flags.has("4") ? "ip4" : p.flags.has("6") ? "ip6" : "ip";
  let target: IPAddr;
  try {
    target = await resolveIPAddr(want, host);
  } catch (err) {
    throw new CliError(`${host}: ${(err as Error).message}`);
  }
  const v: 4 | 6 = target.ip!.to4() === null ? 6 : 4;
  const { conn, raw } = await openEcho(v);
  const rc = conn.syscallConn();
  rc.setsockopt(C.SOL_SOCKET, C.SO_TIMESTAMPNS, 1);
  if (v === 4) rc.setsockopt(C.IPPROTO_IP, C.IP_RECVTTL, 1);
  else rc.setsockopt(C.IPPROTO_IPV6, C.IPV6_RECVHOPLIMIT, 1);
  if (ttl) conn.setTTL(ttl);
  conn.stampSends();

  // On a ping socket the kernel picks the identifier and filters replies by it.
  const ident = raw ? process.pid & 0xffff : 0;
  const payload = new Uint8Array(size).map((_, i) => i & 0xff);
  const dest = new IPAddr(target.ip, target.zone);
  const ip = target.toString();
  out.line(v === 4 ? `PING ${host} (${ip}) ${size}(${size + 28}) bytes of data.` : `PING ${host}(${ip}) ${size} data bytes`);

  const sentAt = new Map<number, bigint>(); // seq (mod 2^16) -> send time, until answered
  const rtt = { n: 0, sum: 0, sum2: 0, min: Infinity, max: 0 };
  let transmitted = 0;
  let duplicates = 0;
  let errors = 0;
  const answered = new Set<number>();
  const stop = interruptible();

  const receiving = (async () => {
    const buf = new Uint8Array(size + 8 + 60 + 512);
    const oob = new Uint8Array(256);
    for (;;) {
      let got;
      try {
        got = await conn.readMsgIP(buf, oob);
      } catch (err) {
        if (errorIs(err, ErrClosed)) return;
        throw err;
      }
      const msgs = parseSocketControlMessage(oob.subarray(0, got.oobn));
      const at = receiveTimestampNs(msgs) ?? realtimeNs();
      // Raw IPv4 sockets deliver the IP header; the others start at ICMP.
      const hl = raw && v === 4 && got.n >= 20 ? (buf[0] & 0x0f) * 4 : 0;
      const icmp = buf.subarray(hl, got.n);
      const m = parseIcmp(v, icmp);
      if (!m) continue;
      const hops = receiveHopLimit(msgs) ?? (hl ? buf[8] : null);
      const echo = quotedEcho(v, m);
      if (echo) {
        if (raw && echo.id !== ident) continue;
        errors++;
        if (!quiet) out.line(`From ${got.addr} icmp_seq=${echo.seq} ${describeIcmpError(v, m.type, m.code)}`);
        continue;
      }
      if (m.type !== ECHO_REPLY[v] || (raw && m.id !== ident)) continue;
      const sent = sentAt.get(m.seq);
      if (sent === undefined) continue; // not one of ours, or from before a wrap
      const dup = answered.has(m.seq);
      const ms = Number(at - sent) / 1e6;
      if (dup) duplicates++;
      else {
        answered.add(m.seq);
        rtt.n++;
        rtt.sum += ms;
        rtt.sum2 += ms * ms;
        rtt.min = Math.min(rtt.min, ms);
        rtt.max = Math.max(rtt.max, ms);
      }
      const bad = raw && v === 4 && checksum(icmp) !== 0 ? " (BAD CHECKSUM!)" : "";
      const ttlText = hops === null ? "" : ` ttl=${hops}`;
      if (!quiet) out.line(`${icmp.length} bytes from ${got.addr}: icmp_seq=${m.seq}${ttlText} time=${formatRtt(ms)} ms${dup ? " (DUP!)" : ""}${bad}`);
      if (answered.size === transmitted && transmitted === count) stop.fire();
    }
  })();

  const started = process.hrtime.bigint();
  try {
    for (let seq = 1; seq <= count && !stop.fired; seq++) {
      const wire = seq & 0xffff;
      const pkt = echoRequest(v, ident, wire, payload);
      answered.delete(wire);
      sentAt.set(wire, realtimeNs()); // replaced by the native stamp once the send returns
      try {
        await conn.writeTo(pkt, dest);
        sentAt.set(wire, conn.lastSendTimeNs!);
        transmitted++;
      } catch (err) {
        sentAt.delete(wire);
        out.error(`ping: sendmsg: ${(err as Error).message}`);
      }
      if (seq < count) await stop.sleep(interval * 1000);
    }
    // The last request: wait for what is still outstanding, at most -W seconds.
    if (!stop.fired && answered.size < transmitted) await stop.sleep(timeout * 1000);
  } finally {
    stop.dispose();
    await conn.close();
    await receiving;
  }

  const received = rtt.n;
  const elapsed = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  const loss = transmitted ? ((transmitted - received) * 100) / transmitted : 0;
  out.line("");
  out.line(`--- ${host} ping statistics ---`);
  const extra = (duplicates ? `+${duplicates} duplicates, ` : "") + (errors ? `+${errors} errors, ` : "");
  out.line(`${transmitted} packets transmitted, ${received} received, ${extra}${g(loss)}% packet loss, time ${elapsed}ms`);
  if (received) {
    const avg = rtt.sum / received;
    const mdev = Math.sqrt(Math.max(0, rtt.sum2 / received - avg * avg));
    const f = (x: number) => x.toFixed(3);
    out.line(`rtt min/avg/max/mdev = ${f(rtt.min)}/${f(avg)}/${f(rtt.max)}/${f(mdev)} ms`);
  }
  return received ? 0 : 1;
}
