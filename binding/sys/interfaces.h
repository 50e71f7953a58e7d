// The network interfaces of the caller's network namespace, as Go's
// net.Interfaces and net.InterfaceAddrs see them. Returns 0 or -errno, never
// throws. No N-API here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gonet::sys {

// Go's net.Flags bits (contract.def), not the kernel's IFF_* values.
enum InterfaceFlag : uint32_t {
#define GONET_FLAG(name, value) k##name = value,
#include "contract.def"
#undef GONET_FLAG
};

struct InterfaceAddr {
  uint8_t ip[16] = {};
  size_t ip_len = 0;  // 4 or 16
  int prefix_len = 0;
};

struct Interface {
  int index = 0;
  std::string name;
  uint32_t mtu = 0;
  uint32_t flags = 0;  // InterfaceFlag bits
  // Empty when the kernel's is all zeros (loopback) or is a tunnel's IP
  // endpoint rather than a link-layer address, as in Go.
  std::vector<uint8_t> hardware_addr;
  // Unicast addresses in the kernel's order: IPv4 first, then IPv6. A
  // point-to-point address is the local end, not the peer.
  std::vector<InterfaceAddr> addrs;
};

// Every interface, with or without addresses, sorted by index.
int ListInterfaces(std::vector<Interface>* out);

}  // namespace gonet::sys
