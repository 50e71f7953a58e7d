// The batch area codec (io/socket_dgram.h layout) as RecvBatch/SendBatch
// use it: the area's geometry from a length, count and slot size JS chose,
// slot headers JS wrote for sendmmsg (length, destination record), and what
// recvmmsg reported per message (length, flags, sender and its length).
//
// Input: u32 area length (bounded by what is left), u16 count, u16 slot
// size, u8 socket family (IPv4 or IPv6), then the area's bytes, then for
// each received message: u32 msg_len, u32 msg_flags, u8 namelen, namelen
// bytes of sockaddr. The area is a heap block of exactly its length.
#include <netinet/in.h>

#include <algorithm>

#include "harness.h"
#include "io/socket_dgram.h"
#include "sys/msg.h"
#include "sys/sockaddr.h"

namespace msg = gonet::io::msg;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Input in(data, size);
  const uint32_t want = in.U32();
  const unsigned count = in.U16();
  const unsigned slot_size = in.U16();
  const int family = (in.U8() & 1) ? AF_INET6 : AF_INET;
  size_t bytes;
  const uint8_t* src = in.Take(std::min<size_t>(want, 1 << 16), &bytes);
  fuzz::Block area(bytes, src, bytes);

  // The checks RecvBatch and SendBatch make before touching the area.
  const unsigned slots = msg::Slots(bytes, slot_size);
  CHECK(slots <= gonet::sys::kMaxBatch);
  CHECK(static_cast<size_t>(slots) * (msg::kSlotHeader + slot_size) <= bytes);
  if (count == 0 || count > gonet::sys::kMaxBatch || count > slots) return 0;

  // sendmmsg: every header JS wrote, up to the first one refused.
  for (unsigned i = 0; i < count; i++) {
    size_t len;
    sockaddr_storage sa;
    socklen_t sa_len;
    int r = msg::DecodeSendSlot(msg::SlotHeader(area.data(), i), slot_size, family, &len, &sa, &sa_len);
    if (r < 0) break;
    CHECK(len <= slot_size);
    // The kernel reads `len` bytes of the payload: touch them where it would.
    const uint8_t* payload = msg::SlotPayload(area.data(), slots, slot_size, i);
    volatile uint8_t sink = 0;
    for (size_t k = 0; k < len; k++) sink = sink + payload[k];
    if (r == 0) {
      gonet::sys::DecodedAddr a;
      CHECK(sa_len <= sizeof(sa));
      CHECK(gonet::sys::Decode(sa, sa_len, &a) == 0 && a.family == family);
    }
  }

  // recvmmsg: the kernel fills each slot's payload (up to `slot_size`),
  // then each message's header is encoded into its slot.
  for (unsigned i = 0; i < count; i++) std::memset(msg::SlotPayload(area.data(), slots, slot_size, i), 0xa5, slot_size);
  for (unsigned i = 0; i < count && in.left(); i++) {
    const uint32_t msg_len = in.U32();
    const int flags = static_cast<int>(in.U32());
    const socklen_t namelen = in.U8();
    size_t got;
    const uint8_t* name = in.Take(namelen, &got);
    fuzz::Block from(std::min<size_t>(namelen, sizeof(sockaddr_storage)), name, got);
    uint8_t* header = msg::SlotHeader(area.data(), i);
    msg::EncodeRecvSlot(header, slot_size, msg_len, flags, from.as<sockaddr_storage>(), namelen);
    const int32_t n = msg::GetI32(header + msg::kSlotLen);
    CHECK(n >= 0 && static_cast<unsigned>(n) <= slot_size);
    CHECK(msg::GetI32(header + msg::kSlotFlags) == flags);
    const uint8_t kind = header[msg::kSlotAddr + msg::kAddrKind];
    CHECK(kind == msg::kNone || kind == msg::kIPv4 || kind == msg::kIPv6);
  }
  return 0;
}
