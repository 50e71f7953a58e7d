// gonet lookup: DNS queries through Resolver (Go's net.Resolver), one answer
// per line: `host` addresses, `mx` "pref host", `srv` "priority weight port
// target", `txt` strings, `ptr` names, `ns` and `cname`. --server asks one
// server instead of the system's; a name without records exits 1.

import { type DNSError, Resolver } from "../dns.js";
import { CliError } from "./fail.js";
import { numberFlag, operands, parseFlags, UsageError } from "./flags.js";
import type { Out } from "./io.js";

/** The usage line, shown with a usage error. */
export const usage = "gonet lookup [--server ip[:port]] [--timeout seconds] host|ip4|ip6|mx|srv|txt|ptr|ns|cname name";

type Query = (r: Resolver, name: string, signal: AbortSignal) => Promise<string[]>;

const queries: Record<string, Query> = {
  host: (r, n, signal) => r.lookupHost(n, { signal }),
  ip4: async (r, n, signal) => (await r.lookupIP("ip4", n, { signal })).map(String),
  ip6: async (r, n, signal) => (await r.lookupIP("ip6", n, { signal })).map(String),
  mx: async (r, n, signal) => (await r.lookupMX(n, { signal })).map((m) => `${m.pref} ${m.host}`),
  srv: async (r, n, signal) =>
    (await r.lookupSRV("", "", n, { signal })).addrs.map((s) => `${s.priority} ${s.weight} ${s.port} ${s.target}`),
  txt: (r, n, signal) => r.lookupTXT(n, { signal }),
  ptr: (r, n, signal) => r.lookupAddr(n, { signal }),
  ns: async (r, n, signal) => (await r.lookupNS(n, { signal })).map((x) => x.host),
  cname: async (r, n, signal) => [await r.lookupCNAME(n, { signal })],
};

/** Runs the subcommand with its arguments (after the subcommand's name); resolves the exit code. */
export async function run(argv: string[], out: Out): Promise<number> {
  const p = parseFlags(argv, { server: "value", timeout: "value" });
  const [type, name] = operands(p, "query type", "name");
  const query = Object.hasOwn(queries, type) ? queries[type] : undefined;
  if (!query) throw new UsageError(`unknown query type '${type}' (one of ${Object.keys(queries).join(", ")})`);
  const timeout = numberFlag(p, "timeout", 10, { min: 0.001, max: 3600 });
  const server = p.flags.get("server");
  let resolver: Resolver;
  try {
    resolver = new Resolver(typeof server === "string" ? { servers: [server] } : {});
  } catch (err) {
    throw new UsageError(`--server: ${(err as Error).message}`);
  }
  let answers: string[];
  try {
    answers = await query(resolver, name, AbortSignal.timeout(timeout * 1000));
  } catch (err) {
    const e = err as DNSError;
    throw new CliError(e.message, undefined, e.isNotFound ? 1 : 2);
  }
  for (const a of answers) out.line(a);
  return 0;
}
