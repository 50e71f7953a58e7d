// Payload byte counts of one TCP connection from the kernel's TCP_INFO:
// exact whatever wrote them (write, writev, splice in copy()), and free
// until asked. The kernel counts a FIN as one byte of sequence space in
// both tcpi_bytes_received and tcpi_bytes_acked; the connection's state says
// which FINs it has seen, so they are taken off.

import type { TCPInfo } from "../tcpinfo.js";

// Linux's TCP states (include/net/tcp_states.h).
const FIN_WAIT2 = 5;
const TIME_WAIT = 6;
const CLOSE_WAIT = 8;
const LAST_ACK = 9;
const CLOSING = 11;

/** States in which the peer's FIN has been received. */
const PEER_FIN = new Set([TIME_WAIT, CLOSE_WAIT, LAST_ACK, CLOSING]);
/** States in which our own FIN has been acknowledged. */
const OWN_FIN_ACKED = new Set([FIN_WAIT2, TIME_WAIT]);

/**
 * Bytes received from the peer and bytes the peer acknowledged, FINs
 * excluded. (TCP_CLOSE is left as it is: a reset conn reaches it without a
 * FIN, a LAST_ACK one after both; the first is the usual case.)
 */
export function payloadBytes(info: TCPInfo): { bytesIn: number; bytesOut: number } {
  const received = Number(info.bytesReceived ?? 0n) - (PEER_FIN.has(info.state) ? 1 : 0);
  const acked = Number(info.bytesAcked ?? 0n) - (OWN_FIN_ACKED.has(info.state) ? 1 : 0);
  return { bytesIn: Math.max(0, received), bytesOut: Math.max(0, acked) };
}
