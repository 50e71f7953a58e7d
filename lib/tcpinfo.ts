// conn.tcpInfo(): a snapshot of the kernel's TCP_INFO (Linux struct
// tcp_info) for one connection. Offsets are the kernel's ABI (stable: the
// struct only grows); fields past what this kernel returned read as null.

/** The TCP_INFO fields a program usually wants, in plain units. */
export interface TCPInfo {
  /** TCP state (1 established, ... as in the kernel's TCP_ESTABLISHED...). */
  state: number;
  /** Smoothed round-trip time and its variance, microseconds. */
  rttUs: number;
  /** Round-trip time variance, microseconds. */
  rttVarUs: number;
  /** Retransmissions of the current unacknowledged segment, and over the connection's life. */
  retransmits: number;
  /** Retransmissions over the connection's life. */
  totalRetrans: number;
  /** Congestion window (segments) and slow-start threshold. */
  sendCwnd: number;
  /** Slow-start threshold (segments). */
  sendSsthresh: number;
  /** Sender's maximum segment size, bytes. */
  sendMss: number;
  /** Bytes the peer acknowledged, and bytes received (RFC 4898), or null on kernels before 4.1/4.1. */
  bytesAcked: bigint | null;
  /** Bytes received from the peer (RFC 4898), or null on kernels without it. */
  bytesReceived: bigint | null;
  /** Recent delivery rate, bytes per second (kernel 4.9+), or null. */
  deliveryRate: bigint | null;
  /** The lowest RTT seen, microseconds (kernel 4.6+), or null. */
  minRttUs: number | null;
}

/** Bytes to ask for: up to delivery_rate and beyond (the kernel copies what it has). */
export const TCP_INFO_SIZE = 232;

/** Decodes the bytes getsockopt(TCP_INFO) returned; they come from the kernel, so each field checks the length. */
export function parseTCPInfo(b: Uint8Array): TCPInfo {
  if (b.length < 104) throw new Error(`TCP_INFO: the kernel returned ${b.length} bytes, fewer than the oldest struct tcp_info`);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u32 = (o: number) => v.getUint32(o, true);
  const u64 = (o: number) => (b.length >= o + 8 ? v.getBigUint64(o, true) : null);
  return {
    state: b[0],
    retransmits: b[2],
    sendMss: u32(16),
    rttUs: u32(68),
    rttVarUs: u32(72),
    sendSsthresh: u32(76),
    sendCwnd: u32(80),
    totalRetrans: u32(100),
    bytesAcked: u64(120),
    bytesReceived: u64(128),
    minRttUs: b.length >= 152 ? u32(148) : null,
    deliveryRate: u64(160),
  };
}
