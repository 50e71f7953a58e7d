// Layouts shared by the datagram operations (socket_dgram.cc) and the JS
// layer (lib/internal/packet.ts), so a datagram's sender, flags and length
// travel through memory both sides already hold instead of fresh objects.
//
// An address record (little-endian):
//   [0] u8 kind: 0 none (unnamed/unconnected), 1 unix, 4 IPv4, 6 IPv6
//   [1] u8 length of the bytes at [8]: 4 or 16 for IP, the name's for unix
//   [2] u16 port
//   [4] u32 IPv6 scope id
//   [8] the IP bytes, or the unix name (abstract names start with '@')
//
// A socket's info area (kInfoSize bytes, one per socket, set by setMsgInfo):
//   [0] i32 msg_flags of the last RecvFrom/RecvMsg (MSG_TRUNC, MSG_CTRUNC)
//   [4] i32 control bytes received by the last RecvMsg
//   [8] address record of the last sender
//
// A batch area: N slot headers of kSlotHeader bytes, then N payload slots
// of `size` bytes each (N = the area's length / (kSlotHeader + size)); an
// operation uses the first `count` slots. A slot header:
//   [0] i32 payload length (received, or to send)
//   [4] i32 msg_flags (received)
//   [8] IP address record (sender, or destination; kind 0 = the connected peer)
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>

namespace gonet::io::msg {

constexpr size_t kAddrKind = 0;
constexpr size_t kAddrLen = 1;
constexpr size_t kAddrPort = 2;
constexpr size_t kAddrScope = 4;
constexpr size_t kAddrBytes = 8;

enum AddrKind : uint8_t { kNone = 0, kUnix = 1, kIPv4 = 4, kIPv6 = 6 };

constexpr size_t kInfoFlags = 0;
constexpr size_t kInfoOobn = 4;
constexpr size_t kInfoAddr = 8;
constexpr size_t kInfoSize = 128;  // 8 + 8 + a 108-byte unix name, rounded up

constexpr size_t kSlotLen = 0;
constexpr size_t kSlotFlags = 4;
constexpr size_t kSlotAddr = 8;
constexpr size_t kSlotHeader = 32;  // 8 + an IP record (8 + 16)

// Writes the record of `ss` at `rec` (room for kInfoSize - kInfoAddr bytes
// for unix names, 24 for IP); returns false for a family it cannot hold.
bool PutAddr(uint8_t* rec, const sockaddr_storage& ss, socklen_t len, bool ip_only);
// The sockaddr for an IP record on a socket of `family`; 0, 1 (kind none:
// no address) or -errno.
int GetAddr(const uint8_t* rec, int family, sockaddr_storage* ss, socklen_t* len);

}  // namespace gonet::io::msg
