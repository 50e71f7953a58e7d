// Network namespaces made by a test (`ip netns`), so tools meet real hops,
// real loss and per-namespace sysctls without touching any real network.
// Names carry the test process's pid; destroy() removes them (and their
// veth/dummy links) even after a failed assertion.

import { spawnSync } from "node:child_process";

export const isRoot = process.getuid?.() === 0;

/** Whether `ip netns` works here (root and iproute2). */
export function haveNetns(): boolean {
  return isRoot && spawnSync("ip", ["netns", "list"]).status === 0;
}

/** Runs `ip ...`, throwing with its stderr when it fails. */
export function ip(...args: string[]): void {
  const r = spawnSync("ip", args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ip ${args.join(" ")}: ${r.stderr}`);
}

export class Namespaces {
  readonly names: string[];
  private constructor(names: string[]) {
    this.names = names;
  }

  /** Fresh namespaces named `<tag><pid><suffix>`, each with lo up. */
  static create(tag: string, ...suffixes: string[]): Namespaces {
    const ns = new Namespaces(suffixes.map((s) => `${tag}${process.pid % 100000}${s}`));
    try {
      for (const n of ns.names) {
        ip("netns", "add", n);
        ip("-n", n, "link", "set", "lo", "up");
      }
    } catch (err) {
      ns.destroy();
      throw err;
    }
    return ns;
  }

  /** The prefix that runs a command inside namespace `i`. */
  exec(i: number): string[] {
    return ["ip", "netns", "exec", this.names[i]];
  }

  /** A sysctl inside namespace `i` (e.g. net.ipv4.ping_group_range). */
  sysctl(i: number, setting: string): void {
    ip("netns", "exec", this.names[i], "sysctl", "-qw", setting);
  }

  destroy(): void {
    for (const n of this.names) spawnSync("ip", ["netns", "del", n]);
  }
}

/**
 * client -> router -> router -> target over veth pairs with TEST-NET-2
 * addresses that exist only inside the namespaces; returns the namespaces
 * (0 client, 3 target) and the addresses each router answers from.
 */
export function routerChain(tag: string): { ns: Namespaces; target: string; hops: string[] } {
  const ns = Namespaces.create(tag, "a", "r1", "r2", "b");
  try {
    const [A, R1, R2, B] = ns.names;
    const t = ns.names[0].slice(0, -1);
    const links: [string, string, string, string, string, string][] = [
      [A, `${t}a0`, "198.51.100.2/28", R1, `${t}r1a`, "198.51.100.1/28"],
      [R1, `${t}r1b`, "198.51.100.17/28", R2, `${t}r2a`, "198.51.100.18/28"],
      [R2, `${t}r2b`, "198.51.100.33/28", B, `${t}b0`, "198.51.100.34/28"],
    ];
    for (const [n1, v1, a1, n2, v2, a2] of links) {
      ip("link", "add", v1, "netns", n1, "type", "veth", "peer", "name", v2, "netns", n2);
      ip("-n", n1, "addr", "add", a1, "dev", v1);
      ip("-n", n2, "addr", "add", a2, "dev", v2);
      ip("-n", n1, "link", "set", v1, "up");
      ip("-n", n2, "link", "set", v2, "up");
    }
    ns.sysctl(1, "net.ipv4.ip_forward=1");
    ns.sysctl(2, "net.ipv4.ip_forward=1");
    ip("-n", A, "route", "add", "default", "via", "198.51.100.1");
    ip("-n", R1, "route", "add", "198.51.100.32/28", "via", "198.51.100.18");
    ip("-n", R2, "route", "add", "198.51.100.0/28", "via", "198.51.100.17");
    ip("-n", B, "route", "add", "default", "via", "198.51.100.33");
    return { ns, target: "198.51.100.34", hops: ["198.51.100.1", "198.51.100.18", "198.51.100.34"] };
  } catch (err) {
    ns.destroy();
    throw err;
  }
}
