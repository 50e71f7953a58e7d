// Name resolution with Go's net semantics (src/net/lookup.go and friends),
// built on node:dns rather than a DNS client of our own:
//
// - A Resolver without `servers` asks the C library (getaddrinfo and
//   getnameinfo, so /etc/hosts, nsswitch.conf and resolv.conf apply) for
//   host <-> address lookups, as Go's cgo resolver does.
// - A Resolver with `servers` sends every query to those servers through
//   c-ares, after consulting /etc/hosts first, as Go's pure-Go resolver does.
// - Record lookups (CNAME, MX, NS, SRV, TXT) always go through c-ares.
//
// Results and errors are Go's: absolute names end in a dot, MX and SRV
// records are ordered as RFC 5321 / RFC 2782 say, and failures are DNSErrors
// whose messages read `lookup NAME on SERVER: ERR`.

import dns from "node:dns";
import { readFile, stat } from "node:fs/promises";
import { isIPv4 } from "node:net";
import { AddrError, UnknownNetworkError } from "./errors.js";
import { IP, parseIPZone } from "./ip.js";
import { lookupPortSync, lookupProtocol } from "./services.js";
import { argRangeError, argTypeError, checkBoolean, checkInteger, checkNumber, checkObject, checkOptions, checkSignal, checkString } from "./internal/args.js";
import { MAX_TIMER_MS } from "./internal/timer.js";

/** What a DNSError is made of. */
export interface DNSErrorInit {
  /** Go's `Err` text, e.g. `no such host`. */
  err: string;
  /** The name that was looked up. */
  name: string;
  /** The DNS server (`host:port`) that answered or failed; empty when unknown. */
  server?: string;
  /** No such name, or no records of the type (Go's `IsNotFound`). */
  isNotFound?: boolean;
  /** The lookup timed out. */
  isTimeout?: boolean;
  /** Trying again may succeed. */
  isTemporary?: boolean;
  /** Node's code: `ENOTFOUND`, `ETIMEOUT`, `ESERVFAIL`, `ABORT_ERR`, ... */
  code: string;
  /** The underlying error, kept as the DNSError's `cause`. */
  cause?: unknown;
}

/**
 * Go's `*net.DNSError`. The message is Go's: `lookup NAME on SERVER: ERR`, or
 * `lookup NAME: ERR` when no server was involved.
 *
 * `name` is the looked-up name, as in Go (and as the API contract says), not
 * the class name that `Error#name` usually holds: use `instanceof DNSError`
 * to recognise one. Stack traces and `toString()` still start with
 * `DNSError:`.
 *
 * @example
 * try { await lookupHost("nosuch.invalid"); }
 * catch (e) { if (e instanceof DNSError && e.isNotFound) console.log(e.name); }
 */
export class DNSError extends Error {
  /** Go's `Err`: `no such host`, `i/o timeout`, `server misbehaving`, `operation was canceled`, ... */
  readonly err: string;
  /** The looked-up name (Go's `Name`); see the class comment. */
  declare name: string;
  /** Go's `Server`: `host:port` of the DNS server, or `""`. */
  readonly server: string;
  /** No such name, or no records of the asked type (Go's `IsNotFound`). */
  readonly isNotFound: boolean;
  /** The lookup timed out (Go's `IsTimeout`). */
  readonly isTimeout: boolean;
  /** Trying again may succeed (Go's `IsTemporary`). */
  readonly isTemporary: boolean;
  /** Node's error code, as node:dns would report it (`ENOTFOUND`, `ETIMEOUT`, ...). */
  readonly code: string;

  static {
    Object.defineProperty(this.prototype, "name", {
      value: "DNSError",
      writable: true,
      configurable: true,
    });
  }

  constructor(init: DNSErrorInit) {
    checkObject("DNSError", "init", init);
    checkString("DNSError", "init.name", init.name);
    checkString("DNSError", "init.err", init.err);
    const where = init.server ? `${init.name} on ${init.server}` : init.name;
    super(`lookup ${where}: ${init.err}`, init.cause === undefined ? undefined : { cause: init.cause });
    // V8 formats `stack` from `name` on first access; do it now, while `name`
    // is still the prototype's "DNSError", before it becomes the looked-up name.
    void this.stack;
    this.name = init.name;
    this.err = init.err;
    this.server = init.server ?? "";
    this.isNotFound = init.isNotFound ?? false;
    this.isTimeout = init.isTimeout ?? false;
    this.isTemporary = init.isTemporary ?? false;
    this.code = init.code;
  }

  /** Go's `Timeout()`. */
  timeout(): boolean {
    return this.isTimeout;
  }

  /** Go's `Temporary()`: a timeout or a failure worth retrying. */
  temporary(): boolean {
    return this.isTimeout || this.isTemporary;
  }

  override toString(): string {
    return `DNSError: ${this.message}`;
  }
}

/** Options every lookup takes. */
export interface LookupOptions {
  /**
   * Aborting rejects the lookup with `operation was canceled`, or with
   * `i/o timeout` when the signal is an `AbortSignal.timeout()`.
   */
  signal?: AbortSignal;
}

/** Options for a Resolver. */
export interface ResolverOptions {
  /**
   * DNS servers as `ip`, `ip:port` or `[ipv6]:port`. Without them (or when
   * empty) the system's configuration is used.
   */
  servers?: string[];
  /**
   * Milliseconds one query waits for a server's answer before it is retried
   * (resolv.conf's `options timeout`; c-ares backs off between tries). It
   * applies to queries sent through c-ares, not to getaddrinfo, which follows
   * resolv.conf. For a deadline on a whole lookup, pass
   * `signal: AbortSignal.timeout(ms)`. Values above 2^31-1 ms (~24.8 days,
   * c-ares's limit) wait that long.
   */
  timeout?: number;
  /** Tries per server before giving up (resolv.conf's `options attempts`); 4 by default, as node:dns. */
  attempts?: number;
  /** Accepted for Go compatibility; ignored (there is one implementation). */
  preferGo?: boolean;
}

/** Go's `net.MX`. */
export interface MX {
  /** The mail server's name (Go's `Host`). */
  host: string;
  /** Its preference: lower is tried first (Go's `Pref`). */
  pref: number;
}

/** Go's `net.NS`. */
export interface NS {
  /** The name server's name (Go's `Host`). */
  host: string;
}

/** Go's `net.SRV`. */
export interface SRV {
  /** The host offering the service. */
  target: string;
  /** The service's port there. */
  port: number;
  /** Lower is tried first. */
  priority: number;
  /** Relative weight among records of the same priority. */
  weight: number;
}

/** What lookupSRV resolves to: Go's `(cname, addrs)`. */
export interface SRVResult {
  /** The canonical name that was looked up (`_service._proto.name.`). */
  cname: string;
  /** The records, sorted by priority and shuffled by weight as Go does. */
  addrs: SRV[];
}

type IPNetwork = "ip" | "ip4" | "ip6";

/** The part of node:dns's resolver API that lookups use. */
type Channel = Pick<
  dns.promises.Resolver,
  | "resolve4"
  | "resolve6"
  | "resolveCname"
  | "resolveMx"
  | "resolveNs"
  | "resolveSrv"
  | "resolveTxt"
  | "reverse"
  | "getServers"
>;

// --- errors -----------------------------------------------------------------

interface Failure {
  err: string;
  isNotFound?: boolean;
  isTimeout?: boolean;
  isTemporary?: boolean;
}

const NOT_FOUND: Failure = { err: "no such host", isNotFound: true };
const MISBEHAVING: Failure = { err: "server misbehaving" };

/** Node's dns error codes, as Go's resolvers would report the same failure. */
const FAILURES: Readonly<Record<string, Failure>> = {
  ENOTFOUND: NOT_FOUND, // NXDOMAIN, or getaddrinfo's EAI_NONAME / EAI_NODATA
  ENODATA: NOT_FOUND, // the name exists without records of that type
  EBADNAME: NOT_FOUND, // Go rejects a name that is no domain name the same way
  ETIMEOUT: { err: "i/o timeout", isTimeout: true, isTemporary: true },
  ESERVFAIL: { err: "server misbehaving", isTemporary: true },
  EREFUSED: MISBEHAVING,
  EFORMERR: MISBEHAVING,
  ENOTIMP: MISBEHAVING,
  EBADRESP: { err: "cannot unmarshal DNS message" },
  // Go marks socket-level failures talking to a server as temporary.
  ECONNREFUSED: { err: "connection refused", isTemporary: true },
  // getaddrinfo's other failures carry glibc's text, as with Go's cgo resolver.
  EAI_AGAIN: { err: "Temporary failure in name resolution", isTemporary: true },
  EAI_FAIL: { err: "Non-recoverable failure in name resolution" },
};

function notFound(name: string, server = ""): DNSError {
  return new DNSError({ ...NOT_FOUND, name, server, code: "ENOTFOUND" });
}

/**
 * Turns a node:dns failure into Go's DNSError. Errors that are not resolver
 * failures (argument errors, bugs) pass through unchanged.
 */
function toDNSError(e: unknown, name: string, server: string): unknown {
  if (e instanceof DNSError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || code.startsWith("ERR_")) return e;
  const failure = FAILURES[code] ?? { err: code };
  return new DNSError({ ...failure, name, server, code, cause: e });
}

/** Go maps a context deadline to `i/o timeout` and a cancel to `operation was canceled`. */
function abortError(name: string, signal: AbortSignal): DNSError {
  const reason: unknown = signal.reason;
  if (reason instanceof DOMException && reason.name === "TimeoutError") {
    const timeout = { err: "i/o timeout", isTimeout: true, isTemporary: true };
    return new DNSError({ ...timeout, name, code: "ETIMEOUT", cause: reason });
  }
  return new DNSError({ err: "operation was canceled", name, code: "ABORT_ERR", cause: reason });
}

/**
 * Settles as `work` does, with failures as DNSErrors; an abort of `signal`
 * rejects at once and calls `cancel` to stop the work where it can be stopped.
 */
function settle<T>(
  work: Promise<T>,
  name: string,
  server: string,
  signal: AbortSignal | undefined,
  cancel?: () => void,
): Promise<T> {
  if (!signal) {
    return work.catch((e: unknown) => {
      throw toDNSError(e, name, server);
    });
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      cancel?.();
      reject(abortError(name, signal));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    work
      .then(resolve, (e: unknown) => reject(toDNSError(e, name, server)))
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}

// --- argument checks --------------------------------------------------------

function throwIfAborted(signal: AbortSignal | undefined, name: string): void {
  if (signal?.aborted) throw abortError(name, signal);
}

/**
 * The signal of a lookup's options, checked; a lookup whose signal is
 * already aborted fails before it starts.
 */
function signalOf(fn: string, opts: LookupOptions | undefined, name: string): AbortSignal | undefined {
  checkOptions(fn, opts);
  if (opts === undefined) return undefined;
  const { signal } = opts;
  checkSignal(fn, "options.signal", signal);
  throwIfAborted(signal, name);
  return signal;
}

/**
 * Go's parseNetwork as LookupIP uses it: `ip`, `ip4`, `ip6`, optionally with
 * a `:PROTO` suffix that must name a protocol but is otherwise ignored.
 */
function ipNetwork(network: string): IPNetwork {
  const colon = network.lastIndexOf(":");
  const afnet = colon < 0 ? network : network.slice(0, colon);
  if (afnet !== "ip" && afnet !== "ip4" && afnet !== "ip6") throw new UnknownNetworkError(network);
  if (colon >= 0) lookupProtocol(network.slice(colon + 1));
  return afnet;
}

// --- names and addresses ----------------------------------------------------

/** Go returns absolute names: `mx.example.com.`. */
function fqdn(name: string): string {
  return name.endsWith(".") ? name : `${name}.`;
}

/** Parses an IP literal as Go's netip.ParseAddr does: an IPv6 zone is allowed. */
function parseLiteral(host: string): IP | null {
  return parseIPZone(host)[0];
}

/** The canonical text of an IP literal (`::1`, `fe80::1%eth0`), or "" if it is none. */
function canonicalLiteral(text: string): string {
  const [ip, zone] = parseIPZone(text);
  if (!ip) return "";
  return zone ? `${ip.toString()}%${zone}` : ip.toString();
}

/** Go's ipv4only / ipv6only filters: IPv4-mapped IPv6 counts as IPv4. */
function matchesNetwork(addr: string, network: IPNetwork): boolean {
  if (network === "ip") return true;
  const isV4 = parseLiteral(addr)?.to4() != null;
  return network === "ip4" ? isV4 : !isV4;
}

/**
 * Keeps the addresses of the asked family; none left is Go's
 * `address HOST: no suitable address found`.
 */
function filterFamily(addrs: string[], network: IPNetwork, host: string): string[] {
  const kept = addrs.filter((a) => matchesNetwork(a, network));
  if (kept.length === 0) throw new AddrError("no suitable address found", host);
  return kept;
}

/** An address from a resolver answer: IPv4 as 4 bytes, as Go's A records are. */
function answerIP(addr: string): IP | null {
  if (isIPv4(addr)) return new IP(Uint8Array.from(addr.split("."), Number));
  return parseLiteral(addr);
}

/** "host:port" for a c-ares server entry, which omits port 53 and IPv6 brackets. */
function serverAddress(entry: string | undefined): string {
  if (!entry) return "";
  if (entry.startsWith("[")) return entry;
  if (!entry.includes(":")) return `${entry}:53`;
  return entry.indexOf(":") === entry.lastIndexOf(":") ? entry : `[${entry}]:53`;
}

// --- /etc/hosts -------------------------------------------------------------

const HOSTS_PATH = "/etc/hosts";
/** Go re-reads /etc/hosts at most this often, and only when it changed. */
const HOSTS_MAX_AGE_MS = 5000;

interface HostsTable {
  /** Lowercased absolute name -> addresses and the line's canonical name. */
  byName: Map<string, { addrs: string[]; canonical: string }>;
  /** Canonical address text -> absolute names. */
  byAddr: Map<string, string[]>;
}

let hostsCache: { table: HostsTable; expires: number; mtimeMs: number; size: number } | undefined;

function parseHosts(text: string): HostsTable {
  const table: HostsTable = { byName: new Map(), byAddr: new Map() };
  for (const line of text.split("\n")) {
    const hash = line.indexOf("#");
    const words = (hash >= 0 ? line.slice(0, hash) : line).split(/[ \t\r]+/).filter((w) => w !== "");
    const addr = words.length >= 2 ? canonicalLiteral(words[0]) : "";
    if (!addr) continue;
    const names = words.slice(1).map(fqdn);
    for (const name of names) {
      const key = name.toLowerCase();
      const entry = table.byName.get(key) ?? { addrs: [], canonical: names[0] };
      entry.addrs.push(addr);
      table.byName.set(key, entry);
    }
    table.byAddr.set(addr, [...(table.byAddr.get(addr) ?? []), ...names]);
  }
  return table;
}

async function hostsTable(): Promise<HostsTable> {
  const now = Date.now();
  if (hostsCache && now < hostsCache.expires) return hostsCache.table;
  const info = await stat(HOSTS_PATH).catch(() => undefined);
  if (hostsCache && info && info.mtimeMs === hostsCache.mtimeMs && info.size === hostsCache.size) {
    hostsCache.expires = now + HOSTS_MAX_AGE_MS;
    return hostsCache.table;
  }
  const text = await readFile(HOSTS_PATH, "latin1").catch(() => "");
  const table = parseHosts(text);
  hostsCache = { table, expires: now + HOSTS_MAX_AGE_MS, mtimeMs: info?.mtimeMs ?? 0, size: info?.size ?? 0 };
  return table;
}

async function hostsByName(host: string): Promise<{ addrs: string[]; canonical: string } | undefined> {
  return (await hostsTable()).byName.get(fqdn(host.toLowerCase()));
}

// --- record ordering --------------------------------------------------------

function randomInt(n: number): number {
  return Math.floor(Math.random() * n);
}

/** RFC 5321: by preference, ties in random order (Go's byPref.sort). */
function sortMX(records: MX[]): MX[] {
  for (let i = records.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [records[i], records[j]] = [records[j], records[i]];
  }
  return records.sort((a, b) => a.pref - b.pref);
}

/**
 * RFC 2782's weighted selection within one priority: repeatedly pick a record
 * with probability proportional to its weight and move it to the front.
 */
function shuffleByWeight(group: SRV[]): void {
  let total = group.reduce((sum, r) => sum + r.weight, 0);
  for (let first = 0; total > 0 && first < group.length - 1; first++) {
    const pick = randomInt(total);
    let running = 0;
    for (let i = first; i < group.length; i++) {
      running += group[i].weight;
      if (running > pick) {
        [group[first], group[i]] = [group[i], group[first]];
        break;
      }
    }
    total -= group[first].weight;
  }
}

/** By priority, then weighted-random within each priority (Go's byPriorityWeight.sort). */
function sortSRV(records: SRV[]): SRV[] {
  records.sort((a, b) => a.priority - b.priority || a.weight - b.weight);
  const sorted: SRV[] = [];
  for (let start = 0; start < records.length; ) {
    let end = start + 1;
    while (end < records.length && records[end].priority === records[start].priority) end++;
    const group = records.slice(start, end);
    shuffleByWeight(group);
    sorted.push(...group);
    start = end;
  }
  return sorted;
}

// --- c-ares helpers ---------------------------------------------------------

/** Guards against CNAME loops; real chains are a few links long. */
const MAX_CNAME_LINKS = 16;

function codeOf(e: unknown): unknown {
  return (e as { code?: unknown } | null)?.code;
}

/**
 * A+AAAA (or one of them) for `host`. One family failing does not fail the
 * lookup if the other has addresses; when both fail, the AAAA error is the
 * one reported, as Go's resolver reports its last error.
 */
async function queryAddresses(ch: Channel, host: string, network: IPNetwork): Promise<string[]> {
  const queries: Promise<string[]>[] = [];
  if (network !== "ip6") queries.push(ch.resolve4(host));
  if (network !== "ip4") queries.push(ch.resolve6(host));
  const results = await Promise.allSettled(queries);
  const addrs = results.flatMap((r) => (r.status === "fulfilled" ? r.value : []));
  if (addrs.length > 0) return addrs;
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failures.length > 0) throw failures[failures.length - 1].reason;
  // Answers without addresses (a CNAME to nowhere, say) are no such host too.
  throw notFound(host, serverAddress(ch.getServers()[0]));
}

/**
 * Follows CNAME records from `host` to the canonical name. A name without a
 * CNAME is its own canonical name if it has addresses (Go's LookupCNAME).
 */
async function canonicalName(ch: Channel, host: string): Promise<string> {
  let name = host;
  for (let links = 0; links < MAX_CNAME_LINKS; links++) {
    let targets: string[];
    try {
      targets = await ch.resolveCname(name);
    } catch (e) {
      if (codeOf(e) !== "ENODATA") throw e;
      if (links === 0) await queryAddresses(ch, name, "ip");
      return fqdn(name);
    }
    name = targets[0];
  }
  const server = serverAddress(ch.getServers()[0]);
  throw new DNSError({ ...MISBEHAVING, name: host, server, code: "EBADRESP" });
}

// --- Resolver ---------------------------------------------------------------

/**
 * Go's `net.Resolver`: looks up names and numbers, with the system's
 * configuration or with the given DNS servers.
 *
 * @example
 * const r = new Resolver({ servers: ["127.0.0.1:5353"], timeout: 500 });
 * const addrs = await r.lookupHost("www.example.test");
 */
export class Resolver {
  /** Servers given to the constructor; undefined means the system's. */
  readonly #servers: string[] | undefined;
  readonly #channelOptions: dns.ResolverOptions;
  /** The channel for lookups without a signal: node's global one unless configured. */
  readonly #shared: Channel;

  constructor(options: ResolverOptions = {}) {
    checkObject("Resolver", "options", options);
    const { servers, timeout, attempts, preferGo } = options;
    if (servers !== undefined) {
      if (!Array.isArray(servers)) throw argTypeError("Resolver", "options.servers", "an array of strings", servers);
      servers.forEach((v, i) => checkString("Resolver", `options.servers[${i}]`, v));
    }
    if (timeout !== undefined) {
      checkNumber("Resolver", "options.timeout", timeout);
      if (timeout < 0 || !(Number.isInteger(timeout) || timeout === Infinity)) {
        throw argRangeError("Resolver", "options.timeout", "an integer >= 0 or Infinity", timeout);
      }
    }
    if (attempts !== undefined) checkInteger("Resolver", "options.attempts", attempts, 1, 0x7fffffff, "from 1 to 2^31-1");
    if (preferGo !== undefined) checkBoolean("Resolver", "options.preferGo", preferGo);
    this.#servers = servers && servers.length > 0 ? [...servers] : undefined;
    // c-ares takes an int32 of ms per try: longer (or Infinity) means "as long as it can".
    this.#channelOptions = { timeout: timeout === undefined ? -1 : Math.min(timeout, MAX_TIMER_MS), tries: attempts ?? 4 };
    const configured = this.#servers !== undefined || timeout !== undefined || attempts !== undefined;
    // Building the channel now makes bad servers or options throw here, not
    // at the first lookup. Unconfigured, node's global channel follows
    // dns.setServers().
    this.#shared = configured ? this.#newChannel() : dns.promises;
  }

  #newChannel(): dns.promises.Resolver {
    const ch = new dns.promises.Resolver(this.#channelOptions);
    ch.setServers(this.#servers ?? dns.getServers());
    return ch;
  }

  /**
   * Runs c-ares queries for the lookup of `name`. c-ares's cancel() stops
   * every query of a channel, so a lookup with a signal gets a channel of its
   * own, and aborting it stops only that lookup.
   */
  #query<T>(name: string, signal: AbortSignal | undefined, run: (ch: Channel) => Promise<T>): Promise<T> {
    throwIfAborted(signal, name);
    const own = signal ? this.#newChannel() : undefined;
    const ch = own ?? this.#shared;
    return settle(run(ch), name, serverAddress(ch.getServers()[0]), signal, () => own?.cancel());
  }

  /** Address strings for a non-literal host, of the families `network` allows. */
  async #addresses(network: IPNetwork, host: string, signal: AbortSignal | undefined): Promise<string[]> {
    if (this.#servers === undefined) {
      const family = network === "ip4" ? 4 : network === "ip6" ? 6 : 0;
      // getaddrinfo cannot be interrupted; an abort only stops the waiting.
      const lookup = dns.promises.lookup(host, { all: true, family, order: "verbatim" });
      const found = await settle(lookup, host, "", signal);
      return found.map((a) => a.address);
    }
    const fromHosts = await hostsByName(host);
    if (fromHosts) return filterFamily(fromHosts.addrs, network, host);
    return this.#query(host, signal, (ch) => queryAddresses(ch, host, network));
  }

  /**
   * Go's `LookupHost`: the host's addresses as strings. An IP literal is
   * returned as it is.
   *
   * @example
   * await new Resolver().lookupHost("localhost"); // ["127.0.0.1", ...]
   */
  async lookupHost(host: string, opts?: LookupOptions): Promise<string[]> {
    checkString("lookupHost", "host", host);
    const signal = signalOf("lookupHost", opts, host);
    if (host === "") throw notFound(host);
    if (parseLiteral(host)) return [host];
    return this.#addresses("ip", host, signal);
  }

  /**
   * Go's `Resolver.LookupIP`: the host's addresses of the family `network`
   * names (`ip`, `ip4`, `ip6`).
   *
   * @throws UnknownNetworkError for another network; AddrError
   *   `no suitable address found` when a literal or /etc/hosts entry is of
   *   the other family.
   * @example
   * const [ip] = await lookupIP("ip4", "localhost"); // 127.0.0.1
   */
  async lookupIP(network: string, host: string, opts?: LookupOptions): Promise<IP[]> {
    checkString("lookupIP", "network", network);
    checkString("lookupIP", "host", host);
    const signal = signalOf("lookupIP", opts, host);
    const afnet = ipNetwork(network);
    if (host === "") throw notFound(host);
    const literal = parseLiteral(host);
    if (literal) {
      filterFamily([host], afnet, host);
      return [literal];
    }
    const addrs = await this.#addresses(afnet, host, signal);
    return addrs.map(answerIP).filter((ip): ip is IP => ip !== null);
  }

  /**
   * Go's `LookupAddr`: the names of an address, absolute (`host.example.`).
   * Without servers this is getnameinfo, which gives at most one name.
   *
   * @example
   * await lookupAddr("127.0.0.1"); // ["localhost."]
   */
  async lookupAddr(addr: string, opts?: LookupOptions): Promise<string[]> {
    checkString("lookupAddr", "addr", addr);
    const signal = signalOf("lookupAddr", opts, addr);
    const [ip] = parseIPZone(addr);
    if (!ip) throw new DNSError({ err: "unrecognized address", name: addr, code: "EINVAL" });
    if (this.#servers === undefined) {
      const found = await settle(dns.promises.lookupService(addr, 0), addr, "", signal);
      return [fqdn(found.hostname)];
    }
    const fromHosts = (await hostsTable()).byAddr.get(canonicalLiteral(addr));
    if (fromHosts) return [...fromHosts];
    return this.#query(addr, signal, async (ch) => (await ch.reverse(ip.toString())).map(fqdn));
  }

  /**
   * Go's `LookupCNAME`: the canonical name after following CNAME records,
   * absolute. A host without CNAME records is its own canonical name as long
   * as it has addresses.
   *
   * @example
   * await lookupCNAME("www.example.test"); // "example.test."
   */
  async lookupCNAME(host: string, opts?: LookupOptions): Promise<string> {
    checkString("lookupCNAME", "host", host);
    const signal = signalOf("lookupCNAME", opts, host);
    if (host === "") throw notFound(host);
    const fromHosts = await hostsByName(host);
    if (fromHosts) return fromHosts.canonical;
    return this.#query(host, signal, (ch) => canonicalName(ch, host));
  }

  /**
   * Go's `LookupMX`: mail exchangers sorted by preference, equal
   * preferences in random order.
   *
   * @example
   * for (const { host, pref } of await lookupMX("example.test")) console.log(pref, host);
   */
  async lookupMX(name: string, opts?: LookupOptions): Promise<MX[]> {
    checkString("lookupMX", "name", name);
    const signal = signalOf("lookupMX", opts, name);
    if (name === "") throw notFound(name);
    return this.#query(name, signal, async (ch) => {
      const records = await ch.resolveMx(name);
      return sortMX(records.map((r) => ({ host: fqdn(r.exchange), pref: r.priority })));
    });
  }

  /**
   * Go's `LookupNS`: the name servers of a zone.
   *
   * @example
   * await lookupNS("example.test"); // [{ host: "ns1.example.test." }]
   */
  async lookupNS(name: string, opts?: LookupOptions): Promise<NS[]> {
    checkString("lookupNS", "name", name);
    const signal = signalOf("lookupNS", opts, name);
    if (name === "") throw notFound(name);
    return this.#query(name, signal, async (ch) => {
      const hosts = await ch.resolveNs(name);
      return hosts.map((host) => ({ host: fqdn(host) }));
    });
  }

  /**
   * Go's `LookupSRV`: queries `_service._proto.name`, or `name` itself when
   * service and proto are both empty. Records come sorted by priority and
   * weighted-random within a priority (RFC 2782). `cname` is the queried
   * name, absolute (c-ares does not report the owner of a CNAME'd answer).
   *
   * @example
   * const { addrs } = await lookupSRV("xmpp-server", "tcp", "example.test");
   */
  async lookupSRV(service: string, proto: string, name: string, opts?: LookupOptions): Promise<SRVResult> {
    checkString("lookupSRV", "service", service);
    checkString("lookupSRV", "proto", proto);
    checkString("lookupSRV", "name", name);
    const target = service === "" && proto === "" ? name : `_${service}._${proto}.${name}`;
    const signal = signalOf("lookupSRV", opts, target);
    if (target === "") throw notFound(target);
    return this.#query(target, signal, async (ch) => {
      const records = await ch.resolveSrv(target);
      const addrs = records.map((r) => ({
        target: fqdn(r.name),
        port: r.port,
        priority: r.priority,
        weight: r.weight,
      }));
      return { cname: fqdn(target), addrs: sortSRV(addrs) };
    });
  }

  /**
   * Go's `LookupTXT`: one string per record, its character-strings joined.
   *
   * @example
   * await lookupTXT("example.test"); // ["v=spf1 -all"]
   */
  async lookupTXT(name: string, opts?: LookupOptions): Promise<string[]> {
    checkString("lookupTXT", "name", name);
    const signal = signalOf("lookupTXT", opts, name);
    if (name === "") throw notFound(name);
    return this.#query(name, signal, async (ch) => {
      const records = await ch.resolveTxt(name);
      return records.map((chunks) => chunks.join(""));
    });
  }

  /**
   * Go's `LookupPort`: the port of a service (`http`) or numeric string for
   * `network` (`tcp`, `udp`, their 4/6 forms, or `ip`). See lookupPortSync.
   *
   * @example
   * await lookupPort("tcp", "https"); // 443
   */
  async lookupPort(network: string, service: string, opts?: LookupOptions): Promise<number> {
    checkString("lookupPort", "network", network);
    checkString("lookupPort", "service", service);
    signalOf("lookupPort", opts, `${network}/${service}`);
    return lookupPortSync(network, service);
  }
}

const defaultResolver = new Resolver();

/** {@link Resolver.lookupHost} with the system's configuration. */
export function lookupHost(host: string, opts?: LookupOptions): Promise<string[]> {
  return defaultResolver.lookupHost(host, opts);
}

/** {@link Resolver.lookupIP} with the system's configuration. */
export function lookupIP(network: string, host: string, opts?: LookupOptions): Promise<IP[]> {
  return defaultResolver.lookupIP(network, host, opts);
}

/** {@link Resolver.lookupAddr} with the system's configuration. */
export function lookupAddr(addr: string, opts?: LookupOptions): Promise<string[]> {
  return defaultResolver.lookupAddr(addr, opts);
}

/** {@link Resolver.lookupCNAME} with the system's configuration. */
export function lookupCNAME(host: string, opts?: LookupOptions): Promise<string> {
  return defaultResolver.lookupCNAME(host, opts);
}

/** {@link Resolver.lookupMX} with the system's configuration. */
export function lookupMX(name: string, opts?: LookupOptions): Promise<MX[]> {
  return defaultResolver.lookupMX(name, opts);
}

/** {@link Resolver.lookupNS} with the system's configuration. */
export function lookupNS(name: string, opts?: LookupOptions): Promise<NS[]> {
  return defaultResolver.lookupNS(name, opts);
}

/** {@link Resolver.lookupSRV} with the system's configuration. */
export function lookupSRV(
  service: string,
  proto: string,
  name: string,
  opts?: LookupOptions,
): Promise<SRVResult> {
  return defaultResolver.lookupSRV(service, proto, name, opts);
}

/** {@link Resolver.lookupTXT} with the system's configuration. */
export function lookupTXT(name: string, opts?: LookupOptions): Promise<string[]> {
  return defaultResolver.lookupTXT(name, opts);
}

/** {@link Resolver.lookupPort}; service names come from /etc/services. */
export function lookupPort(network: string, service: string, opts?: LookupOptions): Promise<number> {
  return defaultResolver.lookupPort(network, service, opts);
}
