// gonet traceroute: probes with TTL 1, 2, 3... until the destination
// answers, like Linux traceroute -n. UDP probes (the default) go to port
// 33434 + probe number on a UDP socket; -I sends ICMP echoes. Either way the
// answers (time exceeded from each router; port unreachable or an echo reply
// from the destination) arrive on a raw ICMP socket, so this needs
// CAP_NET_RAW. Round trips as in ping: kernel receive stamp minus the wall
// clock read just before the send.

import { IPAddr, UDPAddr, resolveIPAddr } from "../addr.js";
import { realtimeNs } from "../clock.js";
import { parseSocketControlMessage, receiveTimestampNs } from "../cmsg.js";
import { isTimeout } from "../errors.js";
import { type IPConn, listenICMP } from "../ipraw.js";
import { listenPacket } from "../listen.js";
import { constants as C } from "../rawconn.js";
import type { UDPConn } from "../udp.js";
import { CliError, rawSocketError } from "./fail.js";
import { numberFlag, operands, parseFlags } from "./flags.js";
import { ECHO_REPLY, ECHO_REQUEST, echoRequest, isTimeExceeded, parseIcmp, quotedEcho, quotedUdp } from "./icmp.js";
import { type Out, interruptible } from "./io.js";

/** The usage line, shown with a usage error. */
export const usage = "gonet traceroute [-4|-6] [-I|-U] [-n] [-f first_ttl] [-m max_ttl] [-q nqueries] [-w wait] [-p port] host";

const PAYLOAD = 32;

/** What answered one probe: who, when, and whether it is the destination's final answer. */
interface Answer {
  from: string;
  at: bigint;
  final: boolean;
  /** Linux traceroute's annotation for unreachables other than the port's (!H, !N, !P...). */
  note: string;
}

/** Runs the subcommand with its arguments (after the subcommand's name); resolves the exit code. */
export async function run(argv: string[], out: Out): Promise<number> {
  const p = parseFlags(argv, {
    "4": "bool", "6": "bool", I: "bool", U: "bool", n: "bool",
    f: "value", m: "value", q: "value", w: "value", p: "value",
  });
  const [host] = operands(p, "host");
  const first = numberFlag(p, "f", 1, { min: 1, max: 255, integer: true });
  const maxTTL = numberFlag(p, "m", 30, { min: first, max: 255, integer: true });
  const probes = numberFlag(p, "q", 3, { min: 1, max: 10, integer: true });
  const wait = numberFlag(p, "w", 5, { min: 0.001, max: 3600 });
  const basePort = numberFlag(p, "p", 33434, { min: 1, max: 65535, integer: true });
  if (p.flags.has("4") && p.flags.has("6")) throw new CliError("only one of -4 and -6");
  if (p.flags.has("I") && p.flags.has("U")) throw new CliError("only one of -I and -U");
  const icmpMode = p.flags.has("I");

  let target: IPAddr;
  try {
    target = await resolveIPAddr(p.flags.has("4") ? "ip4" : p.flags.has("6") ? "ip6" : "ip", host);
  } catch (err) {
    throw new CliError(`${host}: ${(err as Error).message}`);
  }
  const v: 4 | 6 = target.ip!.to4() === null ? 6 : 4;
  let icmp: IPConn;
  try {
    icmp = await listenICMP(v === 6 ? "ip6:ipv6-icmp" : "ip4:icmp");
  } catch (err) {
    throw rawSocketError(err);
  }
  let udp: UDPConn | undefined;
  try {
    icmp.syscallConn().setsockopt(C.SOL_SOCKET, C.SO_TIMESTAMPNS, 1);
    icmp.stampSends();
    if (!icmpMode) udp = (await listenPacket(v === 6 ? "udp6" : "udp4", v === 6 ? "[::]:0" : "0.0.0.0:0")) as UDPConn;
    out.line(`traceroute to ${host} (${target}), ${maxTTL} hops max, ${(v === 4 ? 28 : 48) + PAYLOAD} byte packets`);
    return await trace();
  } finally {
    await udp?.close();
    await icmp.close();
  }

  async function trace(): Promise<number> {
    const ident = process.pid & 0xffff;
    const srcPort = udp ? (udp.localAddr as UDPAddr).port : 0;
    const buf = new Uint8Array(1500);
    const oob = new Uint8Array(128);
    const stop = interruptible();
    let seq = 0;
    try {
      for (let ttl = first; ttl <= maxTTL && !stop.fired; ttl++) {
        (udp ?? icmp).setTTL(ttl);
        let line = `${String(ttl).padStart(2)} `;
        let last = "";
        let reached = false;
        for (let i = 0; i < probes && !stop.fired; i++) {
          const s = ++seq & 0xffff;
          const port = (basePort + seq - 1) & 0xffff || 1;
          let sent: bigint;
          if (udp) {
            sent = realtimeNs();
            await udp.writeTo(new Uint8Array(PAYLOAD), new UDPAddr(target.ip, port, target.zone));
          } else {
            await icmp.writeTo(echoRequest(v, ident, s, new Uint8Array(PAYLOAD)), new IPAddr(target.ip, target.zone));
            sent = icmp.lastSendTimeNs!;
          }
          const a = await answer((m) => {
            if (udp) {
              const q = quotedUdp(m);
              return q !== null && q.srcPort === srcPort && q.dstPort === port;
            }
            if (m.type === ECHO_REPLY[v]) return m.id === ident && m.seq === s;
            const q = quotedEcho(v, m);
            return q !== null && q.id === ident && q.seq === s;
          });
          if (!a) {
            line += " *";
            continue;
          }
          if (a.from !== last) line += ` ${a.from}`;
          last = a.from;
          line += `  ${(Number(a.at - sent) / 1e6).toFixed(3)} ms${a.note}`;
          reached ||= a.final;
        }
        out.line(line);
        if (reached) break;
      }
    } finally {
      stop.dispose();
    }
    return 0;

    /** The first ICMP message `ours` accepts within -w seconds (others are skipped), or null. */
    async function answer(ours: (m: NonNullable<ReturnType<typeof parseIcmp>>) => boolean): Promise<Answer | null> {
      icmp.setReadDeadline(Date.now() + wait * 1000);
      for (;;) {
        let got;
        try {
          got = await icmp.readMsgIP(buf, oob);
        } catch (err) {
          if (isTimeout(err)) return null;
          throw err;
        }
        const hl = v === 4 && got.n >= 20 ? (buf[0] & 0x0f) * 4 : 0;
        const m = parseIcmp(v, buf.subarray(hl, got.n));
        if (!m || m.type === ECHO_REQUEST[v] || !ours(m)) continue;
        const at = receiveTimestampNs(parseSocketControlMessage(oob.subarray(0, got.oobn))) ?? realtimeNs();
        const from = String(got.addr);
        if (m.type === ECHO_REPLY[v]) return { from, at, final: true, note: "" };
        if (isTimeExceeded(v, m.type)) return { from, at, final: false, note: "" };
        return { from, at, final: true, note: unreachableNote(v, m.code) };
      }
    }
  }
}

/** Linux traceroute's marks for "destination unreachable" codes; "" for port unreachable (the normal end). */
function unreachableNote(v: 4 | 6, code: number): string {
  const marks = v === 4 ? { 0: " !N", 1: " !H", 2: " !P", 3: "", 4: " !F", 13: " !X" } : { 0: " !N", 1: " !X", 3: " !H", 4: "" };
  return (marks as Record<number, string>)[code] ?? ` !<${code}>`;
}
