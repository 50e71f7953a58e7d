// Datagram and message operations of io::Socket: recvfrom/sendto for UDP,
// unixgram and raw IP, recvmsg/sendmsg with control data (SCM_RIGHTS), and
// batches (recvmmsg/sendmmsg where the system has them, sys/msg.h). Same shape as the stream operations in
// socket.cc: attempted at once, parked in the socket's FIFO on EAGAIN,
// finished by Attempt() on readiness, deadline or close.
//
// Nothing here allocates on the fast path: the sender of a datagram goes to
// the socket's info area (a JS Uint8Array the socket pins), whose layout is
// in socket_dgram.h. An operation that has to wait pins what it needs: the
// caller's buffer, or a small JS array [buffer, control, sockaddr].
// A socket may also pin a send-stamp slot (SetSendStamp): each send attempt
// writes the wall clock there just before its system call.
#include "io/socket_dgram.h"

#include <cerrno>
#include <vector>

#include "io/socket.h"
#include "loop/loop.h"
#include "sys/clock.h"
#include "sys/msg.h"
#include "sys/syscalls.h"

namespace gonet::io {

namespace {

// The bytes of a typed array (null if `v` is not one, or is detached).
uint8_t* Bytes(napi_env env, napi_value v, size_t* len) {
  napi_typedarray_type type;
  void* data = nullptr;
  *len = 0;
  if (!v || napi_get_typedarray_info(env, v, &type, len, &data, nullptr, nullptr) != napi_ok) return nullptr;
  return static_cast<uint8_t*>(data);
}

napi_value Element(napi_env env, napi_value array, uint32_t i) {
  napi_value v = nullptr;
  napi_get_element(env, array, i, &v);
  return v;
}

// Batch geometry travels in Op::length: size in the high half, count in the low.
size_t PackBatch(unsigned count, unsigned size) { return (static_cast<size_t>(size) << 32) | count; }
unsigned BatchCount(size_t packed) { return static_cast<unsigned>(packed & 0xffffffffu); }
unsigned BatchSize(size_t packed) { return static_cast<unsigned>(packed >> 32); }

}  // namespace

struct Socket::DgramState {
  napi_ref info_ref = nullptr;
  uint8_t* info = nullptr;
  napi_ref stamp_ref = nullptr;
  int64_t* send_stamp = nullptr;
  // batch headers, grown to the largest batch seen.
  std::vector<sys::BatchMsg> msgs;
  std::vector<iovec> iovs;
  std::vector<sockaddr_storage> addrs;

  void Reserve(unsigned count) {
    if (msgs.size() >= count) return;
    msgs.resize(count);
    iovs.resize(count);
    addrs.resize(count);
  }
};

void Socket::FreeDgram() {
  if (!dgram_) return;
  if (!loop_->torn_down()) {
    if (dgram_->info_ref) napi_delete_reference(loop_->env(), dgram_->info_ref);
    if (dgram_->stamp_ref) napi_delete_reference(loop_->env(), dgram_->stamp_ref);
  }
  delete dgram_;
  dgram_ = nullptr;
}

void Socket::SetMsgInfo(napi_env env, napi_value u8, uint8_t* data) {
  if (!dgram_) dgram_ = new DgramState();
  if (dgram_->info_ref) napi_delete_reference(env, dgram_->info_ref);
  napi_create_reference(env, u8, 1, &dgram_->info_ref);
  dgram_->info = data;
}

void Socket::SetSendStamp(napi_env env, napi_value i64, int64_t* slot) {
  if (!dgram_) dgram_ = new DgramState();
  if (dgram_->stamp_ref) napi_delete_reference(env, dgram_->stamp_ref);
  napi_create_reference(env, i64, 1, &dgram_->stamp_ref);
  dgram_->send_stamp = slot;
}

// ---------------------------------------------------------------- syscalls

// One recvmsg; RecvFrom is this without control data (oob_len 0).
int32_t Socket::RecvMsgNow(uint8_t* data, size_t len, uint8_t* oob, size_t oob_len) {
  sockaddr_storage from;
  socklen_t from_len = 0;
  int flags = 0;
  size_t control_len = oob_len;
  ssize_t n = sys::RecvMsg(fd_, data, len, &from, &from_len, oob_len ? oob : nullptr, &control_len, &flags);
  if (n < 0) return ErrorResult(n, readable_);
  // The sender, flags and control length go to the socket's info area; a
  // socket that never set one (setMsgInfo) has no use for them, so nothing
  // is written: no buffer is shared between sockets, environments or threads.
  if (dgram_ && dgram_->info) {
    uint8_t* info = dgram_->info;
    msg::PutI32(info + msg::kInfoFlags, flags);
    msg::PutI32(info + msg::kInfoOobn, static_cast<int32_t>(control_len));
    msg::PutAddr(info + msg::kInfoAddr, from, from_len, false);
  }
  // EOF on a stream, unless descriptors came with the empty read.
  if (n == 0 && IsStream() && len > 0 && control_len == 0) return pending_error_ != 0 ? TakePendingError() : kEof;
  return static_cast<int32_t>(n);
}

int32_t Socket::SendMsgNow(const uint8_t* data, size_t len, const uint8_t* oob, size_t oob_len, const sockaddr* to,
                           socklen_t to_len) {
  if (dgram_ && dgram_->send_stamp) *dgram_->send_stamp = sys::RealtimeNs();
  ssize_t n = sys::SendMsg(fd_, data, len, to, to_len, oob, oob_len);
  return n < 0 ? ErrorResult(n, writable_) : static_cast<int32_t>(n);
}

int32_t Socket::RecvBatchNow(uint8_t* data, unsigned slots, unsigned count, unsigned size) {
  if (!dgram_) dgram_ = new DgramState();
  DgramState& d = *dgram_;
  d.Reserve(count);
  for (unsigned i = 0; i < count; i++) {
    d.iovs[i] = iovec{msg::SlotPayload(data, slots, size, i), size};
    msghdr& h = d.msgs[i].msg_hdr;
    h = msghdr{};
    h.msg_name = &d.addrs[i];
    h.msg_namelen = sizeof(sockaddr_storage);
    h.msg_iov = &d.iovs[i];
    h.msg_iovlen = 1;
    d.msgs[i].msg_len = 0;
  }
  int n = sys::RecvBatch(fd_, d.msgs.data(), count);
  if (n < 0) return ErrorResult(n, readable_);
  for (int i = 0; i < n; i++) {
    const sys::BatchMsg& m = d.msgs[i];
    msg::EncodeRecvSlot(msg::SlotHeader(data, i), size, m.msg_len, m.msg_hdr.msg_flags, d.addrs[i],
                        m.msg_hdr.msg_namelen);
  }
  return n;
}

int32_t Socket::SendBatchNow(uint8_t* data, unsigned slots, unsigned count, unsigned size, size_t* done) {
  if (!dgram_) dgram_ = new DgramState();
  DgramState& d = *dgram_;
  d.Reserve(count);
  // Headers from the first unsent message on.
  const unsigned first = static_cast<unsigned>(*done);
  for (unsigned i = first; i < count; i++) {
    size_t len;
    socklen_t sa_len;
    int r = msg::DecodeSendSlot(msg::SlotHeader(data, i), size, family_, &len, &d.addrs[i], &sa_len);
    if (r < 0) return r;
    d.iovs[i] = iovec{msg::SlotPayload(data, slots, size, i), len};
    msghdr& h = d.msgs[i].msg_hdr;
    h = msghdr{};
    h.msg_name = r == 1 ? nullptr : &d.addrs[i];
    h.msg_namelen = r == 1 ? 0 : sa_len;
    h.msg_iov = &d.iovs[i];
    h.msg_iovlen = 1;
  }
  while (*done < count) {
    int n = sys::SendBatch(fd_, d.msgs.data() + *done, count - static_cast<unsigned>(*done));
    if (n < 0) return ErrorResult(n, writable_);
    *done += static_cast<size_t>(n);
  }
  return static_cast<int32_t>(count);
}

// ---------------------------------------------------------------- operations

int32_t Socket::RecvFrom(napi_env env, napi_value buf, uint8_t* data, size_t len) {
  int32_t r = Begin(kReadSide);
  if (r == 0) r = RecvMsgNow(data, len, nullptr, 0);
  if (r != kPending) return r;
  Park(env, OpKind::kRecvFrom, buf, len, 0);
  return kPending;
}

int32_t Socket::RecvMsg(napi_env env, napi_value buf, uint8_t* data, size_t len, napi_value oob_value, uint8_t* oob,
                        size_t oob_len) {
  int32_t r = Begin(kReadSide);
  if (r == 0) r = RecvMsgNow(data, len, oob, oob_len);
  if (r != kPending) return r;
  napi_value pair;
  napi_create_array_with_length(env, 2, &pair);
  napi_set_element(env, pair, 0, buf);
  napi_set_element(env, pair, 1, oob_value);
  Park(env, OpKind::kRecvMsg, pair, len, oob_len);
  return kPending;
}

int32_t Socket::SendMsg(napi_env env, napi_value buf, const uint8_t* data, size_t len, napi_value oob_value,
                        const uint8_t* oob, size_t oob_len, const sockaddr* to, socklen_t to_len) {
  int32_t r = Begin(kWriteSide);
  if (r == 0) r = SendMsgNow(data, len, oob, oob_len, to, to_len);
  if (r != kPending) return r;
  // Waiting: pin [buffer, control, destination] until the socket takes it.
  napi_value triple, undefined, sa;
  napi_get_undefined(env, &undefined);
  napi_create_array_with_length(env, 3, &triple);
  napi_set_element(env, triple, 0, buf);
  napi_set_element(env, triple, 1, oob_len ? oob_value : undefined);
  if (to) {
    void* copy;
    napi_create_buffer_copy(env, to_len, to, &copy, &sa);
  } else {
    sa = undefined;
  }
  napi_set_element(env, triple, 2, sa);
  Park(env, OpKind::kSendMsg, triple, len, oob_len);
  return kPending;
}

int32_t Socket::RecvBatch(napi_env env, napi_value batch, uint8_t* data, size_t bytes, unsigned count, unsigned size) {
  const unsigned slots = msg::Slots(bytes, size);
  if (count == 0 || count > sys::kMaxBatch || count > slots) return -EINVAL;
  int32_t r = Begin(kReadSide);
  if (r == 0) r = RecvBatchNow(data, slots, count, size);
  if (r != kPending) return r;
  Park(env, OpKind::kRecvBatch, batch, PackBatch(count, size), 0);
  return kPending;
}

int32_t Socket::SendBatch(napi_env env, napi_value batch, uint8_t* data, size_t bytes, unsigned count, unsigned size,
                          size_t* progress) {
  *progress = 0;
  const unsigned slots = msg::Slots(bytes, size);
  if (count > sys::kMaxBatch || count > slots) return -EINVAL;
  if (count == 0) return 0;
  size_t done = 0;
  int32_t r = Begin(kWriteSide);
  if (r == 0) r = SendBatchNow(data, slots, count, size, &done);
  if (r != kPending) {
    *progress = done;
    return r;
  }
  Park(env, OpKind::kSendBatch, batch, PackBatch(count, size), done);
  return kPending;
}

// A parked datagram op, attempted once more: kPending keeps it parked.
int32_t Socket::AttemptDgram(napi_env env, Op& op) {
  napi_value held;
  napi_get_reference_value(env, op.buffer, &held);
  switch (op.kind) {
    case OpKind::kRecvFrom: {
      size_t len;
      uint8_t* data = Bytes(env, held, &len);
      if (len < op.length || (!data && op.length > 0)) return kDetached;
      return RecvMsgNow(data, op.length, nullptr, 0);
    }
    case OpKind::kRecvMsg: {
      size_t len, oob_len;
      uint8_t* data = Bytes(env, Element(env, held, 0), &len);
      uint8_t* oob = Bytes(env, Element(env, held, 1), &oob_len);
      if (len < op.length || oob_len < op.done || (!data && op.length > 0)) return kDetached;
      return RecvMsgNow(data, op.length, oob, op.done);
    }
    case OpKind::kSendMsg: {
      size_t len, oob_len, sa_len;
      uint8_t* data = Bytes(env, Element(env, held, 0), &len);
      uint8_t* oob = Bytes(env, Element(env, held, 1), &oob_len);
      uint8_t* sa = Bytes(env, Element(env, held, 2), &sa_len);
      if (len < op.length || oob_len < op.done || (!data && op.length > 0)) return kDetached;
      return SendMsgNow(data, op.length, oob, op.done, reinterpret_cast<const sockaddr*>(sa),
                        static_cast<socklen_t>(sa_len));
    }
    case OpKind::kRecvBatch:
    case OpKind::kSendBatch: {
      size_t len;
      uint8_t* data = Bytes(env, held, &len);
      const unsigned count = BatchCount(op.length), size = BatchSize(op.length);
      const unsigned slots = msg::Slots(len, size);
      if (!data || count > slots) return kDetached;
      if (op.kind == OpKind::kRecvBatch) return RecvBatchNow(data, slots, count, size);
      return SendBatchNow(data, slots, count, size, &op.done);
    }
    default: return -EINVAL;
  }
}

}  // namespace gonet::io
