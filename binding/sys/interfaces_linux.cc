// Linux implementation of sys/interfaces.h over rtnetlink, as Go's
// src/net/interface_linux.go does it: one RTM_GETLINK dump for the
// interfaces, one RTM_GETADDR dump for the addresses, matched by index.
// getifaddrs() would not do: it names an IPv4 address by its label
// ("eth0:1", or any string `ip addr add ... label` accepts) instead of its
// interface, and it has no MTU.
#include "sys/interfaces.h"

#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "sys/retry.h"

namespace gonet::sys {

namespace {

// A dump the kernel flags as inconsistent (NLM_F_DUMP_INTR: interfaces came
// or went meanwhile) is read again, this many times in all; the last one is
// kept even if flagged, since every entry in it is still real.
constexpr int kDumpAttempts = 3;

// Enough for one dump datagram of an ordinary host; a bigger one (a NIC with
// many SR-IOV VFs) grows the buffer.
constexpr size_t kInitialBufferSize = 32 * 1024;

class NetlinkSocket {
 public:
  NetlinkSocket() : fd_(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE)) {}
  ~NetlinkSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  NetlinkSocket(const NetlinkSocket&) = delete;
  NetlinkSocket& operator=(const NetlinkSocket&) = delete;

  int fd() const { return fd_; }

 private:
  int fd_;
};

// One datagram from the kernel, or -errno. Datagrams another process sent
// to our port are dropped.
ssize_t RecvFromKernel(int fd, std::vector<char>* buf, int flags) {
  for (;;) {
    sockaddr_nl from{};
    socklen_t from_len = sizeof(from);
    ssize_t n = RetryEintr([&] {
      return ::recvfrom(fd, buf->data(), buf->size(), flags, reinterpret_cast<sockaddr*>(&from), &from_len);
    });
    if (n < 0) return n;
    if (from.nl_pid == 0) return n;
    if (flags & MSG_PEEK) ::recv(fd, buf->data(), 0, 0);  // discard the stranger's datagram
  }
}

// Sends a dump request for `type` and hands each reply message to `visit`
// until the kernel says it is done. Returns 0 or -errno; sets *interrupted
// when the kernel flagged the dump as inconsistent.
template <typename Header, typename Visit>
int Dump(int fd, uint16_t type, std::vector<char>* buf, bool* interrupted, Visit visit) {
  struct {
    nlmsghdr header;
    Header body;  // family AF_UNSPEC: every family
  } request{};
  request.header.nlmsg_len = NLMSG_LENGTH(sizeof(Header));
  request.header.nlmsg_type = type;
  request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  ssize_t sent = RetryEintr([&] {
    return ::sendto(fd, &request, request.header.nlmsg_len, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof(kernel));
  });
  if (sent < 0) return static_cast<int>(sent);

  for (;;) {
    // Peek first: MSG_TRUNC makes it report the datagram's full length, and
    // a datagram read into a buffer too small for it loses its tail.
    ssize_t n = RecvFromKernel(fd, buf, MSG_PEEK | MSG_TRUNC);
    if (n < 0) return static_cast<int>(n);
    if (static_cast<size_t>(n) > buf->size()) {
      buf->resize(static_cast<size_t>(n));
      continue;
    }
    n = RecvFromKernel(fd, buf, 0);
    if (n < 0) return static_cast<int>(n);
    int len = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf->data()); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_flags & NLM_F_DUMP_INTR) *interrupted = true;
      if (h->nlmsg_type == NLMSG_DONE) {
        // The kernel ends a dump that failed part-way with its errno here.
        int err = 0;
        if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) std::memcpy(&err, NLMSG_DATA(h), sizeof(int));
        return err < 0 ? err : 0;
      }
      if (h->nlmsg_type == NLMSG_ERROR) {
        if (h->nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr))) return -EBADMSG;
        int err = static_cast<nlmsgerr*>(NLMSG_DATA(h))->error;
        return err < 0 ? err : -EBADMSG;
      }
      visit(h);
    }
  }
}

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

void ParseLink(nlmsghdr* h, std::vector<Interface>* out) {
  if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg))) return;
  auto* ifi = static_cast<ifinfomsg*>(NLMSG_DATA(h));
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
void ParseAddr(nlmsghdr* h, std::vector<Interface>* ifaces) {
  if (h->nlmsg_type != RTM_NEWADDR || h->nlmsg_len < NLMSG_LENGTH(sizeof(ifaddrmsg))) return;
  auto* ifa = static_cast<ifaddrmsg*>(NLMSG_DATA(h));
  size_t ip_len = ifa->ifa_family == AF_INET ? 4 : ifa->ifa_family == AF_INET6 ? 16 : 0;
  if (ip_len == 0) return;
  // On a point-to-point link IFA_ADDRESS is the peer and IFA_LOCAL this end;
  // otherwise IFA_LOCAL is absent (IPv6) or equal to IFA_ADDRESS (IPv4).
  rtattr* local = nullptr;
  rtattr* address = nullptr;
  int len = static_cast<int>(IFA_PAYLOAD(h));
  for (auto* a = IFA_RTA(ifa); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
    if (a->rta_type == IFA_LOCAL) local = a;
    if (a->rta_type == IFA_ADDRESS) address = a;
  }
  rtattr* chosen = local ? local : address;
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

}  // namespace

int ListInterfaces(std::vector<Interface>* out) {
  NetlinkSocket sock;
  if (sock.fd() < 0) return -errno;
  std::vector<char> buf(kInitialBufferSize);
  for (int attempt = 1;; attempt++) {
    std::vector<Interface> ifaces;
    bool interrupted = false;
    int err = Dump<ifinfomsg>(sock.fd(), RTM_GETLINK, &buf, &interrupted,
                              [&](nlmsghdr* h) { ParseLink(h, &ifaces); });
    if (err < 0) return err;
    std::sort(ifaces.begin(), ifaces.end(), [](const Interface& a, const Interface& b) { return a.index < b.index; });
    err = Dump<ifaddrmsg>(sock.fd(), RTM_GETADDR, &buf, &interrupted, [&](nlmsghdr* h) { ParseAddr(h, &ifaces); });
    if (err < 0) return err;
    if (!interrupted || attempt == kDumpAttempts) {
      *out = std::move(ifaces);
      return 0;
    }
  }
}

}  // namespace gonet::sys
