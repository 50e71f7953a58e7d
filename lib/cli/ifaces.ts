// gonet ifaces: every interface with its index, flags, MTU, hardware address
// and addresses, from interfaces() (Go's net.Interfaces). --json for scripts.

import { interfaces } from "../interface.js";
import { parseFlags, operands } from "./flags.js";
import type { Out } from "./io.js";

/** The usage line, shown with a usage error. */
export const usage = "gonet ifaces [--json]";

/** Runs the subcommand with its arguments (after the subcommand's name); resolves the exit code. */
export async function run(argv: string[], out: Out): Promise<number> {
  const p = parseFlags(argv, { json: "bool" });
  operands(p);
  const list = interfaces().map((i) => ({
    index: i.index,
    name: i.name,
    mtu: i.mtu,
    flags: String(i.flags),
    hardwareAddr: String(i.hardwareAddr),
    addrs: i.addrs().map(String),
  }));
  if (p.flags.has("json")) {
    out.line(JSON.stringify(list, null, 2));
    return 0;
  }
  for (const i of list) {
    out.line(`${i.index}: ${i.name}: flags=${i.flags} mtu ${i.mtu}${i.hardwareAddr ? ` ether ${i.hardwareAddr}` : ""}`);
    for (const a of i.addrs) out.line(`    ${a.includes(":") ? "inet6" : "inet"} ${a}`);
  }
  return 0;
}
