// IP endpoints in the form the native calls take them, [ip bytes, port,
// scope id], and zones both ways: a name or number (`lo`, `%1`) to an
// interface index, and an index back to the name Go prints.

import { IP } from "../ip.js";
import { type NativeAddr, native } from "./binding.js";

/** The native form of an IP endpoint: 4 or 16 bytes (empty = unspecified), port, scope. */
export type Endpoint = [ip: Uint8Array, port: number, scope: number];

/** An IP endpoint in its native form (Go's ipToSockaddr); an empty zone is scope 0. */
export function endpoint(ip: IP | null, port: number, zone: string): Endpoint {
  return [ip ? ip.bytes : new Uint8Array(0), port, zone ? zoneIndex(zone) : 0];
}

/** A zone (`lo`, `eth0`, `3`) as an interface index; 0 when there is no such interface. */
export function zoneIndex(zone: string): number {
  const n = Number(zone);
  if (Number.isInteger(n) && n >= 0) return n;
  return native.interfaces?.().find((i) => i.name === zone)?.index ?? 0;
}

/** An interface index as Go prints a zone: the interface's name when it has one. */
export function zoneName(scope: number): string {
  if (scope === 0) return "";
  const iface = native.interfaces?.().find((i) => i.index === scope);
  return iface ? iface.name : String(scope);
}

/**
 * A native address as a TCPAddr, UDPAddr or IPAddr (Go's sockaddrToTCP and
 * its twins): `make` gets the IP (null for an empty or non-IP address), the
 * port and the zone as Go prints it, the interface's name.
 */
export function inetAddrOf<A>(a: NativeAddr, make: (ip: IP | null, port: number, zone: string) => A): A {
  if (typeof a === "string" || a[0].length === 0) return make(null, 0, "");
  return make(new IP(a[0]), a[1], zoneName(a[2]));
}
