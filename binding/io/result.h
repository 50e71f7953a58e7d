// Result codes shared by the socket layer and JS: a value >= 0 is a byte
// count (or 0 for "done"), -errno is a system error, and these sit below
// every errno so that one number carries every outcome without allocating.
#pragma once

#include <cstdint>

namespace gonet::io {

enum Side : int { kReadSide = 0, kWriteSide = 1 };

// The values and comments live in contract.def, shared with JS.
enum Result : int32_t {
#define GONET_RESULT(name, value) k##name = value,
#include "contract.def"
#undef GONET_RESULT
};

// Which completion the sink receives (contract.def).
enum class OpKind : int32_t {
#define GONET_OP_KIND(name, value, side) k##name = value,
#include "contract.def"
#undef GONET_OP_KIND
};

// Operations that wait for the socket to become writable: the side column of
// contract.def, which lib/internal/binding.ts reads too.
inline bool IsWriteKind(OpKind k) {
  switch (k) {
#define GONET_OP_KIND(name, value, side) \
  case OpKind::k##name:                  \
    return k##side##Side == kWriteSide;
#include "contract.def"
#undef GONET_OP_KIND
  }
  return false;
}

}  // namespace gonet::io
