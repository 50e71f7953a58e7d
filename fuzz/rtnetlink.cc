// The rtnetlink dump parser (sys/rtnetlink_linux.h) fed datagrams as
// ListInterfaces gets them: the RTM_GETLINK dump's, then the RTM_GETADDR
// dump's, each until NLMSG_DONE, an error (NLMSG_ERROR, a failed dump), or
// the input runs out (a dump with its NLMSG_DONE missing). Messages and
// attributes may lie about their lengths, be truncated, repeat, or be of
// types a dump never sends.
//
// Input: frames of u8 dump (even: link, odd: address), u16 length, then that
// many bytes: one datagram, in a heap block of exactly its length.
#include <algorithm>
#include <vector>

#include "harness.h"
#include "sys/rtnetlink_linux.h"

namespace rt = gonet::sys::rtnetlink;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Input in(data, size);
  std::vector<gonet::sys::Interface> ifaces;
  bool interrupted = false;
  bool links_done = false, addrs_done = false;
  size_t largest = 0;
  while (in.left() && !addrs_done) {
    const bool addr_dump = in.U8() & 1;
    size_t len;
    const uint8_t* bytes = in.Take(in.U16(), &len);
    largest = std::max(largest, len);
    if (addr_dump != links_done) continue;  // not the dump being read
    fuzz::Block datagram(len, bytes, len);
    int r = addr_dump ? rt::ParseAddrDatagram(datagram.data(), len, &ifaces, &interrupted)
                      : rt::ParseLinkDatagram(datagram.data(), len, &ifaces, &interrupted);
    CHECK(r == rt::kDumpMore || r == rt::kDumpDone || r < 0);
    if (r < 0) return 0;  // ListInterfaces fails with this errno
    if (r == rt::kDumpDone) {
      if (addr_dump) {
        addrs_done = true;
      } else {
        links_done = true;
        rt::SortByIndex(&ifaces);
        CHECK(std::is_sorted(ifaces.begin(), ifaces.end(),
                             [](const auto& a, const auto& b) { return a.index < b.index; }));
      }
    }
  }
  // Whatever came out was in the datagrams: no field longer than one.
  for (const auto& iface : ifaces) {
    CHECK(iface.name.size() <= largest && iface.hardware_addr.size() <= largest);
    CHECK(iface.name.find('\0') == std::string::npos);
    CHECK((iface.flags & ~0x3fu) == 0);
    CHECK(links_done || iface.addrs.empty());
    for (const auto& a : iface.addrs) CHECK(a.ip_len == 4 || a.ip_len == 16);
  }
  return 0;
}
