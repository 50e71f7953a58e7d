// Properties of the IP, CIDR, MAC and host:port helpers: parse/print round
// trips against independent models, and "arbitrary input only ever fails in
// the documented way".

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AddrError, ParseError } from "../lib/errors.js";
import { joinHostPort, splitHostPort } from "../lib/hostport.js";
import { CIDRMask, IP, IPMask, parseCIDR, parseIP, parseIPZone } from "../lib/ip.js";
import { parseMAC } from "../lib/mac.js";

const RUNS = { numRuns: 1000 };

// Zero and 0xff bytes make zero runs (`::`) and IPv4-mapped prefixes likely.
const byte = fc.oneof(fc.constant(0), fc.constant(0xff), fc.integer({ min: 0, max: 255 }));
const bytesOf = (n: number) => fc.array(byte, { minLength: n, maxLength: n }).map((b) => Uint8Array.from(b));
const v4Mapped = bytesOf(4).map((b) => Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...b));
const anyIP = fc.oneof(bytesOf(4), bytesOf(16), v4Mapped).map((b) => new IP(b));
const ipv6Only = bytesOf(16)
  .map((b) => new IP(b))
  .filter((ip) => ip.to4() === null);

/** Characters that reach deep into the parsers, so random strings are not all rejected at once. */
const addressy = (extra: string, maxLength = 48) =>
  fc.string({ unit: fc.constantFrom(...`0123456789abcdefABCDEF:.%${extra}`), maxLength });
const anyText = fc.oneof(fc.string({ unit: "binary" }), addressy("/[]-gx "));

function bitsEqual(a: Uint8Array, b: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const bit = (x: Uint8Array) => (x[i >> 3] >> (7 - (i & 7))) & 1;
    if (bit(a) !== bit(b)) return false;
  }
  return true;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe("parseIP / IP.toString", () => {
  it("round-trips every address through its text", () => {
    fc.assert(
      fc.property(anyIP, (ip) => {
        const back = parseIP(ip.toString());
        expect(back).not.toBeNull();
        expect((back as IP).equal(ip)).toBe(true);
        expect((back as IP).bytes).toEqual(ip.to16().bytes);
      }),
      RUNS,
    );
  });

  it("prints canonically: whatever parses, prints as it re-parses", () => {
    fc.assert(
      fc.property(fc.oneof(anyIP.map(String), addressy("")), (text) => {
        const ip = parseIP(text);
        if (ip === null) return;
        const canonical = ip.toString();
        expect(parseIP(canonical)?.toString()).toBe(canonical);
      }),
      RUNS,
    );
  });

  it("accepts every valid IPv6 spelling: any case, zero padding, any :: run, a trailing dotted quad", () => {
    const group = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
    const spelling = fc.record({
      groups: fc.array(group, { minLength: 8, maxLength: 8 }),
      widths: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 8, maxLength: 8 }),
      upper: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      dottedTail: fc.boolean(),
      ellipsisAt: fc.nat(7),
      ellipsisLength: fc.integer({ min: 0, max: 8 }),
    });
    fc.assert(
      fc.property(spelling, ({ groups, widths, upper, dottedTail, ellipsisAt, ellipsisLength }) => {
        const tokens = groups.map((g, i) => {
          const hex = g.toString(16).padStart(widths[i], "0");
          return upper[i] ? hex.toUpperCase() : hex;
        });
        if (dottedTail) {
          const [hi, lo] = [groups[6], groups[7]];
          tokens.splice(6, 2, `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`);
        }
        // `::` may replace any run of zero hex groups (one group is enough).
        let run = 0;
        while (run < ellipsisLength && ellipsisAt + run < tokens.length && groups[ellipsisAt + run] === 0) {
          if (dottedTail && ellipsisAt + run >= 6) break;
          run++;
        }
        const text =
          run === 0
            ? tokens.join(":")
            : `${tokens.slice(0, ellipsisAt).join(":")}::${tokens.slice(ellipsisAt + run).join(":")}`;

        const want = new Uint8Array(16);
        groups.forEach((g, i) => {
          want[2 * i] = g >> 8;
          want[2 * i + 1] = g & 0xff;
        });
        expect(parseIP(text)?.bytes, text).toEqual(want);
      }),
      RUNS,
    );
  });

  it("never throws for any string, and returns null or 16 bytes", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const ip = parseIP(text);
        expect(ip === null || ip.bytes.length === 16).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("parseIPZone", () => {
  it("splits off any non-empty zone of an IPv6 address", () => {
    fc.assert(
      fc.property(ipv6Only, fc.string({ unit: "binary", minLength: 1 }), (ip, zone) => {
        const [back, gotZone] = parseIPZone(`${ip}%${zone}`);
        expect(back?.equal(ip)).toBe(true);
        expect(gotZone).toBe(zone);
        expect(parseIP(`${ip}%${zone}`)).toBeNull();
      }),
      RUNS,
    );
  });

  it("never throws, and agrees with parseIP when there is no zone", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const [ip, zone] = parseIPZone(text);
        if (zone === "") expect(ip?.bytes ?? null).toEqual(parseIP(text)?.bytes ?? null);
        else expect(ip).not.toBeNull();
      }),
      RUNS,
    );
  });
});

describe("parseCIDR / IPNet / CIDRMask", () => {
  const addressAndPrefix = anyIP.chain((ip) =>
    fc.tuple(fc.constant(ip), fc.integer({ min: 0, max: ip.to4() === null ? 128 : 32 })),
  );

  it("parses `ip/ones` into a net that contains ip, with the right mask and canonical text", () => {
    fc.assert(
      fc.property(addressAndPrefix, ([ip, ones]) => {
        const bits = ip.to4() === null ? 128 : 32;
        const [addr, net] = parseCIDR(`${ip}/${ones}`);
        expect(addr.equal(ip)).toBe(true);
        expect(net.mask.size()).toEqual([ones, bits]);
        expect(net.contains(ip)).toBe(true);
        const mask = CIDRMask(ones, bits) as IPMask;
        expect(net.toString()).toBe(`${ip.mask(mask)}/${ones}`);
        expect(parseCIDR(net.toString())[1].toString()).toBe(net.toString());
      }),
      RUNS,
    );
  });

  it("contains exactly the addresses of its family that share the first `ones` bits", () => {
    // b is random, or a with one bit flipped, so that both answers are common.
    const netCase = (a: fc.Arbitrary<Uint8Array>, bits: number) =>
      fc.record({
        a,
        random: bytesOf(bits / 8),
        flip: fc.option(fc.nat(bits - 1)),
        ones: fc.integer({ min: 0, max: bits }),
      });
    const ipv6Bytes = ipv6Only.map((ip) => ip.bytes);
    fc.assert(
      fc.property(fc.oneof(netCase(bytesOf(4), 32), netCase(ipv6Bytes, 128)), ({ a, random, flip, ones }) => {
        const b = flip === null ? random : a.map((x, i) => (i === flip >> 3 ? x ^ (0x80 >> (flip & 7)) : x));
        const [, net] = parseCIDR(`${new IP(a)}/${ones}`);
        const ipB = new IP(b);
        // An IPv6 net never contains an IPv4(-mapped) address.
        const sameFamily = a.length === 4 || ipB.to4() === null;
        expect(net.contains(ipB)).toBe(sameFamily && bitsEqual(a, b, ones));
      }),
      RUNS,
    );
  });

  it("CIDRMask(ones, bits).size() gives back [ones, bits]", () => {
    const valid = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 32 }), fc.constant(32)),
      fc.tuple(fc.integer({ min: 0, max: 128 }), fc.constant(128)),
    );
    fc.assert(
      fc.property(valid, ([ones, bits]) => {
        expect(CIDRMask(ones, bits)?.size()).toEqual([ones, bits]);
      }),
    );
  });

  it("throws nothing but ParseError for any string", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, addressy("/", 60)), (text) => {
        const err = thrown(() => parseCIDR(text));
        if (err !== undefined) expect(err).toBeInstanceOf(ParseError);
      }),
      RUNS,
    );
  });
});

describe("IP.equal / to4 / to16", () => {
  it("equal is the byte equality of the 16-byte forms", () => {
    fc.assert(
      fc.property(anyIP, anyIP, (a, b) => {
        const same = a.to16().bytes.every((x, i) => x === b.to16().bytes[i]);
        expect(a.equal(b)).toBe(same);
        expect(b.equal(a)).toBe(same);
      }),
      RUNS,
    );
  });

  it("to4 and to16 keep the address", () => {
    fc.assert(
      fc.property(anyIP, (ip) => {
        expect(ip.to16().equal(ip)).toBe(true);
        const four = ip.to4();
        if (four !== null) expect(four.equal(ip) && four.bytes.length === 4).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("joinHostPort / splitHostPort", () => {
  const host = fc.string({ unit: "binary" }).filter((h) => !h.includes("[") && !h.includes("]"));
  const port = fc.oneof(
    fc.string({ unit: "binary" }).filter((p) => !/[:[\]]/.test(p)),
    fc.integer({ min: 0, max: 65535 }),
  );

  it("split undoes join for any host without brackets and any port without ':[]'", () => {
    fc.assert(
      fc.property(host, port, (h, p) => {
        expect(splitHostPort(joinHostPort(h, p))).toEqual([h, String(p)]);
      }),
      RUNS,
    );
  });

  it("join undoes split for whatever splits", () => {
    fc.assert(
      fc.property(addressy("[]", 24), (text) => {
        let parts: [string, string];
        try {
          parts = splitHostPort(text);
        } catch {
          return;
        }
        expect(splitHostPort(joinHostPort(...parts))).toEqual(parts);
      }),
      RUNS,
    );
  });

  it("throws nothing but AddrError for any string", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, addressy("[]", 24)), (text) => {
        const err = thrown(() => splitHostPort(text));
        if (err !== undefined) expect(err).toBeInstanceOf(AddrError);
      }),
      RUNS,
    );
  });
});

describe("parseMAC", () => {
  const hw = fc.constantFrom(6, 8, 20).chain((n) => bytesOf(n));
  const hex = (b: number) => b.toString(16).padStart(2, "0");

  it("parses every length and form it prints, in either case", () => {
    fc.assert(
      fc.property(hw, fc.constantFrom(":", "-", "."), fc.boolean(), (bytes, sep, upper) => {
        const octets = Array.from(bytes, hex);
        const text =
          sep === "."
            ? octets.flatMap((o, i) => (i % 2 === 0 ? [o + octets[i + 1]] : [])).join(".")
            : octets.join(sep);
        const parsed = parseMAC(upper ? text.toUpperCase() : text);
        expect(parsed.bytes).toEqual(bytes);
        expect(parsed.toString()).toBe(octets.join(":"));
      }),
      RUNS,
    );
  });

  it("throws nothing but AddrError for any string", () => {
    const macish = fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF:-.g"), maxLength: 64 });
    fc.assert(
      fc.property(fc.oneof(anyText, macish), (text) => {
        const err = thrown(() => parseMAC(text));
        if (err !== undefined) expect(err).toBeInstanceOf(AddrError);
      }),
      RUNS,
    );
  });
});
