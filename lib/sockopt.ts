// Typed access to the named options of binding/options/sockopts.def:
// encoding each value type to what setsockopt takes and decoding what
// getsockopt returns. RawConn.set/get (lib/rawconn.ts) are built on these.

import { IP } from "./ip.js";
import { native } from "./internal/binding.js";
import { SOCKOPT_KINDS, type SocketOption } from "./internal/sockopts.js";
import type { IPMembership, IPv6Membership, Linger } from "./sockopt-values.js";

export type { SocketOption, SocketOptionTypes } from "./internal/sockopts.js";
export type { IPMembership, IPv6Membership, Linger } from "./sockopt-values.js";

/** An option name this platform lacks (the row's constant was absent at build time). */
export class UnsupportedOptionError extends Error {
  /** Always `ENOPROTOOPT`, as the kernel's answer for an unknown option. */
  readonly code = "ENOPROTOOPT";
  constructor(
    /** The option's name, e.g. `SO_BINDTODEVICE`. */
    readonly option: string,
  ) {
    super(`socket option ${option} is not available on ${process.platform}`);
  }
}

/** The names every platform's table lists, and which of them this build has. */
export const socketOptions: readonly SocketOption[] = Object.keys(SOCKOPT_KINDS) as SocketOption[];

/** [level, optname] of `opt`; a TypeError for a name outside the table, UnsupportedOptionError when this platform lacks it. */
export function optionNumbers(opt: string): [number, number] {
  if (typeof opt !== "string" || !Object.hasOwn(SOCKOPT_KINDS, opt)) {
    throw new TypeError(`unknown socket option ${JSON.stringify(opt)} (one of ${socketOptions.join(", ")})`);
  }
  const n = native.sockopts[opt];
  if (!n) throw new UnsupportedOptionError(opt);
  return n;
}

const MAX_STRING = 64; // TCP_CA_NAME_MAX 16, IFNAMSIZ 16: room to spare

function ipBytes(name: string, ip: unknown, v: 4 | 16): Uint8Array {
  if (!(ip instanceof IP)) throw new TypeError(`${name} must be an IP`);
  const b = v === 4 ? ip.to4()?.bytes : ip.to16()?.bytes;
  if (!b || (v === 16 && ip.to4() !== null && ip.bytes.length === 4)) throw new TypeError(`${name} must be an IPv${v === 4 ? 4 : 6} address, got ${ip}`);
  return b;
}

function intValue(opt: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) {
    throw new TypeError(`${opt} must be a 32-bit integer, got ${String(v)}`);
  }
  return v;
}

/** The setsockopt argument for `value` of `opt`: an int or the struct's bytes. */
export function encodeOption(opt: SocketOption, value: unknown): number | Uint8Array {
  switch (SOCKOPT_KINDS[opt]) {
    case "bool":
      if (typeof value !== "boolean") throw new TypeError(`${opt} must be a boolean, got ${String(value)}`);
      return value ? 1 : 0;
    case "int":
      return intValue(opt, value);
    case "string": {
      if (typeof value !== "string" || value.includes("\0")) throw new TypeError(`${opt} must be a string without NUL`);
      const b = new TextEncoder().encode(value);
      if (b.length >= MAX_STRING) throw new RangeError(`${opt} must be shorter than ${MAX_STRING} bytes`);
      return b;
    }
    case "linger": {
      const l = value as Linger;
      if (typeof l?.on !== "boolean") throw new TypeError(`${opt} must be { on: boolean, seconds: number }`);
      const out = new Uint8Array(8);
      const dv = new DataView(out.buffer);
      dv.setInt32(0, l.on ? 1 : 0, true);
      dv.setInt32(4, intValue(`${opt}.seconds`, l.seconds), true);
      return out;
    }
    case "in_addr":
      return ipBytes(opt, value, 4).slice();
    case "ip_mreq": {
      const m = value as IPMembership;
      const out = new Uint8Array(8);
      out.set(ipBytes(`${opt}.group`, m?.group, 4), 0);
      if (m.interface !== undefined) out.set(ipBytes(`${opt}.interface`, m.interface, 4), 4);
      return out;
    }
    case "ipv6_mreq": {
      const m = value as IPv6Membership;
      const out = new Uint8Array(20);
      out.set(ipBytes(`${opt}.group`, m?.group, 16), 0);
      new DataView(out.buffer).setUint32(16, m.ifindex === undefined ? 0 : intValue(`${opt}.ifindex`, m.ifindex), true);
      return out;
    }
  }
}

/** The getsockopt size for `opt` (undefined: an int), or a TypeError for a set-only option. */
export function optionSize(opt: SocketOption): number | undefined {
  switch (SOCKOPT_KINDS[opt]) {
    case "string":
      return MAX_STRING;
    case "linger":
      return 8;
    case "in_addr":
      return 4;
    case "ip_mreq":
    case "ipv6_mreq":
      throw new TypeError(`${opt} can only be set`);
    default:
      return undefined;
  }
}

/** The typed value of what getsockopt returned for `opt` (kernel bytes: lengths checked). */
export function decodeOption(opt: SocketOption, raw: number | Uint8Array): unknown {
  const kind = SOCKOPT_KINDS[opt];
  if (typeof raw === "number") return kind === "bool" ? raw !== 0 : raw;
  if (kind === "string") {
    const end = raw.indexOf(0);
    return new TextDecoder().decode(end < 0 ? raw : raw.subarray(0, end));
  }
  if (kind === "linger" && raw.length >= 8) {
    const dv = new DataView(raw.buffer, raw.byteOffset, 8);
    return { on: dv.getInt32(0, true) !== 0, seconds: dv.getInt32(4, true) };
  }
  if (kind === "in_addr" && raw.length >= 4) return new IP(raw.slice(0, 4));
  throw new Error(`getsockopt ${opt}: the kernel returned ${raw.length} bytes`);
}
