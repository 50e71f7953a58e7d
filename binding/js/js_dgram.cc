// The datagram and message methods of the JS class `Socket` (declared with
// the rest in lib/internal/binding.ts), and `Socket.fromFd`. Like
// js_socket.cc: argument checks here, every operation returns a number (a
// count, or a Result / -errno code) so the hot path allocates nothing.
#include <sys/socket.h>

#include "io/socket.h"
#include "io/socket_dgram.h"
#include "js/addon.h"
#include "js/js_args.h"
#include "poller/poller.h"
#include "sys/descriptors.h"
#include "sys/msg.h"
#include "sys/syscalls.h"

namespace gonet::js {

namespace {

// The destination starting at argument `i` (AddrArgs), or nothing
// (undefined/absent) for the connected peer. Returns 0, 1 for "no
// destination", or -errno.
int DestArgs(const Napi::CallbackInfo& info, size_t i, const io::Socket* s, sockaddr_storage* ss, socklen_t* len) {
  if (info.Length() <= i || info[i].IsUndefined() || info[i].IsNull()) return 1;
  return AddrArgs(info, i, s, ss, len);
}

Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

// setMsgInfo(u8): the socket's info area (io/socket_dgram.h).
Napi::Value SetMsgInfo(const Napi::CallbackInfo& info) {
  io::Socket* s = SocketOf(info);
  size_t len;
  uint8_t* data = BytesArg(info, 0, &len, "info");
  if (len < io::msg::kInfoSize) throw Napi::RangeError::New(info.Env(), "info area too small");
  s->SetMsgInfo(info.Env(), info[0], data);
  return info.Env().Undefined();
}

// setSendStamp(i64): a BigInt64Array of at least one element that each send
// stamps with the wall clock just before the system call.
Napi::Value SetSendStamp(const Napi::CallbackInfo& info) {
  io::Socket* s = SocketOf(info);
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_bigint64_array ||
      info[0].As<Napi::TypedArray>().ElementLength() < 1) {
    throw Napi::TypeError::New(info.Env(), "setSendStamp: expected a BigInt64Array of at least 1 element");
  }
  Napi::TypedArrayOf<int64_t> a = info[0].As<Napi::TypedArrayOf<int64_t>>();
  s->SetSendStamp(info.Env(), info[0], a.Data());
  return info.Env().Undefined();
}

// recvFrom(buf): bytes received; the sender and flags are in the info area.
Napi::Value RecvFrom(const Napi::CallbackInfo& info) {
  io::Socket* s = SocketOf(info);
  size_t len;
  uint8_t* data = BytesArg(info, 0, &len, "buffer");
  return Num(info.Env(), s->RecvFrom(info.Env(), info[0], data, len));
}

// recvMsg(buf, oob): like recvFrom; the control length is in the info area too.
Napi::Value RecvMsg(const Napi::CallbackInfo& info) {
  io::Socket* s = SocketOf(info);
  size_t len, oob_len;
  uint8_t* data = BytesArg(info, 0, &len, "buffer");
  uint8_t* oob = BytesArg(info, 1, &oob_len, "oob");
  return Num(info.Env(), s->RecvMsg(info.Env(), info[0], data, len, info[1], oob, oob_len));
}

// sendTo(buf, ...destination): one datagram.
Napi::Value SendTo(const Napi::CallbackInfo& info) {
  io::Socket* s = SocketOf(info);
  size_t len;
  const uint8_t* data = BytesArg(info, 0, &len, "buffer");
  sockaddr_storage ss;
  socklen_t ss_len = 0;
  int r = DestArgs(info, 1, s, &ss, &ss_len);
  if (r < 0) return Num(info.Env(), r);
  const sockaddr* to = r == 1 ? nullptr : reinterpret_cast<sockaddr*>(&ss);
  return Num(info.Env(), s->SendMsg(info.Env(), info[0], data, len, nullptr, nullptr, 0, to, ss_len));
}

// sendMsg(buf, oob | null, ...destination): one message with control data.
Napi::Value SendMsg(const Napi::CallbackInfo& info) {
  io::Socket* s = SocketOf(info);
  size_t len, oob_len = 0;
  const uint8_t* data = BytesArg(info, 0, &len, "buffer");
  const uint8_t* oob = nullptr;
  if (!info[1].IsNull() && !info[1].IsUndefined()) oob = BytesArg(info, 1, &oob_len, "oob");
  sockaddr_storage ss;
  socklen_t ss_len = 0;
  int r = DestArgs(info, 2, s, &ss, &ss_len);
  if (r < 0) return Num(info.Env(), r);
  const sockaddr* to = r == 1 ? nullptr : reinterpret_cast<sockaddr*>(&ss);
  return Num(info.Env(), s->SendMsg(info.Env(), info[0], data, len, info[1], oob, oob_len, to, ss_len));
}

// The (area, count, size) arguments of recvBatch and sendBatch.
struct Batch {
  uint8_t* area;
  size_t bytes;
  unsigned count;
  unsigned size;
};

Batch BatchArgs(const Napi::CallbackInfo& info) {
  Batch b;
  b.area = BytesArg(info, 0, &b.bytes, "batch");
  int c = IntArg(info, 1, "count");
  int z = IntArg(info, 2, "size");
  if (c < 0 || c > static_cast<int>(sys::kMaxBatch)) throw Napi::RangeError::New(info.Env(), "bad batch count");
  if (z < 0) throw Napi::RangeError::New(info.Env(), "bad slot size");
  b.count = static_cast<unsigned>(c);
  b.size = static_cast<unsigned>(z);
  return b;
}

// recvBatch(area, count, size): datagrams received (>= 1).
Napi::Value RecvBatch(const Napi::CallbackInfo& info) {
  io::Socket* s = SocketOf(info);
  Batch b = BatchArgs(info);
  return Num(info.Env(), s->RecvBatch(info.Env(), info[0], b.area, b.bytes, b.count, b.size));
}

// sendBatch(area, count, size, aux): `count` when all went; on an error,
// aux[0] receives how many had been sent.
Napi::Value SendBatch(const Napi::CallbackInfo& info) {
  io::Socket* s = SocketOf(info);
  Batch b = BatchArgs(info);
  size_t progress = 0;
  int32_t r = s->SendBatch(info.Env(), info[0], b.area, b.bytes, b.count, b.size, &progress);
  if (r < 0 && r != io::kPending) {
    if (double* aux = AuxArg(info, 3)) *aux = static_cast<double>(progress);
  }
  return Num(info.Env(), r);
}

// Socket.fromFd(fd): a new Socket on a duplicate of an open socket
// descriptor (Go's FileConn); the caller keeps `fd`. Throws on failure.
Napi::Value FromFd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = IntArg(info, 0, "fd");
  if (fd < 0) throw Napi::RangeError::New(env, "fd must not be negative");
  int dup = sys::Dup(fd);
  if (dup < 0) ThrowErrno(env, -dup, "dup");
  int type = 0;
  socklen_t l = sizeof(int);
  int family = sys::SocketFamily(dup);
  int r = family < 0 ? family : sys::GetSockOpt(dup, SOL_SOCKET, SO_TYPE, &type, &l);
  if (r == 0) r = sys::SetNonBlocking(dup);
  if (r < 0) {
    sys::Close(dup);
    ThrowErrno(env, r, r == -ENOTSOCK ? "getsockopt" : "fcntl");
  }
  // The protocol decides whether a short read proves the queue drained
  // (TCP only); where the system cannot say (-1), assume nothing.
  int protocol = sys::SocketProtocol(dup);
  Addon* addon = env.GetInstanceData<Addon>();
  io::Socket* s = io::Socket::Open(addon->loop(), dup, family, type, protocol, &r);
  if (!s) ThrowErrno(env, r, poll::kAddSyscall);
  return addon->socket_ctor.New({Napi::External<io::Socket>::New(env, s)});
}

}  // namespace

void DefineDgramMethods(Napi::Env env, Napi::Function ctor) {
  Napi::Object proto = ctor.Get("prototype").As<Napi::Object>();
  proto.Set("setMsgInfo", Napi::Function::New(env, SetMsgInfo, "setMsgInfo"));
  proto.Set("setSendStamp", Napi::Function::New(env, SetSendStamp, "setSendStamp"));
  proto.Set("recvFrom", Napi::Function::New(env, RecvFrom, "recvFrom"));
  proto.Set("recvMsg", Napi::Function::New(env, RecvMsg, "recvMsg"));
  proto.Set("sendTo", Napi::Function::New(env, SendTo, "sendTo"));
  proto.Set("sendMsg", Napi::Function::New(env, SendMsg, "sendMsg"));
  proto.Set("recvBatch", Napi::Function::New(env, RecvBatch, "recvBatch"));
  proto.Set("sendBatch", Napi::Function::New(env, SendBatch, "sendBatch"));
  ctor.Set("fromFd", Napi::Function::New(env, FromFd, "fromFd"));
}

}  // namespace gonet::js
