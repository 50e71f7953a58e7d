// Go's net.SplitHostPort and net.JoinHostPort (src/net/ipsock.go). Pure
// string functions: neither the host nor the port is validated here.

import { AddrError } from "./errors.js";
import { argRangeError, argTypeError, checkString } from "./internal/args.js";

const MISSING_PORT = "missing port in address";
const TOO_MANY_COLONS = "too many colons in address";

/**
 * Go's `net.SplitHostPort`: splits `host:port`, `host%zone:port`,
 * `[host]:port` or `[host%zone]:port` into host (without brackets) and port.
 * IPv6 literals must be bracketed. The host or the port may be empty.
 * @throws AddrError with Go's reason ("missing port in address", "too many
 *   colons in address", "missing ']' in address", "unexpected '[' in
 *   address", "unexpected ']' in address") and the input as `addr`;
 *   TypeError when `hostport` is not a string.
 */
export function splitHostPort(hostport: string): [host: string, port: string] {
  checkString("splitHostPort", "hostport", hostport);
  // The port starts after the last colon.
  const lastColon = hostport.lastIndexOf(":");
  if (lastColon < 0) throw new AddrError(MISSING_PORT, hostport);

  let host: string;
  // A '[' before openFrom or a ']' before closeFrom is one of the brackets.
  let openFrom = 0;
  let closeFrom = 0;
  if (hostport.startsWith("[")) {
    // Expect the first ']' just before the last ':'.
    const close = hostport.indexOf("]");
    if (close < 0) throw new AddrError("missing ']' in address", hostport);
    if (close + 1 !== lastColon) {
      // Nothing after the ']', something other than ':', or a ':' that is not the last one.
      const colonFollows = hostport[close + 1] === ":";
      throw new AddrError(colonFollows ? TOO_MANY_COLONS : MISSING_PORT, hostport);
    }
    host = hostport.slice(1, close);
    openFrom = 1;
    closeFrom = close + 1;
  } else {
    host = hostport.slice(0, lastColon);
    if (host.includes(":")) throw new AddrError(TOO_MANY_COLONS, hostport);
  }
  if (hostport.indexOf("[", openFrom) >= 0) throw new AddrError("unexpected '[' in address", hostport);
  if (hostport.indexOf("]", closeFrom) >= 0) throw new AddrError("unexpected ']' in address", hostport);
  return [host, hostport.slice(lastColon + 1)];
}

/**
 * Go's `net.JoinHostPort`: `host:port`, with the host in brackets when it
 * contains a colon (an IPv6 literal, possibly with a zone): `[::1]:80`.
 * A numeric port is written in decimal.
 * @throws RangeError when `port` is a number but not an integer; TypeError for other types.
 */
export function joinHostPort(host: string, port: string | number): string {
  checkString("joinHostPort", "host", host);
  const portText = portToString(port);
  return host.includes(":") ? `[${host}]:${portText}` : `${host}:${portText}`;
}

function portToString(port: string | number): string {
  if (typeof port === "string") return port;
  if (typeof port !== "number") throw argTypeError("joinHostPort", "port", "a string or an integer", port);
  if (!Number.isInteger(port)) throw argRangeError("joinHostPort", "port", "an integer", port);
  return String(port);
}
