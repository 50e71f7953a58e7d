// Go's net.HardwareAddr and net.ParseMAC (src/net/mac.go): IEEE 802 MAC-48,
// EUI-48, EUI-64 and 20-octet IP-over-InfiniBand link-layer addresses.

import { AddrError } from "./errors.js";
import { checkAttachedBytes, checkString } from "./internal/args.js";
import { hexDigitValue } from "./internal/hex.js";

const COLON = 0x3a;
const HYPHEN = 0x2d;
const DOT = 0x2e;

/** Go's `net.HardwareAddr`: a physical (link-layer) address of any length. */
export class HardwareAddr {
  /** The address bytes; a private copy of what the constructor was given. */
  readonly bytes: Uint8Array;

  /** @throws TypeError unless `bytes` is a Uint8Array. */
  constructor(bytes: Uint8Array) {
    checkAttachedBytes("HardwareAddr", "bytes", bytes);
    this.bytes = new Uint8Array(bytes);
  }

  /** Lowercase hex octets joined by colons (`00:00:5e:00:53:01`); empty for no bytes. */
  toString(): string {
    return Array.from(this.bytes, (b) => b.toString(16).padStart(2, "0")).join(":");
  }
}

/**
 * Go's `net.ParseMAC`: 6, 8 or 20 octets written as
 * `00:00:5e:00:53:01`, `00-00-5e-00-53-01` or `0000.5e00.5301`.
 * @throws AddrError `address <s>: invalid MAC address`; TypeError when `s` is not a string.
 */
export function parseMAC(s: string): HardwareAddr {
  checkString("parseMAC", "s", s);
  const bytes = parseMACBytes(s);
  if (bytes === null) throw new AddrError("invalid MAC address", s);
  return new HardwareAddr(bytes);
}

function parseMACBytes(s: string): Uint8Array | null {
  // Past the end of a short string charCodeAt gives NaN, which matches no separator.
  const sep = s.charCodeAt(2);
  if (sep === COLON || sep === HYPHEN) return parseOctetGroups(s, sep);
  if (s.charCodeAt(4) === DOT) return parseDottedQuads(s);
  return null;
}

/** `xx:xx:...` (or with hyphens): pairs of hex digits, each but the last followed by `sep`. */
function parseOctetGroups(s: string, sep: number): Uint8Array | null {
  if ((s.length + 1) % 3 !== 0) return null;
  const n = (s.length + 1) / 3;
  if (!isMACLength(n)) return null;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const at = 3 * i;
    const octet = hexOctet(s, at);
    if (octet < 0 || (i < n - 1 && s.charCodeAt(at + 2) !== sep)) return null;
    out[i] = octet;
  }
  return out;
}

/** `xxxx.xxxx.xxxx`: groups of four hex digits (two octets), each but the last followed by a dot. */
function parseDottedQuads(s: string): Uint8Array | null {
  if ((s.length + 1) % 5 !== 0) return null;
  const n = (2 * (s.length + 1)) / 5;
  if (!isMACLength(n)) return null;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 2) {
    const at = (5 * i) / 2;
    const high = hexOctet(s, at);
    const low = hexOctet(s, at + 2);
    if (high < 0 || low < 0 || (i < n - 2 && s.charCodeAt(at + 4) !== DOT)) return null;
    out[i] = high;
    out[i + 1] = low;
  }
  return out;
}

function isMACLength(n: number): boolean {
  return n === 6 || n === 8 || n === 20;
}

/** The octet spelled by the two hex digits at s[at], s[at+1]; -1 if they are not hex digits. */
function hexOctet(s: string, at: number): number {
  const high = hexDigitValue(s.charCodeAt(at));
  const low = hexDigitValue(s.charCodeAt(at + 1));
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}
