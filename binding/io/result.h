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
  // A splice step (io/socket_splice_linux.cc) stopped because...
  kNeedRead = -0x10005,   // the source has nothing more for now
  kNeedWrite = -0x10006,  // the destination takes nothing more for now
  kYield = -0x10007,      // it moved its share for this turn: let others run
  kNoPipe = -0x10008,     // no descriptor (or memory) for its pipe: copy through a buffer
};

// Which completion the sink receives; mirrored in lib/internal/binding.ts.
enum class OpKind : int32_t {
  kRead = 0,        // read into the caller's buffer
  kReadAlloc = 1,   // read into a fresh buffer
  kWrite = 2,
  kAccept = 3,
  kConnect = 4,
  // Datagram and message operations (io/socket_dgram.cc).
  kRecvFrom = 5,   // one datagram; sender and flags into the socket's info area
  kRecvMsg = 6,    // recvmsg with control data (SCM_RIGHTS...)
  kSendMsg = 7,    // sendto/sendmsg: one datagram to an address, or with control data
  kRecvBatch = 8,  // recvmmsg into a batch
  kSendBatch = 9,  // sendmmsg from a batch
  // Readiness waits (Go's RawConn.Read/Write loop): done when the socket may
  // be read (written) again, or its deadline passes. Used by splice copies.
  kWaitRead = 10,
  kWaitWrite = 11,
  kWritev = 12,  // one gathered write of a JS array of Uint8Arrays (io/socket_writev.cc)
};

// Operations that wait for the socket to become writable.
inline bool IsWriteKind(OpKind k) {
  return k == OpKind::kWrite || k == OpKind::kConnect || k == OpKind::kSendMsg || k == OpKind::kSendBatch ||
         k == OpKind::kWaitWrite || k == OpKind::kWritev;
}

enum Side : int { kReadSide = 0, kWriteSide = 1 };

}  // namespace gonet::io
