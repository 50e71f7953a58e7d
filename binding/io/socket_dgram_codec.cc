// The codec of the layouts in socket_dgram.h: address records, the info
// area's fields and batch slot headers. Pure functions over bytes, no N-API
// and no system calls, so fuzz/batch.cc can call them with hostile input:
// a slot header is whatever JS wrote, a sockaddr and its length whatever the
// kernel reported. No field is trusted to fit: every read stays inside the
// bytes it was given.
#include <netinet/in.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

#include "io/socket_dgram.h"
#include "sys/msg.h"
#include "sys/platform.h"
#include "sys/sockaddr.h"

namespace gonet::io::msg {

namespace {
// Record fields are little-endian whatever the host (the JS side reads them byte by byte).
void Put16(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
void Put32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint32_t Get16(const uint8_t* p) { return p[0] | (p[1] << 8); }
uint32_t Get32(const uint8_t* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24); }
}  // namespace

bool PutAddr(uint8_t* rec, const sockaddr_storage& ss, socklen_t len, bool ip_only) {
  // A truncated address reports its full length: read no further than `ss`.
  if (len > sizeof(ss)) len = sizeof(ss);
  switch (len >= sizeof(sa_family_t) ? ss.ss_family : AF_UNSPEC) {
    case AF_INET: {
      if (len < sizeof(sockaddr_in)) break;
      const auto* sin = reinterpret_cast<const sockaddr_in*>(&ss);
      rec[kAddrKind] = kIPv4;
      rec[kAddrLen] = 4;
      Put16(rec + kAddrPort, ntohs(sin->sin_port));
      Put32(rec + kAddrScope, 0);
      memcpy(rec + kAddrBytes, &sin->sin_addr, 4);
      return true;
    }
    case AF_INET6: {
      if (len < sizeof(sockaddr_in6)) break;
      const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&ss);
      rec[kAddrKind] = kIPv6;
      rec[kAddrLen] = 16;
      Put16(rec + kAddrPort, ntohs(sin6->sin6_port));
      Put32(rec + kAddrScope, sin6->sin6_scope_id);
      memcpy(rec + kAddrBytes, &sin6->sin6_addr, 16);
      return true;
    }
    case AF_UNIX: {
      if (ip_only) break;
      const auto* sun = reinterpret_cast<const sockaddr_un*>(&ss);
      size_t n = len > offsetof(sockaddr_un, sun_path) ? len - offsetof(sockaddr_un, sun_path) : 0;
      if (n > sizeof(sun->sun_path)) n = sizeof(sun->sun_path);
      rec[kAddrKind] = kUnix;
      Put16(rec + kAddrPort, 0);
      Put32(rec + kAddrScope, 0);
      if (sys::kPlatform.abstract_unix && n > 0 && sun->sun_path[0] == '\0') {
        memcpy(rec + kAddrBytes, sun->sun_path, n);
        rec[kAddrBytes] = '@';
      } else {
        n = strnlen(sun->sun_path, n);
        memcpy(rec + kAddrBytes, sun->sun_path, n);
      }
      rec[kAddrLen] = static_cast<uint8_t>(n);
      return true;
    }
    default: break;
  }
  rec[kAddrKind] = kNone;
  rec[kAddrLen] = 0;
  return false;
}

int GetAddr(const uint8_t* rec, int family, sockaddr_storage* ss, socklen_t* len) {
  switch (rec[kAddrKind]) {
    case kNone: return 1;
    case kIPv4:
    case kIPv6: {
      size_t n = rec[kAddrLen];
      if (n != 0 && n != 4 && n != 16) return -EINVAL;  // 0: the unspecified address
      return sys::EncodeInet(family, rec + kAddrBytes, n, static_cast<int>(Get16(rec + kAddrPort)),
                             Get32(rec + kAddrScope), ss, len);
    }
    default: return -EAFNOSUPPORT;
  }
}

unsigned Slots(size_t bytes, unsigned size) {
  size_t slots = bytes / (kSlotHeader + size);
  return slots > sys::kMaxBatch ? sys::kMaxBatch : static_cast<unsigned>(slots);
}

int DecodeSendSlot(const uint8_t* header, unsigned size, int family, size_t* len, sockaddr_storage* sa,
                   socklen_t* sa_len) {
  int32_t n = GetI32(header + kSlotLen);
  if (n < 0 || static_cast<unsigned>(n) > size) return -EMSGSIZE;
  *len = static_cast<size_t>(n);
  *sa_len = 0;
  return GetAddr(header + kSlotAddr, family, sa, sa_len);
}

void EncodeRecvSlot(uint8_t* header, unsigned size, uint32_t msg_len, int flags, const sockaddr_storage& from,
                    socklen_t from_len) {
  PutI32(header + kSlotLen, static_cast<int32_t>(msg_len < size ? msg_len : size));
  PutI32(header + kSlotFlags, flags);
  PutAddr(header + kSlotAddr, from, from_len, true);
}

}  // namespace gonet::io::msg
