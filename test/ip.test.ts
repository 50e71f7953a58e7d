// Go's own test tables for net.IP, IPMask, IPNet, ParseIP, ParseCIDR and
// CIDRMask (src/net/ip_test.go), plus the ParseAddr rows of
// src/net/netip/netip_test.go that net.ParseIP inherits. Rows that need an IP
// of another length than 4 or 16 (Go's nil IP, opaque byte strings) cannot be
// built here; the constructor's refusal of them is tested instead.

import { describe, expect, it, test } from "vitest";
import { ParseError } from "../lib/errors.js";
import {
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
  parseIPZone,
} from "../lib/ip.js";

/** Go's `IP{...}` literal. */
const ipOf = (...bytes: number[]): IP => new IP(Uint8Array.from(bytes));
/** Go's `IPMask{...}` literal. */
const maskOf = (...bytes: number[]): IPMask => new IPMask(Uint8Array.from(bytes));
/** Go's `ParseIP(s)` where the test knows `s` is valid. */
function P(s: string): IP {
  const ip = parseIP(s);
  if (ip === null) throw new Error(`test setup: ${s} does not parse`);
  return ip;
}
/** Go's `IPMask(ParseIP(s))`: the 16 parsed bytes used as a mask. */
const M = (s: string): IPMask => new IPMask(P(s).bytes);

describe("parseIP (Go's parseIPTests)", () => {
  const v6 = ipOf(0x20, 0x01, 0x48, 0x60, 0, 0, 0x20, 0x01, 0, 0, 0, 0, 0, 0, 0x00, 0x68);
  const rows: [string, IP | null][] = [
    ["127.0.1.2", IPv4(127, 0, 1, 2)],
    ["127.0.0.1", IPv4(127, 0, 0, 1)],
    ["::ffff:127.1.2.3", IPv4(127, 1, 2, 3)],
    ["::ffff:7f01:0203", IPv4(127, 1, 2, 3)],
    ["0:0:0:0:0000:ffff:127.1.2.3", IPv4(127, 1, 2, 3)],
    ["0:0:0:0::ffff:127.1.2.3", IPv4(127, 1, 2, 3)],

    ["2001:4860:0:2001::68", v6],
    ["2001:4860:0000:2001:0000:0000:0000:0068", v6],

    ["-0.0.0.0", null],
    ["0.-1.0.0", null],
    ["0.0.-2.0", null],
    ["0.0.0.-3", null],
    ["127.0.0.256", null],
    ["abc", null],
    ["123:", null],
    ["fe80::1%lo0", null],
    ["fe80::1%911", null],
    ["", null],
    // 6 zeroes in one group
    ["0:0:0:0:000000:ffff:127.1.2.3", null],
    // 5 zeroes in one group edge case
    ["0:0:0:0:00000:ffff:127.1.2.3", null],
    ["a1:a2:a3:a4::b1:b2:b3:b4", null], // Issue 6628
    ["127.001.002.003", null],
    ["::ffff:127.001.002.003", null],
    ["123.000.000.000", null],
    ["1.2..4", null],
    ["0123.0.0.1", null],
  ];
  test.each(rows)("parseIP(%j)", (input, want) => {
    const got = parseIP(input);
    // Go compares with reflect.DeepEqual: the exact 16 bytes, not just Equal.
    expect(got?.bytes ?? null).toEqual(want?.bytes ?? null);
  });
});

describe("parseIP (netip's TestParseAddr rows)", () => {
  // [input, what net.IP's String prints] — net prints IPv4-mapped addresses
  // dotted, where netip would print ::ffff:a.b.c.d.
  const valid: [string, string][] = [
    ["0.0.0.0", "0.0.0.0"],
    ["192.168.140.255", "192.168.140.255"],
    ["::", "::"],
    ["::1", "::1"],
    ["fd7a:115c:a1e0:ab12:4843:cd96:626b:430b", "fd7a:115c:a1e0:ab12:4843:cd96:626b:430b"],
    ["fd7a:115c::626b:430b", "fd7a:115c::626b:430b"],
    ["fd7a:115c:a1e0:ab12:4843:cd96::", "fd7a:115c:a1e0:ab12:4843:cd96::"],
    ["fd7a:115c:a1e0:ab12:4843:cd96:626b::", "fd7a:115c:a1e0:ab12:4843:cd96:626b:0"],
    ["fd7a:115c:a1e0::4843:cd96:626b:430b", "fd7a:115c:a1e0:0:4843:cd96:626b:430b"],
    ["::ffff:192.168.140.255", "192.168.140.255"],
    ["FD9E:1A04:F01D::1", "fd9e:1a04:f01d::1"],
  ];
  test.each(valid)("parseIP(%j) prints %j and round-trips", (input, printed) => {
    const ip = P(input);
    expect(ip.bytes.length).toBe(IPv6len);
    expect(ip.toString()).toBe(printed);
    expect(P(printed).equal(ip)).toBe(true);
  });

  // [input, address, zone]: valid for netip, but net.ParseIP rejects zones.
  const zoned: [string, string, string][] = [
    ["fd7a:115c:a1e0:ab12:4843:cd96:626b:430b%eth0", "fd7a:115c:a1e0:ab12:4843:cd96:626b:430b", "eth0"],
    ["1:2::ffff:192.168.140.255%eth1", "1:2::ffff:c0a8:8cff", "eth1"],
    ["::ffff:192.168.140.255%eth1", "192.168.140.255", "eth1"],
  ];
  test.each(zoned)("parseIP(%j) is null; parseIPZone splits it", (input, printed, zone) => {
    expect(parseIP(input)).toBeNull();
    const [ip, gotZone] = parseIPZone(input);
    expect(ip?.toString()).toBe(printed);
    expect(ip?.bytes.length).toBe(IPv6len);
    expect(gotZone).toBe(zone);
  });

  const invalid = [
    // netip's validIPs rows that expect an error
    "010.000.015.001",
    "000001.00000002.00000003.000000004",
    "::ffff:1.2.03.4",
    "::ffff:1.2.3.z",
    // invalidIPs
    "",
    "bad",
    "1234",
    "1.2.3.4%eth0",
    ".1.2.3",
    "1.2.3.",
    "1..2.3",
    "1.2.3.4.5",
    "0300.0250.0214.0377",
    "0xc0.0xa8.0x8c.0xff",
    "192.168.12345",
    "127.0.1",
    "192.1234567",
    "127.1",
    "192.168.300.1",
    "192.168.0.1.5.6",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4::5:6:7:8",
    "fe801::1",
    "fe80:tail:scal:e::",
    "fe80::1%",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:192.168.140.255",
    "ffff::ffff:ffff:ffff:ffff:ffff:ffff:192.168.140.255",
    "::ffff:192.168.140.bad",
    "fe80::1::1",
    "fe80:1?:1",
    "fe80:",
    "0:0:0:0:0:ffff:0:00000",
    "0:0:0:0:00000:ffff:127.1.2.3",
  ];
  test.each(invalid)("parseIP(%j) is null", (input) => {
    expect(parseIP(input)).toBeNull();
    expect(parseIPZone(input)).toEqual([null, ""]);
  });
});

describe("parseIP edge rows (Go's rules, not in its tables)", () => {
  const rows: [string, string | null][] = [
    ["1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"],
    ["1::1.2.3.4", "1::102:304"],
    ["::1.2.3.4", "::102:304"],
    ["::FFFF:1.2.3.4", "1.2.3.4"],
    ["1:2:3:4:5:1.2.3.4", null], // the quad is not the last 32 bits
    ["1:2:3:4:5:6:7:1.2.3.4", null], // no room for the quad
    ["::1:2:3:4:5:6:1.2.3.4", null], // `::` would stand for no group at all
    ["1:2:3:4:5:6:7::8", null],
    ["::1:2:3:4:5:6:7:8", null],
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"], // `::` may stand for one group
    ["::0:0:0:0:0:0:0", "::"],
    [":::", null],
    [":1::", null],
    ["1:::2", null],
    ["::ffff:1.2.3", null],
    ["::ffff:1.2.3.4.5", null],
    ["::ffff:1a.2.3.4", null],
    ["::ffff:1.2.3.4:5", null],
    ["1.2.3.4:80", null],
    ["[::1]", null],
    [" 1.2.3.4", null],
    ["1.2.3.4 ", null],
    ["0.0.0.0", "0.0.0.0"],
    ["255.255.255.255", "255.255.255.255"],
    ["1.2.3.256", null],
    ["1.2.3.1000", null],
    ["１.2.3.4", null], // a full-width digit is not a digit
  ];
  test.each(rows)("parseIP(%j)", (input, printed) => {
    expect(parseIP(input)?.toString() ?? null).toBe(printed);
  });
});

describe("parseIPZone", () => {
  const rows: [string, string | null, string][] = [
    ["fe80::1%eth0", "fe80::1", "eth0"],
    ["fe80::1%911", "fe80::1", "911"],
    ["fe80::1%eth0%x", "fe80::1", "eth0%x"], // the zone starts at the first '%'
    ["192.0.2.1", "192.0.2.1", ""],
    ["2001:db8::1", "2001:db8::1", ""],
    ["fe80::1%", null, ""],
    ["%eth0", null, ""],
    ["1.2.3.4%eth0", null, ""],
    ["fe80::1::2%eth0", null, ""],
    ["", null, ""],
  ];
  test.each(rows)("parseIPZone(%j)", (input, printed, zone) => {
    const [ip, gotZone] = parseIPZone(input);
    expect(ip?.toString() ?? null).toBe(printed);
    expect(gotZone).toBe(zone);
  });
});

describe("IP.toString (Go's ipStringTests)", () => {
  const rows: [IP, string][] = [
    // IPv4 address
    [ipOf(192, 0, 2, 1), "192.0.2.1"],
    [ipOf(0, 0, 0, 0), "0.0.0.0"],
    // IPv4-mapped IPv6 address
    [ipOf(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1), "192.0.2.1"],
    [ipOf(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0), "0.0.0.0"],
    // IPv6 address
    [ipOf(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0x1, 0x23, 0, 0x12, 0, 0x1), "2001:db8::123:12:1"],
    [ipOf(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1), "2001:db8::1"],
    [ipOf(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0x1, 0, 0, 0, 0x1, 0, 0, 0, 0x1), "2001:db8:0:1:0:1:0:1"],
    [ipOf(0x20, 0x1, 0xd, 0xb8, 0, 0x1, 0, 0, 0, 0x1, 0, 0, 0, 0x1, 0, 0), "2001:db8:1:0:1:0:1:0"],
    [ipOf(0x20, 0x1, 0, 0, 0, 0, 0, 0, 0, 0x1, 0, 0, 0, 0, 0, 0x1), "2001::1:0:0:1"],
    [ipOf(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0x1, 0, 0, 0, 0, 0, 0), "2001:db8:0:0:1::"],
    [ipOf(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0x1, 0, 0, 0, 0, 0, 0x1), "2001:db8::1:0:0:1"],
    [ipOf(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0xa, 0, 0xb, 0, 0xc, 0, 0xd), "2001:db8::a:b:c:d"],
    [IPv6unspecified, "::"],
    // Not in Go's table; documented Go behaviour (RFC 5952 details).
    [P("::1.2.3.4"), "::102:304"], // IPv4-compatible, not mapped: no dotted quad
    [P("1:0:0:2:0:0:3:4"), "1::2:0:0:3:4"], // equal runs: the first one wins
    [P("1:0:0:2:0:0:0:3"), "1:0:0:2::3"], // the longest run wins
    [P("2001:db8:0:1:1:1:1:1"), "2001:db8:0:1:1:1:1:1"], // a lone zero group stays
    [P("ABCD:EF01::"), "abcd:ef01::"],
  ];
  test.each(rows)("%s", (ip, want) => {
    expect(ip.toString()).toBe(want);
    expect(String(ip)).toBe(want);
  });

  it("refuses what Go prints as <nil> or ?hex: an IP always has 4 or 16 bytes", () => {
    expect(() => ipOf()).toThrow(RangeError);
    expect(() => ipOf(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef)).toThrow(RangeError);
    expect(() => ipOf(192, 168, 0)).toThrow(RangeError);
    expect(() => new IP([1, 2, 3, 4] as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe("IP.mask (Go's ipMaskTests)", () => {
  const rows: [IP, IPMask, IP][] = [
    [IPv4(192, 168, 1, 127), IPv4Mask(255, 255, 255, 128), IPv4(192, 168, 1, 0)],
    [IPv4(192, 168, 1, 127), M("255.255.255.192"), IPv4(192, 168, 1, 64)],
    [IPv4(192, 168, 1, 127), M("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffe0"), IPv4(192, 168, 1, 96)],
    [IPv4(192, 168, 1, 127), IPv4Mask(255, 0, 255, 0), IPv4(192, 0, 1, 0)],
    [P("2001:db8::1"), M("ffff:ff80::"), P("2001:d80::")],
    [P("2001:db8::1"), M("f0f0:0f0f::"), P("2000:d08::")],
  ];
  test.each(rows)("%s masked by %s is %s", (ip, mask, want) => {
    const out = ip.mask(mask);
    expect(out).not.toBeNull();
    expect(want.equal(out as IP)).toBe(true);
  });

  it("reconciles lengths as Go does, and gives null when it cannot", () => {
    // A 4-byte mask on an IPv4-mapped IP: the result has 4 bytes.
    expect(IPv4(10, 1, 2, 3).mask(IPv4Mask(255, 0, 0, 0))?.bytes).toEqual(Uint8Array.of(10, 0, 0, 0));
    // A 16-byte mask with an all-ones prefix on a 4-byte IP.
    expect(ipOf(10, 1, 2, 3).mask(CIDRMask(104, 128) as IPMask)?.bytes).toEqual(Uint8Array.of(10, 0, 0, 0));
    expect(ipOf(10, 1, 2, 3).mask(CIDRMask(64, 128) as IPMask)).toBeNull();
    expect(P("2001:db8::1").mask(IPv4Mask(255, 0, 0, 0))).toBeNull();
    expect(ipOf(10, 1, 2, 3).mask(maskOf(255, 255, 0))).toBeNull();
  });
});

describe("IPMask.toString (Go's ipMaskStringTests)", () => {
  const rows: [IPMask, string][] = [
    [IPv4Mask(255, 255, 255, 240), "fffffff0"],
    [IPv4Mask(255, 0, 128, 0), "ff008000"],
    [M("ffff:ff80::"), "ffffff80000000000000000000000000"],
    [M("ef00:ff80::cafe:0"), "ef00ff800000000000000000cafe0000"],
    [maskOf(), "<nil>"],
  ];
  test.each(rows)("%j", (mask, want) => {
    expect(mask.toString()).toBe(want);
  });
});

describe("IPMask.size", () => {
  const rows: [IPMask, [number, number]][] = [
    [IPv4Mask(255, 255, 255, 0), [24, 32]],
    [IPv4Mask(255, 255, 255, 255), [32, 32]],
    [IPv4Mask(0, 0, 0, 0), [0, 32]],
    [IPv4Mask(255, 0, 255, 0), [0, 0]],
    [IPv4Mask(255, 255, 255, 1), [0, 0]],
    [M("ffff:ffff:ffff:ffff:8000::"), [65, 128]],
    [M("8000:f123:0:cafe::"), [0, 0]],
    [maskOf(255, 255, 0), [16, 24]],
    [maskOf(), [0, 0]],
  ];
  test.each(rows)("%s", (mask, want) => {
    expect(mask.size()).toEqual(want);
  });
});

describe("parseCIDR (Go's parseCIDRTests)", () => {
  // [input, ip, network ip, network mask]
  const ok: [string, IP, IP, IPMask][] = [
    ["135.104.0.0/32", IPv4(135, 104, 0, 0), IPv4(135, 104, 0, 0), IPv4Mask(255, 255, 255, 255)],
    ["0.0.0.0/24", IPv4(0, 0, 0, 0), IPv4(0, 0, 0, 0), IPv4Mask(255, 255, 255, 0)],
    ["135.104.0.0/24", IPv4(135, 104, 0, 0), IPv4(135, 104, 0, 0), IPv4Mask(255, 255, 255, 0)],
    ["135.104.0.1/32", IPv4(135, 104, 0, 1), IPv4(135, 104, 0, 1), IPv4Mask(255, 255, 255, 255)],
    ["135.104.0.1/24", IPv4(135, 104, 0, 1), IPv4(135, 104, 0, 0), IPv4Mask(255, 255, 255, 0)],
    ["::1/128", P("::1"), P("::1"), M("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")],
    ["abcd:2345::/127", P("abcd:2345::"), P("abcd:2345::"), M("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe")],
    ["abcd:2345::/65", P("abcd:2345::"), P("abcd:2345::"), M("ffff:ffff:ffff:ffff:8000::")],
    ["abcd:2345::/64", P("abcd:2345::"), P("abcd:2345::"), M("ffff:ffff:ffff:ffff::")],
    ["abcd:2345::/63", P("abcd:2345::"), P("abcd:2345::"), M("ffff:ffff:ffff:fffe::")],
    ["abcd:2345::/33", P("abcd:2345::"), P("abcd:2345::"), M("ffff:ffff:8000::")],
    ["abcd:2345::/32", P("abcd:2345::"), P("abcd:2345::"), M("ffff:ffff::")],
    ["abcd:2344::/31", P("abcd:2344::"), P("abcd:2344::"), M("ffff:fffe::")],
    ["abcd:2300::/24", P("abcd:2300::"), P("abcd:2300::"), M("ffff:ff00::")],
    ["abcd:2345::/24", P("abcd:2345::"), P("abcd:2300::"), M("ffff:ff00::")],
    ["2001:DB8::/48", P("2001:DB8::"), P("2001:DB8::"), M("ffff:ffff:ffff::")],
    ["2001:DB8::1/48", P("2001:DB8::1"), P("2001:DB8::"), M("ffff:ffff:ffff::")],
  ];
  test.each(ok)("parseCIDR(%j)", (input, wantIP, wantNetIP, wantMask) => {
    const [ip, net] = parseCIDR(input);
    expect(wantIP.equal(ip)).toBe(true);
    expect(wantNetIP.equal(net.ip)).toBe(true);
    // Go compares the mask with reflect.DeepEqual: exact bytes, exact length.
    expect(net.mask.bytes).toEqual(wantMask.bytes);
    // The address comes back in 16 bytes; an IPv4 network in 4.
    expect(ip.bytes.length).toBe(IPv6len);
    expect(net.ip.bytes.length).toBe(wantMask.bytes.length);
  });

  const bad = [
    "192.168.1.1/255.255.255.0",
    "192.168.1.1/35",
    "2001:db8::1/-1",
    "2001:db8::1/-0",
    "-0.0.0.0/32",
    "0.-1.0.0/32",
    "0.0.-2.0/32",
    "0.0.0.-3/32",
    "0.0.0.0/-0",
    "127.000.000.001/32",
    "",
    // Not in Go's table; Go's rules all the same.
    "192.168.1.1",
    "192.168.1.1/",
    "192.168.1.1/+24",
    "192.168.1.1/24/",
    "192.168.1.1/ 24",
    "::1/129",
    "fe80::1%eth0/64",
    "1.2.3.4%eth0/24",
    "/24",
    "abc/24",
    "::1/99999999999999999999",
  ];
  test.each(bad)("parseCIDR(%j) throws ParseError", (input) => {
    let caught: unknown;
    try {
      parseCIDR(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ParseError);
    const err = caught as ParseError;
    expect(err.type).toBe("CIDR address");
    expect(err.text).toBe(input);
    expect(err.message).toBe(`invalid CIDR address: ${input}`);
  });

  it("accepts a prefix with leading zeros", () => {
    expect(parseCIDR("10.1.2.3/024")[1].toString()).toBe("10.1.2.0/24");
    expect(parseCIDR("::1/0000128")[1].toString()).toBe("::1/128");
  });

  it("keeps ::ffff:a.b.c.d in IPv6 form, prefix and all (verified Go behaviour)", () => {
    expect(parseCIDR("::ffff:1.2.3.4/120")[1].toString()).toBe("1.2.3.0/24");
    expect(parseCIDR("::ffff:1.2.3.4/24")[1].toString()).toBe("::/24");
  });

  it("prints like Go's Println(ip, ipnet)", () => {
    const [ip, net] = parseCIDR("192.168.1.77/24");
    expect(`${ip} ${net}`).toBe("192.168.1.77 192.168.1.0/24");
    expect(net.network()).toBe("ip+net");
  });
});

describe("IPNet.contains (Go's ipNetContainsTests)", () => {
  const rows: [IP, IPNet, boolean][] = [
    [IPv4(172, 16, 1, 1), new IPNet(IPv4(172, 16, 0, 0), CIDRMask(12, 32) as IPMask), true],
    [IPv4(172, 24, 0, 1), new IPNet(IPv4(172, 16, 0, 0), CIDRMask(13, 32) as IPMask), false],
    [IPv4(192, 168, 0, 3), new IPNet(IPv4(192, 168, 0, 0), IPv4Mask(0, 0, 255, 252)), true],
    [IPv4(192, 168, 0, 4), new IPNet(IPv4(192, 168, 0, 0), IPv4Mask(0, 255, 0, 252)), false],
    [P("2001:db8:1:2::1"), new IPNet(P("2001:db8:1::"), CIDRMask(47, 128) as IPMask), true],
    [P("2001:db8:1:2::1"), new IPNet(P("2001:db8:2::"), CIDRMask(47, 128) as IPMask), false],
    [P("2001:db8:1:2::1"), new IPNet(P("2001:db8:1::"), M("ffff:0:ffff::")), true],
    [P("2001:db8:1:2::1"), new IPNet(P("2001:db8:1::"), M("0:0:0:ffff::")), false],
  ];
  test.each(rows)("%s in %s: %s", (ip, net, want) => {
    expect(net.contains(ip)).toBe(want);
  });

  it("never mixes families", () => {
    const [, v4net] = parseCIDR("0.0.0.0/0");
    const [, v6net] = parseCIDR("::/0");
    expect(v4net.contains(P("2001:db8::1"))).toBe(false);
    expect(v4net.contains(ipOf(1, 2, 3, 4))).toBe(true);
    expect(v6net.contains(P("1.2.3.4"))).toBe(false);
    expect(v6net.contains(P("2001:db8::1"))).toBe(true);
  });
});

describe("IPNet.toString (Go's ipNetStringTests)", () => {
  const rows: [IPNet, string][] = [
    [new IPNet(IPv4(192, 168, 1, 0), CIDRMask(26, 32) as IPMask), "192.168.1.0/26"],
    [new IPNet(IPv4(192, 168, 1, 0), IPv4Mask(255, 0, 255, 0)), "192.168.1.0/ff00ff00"],
    [new IPNet(P("2001:db8::"), CIDRMask(55, 128) as IPMask), "2001:db8::/55"],
    [new IPNet(P("2001:db8::"), M("8000:f123:0:cafe::")), "2001:db8::/8000f1230000cafe0000000000000000"],
  ];
  test.each(rows)("%j", (net, want) => {
    expect(net.toString()).toBe(want);
  });
});

describe("CIDRMask (Go's cidrMaskTests)", () => {
  const ff = 0xff;
  const rows: [number, number, IPMask | null][] = [
    [0, 32, IPv4Mask(0, 0, 0, 0)],
    [12, 32, IPv4Mask(255, 240, 0, 0)],
    [24, 32, IPv4Mask(255, 255, 255, 0)],
    [32, 32, IPv4Mask(255, 255, 255, 255)],
    [0, 128, maskOf(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)],
    [4, 128, maskOf(0xf0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)],
    [48, 128, maskOf(ff, ff, ff, ff, ff, ff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)],
    [128, 128, maskOf(ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff)],
    [33, 32, null],
    [32, 33, null],
    [-1, 128, null],
    [128, -1, null],
    // Not in Go's table: JS numbers that are not ints.
    [1.5, 32, null],
    [Number.NaN, 32, null],
    [8, 32.5, null],
  ];
  test.each(rows)("CIDRMask(%d, %d)", (ones, bits, want) => {
    expect(CIDRMask(ones, bits)?.bytes ?? null).toEqual(want?.bytes ?? null);
  });
});

describe("IPNet normalisation (Go's networkNumberAndMaskTests)", () => {
  // Go checks the internal networkNumberAndMask; its result shows in String
  // (the normalised ip/mask, or <nil> when they do not fit together).
  const v4addr = ipOf(192, 168, 0, 1);
  const v4mappedv6addr = ipOf(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 0, 1);
  const v6addr = ipOf(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0x1, 0x23, 0, 0x12, 0, 0x1);
  const v4mask = maskOf(255, 255, 255, 0);
  const ff = 0xff;
  const v4mappedv6mask = maskOf(ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, 255, 255, 255, 0);
  const v6mask = maskOf(ff, ff, ff, ff, ff, ff, ff, ff, 0, 0, 0, 0, 0, 0, 0, 0);
  const badmask = maskOf(255, 255, 0);

  const rows: [IP, IPMask, string][] = [
    [v4addr, v4mask, "192.168.0.1/24"],
    [v4addr, v4mappedv6mask, "192.168.0.1/24"],
    [v4mappedv6addr, v4mappedv6mask, "192.168.0.1/24"],
    [v4mappedv6addr, v6mask, "192.168.0.1/0"],
    [v4addr, v6mask, "192.168.0.1/0"],
    [v6addr, v6mask, "2001:db8::123:12:1/64"],
    [v6addr, v4mappedv6mask, "2001:db8::123:12:1/120"],
    [v6addr, v4mask, "<nil>"],
    [v4addr, badmask, "<nil>"],
    [v4mappedv6addr, badmask, "<nil>"],
    [v6addr, badmask, "<nil>"],
  ];
  test.each(rows)("%s with mask %s prints %j", (ip, mask, want) => {
    const net = new IPNet(ip, mask);
    expect(net.toString()).toBe(want);
    // A net that does not normalise contains nothing, not even its own address.
    expect(net.contains(ip)).toBe(want !== "<nil>");
  });
});

describe("address families (Go's ipAddrFamilyTests)", () => {
  const rows: [IP, boolean, boolean][] = [
    [IPv4bcast, true, false],
    [IPv4allsys, true, false],
    [IPv4allrouter, true, false],
    [IPv4zero, true, false],
    [IPv4(224, 0, 0, 1), true, false],
    [IPv4(127, 0, 0, 1), true, false],
    [IPv4(240, 0, 0, 1), true, false],
    [IPv6unspecified, false, true],
    [IPv6loopback, false, true],
    [IPv6interfacelocalallnodes, false, true],
    [IPv6linklocalallnodes, false, true],
    [IPv6linklocalallrouters, false, true],
    [P("ff05::a:b:c:d"), false, true],
    [P("fe80::1:2:3:4"), false, true],
    [P("2001:db8::123:12:1"), false, true],
  ];
  test.each(rows)("%s", (ip, af4, af6) => {
    expect(ip.to4() !== null).toBe(af4);
    expect(ip.bytes.length === IPv6len && ip.to4() === null).toBe(af6);
  });
});

type Scope =
  | "isUnspecified"
  | "isLoopback"
  | "isMulticast"
  | "isInterfaceLocalMulticast"
  | "isLinkLocalMulticast"
  | "isLinkLocalUnicast"
  | "isGlobalUnicast"
  | "isPrivate";

describe("address scopes (Go's ipAddrScopeTests)", () => {
  const ff = 0xff;
  const rows: [Scope, IP, boolean][] = [
    ["isUnspecified", IPv4zero, true],
    ["isUnspecified", IPv4(127, 0, 0, 1), false],
    ["isUnspecified", IPv6unspecified, true],
    ["isUnspecified", IPv6interfacelocalallnodes, false],
    ["isLoopback", IPv4(127, 0, 0, 1), true],
    ["isLoopback", IPv4(127, 255, 255, 254), true],
    ["isLoopback", IPv4(128, 1, 2, 3), false],
    ["isLoopback", IPv6loopback, true],
    ["isLoopback", IPv6linklocalallrouters, false],
    ["isMulticast", IPv4(224, 0, 0, 0), true],
    ["isMulticast", IPv4(239, 0, 0, 0), true],
    ["isMulticast", IPv4(240, 0, 0, 0), false],
    ["isMulticast", IPv6linklocalallnodes, true],
    ["isMulticast", ipOf(0xff, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), true],
    ["isMulticast", ipOf(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), false],
    ["isInterfaceLocalMulticast", IPv4(224, 0, 0, 0), false],
    ["isInterfaceLocalMulticast", IPv4(0xff, 0x01, 0, 0), false],
    ["isInterfaceLocalMulticast", IPv6interfacelocalallnodes, true],
    ["isLinkLocalMulticast", IPv4(224, 0, 0, 0), true],
    ["isLinkLocalMulticast", IPv4(239, 0, 0, 0), false],
    ["isLinkLocalMulticast", IPv4(0xff, 0x02, 0, 0), false],
    ["isLinkLocalMulticast", IPv6linklocalallrouters, true],
    ["isLinkLocalMulticast", ipOf(0xff, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), false],
    ["isLinkLocalUnicast", IPv4(169, 254, 0, 0), true],
    ["isLinkLocalUnicast", IPv4(169, 255, 0, 0), false],
    ["isLinkLocalUnicast", IPv4(0xfe, 0x80, 0, 0), false],
    ["isLinkLocalUnicast", ipOf(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), true],
    ["isLinkLocalUnicast", ipOf(0xfe, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), false],
    ["isGlobalUnicast", IPv4(240, 0, 0, 0), true],
    ["isGlobalUnicast", IPv4(232, 0, 0, 0), false],
    ["isGlobalUnicast", IPv4(169, 254, 0, 0), false],
    ["isGlobalUnicast", IPv4bcast, false],
    ["isGlobalUnicast", ipOf(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0x1, 0x23, 0, 0x12, 0, 0x1), true],
    ["isGlobalUnicast", ipOf(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), false],
    ["isGlobalUnicast", ipOf(0xff, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), false],
    ["isPrivate", IPv4(1, 1, 1, 1), false],
    ["isPrivate", IPv4(9, 255, 255, 255), false],
    ["isPrivate", IPv4(10, 0, 0, 0), true],
    ["isPrivate", IPv4(10, 255, 255, 255), true],
    ["isPrivate", IPv4(11, 0, 0, 0), false],
    ["isPrivate", IPv4(172, 15, 255, 255), false],
    ["isPrivate", IPv4(172, 16, 0, 0), true],
    ["isPrivate", IPv4(172, 16, 255, 255), true],
    ["isPrivate", IPv4(172, 23, 18, 255), true],
    ["isPrivate", IPv4(172, 31, 255, 255), true],
    ["isPrivate", IPv4(172, 31, 0, 0), true],
    ["isPrivate", IPv4(172, 32, 0, 0), false],
    ["isPrivate", IPv4(192, 167, 255, 255), false],
    ["isPrivate", IPv4(192, 168, 0, 0), true],
    ["isPrivate", IPv4(192, 168, 255, 255), true],
    ["isPrivate", IPv4(192, 169, 0, 0), false],
    ["isPrivate", ipOf(0xfb, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff), false],
    ["isPrivate", ipOf(0xfc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), true],
    ["isPrivate", ipOf(0xfc, 0xff, 0x12, 0, 0, 0, 0, 0x44, 0, 0, 0, 0, 0, 0, 0, 0), true],
    ["isPrivate", ipOf(0xfd, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff, ff), true],
    ["isPrivate", ipOf(0xfe, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), false],
  ];
  test.each(rows)("%s(%s) is %s", (scope, ip, want) => {
    expect(ip[scope]()).toBe(want);
    // As Go does: the same answer for the 4-byte form of an IPv4 address.
    const ip4 = ip.to4();
    if (ip4 !== null) expect(ip4[scope]()).toBe(want);
  });
});

describe("IP.defaultMask", () => {
  const rows: [IP, string | null][] = [
    [IPv4(10, 1, 2, 3), "ff000000"],
    [IPv4(127, 255, 255, 255), "ff000000"],
    [IPv4(128, 0, 0, 1), "ffff0000"],
    [IPv4(172, 16, 0, 1), "ffff0000"],
    [IPv4(192, 168, 1, 1), "ffffff00"],
    [IPv4(224, 0, 0, 1), "ffffff00"], // Go: anything from 192 up is class C
    [ipOf(10, 1, 2, 3), "ff000000"],
    [P("2001:db8::1"), null],
  ];
  test.each(rows)("%s", (ip, want) => {
    expect(ip.defaultMask()?.toString() ?? null).toBe(want);
  });
});

describe("IP basics", () => {
  it("equal treats the 4- and 16-byte IPv4 forms alike, and nothing else", () => {
    expect(ipOf(1, 2, 3, 4).equal(IPv4(1, 2, 3, 4))).toBe(true);
    expect(IPv4(1, 2, 3, 4).equal(ipOf(1, 2, 3, 4))).toBe(true);
    expect(ipOf(1, 2, 3, 4).equal(ipOf(1, 2, 3, 5))).toBe(false);
    expect(ipOf(0, 0, 0, 1).equal(P("::1"))).toBe(false);
    expect(P("::1").equal(ipOf(0, 0, 0, 1))).toBe(false);
    expect(P("2001:db8::1").equal(P("2001:DB8:0::1"))).toBe(true);
  });

  it("to4 and to16 convert between the forms", () => {
    expect(IPv4(1, 2, 3, 4).to4()?.bytes).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(ipOf(1, 2, 3, 4).to16().bytes).toEqual(IPv4(1, 2, 3, 4).bytes);
    expect(P("::1").to4()).toBeNull();
    expect(P("::1").to16().bytes.length).toBe(IPv6len);
  });

  it("copies the bytes it is given", () => {
    const bytes = Uint8Array.of(10, 0, 0, 1);
    const ip = new IP(bytes);
    bytes[0] = 99;
    expect(ip.toString()).toBe("10.0.0.1");
    const mask = new IPMask(bytes);
    bytes[1] = 99;
    expect(mask.bytes[1]).toBe(0);
  });

  it("exports Go's well-known addresses and lengths", () => {
    expect(IPv4len).toBe(4);
    expect(IPv6len).toBe(16);
    expect(
      [IPv4bcast, IPv4allsys, IPv4allrouter, IPv4zero].map((ip) => [ip.toString(), ip.bytes.length]),
    ).toEqual([
      ["255.255.255.255", 16],
      ["224.0.0.1", 16],
      ["224.0.0.2", 16],
      ["0.0.0.0", 16],
    ]);
    expect(
      [
        IPv6zero,
        IPv6unspecified,
        IPv6loopback,
        IPv6interfacelocalallnodes,
        IPv6linklocalallnodes,
        IPv6linklocalallrouters,
      ].map(String),
    ).toEqual(["::", "::", "::1", "ff01::1", "ff02::1", "ff02::2"]);
  });

  it("rejects out-of-range parts and non-string input with the documented errors", () => {
    expect(() => IPv4(256, 0, 0, 1)).toThrow(RangeError);
    expect(() => IPv4(-1, 0, 0, 1)).toThrow(RangeError);
    expect(() => IPv4Mask(255, 255, 255, 0.5)).toThrow(RangeError);
    expect(() => new IPMask([255] as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => new IPNet(ipOf(1, 2, 3, 4), "ffffff00" as unknown as IPMask)).toThrow(TypeError);
    expect(() => parseIP(undefined as unknown as string)).toThrow(TypeError);
    expect(() => parseIPZone(42 as unknown as string)).toThrow(TypeError);
    expect(() => parseCIDR(null as unknown as string)).toThrow(TypeError);
  });
});
