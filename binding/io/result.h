// Result codes shared by the socket layer and JS: a value >= 0 is a byte
// count (or 0 for "done"), -errno is a system error, and these sit below
// every errno so that one number carries every outcome without allocating.
#pragma once

#include <cstdint>

namespace gonet::io {

enum Result : int32_t {
  kPending = -0x10000,   // parked: the completion sink will be called
  kEof = -0x10001,       // orderly end of stream
  kTimeout = -0x10002,   // the deadline of that direction passed
  kClosed = -0x10003,    // the socket was closed (Go's ErrClosed)
  kDetached = -0x10004,  // the caller's buffer was detached while parked
};

// Which completion the sink receives; mirrored in lib/internal/binding.ts.
enum class OpKind : int32_t {
  kRead = 0,        // read into the caller's buffer
  kReadAlloc = 1,   // read into a fresh buffer
  kWrite = 2,
  kAccept = 3,
  kConnect = 4,
};

enum Side : int { kReadSide = 0, kWriteSide = 1 };

}  // namespace gonet::io
