import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { AddrError } from "../lib/errors.js";
import { DNSError, lookupPort, Resolver } from "../lib/dns.js";
import { lookupPortSync, lookupProtocol } from "../lib/services.js";

/** Runs `fn` and returns what it threw. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("lookupPortSync", () => {
  test.each([
    ["tcp", "http", 80],
    ["udp", "domain", 53],
    ["tcp4", "ssh", 22],
    ["tcp6", "https", 443],
    ["udp6", "domain", 53],
    ["tcp", "HTTP", 80], // names match case-insensitively
    ["tcp", "www", 80], // aliases from /etc/services count
    ["ip", "domain", 53], // ip tries tcp, then udp
    ["", "http", 80], // "" is Go's legacy wildcard for ip
  ])("%s/%s is port %i", (network, service, port) => {
    expect(lookupPortSync(network, service)).toBe(port);
  });

  test("Go's built-in table backs up /etc/services", () => {
    // imap3 is in Go's fallback table but not in Debian's /etc/services.
    expect(lookupPortSync("tcp", "imap3")).toBe(220);
  });

  test.each([
    ["tcp", "8080", 8080],
    ["udp", "0", 0],
    ["tcp", "+80", 80],
    ["tcp", "", 0], // Go locks in "" as port 0
    ["tcp", "65535", 65535],
    ["nosuchnet", "80", 80], // numbers skip the network check, as in Go
  ])("numeric %s/%j is %i without a lookup", (network, service, port) => {
    expect(lookupPortSync(network, service)).toBe(port);
  });

  test.each(["65536", "-1", "99999999999999999999", "-99999999999999999999"])(
    "%s is an invalid port",
    (service) => {
      const err = thrown(() => lookupPortSync("tcp", service));
      expect(err).toBeInstanceOf(AddrError);
      expect((err as Error).message).toBe(`address ${service}: invalid port`);
    },
  );

  test("an unknown service is modern Go's DNSError tcp/NAME: unknown port", () => {
    const err = thrown(() => lookupPortSync("tcp", "nosuchsvc"));
    expect(err).toBeInstanceOf(DNSError);
    const dnsErr = err as DNSError;
    expect(dnsErr.message).toBe("lookup tcp/nosuchsvc: unknown port");
    expect(dnsErr.name).toBe("tcp/nosuchsvc");
    expect(dnsErr.err).toBe("unknown port");
    expect(dnsErr.isNotFound).toBe(true);
    expect(dnsErr.timeout()).toBe(false);
    expect(dnsErr.code).toBe("ENOTFOUND");
  });

  test.each([
    ["tcp6", "lookup tcp/nosuchsvc: unknown port"],
    ["udp4", "lookup udp/nosuchsvc: unknown port"],
    ["ip", "lookup ip/nosuchsvc: unknown port"],
  ])("the error for %s names the protocol as Go does", (network, message) => {
    expect(() => lookupPortSync(network, "nosuchsvc")).toThrow(message);
  });

  test("a service of the other protocol is unknown", () => {
    // ssh is tcp-only in /etc/services.
    expect(() => lookupPortSync("udp", "ssh")).toThrow("lookup udp/ssh: unknown port");
  });

  test("a bad network is AddrError unknown network", () => {
    const err = thrown(() => lookupPortSync("sctp", "http"));
    expect(err).toBeInstanceOf(AddrError);
    expect((err as Error).message).toBe("address sctp: unknown network");
  });

  test("non-string arguments are TypeErrors", () => {
    expect(() => lookupPortSync(6 as unknown as string, "http")).toThrow(TypeError);
    expect(() => lookupPortSync("tcp", 80 as unknown as string)).toThrow(TypeError);
  });

  test("every decimal string is its own number, range-checked", () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), (n) => {
        const s = String(n);
        if (n <= 65535) return lookupPortSync("tcp", s) === n;
        return thrown(() => lookupPortSync("tcp", s)) instanceof AddrError;
      }),
    );
  });
});

describe("lookupPort", () => {
  test("resolves like lookupPortSync, package-level and on a Resolver", async () => {
    await expect(lookupPort("tcp", "http")).resolves.toBe(80);
    await expect(new Resolver().lookupPort("udp", "domain")).resolves.toBe(53);
  });

  test("rejects with the same errors", async () => {
    await expect(lookupPort("tcp", "nosuchsvc")).rejects.toThrow(DNSError);
    await expect(lookupPort("tcp", "nosuchsvc")).rejects.toThrow("lookup tcp/nosuchsvc: unknown port");
    await expect(lookupPort("foo", "http")).rejects.toThrow("address foo: unknown network");
    await expect(lookupPort(1 as unknown as string, "http")).rejects.toThrow(TypeError);
  });

  test("an aborted signal cancels it", async () => {
    const err = await lookupPort("tcp", "http", { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DNSError);
    expect((err as DNSError).message).toBe("lookup tcp/http: operation was canceled");
  });
});

describe("lookupProtocol", () => {
  test.each([
    ["icmp", 1],
    ["ICMP", 1],
    ["igmp", 2],
    ["tcp", 6],
    ["udp", 17],
    ["ipv6-icmp", 58],
    ["IPv6-ICMP", 58],
    ["sctp", 132], // only in /etc/protocols
    ["SCTP", 132],
  ])("%s is protocol %i", (name, proto) => {
    expect(lookupProtocol(name)).toBe(proto);
  });

  test.each([
    ["1", 1],
    ["58", 58],
    ["255", 255],
  ])("decimal %s is protocol %i, as in ip4:%s", (name, proto) => {
    expect(lookupProtocol(name)).toBe(proto);
  });

  test.each([
    ["nosuchproto", "address nosuchproto: unknown IP protocol specified"],
    ["1x", "address 1x: unknown IP protocol specified"],
    ["16777215", "address 16777215: unknown IP protocol specified"], // past Go's dtoi limit
    ["", "unknown IP protocol specified"],
  ])("%j is AddrError %j", (name, message) => {
    const err = thrown(() => lookupProtocol(name));
    expect(err).toBeInstanceOf(AddrError);
    expect((err as Error).message).toBe(message);
  });

  test("a non-string is a TypeError", () => {
    expect(() => lookupProtocol(1 as unknown as string)).toThrow(TypeError);
  });
});
