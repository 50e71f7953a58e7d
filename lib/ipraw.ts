// Go's *net.IPConn (src/net/iprawsock.go, iprawsock_posix.go): raw IP
// sockets (`ip4:icmp`, `ip6:ipv6-icmp`, `ip:17`...), plus Linux's
// unprivileged ICMP "ping" sockets through listenICMP (as x/net/icmp does).
//
// Go's rules: readFrom strips the IPv4 header (the payload is moved to the
// front of the buffer); read and readMsgIP return what the kernel gives
// (IPv4 raw sockets include the header); writeTo sends a payload and the
// kernel builds the header, unless IP_HDRINCL was set through syscallConn().

import { IPAddr, type Network, resolveHostIPAddr, resolveIPAddr } from "./addr.js";
import type { Addr } from "./conn.js";
import { AddrError, ErrClosed, ErrWriteToConnected, OpError, UnknownNetworkError } from "./errors.js";
import { IP, parseIPZone } from "./ip.js";
import { constants as C } from "./rawconn.js";
import { type NativeAddr, type NativeSocket, native } from "./internal/binding.js";
import { type Endpoint, endpoint, inetAddrOf } from "./internal/endpoint.js";
import { syscallError } from "./internal/errno.js";
import { type MsgResult, PacketBatch, PacketFD, type RawSender } from "./internal/packet.js";
import { type ControlFn, type DialSettings, type ListenSettings, dialLocalAddr, favoriteAddrFamily, innerError, openSocket, parseNetworkFor } from "./internal/socket.js";
import { argTypeError, checkAttachedBytes, checkInteger, checkString } from "./internal/args.js";
import { checkReadBuffer, toBytes } from "./internal/stream.js";

/** A native address as an IPAddr. */
function ipAddrOf(a: NativeAddr): IPAddr {
  return inetAddrOf(a, (ip, _port, zone) => new IPAddr(ip, zone));
}

/** `readFrom`'s result: payload bytes and the sender. */
export interface IPReadResult {
  /** Payload bytes received (the IPv4 header stripped). */
  n: number;
  /** The sender. */
  addr: IPAddr;
}

/** Go's stripIPv4Header: moves the payload to the front of `b`; the payload's length. */
function stripIPv4Header(n: number, b: Uint8Array): number {
  if (n < 20) return n;
  const l = (b[0] & 0x0f) << 2;
  if (l < 20 || l > n || b[0] >> 4 !== 4) return n;
  b.copyWithin(0, l, n);
  return n - l;
}

/** Go's `*net.IPConn`. `read` returns a packet as the kernel gives it (IPv4 raw sockets: with the IP header). */
export class IPConn extends PacketFD<IPAddr> {
  readonly #family: number;
  readonly #strip: boolean;
  #sendStamp: BigInt64Array | undefined;

  /** @internal Use dial(), listenPacket() or listenICMP(). */
  constructor(handle: NativeSocket, net: string, family: number, type: number, raddr?: IPAddr | null) {
    super(handle, net, undefined, raddr);
    this.#family = family;
    this.#strip = family === C.AF_INET && type === C.SOCK_RAW;
  }

  protected toAddr(a: NativeAddr): IPAddr {
    return ipAddrOf(a);
  }

  protected senderAddr(s: RawSender): IPAddr | null {
    return s.kind === "ip" ? new IPAddr(s.ip, s.zone) : null;
  }

  /** The connected peer; null for an unconnected socket (Go: nil). */
  get remoteAddr(): IPAddr | null {
    return this.peerAddr;
  }

  /** One packet's payload (IPv4 header stripped, as Go) and its sender. */
  readFrom(buf: Uint8Array): Promise<IPReadResult> {
    checkReadBuffer(buf, "readFrom");
    return this.recvFromWith(buf, (n) => ({
      n: this.#strip ? stripIPv4Header(n, buf) : n,
      addr: this.lastSender()!,
    }));
  }

  /** Go's ReadFromIP. */
  readFromIP(buf: Uint8Array): Promise<IPReadResult> {
    return this.readFrom(buf);
  }

  /** Go's ReadMsgIP: the packet as the kernel gives it, with control data and flags. */
  async readMsgIP(buf: Uint8Array, oob: Uint8Array = new Uint8Array(0)): Promise<MsgResult<IPAddr>> {
    checkReadBuffer(buf, "readMsgIP");
    checkAttachedBytes("readMsgIP", "oob", oob);
    return (await this.recvMsgWith(buf, oob))!;
  }

  /** One packet (payload only, unless IP_HDRINCL) to `addr`: an IPAddr or a host. */
  writeTo(data: Uint8Array | string, addr: IPAddr | string): Promise<number> {
    const bytes = toBytes(data, "writeTo");
    if (addr instanceof IPAddr) return this.#sendTo(bytes, addr, null);
    if (typeof addr === "string") {
      const [ip, zone] = parseIPZone(addr);
      if (ip) return this.#sendTo(bytes, new IPAddr(ip, zone), null);
      return resolveIPAddr(this.#family === C.AF_INET ? "ip4" : "ip6", addr).then((a) => this.#sendTo(bytes, a, null));
    }
    throw argTypeError("writeTo", "addr", "an IPAddr or a host", addr);
  }

  /** Go's WriteToIP. */
  writeToIP(data: Uint8Array | string, addr: IPAddr): Promise<number> {
    const bytes = toBytes(data, "writeToIP");
    // No address is Go's "missing address" OpError; another type is a wrong argument.
    if (addr != null && !(addr instanceof IPAddr)) throw argTypeError("writeToIP", "addr", "an IPAddr", addr);
    if (!addr) return Promise.reject(this.writeError(new Error("missing address")));
    return this.#sendTo(bytes, addr, null);
  }

  /** Go's WriteMsgIP: a packet with control data (e.g. IP_PKTINFO) to `addr`. */
  writeMsgIP(data: Uint8Array | string, oob: Uint8Array | null, addr: IPAddr): Promise<number> {
    const bytes = toBytes(data, "writeMsgIP");
    if (oob !== null) checkAttachedBytes("writeMsgIP", "oob", oob);
    if (addr != null && !(addr instanceof IPAddr)) throw argTypeError("writeMsgIP", "addr", "an IPAddr", addr);
    if (!addr) return Promise.reject(this.writeError(new Error("missing address")));
    return this.#sendTo(bytes, addr, oob);
  }

  #sendTo(bytes: Uint8Array, addr: IPAddr, oob: Uint8Array | null): Promise<number> {
    if (this.closed) return Promise.reject(this.writeError(ErrClosed, addr));
    if (this.peerAddr !== null) return Promise.reject(this.writeError(ErrWriteToConnected, addr));
    if (!addr.ip) return Promise.reject(this.writeError(new Error("missing address"), addr));
    if (this.#family === C.AF_INET && addr.ip.to4() === null) {
      return Promise.reject(this.writeError(new AddrError("non-IPv4 address", addr.ip.toString()), addr));
    }
    if (this.#family === C.AF_INET6 && addr.ip.to4() !== null && addr.ip.bytes.length === 4) {
      return Promise.reject(this.writeError(new AddrError("non-IPv6 address", addr.ip.toString()), addr));
    }
    const dest = endpoint(addr.ip, 0, addr.zone);
    return oob ? this.sendMsgDest(bytes, oob, dest, addr) : this.sendToDest(bytes, dest, addr);
  }

  /**
   * From now on, native code reads the wall clock just before each send's
   * system call; `lastSendTimeNs` returns it. With SO_TIMESTAMPNS on, a
   * reply's receive stamp minus it is a round trip free of JS scheduling.
   */
  stampSends(): void {
    if (this.closed) throw new OpError({ op: "set", net: this.net, err: ErrClosed });
    if (this.#sendStamp) return;
    this.#sendStamp = new BigInt64Array(1);
    this.handle.setSendStamp(this.#sendStamp);
  }

  /** CLOCK_REALTIME (ns) just before the last send's system call; null before stampSends() and a send. */
  get lastSendTimeNs(): bigint | null {
    const t = this.#sendStamp?.[0];
    return t ? t : null;
  }

  /** Receives many packets per recvmmsg (headers are not stripped here). */
  readBatch(batch: PacketBatch<IPAddr>): Promise<number> {
    return this.recvBatchInto("readBatch", batch);
  }

  /** Sends slots 0..count-1 of `batch` with sendmmsg. */
  writeBatch(batch: PacketBatch<Addr>, count?: number): Promise<number> {
    return this.sendBatchFrom("writeBatch", batch, count);
  }

  /** The TTL (IPv4) or hop limit (IPv6) of outgoing packets, e.g. for traceroute. */
  setTTL(ttl: number): void {
    checkInteger("setTTL", "ttl", ttl, 1, 255);
    this.setOption((raw) =>
      this.#family === C.AF_INET6
        ? raw.setsockopt(C.IPPROTO_IPV6, C.IPV6_UNICAST_HOPS, ttl)
        : raw.setsockopt(C.IPPROTO_IP, C.IP_TTL, ttl),
    );
  }
}

// ------------------------------------------------------------ dial / listen

/**
 * An IPConn that dial() connected. Its remoteAddr is never null, which
 * makes it a Conn; everything else is IPConn's.
 */
export class DialedIPConn extends IPConn {
  readonly #peer: IPAddr;

  /** @internal Use dial(). */
  constructor(handle: NativeSocket, net: string, family: number, raddr: IPAddr) {
    super(handle, net, family, C.SOCK_RAW, raddr);
    this.#peer = raddr;
  }

  /** The peer the socket is connected to. */
  override get remoteAddr(): IPAddr {
    return this.#peer;
  }
}

/** The network name a raw socket's errors carry (Go: `ip4`, not `ip4:icmp`). */
function ipNet(net: Network): string {
  return net.version === 0 ? "ip" : `ip${net.version}`;
}

/** A raw socket for `net`'s protocol (SO_BROADCAST on, as Go), after `control`, bound to `bind` when given. */
function openRaw(net: Network, fam: { family: number; v6: boolean }, o: { control?: ControlFn }, controlAddr: string, bind?: Endpoint) {
  return openSocket({
    family: fam.family,
    type: C.SOCK_RAW,
    proto: net.proto,
    broadcast: true,
    control: o.control,
    controlNet: fam.v6 ? "ip6" : "ip4",
    controlAddr,
    bind,
  });
}

/** Go's DialIP through the Dialer: the address is a bare host. */
export async function dialIP(net: Network, address: string, o: DialSettings): Promise<DialedIPConn> {
  const laddr = dialLocalAddr(net, o.localAddr, IPAddr);
  if (address === "") throw new OpError({ op: "dial", net: net.name, err: new Error("missing address") });
  let raddr: IPAddr;
  try {
    raddr = await resolveHostIPAddr(address, net.version, o.signal);
  } catch (err) {
    throw new OpError({ op: "dial", net: net.name, source: laddr ?? null, err: err as Error });
  }
  try {
    const fam = favoriteAddrFamily(net.version, laddr?.ip, raddr.ip, false);
    const h = await openRaw(net, fam, o, raddr.toString(), laddr ? endpoint(laddr.ip, 0, laddr.zone) : undefined);
    const r = h.connect(...endpoint(raddr.ip, 0, raddr.zone));
    if (r < 0) {
      h.close();
      throw syscallError("connect", r);
    }
    return new DialedIPConn(h, ipNet(net), fam.family, raddr);
  } catch (err) {
    throw new OpError({ op: "dial", net: net.name, source: laddr ?? null, addr: raddr, err: innerError(err) });
  }
}

/** Go's ListenIP (ListenPacket on `ip*:PROTO`): the address is a bare host, empty for all. */
export async function listenIP(net: Network, address: string, o: ListenSettings): Promise<IPConn> {
  let laddr = new IPAddr(null);
  try {
    if (address !== "") laddr = await resolveHostIPAddr(address, net.version, o.signal);
    // Raw sockets follow the protocol's family when the network does not say.
    const version = net.version || (net.proto === C.IPPROTO_ICMPV6 ? 6 : laddr.ip && laddr.ip.to4() === null ? 6 : 4);
    const fam = favoriteAddrFamily(version as 4 | 6, laddr.ip, null, true);
    const h = await openRaw(net, fam, o, laddr.toString(), laddr.ip ? endpoint(laddr.ip, 0, laddr.zone) : undefined);
    return new IPConn(h, ipNet(net), fam.family, C.SOCK_RAW, null);
  } catch (err) {
    const addr = laddr.ip ? laddr : null;
    throw new OpError({ op: "listen", net: net.name, addr, err: innerError(err) });
  }
}

/**
 * ICMP endpoints the way x/net/icmp's ListenPacket makes them:
 * `ip4:icmp` / `ip6:ipv6-icmp` (or `ip4:1`, `ip6:58`) are raw sockets that
 * need CAP_NET_RAW; `udp4` / `udp6` are Linux's unprivileged ping sockets
 * (SOCK_DGRAM + IPPROTO_ICMP), allowed for the groups in
 * `net.ipv4.ping_group_range`. On a ping socket the kernel sets the echo
 * identifier (the socket's "port") and the checksum, and delivers only
 * replies to this socket's echoes, without an IP header. macOS has them
 * too; where the system has none (FreeBSD) `udp4`/`udp6` fail naming it.
 */
export async function listenICMP(network: string, address = ""): Promise<IPConn> {
  checkString("listenICMP", "network", network);
  checkString("listenICMP", "address", address);
  if (network !== "udp4" && network !== "udp6") {
    const net = parseNetworkFor("listen", network);
    if (net.kind !== "ip") throw new OpError({ op: "listen", net: network, err: new UnknownNetworkError(network) });
    return listenIP(net, address, {});
  }
  if (!native.platform.pingSockets) {
    // FreeBSD has no unprivileged ICMP sockets: say so, never open a UDP socket instead.
    throw new OpError({ op: "listen", net: network, err: new Error(`ping sockets not supported on ${native.platform.os}`) });
  }
  const v6 = network === "udp6";
  let laddr = new IPAddr(null);
  try {
    if (address !== "") laddr = await resolveHostIPAddr(address, v6 ? 6 : 4);
    const family = v6 ? C.AF_INET6 : C.AF_INET;
    const h = await openSocket({
      family,
      type: C.SOCK_DGRAM,
      proto: v6 ? C.IPPROTO_ICMPV6 : C.IPPROTO_ICMP,
      controlNet: network,
      controlAddr: laddr.toString(),
      bind: endpoint(laddr.ip, 0, laddr.zone),
    });
    return new IPConn(h, network, family, C.SOCK_DGRAM, null);
  } catch (err) {
    const addr = laddr.ip ? laddr : null;
    throw new OpError({ op: "listen", net: network, addr, err: innerError(err) });
  }
}
