// sockaddr decoding: sys::Decode (local/remote addresses, accept) and
// io::msg::PutAddr (the sender of a datagram, into an address record), fed
// what a kernel could report: a length that disagrees with the family,
// shorter than the family's sockaddr or longer than sockaddr_storage (a
// truncated address reports its full length), a sun_path without a NUL, an
// abstract name with NULs inside, any IPv6 scope id.
//
// Input: u16 length the kernel reported, then the bytes it wrote. The
// sockaddr sits in a heap block of exactly min(length, sizeof storage)
// bytes: the decoders may not read a byte the kernel did not write.
//
// The same bytes are also what JS could pass the encoders (EncodeUnix,
// EncodeInet): a name of any length, an IP of any length, any port/scope.
#include <netinet/in.h>
#include <sys/un.h>

#include <algorithm>
#include <string>

#include "harness.h"
#include "io/socket_dgram.h"
#include "sys/sockaddr.h"

using gonet::io::msg::kAddrBytes;
using gonet::io::msg::kAddrKind;
using gonet::io::msg::kAddrLen;

namespace {

// The record Decode's result should produce, compared field by field with PutAddr's.
void CheckRecordMatches(const uint8_t* rec, const gonet::sys::DecodedAddr& a) {
  namespace msg = gonet::io::msg;
  if (a.family == AF_UNIX) {
    CHECK(rec[kAddrKind] == msg::kUnix);
    CHECK(rec[kAddrLen] == a.path.size());
    CHECK(std::memcmp(rec + kAddrBytes, a.path.data(), a.path.size()) == 0);
    return;
  }
  CHECK(rec[kAddrKind] == (a.family == AF_INET ? msg::kIPv4 : msg::kIPv6));
  CHECK(rec[kAddrLen] == a.ip_len);
  CHECK(std::memcmp(rec + kAddrBytes, a.ip, a.ip_len) == 0);
  CHECK((rec[msg::kAddrPort] | (rec[msg::kAddrPort + 1] << 8)) == a.port);
}

// Encoding what was decoded and decoding it again gives the same address.
void CheckRoundTrip(const gonet::sys::DecodedAddr& a) {
  sockaddr_storage ss;
  socklen_t len = 0;
  int r = a.family == AF_UNIX ? gonet::sys::EncodeUnix(a.path, &ss, &len)
                              : gonet::sys::EncodeInet(a.family, a.ip, a.ip_len, a.port, a.scope, &ss, &len);
  if (r < 0) {
    // Only a pathname that filled sun_path has no room for its NUL.
    CHECK(a.family == AF_UNIX && r == -ENAMETOOLONG && a.path.size() == sizeof(sockaddr_un::sun_path));
    return;
  }
  gonet::sys::DecodedAddr b;
  CHECK(gonet::sys::Decode(ss, len, &b) == 0);
  CHECK(b.family == a.family && b.path == a.path && b.ip_len == a.ip_len && b.port == a.port && b.scope == a.scope);
  CHECK(std::memcmp(b.ip, a.ip, a.ip_len) == 0);
}

// The encoders take what JS passed: they refuse it or produce a sockaddr
// that fits and decodes to what was asked.
void CheckEncoders(const uint8_t* bytes, size_t n, uint16_t reported) {
  sockaddr_storage ss;
  socklen_t len = 0;
  const std::string path(reinterpret_cast<const char*>(bytes), n);
  if (gonet::sys::EncodeUnix(path, &ss, &len) == 0) {
    CHECK(len <= sizeof(sockaddr_un));
    gonet::sys::DecodedAddr a;
    CHECK(gonet::sys::Decode(ss, len, &a) == 0 && a.family == AF_UNIX);
    // '@' names an abstract address (any bytes); a pathname has no NUL.
    CHECK(a.path == path);
  } else {
    const bool abstract = !path.empty() && path[0] == '@';
    CHECK(n > sizeof(sockaddr_un::sun_path) - 1 || (!abstract && path.find('\0') != std::string::npos));
  }
  const int family = (reported & 1) ? AF_INET6 : AF_INET;
  const size_t ip_len = n % 17;  // 0, 4 and 16 are the valid ones
  const int port = static_cast<int>(reported >> 1) - 1000;  // some out of range
  const uint32_t scope = n >= 4 ? static_cast<uint32_t>(bytes[0] | bytes[1] << 8 | bytes[2] << 16 | bytes[3] << 24) : 0;
  int r = gonet::sys::EncodeInet(family, bytes, ip_len, port, scope, &ss, &len);
  if (r < 0) return;
  CHECK(port >= 0 && port <= 65535 && (ip_len == 0 || ip_len == 4 || ip_len == 16));
  gonet::sys::DecodedAddr a;
  CHECK(gonet::sys::Decode(ss, len, &a) == 0 && a.family == family && a.port == port);
  if (family == AF_INET6) CHECK(a.scope == scope);
  if (ip_len == a.ip_len) CHECK(std::memcmp(a.ip, bytes, ip_len) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Input in(data, size);
  const socklen_t reported = in.U16();
  size_t avail;
  const uint8_t* bytes = in.Take(sizeof(sockaddr_storage), &avail);
  fuzz::Block written(std::min<size_t>(reported, sizeof(sockaddr_storage)), bytes, avail);
  const auto& ss = written.as<sockaddr_storage>();

  gonet::sys::DecodedAddr a;
  int r = gonet::sys::Decode(ss, reported, &a);
  if (r == 0) {
    CHECK(a.family == AF_INET || a.family == AF_INET6 || a.family == AF_UNIX);
    if (a.family == AF_UNIX) {
      CHECK(a.ip_len == 0 && a.path.size() <= sizeof(sockaddr_un::sun_path));
    } else {
      CHECK(a.ip_len == (a.family == AF_INET ? 4u : 16u) && a.path.empty());
    }
    CheckRoundTrip(a);
  }

  // PutAddr writes into the info area (room for a unix name) or a slot
  // header (IP only): blocks of exactly that room.
  namespace msg = gonet::io::msg;
  fuzz::Block info(msg::kInfoSize - msg::kInfoAddr, nullptr, 0);
  bool put = msg::PutAddr(info.data(), ss, reported, false);
  CHECK(put == (r == 0));
  if (put) CheckRecordMatches(info.data(), a);
  fuzz::Block slot(msg::kSlotHeader - msg::kSlotAddr, nullptr, 0);
  bool put_ip = msg::PutAddr(slot.data(), ss, reported, true);
  CHECK(put_ip == (r == 0 && a.family != AF_UNIX));
  if (put_ip) CheckRecordMatches(slot.data(), a);

  CheckEncoders(bytes, avail, static_cast<uint16_t>(reported));
  return 0;
}
