// One row per network kind: which functions dial, listen and listenPacket
// on it, and which descriptors fileConn, fileListener and filePacketConn
// adopt as it. dial(), listen(), listenPacket() and lib/file.ts dispatch
// through this table only, so a new Conn type is its own file plus one row.
// A missing function is Go's "unexpected address type" (or, for a file,
// "protocol not supported").

import type { Family, Network } from "../addr.js";
import type { Conn, Listener, PacketConn } from "../conn.js";
import { IPConn, dialIP, listenIP } from "../ipraw.js";
import { constants as C } from "../rawconn.js";
import { TCPConn, TCPListener } from "../tcp.js";
import { dialTCP } from "../tcp-dial.js";
import { listenTCP } from "../tcp-listen.js";
import { UDPConn, dialUDP, listenUDP } from "../udp.js";
import { UnixConn, UnixListener, dialUnix, listenUnix, listenUnixgram } from "../unix.js";
import type { NativeSocket } from "./binding.js";
import type { DialSettings, ListenSettings } from "./socket.js";

/** A datagram conn: a PacketConn, or a unixgram UnixConn (whose unnamed senders are null). */
type AnyPacketConn = PacketConn | UnixConn;

/** What one network kind can do; every function is optional. */
export interface NetworkKind {
  dial?(net: Network, address: string, o: DialSettings): Promise<Conn>;
  listen?(net: Network, address: string, o: ListenSettings): Promise<Listener>;
  listenPacket?(net: Network, address: string, o: ListenSettings): Promise<AnyPacketConn>;
  /** The descriptors adopted as this kind: an IP (AF_INET/AF_INET6) or Unix socket of SO_TYPE `type`. */
  socket: { unix: boolean; type: number };
  /** A Conn on an adopted descriptor (`family` is its SO_DOMAIN). */
  fileConn?(h: NativeSocket, family: number): Conn | UDPConn | IPConn;
  fileListener?(h: NativeSocket): Listener;
  filePacketConn?(h: NativeSocket, family: number): UDPConn | UnixConn | IPConn;
}

const rawNet = (family: number) => (family === C.AF_INET6 ? "ip6" : "ip4");

/** The row of a Unix stream kind: `unix` (SOCK_STREAM) or `unixpacket` (SOCK_SEQPACKET). */
function unixStream(kind: "unix" | "unixpacket", type: number): NetworkKind {
  return {
    dial: dialUnix,
    listen: listenUnix,
    socket: { unix: true, type },
    fileConn: (h) => new UnixConn(h, kind),
    fileListener: (h) => new UnixListener(h, kind, ""),
  };
}

/** The table: one row per kind that lib/addr.ts's parseNetwork knows. */
export const NETWORKS: Readonly<Record<Family, NetworkKind>> = {
  tcp: {
    dial: dialTCP,
    listen: listenTCP,
    socket: { unix: false, type: C.SOCK_STREAM },
    fileConn: (h) => new TCPConn(h),
    fileListener: (h) => new TCPListener(h),
  },
  udp: {
    dial: dialUDP,
    listenPacket: listenUDP,
    socket: { unix: false, type: C.SOCK_DGRAM },
    fileConn: (h, family) => new UDPConn(h, family),
    filePacketConn: (h, family) => new UDPConn(h, family),
  },
  ip: {
    dial: dialIP,
    listenPacket: listenIP,
    socket: { unix: false, type: C.SOCK_RAW },
    fileConn: (h, family) => new IPConn(h, rawNet(family), family, C.SOCK_RAW),
    filePacketConn: (h, family) => new IPConn(h, rawNet(family), family, C.SOCK_RAW),
  },
  unix: unixStream("unix", C.SOCK_STREAM),
  unixpacket: unixStream("unixpacket", C.SOCK_SEQPACKET),
  unixgram: {
    dial: dialUnix,
    listenPacket: listenUnixgram,
    socket: { unix: true, type: C.SOCK_DGRAM },
    fileConn: (h) => new UnixConn(h, "unixgram"),
    filePacketConn: (h) => new UnixConn(h, "unixgram"),
  },
};

/** The kind of an open descriptor from its SO_DOMAIN and SO_TYPE, if gonet has one for it. */
export function kindOfSocket(family: number, type: number): NetworkKind | undefined {
  const unix = family === C.AF_UNIX;
  if (!unix && family !== C.AF_INET && family !== C.AF_INET6) return undefined;
  return Object.values(NETWORKS).find((k) => k.socket.unix === unix && k.socket.type === type);
}
