// The limits of the native contract (contract.def) as C++ constants; the
// other tables are spelled out by the headers that own them (io/result.h,
// io/socket_dgram.h, sys/interfaces.h).
#pragma once

#include <cstdint>

namespace gonet::contract {

#define GONET_LIMIT(name, value) constexpr uint32_t k##name = value;
#include "contract.def"
#undef GONET_LIMIT

}  // namespace gonet::contract
