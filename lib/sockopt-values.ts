// The struct-valued socket options' shapes (binding/options/sockopts.def
// types linger, ip_mreq, ipv6_mreq), used by the generated lib/internal/sockopts.ts.

import type { IP } from "./ip.js";

/** SO_LINGER: whether close() lingers, and for how many seconds. */
export interface Linger {
  /** Whether close() lingers (SO_LINGER's l_onoff). */
  on: boolean;
  /** How long close() may wait for unsent data, in seconds (l_linger); 0 with `on` resets the conn. */
  seconds: number;
}

/** IP_ADD_MEMBERSHIP / IP_DROP_MEMBERSHIP: a group, joined on the interface with that address (any when absent). */
export interface IPMembership {
  /** The IPv4 multicast group. */
  group: IP;
  /** The local interface's IPv4 address (default: the kernel's choice). */
  interface?: IP;
}

/** IPV6_JOIN_GROUP / IPV6_LEAVE_GROUP: a group, on the interface with that index (0 or absent: the kernel's choice). */
export interface IPv6Membership {
  /** The IPv6 multicast group. */
  group: IP;
  /** The interface's index (0 or absent: the kernel's choice). */
  ifindex?: number;
}
