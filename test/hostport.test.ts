// Go's TestSplitHostPort and TestJoinHostPort tables (src/net/ip_test.go).

import { describe, expect, it, test } from "vitest";
import { AddrError } from "../lib/errors.js";
import { joinHostPort, splitHostPort } from "../lib/hostport.js";

describe("splitHostPort (Go's TestSplitHostPort)", () => {
  const ok: [string, string, string][] = [
    // Host name
    ["localhost:http", "localhost", "http"],
    ["localhost:80", "localhost", "80"],

    // Go-specific host name with zone identifier
    ["localhost%lo0:http", "localhost%lo0", "http"],
    ["localhost%lo0:80", "localhost%lo0", "80"],
    ["[localhost%lo0]:http", "localhost%lo0", "http"], // Go 1 behavior
    ["[localhost%lo0]:80", "localhost%lo0", "80"], // Go 1 behavior

    // IP literal
    ["127.0.0.1:http", "127.0.0.1", "http"],
    ["127.0.0.1:80", "127.0.0.1", "80"],
    ["[::1]:http", "::1", "http"],
    ["[::1]:80", "::1", "80"],

    // IP literal with zone identifier
    ["[::1%lo0]:http", "::1%lo0", "http"],
    ["[::1%lo0]:80", "::1%lo0", "80"],

    // Go-specific wildcard for host name
    [":http", "", "http"], // Go 1 behavior
    [":80", "", "80"], // Go 1 behavior

    // Go-specific wildcard for service name or transport port number
    ["golang.org:", "golang.org", ""], // Go 1 behavior
    ["127.0.0.1:", "127.0.0.1", ""], // Go 1 behavior
    ["[::1]:", "::1", ""], // Go 1 behavior

    // Opaque service name
    ["golang.org:https%foo", "golang.org", "https%foo"], // Go 1 behavior

    // Not in Go's table: no validation of either part.
    [":", "", ""],
    ["[]:", "", ""],
    ["[]:80", "", "80"],
    ["host:99999", "host", "99999"],
  ];
  test.each(ok)("splitHostPort(%j)", (hostport, host, port) => {
    expect(splitHostPort(hostport)).toEqual([host, port]);
  });

  const bad: [string, string][] = [
    ["golang.org", "missing port in address"],
    ["127.0.0.1", "missing port in address"],
    ["[::1]", "missing port in address"],
    ["[fe80::1%lo0]", "missing port in address"],
    ["[localhost%lo0]", "missing port in address"],
    ["localhost%lo0", "missing port in address"],

    ["::1", "too many colons in address"],
    ["fe80::1%lo0", "too many colons in address"],
    ["fe80::1%lo0:80", "too many colons in address"],

    // Test cases that didn't fail in Go 1

    ["[foo:bar]", "missing port in address"],
    ["[foo:bar]baz", "missing port in address"],
    ["[foo]bar:baz", "missing port in address"],

    ["[foo]:[bar]:baz", "too many colons in address"],

    ["[foo]:[bar]baz", "unexpected '[' in address"],
    ["foo[bar]:baz", "unexpected '[' in address"],

    ["foo]bar:baz", "unexpected ']' in address"],

    // Not in Go's table; Go's rules all the same.
    ["", "missing port in address"],
    ["[::1", "missing ']' in address"],
    ["[::1:80", "missing ']' in address"],
    ["[::1]]:80", "missing port in address"], // the first ']' is not followed by ':'
    ["[[::1]:80", "unexpected '[' in address"],
    ["[::1]:80]", "unexpected ']' in address"],
  ];
  test.each(bad)("splitHostPort(%j) fails: %s", (hostport, reason) => {
    let caught: unknown;
    try {
      splitHostPort(hostport);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AddrError);
    const err = caught as AddrError;
    expect(err.err).toBe(reason);
    expect(err.addr).toBe(hostport);
    expect(err.message).toBe(hostport ? `address ${hostport}: ${reason}` : reason);
  });

  it("rejects non-string input with TypeError", () => {
    expect(() => splitHostPort(80 as unknown as string)).toThrow(TypeError);
  });
});

describe("joinHostPort (Go's TestJoinHostPort)", () => {
  const rows: [string, string, string][] = [
    // Host name
    ["localhost", "http", "localhost:http"],
    ["localhost", "80", "localhost:80"],

    // Go-specific host name with zone identifier
    ["localhost%lo0", "http", "localhost%lo0:http"],
    ["localhost%lo0", "80", "localhost%lo0:80"],

    // IP literal
    ["127.0.0.1", "http", "127.0.0.1:http"],
    ["127.0.0.1", "80", "127.0.0.1:80"],
    ["::1", "http", "[::1]:http"],
    ["::1", "80", "[::1]:80"],

    // IP literal with zone identifier
    ["::1%lo0", "http", "[::1%lo0]:http"],
    ["::1%lo0", "80", "[::1%lo0]:80"],

    // Go-specific wildcard for host name
    ["", "http", ":http"], // Go 1 behavior
    ["", "80", ":80"], // Go 1 behavior

    // Go-specific wildcard for service name or transport port number
    ["golang.org", "", "golang.org:"], // Go 1 behavior
    ["127.0.0.1", "", "127.0.0.1:"], // Go 1 behavior
    ["::1", "", "[::1]:"], // Go 1 behavior

    // Opaque service name
    ["golang.org", "https%foo", "golang.org:https%foo"], // Go 1 behavior
  ];
  test.each(rows)("joinHostPort(%j, %j)", (host, port, want) => {
    expect(joinHostPort(host, port)).toBe(want);
  });

  it("writes a numeric port in decimal", () => {
    expect(joinHostPort("::1", 80)).toBe("[::1]:80");
    expect(joinHostPort("example.com", 0)).toBe("example.com:0");
    expect(joinHostPort("", 65535)).toBe(":65535");
  });

  it("rejects bad arguments with TypeError / RangeError", () => {
    expect(() => joinHostPort("h", 1.5)).toThrow(RangeError);
    expect(() => joinHostPort("h", Number.NaN)).toThrow(RangeError);
    expect(() => joinHostPort("h", null as unknown as string)).toThrow(TypeError);
    expect(() => joinHostPort(undefined as unknown as string, "80")).toThrow(TypeError);
  });
});
