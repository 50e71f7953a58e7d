// Go's address types (TCPAddr, UDPAddr, IPAddr, UnixAddr), network-name
// parsing and address resolution (src/net/ipsock.go, dial.go, *sock.go).

import type { Addr } from "./conn.js";
import { AddrError, UnknownNetworkError } from "./errors.js";
import { joinHostPort, splitHostPort } from "./hostport.js";
import { IP, parseIPZone } from "./ip.js";
import { lookupPortSync, lookupProtocol } from "./services.js";
import { lookupIP } from "./dns.js";
import { argRangeError, argTypeError, checkString } from "./internal/args.js";

function ipString(ip: IP | null): string {
  return ip ? ip.toString() : "";
}

function hostWithZone(ip: IP | null, zone: string): string {
  return zone ? `${ipString(ip)}%${zone}` : ipString(ip);
}

/** An address's parts: an IP or null, a zone name, and a port number (any number: dial reports a bad one as Go does). */
function checkAddrParts(fn: string, ip: unknown, zone: unknown, port?: unknown): void {
  if (ip != null && !(ip instanceof IP)) throw argTypeError(fn, "ip", "an IP or null", ip);
  checkString(fn, "zone", zone);
  if (port !== undefined && typeof port !== "number") throw argTypeError(fn, "port", "a number", port);
}

/** Go's `*net.TCPAddr`. `ip` null means the unspecified address. */
export class TCPAddr implements Addr {
  /**
   * @param ip The IP address; null is the unspecified address (Go: nil).
   * @param port The port number.
   * @param zone The IPv6 scope: an interface name (or index) for a link-local address; "" for none.
   * @throws TypeError when `ip` is not an IP or null, `zone` not a string or `port` not a number.
   */
  constructor(
    /** The IP, or null for the unspecified address (`:80`). */
    readonly ip: IP | null,
    /** The port, 0 to 65535. */
    readonly port: number,
    /** The IPv6 zone (an interface name, e.g. `eth0`), or "". */
    readonly zone = "",
  ) {
    checkAddrParts("TCPAddr", ip, zone, port);
  }
  /** Always `tcp` (Go's Network). */
  get network(): string {
    return "tcp";
  }
  /** `host:port`, with brackets and `%zone` for IPv6: `[fe80::1%lo]:80` (Go's String). */
  toString(): string {
    return joinHostPort(hostWithZone(this.ip, this.zone), this.port);
  }
}

/** Go's `*net.UDPAddr`. */
export class UDPAddr implements Addr {
  /**
   * @param ip The IP address; null is the unspecified address (Go: nil).
   * @param port The port number.
   * @param zone The IPv6 scope: an interface name (or index) for a link-local address; "" for none.
   * @throws TypeError when `ip` is not an IP or null, `zone` not a string or `port` not a number.
   */
  constructor(
    /** The IP, or null for the unspecified address. */
    readonly ip: IP | null,
    /** The port, 0 to 65535. */
    readonly port: number,
    /** The IPv6 zone (an interface name), or "". */
    readonly zone = "",
  ) {
    checkAddrParts("UDPAddr", ip, zone, port);
  }
  /** Always `udp` (Go's Network). */
  get network(): string {
    return "udp";
  }
  /** `host:port`, with brackets and `%zone` for IPv6: `[fe80::1%lo]:80` (Go's String). */
  toString(): string {
    return joinHostPort(hostWithZone(this.ip, this.zone), this.port);
  }
}

/** Go's `*net.IPAddr` (raw IP endpoints have no port). */
export class IPAddr implements Addr {
  /**
   * @param ip The IP address; null is the unspecified address (Go: nil).
   * @param zone The IPv6 scope: an interface name (or index) for a link-local address; "" for none.
   * @throws TypeError when `ip` is not an IP or null, or `zone` not a string.
   */
  constructor(
    /** The IP, or null for the unspecified address. */
    readonly ip: IP | null,
    /** The IPv6 zone (an interface name), or "". */
    readonly zone = "",
  ) {
    checkAddrParts("IPAddr", ip, zone);
  }
  /** Always `ip` (Go's Network). */
  get network(): string {
    return "ip";
  }
  /** The address, with `%zone` for a scoped IPv6 one: `fe80::1%lo` (Go's String). */
  toString(): string {
    return hostWithZone(this.ip, this.zone);
  }
}

/** Go's `*net.UnixAddr`: a path, or `@name` in Linux's abstract namespace. */
export class UnixAddr implements Addr {
  /**
   * @param name The socket's path, `@name` for an abstract one, or "" for an unnamed socket (Go's Name).
   * @param net The network: `unix`, `unixgram` or `unixpacket` (Go's Net).
   * @throws TypeError when `name` is not a string; RangeError for another `net`.
   */
  constructor(
    /** The socket's path, `@name` for Linux's abstract namespace, or "" for an unnamed socket. */
    readonly name: string,
    /** The network: `unix`, `unixgram` or `unixpacket`. */
    readonly net: "unix" | "unixgram" | "unixpacket" = "unix",
  ) {
    checkString("UnixAddr", "name", name);
    if (net !== "unix" && net !== "unixgram" && net !== "unixpacket") {
      checkString("UnixAddr", "net", net);
      throw argRangeError("UnixAddr", "net", "'unix', 'unixgram' or 'unixpacket'", net);
    }
  }
  /** The network it was made for (Go's Network). */
  get network(): string {
    return this.net;
  }
  /** The name (Go's String). */
  toString(): string {
    return this.name;
  }
}

/** The kinds of network parseNetwork knows; lib/internal/networks.ts has one row for each. */
export type Family = "tcp" | "udp" | "ip" | "unix" | "unixgram" | "unixpacket";

/** A network name taken apart: `tcp4` → {kind: "tcp", version: 4}. */
export interface Network {
  /** As the caller wrote it (used in error messages, as Go does). */
  readonly name: string;
  readonly kind: Family;
  /** 4 or 6 when the name pins an IP version; 0 for either. */
  readonly version: 0 | 4 | 6;
  /** The protocol of a raw IP network (`ip4:icmp` → 1). */
  readonly proto: number;
}

const PLAIN: Record<string, [Family, 0 | 4 | 6]> = {
  tcp: ["tcp", 0],
  tcp4: ["tcp", 4],
  tcp6: ["tcp", 6],
  udp: ["udp", 0],
  udp4: ["udp", 4],
  udp6: ["udp", 6],
  ip: ["ip", 0],
  ip4: ["ip", 4],
  ip6: ["ip", 6],
  unix: ["unix", 0],
  unixgram: ["unixgram", 0],
  unixpacket: ["unixpacket", 0],
};

/**
 * Go's `parseNetwork`. Raw IP networks need `:PROTO` when `needsProto`
 * (dial/listen), and PROTO is a number or a protocol name.
 * @throws UnknownNetworkError, AddrError (unknown IP protocol). The public
 * callers have checked that `network` is a string.
 */
export function parseNetwork(network: string, needsProto: boolean): Network {
  const colon = network.lastIndexOf(":");
  if (colon < 0) {
    const plain = PLAIN[network];
    if (!plain || (needsProto && plain[0] === "ip")) throw new UnknownNetworkError(network);
    return { name: network, kind: plain[0], version: plain[1], proto: 0 };
  }
  const plain = PLAIN[network.slice(0, colon)];
  if (!plain || plain[0] !== "ip") throw new UnknownNetworkError(network);
  return { name: network, kind: "ip", version: plain[1], proto: lookupProtocol(network.slice(colon + 1)) };
}

/** Literal IPs are taken as they are; names are resolved (all addresses, resolver order). */
export async function resolveHostIPs(host: string, signal?: AbortSignal): Promise<{ ip: IP; zone: string }[]> {
  const [ip, zone] = parseIPZone(host);
  if (ip) return [{ ip, zone }];
  return (await lookupIP("ip", host, { signal })).map((ip) => ({ ip, zone: "" }));
}

/** Keeps the addresses a network version allows (Go's `filterAddrList`). */
export function filterByVersion<T extends { ip: IP | null }>(addrs: T[], version: 0 | 4 | 6, host: string): T[] {
  const kept = version === 0 ? addrs : addrs.filter((a) => !a.ip || (a.ip.to4() !== null) === (version === 4));
  if (kept.length === 0) throw new AddrError("no suitable address found", host);
  return kept;
}

export interface HostPortList {
  /** Empty when the host part was empty (the local system / all interfaces). */
  addrs: { ip: IP | null; zone: string }[];
  port: number;
}

/** Splits `host:port`, parses the port and resolves the host (Go's `resolveAddrList`, IP part). */
export async function resolveHostPort(net: Network, address: string, signal?: AbortSignal): Promise<HostPortList> {
  const [host, portStr] = splitHostPort(address);
  const port = lookupPortSync(net.name.replace(/:.*/, ""), portStr);
  if (host === "") return { addrs: [{ ip: null, zone: "" }], port };
  const addrs = filterByVersion(await resolveHostIPs(host, signal), net.version, host);
  return { addrs, port };
}

/** Go's preference when one address must be chosen: the first IPv4 one, else the first. */
export function firstPreferred<T extends { ip: IP | null }>(addrs: T[]): T {
  return addrs.find((a) => a.ip && a.ip.to4()) ?? addrs[0];
}

/** A bare host as one IPAddr: a literal, or the preferred resolved address that `version` allows. */
export async function resolveHostIPAddr(host: string, version: 0 | 4 | 6, signal?: AbortSignal): Promise<IPAddr> {
  const a = firstPreferred(filterByVersion(await resolveHostIPs(host, signal), version, host));
  return new IPAddr(a.ip, a.zone);
}

/** The arguments of a resolve function: two strings. */
function checkResolveArgs(fn: string, network: unknown, address: unknown): void {
  checkString(fn, "network", network);
  checkString(fn, "address", address);
}

function checkNetwork(network: string, kind: Family): Network {
  const net = parseNetwork(network === "" ? kind : network, false);
  if (net.kind !== kind) throw new UnknownNetworkError(network);
  return net;
}

/** Go's `net.ResolveTCPAddr`. */
export async function resolveTCPAddr(network: string, address: string): Promise<TCPAddr> {
  checkResolveArgs("resolveTCPAddr", network, address);
  const net = checkNetwork(network, "tcp");
  const { addrs, port } = await resolveHostPort(net, address);
  const a = addrs.length > 1 && !address.startsWith("[") ? firstPreferred(addrs) : addrs[0];
  return new TCPAddr(a.ip, port, a.zone);
}

/** Go's `net.ResolveUDPAddr`. */
export async function resolveUDPAddr(network: string, address: string): Promise<UDPAddr> {
  checkResolveArgs("resolveUDPAddr", network, address);
  const net = checkNetwork(network, "udp");
  const { addrs, port } = await resolveHostPort(net, address);
  const a = addrs.length > 1 && !address.startsWith("[") ? firstPreferred(addrs) : addrs[0];
  return new UDPAddr(a.ip, port, a.zone);
}

/** Go's `net.ResolveIPAddr`: a bare host, no port; `ip`, `ip4`, `ip6` with an optional `:proto`. */
export async function resolveIPAddr(network: string, address: string): Promise<IPAddr> {
  checkResolveArgs("resolveIPAddr", network, address);
  const net = parseNetwork(network === "" ? "ip" : network, false);
  if (net.kind !== "ip") throw new UnknownNetworkError(network);
  if (address === "") return new IPAddr(null);
  return resolveHostIPAddr(address, net.version);
}

/** Go's `net.ResolveUnixAddr`: only the network name is checked. */
export async function resolveUnixAddr(network: string, address: string): Promise<UnixAddr> {
  checkResolveArgs("resolveUnixAddr", network, address);
  if (network !== "unix" && network !== "unixgram" && network !== "unixpacket") {
    throw new UnknownNetworkError(network);
  }
  return new UnixAddr(address, network);
}
