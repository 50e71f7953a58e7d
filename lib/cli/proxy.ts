// gonet proxy: a TCP (or Unix) forwarder. Each accepted connection is dialed
// through to the upstream and copied both ways with copy() (the kernel
// splices between two gonet sockets); each direction's EOF is passed on with
// closeWrite. Ctrl-C or SIGTERM stops accepting, lets open connections
// finish, and prints the connection count and bytes each way on stderr.

import type { Conn } from "../conn.js";
import { copy } from "../copy.js";
import { dial } from "../dial.js";
import { listen } from "../listen.js";
import type { TCPConn } from "../tcp.js";
import { operands, parseFlags } from "./flags.js";
import { type Out, interruptible } from "./io.js";

/** The usage line, shown with a usage error. */
export const usage = "gonet proxy [-v] [--network tcp|tcp4|tcp6|unix] listen-address upstream-address";

type Stream = Conn & Pick<TCPConn, "closeWrite">;

/** Runs the subcommand with its arguments (after the subcommand's name); resolves the exit code. */
export async function run(argv: string[], out: Out): Promise<number> {
  const p = parseFlags(argv, { v: "bool", network: "value" });
  const [laddr, upstream] = operands(p, "listen-address", "upstream-address");
  const network = (p.flags.get("network") as string | undefined) ?? "tcp";
  const ln = await listen(network, laddr);
  const verbose = p.flags.has("v");
  // Scripts read the bound address (port 0 picks one) from this line.
  out.error(`gonet proxy: ${ln.addr} -> ${upstream}`);
  const stats = { connections: 0, failed: 0, up: 0, down: 0 };
  const open = new Set<Promise<void>>();
  const stop = interruptible();
  stop.signal.addEventListener("abort", () => void ln.close());

  const forward = async (client: Stream) => {
    let server: Stream;
    try {
      server = (await dial(network, upstream)) as Stream;
    } catch (err) {
      stats.failed++;
      out.error(`gonet proxy: ${(err as Error).message}`);
      await client.close();
      return;
    }
    stats.connections++;
    if (verbose) out.error(`gonet proxy: ${client.remoteAddr} -> ${server.remoteAddr}`);
    const pump = (dst: Stream, src: Stream, dir: "up" | "down") =>
      copy(dst, src)
        .then((n) => {
          stats[dir] += n;
          return dst.closeWrite();
        })
        .catch(() => undefined); // a reset ends that direction; the other still drains
    await Promise.all([pump(server, client, "up"), pump(client, server, "down")]);
    await Promise.all([client.close(), server.close()]);
  };

  try {
    for await (const c of ln) {
      const done: Promise<void> = forward(c as Stream).finally(() => open.delete(done));
      open.add(done);
    }
  } catch (err) {
    if (!stop.fired) throw err;
  } finally {
    stop.dispose();
    await ln.close();
  }
  await Promise.all(open);
  out.error(`gonet proxy: ${stats.connections} connections (${stats.failed} failed), ${stats.up} bytes up, ${stats.down} bytes down`);
  return 0;
}
