// Go's parseMACTests (src/net/mac_test.go), with its round trip through String.

import { describe, expect, it, test } from "vitest";
import { AddrError } from "../lib/errors.js";
import { HardwareAddr, parseMAC } from "../lib/mac.js";

function parseOrError(s: string): HardwareAddr | AddrError {
  try {
    return parseMAC(s);
  } catch (err) {
    if (err instanceof AddrError) return err;
    throw err;
  }
}

describe("parseMAC (Go's parseMACTests)", () => {
  const ipoib = [
    0x00, 0x00, 0x00, 0x00, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x5e, 0x10, 0x00, 0x00,
    0x00, 0x01,
  ];
  const abcd20 = [
    0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef,
    0xab, 0xcd,
  ];
  const valid: [string, number[]][] = [
    // See RFC 7042, Section 2.1.1.
    ["00:00:5e:00:53:01", [0x00, 0x00, 0x5e, 0x00, 0x53, 0x01]],
    ["00-00-5e-00-53-01", [0x00, 0x00, 0x5e, 0x00, 0x53, 0x01]],
    ["0000.5e00.5301", [0x00, 0x00, 0x5e, 0x00, 0x53, 0x01]],
    // See RFC 7042, Section 2.2.2.
    ["02:00:5e:10:00:00:00:01", [0x02, 0x00, 0x5e, 0x10, 0x00, 0x00, 0x00, 0x01]],
    ["02-00-5e-10-00-00-00-01", [0x02, 0x00, 0x5e, 0x10, 0x00, 0x00, 0x00, 0x01]],
    ["0200.5e10.0000.0001", [0x02, 0x00, 0x5e, 0x10, 0x00, 0x00, 0x00, 0x01]],
    // See RFC 4391, Section 9.1.1.
    ["00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01", ipoib],
    ["00-00-00-00-fe-80-00-00-00-00-00-00-02-00-5e-10-00-00-00-01", ipoib],
    ["0000.0000.fe80.0000.0000.0000.0200.5e10.0000.0001", ipoib],

    ["ab:cd:ef:AB:CD:EF", [0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef]],
    ["ab:cd:ef:AB:CD:EF:ab:cd", [0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef, 0xab, 0xcd]],
    ["ab:cd:ef:AB:CD:EF:ab:cd:ef:AB:CD:EF:ab:cd:ef:AB:CD:EF:ab:cd", abcd20],
  ];
  test.each(valid)("parseMAC(%j)", (input, want) => {
    const hw = parseMAC(input);
    expect(hw.bytes).toEqual(Uint8Array.from(want));
    // As Go's test does: String parses back to the same address.
    expect(parseMAC(hw.toString()).bytes).toEqual(hw.bytes);
  });

  const invalid = [
    "01.02.03.04.05.06",
    "01:02:03:04:05:06:",
    "x1:02:03:04:05:06",
    "01002:03:04:05:06",
    "01:02003:04:05:06",
    "01:02:03004:05:06",
    "01:02:03:04005:06",
    "01:02:03:04:05006",
    "01-02:03:04:05:06",
    "01:02-03-04-05-06",
    "0123:4567:89AF",
    "0123-4567-89AF",
    // Not in Go's table; Go's rules all the same.
    "",
    "00:00:5e:00:53",
    "00:00:5e:00:53:01:02",
    "0000.5e00.5301.",
    "0000.5e00:5301",
    "0000.5e00.530g",
    "+0:00:5e:00:53:01",
    "00:00:5e:00:53:0é",
  ];
  test.each(invalid)("parseMAC(%j) throws AddrError", (input) => {
    const got = parseOrError(input);
    expect(got).toBeInstanceOf(AddrError);
    const err = got as AddrError;
    expect(err.err).toBe("invalid MAC address");
    expect(err.addr).toBe(input);
  });

  it("uses Go's message (TestHardwareAddr_UnmarshalText)", () => {
    expect(() => parseMAC("foo-bar-baz")).toThrow("address foo-bar-baz: invalid MAC address");
  });

  it("rejects non-string input with TypeError", () => {
    expect(() => parseMAC(undefined as unknown as string)).toThrow(TypeError);
  });
});

describe("HardwareAddr.toString", () => {
  const rows: [number[], string][] = [
    [[0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff], "aa:bb:cc:dd:ee:ff"],
    [[0x00, 0x00, 0x5e, 0x00, 0x63, 0x01], "00:00:5e:00:63:01"],
    [[0x54, 0x22, 0xa9, 0x2f, 0x4e, 0x77], "54:22:a9:2f:4e:77"],
    [[0x0a], "0a"],
    [[], ""],
  ];
  test.each(rows)("%j prints %j", (bytes, want) => {
    expect(new HardwareAddr(Uint8Array.from(bytes)).toString()).toBe(want);
  });

  it("copies the bytes it is given", () => {
    const bytes = Uint8Array.of(1, 2, 3, 4, 5, 6);
    const hw = new HardwareAddr(bytes);
    bytes[0] = 0xff;
    expect(hw.toString()).toBe("01:02:03:04:05:06");
  });

  it("refuses anything but a Uint8Array", () => {
    expect(() => new HardwareAddr([1, 2, 3] as unknown as Uint8Array)).toThrow(TypeError);
  });
});
