// Go's network interfaces (src/net/interface.go, interface_linux.go): the
// kernel's interface table read natively (binding/sys/interfaces.h), and on
// Linux the joined multicast groups from /proc/net/igmp and /proc/net/igmp6.
// Every failure is Go's `route ip+net: ...` OpError.

import { readFileSync } from "node:fs";
import { endianness } from "node:os";

import { NetError, OpError } from "./errors.js";
import { native, type NativeInterface } from "./internal/binding.js";
import { argTypeError, checkInstance, checkInteger, checkObject, checkString } from "./internal/args.js";
import { syscallError } from "./internal/errno.js";
import { CIDRMask, IP, IPNet, IPv4, IPv4len } from "./ip.js";
import { HardwareAddr } from "./mac.js";

/** Go's `Flags.String` names, bit 0 first. */
const FLAG_NAMES = ["up", "broadcast", "loopback", "pointtopoint", "multicast", "running"] as const;

/**
 * Go's `net.Flags`: an interface's state bits. Prints like Go, the set names
 * joined by `|` in bit order (`up|broadcast|multicast|running`), `0` when
 * none is set; bits Go has no name for are kept but not printed.
 */
export class Flags {
  /** The flag bits (FlagUp = 1, FlagBroadcast = 2, ... as Go's). */
  readonly value: number;

  /** @throws TypeError unless a number; RangeError unless an integer in 0..2**32-1. */
  constructor(value: number) {
    checkFlagBits("Flags", "value", value);
    this.value = value;
  }

  /** Whether every bit of `flag` is set (`iface.flags.has(FlagUp)`). */
  has(flag: Flags | number): boolean {
    if (!(flag instanceof Flags) && typeof flag !== "number") throw argTypeError("Flags.has", "flag", "a Flags or a number", flag);
    const bits = flag instanceof Flags ? flag.value : (checkFlagBits("Flags.has", "flag", flag), flag);
    return (this.value & bits) >>> 0 === bits;
  }

  /** Go's `Flags.String()`: the set flags' names joined by `|`, e.g. `up|loopback|running`. */
  toString(): string {
    const names = FLAG_NAMES.filter((_, bit) => (this.value & (1 << bit)) !== 0);
    return names.length === 0 ? "0" : names.join("|");
  }

  /** The flag bits, so `flags & FlagUp` works. */
  valueOf(): number {
    return this.value;
  }
}

/** Interface is administratively up. */
export const FlagUp = new Flags(1 << 0);
/** Interface supports broadcast access capability. */
export const FlagBroadcast = new Flags(1 << 1);
/** Interface is a loopback interface. */
export const FlagLoopback = new Flags(1 << 2);
/** Interface belongs to a point-to-point link. */
export const FlagPointToPoint = new Flags(1 << 3);
/** Interface supports multicast access capability. */
export const FlagMulticast = new Flags(1 << 4);
/** Interface is in running state (up, with its carrier on). */
export const FlagRunning = new Flags(1 << 5);

/** The fields of an `Interface`; all but `index` default to zero values. */
export interface InterfaceInit {
  /** The interface index (positive). */
  index: number;
  /** Its MTU. */
  mtu?: number;
  /** Its name, e.g. `eth0`. */
  name?: string;
  /** Its hardware (MAC) address. */
  hardwareAddr?: HardwareAddr;
  /** Its flags. */
  flags?: Flags;
}

/**
 * Go's `net.Interface`: one network interface. `addrs()` and
 * `multicastAddrs()` ask the kernel afresh on every call, as Go does.
 */
export class Interface {
  /** Positive integer that starts at one; zero is never used. */
  readonly index: number;
  /** Maximum transmission unit. */
  readonly mtu: number;
  /** e.g. `en0`, `lo0`, `eth0.100`. */
  readonly name: string;
  /** IEEE MAC-48, EUI-48 or EUI-64 form; empty for loopback and IP tunnels. */
  readonly hardwareAddr: HardwareAddr;
  /** Up, broadcast, loopback, point-to-point, multicast, running (Go's `Flags`). */
  readonly flags: Flags;

  /** @throws TypeError or RangeError on a field of the wrong type or range. */
  constructor(init: InterfaceInit) {
    checkObject("Interface", "init", init);
    const { index, mtu = 0, name = "", hardwareAddr = new HardwareAddr(new Uint8Array(0)), flags = new Flags(0) } = init;
    checkInteger("Interface", "init.index", index);
    checkInteger("Interface", "init.mtu", mtu);
    checkString("Interface", "init.name", name);
    checkInstance("Interface", "init.hardwareAddr", hardwareAddr, HardwareAddr);
    checkInstance("Interface", "init.flags", flags, Flags);
    this.index = index;
    this.mtu = mtu;
    this.name = name;
    this.hardwareAddr = hardwareAddr;
    this.flags = flags;
  }

  /** Go's `Interface.Addrs`: the unicast addresses, IPv4 first, as `10.0.0.5/24`. */
  addrs(): IPNet[] {
    const found = readTable().find((n) => n.index === this.index);
    return found ? found.addrs.map(toIPNet) : [];
  }

  /**
   * Go's `Interface.MulticastAddrs`: the groups joined on this interface,
   * IPv4 first. Empty where /proc/net/igmp{,6} do not exist.
   */
  multicastAddrs(): IP[] {
    const v4 = igmpGroups(readProc("/proc/net/igmp"), this.name);
    return [...v4, ...igmp6Groups(readProc("/proc/net/igmp6"), this.name)];
  }
}

/** Go's `net.Interfaces`: every interface, with or without addresses, by index. */
export function interfaces(): Interface[] {
  return readTable().map(toInterface);
}

/**
 * Go's `net.InterfaceAddrs`: the unicast addresses of all interfaces. In
 * Go's order, the kernel's: every interface's IPv4 addresses, then the IPv6 ones.
 */
export function interfaceAddrs(): IPNet[] {
  const all = readTable().flatMap((n) => n.addrs);
  return [...all.filter((a) => a.ip.length === IPv4len), ...all.filter((a) => a.ip.length !== IPv4len)].map(toIPNet);
}

/**
 * Go's `net.InterfaceByIndex`.
 * @throws OpError `route ip+net: invalid network interface index` for
 * `index <= 0`, `route ip+net: no such network interface` when none has it;
 * TypeError unless a number, RangeError unless an integer.
 */
export function interfaceByIndex(index: number): Interface {
  checkInteger("interfaceByIndex", "index", index);
  if (index <= 0) throw routeError(errInvalidInterfaceIndex);
  const found = readTable().find((n) => n.index === index);
  if (!found) throw routeError(errNoSuchInterface);
  return toInterface(found);
}

/**
 * Go's `net.InterfaceByName`.
 * @throws OpError `route ip+net: invalid network interface name` for `""`,
 * `route ip+net: no such network interface` when none has it; TypeError
 * unless a string.
 */
export function interfaceByName(name: string): Interface {
  checkString("interfaceByName", "name", name);
  if (name === "") throw routeError(errInvalidInterfaceName);
  const found = readTable().find((n) => n.name === name);
  if (!found) throw routeError(errNoSuchInterface);
  return toInterface(found);
}

// Go's unexported sentinels, word for word.
const errInvalidInterfaceIndex = new NetError("invalid network interface index", "ERR_INVALID_INTERFACE_INDEX");
const errInvalidInterfaceName = new NetError("invalid network interface name", "ERR_INVALID_INTERFACE_NAME");
const errNoSuchInterface = new NetError("no such network interface", "ERR_NO_SUCH_INTERFACE");
// Go's errors.ErrUnsupported text, with Node's code for a missing platform feature.
const errUnsupported = new NetError("unsupported operation", "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM");

function routeError(err: Error): OpError {
  return new OpError({ op: "route", net: "ip+net", err });
}

function readTable(): NativeInterface[] {
  if (native.interfaces === undefined) throw routeError(errUnsupported);
  try {
    return native.interfaces();
  } catch (err) {
    const e = err as { errno?: unknown; syscall?: unknown };
    if (typeof e.errno !== "number" || typeof e.syscall !== "string") throw err;
    throw routeError(syscallError(e.syscall, e.errno));
  }
}

function toInterface(n: NativeInterface): Interface {
  return new Interface({
    index: n.index,
    mtu: n.mtu,
    name: n.name,
    hardwareAddr: new HardwareAddr(n.hardwareAddr),
    flags: new Flags(n.flags),
  });
}

/** IPv4 in Go's 16-byte form with a 4-byte mask, as Go's netlink code builds it. */
function toIPNet(a: NativeInterface["addrs"][number]): IPNet {
  const b = a.ip;
  const ip = b.length === IPv4len ? IPv4(b[0], b[1], b[2], b[3]) : new IP(b);
  // The kernel keeps prefix lengths within the address size.
  return new IPNet(ip, CIDRMask(a.prefixLen, b.length * 8)!);
}

/** The file's text, or "" when it cannot be read (Go ignores that too). */
function readProc(path: string): string {
  try {
    return readFileSync(path, "latin1");
  } catch {
    return "";
  }
}

const LITTLE_ENDIAN = endianness() === "LE";
const HEX8 = /^[0-9a-f]{8}$/i;
const HEX32 = /^[0-9a-f]{32}$/i;

/**
 * /proc/net/igmp: a device line (`1\tlo        :     1      V3`) followed
 * by tab-indented group lines (`\t\t\t\t010000E0     1 0:00000000\t\t0`).
 * The kernel prints each group as a host-endian word: `010000E0` is
 * 224.0.0.1 on a little-endian machine.
 */
function igmpGroups(text: string, name: string): IP[] {
  const out: IP[] = [];
  let device = "";
  for (const line of text.split("\n").slice(1)) {
    const f = fields(line, /[ :\r\t]+/);
    if (f.length < 4) continue;
    if (line[0] !== " " && line[0] !== "\t") {
      device = f[1];
    } else if (device === name && HEX8.test(f[0])) {
      const w = Number.parseInt(f[0], 16);
      const bytes = [w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff];
      if (LITTLE_ENDIAN) bytes.reverse();
      out.push(IPv4(bytes[0], bytes[1], bytes[2], bytes[3]));
    }
  }
  return out;
}

/** /proc/net/igmp6: `3    eth0            ff020000000000000000000000000001     1 0000000C 0`. */
function igmp6Groups(text: string, name: string): IP[] {
  const out: IP[] = [];
  for (const line of text.split("\n")) {
    const f = fields(line, /[ \r\t]+/);
    if (f.length < 6 || f[1] !== name || !HEX32.test(f[2])) continue;
    out.push(new IP(Uint8Array.from({ length: 16 }, (_, i) => Number.parseInt(f[2].slice(2 * i, 2 * i + 2), 16))));
  }
  return out;
}

function fields(line: string, separators: RegExp): string[] {
  return line.split(separators).filter((s) => s !== "");
}

/** Interface flag bits: an unsigned 32-bit integer. */
function checkFlagBits(fn: string, name: string, v: unknown): asserts v is number {
  checkInteger(fn, name, v, 0, 0xffffffff, "from 0 to 2^32-1");
}
