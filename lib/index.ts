// gonet: Go's net package for Node.js. Everything public is exported here.

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
export * from "./ip.js";
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
export {
  ListenConfig,
  listen,
  listenPacket,
  type ListenConfigOptions,
  type ListenOptions,
  type ListenerFor,
  type PacketConnFor,
} from "./listen.js";
export { UDPConn, listenMulticastUDP, type UDPBatch, type UDPReadResult } from "./udp.js";
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
export { IPConn, listenICMP, type IPReadResult } from "./ipraw.js";
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
export { Socket, createConnection, toSocket, type SocketConnectOptions, type SocketOptions } from "./socket.js";
export { serve } from "./serve.js";
export { pipe } from "./pipe.js";
export * from "./dns.js";
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
export { stats as debugStats } from "./internal/debug.js";
