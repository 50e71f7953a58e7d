// Network interfaces against iproute2: every field of interfaces(), addrs(),
// multicastAddrs() and interfaceAddrs() must match `ip -j addr` and
// `ip -j maddr`. First on the host, read-only. Then in a private network
// namespace built for the test: this file runs itself again under
// `unshare -n` with GONET_NETNS_TEST=1, and that run creates veth and tun
// interfaces, addresses and multicast groups that exist only in there.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, execFileSync } from "node:child_process";
import dgram from "node:dgram";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { OpError } from "../lib/errors.js";
import {
  FlagBroadcast,
  FlagLoopback,
  FlagMulticast,
  FlagPointToPoint,
  FlagRunning,
  FlagUp,
  Flags,
  Interface,
  interfaceAddrs,
  interfaceByIndex,
  interfaceByName,
  interfaces,
} from "../lib/interface.js";
import { HardwareAddr } from "../lib/mac.js";

const IN_NETNS = process.env.GONET_NETNS_TEST === "1";
/** The namespace suite's tests that do not need /dev/net/tun. */
const NETNS_CORE_TESTS = 8;
const TUN_AVAILABLE = existsSync("/dev/net/tun");
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);

/** iproute2 lives in sbin, which a non-root PATH may lack. */
const IP = [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/sbin"]
  .filter((dir) => dir !== "")
  .map((dir) => join(dir, "ip"))
  .find((path) => existsSync(path));

function ip(...args: string[]): string {
  return execFileSync(IP!, args, { encoding: "utf8" });
}

function ipJson<T>(...args: string[]): T {
  return JSON.parse(ip("-j", ...args)) as T;
}

interface IpLink {
  ifindex: number;
  ifname: string;
  mtu: number;
  flags: string[];
  link_type: string;
  address?: string;
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

interface IpMaddr {
  ifname: string;
  maddr?: { family?: string; address?: string; link?: string }[];
}

/** What `ip` prints for an IPv4/IPv6 tunnel's endpoint address, which Go does not report. */
const TUNNEL_LINK_TYPES = new Set(["ipip", "sit", "gre", "tunnel6", "gre6"]);

/** Go's Flags.String, from iproute2's flag names. */
function expectedFlags(names: string[]): string {
  const set = (name: string) => names.includes(name);
  const out: string[] = [];
  if (set("UP")) out.push("up");
  if (set("BROADCAST")) out.push("broadcast");
  if (set("LOOPBACK")) out.push("loopback");
  if (set("POINTOPOINT")) out.push("pointtopoint");
  if (set("MULTICAST")) out.push("multicast");
  // iproute2 never prints RUNNING; it prints NO-CARRIER for an up interface without it.
  if (set("UP") && !set("NO-CARRIER")) out.push("running");
  return out.length === 0 ? "0" : out.join("|");
}

function expectedHardwareAddr(link: IpLink): string {
  if (link.address === undefined || TUNNEL_LINK_TYPES.has(link.link_type)) return "";
  return /^(00:)*00$/.test(link.address) ? "" : link.address;
}

function expectedAddrs(link: IpLink): string[] {
  return (link.addr_info ?? [])
    .filter((a) => a.family === "inet" || a.family === "inet6")
    .map((a) => `${a.local}/${a.prefixlen}`);
}

function expectedInterface(link: IpLink) {
  return {
    index: link.ifindex,
    name: link.ifname,
    mtu: link.mtu,
    flags: expectedFlags(link.flags),
    hardwareAddr: expectedHardwareAddr(link),
    addrs: expectedAddrs(link),
  };
}

function fieldsOf(ifi: Interface) {
  return {
    index: ifi.index,
    name: ifi.name,
    mtu: ifi.mtu,
    flags: ifi.flags.toString(),
    hardwareAddr: ifi.hardwareAddr.toString(),
    addrs: ifi.addrs().map(String),
  };
}

function expectedMulticast(name: string): string[] {
  const entries = ipJson<IpMaddr[]>("maddr", "show", "dev", name).flatMap((e) => e.maddr ?? []);
  return entries.filter((m) => m.family === "inet" || m.family === "inet6").map((m) => m.address!);
}

/** Go's order: every interface's IPv4 addresses, then every IPv6 one. */
function expectedInterfaceAddrs(links: IpLink[]): string[] {
  const all = links.flatMap((l) => l.addr_info ?? []);
  const render = (a: { local: string; prefixlen: number }) => `${a.local}/${a.prefixlen}`;
  const family = (f: string) => all.filter((a) => a.family === f).map(render);
  return [...family("inet"), ...family("inet6")];
}

/**
 * interfaces() against `ip -j addr` read just before and just after it; a
 * change in between (an interface coming or going) means another try.
 */
function expectAllMatchIp(): IpLink[] {
  for (let attempt = 1; ; attempt++) {
    const before = ipJson<IpLink[]>("addr");
    const ours = interfaces().map(fieldsOf);
    const expected = before.map(expectedInterface);
    const changed = JSON.stringify(ipJson<IpLink[]>("addr").map(expectedInterface)) !== JSON.stringify(expected);
    if (!changed || attempt === 3) {
      expect(ours).toEqual(expected);
      return before;
    }
  }
}

function routeError(fn: () => unknown): OpError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OpError);
    return err as OpError;
  }
  throw new Error("expected an OpError");
}

describe.skipIf(IN_NETNS)("Flags", () => {
  it("prints like Go: set names in bit order joined by |, 0 for none", () => {
    expect(new Flags(0).toString()).toBe("0");
    expect(new Flags(0b111111).toString()).toBe("up|broadcast|loopback|pointtopoint|multicast|running");
    expect(new Flags(1 | 2 | 16 | 32).toString()).toBe("up|broadcast|multicast|running");
    expect(new Flags(1 | 4 | 32).toString()).toBe("up|loopback|running");
    expect(new Flags(8 | 16).toString()).toBe("pointtopoint|multicast");
    // Bits Go has no name for are not printed.
    expect(new Flags(64).toString()).toBe("0");
    expect(new Flags(64 | 2).toString()).toBe("broadcast");
    expect(`${FlagPointToPoint}`).toBe("pointtopoint");
  });

  it("has the Go values", () => {
    expect([FlagUp, FlagBroadcast, FlagLoopback, FlagPointToPoint, FlagMulticast, FlagRunning].map(Number)).toEqual([
      1, 2, 4, 8, 16, 32,
    ]);
  });

  it("has() wants every bit of its argument", () => {
    const f = new Flags(1 | 16);
    expect(f.has(FlagUp)).toBe(true);
    expect(f.has(FlagMulticast)).toBe(true);
    expect(f.has(FlagRunning)).toBe(false);
    expect(f.has(17)).toBe(true);
    expect(f.has(new Flags(1 | 32))).toBe(false);
    expect(new Flags(0xffffffff).has(0xffffffff)).toBe(true);
  });

  it("rejects values that are not a uint32", () => {
    expect(() => new Flags("1" as unknown as number)).toThrow(TypeError);
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN, Infinity]) expect(() => new Flags(bad)).toThrow(RangeError);
    expect(() => new Flags(1).has(-1)).toThrow(RangeError);
  });
});

describe.skipIf(IN_NETNS)("lookups and bad input", () => {
  it("interfaceByName: Go's errors", () => {
    expect(routeError(() => interfaceByName("")).message).toBe("route ip+net: invalid network interface name");
    const missing = routeError(() => interfaceByName("gonet-none0"));
    expect(missing.message).toBe("route ip+net: no such network interface");
    expect(missing.code).toBe("ERR_NO_SUCH_INTERFACE");
    expect(missing.op).toBe("route");
    expect(missing.net).toBe("ip+net");
  });

  it("interfaceByIndex: Go's errors", () => {
    for (const i of [0, -1, -(2 ** 40)]) {
      expect(routeError(() => interfaceByIndex(i)).message).toBe("route ip+net: invalid network interface index");
    }
    const used = new Set(interfaces().map((i) => i.index));
    const unused = [2 ** 31 - 1, 2 ** 40].find((i) => !used.has(i))!;
    expect(routeError(() => interfaceByIndex(unused)).message).toBe("route ip+net: no such network interface");
  });

  it("throws TypeError/RangeError on arguments of the wrong kind", () => {
    for (const bad of [1, null, undefined, {}, Symbol("lo")]) {
      expect(() => interfaceByName(bad as unknown as string)).toThrow(TypeError);
    }
    for (const bad of ["1", null, undefined, 1n, {}]) {
      expect(() => interfaceByIndex(bad as unknown as number)).toThrow(TypeError);
    }
    for (const bad of [1.5, Number.NaN, Infinity, -Infinity]) expect(() => interfaceByIndex(bad)).toThrow(RangeError);
  });

  it("Interface can be built by hand, with Go's zero values", () => {
    const ifi = new Interface({ index: 7 });
    expect(fieldsOf(ifi).flags).toBe("0");
    expect([ifi.mtu, ifi.name, ifi.hardwareAddr.toString()]).toEqual([0, "", ""]);
    const full = new Interface({
      index: 3,
      mtu: 9000,
      name: "x0",
      hardwareAddr: new HardwareAddr(Uint8Array.of(2, 0, 0, 0, 0, 1)),
      flags: new Flags(3),
    });
    expect([full.hardwareAddr.toString(), full.flags.toString()]).toEqual(["02:00:00:00:00:01", "up|broadcast"]);
    expect(() => new Interface(null as unknown as { index: number })).toThrow(TypeError);
    expect(() => new Interface({ index: "1" as unknown as number })).toThrow(TypeError);
    expect(() => new Interface({ index: 1.5 })).toThrow(RangeError);
    expect(() => new Interface({ index: 1, name: 5 as unknown as string })).toThrow(TypeError);
    expect(() => new Interface({ index: 1, flags: 3 as unknown as Flags })).toThrow(TypeError);
    expect(() => new Interface({ index: 1, hardwareAddr: "02:00" as unknown as HardwareAddr })).toThrow(TypeError);
  });
});

describe.skipIf(IN_NETNS || IP === undefined)("the host's interfaces, read-only", () => {
  it("interfaces(): every field equals ip -j addr", () => {
    expectAllMatchIp();
  });

  it("lo: loopback, up, running, no hardware address", () => {
    const lo = interfaceByName("lo");
    expect(lo.flags.has(FlagLoopback)).toBe(true);
    expect(lo.hardwareAddr.toString()).toBe("");
    expect(fieldsOf(lo)).toEqual(expectedInterface(ipJson<IpLink[]>("addr", "show", "dev", "lo")[0]));
    expect(fieldsOf(interfaceByIndex(lo.index))).toEqual(fieldsOf(lo));
  });

  it("interfaceAddrs(): IPv4 then IPv6, in ip's order", () => {
    expect(interfaceAddrs().map(String)).toEqual(expectedInterfaceAddrs(ipJson<IpLink[]>("addr")));
  });

  it("multicastAddrs(): the inet and inet6 groups of ip -j maddr", () => {
    // Group memberships are host state that other processes change (a test
    // joining ff12::7777 on lo): compare only a reading taken while ip's
    // view stayed the same before and after it.
    for (const ifi of interfaces()) {
      for (let attempt = 1; ; attempt++) {
        const before = expectedMulticast(ifi.name);
        const ours = ifi.multicastAddrs().map(String);
        const after = expectedMulticast(ifi.name);
        if (String(before) === String(after) || attempt === 5) {
          expect(ours).toEqual(after);
          break;
        }
      }
    }
  });

  it("addrs() and multicastAddrs() go by index and name, as Go's do", () => {
    const lo = interfaceByName("lo");
    expect(new Interface({ index: lo.index }).addrs().map(String)).toEqual(lo.addrs().map(String));
    expect(new Interface({ index: 2 ** 40 }).addrs()).toEqual([]);
    expect(new Interface({ index: 0, name: "lo" }).multicastAddrs().map(String)).toEqual(expectedMulticast("lo"));
  });

  it("addrs() are Go's IPNet: 16-byte IPv4 with a 4-byte mask, network ip+net", () => {
    const v4 = interfaceByName("lo")
      .addrs()
      .find((a) => a.ip.to4() !== null);
    expect(v4).toBeDefined();
    expect(v4!.ip.bytes.length).toBe(16);
    expect(v4!.mask.bytes.length).toBe(4);
    expect(v4!.network()).toBe("ip+net");
  });
});

/** Runs this file again inside `unshare -n`; resolves to the JSON report of that run. */
async function runInPrivateNetns(): Promise<{ report: VitestReport | null; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), "gonet-netns-"));
  const reportFile = join(dir, "report.json");
  // The inner vitest must not think it is one of this run's workers.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST")));
  env.GONET_NETNS_TEST = "1";
  const vitest = join(ROOT, "node_modules", "vitest", "vitest.mjs");
  const child = spawn(
    "unshare",
    ["-n", process.execPath, vitest, "run", THIS_FILE, "--reporter=json", `--outputFile=${reportFile}`],
    { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr.on("data", (b: Buffer) => (output += b.toString()));
  await once(child, "close");
  try {
    const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, "utf8")) as VitestReport) : null;
    return { report, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface VitestReport {
  testResults: { assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

const CAN_UNSHARE = !IN_NETNS && IP !== undefined && spawnSync("unshare", ["-n", "true"]).status === 0;

describe.skipIf(IN_NETNS)("a private network namespace", () => {
  it.skipIf(!CAN_UNSHARE)("every test of the namespace suite passes", async () => {
    const { report, output } = await runInPrivateNetns();
    expect(report, output).not.toBeNull();
    const results = report!.testResults.flatMap((t) => t.assertionResults);
    const failed = results.filter((r) => r.status === "failed");
    expect(failed.map((r) => `${r.fullName}\n${r.failureMessages.join("\n")}`)).toEqual([]);
    const passed = results.filter((r) => r.status === "passed").map((r) => r.fullName);
    expect(passed).toContain("inside unshare -n interfaces(): every field equals ip -j addr");
    expect(passed.length).toBeGreaterThanOrEqual(NETNS_CORE_TESTS);
  });
});

// ---------------------------------------------------------------------------
// Runs only inside the namespace (GONET_NETNS_TEST=1 under unshare -n).

/**
 * The kernel applies carrier changes (and with them RUNNING and the IPv6
 * link-local addresses) asynchronously; waits until it has.
 */
async function linksSettled(): Promise<void> {
  for (let poll = 0; poll < 50; poll++) {
    const links = ipJson<IpLink[]>("link");
    const flags = (name: string) => links.find((l) => l.ifname === name)?.flags ?? [];
    const carrier = (name: string) => flags(name).includes("LOWER_UP");
    const running = (name: string) => carrier(name) && !flags(name).includes("NO-CARRIER");
    if (running("gv0") && running("gv1") && running("gd1") && carrier("gd0")) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the veth links did not come up within 5 s");
}

describe.runIf(IN_NETNS)("inside unshare -n", () => {
  const sockets: dgram.Socket[] = [];

  beforeAll(async () => {
    // Never touch a namespace the test did not make: a fresh one has lo only.
    const before = ipJson<IpLink[]>("link").map((l) => l.ifname);
    if (before.length !== 1 || before[0] !== "lo") {
      throw new Error(`refusing to configure interfaces outside a fresh namespace: found ${before.join(", ")}`);
    }
    ip("link", "set", "lo", "up");
    // A veth pair, both ends up, so gv0 has its carrier (running).
    ip("link", "add", "gv0", "mtu", "1400", "address", "02:00:00:00:00:01", "type", "veth", "peer", "name", "gv1");
    ip("link", "set", "gv1", "address", "02:00:00:00:00:02", "up");
    ip("link", "set", "gv0", "up");
    ip("addr", "add", "10.9.8.7/24", "dev", "gv0");
    // A labelled secondary address: it belongs to gv0, not to "gv0:x".
    ip("addr", "add", "10.9.8.8/24", "dev", "gv0", "label", "gv0:x");
    ip("addr", "add", "fd00::7/64", "dev", "gv0", "nodad");
    // Link-layer only: Go's multicastAddrs does not report it.
    ip("maddr", "add", "01:00:5e:01:02:03", "dev", "gv0");
    // A second pair left down and without addresses.
    ip("link", "add", "gw0", "type", "veth", "peer", "name", "gw1");
    // Carrier on (LOWER_UP) but operationally dormant: up, yet not running.
    ip("link", "add", "gd0", "type", "veth", "peer", "name", "gd1");
    ip("link", "set", "gd0", "mode", "dormant");
    ip("link", "set", "gd1", "up");
    ip("link", "set", "gd0", "up");
    if (TUN_AVAILABLE) {
      // Point-to-point, no hardware address, no carrier (nobody holds it open).
      ip("tuntap", "add", "mode", "tun", "gt0");
      ip("link", "set", "gt0", "up");
      ip("addr", "add", "10.1.1.1", "peer", "10.1.1.2/32", "dev", "gt0");
    }

    await linksSettled();

    const v4 = dgram.createSocket("udp4");
    const v6 = dgram.createSocket("udp6");
    sockets.push(v4, v6);
    v4.bind(0);
    v6.bind(0);
    await Promise.all([once(v4, "listening"), once(v6, "listening")]);
    v4.addMembership("239.1.2.3", "10.9.8.7");
    v6.addMembership("ff12::4242", "::%gv0");
  });

  afterAll(() => {
    for (const s of sockets) s.close();
  });

  it("interfaces(): every field equals ip -j addr", () => {
    const links = expectAllMatchIp();
    const names = ["lo", "gv0", "gv1", "gw0", "gw1", "gd0", "gd1"];
    expect(links.map((l) => l.ifname)).toEqual(expect.arrayContaining(names));
  });

  it("gv0: the MTU, address, flags and addresses it was given", () => {
    const gv0 = interfaceByName("gv0");
    expect(fieldsOf(gv0)).toMatchObject({
      mtu: 1400,
      hardwareAddr: "02:00:00:00:00:01",
      flags: "up|broadcast|multicast|running",
    });
    expect(gv0.addrs().map(String)).toEqual(expect.arrayContaining(["10.9.8.7/24", "10.9.8.8/24", "fd00::7/64"]));
    expect(gv0.addrs().map(String).slice(0, 2)).toEqual(["10.9.8.7/24", "10.9.8.8/24"]);
    expect(fieldsOf(interfaceByIndex(gv0.index))).toEqual(fieldsOf(gv0));
  });

  it("gw0: down, no addresses, still listed", () => {
    const gw0 = interfaceByName("gw0");
    expect(gw0.flags.toString()).toBe("broadcast|multicast");
    expect(gw0.addrs()).toEqual([]);
    expect(interfaces().map((i) => i.name)).toContain("gw0");
  });

  it("gd0: dormant with its carrier on is up but not running", () => {
    expect(ipJson<IpLink[]>("link", "show", "gd0")[0].flags).toContain("LOWER_UP");
    expect(interfaceByName("gd0").flags.toString()).toBe("up|broadcast|multicast");
  });

  it("an address label is not an interface", () => {
    expect(routeError(() => interfaceByName("gv0:x")).message).toBe("route ip+net: no such network interface");
  });

  it("interfaceAddrs(): IPv4 then IPv6, in ip's order", () => {
    const all = interfaceAddrs().map(String);
    expect(all).toEqual(expectedInterfaceAddrs(ipJson<IpLink[]>("addr")));
    expect(all).toEqual(expect.arrayContaining(["127.0.0.1/8", "10.9.8.7/24", "fd00::7/64", "::1/128"]));
  });

  it("multicastAddrs(): joined groups, IPv4 first, as ip -j maddr shows them", () => {
    for (const ifi of interfaces()) expect(ifi.multicastAddrs().map(String)).toEqual(expectedMulticast(ifi.name));
    const groups = interfaceByName("gv0").multicastAddrs().map(String);
    expect(groups).toEqual(expect.arrayContaining(["239.1.2.3", "224.0.0.1", "ff12::4242", "ff02::1"]));
    expect(groups.indexOf("239.1.2.3")).toBeLessThan(groups.indexOf("ff12::4242"));
    expect(interfaceByName("gw0").multicastAddrs().map(String)).not.toContain("239.1.2.3");
  });

  it("sorted by index, indexes unique", () => {
    const indexes = interfaces().map((i) => i.index);
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(new Set(indexes).size).toBe(indexes.length);
  });

  it.runIf(TUN_AVAILABLE)("gt0: point-to-point, no hardware address, the local end of its address", () => {
    const gt0 = interfaceByName("gt0");
    expect(gt0.flags.toString()).toBe("up|pointtopoint|multicast");
    expect(gt0.hardwareAddr.bytes.length).toBe(0);
    expect(gt0.addrs().map(String)).toEqual(["10.1.1.1/32"]);
  });
});
