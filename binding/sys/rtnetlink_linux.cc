// rtnetlink_linux.h: the messages of RTM_GETLINK and RTM_GETADDR dump
// replies, read the way Go's src/net/interface_linux.go reads them.
#include "sys/rtnetlink_linux.h"

#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace gonet::sys::rtnetlink {

namespace {

uint32_t GoFlags(unsigned int iff) {
  static constexpr struct {
    unsigned int iff;
    InterfaceFlag go;
  } kMap[] = {
      {IFF_UP, kFlagUp},
      {IFF_BROADCAST, kFlagBroadcast},
      {IFF_LOOPBACK, kFlagLoopback},
      {IFF_POINTOPOINT, kFlagPointToPoint},
      {IFF_MULTICAST, kFlagMulticast},
      // The kernel reports IFF_RUNNING for an interface that is up with its
      // carrier on (operationally up), which is what Go means by it.
      {IFF_RUNNING, kFlagRunning},
  };
  uint32_t flags = 0;
  for (const auto& m : kMap) {
    if (iff & m.iff) flags |= m.go;
  }
  return flags;
}

// Go's rule: IP tunnels report their endpoint's IPv4 or IPv6 address as
// IFLA_ADDRESS, which is no hardware address; an all-zero one (loopback)
// means none.
bool IsHardwareAddr(unsigned short arp_type, const uint8_t* data, size_t size) {
  if (size == 4 && (arp_type == ARPHRD_IPGRE || arp_type == ARPHRD_TUNNEL || arp_type == ARPHRD_SIT)) return false;
  if (size == 16 && (arp_type == ARPHRD_IP6GRE || arp_type == ARPHRD_TUNNEL6)) return false;
  return std::any_of(data, data + size, [](uint8_t b) { return b != 0; });
}

void ParseLink(const nlmsghdr* h, std::vector<Interface>* out) {
  if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg))) return;
  const auto* ifi = static_cast<const ifinfomsg*>(NLMSG_DATA(h));
  Interface iface;
  iface.index = ifi->ifi_index;
  iface.flags = GoFlags(ifi->ifi_flags);
  int len = static_cast<int>(IFLA_PAYLOAD(h));
  for (auto* a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
    const auto* data = static_cast<const uint8_t*>(RTA_DATA(a));
    size_t size = RTA_PAYLOAD(a);
    switch (a->rta_type) {
      case IFLA_IFNAME:
        iface.name.assign(reinterpret_cast<const char*>(data), strnlen(reinterpret_cast<const char*>(data), size));
        break;
      case IFLA_MTU:
        if (size >= sizeof(uint32_t)) std::memcpy(&iface.mtu, data, sizeof(uint32_t));
        break;
      case IFLA_ADDRESS:
        if (IsHardwareAddr(ifi->ifi_type, data, size)) iface.hardware_addr.assign(data, data + size);
        break;
    }
  }
  out->push_back(std::move(iface));
}

// `ifaces` is sorted by index.
void ParseAddr(const nlmsghdr* h, std::vector<Interface>* ifaces) {
  if (h->nlmsg_type != RTM_NEWADDR || h->nlmsg_len < NLMSG_LENGTH(sizeof(ifaddrmsg))) return;
  const auto* ifa = static_cast<const ifaddrmsg*>(NLMSG_DATA(h));
  size_t ip_len = ifa->ifa_family == AF_INET ? 4 : ifa->ifa_family == AF_INET6 ? 16 : 0;
  if (ip_len == 0) return;
  // On a point-to-point link IFA_ADDRESS is the peer and IFA_LOCAL this end;
  // otherwise IFA_LOCAL is absent (IPv6) or equal to IFA_ADDRESS (IPv4).
  const rtattr* local = nullptr;
  const rtattr* address = nullptr;
  int len = static_cast<int>(IFA_PAYLOAD(h));
  for (auto* a = IFA_RTA(ifa); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
    if (a->rta_type == IFA_LOCAL) local = a;
    if (a->rta_type == IFA_ADDRESS) address = a;
  }
  const rtattr* chosen = local ? local : address;
  if (!chosen || RTA_PAYLOAD(chosen) != ip_len) return;

  int index = static_cast<int>(ifa->ifa_index);
  auto owner = std::lower_bound(ifaces->begin(), ifaces->end(), index,
                                [](const Interface& i, int wanted) { return i.index < wanted; });
  // An address of an interface newer than the link dump is left out, like
  // the interface itself.
  if (owner == ifaces->end() || owner->index != index) return;
  InterfaceAddr addr;
  std::memcpy(addr.ip, RTA_DATA(chosen), ip_len);
  addr.ip_len = ip_len;
  addr.prefix_len = ifa->ifa_prefixlen;
  owner->addrs.push_back(addr);
}

// Walks the messages of one datagram, handing each data message to `visit`.
// NLMSG_OK checks each header against the bytes left, RTA_OK each attribute
// against its message, so a length that lies ends the walk there.
template <typename Visit>
int Walk(const void* buf, size_t size, bool* interrupted, Visit visit) {
  int len = size > INT32_MAX ? INT32_MAX : static_cast<int>(size);
  for (auto* h = static_cast<const nlmsghdr*>(buf); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
    if (h->nlmsg_flags & NLM_F_DUMP_INTR) *interrupted = true;
    if (h->nlmsg_type == NLMSG_DONE) {
      // The kernel ends a dump that failed part-way with its errno here.
      int err = 0;
      if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) std::memcpy(&err, NLMSG_DATA(h), sizeof(int));
      return err < 0 ? err : kDumpDone;
    }
    if (h->nlmsg_type == NLMSG_ERROR) {
      if (h->nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr))) return -EBADMSG;
      int err = static_cast<const nlmsgerr*>(NLMSG_DATA(h))->error;
      return err < 0 ? err : -EBADMSG;
    }
    visit(h);
  }
  return kDumpMore;
}

}  // namespace

int ParseLinkDatagram(const void* buf, size_t len, std::vector<Interface>* out, bool* interrupted) {
  return Walk(buf, len, interrupted, [&](const nlmsghdr* h) { ParseLink(h, out); });
}

int ParseAddrDatagram(const void* buf, size_t len, std::vector<Interface>* ifaces, bool* interrupted) {
  return Walk(buf, len, interrupted, [&](const nlmsghdr* h) { ParseAddr(h, ifaces); });
}

void SortByIndex(std::vector<Interface>* ifaces) {
  std::sort(ifaces->begin(), ifaces->end(), [](const Interface& a, const Interface& b) { return a.index < b.index; });
}

}  // namespace gonet::sys::rtnetlink
