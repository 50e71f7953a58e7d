// Pure decoding of rtnetlink dump replies into sys::Interface (interfaces.h):
// no sockets, no N-API. interfaces_linux.cc does the I/O and hands each
// datagram the kernel sent here; fuzz/rtnetlink.cc hands it hostile ones.
// A message or attribute whose length lies is skipped or ends the walk;
// nothing past the datagram's `len` bytes is read.
#pragma once

#include <cstddef>
#include <vector>

#include "sys/interfaces.h"

namespace gonet::sys::rtnetlink {

// What one datagram of a dump said.
constexpr int kDumpMore = 0;  // more datagrams follow
constexpr int kDumpDone = 1;  // NLMSG_DONE: the dump is complete
// Each returns kDumpMore, kDumpDone or -errno (NLMSG_ERROR, or a dump the
// kernel ended with an error), and sets *interrupted when a message carries
// NLM_F_DUMP_INTR. `buf` is 4-byte aligned, as the kernel's are.

// One datagram of the RTM_GETLINK dump: appends its interfaces to `out`.
int ParseLinkDatagram(const void* buf, size_t len, std::vector<Interface>* out, bool* interrupted);
// One datagram of the RTM_GETADDR dump: adds each address to its interface
// in `ifaces`, which must be sorted by index (SortByIndex); an address of an
// interface not in `ifaces` is left out.
int ParseAddrDatagram(const void* buf, size_t len, std::vector<Interface>* ifaces, bool* interrupted);
void SortByIndex(std::vector<Interface>* ifaces);

}  // namespace gonet::sys::rtnetlink
