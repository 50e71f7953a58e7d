// Linux implementation of sys/interfaces.h over rtnetlink, as Go's
// src/net/interface_linux.go does it: one RTM_GETLINK dump for the
// interfaces, one RTM_GETADDR dump for the addresses, matched by index.
// getifaddrs() would not do: it names an IPv4 address by its label
// ("eth0:1", or any string `ip addr add ... label` accepts) instead of its
// interface, and it has no MTU. The socket I/O is here; decoding the
// replies is rtnetlink_linux.cc, a pure function of their bytes.
#include "sys/interfaces.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "sys/retry.h"
#include "sys/rtnetlink_linux.h"

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
    ssize_t n = RetryEintr(
        [&] { return ::recvfrom(fd, buf->data(), buf->size(), flags, reinterpret_cast<sockaddr*>(&from), &from_len); });
    if (n < 0) return n;
    if (from.nl_pid == 0) return n;
    if (flags & MSG_PEEK) ::recv(fd, buf->data(), 0, 0);  // discard the stranger's datagram
  }
}

// Sends a dump request for `type` and hands each reply datagram to `parse`
// (a rtnetlink.h parser bound to its output) until it says the dump is done.
// Returns 0 or -errno.
template <typename Header, typename Parse>
int Dump(int fd, uint16_t type, std::vector<char>* buf, Parse parse) {
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
    int r = parse(buf->data(), static_cast<size_t>(n));
    if (r != rtnetlink::kDumpMore) return r < 0 ? r : 0;
  }
}

}  // namespace

int ListInterfaces(std::vector<Interface>* out) {
  NetlinkSocket sock;
  if (sock.fd() < 0) return -errno;
  std::vector<char> buf(kInitialBufferSize);
  for (int attempt = 1;; attempt++) {
    std::vector<Interface> ifaces;
    bool interrupted = false;
    int err = Dump<ifinfomsg>(sock.fd(), RTM_GETLINK, &buf, [&](const char* data, size_t len) {
      return rtnetlink::ParseLinkDatagram(data, len, &ifaces, &interrupted);
    });
    if (err < 0) return err;
    rtnetlink::SortByIndex(&ifaces);
    err = Dump<ifaddrmsg>(sock.fd(), RTM_GETADDR, &buf, [&](const char* data, size_t len) {
      return rtnetlink::ParseAddrDatagram(data, len, &ifaces, &interrupted);
    });
    if (err < 0) return err;
    if (!interrupted || attempt == kDumpAttempts) {
      *out = std::move(ifaces);
      return 0;
    }
  }
}

}  // namespace gonet::sys
