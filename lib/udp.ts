// Go's *net.UDPConn (src/net/udpsock.go, udpsock_posix.go): connected and
// unconnected UDP, datagrams with their senders, batches of datagrams per
// system call (recvmmsg/sendmmsg), multicast and broadcast.

import { type Network, UDPAddr, firstPreferred, resolveHostPort, resolveUDPAddr } from "./addr.js";
import type { Addr, PacketConn } from "./conn.js";
import { AddrError, ErrClosed, ErrWriteToConnected, OpError, UnknownNetworkError } from "./errors.js";
import { splitHostPort } from "./hostport.js";
import { Interface, interfaceByIndex } from "./interface.js";
import { IP, parseIPZone } from "./ip.js";
import { constants as C } from "./rawconn.js";
import { lookupPortSync } from "./services.js";
import { type NativeAddr, type NativeSocket, native } from "./internal/binding.js";
import { endpoint, inetAddrOf, zoneIndex } from "./internal/endpoint.js";
import { syscallError } from "./internal/errno.js";
import { type Destination, MSG_TRUNC, type MsgResult, PacketBatch, PacketFD, type RawSender } from "./internal/packet.js";
import { type DialSettings, type ListenSettings, dialLocalAddr, favoriteAddrFamily, innerError, openSocket, parseNetworkFor } from "./internal/socket.js";
import { argTypeError, checkAttachedBytes, checkBoolean, checkInstance, checkInteger, checkString } from "./internal/args.js";
import { checkReadBuffer, toBytes } from "./internal/stream.js";

/** A native address as a UDPAddr. */
function udpAddrOf(a: NativeAddr): UDPAddr {
  return inetAddrOf(a, (ip, port, zone) => new UDPAddr(ip, port, zone));
}

/** `readFrom`'s result: bytes received and the sender. */
export interface UDPReadResult {
  /** Bytes received. */
  n: number;
  /** The sender. */
  addr: UDPAddr;
}

/** A batch of UDP datagrams for `readBatch` / `writeBatch`. */
export type UDPBatch = PacketBatch<UDPAddr>;

/** `host:port` with a literal (or empty) host, without any lookup; null when the host is a name. */
function literalUDPAddr(address: string): UDPAddr | null {
  const [host, port] = splitHostPort(address);
  const p = lookupPortSync("udp", port);
  if (host === "") return new UDPAddr(null, p);
  const [ip, zone] = parseIPZone(host);
  return ip ? new UDPAddr(ip, p, zone) : null;
}

/**
 * Go's `*net.UDPConn`. On a connected socket `read` and `write` move one
 * datagram each: a longer one is silently cut to `buf`, as Go; an empty
 * one is sent too.
 */
export class UDPConn extends PacketFD<UDPAddr> implements PacketConn {
  readonly #family: number;

  /** @internal Use dial(), listenPacket() or a ListenConfig. */
  constructor(handle: NativeSocket, family: number, raddr?: UDPAddr | null) {
    super(handle, "udp", undefined, raddr);
    this.#family = family;
  }

  protected toAddr(a: NativeAddr): UDPAddr {
    return udpAddrOf(a);
  }

  protected senderAddr(s: RawSender): UDPAddr | null {
    return s.kind === "ip" ? new UDPAddr(s.ip, s.port, s.zone) : null;
  }

  /** The connected peer; null for an unconnected socket (Go: nil). */
  get remoteAddr(): UDPAddr | null {
    return this.peerAddr;
  }

  // ------------------------------------------------------------ datagrams with addresses

  /** One datagram into `buf` and its sender; a longer datagram is cut to `buf` (see readMsgUDP). */
  readFrom(buf: Uint8Array): Promise<UDPReadResult> {
    checkReadBuffer(buf, "readFrom");
    // The fast path inline: no closure, and the sender is decoded once per peer.
    const r = this.handle.recvFrom(buf);
    if (r >= 0) return Promise.resolve({ n: r, addr: this.lastSender()! });
    return this.recvFromWith(buf, this.#fromResult, r);
  }

  readonly #fromResult = (n: number): UDPReadResult => ({ n, addr: this.lastSender()! });

  /** Go's ReadFromUDP: the same as readFrom. */
  readFromUDP(buf: Uint8Array): Promise<UDPReadResult> {
    return this.readFrom(buf);
  }

  /**
   * Go's ReadMsgUDP: one datagram with its control data (`oob`, e.g. for
   * IP_PKTINFO) and the kernel's flags; `flags & constants.MSG_TRUNC` (or
   * `truncated`) says the datagram was longer than `buf`.
   */
  async readMsgUDP(
    buf: Uint8Array,
    oob: Uint8Array = new Uint8Array(0),
  ): Promise<
    MsgResult<UDPAddr> & {
      /** Whether the datagram was longer than `buf` (MSG_TRUNC). */
      truncated: boolean;
    }
  > {
    checkReadBuffer(buf, "readMsgUDP");
    checkAttachedBytes("readMsgUDP", "oob", oob);
    const m = (await this.recvMsgWith(buf, oob))!;
    return { ...m, truncated: (m.flags & MSG_TRUNC) !== 0 };
  }

  /**
   * One datagram to `addr` (a UDPAddr, or `host:port`). Fails with
   * ErrWriteToConnected on a connected socket, as Go.
   */
  writeTo(data: Uint8Array | string, addr: UDPAddr | string): Promise<number> {
    const bytes = toBytes(data, "writeTo");
    if (addr instanceof UDPAddr) return this.#sendTo(bytes, addr);
    if (typeof addr === "string") {
      let literal: UDPAddr | null;
      try {
        literal = literalUDPAddr(addr);
      } catch (err) {
        return Promise.reject(this.writeError(err as Error));
      }
      if (literal) return this.#sendTo(bytes, literal);
      return resolveUDPAddr(this.#family === C.AF_INET ? "udp4" : "udp", addr).then((a) => this.#sendTo(bytes, a));
    }
    throw argTypeError("writeTo", "addr", "a UDPAddr or a host:port string", addr);
  }

  /** Go's WriteToUDP. */
  writeToUDP(data: Uint8Array | string, addr: UDPAddr): Promise<number> {
    const bytes = toBytes(data, "writeToUDP");
    // No address is Go's "missing address" OpError; another type is a wrong argument.
    if (addr != null && !(addr instanceof UDPAddr)) throw argTypeError("writeToUDP", "addr", "a UDPAddr", addr);
    if (!addr) return Promise.reject(this.writeError(new Error("missing address")));
    return this.#sendTo(bytes, addr);
  }

  /**
   * Go's WriteMsgUDP: a datagram with control data; `addr` must be given on
   * an unconnected socket and left out on a connected one.
   */
  writeMsgUDP(data: Uint8Array | string, oob: Uint8Array | null, addr?: UDPAddr | null): Promise<number> {
    const bytes = toBytes(data, "writeMsgUDP");
    if (oob !== null) checkAttachedBytes("writeMsgUDP", "oob", oob);
    if (addr != null && !(addr instanceof UDPAddr)) throw argTypeError("writeMsgUDP", "addr", "a UDPAddr or null", addr);
    if (this.closed) return Promise.reject(this.opError("write", ErrClosed));
    const connected = this.remoteAddr !== null;
    if (connected && addr) return Promise.reject(this.writeError(ErrWriteToConnected, addr));
    if (!connected && !addr) return Promise.reject(this.writeError(new Error("missing address")));
    const dest = addr ? this.#dest(addr) : undefined;
    if (dest instanceof Error) return Promise.reject(this.writeError(dest, addr));
    return this.sendMsgDest(bytes, oob, dest, addr ?? undefined);
  }

  #sendTo(bytes: Uint8Array, addr: UDPAddr): Promise<number> {
    if (this.closed) return Promise.reject(this.writeError(ErrClosed, addr));
    if (this.peerAddr !== null) return Promise.reject(this.writeError(ErrWriteToConnected, addr));
    const ip = addr.ip;
    // The fast path: a plain address goes straight to the native call.
    const port = addr.port;
    if (ip !== null && addr.zone === "" && (port & 0xffff) === port && (this.#family !== C.AF_INET || isV4Bytes(ip.bytes))) {
      const r = this.handle.sendTo(bytes, ip.bytes, port, 0);
      if (r >= 0) return Promise.resolve(r);
      return this.sendResult(r, addr);
    }
    const dest = this.#dest(addr);
    if (dest instanceof Error) return Promise.reject(this.writeError(dest, addr));
    return this.sendToDest(bytes, dest, addr);
  }

  /** The native destination, or Go's AddrError for an address this socket's family cannot reach. */
  #dest(addr: UDPAddr): Destination | Error {
    if (this.#family === C.AF_INET && addr.ip && !isV4Bytes(addr.ip.bytes)) {
      return new AddrError("non-IPv4 address", addr.ip.toString());
    }
    if (!Number.isInteger(addr.port) || addr.port < 0 || addr.port > 65535) {
      return new AddrError("invalid port", String(addr.port));
    }
    return endpoint(addr.ip, addr.port, addr.zone);
  }

  // ------------------------------------------------------------ batches

  /**
   * Receives up to `batch.count` datagrams with one recvmmsg; resolves how
   * many (at least one) once some arrived. Each slot reports its sender and
   * whether the datagram was longer than the slot (`truncated(i)`).
   */
  readBatch(batch: UDPBatch): Promise<number> {
    return this.recvBatchInto("readBatch", batch);
  }

  /**
   * Sends slots `0..count-1` of `batch` (default `batch.length`) with as
   * few sendmmsg calls as the kernel allows; resolves `count` once all were
   * handed over. A failure's `bytesWritten` is the number of datagrams sent.
   */
  writeBatch(batch: PacketBatch<Addr>, count?: number): Promise<number> {
    return this.sendBatchFrom("writeBatch", batch, count);
  }

  // ------------------------------------------------------------ options

  get #v6(): boolean {
    return this.#family === C.AF_INET6;
  }

  /** SO_BROADCAST (on by default, as Go sets it). */
  setBroadcast(on: boolean): void {
    checkBoolean("setBroadcast", "on", on);
    this.setOption((raw) => raw.setsockopt(C.SOL_SOCKET, C.SO_BROADCAST, Boolean(on)));
  }

  /** The unicast TTL / hop limit of outgoing datagrams. */
  setTTL(ttl: number): void {
    checkInteger("setTTL", "ttl", ttl, 0, 255);
    this.setOption((raw) =>
      this.#v6 ? raw.setsockopt(C.IPPROTO_IPV6, C.IPV6_UNICAST_HOPS, ttl) : raw.setsockopt(C.IPPROTO_IP, C.IP_TTL, ttl),
    );
  }

  /** Joins multicast `group` on `ifi` (an Interface, its name or index; default: the system's choice). */
  joinGroup(group: IP, ifi?: Interface | string | number | null): void {
    this.#membership("joinGroup", group, ifi, true);
  }

  /** Leaves multicast `group` on `ifi`. */
  leaveGroup(group: IP, ifi?: Interface | string | number | null): void {
    this.#membership("leaveGroup", group, ifi, false);
  }

  #membership(fn: string, group: IP, ifi: Interface | string | number | null | undefined, join: boolean): void {
    checkInstance(fn, "group", group, IP);
    if (!group.isMulticast()) throw new AddrError("not a multicast address", group.toString());
    const index = ifIndex(fn, ifi);
    const v4 = group.to4();
    this.setOption((raw) => {
      if (v4) {
        raw.setsockopt(C.IPPROTO_IP, join ? C.IP_ADD_MEMBERSHIP : C.IP_DROP_MEMBERSHIP, mreqn(v4, index));
      } else {
        const mreq = new Uint8Array(20);
        mreq.set(group.bytes, 0);
        new DataView(mreq.buffer).setUint32(16, index, true);
        raw.setsockopt(C.IPPROTO_IPV6, join ? C.IPV6_JOIN_GROUP : C.IPV6_LEAVE_GROUP, mreq);
      }
    });
  }

  /** The interface multicast datagrams leave by (IP_MULTICAST_IF / IPV6_MULTICAST_IF). */
  setMulticastInterface(ifi: Interface | string | number | null): void {
    const index = ifIndex("setMulticastInterface", ifi);
    this.setOption((raw) => {
      if (this.#v6) raw.setsockopt(C.IPPROTO_IPV6, C.IPV6_MULTICAST_IF, index);
      if (!this.#v6 || this.#dualStack()) raw.setsockopt(C.IPPROTO_IP, C.IP_MULTICAST_IF, mreqn(null, index));
    });
  }

  /** Whether this host's own members of a group get what this socket sends to it. */
  setMulticastLoopback(on: boolean): void {
    checkBoolean("setMulticastLoopback", "on", on);
    this.setOption((raw) => {
      if (this.#v6) raw.setsockopt(C.IPPROTO_IPV6, C.IPV6_MULTICAST_LOOP, Boolean(on));
      if (!this.#v6 || this.#dualStack()) raw.setsockopt(C.IPPROTO_IP, C.IP_MULTICAST_LOOP, Boolean(on));
    });
  }

  /** The TTL / hop limit of multicast datagrams (default 1). */
  setMulticastTTL(ttl: number): void {
    checkInteger("setMulticastTTL", "ttl", ttl, 0, 255);
    this.setOption((raw) => {
      if (this.#v6) raw.setsockopt(C.IPPROTO_IPV6, C.IPV6_MULTICAST_HOPS, ttl);
      if (!this.#v6 || this.#dualStack()) raw.setsockopt(C.IPPROTO_IP, C.IP_MULTICAST_TTL, ttl);
    });
  }

  #dualStack(): boolean {
    return this.#v6 && this.handle.getsockopt(C.IPPROTO_IPV6, C.IPV6_V6ONLY) === 0;
  }
}

/** 4 bytes, or 16 in the IPv4-mapped form (IP.to4() without allocating). */
function isV4Bytes(b: Uint8Array): boolean {
  if (b.length === 4) return true;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** An Interface, name or index as an interface index (0: the system's choice). */
function ifIndex(fn: string, ifi: Interface | string | number | null | undefined): number {
  if (ifi === null || ifi === undefined) return 0;
  if (typeof ifi === "number") {
    checkInteger(fn, "ifi", ifi, 0, 0x7fffffff, "from 0 to 2^31-1");
    return ifi;
  }
  if (typeof ifi === "string") {
    const i = zoneIndex(ifi);
    if (i === 0) throw new OpError({ op: "route", net: "ip+net", err: new Error("no such network interface") });
    return i;
  }
  if (typeof ifi === "object" && Number.isInteger(ifi.index)) return ifi.index;
  throw argTypeError(fn, "ifi", "an Interface, an interface name or an index", ifi);
}

/**
 * The argument of IP_ADD_MEMBERSHIP (and, with no group, IP_MULTICAST_IF).
 * Linux takes struct ip_mreqn: group, local address (any), interface index.
 * The BSDs take struct ip_mreq (group, interface address) and a bare
 * in_addr: the interface is named by its first IPv4 address, as Go's
 * sockoptip_bsdvar.go does (0.0.0.0 for the system's choice).
 */
function mreqn(group: IP | null, index: number): Uint8Array {
  if (native.platform.ipMreqSize === 12) {
    const m = new Uint8Array(12);
    if (group) m.set(group.bytes, 0);
    new DataView(m.buffer).setInt32(8, index, true);
    return m;
  }
  const local = interfaceIPv4(index);
  if (!group) return local;
  const m = new Uint8Array(8);
  m.set(group.bytes, 0);
  m.set(local, 4);
  return m;
}

/** The first IPv4 address of interface `index` (all zeros for index 0). */
function interfaceIPv4(index: number): Uint8Array {
  if (index === 0) return new Uint8Array(4);
  for (const a of interfaceByIndex(index).addrs()) {
    const v4 = a.ip.to4();
    if (v4) return v4.bytes;
  }
  throw new OpError({ op: "route", net: "ip+net", err: new Error("no such network interface") });
}

// ------------------------------------------------------------ dial / listen

/**
 * A UDPConn that dial() connected. Its remoteAddr is never null, which
 * makes it a Conn; everything else is UDPConn's.
 */
export class DialedUDPConn extends UDPConn {
  readonly #peer: UDPAddr;

  /** @internal Use dial(). */
  constructor(handle: NativeSocket, family: number, raddr: UDPAddr) {
    super(handle, family, raddr);
    this.#peer = raddr;
  }

  /** The peer the socket is connected to. */
  override get remoteAddr(): UDPAddr {
    return this.#peer;
  }
}

/** Go's UDP dial: resolve, then a connected socket per address until one works. */
export async function dialUDP(net: Network, address: string, o: DialSettings): Promise<DialedUDPConn> {
  const laddr = dialLocalAddr(net, o.localAddr, UDPAddr);
  if (address === "") throw new OpError({ op: "dial", net: net.name, err: new Error("missing address") });
  let targets: UDPAddr[];
  try {
    const { addrs, port } = await resolveHostPort(net, address, o.signal);
    targets = addrs.map((a) => new UDPAddr(a.ip, port, a.zone));
  } catch (err) {
    throw new OpError({ op: "dial", net: net.name, source: laddr ?? null, err: err as Error });
  }
  let first: unknown;
  for (const raddr of targets) {
    try {
      if (o.signal?.aborted) throw o.signal.reason;
      const fam = favoriteAddrFamily(net.version, laddr?.ip, raddr.ip, false);
      const h = await openSocket({
        family: fam.family,
        type: C.SOCK_DGRAM,
        v6only: fam.v6only,
        broadcast: true,
        control: o.control,
        controlNet: fam.v6 ? "udp6" : "udp4",
        controlAddr: raddr.toString(),
        bind: laddr ? endpoint(laddr.ip, laddr.port, laddr.zone) : undefined,
      });
      const r = h.connect(...endpoint(raddr.ip, raddr.port, raddr.zone));
      if (r < 0) {
        h.close();
        throw new OpError({ op: "dial", net: net.name, err: syscallError("connect", r) });
      }
      return new DialedUDPConn(h, fam.family, raddr);
    } catch (err) {
      first ??= new OpError({ op: "dial", net: net.name, source: laddr ?? null, addr: raddr, err: innerError(err) });
    }
  }
  throw first;
}

/** Go's UDP listenPacket: a multicast address listens on the wildcard with SO_REUSEADDR. */
export async function listenUDP(net: Network, address: string, o: ListenSettings): Promise<UDPConn> {
  let laddr = new UDPAddr(null, 0);
  try {
    const { addrs, port } = await resolveHostPort(net, address, o.signal);
    const a = firstPreferred(addrs);
    laddr = new UDPAddr(a.ip, port, a.zone);
    return await openUDP(net, laddr, o);
  } catch (err) {
    throw new OpError({ op: "listen", net: net.name, addr: laddr, err: innerError(err) });
  }
}

async function openUDP(net: Network, laddr: UDPAddr, o: ListenSettings): Promise<UDPConn> {
  const multicast = laddr.ip !== null && laddr.ip.isMulticast();
  const fam = favoriteAddrFamily(net.version, multicast ? null : laddr.ip, null, true);
  const bindIP = multicast ? null : laddr.ip;
  const h = await openSocket({
    family: fam.family,
    type: C.SOCK_DGRAM,
    v6only: fam.v6only,
    broadcast: true,
    reuseAddr: multicast,
    setup: o.reusePort ? (raw) => raw.set("SO_REUSEPORT", true) : undefined,
    control: o.control,
    controlNet: fam.v6 ? "udp6" : "udp4",
    controlAddr: laddr.toString(),
    bind: endpoint(bindIP, laddr.port, laddr.zone),
  });
  return new UDPConn(h, fam.family, null);
}

/**
 * Go's ListenMulticastUDP: listens on `gaddr`'s port on every address (with
 * SO_REUSEADDR, so several listeners can share it), joins the group on
 * `ifi` (null: the system's choice) and turns multicast loopback off.
 */
export async function listenMulticastUDP(network: string, ifi: Interface | null, gaddr: UDPAddr): Promise<UDPConn> {
  checkString("listenMulticastUDP", "network", network);
  if (ifi != null && !(ifi instanceof Interface)) throw argTypeError("listenMulticastUDP", "ifi", "an Interface or null", ifi);
  // No group address is Go's "missing multicast address" OpError; another type is a wrong argument.
  if (gaddr != null && !(gaddr instanceof UDPAddr)) throw argTypeError("listenMulticastUDP", "gaddr", "a UDPAddr", gaddr);
  const net = parseNetworkFor("listen", network);
  if (net.kind !== "udp") throw new OpError({ op: "listen", net: String(network), err: new UnknownNetworkError(network) });
  if (!(gaddr instanceof UDPAddr) || !gaddr.ip || !gaddr.ip.isMulticast()) {
    throw new OpError({
      op: "listen",
      net: network,
      addr: gaddr instanceof UDPAddr ? gaddr : null,
      err: new AddrError("missing multicast address", gaddr instanceof UDPAddr && gaddr.ip ? gaddr.ip.toString() : ""),
    });
  }
  const conn = await openUDP(net, gaddr, {}).catch((err: unknown) => {
    throw new OpError({ op: "listen", net: network, addr: gaddr, err: innerError(err) });
  });
  try {
    if (ifi) conn.setMulticastInterface(ifi);
    conn.setMulticastLoopback(false);
    conn.joinGroup(gaddr.ip, ifi);
  } catch (err) {
    await conn.close();
    throw new OpError({ op: "listen", net: network, addr: gaddr, err: innerError(err) });
  }
  return conn;
}

