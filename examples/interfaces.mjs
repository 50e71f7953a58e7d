// Inspecting network interfaces: each one's name, MTU and flags, then its
// addresses (the seed article's section 10). Prints what Go's net package prints.
//
//   npm run build:ts && node examples/interfaces.mjs   (the package imports itself from dist/)

import { interfaces } from "gonet";

for (const iface of interfaces()) {
  // Name: lo, MTU: 65536, Flags: up|loopback|running
  console.log(`Name: ${iface.name}, MTU: ${iface.mtu}, Flags: ${iface.flags}`);

  for (const addr of iface.addrs()) {
    console.log("Address:", addr.toString()); // Address: 127.0.0.1/8
  }
}
