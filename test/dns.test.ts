// DNS lookups against a real server: dnsmasq on 127.0.0.1, authoritative for
// gonet.test. The system resolver is only asked about names /etc/hosts
// answers, so no query leaves the machine.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import dgram from "node:dgram";
import { once } from "node:events";
import { AddrError, UnknownNetworkError } from "../lib/errors.js";
import {
  DNSError,
  lookupAddr,
  lookupCNAME,
  lookupHost,
  lookupIP,
  lookupMX,
  lookupNS,
  lookupSRV,
  lookupTXT,
  Resolver,
} from "../lib/dns.js";
import { startDnsmasq, type DnsServer } from "./helpers/dnsmasq.js";

const ZONE = "gonet.test";
const RECORDS = [
  "--host-record=www.gonet.test,192.0.2.10,2001:db8::10",
  "--host-record=v4only.gonet.test,192.0.2.11",
  "--host-record=v6only.gonet.test,2001:db8::12",
  "--cname=alias.gonet.test,www.gonet.test",
  "--cname=alias2.gonet.test,alias.gonet.test",
  "--mx-host=gonet.test,mx1.gonet.test,10",
  "--mx-host=gonet.test,mx2.gonet.test,5",
  "--mx-host=gonet.test,mx3.gonet.test,5",
  "--srv-host=_http._tcp.gonet.test,a.gonet.test,80,10,60",
  "--srv-host=_http._tcp.gonet.test,b.gonet.test,80,20,0",
  "--srv-host=_http._tcp.gonet.test,c.gonet.test,8080,10,40",
  "--srv-host=srv.gonet.test,www.gonet.test,8443,1,1",
  "--txt-record=txt.gonet.test,hello,world",
  "--txt-record=txt.gonet.test,second",
  // chain0 -> chain1 -> ... -> chain20 -> www: longer than lookupCNAME follows.
  ...Array.from({ length: 20 }, (_, i) => `--cname=chain${i}.gonet.test,chain${i + 1}.gonet.test`),
  "--cname=chain20.gonet.test,www.gonet.test",
];

let server: DnsServer;
let resolver: Resolver;
/** A UDP port that reads queries and never answers. */
let blackhole: dgram.Socket;
let blackholeAddr: string;
let blackholeQueries = 0;

beforeAll(async () => {
  server = await startDnsmasq({
    zone: ZONE,
    reverseNets: ["192.0.2.0/24", "2001:db8::/64"],
    nameServers: ["ns1.gonet.test", "ns2.gonet.test"],
    recordArgs: RECORDS,
  });
  resolver = new Resolver({ servers: [server.address], timeout: 2000, attempts: 2 });
  blackhole = dgram.createSocket("udp4");
  blackhole.on("message", () => blackholeQueries++);
  blackhole.bind(0, "127.0.0.1");
  await once(blackhole, "listening");
  blackholeAddr = `127.0.0.1:${blackhole.address().port}`;
}, 30_000);

afterAll(async () => {
  blackhole?.close();
  await server?.stop();
});

/** The rejection of `p`, which must reject. */
async function rejection(p: Promise<unknown>): Promise<DNSError> {
  const err = await p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DNSError);
  return err as DNSError;
}

describe("lookupHost and lookupIP against dnsmasq", () => {
  test("A and AAAA records", async () => {
    expect(await resolver.lookupHost("www.gonet.test")).toEqual(["192.0.2.10", "2001:db8::10"]);
  });

  test("one family missing does not fail the lookup", async () => {
    expect(await resolver.lookupHost("v4only.gonet.test")).toEqual(["192.0.2.11"]);
    expect(await resolver.lookupHost("v6only.gonet.test")).toEqual(["2001:db8::12"]);
  });

  test("a CNAME is followed to its addresses", async () => {
    expect(await resolver.lookupHost("alias.gonet.test")).toContain("192.0.2.10");
  });

  test("an unknown name is isNotFound, with Go's message", async () => {
    const err = await rejection(resolver.lookupHost("nosuch.gonet.test"));
    expect(err.message).toBe(`lookup nosuch.gonet.test on ${server.address}: no such host`);
    expect(err.name).toBe("nosuch.gonet.test");
    expect(err.server).toBe(server.address);
    expect(err.err).toBe("no such host");
    expect(err.isNotFound).toBe(true);
    expect(err.isTimeout).toBe(false);
    expect(err.code).toBe("ENOTFOUND");
  });

  test("IP literals come back as they are, without a query", async () => {
    const idle = new Resolver({ servers: [blackholeAddr] });
    const before = blackholeQueries;
    expect(await idle.lookupHost("192.0.2.99")).toEqual(["192.0.2.99"]);
    expect(await idle.lookupHost("fe80::1%lo")).toEqual(["fe80::1%lo"]);
    expect((await idle.lookupIP("ip", "2001:db8::1")).map(String)).toEqual(["2001:db8::1"]);
    expect(blackholeQueries).toBe(before);
  });

  test("/etc/hosts is consulted before the servers, as Go's resolver does", async () => {
    expect(await resolver.lookupHost("localhost")).toContain("127.0.0.1");
  });

  test("lookupIP filters by network", async () => {
    const both = await resolver.lookupIP("ip", "www.gonet.test");
    expect(both.map(String)).toEqual(["192.0.2.10", "2001:db8::10"]);
    expect((await resolver.lookupIP("ip4", "www.gonet.test")).map(String)).toEqual(["192.0.2.10"]);
    expect((await resolver.lookupIP("ip6", "www.gonet.test")).map(String)).toEqual(["2001:db8::10"]);
    expect((await resolver.lookupIP("ip4:icmp", "www.gonet.test")).map(String)).toEqual(["192.0.2.10"]);
  });

  test("lookupIP for a family the host lacks is no such host", async () => {
    const err = await rejection(resolver.lookupIP("ip4", "v6only.gonet.test"));
    expect(err.isNotFound).toBe(true);
    expect(err.message).toBe(`lookup v6only.gonet.test on ${server.address}: no such host`);
  });

  test("lookupIP of a literal of the other family is AddrError, as Go's filter says", async () => {
    const err = await resolver.lookupIP("ip6", "192.0.2.1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AddrError);
    expect((err as Error).message).toBe("address 192.0.2.1: no suitable address found");
  });

  test("lookupIP rejects networks that are not ip, ip4 or ip6", async () => {
    const err = await resolver.lookupIP("tcp", "www.gonet.test").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownNetworkError);
    expect((err as Error).message).toBe("unknown network tcp");
    await expect(resolver.lookupIP("ip4:nosuchproto", "www.gonet.test")).rejects.toThrow(
      "address nosuchproto: unknown IP protocol specified",
    );
  });

  test("an empty host is no such host without a server", async () => {
    const err = await rejection(resolver.lookupHost(""));
    expect(err.message).toBe("lookup : no such host");
    expect(err.isNotFound).toBe(true);
    expect((await rejection(resolver.lookupIP("ip", ""))).message).toBe("lookup : no such host");
  });

  test("a name that is not a domain name is no such host", async () => {
    expect((await rejection(resolver.lookupHost("a b.gonet.test"))).isNotFound).toBe(true);
  });

  test("a REFUSED answer is server misbehaving", async () => {
    const err = await rejection(resolver.lookupHost("elsewhere.example"));
    expect(err.message).toBe(`lookup elsewhere.example on ${server.address}: server misbehaving`);
    expect(err.isNotFound).toBe(false);
    expect(err.code).toBe("EREFUSED");
  });
});

describe("record lookups against dnsmasq", () => {
  test("lookupAddr returns absolute PTR names", async () => {
    expect(await resolver.lookupAddr("192.0.2.10")).toEqual(["www.gonet.test."]);
    expect(await resolver.lookupAddr("2001:db8::10")).toEqual(["www.gonet.test."]);
  });

  test("lookupAddr of an address without PTR is no such host", async () => {
    const err = await rejection(resolver.lookupAddr("192.0.2.99"));
    expect(err.isNotFound).toBe(true);
    expect(err.message).toBe(`lookup 192.0.2.99 on ${server.address}: no such host`);
  });

  test("lookupAddr of a non-address is unrecognized address", async () => {
    expect((await rejection(resolver.lookupAddr("www.gonet.test"))).message).toBe(
      "lookup www.gonet.test: unrecognized address",
    );
  });

  test("lookupCNAME follows the whole chain", async () => {
    expect(await resolver.lookupCNAME("alias2.gonet.test")).toBe("www.gonet.test.");
    expect(await resolver.lookupCNAME("alias.gonet.test")).toBe("www.gonet.test.");
  });

  test("lookupCNAME gives up on an endless chain as server misbehaving", async () => {
    expect(await resolver.lookupCNAME("chain10.gonet.test")).toBe("www.gonet.test.");
    const err = await rejection(resolver.lookupCNAME("chain0.gonet.test"));
    expect(err.message).toBe(`lookup chain0.gonet.test on ${server.address}: server misbehaving`);
  });

  test("lookupCNAME of a host without CNAME is the host, if it has addresses", async () => {
    expect(await resolver.lookupCNAME("www.gonet.test")).toBe("www.gonet.test.");
    expect(await resolver.lookupCNAME("v6only.gonet.test")).toBe("v6only.gonet.test.");
    expect((await rejection(resolver.lookupCNAME("txt.gonet.test"))).isNotFound).toBe(true);
    expect((await rejection(resolver.lookupCNAME("nosuch.gonet.test"))).isNotFound).toBe(true);
  });

  test("lookupMX sorts by preference, absolute names", async () => {
    const mx = await resolver.lookupMX(ZONE);
    expect(mx.map((r) => r.pref)).toEqual([5, 5, 10]);
    expect(mx[2]).toEqual({ host: "mx1.gonet.test.", pref: 10 });
    expect(mx.slice(0, 2).map((r) => r.host).sort()).toEqual(["mx2.gonet.test.", "mx3.gonet.test."]);
  });

  test("lookupMX shuffles equal preferences", async () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 64 && firsts.size < 2; i++) firsts.add((await resolver.lookupMX(ZONE))[0].host);
    expect(firsts.size).toBe(2);
  });

  test("lookupMX of a name without MX records is no such host", async () => {
    const err = await rejection(resolver.lookupMX("www.gonet.test"));
    expect(err.message).toBe(`lookup www.gonet.test on ${server.address}: no such host`);
    expect(err.isNotFound).toBe(true);
    expect(err.code).toBe("ENODATA");
  });

  test("lookupNS returns the zone's name servers", async () => {
    const ns = await resolver.lookupNS(ZONE);
    expect(ns.map((r) => r.host).sort()).toEqual(["ns1.gonet.test.", "ns2.gonet.test."]);
  });

  test("lookupSRV builds _service._proto.name and orders by priority", async () => {
    const { cname, addrs } = await resolver.lookupSRV("http", "tcp", ZONE);
    expect(cname).toBe("_http._tcp.gonet.test.");
    expect(addrs.map((a) => a.priority)).toEqual([10, 10, 20]);
    expect(addrs[2]).toEqual({ target: "b.gonet.test.", port: 80, priority: 20, weight: 0 });
    expect(addrs.slice(0, 2).map((a) => a.target).sort()).toEqual(["a.gonet.test.", "c.gonet.test."]);
  });

  test("lookupSRV picks by weight within a priority (60:40)", async () => {
    const rounds = 200;
    let heavyFirst = 0;
    for (let i = 0; i < rounds; i++) {
      const { addrs } = await resolver.lookupSRV("http", "tcp", ZONE);
      if (addrs[0].target === "a.gonet.test.") heavyFirst++;
    }
    // Expected 120, standard deviation about 7.
    expect(heavyFirst).toBeGreaterThan(80);
    expect(heavyFirst).toBeLessThan(160);
  });

  test("lookupSRV with empty service and proto queries the name itself", async () => {
    expect(await resolver.lookupSRV("", "", "srv.gonet.test")).toEqual({
      cname: "srv.gonet.test.",
      addrs: [{ target: "www.gonet.test.", port: 8443, priority: 1, weight: 1 }],
    });
  });

  test("lookupSRV errors name the built target", async () => {
    const err = await rejection(resolver.lookupSRV("nosuch", "tcp", ZONE));
    expect(err.name).toBe("_nosuch._tcp.gonet.test");
    expect(err.isNotFound).toBe(true);
  });

  test("lookupTXT joins the strings of one record", async () => {
    expect((await resolver.lookupTXT("txt.gonet.test")).sort()).toEqual(["helloworld", "second"]);
  });
});

describe("timeouts and cancellation", () => {
  test("a server that never answers times out with i/o timeout", async () => {
    const slow = new Resolver({ servers: [blackholeAddr], timeout: 100, attempts: 1 });
    const started = Date.now();
    const err = await rejection(slow.lookupHost("www.gonet.test"));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err.message).toBe(`lookup www.gonet.test on ${blackholeAddr}: i/o timeout`);
    expect(err.isTimeout).toBe(true);
    expect(err.timeout()).toBe(true);
    expect(err.temporary()).toBe(true);
    expect(err.isNotFound).toBe(false);
    expect(err.code).toBe("ETIMEOUT");
    expect((await rejection(slow.lookupTXT("txt.gonet.test"))).isTimeout).toBe(true);
  });

  test("aborting stops a pending lookup with operation was canceled", async () => {
    const slow = new Resolver({ servers: [blackholeAddr], timeout: 5000, attempts: 1 });
    const controller = new AbortController();
    const pending = slow.lookupMX(ZONE, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const err = await rejection(pending);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err.message).toBe("lookup gonet.test: operation was canceled");
    expect(err.isTimeout).toBe(false);
    expect(err.code).toBe("ABORT_ERR");
  });

  test("aborting one lookup leaves the resolver's other lookups alone", async () => {
    const slow = new Resolver({ servers: [blackholeAddr], timeout: 300, attempts: 1 });
    const controller = new AbortController();
    const unaborted = slow.lookupTXT("txt.gonet.test");
    const aborted = slow.lookupTXT("txt.gonet.test", { signal: controller.signal });
    controller.abort();
    expect((await rejection(aborted)).err).toBe("operation was canceled");
    expect((await rejection(unaborted)).err).toBe("i/o timeout");
  });

  test("an already aborted signal sends no query", async () => {
    const slow = new Resolver({ servers: [blackholeAddr] });
    const before = blackholeQueries;
    const err = await rejection(slow.lookupHost("www.gonet.test", { signal: AbortSignal.abort() }));
    expect(err.err).toBe("operation was canceled");
    expect(blackholeQueries).toBe(before);
  });

  test("AbortSignal.timeout is Go's context deadline: i/o timeout", async () => {
    const slow = new Resolver({ servers: [blackholeAddr], timeout: 5000, attempts: 1 });
    const err = await rejection(slow.lookupNS(ZONE, { signal: AbortSignal.timeout(50) }));
    expect(err.message).toBe("lookup gonet.test: i/o timeout");
    expect(err.isTimeout).toBe(true);
  });

  test("a lookup with a signal that is not aborted succeeds", async () => {
    const controller = new AbortController();
    expect(await resolver.lookupTXT("txt.gonet.test", { signal: controller.signal })).toHaveLength(2);
  });
});

describe("the system resolver (names from /etc/hosts only)", () => {
  test("lookupHost and lookupIP use getaddrinfo", async () => {
    expect(await lookupHost("localhost")).toContain("127.0.0.1");
    expect((await lookupIP("ip4", "localhost")).map(String)).toContain("127.0.0.1");
  });

  test("lookupAddr uses getnameinfo: one absolute name", async () => {
    const names = await lookupAddr("127.0.0.1");
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/\.$/);
  });

  test("lookupCNAME of an /etc/hosts name is its canonical name", async () => {
    expect(await lookupCNAME("localhost")).toBe("localhost.");
  });

  test("an already aborted signal rejects before any query", async () => {
    const signal = AbortSignal.abort();
    for (const p of [
      lookupHost("localhost", { signal }),
      lookupMX(ZONE, { signal }),
      lookupNS(ZONE, { signal }),
      lookupTXT(ZONE, { signal }),
      lookupSRV("http", "tcp", ZONE, { signal }),
    ]) {
      expect((await rejection(p)).err).toBe("operation was canceled");
    }
  });
});

describe("DNSError", () => {
  test("carries Go's fields and message, and reads as a DNSError in traces", () => {
    const err = new DNSError({
      err: "no such host",
      name: "x.test",
      server: "127.0.0.1:53",
      isNotFound: true,
      code: "ENOTFOUND",
    });
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe("lookup x.test on 127.0.0.1:53: no such host");
    expect(err.name).toBe("x.test");
    expect(err.stack?.split("\n")[0]).toBe("DNSError: lookup x.test on 127.0.0.1:53: no such host");
    expect(String(err)).toBe("DNSError: lookup x.test on 127.0.0.1:53: no such host");
    const serverless = new DNSError({ err: "server misbehaving", name: "y.test", code: "EREFUSED" });
    expect(serverless.message).toBe("lookup y.test: server misbehaving");
    expect(serverless.server).toBe("");
  });
});

describe("bad input", () => {
  const notString = 42 as unknown as string;

  test.each([
    ["lookupHost", () => resolver.lookupHost(notString)],
    ["lookupIP network", () => resolver.lookupIP(notString, "x")],
    ["lookupIP host", () => resolver.lookupIP("ip", notString)],
    ["lookupAddr", () => resolver.lookupAddr(notString)],
    ["lookupCNAME", () => resolver.lookupCNAME(notString)],
    ["lookupMX", () => resolver.lookupMX(notString)],
    ["lookupNS", () => resolver.lookupNS(notString)],
    ["lookupSRV service", () => resolver.lookupSRV(notString, "tcp", ZONE)],
    ["lookupSRV proto", () => resolver.lookupSRV("http", notString, ZONE)],
    ["lookupSRV name", () => resolver.lookupSRV("http", "tcp", notString)],
    ["lookupTXT", () => resolver.lookupTXT(notString)],
    ["lookupPort", () => resolver.lookupPort("tcp", notString)],
    ["package lookupHost", () => lookupHost(undefined as unknown as string)],
  ])("%s rejects a non-string with TypeError", async (_label, call) => {
    await expect(call()).rejects.toThrow(TypeError);
  });

  test("bad options are TypeErrors", async () => {
    await expect(resolver.lookupHost("x", "nope" as unknown as object)).rejects.toThrow(TypeError);
    await expect(resolver.lookupHost("x", { signal: {} as AbortSignal })).rejects.toThrow(TypeError);
    expect(() => new Resolver({ servers: ["not an address"] })).toThrow(TypeError);
    expect(() => new Resolver({ servers: "127.0.0.1" as unknown as string[] })).toThrow(TypeError);
  });
});
