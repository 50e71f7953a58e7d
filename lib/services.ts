// Service names and IP protocol names, looked up as Go's net package does on
// Unix (src/net/lookup.go, port.go, port_unix.go, lookup_unix.go): a small
// built-in table, extended by /etc/services and /etc/protocols, read once.

import { readFileSync } from "node:fs";
import { AddrError } from "./errors.js";
// dns.ts imports this module too; DNSError is only used inside functions, so
// the cycle is harmless whichever module loads first.
import { DNSError } from "./dns.js";
import { checkString } from "./internal/args.js";

const SERVICES_PATH = "/etc/services";
const PROTOCOLS_PATH = "/etc/protocols";

/** Go's fallback ports, for systems whose /etc/services lacks them. */
const BUILTIN_SERVICES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  udp: { domain: 53 },
  tcp: {
    ftp: 21,
    ftps: 990,
    gopher: 70,
    http: 80,
    https: 443,
    imap2: 143,
    imap3: 220,
    imaps: 993,
    pop3: 110,
    pop3s: 995,
    smtp: 25,
    submissions: 465,
    ssh: 22,
    telnet: 23,
  },
};

/** Go's fallback IP protocol numbers. */
const BUILTIN_PROTOCOLS: Readonly<Record<string, number>> = {
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  "ipv6-icmp": 58,
};

/** Go's `big`: dtoi gives up at this value, so larger numbers are not numbers. */
const DTOI_BIG = 0xffffff;

let services: Map<string, Map<string, number>> | undefined;
let protocols: Map<string, number> | undefined;

/** The words of each line of a system table, comments (`#` to end of line) removed. */
function tableLines(path: string): string[][] {
  let text: string;
  try {
    text = readFileSync(path, "latin1");
  } catch {
    return []; // Go silently falls back to its built-in table.
  }
  return text.split("\n").map((line) => {
    const hash = line.indexOf("#");
    const body = hash >= 0 ? line.slice(0, hash) : line;
    return body.split(/[ \t\r]+/).filter((w) => w !== "");
  });
}

/**
 * Go's dtoi: the leading decimal digits of `s` and how many characters they
 * span; `ok` is false when there are none or the value reaches DTOI_BIG.
 */
function dtoi(s: string): { n: number; end: number; ok: boolean } {
  let n = 0;
  let i = 0;
  for (; i < s.length && s[i] >= "0" && s[i] <= "9"; i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= DTOI_BIG) return { n: DTOI_BIG, end: i, ok: false };
  }
  return { n, end: i, ok: i > 0 };
}

/**
 * The service table: Go's built-ins, then every `name port/proto aliases...`
 * line of /etc/services, later lines winning (Go's readServices). Names are
 * stored as written; lookups lowercase the query, as Go does.
 */
function serviceTable(): Map<string, Map<string, number>> {
  if (services) return services;
  const table = new Map<string, Map<string, number>>();
  for (const [proto, ports] of Object.entries(BUILTIN_SERVICES)) {
    table.set(proto, new Map(Object.entries(ports)));
  }
  for (const words of tableLines(SERVICES_PATH)) {
    if (words.length < 2) continue;
    const portProto = words[1];
    const { n: port, end, ok } = dtoi(portProto);
    if (!ok || port <= 0 || portProto[end] !== "/") continue;
    const proto = portProto.slice(end + 1);
    let byName = table.get(proto);
    if (!byName) table.set(proto, (byName = new Map()));
    byName.set(words[0], port);
    for (const alias of words.slice(2)) byName.set(alias, port);
  }
  return (services = table);
}

/**
 * The protocol table: Go's built-ins, then `name number aliases...` lines of
 * /etc/protocols. Unlike services, an entry already present is kept (Go's
 * readProtocols).
 */
function protocolTable(): Map<string, number> {
  if (protocols) return protocols;
  const table = new Map(Object.entries(BUILTIN_PROTOCOLS));
  for (const words of tableLines(PROTOCOLS_PATH)) {
    if (words.length < 2) continue;
    const { n, ok } = dtoi(words[1]);
    if (!ok) continue;
    for (const name of [words[0], ...words.slice(2)]) {
      if (!table.has(name)) table.set(name, n);
    }
  }
  return (protocols = table);
}

/**
 * Go's parsePort: an optional sign and decimal digits are a literal port,
 * clamped to [-2^30, 2^30-1] so that overflow cannot wrap into range; anything
 * else (`needsLookup`) is a service name. Like Go, digits are no longer
 * checked once the value saturates, and the empty string is port 0.
 */
function parsePort(service: string): { port: number; needsLookup: boolean } {
  const cutoff = 2 ** 30;
  let digits = service;
  const negative = digits.startsWith("-");
  if (negative || digits.startsWith("+")) digits = digits.slice(1);
  let n = 0;
  for (const ch of digits) {
    if (ch < "0" || ch > "9") return { port: 0, needsLookup: true };
    if (n >= cutoff) break;
    n = Math.min(n * 10 + (ch.charCodeAt(0) - 48), cutoff);
  }
  if (!negative) return { port: Math.min(n, cutoff - 1), needsLookup: false };
  return { port: n === 0 ? 0 : -Math.min(n, cutoff), needsLookup: false };
}

/** The name Go puts in an unknown-port error: `tcp4` and `tcp6` report as `tcp`. */
function serviceProto(network: string): "tcp" | "udp" | "ip" {
  if (network.startsWith("tcp")) return "tcp";
  if (network.startsWith("udp")) return "udp";
  return "ip";
}

/**
 * Go's LookupPort network check and lookupPortMap: `ip` (and `""`) tries tcp,
 * then udp.
 */
function lookupServiceName(network: string, service: string): number {
  const known = ["tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "ip", ""];
  if (!known.includes(network)) throw new AddrError("unknown network", network);
  const proto = serviceProto(network);
  const key = service.toLowerCase();
  const table = serviceTable();
  const candidates = proto === "ip" ? ["tcp", "udp"] : [proto];
  for (const p of candidates) {
    const port = table.get(p)?.get(key);
    if (port !== undefined) return port;
  }
  throw new DNSError({
    err: "unknown port",
    name: `${proto}/${service}`,
    isNotFound: true,
    code: "ENOTFOUND",
  });
}

/**
 * Go's `net.LookupPort`, synchronously: the port number of `service` for
 * `network` (`tcp`, `tcp4`, `tcp6`, `udp`, `udp4`, `udp6`, `ip`, or `""` for
 * any). Numeric strings need no lookup and skip the network check, as in Go.
 *
 * @throws DNSError `lookup tcp/nosuchsvc: unknown port` (`isNotFound`) for an
 *   unknown service; AddrError `address foo: unknown network` for a bad
 *   network; AddrError `address 99999: invalid port` outside 0..65535;
 *   TypeError for non-string arguments.
 * @example
 * lookupPortSync("tcp", "http"); // 80
 * lookupPortSync("udp", "53");   // 53
 */
export function lookupPortSync(network: string, service: string): number {
  checkString("lookupPortSync", "network", network);
  checkString("lookupPortSync", "service", service);
  const { port: literal, needsLookup } = parsePort(service);
  const port = needsLookup ? lookupServiceName(network, service) : literal;
  if (port < 0 || port > 65535) throw new AddrError("invalid port", service);
  return port;
}

/**
 * The protocol number for the PROTO part of a raw IP network (`ip4:icmp`,
 * `ip6:58`): a decimal number as-is (Go's parseNetwork), otherwise a name
 * from /etc/protocols or Go's built-ins, matched case-insensitively.
 *
 * @throws AddrError `address nosuchproto: unknown IP protocol specified`;
 *   TypeError for a non-string.
 * @example
 * lookupProtocol("icmp");      // 1
 * lookupProtocol("IPv6-ICMP"); // 58
 */
export function lookupProtocol(name: string): number {
  checkString("lookupProtocol", "name", name);
  const { n, end, ok } = dtoi(name);
  if (ok && end === name.length) return n;
  const proto = protocolTable().get(name.toLowerCase());
  if (proto === undefined) throw new AddrError("unknown IP protocol specified", name);
  return proto;
}
