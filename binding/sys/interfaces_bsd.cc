// macOS and FreeBSD implementation of sys/interfaces.h: getifaddrs(3). Each
// interface appears once with family AF_LINK (a sockaddr_dl: its index and
// link-layer address; ifa_data is its struct if_data, with the MTU), then
// once per address. Go's BSD interface code reads the same routing-socket
// data, through sysctl.
// Reviewed against the macOS and FreeBSD man pages; not compiled here.
#include <ifaddrs.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "sys/interfaces.h"

namespace gonet::sys {

namespace {

uint32_t GoFlags(unsigned flags) {
  uint32_t out = 0;
  if (flags & IFF_UP) out |= kFlagUp;
  if (flags & IFF_BROADCAST) out |= kFlagBroadcast;
  if (flags & IFF_LOOPBACK) out |= kFlagLoopback;
  if (flags & IFF_POINTOPOINT) out |= kFlagPointToPoint;
  if (flags & IFF_MULTICAST) out |= kFlagMulticast;
  if (flags & IFF_RUNNING) out |= kFlagRunning;
  return out;
}

int PrefixLen(const uint8_t* mask, size_t len) {
  int bits = 0;
  for (size_t i = 0; i < len; i++) bits += __builtin_popcount(mask[i]);
  return bits;
}

Interface* Find(std::vector<Interface>* list, const char* name) {
  for (Interface& i : *list) {
    if (i.name == name) return &i;
  }
  return nullptr;
}

void AddLink(std::vector<Interface>* list, const ifaddrs* ifa) {
  const auto* dl = reinterpret_cast<const sockaddr_dl*>(ifa->ifa_addr);
  Interface iface;
  iface.index = dl->sdl_index;
  iface.name = ifa->ifa_name;
  iface.flags = GoFlags(ifa->ifa_flags);
  if (ifa->ifa_data) iface.mtu = static_cast<const if_data*>(ifa->ifa_data)->ifi_mtu;
  // Bounded by the sockaddr's own length: a short one carries no address.
  const size_t room = dl->sdl_len > offsetof(sockaddr_dl, sdl_data) ? dl->sdl_len - offsetof(sockaddr_dl, sdl_data) : 0;
  if (dl->sdl_alen > 0 && static_cast<size_t>(dl->sdl_nlen) + dl->sdl_alen <= room) {
    const auto* mac = reinterpret_cast<const uint8_t*>(LLADDR(dl));
    if (std::any_of(mac, mac + dl->sdl_alen, [](uint8_t b) { return b != 0; })) {
      iface.hardware_addr.assign(mac, mac + dl->sdl_alen);
    }
  }
  list->push_back(std::move(iface));
}

void AddAddr(Interface* iface, const ifaddrs* ifa) {
  InterfaceAddr a;
  if (ifa->ifa_addr->sa_family == AF_INET) {
    memcpy(a.ip, &reinterpret_cast<const sockaddr_in*>(ifa->ifa_addr)->sin_addr, 4);
    a.ip_len = 4;
    if (ifa->ifa_netmask) {
      a.prefix_len = PrefixLen(
          reinterpret_cast<const uint8_t*>(&reinterpret_cast<const sockaddr_in*>(ifa->ifa_netmask)->sin_addr), 4);
    }
  } else {
    memcpy(a.ip, &reinterpret_cast<const sockaddr_in6*>(ifa->ifa_addr)->sin6_addr, 16);
    a.ip_len = 16;
    // The KAME stack embeds a link-local address's scope in bytes 2-3; Go
    // clears them too (the zone is the interface itself).
    if (a.ip[0] == 0xfe && (a.ip[1] & 0xc0) == 0x80) a.ip[2] = a.ip[3] = 0;
    if (ifa->ifa_netmask) {
      a.prefix_len = PrefixLen(
          reinterpret_cast<const uint8_t*>(&reinterpret_cast<const sockaddr_in6*>(ifa->ifa_netmask)->sin6_addr), 16);
    }
  }
  iface->addrs.push_back(a);
}

}  // namespace

int ListInterfaces(std::vector<Interface>* out) {
  ifaddrs* head = nullptr;
  if (getifaddrs(&head) < 0) return -errno;
  std::vector<Interface> list;
  // Links first, so every address finds its interface.
  for (const ifaddrs* ifa = head; ifa; ifa = ifa->ifa_next) {
    if (ifa->ifa_addr && ifa->ifa_addr->sa_family == AF_LINK) AddLink(&list, ifa);
  }
  // IPv4 before IPv6, as the Linux listing orders them.
  for (int family : {AF_INET, AF_INET6}) {
    for (const ifaddrs* ifa = head; ifa; ifa = ifa->ifa_next) {
      if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != family) continue;
      if (Interface* iface = Find(&list, ifa->ifa_name)) AddAddr(iface, ifa);
    }
  }
  freeifaddrs(head);
  std::sort(list.begin(), list.end(), [](const Interface& a, const Interface& b) { return a.index < b.index; });
  *out = std::move(list);
  return 0;
}

}  // namespace gonet::sys
