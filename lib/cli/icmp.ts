// ICMP echo messages for ping and traceroute: building a request and reading
// what comes back. Every packet is treated as hostile: lengths are checked
// before each field is read.

/** The RFC 1071 Internet checksum of `b`, continuing `sum` (a pseudo-header's words, say). */
export function checksum(b: Uint8Array, sum = 0): number {
  for (let i = 0; i + 1 < b.length; i += 2) sum += (b[i] << 8) | b[i + 1];
  if (b.length & 1) sum += b[b.length - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** The ICMP echo request type, per IP version (ICMP 8, ICMPv6 128). */
export const ECHO_REQUEST = { 4: 8, 6: 128 } as const;
/** The ICMP echo reply type, per IP version (ICMP 0, ICMPv6 129). */
export const ECHO_REPLY = { 4: 0, 6: 129 } as const;

/** An echo request: 8-byte header, then `payload`. The checksum is filled for IPv4 (ICMPv6's is the kernel's). */
export function echoRequest(v: 4 | 6, id: number, seq: number, payload: Uint8Array): Uint8Array {
  const b = new Uint8Array(8 + payload.length);
  b[0] = ECHO_REQUEST[v];
  b[4] = (id >> 8) & 0xff;
  b[5] = id & 0xff;
  b[6] = (seq >> 8) & 0xff;
  b[7] = seq & 0xff;
  b.set(payload, 8);
  if (v === 4) {
    const c = checksum(b);
    b[2] = c >> 8;
    b[3] = c & 0xff;
  }
  return b;
}

/** The fields of an ICMP message that ping and traceroute look at. */
export interface IcmpMessage {
  type: number;
  code: number;
  id: number;
  seq: number;
  /** For an error (unreachable, time exceeded): the protocol and first 8 bytes of the datagram it quotes. */
  quoted?: { proto: number; header: Uint8Array };
}

/** Reads an ICMP message (no IP header in front); null when too short. */
export function parseIcmp(v: 4 | 6, b: Uint8Array): IcmpMessage | null {
  if (b.length < 8) return null;
  const m: IcmpMessage = { type: b[0], code: b[1], id: (b[4] << 8) | b[5], seq: (b[6] << 8) | b[7] };
  if (isIcmpError(v, m.type)) {
    // The quoted datagram: its IP header (IPv6: assumed without extension
    // headers), then at least the first 8 bytes of what we sent.
    const inner = b.subarray(8);
    const hl = v === 4 ? (inner.length > 0 ? (inner[0] & 0x0f) * 4 : 0) : 40;
    const proto = v === 4 ? inner[9] : inner[6];
    if (hl >= 20 && inner.length >= hl + 8) m.quoted = { proto, header: inner.subarray(hl, hl + 8) };
  }
  return m;
}

/** The (id, seq) of the echo request an ICMP error quotes, or null if it quotes something else. */
export function quotedEcho(v: 4 | 6, m: IcmpMessage): { id: number; seq: number } | null {
  const q = m.quoted;
  if (!q || q.proto !== (v === 4 ? 1 : 58) || q.header[0] !== ECHO_REQUEST[v]) return null;
  return { id: (q.header[4] << 8) | q.header[5], seq: (q.header[6] << 8) | q.header[7] };
}

/** The (source port, destination port) of the UDP datagram an ICMP error quotes, or null. */
export function quotedUdp(m: IcmpMessage): { srcPort: number; dstPort: number } | null {
  const q = m.quoted;
  if (!q || q.proto !== 17) return null;
  return { srcPort: (q.header[0] << 8) | q.header[1], dstPort: (q.header[2] << 8) | q.header[3] };
}

/** Time exceeded in transit (IPv4 11, IPv6 3): a router on the way answered. */
export function isTimeExceeded(v: 4 | 6, type: number): boolean {
  return type === (v === 4 ? 11 : 3);
}

/** Destination unreachable or time exceeded (IPv4 3 and 11, IPv6 1 and 3). */
export function isIcmpError(v: 4 | 6, type: number): boolean {
  return v === 4 ? type === 3 || type === 11 : type === 1 || type === 3;
}

/** iputils' words for an ICMP error, e.g. "Time to live exceeded". */
export function describeIcmpError(v: 4 | 6, type: number, code: number): string {
  if (v === 4) {
    if (type === 11) return code === 0 ? "Time to live exceeded" : "Frag reassembly time exceeded";
    return (
      ["Destination Net Unreachable", "Destination Host Unreachable", "Destination Protocol Unreachable",
        "Destination Port Unreachable", "Frag needed and DF set", "Source Route Failed"][code] ??
      `Dest Unreachable, Bad Code: ${code}`
    );
  }
  if (type === 3) return "Time exceeded: Hop limit";
  return (
    ["No route", "Administratively prohibited", "Beyond scope of source address", "Address unreachable",
      "Port unreachable"][code] ?? `Destination unreachable: Unknown code ${code}`
  );
}
