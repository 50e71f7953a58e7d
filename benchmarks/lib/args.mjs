// Command line of `npm run bench -- [options]`.
import { parseArgs } from "node:util";
import { PROFILES, ROWS } from "./suite.mjs";

export const USAGE = `usage: npm run bench -- [options]
  --full              every row, longer runs (default: the quick suite, ~2-3 min)
  --only ROWS         comma-separated row ids (or id prefixes), e.g. --only pingpong-c64,udp
  --servers LIST      comma-separated server groups or ids: gonet,node,c,go,node-pipe,...
  --runs N            runs per server per row (median of N)
  --warmup S          seconds of warmup per run
  --duration S        seconds measured per run
  --callgrind         instead of the suite: instructions per request on pingpong C=64
                      (valgrind's callgrind; gonet, node, C; about 5 minutes), or with
                      --only http-ka-c50 on node:http keep-alive (gonet, node; about 5 minutes)
  --list              print the rows and exit
Filtered or shortened runs write their results to benchmarks/results/tmp/.`;

export function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      full: { type: "boolean", default: false },
      only: { type: "string" },
      servers: { type: "string" },
      runs: { type: "string" },
      warmup: { type: "string" },
      duration: { type: "string" },
      list: { type: "boolean", default: false },
      callgrind: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const profile = { ...(values.full ? PROFILES.full : PROFILES.quick) };
  for (const key of ["runs", "warmup", "duration"]) {
    if (values[key] === undefined) continue;
    const v = Number(values[key]);
    if (!(v > 0)) throw new Error(`--${key} must be a positive number`);
    profile[key] = key === "runs" ? Math.round(v) : v;
    if (key === "runs") profile.idleRuns = profile.runs;
  }
  const split = (s) => s?.split(",").map((x) => x.trim()).filter(Boolean);
  const only = split(values.only);
  // An exact id selects that row; anything else selects the rows it prefixes.
  const matches = (o) => (ROWS.some((r) => r.id === o) ? ROWS.filter((r) => r.id === o) : ROWS.filter((r) => r.id.startsWith(o)));
  const rows = only
    ? ROWS.filter((r) => only.some((o) => matches(o).includes(r)))
    : ROWS.filter((r) => values.full || r.quick);
  if (rows.length === 0) throw new Error(`--only matched no row; rows: ${ROWS.map((r) => r.id).join(", ")}`);
  const servers = split(values.servers);
  return {
    help: values.help,
    list: values.list,
    callgrind: values.callgrind,
    callgrindWorkload: only && rows.every((r) => r.kind === "http") ? "http" : "pingpong",
    full: values.full,
    profile,
    rows,
    serverFilter: servers ? (s) => servers.includes(s.group) || servers.includes(s.id) : () => true,
    // Results of a partial or altered suite are kept apart from the ones worth committing.
    partial: Boolean(only || servers || values.runs || values.warmup || values.duration),
  };
}
