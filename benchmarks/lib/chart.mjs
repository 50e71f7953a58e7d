// A dependency-free SVG bar chart of the ratios against node: one line per
// server per row, throughput on the left (higher is better), cost on the
// right (server CPU per op, or RSS per connection for the idle row; lower
// is better), with gonet's targets marked.

const COLORS = { gonet: "#1f6feb", node: "#d4a72c", c: "#6e7781", go: "#1a7f37" };
const LINE = 22;
const LABEL_W = 300;
const PANEL_W = 300;
const GAP = 40;
const TOP = 70;

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// Chart lines in table order: gonet first, then the other non-baseline servers.
function chartLines(summaries) {
  const lines = [];
  for (const sum of summaries) {
    const others = sum.servers.filter((s) => s.id !== sum.baseline);
    others.sort((a, b) => (a.group === "gonet" ? -1 : b.group === "gonet" ? 1 : 0));
    others.forEach((s, i) => {
      const cmp = sum.compared.find((c) => c.id === s.id);
      lines.push({
        label: i === 0 ? `${sum.title}${sum.kind === "idle" ? ", RSS" : ""} — ${s.id}` : `↳ ${s.id}`,
        group: s.group,
        unavailable: s.unavailable || !sum.baseline,
        left: sum.kind === "idle" ? null : cmp?.tput,
        right: sum.kind === "idle" ? cmp?.rss : cmp?.cpu,
        targets: s.group === "gonet" && sum.target
          ? { left: sum.target.tput, right: sum.kind === "idle" ? null : sum.target.cpu } : {},
        first: i === 0,
      });
    });
  }
  return lines;
}

function scaleOf(values) {
  const max = Math.max(2, ...values.filter((v) => Number.isFinite(v)).map((v) => v * 1.1));
  return Math.min(6, Math.ceil(max * 2) / 2);
}

function panel(x0, title, scale, lines, side) {
  const px = (v) => x0 + (Math.min(v, scale) / scale) * PANEL_W;
  const h = lines.length * LINE;
  const parts = [`<text x="${x0}" y="${TOP - 28}" class="h">${esc(title)}</text>`];
  for (let t = 0; t <= scale + 1e-9; t += 0.5) {
    const x = px(t);
    parts.push(`<line x1="${x}" y1="${TOP - 8}" x2="${x}" y2="${TOP + h}" class="${t === 1 ? "one" : "grid"}"/>`);
    if (Number.isInteger(t)) parts.push(`<text x="${x}" y="${TOP - 12}" class="tick">${t}×</text>`);
  }
  lines.forEach((l, i) => {
    const y = TOP + i * LINE;
    const v = l[side];
    if (l.unavailable || v === null || v === undefined) {
      const why = l.unavailable ? "unavailable" : "";
      parts.push(`<text x="${x0 + 4}" y="${y + 15}" class="na">${why}</text>`);
    } else {
      const w = Math.max(1, px(v) - x0);
      parts.push(`<rect x="${x0}" y="${y + 4}" width="${w.toFixed(1)}" height="${LINE - 8}" fill="${COLORS[l.group]}"/>`);
      parts.push(`<text x="${(x0 + w + 4).toFixed(1)}" y="${y + 15}" class="v">${v.toFixed(2)}×</text>`);
    }
    const target = l.targets[side];
    if (target) {
      const x = px(target);
      parts.push(`<line x1="${x}" y1="${y + 1}" x2="${x}" y2="${y + LINE - 1}" class="target"><title>target ${target}×</title></line>`);
    }
  });
  return parts.join("\n");
}

export function renderChart(summaries, caption) {
  const lines = chartLines(summaries);
  const left = scaleOf(lines.map((l) => l.left));
  const right = scaleOf(lines.map((l) => l.right));
  const width = LABEL_W + 2 * PANEL_W + 2 * GAP + 60;
  const height = TOP + lines.length * LINE + 50;
  const labels = lines.map((l, i) =>
    `<text x="${LABEL_W - 8}" y="${TOP + i * LINE + 15}" class="${l.first ? "row" : "sub"}">${esc(l.label)}</text>`);
  const separators = lines.map((l, i) => (l.first && i > 0
    ? `<line x1="10" y1="${TOP + i * LINE}" x2="${width - 10}" y2="${TOP + i * LINE}" class="sep"/>` : ""));
  const legend = Object.entries(COLORS).map(([g, c], i) =>
    `<rect x="${LABEL_W + i * 90}" y="${height - 30}" width="12" height="12" fill="${c}"/>` +
    `<text x="${LABEL_W + i * 90 + 16}" y="${height - 20}" class="leg">${g}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<style>
text { font-size: 12px; fill: #24292f; }
.h { font-weight: bold; } .title { font-size: 15px; font-weight: bold; }
.row { text-anchor: end; font-weight: bold; } .sub { text-anchor: end; fill: #57606a; }
.tick { text-anchor: middle; fill: #57606a; font-size: 11px; } .v { font-size: 11px; } .na { fill: #8c959f; font-style: italic; }
.grid { stroke: #eaeef2; } .one { stroke: #24292f; stroke-dasharray: 3 2; } .sep { stroke: #d0d7de; }
.target { stroke: #cf222e; stroke-width: 2; } .leg { font-size: 11px; }
</style>
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="20" class="title">${esc(caption)}</text>
${panel(LABEL_W, "throughput / node (higher is better)", left, lines, "left")}
${panel(LABEL_W + PANEL_W + GAP, "server CPU per op / node (lower is better)", right, lines, "right")}
${labels.join("\n")}
${separators.join("\n")}
${legend.join("\n")}
<line x1="${LABEL_W + 4 * 90}" y1="${height - 30}" x2="${LABEL_W + 4 * 90}" y2="${height - 18}" class="target"/>
<text x="${LABEL_W + 4 * 90 + 6}" y="${height - 20}" class="leg">gonet target</text>
</svg>
`;
}
