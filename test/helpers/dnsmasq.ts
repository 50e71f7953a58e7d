// Starts dnsmasq as a throwaway authoritative DNS server on 127.0.0.1, so DNS
// tests run against a real server without touching the network.

import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import dgram from "node:dgram";
import net from "node:net";
import { userInfo } from "node:os";
import dns from "node:dns";

/** dnsmasq lives in sbin, which a non-root PATH may lack. */
const SEARCH_DIRS = [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/sbin", "/usr/local/sbin"];
const START_ATTEMPTS = 5;
const READY_POLLS = 50;
const READY_POLL_MS = 100;
const KILL_AFTER_MS = 2000;

/** A running dnsmasq. */
export interface DnsServer {
  /** `127.0.0.1:PORT`, ready for `new Resolver({ servers: [address] })`. */
  readonly address: string;
  readonly port: number;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

function findDnsmasq(): string | undefined {
  return SEARCH_DIRS.filter((dir) => dir !== "")
    .map((dir) => `${dir}/dnsmasq`)
    .find((path) => existsSync(path));
}

/**
 * The dnsmasq binary. Tests never install anything: .ci/run runs
 * scripts/install-test-deps.sh beforehand, and so must a developer once.
 */
function dnsmasqPath(): string {
  const path = findDnsmasq();
  if (!path) {
    throw new Error("dnsmasq not found: run `bash scripts/install-test-deps.sh` once (it installs Debian's dnsmasq-base)");
  }
  return path;
}

/** A port free for both UDP and TCP on 127.0.0.1 right now (dnsmasq binds both). */
async function freePort(): Promise<number> {
  const udp = dgram.createSocket("udp4");
  udp.bind(0, "127.0.0.1");
  await once(udp, "listening");
  const { port } = udp.address();
  const tcp = net.createServer();
  try {
    tcp.listen(port, "127.0.0.1");
    await once(tcp, "listening");
    return port;
  } catch {
    return 0;
  } finally {
    tcp.close();
    udp.close();
  }
}

/** Polls with a real query until dnsmasq answers, or gives up. */
async function waitReady(child: ChildProcess, address: string, probe: string): Promise<boolean> {
  const resolver = new dns.promises.Resolver({ timeout: READY_POLL_MS, tries: 1 });
  resolver.setServers([address]);
  for (let i = 0; i < READY_POLLS && child.exitCode === null; i++) {
    try {
      await resolver.resolveSoa(probe);
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, READY_POLL_MS));
    }
  }
  return false;
}

/**
 * How to stop `child`. Until then, it is also killed if this process exits
 * without stopping it (a crashed test file must not leave dnsmasq running).
 */
function stopper(child: ChildProcess): () => Promise<void> {
  const killOnExit = (): void => {
    child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);
  return async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const hard = setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS);
    await exited;
    clearTimeout(hard);
  };
}

/**
 * Starts dnsmasq on a free loopback port, authoritative for `zone` (and for
 * the reverse zones of `reverseNets`, e.g. `192.0.2.0/24`), serving the
 * records that `recordArgs` (dnsmasq options such as `--host-record=...`)
 * describe. `nameServers` become the zone's NS records.
 */
export async function startDnsmasq(opts: {
  zone: string;
  reverseNets?: string[];
  nameServers: [string, ...string[]];
  recordArgs: string[];
}): Promise<DnsServer> {
  const binary = dnsmasqPath();
  const [primary, ...secondaries] = opts.nameServers;
  let stderr = "";
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await freePort();
    if (port === 0) continue;
    const address = `127.0.0.1:${port}`;
    const args = [
      "--no-daemon",
      `--port=${port}`,
      "--listen-address=127.0.0.1",
      "--bind-interfaces",
      "--no-resolv",
      "--no-hosts",
      "--conf-file=/dev/null",
      "--pid-file",
      // Stay who we are: as root dnsmasq would otherwise switch to nobody.
      `--user=${userInfo().username}`,
      "--log-facility=-",
      // Authoritative mode is what serves NS records for the zone.
      `--auth-zone=${[opts.zone, ...(opts.reverseNets ?? [])].join(",")}`,
      `--auth-server=${primary},127.0.0.1`,
      ...(secondaries.length > 0 ? [`--auth-sec-servers=${secondaries.join(",")}`] : []),
      ...opts.recordArgs,
    ];
    const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"], env: withoutSanitizer(process.env) });
    stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (err) => (stderr += `${err.message}\n`));
    const stop = stopper(child);
    if (await waitReady(child, address, opts.zone)) return { address, port, stop };
    await stop();
  }
  throw new Error(`dnsmasq did not start:\n${stderr}`);
}

/**
 * The environment for a third-party binary: under `npm run test:asan` the
 * suite runs with libasan preloaded for our addon, which dnsmasq must not get.
 */
function withoutSanitizer(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { LD_PRELOAD: _preload, ASAN_OPTIONS: _asan, UBSAN_OPTIONS: _ubsan, ...rest } = env;
  return rest;
}
