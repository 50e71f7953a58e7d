// ICMP helpers shared by the ping and traceroute examples.

/** The Internet checksum (RFC 1071). */
export function checksum(b) {
  let sum = 0;
  for (let i = 0; i + 1 < b.length; i += 2) sum += (b[i] << 8) | b[i + 1];
  if (b.length & 1) sum += b[b.length - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/**
 * An ICMP echo request of `type` (8 for IPv4, 128 for IPv6). With
 * `withChecksum` it is filled in; ICMPv6 and ping sockets leave that to the kernel.
 */
export function echoRequest(type, id, seq, payload, withChecksum) {
  const m = new Uint8Array(8 + payload.length);
  m[0] = type;
  m[4] = id >> 8;
  m[5] = id & 0xff;
  m[6] = seq >> 8;
  m[7] = seq & 0xff;
  m.set(payload, 8);
  if (withChecksum) {
    const c = checksum(m);
    m[2] = c >> 8;
    m[3] = c & 0xff;
  }
  return m;
}
