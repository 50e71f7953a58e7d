// Errors a subcommand reports and exits on: the cause, and when we know it
// the fix, printed on stderr as `gonet <cmd>: <cause>` and `  fix: <fix>`.

export class CliError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** The errno code an error from the library carries (OpError.code, or a cause's). */
export function errnoCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; err?: unknown };
  if (typeof e?.code === "string") return e.code;
  return e?.err ? errnoCode(e.err) : undefined;
}

/** The message of the innermost error (the errno's words, without the op chain). */
function cause(err: unknown): string {
  const e = err as { err?: unknown; message?: string };
  return e?.err ? cause(e.err) : (e?.message ?? String(err));
}

/**
 * Why a raw socket (and, when `pingErr` is given, a ping socket) did not
 * open, with the ways to allow one on Linux; other errors pass through.
 */
export function rawSocketError(rawErr: unknown, pingErr?: unknown): Error {
  const code = errnoCode(rawErr);
  if (code !== "EPERM" && code !== "EACCES") return rawErr as Error;
  const capFix = 'give node CAP_NET_RAW (setcap cap_net_raw+ep "$(command -v node)"), or run as root';
  const raw = `raw socket: ${cause(rawErr)} (${code}, needs CAP_NET_RAW)`;
  if (pingErr === undefined) return new CliError(`cannot open an ICMP socket: ${raw}`, capFix);
  return new CliError(
    `cannot open an ICMP socket: ${raw}; ` +
      `ping socket: ${cause(pingErr)} (${errnoCode(pingErr) ?? "error"}, this group is outside net.ipv4.ping_group_range)`,
    `allow ping sockets for your group (sysctl -w net.ipv4.ping_group_range="0 2147483647"), or ${capFix}`,
  );
}
