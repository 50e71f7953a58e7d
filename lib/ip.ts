// Go's net.IP, net.IPMask and net.IPNet (src/net/ip.go). Parsing follows
// net/netip, which net.ParseIP has delegated to since Go 1.22: strict dotted
// decimal (no leading zeros, no short forms), IPv6 groups of at most four hex
// digits, and an optional trailing dotted quad. Printing follows IP.String:
// dotted for IPv4 and IPv4-mapped, RFC 5952 for the rest.

import { ParseError } from "./errors.js";
import { argRangeError, argTypeError, checkAttachedBytes, checkInstance, checkInteger, checkString } from "./internal/args.js";
import { hexDigitValue } from "./internal/hex.js";

/** Length in bytes of an IPv4 address. */
export const IPv4len = 4;
/** Length in bytes of an IPv6 address. */
export const IPv6len = 16;

const DOT = 0x2e;
const COLON = 0x3a;

/** Where the parsers write; `new IP` copies it out, so a parse allocates once. */
const scratch = new Uint8Array(IPv6len);

/**
 * Go's `net.IP`: 4 bytes (IPv4) or 16 bytes (IPv6, or IPv4 in the
 * `::ffff:a.b.c.d` mapped form). Both forms of an IPv4 address are equal.
 */
export class IP {
  /** The address bytes; a private copy of what the constructor was given. */
  readonly bytes: Uint8Array;

  /** @throws TypeError unless `bytes` is a Uint8Array, RangeError unless it has 4 or 16 bytes. */
  constructor(bytes: Uint8Array) {
    checkAttachedBytes("IP", "bytes", bytes);
    if (bytes.length !== IPv4len && bytes.length !== IPv6len) {
      throw argRangeError("IP", "bytes", "4 or 16 bytes long", bytes);
    }
    this.bytes = new Uint8Array(bytes);
  }

  /** Go's `IP.String`: `192.0.2.1`, `2001:db8::1`. */
  toString(): string {
    return formatIP(this.bytes);
  }

  /** Whether both are the same address; the 4- and 16-byte forms of an IPv4 address are equal. */
  equal(x: IP): boolean {
    checkInstance("IP.equal", "x", x, IP);
    const a = this.bytes;
    const b = x.bytes;
    if (a.length === b.length) return bytesEqual(a, 0, b, 0, a.length);
    if (a.length === IPv4len) return isV4Mapped(b) && bytesEqual(a, 0, b, 12, IPv4len);
    return isV4Mapped(a) && bytesEqual(a, 12, b, 0, IPv4len);
  }

  /** The 4-byte form of an IPv4 address; `null` for IPv6. */
  to4(): IP | null {
    const at = v4Offset(this.bytes);
    return at < 0 ? null : new IP(this.bytes.subarray(at, at + IPv4len));
  }

  /** The 16-byte form (IPv4 becomes `::ffff:a.b.c.d`). Go's can be nil; here every IP has a valid length. */
  to16(): IP {
    const b = this.bytes;
    return b.length === IPv6len ? this : IPv4(b[0], b[1], b[2], b[3]);
  }

  /** 0.0.0.0 or `::`. */
  isUnspecified(): boolean {
    const b = this.bytes;
    const at = v4Offset(b);
    return at < 0 ? allEqual(b, 0, IPv6len, 0) : allEqual(b, at, at + IPv4len, 0);
  }

  /** 127.0.0.0/8 or `::1`. */
  isLoopback(): boolean {
    const b = this.bytes;
    const at = v4Offset(b);
    return at < 0 ? allEqual(b, 0, 15, 0) && b[15] === 1 : b[at] === 127;
  }

  /** RFC 1918 (10/8, 172.16/12, 192.168/16) or RFC 4193 (fc00::/7). */
  isPrivate(): boolean {
    const b = this.bytes;
    const at = v4Offset(b);
    if (at < 0) return (b[0] & 0xfe) === 0xfc;
    const x = b[at];
    const y = b[at + 1];
    return x === 10 || (x === 172 && (y & 0xf0) === 16) || (x === 192 && y === 168);
  }

  /** 224.0.0.0/4 or ff00::/8. */
  isMulticast(): boolean {
    const b = this.bytes;
    const at = v4Offset(b);
    return at < 0 ? b[0] === 0xff : (b[at] & 0xf0) === 0xe0;
  }

  /** IPv6 multicast with interface-local scope (ff01::, ff11::, ...); never IPv4. */
  isInterfaceLocalMulticast(): boolean {
    return isV6MulticastWithScope(this.bytes, 0x01);
  }

  /** 224.0.0.0/24, or IPv6 multicast with link-local scope (ff02::, ff12::, ...). */
  isLinkLocalMulticast(): boolean {
    const b = this.bytes;
    const at = v4Offset(b);
    return at < 0 ? isV6MulticastWithScope(b, 0x02) : b[at] === 224 && b[at + 1] === 0 && b[at + 2] === 0;
  }

  /** 169.254.0.0/16 or fe80::/10. */
  isLinkLocalUnicast(): boolean {
    const b = this.bytes;
    const at = v4Offset(b);
    return at < 0 ? b[0] === 0xfe && (b[1] & 0xc0) === 0x80 : b[at] === 169 && b[at + 1] === 254;
  }

  /**
   * Any unicast address that is not unspecified, loopback, link-local or the
   * IPv4 limited broadcast. Private ranges count as global unicast, as in Go.
   */
  isGlobalUnicast(): boolean {
    return (
      !this.#isV4LimitedBroadcast() &&
      !this.isUnspecified() &&
      !this.isLoopback() &&
      !this.isMulticast() &&
      !this.isLinkLocalUnicast()
    );
  }

  /** The classful mask of an IPv4 address (/8, /16 or /24 by its first octet); `null` for IPv6. */
  defaultMask(): IPMask | null {
    const at = v4Offset(this.bytes);
    if (at < 0) return null;
    const first = this.bytes[at];
    if (first < 0x80) return IPv4Mask(0xff, 0, 0, 0);
    if (first < 0xc0) return IPv4Mask(0xff, 0xff, 0, 0);
    return IPv4Mask(0xff, 0xff, 0xff, 0);
  }

  /**
   * The address ANDed with `m`. Mixed lengths are reconciled as Go does: a
   * 16-byte mask starting with 12 bytes of 0xff applies to a 4-byte IP, and a
   * 4-byte mask applies to an IPv4-mapped IP (the result then has 4 bytes).
   * `null` when the lengths still differ.
   */
  mask(m: IPMask): IP | null {
    checkInstance("IP.mask", "m", m, IPMask);
    let ip = this.bytes;
    let mk = m.bytes;
    if (mk.length === IPv6len && ip.length === IPv4len && allEqual(mk, 0, 12, 0xff)) mk = mk.subarray(12);
    if (mk.length === IPv4len && ip.length === IPv6len && isV4Mapped(ip)) ip = ip.subarray(12);
    if (ip.length !== mk.length) return null;
    const out = new Uint8Array(ip.length);
    for (let i = 0; i < out.length; i++) out[i] = ip[i] & mk[i];
    return new IP(out);
  }

  #isV4LimitedBroadcast(): boolean {
    const at = v4Offset(this.bytes);
    return at >= 0 && allEqual(this.bytes, at, at + IPv4len, 0xff);
  }
}

/**
 * Go's `net.IPMask`: usually 4 or 16 bytes. Other lengths are kept (Go allows
 * them) and make the mask unusable: `size()` is `[0, 0]`, and an IPNet with
 * such a mask prints `<nil>` and contains nothing.
 */
export class IPMask {
  /** The mask bytes; a private copy of what the constructor was given. */
  readonly bytes: Uint8Array;

  /** @throws TypeError unless `bytes` is a Uint8Array. */
  constructor(bytes: Uint8Array) {
    checkAttachedBytes("IPMask", "bytes", bytes);
    this.bytes = new Uint8Array(bytes);
  }

  /** `[ones, bits]` for a canonical mask (ones then zeros); `[0, 0]` otherwise. */
  size(): [ones: number, bits: number] {
    const ones = prefixLength(this.bytes);
    return ones < 0 ? [0, 0] : [ones, this.bytes.length * 8];
  }

  /** Lowercase hex without punctuation (`ffffff00`); `<nil>` for an empty mask. */
  toString(): string {
    return this.bytes.length === 0 ? "<nil>" : hexString(this.bytes);
  }
}

/** Go's `net.IPNet`: a network number and mask, as returned by `parseCIDR` and `interfaceAddrs`. */
export class IPNet {
  /** The network number (Go's IP field). */
  readonly ip: IP;
  /** The network mask (Go's Mask field). */
  readonly mask: IPMask;

  /** @throws TypeError unless given an IP and an IPMask. */
  constructor(ip: IP, mask: IPMask) {
    checkInstance("IPNet", "ip", ip, IP);
    checkInstance("IPNet", "mask", mask, IPMask);
    this.ip = ip;
    this.mask = mask;
  }

  /** Go's `IPNet.Network`: always `ip+net`. */
  network(): string {
    return "ip+net";
  }

  /** Whether `ip` is inside this network. An IPv4 net never contains an IPv6 address and vice versa. */
  contains(ip: IP): boolean {
    checkInstance("IPNet.contains", "ip", ip, IP);
    const n = normalizedLength(this);
    const x = ip.bytes;
    if (n === 0 || familyLength(x) !== n) return false;
    // Compare the last n bytes of each (see normalizedLength), without slicing.
    const net = this.ip.bytes;
    const m = this.mask.bytes;
    const netAt = net.length - n;
    const maskAt = m.length - n;
    const xAt = x.length - n;
    for (let i = 0; i < n; i++) {
      const bits = m[maskAt + i];
      if ((net[netAt + i] & bits) !== (x[xAt + i] & bits)) return false;
    }
    return true;
  }

  /**
   * `192.168.1.0/24` for a canonical mask, `192.168.1.0/ff00ff00` otherwise,
   * `<nil>` when the address and mask do not fit together.
   */
  toString(): string {
    const n = normalizedLength(this);
    if (n === 0) return "<nil>";
    const ip = this.ip.bytes.subarray(this.ip.bytes.length - n);
    const m = this.mask.bytes.subarray(this.mask.bytes.length - n);
    const ones = prefixLength(m);
    return `${formatIP(ip)}/${ones < 0 ? hexString(m) : ones}`;
  }
}

/** Go's `net.IPv4`: the address a.b.c.d in its 16-byte (IPv4-mapped) form. */
export function IPv4(a: number, b: number, c: number, d: number): IP {
  const bytes = new Uint8Array(IPv6len);
  bytes[10] = 0xff;
  bytes[11] = 0xff;
  bytes.set(octets("IPv4", a, b, c, d), 12);
  return new IP(bytes);
}

/** Go's `net.IPv4Mask`: the 4-byte mask a.b.c.d. */
export function IPv4Mask(a: number, b: number, c: number, d: number): IPMask {
  return new IPMask(octets("IPv4Mask", a, b, c, d));
}

/**
 * Go's `net.CIDRMask`: `ones` 1 bits followed by zeros, `bits` long (32 or
 * 128). `null` for any other `bits` or when `ones` is not in `0..bits`.
 */
export function CIDRMask(ones: number, bits: number): IPMask | null {
  // Numbers out of range are Go's nil; other types are wrong arguments.
  if (typeof ones !== "number") throw argTypeError("CIDRMask", "ones", "a number", ones);
  if (typeof bits !== "number") throw argTypeError("CIDRMask", "bits", "a number", bits);
  if (bits !== 8 * IPv4len && bits !== 8 * IPv6len) return null;
  if (!Number.isInteger(ones) || ones < 0 || ones > bits) return null;
  const bytes = new Uint8Array(bits / 8);
  bytes.fill(0xff, 0, ones >> 3);
  if (ones % 8 !== 0) bytes[ones >> 3] = (0xff << (8 - (ones % 8))) & 0xff;
  return new IPMask(bytes);
}

/** 255.255.255.255 */
export const IPv4bcast = IPv4(255, 255, 255, 255);
/** 224.0.0.1, all systems */
export const IPv4allsys = IPv4(224, 0, 0, 1);
/** 224.0.0.2, all routers */
export const IPv4allrouter = IPv4(224, 0, 0, 2);
/** 0.0.0.0 */
export const IPv4zero = IPv4(0, 0, 0, 0);
/** `::` */
export const IPv6zero = new IP(new Uint8Array(IPv6len));
/** `::` */
export const IPv6unspecified = new IP(new Uint8Array(IPv6len));
/** `::1` */
export const IPv6loopback = new IP(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
/** `ff01::1`, all nodes on this interface */
export const IPv6interfacelocalallnodes = new IP(Uint8Array.of(0xff, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
/** `ff02::1`, all nodes on the link */
export const IPv6linklocalallnodes = new IP(Uint8Array.of(0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
/** `ff02::2`, all routers on the link */
export const IPv6linklocalallrouters = new IP(Uint8Array.of(0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2));

/**
 * Go's `net.ParseIP`: dotted-decimal IPv4 (`192.0.2.1`), IPv6 (`2001:db8::1`)
 * or IPv4-mapped IPv6 (`::ffff:192.0.2.1`). Always returns the 16-byte form;
 * `null` for anything else, including addresses with a `%zone`.
 * @throws TypeError when `s` is not a string (never for any string).
 */
export function parseIP(s: string): IP | null {
  checkString("parseIP", "s", s);
  switch (leadingSeparator(s, 0, s.length)) {
    case DOT:
      return parseIPv4As16(s, 0, s.length, scratch) ? new IP(scratch) : null;
    case COLON:
      // A '%zone' fails like any stray character: Go's ParseIP rejects zones.
      return parseIPv6(s, 0, s.length, scratch) ? new IP(scratch) : null;
    default:
      return null;
  }
}

/**
 * Like `parseIP`, but an IPv6 address may carry a zone (`fe80::1%eth0`), which
 * is returned beside the address. `[null, ""]` when `s` is not an address, when
 * the zone is empty, or when an IPv4 address has one.
 * @throws TypeError when `s` is not a string.
 */
export function parseIPZone(s: string): [IP | null, string] {
  checkString("parseIPZone", "s", s);
  switch (leadingSeparator(s, 0, s.length)) {
    case DOT:
      return [parseIPv4As16(s, 0, s.length, scratch) ? new IP(scratch) : null, ""];
    case COLON: {
      // The zone starts at the first '%' and may contain anything, '%' included.
      const percent = s.indexOf("%");
      if (percent < 0) return [parseIPv6(s, 0, s.length, scratch) ? new IP(scratch) : null, ""];
      if (percent === s.length - 1 || !parseIPv6(s, 0, percent, scratch)) return [null, ""];
      return [new IP(scratch), s.slice(percent + 1)];
    }
    default:
      return [null, ""];
  }
}

/**
 * Go's `net.ParseCIDR`: `192.0.2.1/24` → the address (16 bytes) and its
 * network (`192.0.2.0/24`). The network of an IPv4 address has a 4-byte IP and
 * mask; that of an IPv6 address (`::ffff:a.b.c.d` included) 16-byte ones. The
 * prefix is unsigned decimal (`/024` is fine, `/+24` and `/255.255.255.0` are not).
 * @throws ParseError `invalid CIDR address: <s>`; TypeError when `s` is not a string.
 */
export function parseCIDR(s: string): [IP, IPNet] {
  checkString("parseCIDR", "s", s);
  const slash = s.indexOf("/");
  if (slash < 0) throw new ParseError("CIDR address", s);
  let parsed = false;
  let bits = 8 * IPv6len;
  switch (leadingSeparator(s, 0, slash)) {
    case DOT:
      parsed = parseIPv4As16(s, 0, slash, scratch);
      bits = 8 * IPv4len;
      break;
    case COLON:
      parsed = parseIPv6(s, 0, slash, scratch); // rejects a zone, as Go does here
      break;
  }
  const ones = parseDecimal(s, slash + 1);
  if (!parsed || ones < 0 || ones > bits) throw new ParseError("CIDR address", s);
  const ip = new IP(scratch);
  const mask = CIDRMask(ones, bits) as IPMask; // 0 <= ones <= bits, so valid
  return [ip, new IPNet(ip.mask(mask) as IP, mask)]; // mask and ip have matching forms
}

// ---- parsing -------------------------------------------------------------

/**
 * The first '.' or ':' in s[start:end], which decides the family (as in
 * netip.ParseAddr); 0 when there is neither.
 */
function leadingSeparator(s: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === DOT || c === COLON) return c;
  }
  return 0;
}

/** s[start:end] as dotted decimal, into `out` in the 16-byte IPv4-mapped form; false if malformed. */
function parseIPv4As16(s: string, start: number, end: number, out: Uint8Array): boolean {
  out.fill(0, 0, 10);
  out[10] = 0xff;
  out[11] = 0xff;
  return parseIPv4Into(s, start, end, out, 12);
}

/**
 * Parses exactly four decimal octets from s[start:end] into out[at:at+4]. Each
 * octet is 0-255 with no leading zero (Go 1.17+: `010` is ambiguous, octal to
 * some parsers).
 */
function parseIPv4Into(s: string, start: number, end: number, out: Uint8Array, at: number): boolean {
  let field = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && value === 0) return false;
      value = value * 10 + (c - 0x30);
      digits++;
      if (value > 255) return false;
    } else if (c === DOT) {
      if (digits === 0 || i === end - 1 || field === 3) return false;
      out[at + field++] = value;
      value = 0;
      digits = 0;
    } else {
      return false;
    }
  }
  if (field !== 3) return false;
  out[at + 3] = value;
  return true;
}

/**
 * s[start:end] as an IPv6 address, into the 16 bytes of `out`: up to eight
 * groups of 1-4 hex digits, at most one `::` standing for one or more zero
 * groups, and optionally a dotted quad as the last 32 bits. False if
 * malformed, a '%zone' included.
 */
function parseIPv6(s: string, start: number, end: number, out: Uint8Array): boolean {
  out.fill(0);
  let pos = start;
  let filled = 0; // bytes of `out` written so far, before expanding the ellipsis
  let ellipsis = -1; // where the `::` sits, as a byte offset into `out`

  if (end - pos >= 2 && s.charCodeAt(pos) === COLON && s.charCodeAt(pos + 1) === COLON) {
    ellipsis = 0;
    pos += 2;
    if (pos === end) return true;
  }

  while (filled < IPv6len) {
    let group = 0;
    let digits = 0;
    for (; pos + digits < end; digits++) {
      const h = hexDigitValue(s.charCodeAt(pos + digits));
      if (h < 0) break;
      if (digits === 4) return false;
      group = group * 16 + h;
    }
    if (digits === 0) return false;

    if (pos + digits < end && s.charCodeAt(pos + digits) === DOT) {
      // What looked like hex digits starts a trailing dotted quad. It must
      // fit in the last 32 bits; one that comes too early without a `::`
      // leaves the address short, which is caught below.
      if (filled + IPv4len > IPv6len || !parseIPv4Into(s, pos, end, out, filled)) return false;
      pos = end;
      filled += IPv4len;
      break;
    }

    out[filled] = group >> 8;
    out[filled + 1] = group & 0xff;
    filled += 2;
    pos += digits;
    if (pos === end) break;

    if (s.charCodeAt(pos) !== COLON || pos + 1 === end) return false;
    pos++;
    if (s.charCodeAt(pos) === COLON) {
      if (ellipsis >= 0) return false;
      ellipsis = filled;
      pos++;
      if (pos === end) break;
    }
  }

  if (pos !== end) return false;
  if (filled === IPv6len) return ellipsis < 0; // `::` must stand for at least one zero group
  if (ellipsis < 0) return false;
  const gap = IPv6len - filled;
  out.copyWithin(ellipsis + gap, ellipsis, filled);
  out.fill(0, ellipsis, ellipsis + gap);
  return true;
}

/**
 * Unsigned decimal s[start:] as used for CIDR prefixes (leading zeros
 * allowed, no sign); -1 if empty or if it has a non-digit.
 */
function parseDecimal(s: string, start: number): number {
  if (start >= s.length) return -1;
  let n = 0;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    n = n * 10 + (c - 0x30); // huge values lose precision but stay huge
  }
  return n;
}

// ---- printing ------------------------------------------------------------

/** Go's IP.String for a 4- or 16-byte address. */
function formatIP(b: Uint8Array): string {
  if (b.length === IPv4len) return formatDotted(b, 0);
  if (isV4Mapped(b)) return formatDotted(b, 12);
  return formatIPv6(b);
}

function formatDotted(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/**
 * RFC 5952: lowercase hex without leading zeros; the longest run of two or
 * more zero groups (the first one on a tie) becomes `::`. No dotted quad:
 * `::1.2.3.4` prints as `::102:304`, as Go does.
 */
function formatIPv6(b: Uint8Array): string {
  const groups: string[] = [];
  let runStart = -1;
  let runLength = 1; // a lone zero group is never compressed
  for (let g = 0; g < 8; g++) {
    const value = (b[2 * g] << 8) | b[2 * g + 1];
    groups.push(value.toString(16));
    if (value !== 0) continue;
    let end = g + 1;
    while (end < 8 && b[2 * end] === 0 && b[2 * end + 1] === 0) end++;
    if (end - g > runLength) {
      runStart = g;
      runLength = end - g;
    }
  }
  if (runStart < 0) return groups.join(":");
  return `${groups.slice(0, runStart).join(":")}::${groups.slice(runStart + runLength).join(":")}`;
}

function hexString(b: Uint8Array): string {
  let s = "";
  for (const byte of b) s += byte.toString(16).padStart(2, "0");
  return s;
}

// ---- helpers -------------------------------------------------------------

/** Whether a 16-byte address is `::ffff:a.b.c.d`. */
function isV4Mapped(b: Uint8Array): boolean {
  return b.length === IPv6len && allEqual(b, 0, 10, 0) && b[10] === 0xff && b[11] === 0xff;
}

/** Where the IPv4 octets of an address start (0 or 12); -1 for IPv6. */
function v4Offset(b: Uint8Array): number {
  if (b.length === IPv4len) return 0;
  return isV4Mapped(b) ? 12 : -1;
}

function isV6MulticastWithScope(b: Uint8Array, scope: number): boolean {
  return b.length === IPv6len && b[0] === 0xff && (b[1] & 0x0f) === scope;
}

function allEqual(b: Uint8Array, start: number, end: number, value: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== value) return false;
  return true;
}

function bytesEqual(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[aAt + i] !== b[bAt + i]) return false;
  return true;
}

/** The number of leading 1 bits of a canonical mask (ones, then only zeros); -1 otherwise. */
function prefixLength(mask: Uint8Array): number {
  let ones = 0;
  let i = 0;
  while (i < mask.length && mask[i] === 0xff) {
    ones += 8;
    i++;
  }
  if (i === mask.length) return ones;
  // The first byte that is not 0xff must be 1s then 0s, and all after it 0.
  let rest = mask[i];
  while (rest & 0x80) {
    ones++;
    rest = (rest << 1) & 0xff;
  }
  if (rest !== 0) return -1;
  return allEqual(mask, i + 1, mask.length, 0) ? ones : -1;
}

/**
 * Go's networkNumberAndMask, as a length: an IPv4 net uses the last 4 bytes of
 * its address (4-byte or IPv4-mapped) and of its mask (4 or 16 bytes); an IPv6
 * net all 16 of both. 0 when address and mask do not fit together.
 */
function normalizedLength(n: IPNet): number {
  const ipLength = familyLength(n.ip.bytes);
  switch (n.mask.bytes.length) {
    case IPv4len:
      return ipLength === IPv4len ? IPv4len : 0;
    case IPv6len:
      return ipLength;
    default:
      return 0;
  }
}

/** 4 for an IPv4 address in either form, 16 for IPv6. */
function familyLength(b: Uint8Array): number {
  return v4Offset(b) < 0 ? IPv6len : IPv4len;
}

function octets(fn: string, a: number, b: number, c: number, d: number): Uint8Array {
  // Plain calls, no table: the IPv4 constants above are built before a module-level table would be.
  checkInteger(fn, "a", a, 0, 255);
  checkInteger(fn, "b", b, 0, 255);
  checkInteger(fn, "c", c, 0, 255);
  checkInteger(fn, "d", d, 0, 255);
  return Uint8Array.of(a, b, c, d);
}
