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
#include <cstring>

namespace gonet::io::msg {

// The offsets, sizes and kinds above, from contract.def (shared with JS).
#define GONET_LAYOUT(name, value) constexpr size_t k##name = value;
#include "contract.def"
#undef GONET_LAYOUT

enum AddrKind : uint8_t {
#define GONET_ADDR_KIND(name, value) k##name = value,
#include "contract.def"
#undef GONET_ADDR_KIND
};

// The codec of these layouts is socket_dgram_codec.cc: pure functions over
// bytes (no N-API, no system calls), so fuzz/ can drive them with hostile
// input. Everything in an area is hostile: JS wrote it, or the kernel did.

// Writes the record of `ss` (the kernel's `len` bytes of it) at `rec` (room
// for kInfoSize - kInfoAddr bytes for unix names, 24 for IP); returns false
// for a family it cannot hold or an address shorter than its family's.
bool PutAddr(uint8_t* rec, const sockaddr_storage& ss, socklen_t len, bool ip_only);
// The sockaddr for an IP record on a socket of `family`; 0, 1 (kind none:
// no address) or -errno.
int GetAddr(const uint8_t* rec, int family, sockaddr_storage* ss, socklen_t* len);

// How many slots an area of `bytes` holds for payloads of `size` bytes
// (at most sys::kMaxBatch).
unsigned Slots(size_t bytes, unsigned size);
// Slot `i`'s header, and its payload, in an area of `slots` slots.
inline uint8_t* SlotHeader(uint8_t* area, unsigned i) { return area + static_cast<size_t>(i) * kSlotHeader; }
inline uint8_t* SlotPayload(uint8_t* area, unsigned slots, unsigned size, unsigned i) {
  return area + static_cast<size_t>(slots) * kSlotHeader + static_cast<size_t>(i) * size;
}
// Reads a slot header JS filled for sendmmsg: the payload length (checked
// against the slot's `size`) and the destination for a socket of `family`.
// 0 (destination in *sa), 1 (none: the connected peer) or -errno.
int DecodeSendSlot(const uint8_t* header, unsigned size, int family, size_t* len, sockaddr_storage* sa,
                   socklen_t* sa_len);
// Writes what recvmmsg reported for one message into its slot header: the
// length (never more than the slot's `size`), msg_flags and the sender's
// `from_len` bytes.
void EncodeRecvSlot(uint8_t* header, unsigned size, uint32_t msg_len, int flags, const sockaddr_storage& from,
                    socklen_t from_len);
// The i32 fields of the info area and slot headers, in host order (the JS
// side reads them through an Int32Array).
inline int32_t PutI32(uint8_t* p, int32_t v) {
  memcpy(p, &v, 4);
  return v;
}
inline int32_t GetI32(const uint8_t* p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}

}  // namespace gonet::io::msg
