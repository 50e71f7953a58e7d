// gonet: Go's net package for Node.js. Everything public is exported here, by
// name, so that nothing internal leaks and the API reference (TypeDoc, from
// this file) lists exactly the public surface.

export type { Addr, Conn, Deadline, Listener, PacketConn, RawConn } from "./conn.js";
export {
  AddrError,
  ErrCanceled,
  ErrClosed,
  ErrDeadlineExceeded,
  ErrWriteToConnected,
  InvalidAddrError,
  NetError,
  OpError,
  ParseError,
  SyscallError,
  UnknownNetworkError,
  errorIs,
  isTimeout,
  type AddrLike,
  type OpErrorInit,
} from "./errors.js";
export {
  IPAddr,
  TCPAddr,
  UDPAddr,
  UnixAddr,
  resolveIPAddr,
  resolveTCPAddr,
  resolveUDPAddr,
  resolveUnixAddr,
} from "./addr.js";
export { joinHostPort, splitHostPort } from "./hostport.js";
export {
  CIDRMask,
  IP,
  IPMask,
  IPNet,
  IPv4,
  IPv4Mask,
  IPv4allrouter,
  IPv4allsys,
  IPv4bcast,
  IPv4len,
  IPv4zero,
  IPv6interfacelocalallnodes,
  IPv6len,
  IPv6linklocalallnodes,
  IPv6linklocalallrouters,
  IPv6loopback,
  IPv6unspecified,
  IPv6zero,
  parseCIDR,
  parseIP,
} from "./ip.js";
export { HardwareAddr, parseMAC } from "./mac.js";
export { constants } from "./rawconn.js";
export {
  UnsupportedOptionError,
  socketOptions,
  type IPMembership,
  type IPv6Membership,
  type Linger,
  type SocketOption,
  type SocketOptionTypes,
} from "./sockopt.js";
export type { KeepAliveConfig } from "./keepalive.js";
export { TCPConn, TCPListener } from "./tcp.js";
export type { TCPInfo } from "./tcpinfo.js";
export { Dialer, dial, dialTimeout, type ConnFor, type DialOptions, type DialerOptions } from "./dial.js";
export type { ControlFn } from "./internal/socket.js";
export {
  ListenConfig,
  listen,
  listenPacket,
  type ListenConfigOptions,
  type ListenOptions,
  type ListenerFor,
  type PacketConnFor,
} from "./listen.js";
export { DialedUDPConn, UDPConn, listenMulticastUDP, type UDPBatch, type UDPReadResult } from "./udp.js";
export {
  UnixConn,
  UnixListener,
  cmsgSpace,
  parseUnixRights,
  unixRights,
  type Ucred,
  type UnixMsgResult,
  type UnixReadResult,
} from "./unix.js";
export { DialedIPConn, IPConn, listenICMP, type IPReadResult } from "./ipraw.js";
export { realtimeNs } from "./clock.js";
export {
  parseSocketControlMessage,
  receiveHopLimit,
  receiveTimestampNs,
  type SocketControlMessage,
} from "./cmsg.js";
export { PacketBatch, type MsgResult } from "./internal/packet.js";
export { fileConn, fileListener, filePacketConn } from "./file.js";
export {
  activationListeners,
  listenFDs,
  type ActivatedFD,
  type ActivatedSocket,
  type ListenFDsOptions,
} from "./activation.js";
export { receiveListener, sendListener } from "./handover.js";
export {
  WorkerCrashError,
  serveWorkers,
  type ServeWorkersOptions,
  type WorkerCloseOptions,
  type WorkerContext,
  type WorkerHandler,
  type WorkerServer,
  type WorkerState,
  type WorkerStats,
} from "./workers.js";
export { copy } from "./copy.js";
export { toDuplex } from "./duplex.js";
export {
  Socket,
  createConnection,
  toSocket,
  type AddressInfo,
  type ConnectListener,
  type SocketConnectOptions,
  type SocketOptions,
} from "./socket.js";
export { serve, type ConnectionServer } from "./serve.js";
export { ClosedPipeError, ErrClosedPipe, PipeAddr, pipe } from "./pipe.js";
export {
  DNSError,
  type DNSErrorInit,
  Resolver,
  lookupAddr,
  lookupCNAME,
  lookupHost,
  lookupIP,
  lookupMX,
  lookupNS,
  lookupPort,
  lookupSRV,
  lookupTXT,
  type LookupOptions,
  type MX,
  type NS,
  type ResolverOptions,
  type SRV,
  type SRVResult,
} from "./dns.js";
export { lookupProtocol } from "./services.js";
export {
  Flags,
  FlagBroadcast,
  FlagLoopback,
  FlagMulticast,
  FlagPointToPoint,
  FlagRunning,
  FlagUp,
  Interface,
  type InterfaceInit,
  interfaceAddrs,
  interfaceByIndex,
  interfaceByName,
  interfaces,
} from "./interface.js";
import { stats } from "./internal/debug.js";
import type { NativeStats } from "./internal/binding.js";
/** The counters {@link debugStats} returns. */
export type { NativeStats as DebugStats } from "./internal/binding.js";
/**
 * A diagnostics API, not part of Go's: the native loop's counters for the
 * calling thread (live sockets, open fds, parked operations, pinned buffers,
 * armed deadlines), for tests and leak checks that assert everything was
 * released. Fields may be added between versions.
 *
 * @example
 * ```ts
 * import { debugStats } from "gonet";
 * const { openFds, parkedOps } = debugStats();
 * if (openFds !== 0 || parkedOps !== 0) throw new Error("leaked sockets or operations");
 * ```
 */
export const debugStats: () => NativeStats = stats;
