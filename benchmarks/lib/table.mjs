// The printed result: one Markdown table for throughput/CPU/latency rows and
// one for the idle-memory row, with notes for unavailable servers and runs
// that saw errors. Markdown so the same text can go into the README.

function num(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (a >= 1e5) return `${(v / 1e3).toFixed(0)}k`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

const cell = (s, unit = "") => (s ? `${num(s.median)}${unit} (${num(s.min)}–${num(s.max)})` : "–");
const times = (r) => (r === null || r === undefined ? "–" : `${r.toFixed(2)}×`);

function markdown(header, lines) {
  const rows = [header, ...lines];
  const width = header.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const fmt = (r) => `| ${r.map((c, i) => c.padEnd(width[i])).join(" | ")} |`;
  return [fmt(header), `|${width.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.map(fmt)].join("\n");
}

// The gonet line of a row (titled with the workload and its node
// baseline), then one line per other server (anchors, and the node variant
// that lost), each against the same baseline.
// The C server's cells appear on the first line only, beside node's.
function rowLines(sum, cellsOf) {
  const base = sum.servers.find((s) => s.id === sum.baseline);
  const ceiling = sum.servers.find((s) => s.id === sum.ceiling);
  const gonet = sum.servers.find((s) => s.group === "gonet");
  const lines = [[`${sum.title}${base ? ` (node: ${base.id})` : ""}`, gonet?.backend ?? "",
    ...cellsOf(gonet, base ?? null, ceiling ?? null)]];
  for (const s of sum.servers)
    if (s !== base && s !== gonet) lines.push([`  ↳ ${s.id}`, s.backend ?? "", ...cellsOf(s, undefined, undefined)]);
  return lines;
}

// Cell helpers for one server `s` (absent when filtered out), the
// baseline `base` and the C ceiling `ceil` (null: none available;
// undefined: a ↳ line, left blank).
function cellMaker(sum, s, base, ceil) {
  const cmp = s && sum.compared.find((c) => c.id === s.id);
  const other = (x) => (f) => (x === undefined ? "" : x === null ? "–" : f());
  return {
    cmp,
    own: (f, first) => (!s ? "–" : s.unavailable ? (first ? "unavailable" : "–") : f()),
    base: other(base),
    ceil: other(ceil),
    vsCeil: () => times(s && sum.vsCeiling[s.id]),
  };
}

export function formatTables(summaries) {
  const out = [];
  const perf = summaries.filter((s) => s.kind !== "idle");
  const idle = summaries.filter((s) => s.kind === "idle");

  if (perf.length) {
    const lines = perf.flatMap((sum) => {
      const [tu, cu] = sum.per === "MB" ? [" MB/s", "/MB"] : ["", ""];
      return rowLines(sum, (s, b, c) => {
        const { cmp, own, base, ceil, vsCeil } = cellMaker(sum, s, b, c);
        return [
          own(() => cell(s.tput, tu), true), base(() => cell(b.tput, tu)), own(() => times(cmp?.tput)),
          own(() => cell(s.cpu, cu)), base(() => cell(b.cpu, cu)), ceil(() => cell(c.cpu, cu)),
          own(() => times(cmp?.cpu)), own(vsCeil), own(() => times(cmp?.p99)),
        ];
      });
    });
    out.push(markdown(["workload", "backend", "gonet ops/s", "node ops/s", "ratio", "gonet CPU µs/op", "node CPU µs/op",
      "C CPU µs/op", "CPU ratio", "CPU vs C", "p99 ratio"], lines));
  }
  if (idle.length) {
    const kib = (x) => x && { median: x.median / 1024, min: x.min / 1024, max: x.max / 1024 };
    const lines = idle.flatMap((sum) =>
      rowLines(sum, (s, b, c) => {
        const { cmp, own, base, ceil } = cellMaker(sum, s, b, c);
        return [
          own(() => cell(kib(s.rss)), true), base(() => cell(kib(b.rss))), ceil(() => cell(kib(c.rss))),
          own(() => times(cmp?.rss)), own(() => cell(s.cpu)), base(() => cell(b.cpu)), ceil(() => cell(c.cpu)),
        ];
      }));
    out.push(markdown(["workload", "backend", "gonet KiB/conn", "node KiB/conn", "C KiB/conn", "ratio",
      "gonet CPU µs/conn", "node CPU µs/conn", "C CPU µs/conn"], lines));
  }
  out.push(notes(summaries));
  return out.join("\n\n");
}

const pct = (x) => (x ? `${Math.round(x.median * 100)}%` : "?");

function notes(summaries) {
  const seen = new Map();
  for (const sum of summaries)
    for (const s of sum.servers) {
      if (s.unavailable) seen.set(`${s.id}: unavailable: ${s.unavailable}`, sum.row);
      else if (s.failures.length) seen.set(`${s.id} in ${sum.row}: ${s.failures.length} failed run(s): ${s.failures[0]}`, sum.row);
      if (s.errors || s.lost) seen.set(`${s.id} in ${sum.row}: ${s.errors} errors, ${s.lost} lost over all runs`, sum.row);
      if (sum.kind !== "idle" && s.loadgenBusy?.median >= 0.9)
        seen.set(`${s.id} in ${sum.row}: load generator saturated (${pct(s.loadgenBusy)} of its CPU, server ${pct(s.serverBusy)}): ` +
          "throughput is capped, compare CPU per op", sum.row);
    }
  const lines = [...seen.keys()].map((l) => `- ${l.split("\n")[0].slice(0, 300)}`);
  return [
    "Cells are medians with the (min–max) of the runs. ratio = gonet / node (higher is better);",
    "CPU ratio and p99 ratio = gonet / node (lower is better). ↳ lines put another server",
    "(anchor or losing node variant) in gonet's place against the same node baseline.",
    "C = the C epoll echo server (the native ceiling); CPU vs C = that line's CPU per op / C's.",
    "backend = gonet's engine (native.backend).",
    "KiB/conn = growth of the server's RSS with the connections open, divided by their number (lower is better).",
    ...(lines.length ? ["", ...lines] : []),
  ].join("\n");
}
