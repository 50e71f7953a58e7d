// What is measured: the servers under test per workload kind, and the rows
// of the quick and full suites with their loadgen arguments and the
// gonet/node targets from the Benchmarks issue (shown in the chart).
import { binary, server } from "./paths.mjs";

const node = process.execPath;

// Each server prints the port it listens on as its first stdout line and
// runs until killed. Proxies get the upstream port as their one argument.
// group: "gonet" is the subject, "node" the baselines (the better median is
// used), "c" and "go" are anchors shown for context, "variant" another way
// of writing the gonet server. env: extra environment for the server
// (e.g. GONET_BACKEND for a variant on another engine).
export const SERVERS = {
  tcp: [
    { id: "gonet", group: "gonet", cmd: [node, server("gonet-echo.mjs")] },
    { id: "node-pipe", group: "node", cmd: [node, server("node-net-pipe.mjs")] },
    { id: "node-data", group: "node", cmd: [node, server("node-net-data.mjs")] },
    { id: "c-epoll", group: "c", cmd: [binary("c-epoll-echo"), "tcp"] },
    { id: "go", group: "go", cmd: [binary("go-echo"), "tcp"], optional: "no Go toolchain (apt-get install golang-go)" },
  ],
  // Idle connections: gonet's buffer-less read form, so an idle Conn holds no read buffer.
  idle: [
    { id: "gonet", group: "gonet", cmd: [node, server("gonet-echo.mjs"), "--chunks"] },
    { id: "node-pipe", group: "node", cmd: [node, server("node-net-pipe.mjs")] },
    { id: "node-data", group: "node", cmd: [node, server("node-net-data.mjs")] },
    { id: "c-epoll", group: "c", cmd: [binary("c-epoll-echo"), "tcp"] },
    { id: "go", group: "go", cmd: [binary("go-echo"), "tcp"], optional: "no Go toolchain (apt-get install golang-go)" },
  ],
  udp: [
    { id: "gonet", group: "gonet", cmd: [node, server("gonet-udp.mjs")] },
    // The same server with one readFrom/writeTo per datagram: what batching buys.
    { id: "gonet-single", group: "variant", cmd: [node, server("gonet-udp.mjs"), "--single"] },
    { id: "node-dgram", group: "node", cmd: [node, server("node-dgram.mjs")] },
    { id: "c-epoll", group: "c", cmd: [binary("c-epoll-echo"), "udp"] },
    { id: "go", group: "go", cmd: [binary("go-echo"), "udp"], optional: "no Go toolchain (apt-get install golang-go)" },
  ],
  // The same node:http server over a gonet Listener (serve) and over node:net; wrk is the client.
  http: [
    { id: "gonet", group: "gonet", cmd: [node, server("node-http.mjs"), "--gonet"] },
    { id: "node-http", group: "node", cmd: [node, server("node-http.mjs"), "--net"] },
  ],
  // A pg client over gonet's Socket and over node:net against one PostgreSQL (lib/pg.mjs).
  pg: [
    { id: "gonet", group: "gonet", cmd: [node, server("pg-client.mjs"), "--gonet"] },
    { id: "node-pg", group: "node", cmd: [node, server("pg-client.mjs"), "--net"] },
  ],
  // Every core: serveWorkers with 2 workers against 1, and node:net. These
  // servers are not pinned (unpinned: true): a 2-worker server pinned to one
  // CPU could not scale. The load generator keeps its CPU, which the second
  // worker then shares on a 2-CPU machine.
  cores: [
    { id: "gonet-2w", group: "gonet", unpinned: true, cmd: [node, server("gonet-workers.mjs"), "2"] },
    { id: "gonet-1w", group: "variant", unpinned: true, cmd: [node, server("gonet-workers.mjs"), "1"] },
    { id: "node-pipe", group: "node", unpinned: true, cmd: [node, server("node-net-pipe.mjs")] },
  ],
  proxy: [
    { id: "gonet", group: "gonet", cmd: [node, server("gonet-proxy.mjs")] },
    { id: "node-pipe-proxy", group: "node", cmd: [node, server("node-net-proxy.mjs")] },
    { id: "c-epoll", group: "c", cmd: [binary("c-epoll-echo"), "proxy"] },
  ],
};

/** gonet's servers and variants: the ones that have a backend (native.backend). */
export const isGonet = (server) => server.group === "gonet" || server.group === "variant";

// The proxy rows' upstream: the same C echo server for every proxy, pinned
// with the load generator so that the proxy under test has its CPU alone.
export const PROXY_UPSTREAM = [binary("c-epoll-echo"), "tcp"];

// per: "MB" rows report MB/s and server CPU µs per MB echoed instead of per op.
// target: the goals for gonet/node (throughput ≥, cpu ≤, p99 ≤, rss ≤ bytes).
export const ROWS = [
  { id: "pingpong-c64", title: "pingpong C=64 64 B", kind: "tcp", quick: true,
    load: ["pingpong", "-c", "64", "-m", "64", "-p", "1"], target: { tput: 1.3, cpu: 0.8, p99: 0.8 } },
  { id: "pingpong-c512", title: "pingpong C=512 64 B", kind: "tcp", quick: true,
    load: ["pingpong", "-c", "512", "-m", "64", "-p", "1"], target: { tput: 1.5, cpu: 0.65 } },
  { id: "bulk-c8", title: "bulk C=8 64 KiB", kind: "tcp", quick: true, per: "MB",
    load: ["bulk", "-c", "8", "-m", "65536", "-p", "16"], target: { tput: 1.4, cpu: 0.7 } },
  { id: "connect-c32", title: "connect C=32", kind: "tcp", quick: true,
    load: ["connect", "-c", "32", "-m", "64"], target: { tput: 1.6, cpu: 0.6 } },
  { id: "udp-64", title: "udp 64 B, 8×16 in flight", kind: "udp", quick: true,
    load: ["udp", "-c", "8", "-p", "16", "-m", "64", "--timeout-ms", "200"], target: { tput: 2, cpu: 0.4 } },
  { id: "proxy-bulk", title: "proxy bulk C=8 64 KiB", kind: "proxy", quick: true, per: "MB",
    load: ["bulk", "-c", "8", "-m", "65536", "-p", "16"], target: { tput: 1.4, cpu: 0.6 } },
  { id: "proxy-pingpong", title: "proxy pingpong C=64 64 B", kind: "proxy", quick: true,
    load: ["pingpong", "-c", "64", "-m", "64", "-p", "1"], target: { cpu: 0.8 } },
  { id: "cores-c64", title: "pingpong C=64 64 B, 2 workers vs 1", kind: "cores", quick: true,
    load: ["pingpong", "-c", "64", "-m", "64", "-p", "1"] },
  { id: "idle-10k", title: "idle 10,000 connections", kind: "idle", quick: true,
    load: ["idle", "-n", "10000", "-m", "1"], target: { rss: 1024 } },
  // kind "http": wrk instead of loadgen (lib/wrk.mjs); targets from the Node interop issue.
  { id: "http-ka-c50", title: "node:http keep-alive C=50", kind: "http", quick: true,
    wrk: ["-c50"], target: { tput: 1.25, cpu: 0.8 } },
  { id: "http-close-c50", title: "node:http Connection: close C=50", kind: "http", quick: true,
    wrk: ["-c50", "-H", "Connection: close"] },
  { id: "pg-10k", title: "pg 10,000 queries, one client", kind: "pg", quick: true,
    queries: 10_000, target: { tput: 1.0 } },

  { id: "pingpong-c1", title: "pingpong C=1 64 B", kind: "tcp",
    load: ["pingpong", "-c", "1", "-m", "64", "-p", "1"] },
  { id: "pingpong-c64-p16", title: "pingpong C=64 64 B, depth 16", kind: "tcp",
    load: ["pingpong", "-c", "64", "-m", "64", "-p", "16"] },
  { id: "pingpong-c64-4k", title: "pingpong C=64 4 KiB", kind: "tcp",
    load: ["pingpong", "-c", "64", "-m", "4096", "-p", "1"] },
  { id: "bulk-c1", title: "bulk C=1 64 KiB", kind: "tcp", per: "MB",
    load: ["bulk", "-c", "1", "-m", "65536", "-p", "16"] },
  { id: "connect-c128", title: "connect C=128", kind: "tcp",
    load: ["connect", "-c", "128", "-m", "64"] },
  // 64 in flight: more 1 KiB datagrams than that overflow a default 208 KiB
  // receive buffer, and the row would measure drops instead of the server.
  { id: "udp-1k", title: "udp 1 KiB, 8×8 in flight", kind: "udp",
    load: ["udp", "-c", "8", "-p", "8", "-m", "1024", "--timeout-ms", "200"] },
];

// Run lengths. Quick fits the whole default suite in about 3 minutes. The
// idle row is slow per run (10,000 handshakes) and its RSS figure barely
// moves between runs, so quick runs it once; idleEstablish only bounds how
// long establishing may take.
export const PROFILES = {
  quick: { runs: 3, warmup: 0.5, duration: 1.2, idleRuns: 1, idleHold: 1, idleEstablish: 30 },
  full: { runs: 5, warmup: 1, duration: 4, idleRuns: 3, idleHold: 2, idleEstablish: 60 },
};
