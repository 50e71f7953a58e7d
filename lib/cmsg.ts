// Go's syscall.ParseSocketControlMessage: the control messages recvmsg put
// in an oob buffer (readMsgIP, readMsgUDP, readMsgUnix), and decoders for the
// ones tools read: receive timestamps and the TTL / hop limit.
// Layout (64-bit Linux): cmsg_len (8 bytes), level (4), type (4), data,
// each message padded to 8 bytes.

import { constants as C } from "./rawconn.js";

const HDR = 16;
const ALIGN = 8;

/** One control message: its level and type and a view of its data. */
export interface SocketControlMessage {
  /** cmsg_level, e.g. SOL_SOCKET or IPPROTO_IP. */
  level: number;
  /** cmsg_type, e.g. SCM_RIGHTS or IP_PKTINFO. */
  type: number;
  /** The message's data: a view into the control buffer, not a copy. */
  data: Uint8Array;
}

/** Every well-formed control message in `oob` (a truncated tail is dropped, never read past). */
export function parseSocketControlMessage(oob: Uint8Array): SocketControlMessage[] {
  if (!(oob instanceof Uint8Array)) throw new TypeError("parseSocketControlMessage needs a Uint8Array");
  const v = new DataView(oob.buffer, oob.byteOffset, oob.byteLength);
  const out: SocketControlMessage[] = [];
  for (let off = 0; off + HDR <= oob.length; ) {
    const len = Number(v.getBigUint64(off, true));
    if (len < HDR || len > oob.length - off) break;
    out.push({ level: v.getInt32(off + 8, true), type: v.getInt32(off + 12, true), data: oob.subarray(off + HDR, off + len) });
    off += (len + ALIGN - 1) & ~(ALIGN - 1);
  }
  return out;
}

/** The SO_TIMESTAMPNS receive time (ns since the epoch) among `msgs`, or null. */
export function receiveTimestampNs(msgs: SocketControlMessage[]): bigint | null {
  const m = msgs.find((x) => x.level === C.SOL_SOCKET && x.type === C.SO_TIMESTAMPNS && x.data.length >= 16);
  if (!m) return null;
  const v = new DataView(m.data.buffer, m.data.byteOffset, 16);
  return v.getBigInt64(0, true) * 1_000_000_000n + v.getBigInt64(8, true);
}

/** The received TTL (IP_RECVTTL) or hop limit (IPV6_RECVHOPLIMIT) among `msgs`, or null. */
export function receiveHopLimit(msgs: SocketControlMessage[]): number | null {
  const m = msgs.find(
    (x) =>
      x.data.length >= 4 &&
      ((x.level === C.IPPROTO_IP && x.type === C.IP_TTL) || (x.level === C.IPPROTO_IPV6 && x.type === C.IPV6_HOPLIMIT)),
  );
  return m ? new DataView(m.data.buffer, m.data.byteOffset, 4).getInt32(0, true) : null;
}
