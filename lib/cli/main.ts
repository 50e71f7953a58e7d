// The `gonet` command: `gonet <subcommand> [flags] [operands]`. Each
// subcommand is a module with `usage` and `run(argv, out)` returning the
// exit code; this file only dispatches and reports errors the classic way:
// on stderr, prefixed with the command, exit 2 for usage and setup errors.

import { CliError } from "./fail.js";
import { UsageError } from "./flags.js";
import { type Out, stdio } from "./io.js";

interface Command {
  usage: string;
  run(argv: string[], out: Out): Promise<number>;
}

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  ping: { summary: "send ICMP echo requests", load: () => import("./ping.js") },
  nc: { summary: "connect to or listen on TCP, UDP and Unix sockets (netcat)", load: () => import("./nc.js") },
  proxy: { summary: "forward connections to an upstream, counting bytes", load: () => import("./proxy.js") },
  ifaces: { summary: "list network interfaces and their addresses", load: () => import("./ifaces.js") },
  lookup: { summary: "look up DNS records (host, mx, srv, txt, ptr, ns, cname)", load: () => import("./lookup.js") },
  bench: { summary: "run the benchmark suite with a progress line per row", load: () => import("./bench.js") },
  traceroute: { summary: "print the route packets take to a host", load: () => import("./traceroute.js") },
};

function overview(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ["usage: gonet <command> [options]", "", "commands:", ...lines].join("\n");
}

/** Runs `gonet <subcommand> ...` (argv without the node and script paths); resolves the exit code. */
export async function main(argv: string[], out: Out = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    (name === undefined ? out.error : out.line)(overview());
    return name === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!entry) {
    out.error(`gonet: unknown command '${name}'\n${overview()}`);
    return 2;
  }
  const cmd = await entry.load();
  if (rest.includes("-h") || rest.includes("--help")) {
    out.line(`usage: ${cmd.usage}`);
    return 0;
  }
  try {
    return await cmd.run(rest, out);
  } catch (err) {
    if (err instanceof UsageError) {
      out.error(`gonet ${name}: ${err.message}\nusage: ${cmd.usage}`);
      return 2;
    }
    if (err instanceof CliError) {
      out.error(`gonet ${name}: ${err.message}`);
      if (err.fix) out.error(`  fix: ${err.fix}`);
      return err.exitCode;
    }
    out.error(`gonet ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
}
