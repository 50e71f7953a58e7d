// Reduces a row's runs to medians (with min and max, the machine's noise),
// picks the node baseline, and forms the ratios against it.

function spread(values) {
  const v = values.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1] };
}

// The numbers one run contributes. Rows with per: "MB" count megabytes
// echoed instead of operations, for throughput and for CPU cost alike.
function metrics(row, run) {
  const units = row.per === "MB" ? run.bytes / 1e6 : run.ops;
  return {
    tput: row.per === "MB" ? run.mb_per_sec : run.ops_per_sec,
    cpu: run.server_cpu_us === null || units === 0 ? null : run.server_cpu_us / units,
    p99: run.latency_us.p99,
    rss: run.rss_bytes_per_conn ?? null,
    // Share of one CPU each process used over the window: a load generator
    // near 1.0 caps throughput, and then only the CPU ratio tells servers apart.
    serverBusy: run.server_cpu_us === null ? null : run.server_cpu_us / 1e6 / run.duration_s,
    loadgenBusy: run.loadgen_cpu_us / 1e6 / run.duration_s,
  };
}

export function summarizeServer(row, state) {
  const runs = state.runs.map((r) => metrics(row, r));
  return {
    id: state.server.id,
    group: state.server.group,
    backend: state.backend ?? null,
    unavailable: state.runs.length === 0 ? (state.unavailable ?? state.failures[0] ?? "no successful run") : null,
    runs: state.runs.length,
    failures: state.failures,
    errors: state.runs.reduce((n, r) => n + r.errors, 0),
    lost: state.runs.reduce((n, r) => n + r.lost, 0),
    tput: spread(runs.map((m) => m.tput)),
    cpu: spread(runs.map((m) => m.cpu)),
    p99: spread(runs.map((m) => m.p99)),
    rss: spread(runs.map((m) => m.rss)),
    serverBusy: spread(runs.map((m) => m.serverBusy)),
    loadgenBusy: spread(runs.map((m) => m.loadgenBusy)),
  };
}

const ratio = (a, b) => (a && b && b.median > 0 ? a.median / b.median : null);

// Summary of one row: per-server spreads, the baseline (the better node
// variant: highest throughput, or least memory for the idle row), and each
// other server's ratios against it.
export function summarizeRow(row, states) {
  const servers = states.map((s) => summarizeServer(row, s));
  const nodes = servers.filter((s) => s.group === "node" && !s.unavailable);
  const better = row.kind === "idle" ? (a, b) => a.rss.median <= b.rss.median : (a, b) => a.tput.median >= b.tput.median;
  const baseline = nodes.reduce((best, s) => (best === null || better(s, best) ? s : best), null);
  // The native ceiling: the C epoll server, where the row has one.
  const ceiling = servers.find((s) => s.group === "c" && !s.unavailable) ?? null;
  const compared = servers
    .filter((s) => s !== baseline)
    .map((s) => ({
      id: s.id,
      tput: baseline && ratio(s.tput, baseline.tput),
      cpu: baseline && ratio(s.cpu, baseline.cpu),
      p99: baseline && ratio(s.p99, baseline.p99),
      rss: baseline && ratio(s.rss, baseline.rss),
    }));
  // Every server's CPU per op against the C server's (the baseline's too).
  const vsCeiling = Object.fromEntries(servers.map((s) => [s.id, ceiling && ratio(s.cpu, ceiling.cpu)]));
  return { row: row.id, title: row.title, kind: row.kind, per: row.per ?? "op", target: row.target ?? null,
    baseline: baseline?.id ?? null, ceiling: ceiling?.id ?? null, servers, compared, vsCeiling };
}
