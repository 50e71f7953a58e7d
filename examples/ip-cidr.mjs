// Working with IPs and CIDR blocks: validate an address, parse a CIDR block,
// check whether an address is inside it. Prints what Go's net package prints.
//
//   npm run build:ts && node examples/ip-cidr.mjs   (the package imports itself from dist/)

import { parseCIDR, parseIP } from "gonet";

// Validate an IP: parseIP returns null for anything that is not an address.
const ip = parseIP("192.168.1.1");
console.log(`${ip}`); // 192.168.1.1

for (const text of ["10.0.0.1", "2001:DB8::1", "192.168.1.256", "010.0.0.1", "fe80::1%eth0", "example.com"]) {
  const parsed = parseIP(text);
  console.log(`${text.padEnd(14)} -> ${parsed === null ? "not an IP address" : parsed}`);
}

// Parse CIDR: the address itself and the network it belongs to.
const [addr, ipnet] = parseCIDR("192.168.1.0/24");
console.log(`${addr} ${ipnet}`); // 192.168.1.0 192.168.1.0/24
const [ones, bits] = ipnet.mask.size();
console.log(`mask ${ipnet.mask} = /${ones} of ${bits} bits`); // mask ffffff00 = /24 of 32 bits

// Check whether an IP is inside the subnet.
for (const text of ["192.168.1.50", "192.168.2.50", "::ffff:192.168.1.7"]) {
  const candidate = parseIP(text);
  const inside = candidate !== null && ipnet.contains(candidate);
  console.log(`${text} ${inside ? "is inside" : "is outside"} ${ipnet}`);
}

// A malformed block throws a ParseError with Go's message.
try {
  parseCIDR("192.168.1.0/33");
} catch (err) {
  console.log(`${err.name}: ${err.message}`); // ParseError: invalid CIDR address: 192.168.1.0/33
}
