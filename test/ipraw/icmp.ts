// ICMP for the raw-socket tests: the library's own codec (lib/cli/icmp.ts)
// for checksums and echo requests, plus what only the tests need: every
// field of an echo, the ICMPv6 pseudo-header check, an IPv4 header.

import { checksum } from "../../lib/cli/icmp.js";

export { checksum, echoRequest } from "../../lib/cli/icmp.js";

export interface Echo {
  type: number;
  code: number;
  checksum: number;
  id: number;
  seq: number;
  payload: Uint8Array;
}

export function parseEcho(m: Uint8Array): Echo | null {
  if (m.length < 8) return null;
  return {
    type: m[0],
    code: m[1],
    checksum: (m[2] << 8) | m[3],
    id: (m[4] << 8) | m[5],
    seq: (m[6] << 8) | m[7],
    payload: m.subarray(8),
  };
}

/** Whether an ICMPv6 message from `src` to `dst` carries a valid checksum (RFC 4443 pseudo-header). */
export function icmp6ChecksumOK(m: Uint8Array, src: Uint8Array, dst: Uint8Array): boolean {
  const pseudo = new Uint8Array(40);
  pseudo.set(src, 0);
  pseudo.set(dst, 16);
  new DataView(pseudo.buffer).setUint32(32, m.length);
  pseudo[39] = 58;
  let sum = 0;
  for (let i = 0; i < 40; i += 2) sum += (pseudo[i] << 8) | pseudo[i + 1];
  return checksum(m, sum) === 0;
}

/** A 20-byte IPv4 header (for IP_HDRINCL), checksum filled. */
export function ipv4Header(src: Uint8Array, dst: Uint8Array, proto: number, payloadLen: number, ttl = 64): Uint8Array {
  const h = new Uint8Array(20);
  const v = new DataView(h.buffer);
  h[0] = 0x45;
  v.setUint16(2, 20 + payloadLen);
  v.setUint16(4, 0x4242);
  h[8] = ttl;
  h[9] = proto;
  h.set(src, 12);
  h.set(dst, 16);
  v.setUint16(10, checksum(h));
  return h;
}
