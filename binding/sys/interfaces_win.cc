// sys/interfaces.h on Windows: GetAdaptersAddresses, as Go's
// net.Interfaces does there (interface_windows.go reads the same table).
#include <iphlpapi.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "sys/errno_win.h"
#include "sys/interfaces.h"

namespace gonet::sys {

namespace {
void AddAddr(const SOCKET_ADDRESS& sa, int prefix, Interface* out) {
  InterfaceAddr a;
  if (sa.lpSockaddr->sa_family == AF_INET) {
    memcpy(a.ip, &reinterpret_cast<const sockaddr_in*>(sa.lpSockaddr)->sin_addr, 4);
    a.ip_len = 4;
  } else if (sa.lpSockaddr->sa_family == AF_INET6) {
    memcpy(a.ip, &reinterpret_cast<const sockaddr_in6*>(sa.lpSockaddr)->sin6_addr, 16);
    a.ip_len = 16;
  } else {
    return;
  }
  a.prefix_len = prefix;
  out->addrs.push_back(a);
}

std::string Utf8(const wchar_t* w) {
  int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, nullptr, 0, nullptr, nullptr);
  if (n <= 1) return {};
  std::string s(static_cast<size_t>(n - 1), '\0');
  WideCharToMultiByte(CP_UTF8, 0, w, -1, s.data(), n, nullptr, nullptr);
  return s;
}
}  // namespace

int ListInterfaces(std::vector<Interface>* out) {
  out->clear();
  const ULONG flags = GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER;
  std::vector<uint8_t> buf(16 * 1024);
  ULONG r = ERROR_BUFFER_OVERFLOW;
  // The table can grow between the size query and the call: a few tries.
  for (int attempt = 0; attempt < 4 && r == ERROR_BUFFER_OVERFLOW; attempt++) {
    ULONG size = static_cast<ULONG>(buf.size());
    r = GetAdaptersAddresses(AF_UNSPEC, flags, nullptr, reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buf.data()), &size);
    if (r == ERROR_BUFFER_OVERFLOW) buf.resize(size);
  }
  if (r == ERROR_NO_DATA) return 0;
  if (r != ERROR_SUCCESS) return -WinErrno(static_cast<int>(r));
  for (auto* a = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buf.data()); a; a = a->Next) {
    Interface ifc;
    ifc.index = static_cast<int>(a->IfIndex ? a->IfIndex : a->Ipv6IfIndex);
    ifc.name = Utf8(a->FriendlyName);
    ifc.mtu = a->Mtu == 0xffffffff ? 0 : a->Mtu;
    if (a->OperStatus == IfOperStatusUp) ifc.flags |= kFlagUp | kFlagRunning;
    if (a->IfType == IF_TYPE_SOFTWARE_LOOPBACK) {
      ifc.flags |= kFlagLoopback | kFlagMulticast;
    } else if (a->IfType == IF_TYPE_PPP || a->IfType == IF_TYPE_TUNNEL) {
      ifc.flags |= kFlagPointToPoint | kFlagMulticast;
    } else {
      ifc.flags |= kFlagBroadcast | kFlagMulticast;
    }
    if (a->Flags & IP_ADAPTER_NO_MULTICAST) ifc.flags &= ~kFlagMulticast;
    const bool zero =
        std::all_of(a->PhysicalAddress, a->PhysicalAddress + a->PhysicalAddressLength, [](BYTE b) { return b == 0; });
    if (!zero) ifc.hardware_addr.assign(a->PhysicalAddress, a->PhysicalAddress + a->PhysicalAddressLength);
    for (auto* u = a->FirstUnicastAddress; u; u = u->Next) AddAddr(u->Address, u->OnLinkPrefixLength, &ifc);
    // IPv4 first, then IPv6, as the Linux listing gives them.
    std::stable_sort(ifc.addrs.begin(), ifc.addrs.end(),
                     [](const InterfaceAddr& x, const InterfaceAddr& y) { return x.ip_len < y.ip_len; });
    out->push_back(std::move(ifc));
  }
  std::sort(out->begin(), out->end(), [](const Interface& x, const Interface& y) { return x.index < y.index; });
  return 0;
}

}  // namespace gonet::sys
