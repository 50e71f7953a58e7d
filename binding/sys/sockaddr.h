// sockaddr <-> the plain parts JS passes around: IP bytes, port and scope
// for IP families, a path for Unix ones (a leading '@' names the Linux
// abstract namespace). Returns 0 or -errno.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace gonet::sys {

// `ip` is 4 or 16 bytes; an AF_INET6 socket takes a 4-byte IP as IPv4-mapped,
// an AF_INET socket takes an IPv4-mapped 16-byte IP as its last 4 bytes.
int EncodeInet(int family, const uint8_t* ip, size_t ip_len, int port, uint32_t scope, sockaddr_storage* out,
               socklen_t* out_len);
int EncodeUnix(const std::string& path, sockaddr_storage* out, socklen_t* out_len);

struct DecodedAddr {
  int family = 0;
  uint8_t ip[16] = {};
  size_t ip_len = 0;
  int port = 0;
  uint32_t scope = 0;
  std::string path;  // Unix: abstract names come back with their '@'
};
// `len` is what the kernel reported: bytes past it (or past `sa`) are never
// read; an address shorter than its family's is -EINVAL, one with no family
// (len < 2) -EAFNOSUPPORT. Pure: fuzz/sockaddr.cc calls it with any bytes.
int Decode(const sockaddr_storage& sa, socklen_t len, DecodedAddr* out);

}  // namespace gonet::sys
