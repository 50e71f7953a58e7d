// The struct-valued socket options' shapes (binding/options/sockopts.def
// types linger, ip_mreq, ipv6_mreq), used by the generated lib/internal/sockopts.ts.

import type { IP } from "./ip.js";

/** SO_LINGER: whether close() lingers, and for how many seconds. */
export interface Linger {
  on: boolean;
  seconds: number;
}

/** IP_ADD_MEMBERSHIP / IP_DROP_MEMBERSHIP: a group, joined on the interface with that address (any when absent). */
export interface IPMembership {
  group: IP;
  interface?: IP;
}

/** IPV6_JOIN_GROUP / IPV6_LEAVE_GROUP: a group, on the interface with that index (0 or absent: the kernel's choice). */
export interface IPv6Membership {
  group: IP;
  ifindex?: number;
}
