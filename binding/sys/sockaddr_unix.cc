#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

#include "sys/platform.h"
#include "sys/sockaddr.h"
#include "sys/syscalls.h"

namespace gonet::sys {

namespace {
const uint8_t kV4MappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool IsV4Mapped(const uint8_t* ip) { return memcmp(ip, kV4MappedPrefix, 12) == 0; }
}  // namespace

int EncodeInet(int family, const uint8_t* ip, size_t ip_len, int port, uint32_t scope, sockaddr_storage* out,
               socklen_t* out_len) {
  if (port < 0 || port > 65535) return -EINVAL;
  memset(out, 0, sizeof(*out));
  if (family == AF_INET) {
    auto* sin = reinterpret_cast<sockaddr_in*>(out);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(static_cast<uint16_t>(port));
    if (ip_len == 4) {
      memcpy(&sin->sin_addr, ip, 4);
    } else if (ip_len == 16 && IsV4Mapped(ip)) {
      memcpy(&sin->sin_addr, ip + 12, 4);
    } else if (ip_len != 0) {
      return -EAFNOSUPPORT;
    }
    *out_len = sizeof(sockaddr_in);
    SetSockaddrLen(out, *out_len);
    return 0;
  }
  if (family == AF_INET6) {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(out);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(static_cast<uint16_t>(port));
    sin6->sin6_scope_id = scope;
    if (ip_len == 16) {
      memcpy(&sin6->sin6_addr, ip, 16);
    } else if (ip_len == 4) {
      memcpy(&sin6->sin6_addr, kV4MappedPrefix, 12);
      memcpy(reinterpret_cast<uint8_t*>(&sin6->sin6_addr) + 12, ip, 4);
    } else if (ip_len != 0) {
      return -EAFNOSUPPORT;
    }
    *out_len = sizeof(sockaddr_in6);
    SetSockaddrLen(out, *out_len);
    return 0;
  }
  return -EAFNOSUPPORT;
}

int EncodeUnix(const std::string& path, sockaddr_storage* out, socklen_t* out_len) {
  memset(out, 0, sizeof(*out));
  auto* sun = reinterpret_cast<sockaddr_un*>(out);
  sun->sun_family = AF_UNIX;
  // Pathnames need room for their NUL; abstract names use every byte.
  // Elsewhere a leading '@' is part of a pathname, as in Go.
  const bool abstract = kPlatform.abstract_unix && !path.empty() && path[0] == '@';
  if (path.size() > sizeof(sun->sun_path) - (abstract ? 0 : 1)) return -ENAMETOOLONG;
  // The kernel would cut a pathname at a NUL inside it: bind "a\0b" would
  // create "a", report "a" and leave it behind. Refuse it (abstract names
  // may hold any byte).
  if (!abstract && path.find('\0') != std::string::npos) return -EINVAL;
  memcpy(sun->sun_path, path.data(), path.size());
  if (abstract) sun->sun_path[0] = '\0';
  *out_len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + (abstract || path.empty() ? 0 : 1));
  SetSockaddrLen(out, *out_len);
  return 0;
}

int Decode(const sockaddr_storage& sa, socklen_t len, DecodedAddr* out) {
  // `len` is the kernel's: no byte past it is read. A truncated address
  // reports its full length, so read no further than `sa` either.
  if (len > sizeof(sa)) len = sizeof(sa);
  if (len < sizeof(sa_family_t)) return -EAFNOSUPPORT;
  out->family = sa.ss_family;
  switch (sa.ss_family) {
    case AF_INET: {
      if (len < sizeof(sockaddr_in)) return -EINVAL;
      const auto* sin = reinterpret_cast<const sockaddr_in*>(&sa);
      memcpy(out->ip, &sin->sin_addr, 4);
      out->ip_len = 4;
      out->port = ntohs(sin->sin_port);
      return 0;
    }
    case AF_INET6: {
      if (len < sizeof(sockaddr_in6)) return -EINVAL;
      const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&sa);
      memcpy(out->ip, &sin6->sin6_addr, 16);
      out->ip_len = 16;
      out->port = ntohs(sin6->sin6_port);
      out->scope = sin6->sin6_scope_id;
      return 0;
    }
    case AF_UNIX: {
      const auto* sun = reinterpret_cast<const sockaddr_un*>(&sa);
      size_t n = len > offsetof(sockaddr_un, sun_path) ? len - offsetof(sockaddr_un, sun_path) : 0;
      if (n > sizeof(sun->sun_path)) n = sizeof(sun->sun_path);
      if (kPlatform.abstract_unix && n > 0 && sun->sun_path[0] == '\0') {
        out->path.assign(sun->sun_path, n);
        out->path[0] = '@';
      } else {
        out->path.assign(sun->sun_path, strnlen(sun->sun_path, n));
      }
      return 0;
    }
    default: return -EAFNOSUPPORT;
  }
}

}  // namespace gonet::sys
