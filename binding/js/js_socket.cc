// `Socket`: the JS face of io::Socket. Argument checks live here; every
// operation returns a number (a count, or a Result / -errno code that
// lib/internal/binding.ts decodes) so the hot path allocates nothing.
#include <sys/socket.h>

#include <string>

#include "io/socket.h"
#include "js/addon.h"
#include "js/js_args.h"
#include "poller/poller.h"
#include "sys/platform.h"
#include "sys/sockaddr.h"
#include "sys/syscalls.h"

namespace gonet::js {

namespace {

class SocketHandle : public Napi::ObjectWrap<SocketHandle> {
 public:
  static Napi::Function Define(Napi::Env env, Addon* addon);
  explicit SocketHandle(const Napi::CallbackInfo& info);
  ~SocketHandle() override;
  io::Socket* socket() const { return socket_; }

 private:
  Napi::Value Read(const Napi::CallbackInfo& info);
  Napi::Value ReadAlloc(const Napi::CallbackInfo& info);
  Napi::Value ReadStart(const Napi::CallbackInfo& info);
  Napi::Value ReadStop(const Napi::CallbackInfo& info);
  Napi::Value Write(const Napi::CallbackInfo& info);
  Napi::Value Writev(const Napi::CallbackInfo& info);
  Napi::Value Accept(const Napi::CallbackInfo& info);
  Napi::Value Connect(const Napi::CallbackInfo& info);
  Napi::Value Bind(const Napi::CallbackInfo& info);
  Napi::Value Listen(const Napi::CallbackInfo& info);
  Napi::Value Shutdown(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value SetDeadline(const Napi::CallbackInfo& info);
  Napi::Value SetSockOpt(const Napi::CallbackInfo& info);
  Napi::Value GetSockOpt(const Napi::CallbackInfo& info);
  Napi::Value LocalAddr(const Napi::CallbackInfo& info);
  Napi::Value RemoteAddr(const Napi::CallbackInfo& info);
  Napi::Value Fd(const Napi::CallbackInfo& info);
  Napi::Value Ref(const Napi::CallbackInfo& info);
  Napi::Value Unref(const Napi::CallbackInfo& info);
  Napi::Value Wait(const Napi::CallbackInfo& info);
  Napi::Value SpliceTo(const Napi::CallbackInfo& info);
  Napi::Value SpliceDone(const Napi::CallbackInfo& info);
  Napi::Value PeerCred(const Napi::CallbackInfo& info);
  Napi::Value Family(const Napi::CallbackInfo& info);

  io::Socket* socket_ = nullptr;
};

Napi::Value AddrValue(Napi::Env env, const sockaddr_storage& ss, socklen_t len) {
  sys::DecodedAddr a;
  int r = sys::Decode(ss, len, &a);
  if (r < 0) return Napi::Number::New(env, r);
  if (a.family == AF_UNIX) return Napi::String::New(env, a.path);
  Napi::Array out = Napi::Array::New(env, 3);
  out.Set(0u, Napi::Buffer<uint8_t>::Copy(env, a.ip, a.ip_len));
  out.Set(1u, Napi::Number::New(env, a.port));
  out.Set(2u, Napi::Number::New(env, a.scope));
  return out;
}

// The accepted socket's JS object, or null when the environment can no
// longer run JS (it is being torn down).
napi_value WrapAccepted(napi_env env, io::Socket* s) {
  Napi::Env e(env);
  try {
    Addon* addon = e.GetInstanceData<Addon>();
    return addon->socket_ctor.New({Napi::External<io::Socket>::New(e, s)});
  } catch (const Napi::Error&) {
    return nullptr;
  }
}

}  // namespace

Napi::Function SocketHandle::Define(Napi::Env env, Addon* addon) {
  Napi::Function ctor = DefineClass(env, "Socket",
                                    {
                                        InstanceMethod("read", &SocketHandle::Read),
                                        InstanceMethod("readAlloc", &SocketHandle::ReadAlloc),
                                        InstanceMethod("readStart", &SocketHandle::ReadStart),
                                        InstanceMethod("readStop", &SocketHandle::ReadStop),
                                        InstanceMethod("write", &SocketHandle::Write),
                                        InstanceMethod("writev", &SocketHandle::Writev),
                                        InstanceMethod("accept", &SocketHandle::Accept),
                                        InstanceMethod("connect", &SocketHandle::Connect),
                                        InstanceMethod("bind", &SocketHandle::Bind),
                                        InstanceMethod("listen", &SocketHandle::Listen),
                                        InstanceMethod("shutdown", &SocketHandle::Shutdown),
                                        InstanceMethod("close", &SocketHandle::Close),
                                        InstanceMethod("setDeadline", &SocketHandle::SetDeadline),
                                        InstanceMethod("setsockopt", &SocketHandle::SetSockOpt),
                                        InstanceMethod("getsockopt", &SocketHandle::GetSockOpt),
                                        InstanceMethod("localAddr", &SocketHandle::LocalAddr),
                                        InstanceMethod("remoteAddr", &SocketHandle::RemoteAddr),
                                        InstanceMethod("fd", &SocketHandle::Fd),
                                        InstanceMethod("ref", &SocketHandle::Ref),
                                        InstanceMethod("unref", &SocketHandle::Unref),
                                        InstanceMethod("wait", &SocketHandle::Wait),
                                        InstanceMethod("spliceTo", &SocketHandle::SpliceTo),
                                        InstanceMethod("spliceDone", &SocketHandle::SpliceDone),
                                        InstanceMethod("peerCred", &SocketHandle::PeerCred),
                                        InstanceMethod("family", &SocketHandle::Family),
                                    });
  DefineDgramMethods(env, ctor);  // js_dgram.cc
  addon->socket_ctor = Napi::Persistent(ctor);
  addon->loop()->wrap_accepted = WrapAccepted;
  return ctor;
}

// new Socket(family, type, protocol) opens a socket; new Socket(External)
// adopts one the loop accepted.
SocketHandle::SocketHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<SocketHandle>(info) {
  Napi::Env env = info.Env();
  loop::Loop* loop = env.GetInstanceData<Addon>()->loop();
  if (info[0].IsExternal()) {
    socket_ = info[0].As<Napi::External<io::Socket>>().Data();
  } else {
    int family = IntArg(info, 0, "family");
    int type = IntArg(info, 1, "type");
    int protocol = IntArg(info, 2, "protocol");
    int fd = sys::Socket(family, type, protocol);
    if (fd < 0) ThrowErrno(env, fd, "socket");
    int r = 0;
    socket_ = io::Socket::Open(loop, fd, family, type, protocol, &r);
    if (!socket_) ThrowErrno(env, r, poll::kAddSyscall);
  }
  socket_->Attach(this);
}

SocketHandle::~SocketHandle() {
  if (!socket_) return;
  socket_->Detach();
  socket_->loop()->Retire(socket_);
}

Napi::Value SocketHandle::Read(const Napi::CallbackInfo& info) {
  size_t len;
  uint8_t* data = BytesArg(info, 0, &len, "buffer");
  return Napi::Number::New(info.Env(), socket_->Read(info.Env(), info[0], data, len));
}

Napi::Value SocketHandle::ReadAlloc(const Napi::CallbackInfo& info) {
  int max = IntArg(info, 0, "size");
  if (max <= 0) throw Napi::RangeError::New(info.Env(), "size must be positive");
  return Napi::Value(info.Env(), socket_->ReadAlloc(info.Env(), static_cast<size_t>(max)));
}

// readStart(landing): push-style reads into `landing` (a Uint8Array the
// socket pins), each chunk a Stream completion (io/socket_stream.cc).
Napi::Value SocketHandle::ReadStart(const Napi::CallbackInfo& info) {
  size_t len;
  uint8_t* data = BytesArg(info, 0, &len, "landing");
  return Napi::Number::New(info.Env(), socket_->ReadStart(info.Env(), info[0], data, len));
}

Napi::Value SocketHandle::ReadStop(const Napi::CallbackInfo& info) {
  socket_->ReadStop();
  return info.Env().Undefined();
}

// write(buf, aux): on an error, aux[0] receives the bytes already sent.
Napi::Value SocketHandle::Write(const Napi::CallbackInfo& info) {
  size_t len;
  const uint8_t* data = BytesArg(info, 0, &len, "buffer");
  size_t progress;
  int32_t r = socket_->Write(info.Env(), info[0], data, len, &progress);
  if (r < 0 && r != io::kPending && progress > 0) {
    if (double* aux = AuxArg(info, 1)) *aux = static_cast<double>(progress);
  }
  return Napi::Number::New(info.Env(), r);
}

// writev(array, total, aux): one gathered write of the Uint8Arrays of `array`
// (`total` bytes in all); on an error, aux[0] receives the bytes already sent.
Napi::Value SocketHandle::Writev(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray()) throw Napi::TypeError::New(env, "writev: expected an array of Uint8Arrays");
  if (!info[1].IsNumber()) throw Napi::TypeError::New(env, "writev: total must be a number");
  double total = info[1].As<Napi::Number>().DoubleValue();
  if (!(total >= 0) || total > 9007199254740991.0) throw Napi::RangeError::New(env, "writev: bad total");
  size_t progress;
  int32_t r = socket_->Writev(env, info[0], static_cast<size_t>(total), &progress);
  if (r < 0 && r != io::kPending && progress > 0) {
    if (double* aux = AuxArg(info, 2)) *aux = static_cast<double>(progress);
  }
  return Napi::Number::New(env, r);
}

Napi::Value SocketHandle::Accept(const Napi::CallbackInfo& info) {
  return Napi::Value(info.Env(), socket_->Accept(info.Env()));
}

Napi::Value SocketHandle::Connect(const Napi::CallbackInfo& info) {
  sockaddr_storage ss;
  socklen_t len;
  int r = AddrArgs(info, 0, socket_, &ss, &len);
  if (r < 0) return Napi::Number::New(info.Env(), r);
  return Napi::Number::New(info.Env(), socket_->Connect(reinterpret_cast<sockaddr*>(&ss), len));
}

Napi::Value SocketHandle::Bind(const Napi::CallbackInfo& info) {
  if (socket_->closed()) return Napi::Number::New(info.Env(), io::kClosed);
  sockaddr_storage ss;
  socklen_t len;
  int r = AddrArgs(info, 0, socket_, &ss, &len);
  if (r == 0) r = sys::Bind(socket_->fd(), reinterpret_cast<sockaddr*>(&ss), len);
  return Napi::Number::New(info.Env(), r);
}

Napi::Value SocketHandle::Listen(const Napi::CallbackInfo& info) {
  if (socket_->closed()) return Napi::Number::New(info.Env(), io::kClosed);
  return Napi::Number::New(info.Env(), sys::Listen(socket_->fd(), IntArg(info, 0, "backlog")));
}

Napi::Value SocketHandle::Shutdown(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), socket_->Shutdown(IntArg(info, 0, "how")));
}

// close(aux?): aux[0] receives the bytes the oldest pending write had sent.
Napi::Value SocketHandle::Close(const Napi::CallbackInfo& info) {
  size_t sent = socket_->Close();
  if (double* aux = AuxArg(info, 0)) *aux = static_cast<double>(sent);
  return info.Env().Undefined();
}

// setDeadline(side, ms): side 0 read, 1 write; ms +Infinity clears, <= 0 expires.
Napi::Value SocketHandle::SetDeadline(const Napi::CallbackInfo& info) {
  int side = IntArg(info, 0, "side");
  if (side != io::kReadSide && side != io::kWriteSide) throw Napi::RangeError::New(info.Env(), "bad side");
  if (!info[1].IsNumber()) throw Napi::TypeError::New(info.Env(), "deadline must be a number");
  socket_->SetDeadline(static_cast<io::Side>(side), info[1].As<Napi::Number>().DoubleValue());
  return info.Env().Undefined();
}

// setsockopt(level, name, value): value is an int (booleans arrive as 0/1) or raw bytes.
Napi::Value SocketHandle::SetSockOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (socket_->closed()) ThrowErrno(env, EBADF, "setsockopt");
  int level = IntArg(info, 0, "level");
  int name = IntArg(info, 1, "name");
  int r;
  if (info[2].IsTypedArray()) {
    size_t len;
    const uint8_t* data = BytesArg(info, 2, &len, "buffer");
    r = sys::SetSockOpt(socket_->fd(), level, name, data, static_cast<socklen_t>(len));
  } else {
    int v = IntArg(info, 2, "value");
    r = sys::SetSockOpt(socket_->fd(), level, name, &v, sizeof(v));
  }
  if (r < 0) ThrowErrno(env, r, "setsockopt");
  return env.Undefined();
}

// getsockopt(level, name, size?): an int, or `size` raw bytes when size is given.
Napi::Value SocketHandle::GetSockOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (socket_->closed()) ThrowErrno(env, EBADF, "getsockopt");
  int level = IntArg(info, 0, "level");
  int name = IntArg(info, 1, "name");
  if (info.Length() > 2 && !info[2].IsUndefined()) {
    int size = IntArg(info, 2, "size");
    if (size < 0 || size > 65536) throw Napi::RangeError::New(env, "size must be between 0 and 65536");
    std::string buf(static_cast<size_t>(size), '\0');
    socklen_t len = static_cast<socklen_t>(size);
    int r = sys::GetSockOpt(socket_->fd(), level, name, buf.data(), &len);
    if (r < 0) ThrowErrno(env, r, "getsockopt");
    // The kernel's length, never trusted past the buffer it filled.
    if (len > static_cast<socklen_t>(size)) len = static_cast<socklen_t>(size);
    return Napi::Buffer<uint8_t>::Copy(env, reinterpret_cast<const uint8_t*>(buf.data()), len);
  }
  int v = 0;
  socklen_t len = sizeof(v);
  int r = sys::GetSockOpt(socket_->fd(), level, name, &v, &len);
  if (r < 0) ThrowErrno(env, r, "getsockopt");
  // Some options are a single byte (e.g. IP_MULTICAST_LOOP may be).
  if (len == 1) v = static_cast<uint8_t>(v);
  return Napi::Number::New(env, v);
}

// family(): the address family the socket was made (or adopted) with.
Napi::Value SocketHandle::Family(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), socket_->family());
}

// peerCred(): [pid, uid, gid] of a Unix socket's peer (sys::PeerCred).
Napi::Value SocketHandle::PeerCred(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const char* call = sys::kPlatform.peer_cred_call;
  if (socket_->closed()) ThrowErrno(env, EBADF, call);
  int pid = -1;
  uint32_t uid = 0, gid = 0;
  int r = sys::PeerCred(socket_->fd(), &pid, &uid, &gid);
  if (r < 0) ThrowErrno(env, r, call);
  Napi::Array out = Napi::Array::New(env, 3);
  out.Set(0u, Napi::Number::New(env, pid));
  out.Set(1u, Napi::Number::New(env, uid));
  out.Set(2u, Napi::Number::New(env, gid));
  return out;
}

Napi::Value SocketHandle::LocalAddr(const Napi::CallbackInfo& info) {
  if (socket_->closed()) return Napi::Number::New(info.Env(), io::kClosed);
  sockaddr_storage ss;
  socklen_t len;
  int r = sys::GetSockName(socket_->fd(), &ss, &len);
  if (r < 0) return Napi::Number::New(info.Env(), r);
  return AddrValue(info.Env(), ss, len);
}

Napi::Value SocketHandle::RemoteAddr(const Napi::CallbackInfo& info) {
  sockaddr_storage ss;
  socklen_t len;
  if (socket_->Peer(&ss, &len)) return AddrValue(info.Env(), ss, len);
  if (socket_->closed()) return Napi::Number::New(info.Env(), io::kClosed);
  int r = sys::GetPeerName(socket_->fd(), &ss, &len);
  if (r < 0) return Napi::Number::New(info.Env(), r);
  return AddrValue(info.Env(), ss, len);
}

Napi::Value SocketHandle::Fd(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), socket_->fd()); }

Napi::Value SocketHandle::Ref(const Napi::CallbackInfo& info) {
  socket_->SetRef(true);
  return info.Env().Undefined();
}

Napi::Value SocketHandle::Unref(const Napi::CallbackInfo& info) {
  socket_->SetRef(false);
  return info.Env().Undefined();
}

// wait(side): 0 when ready now, else kPending (the sink reports kWaitRead/kWaitWrite).
Napi::Value SocketHandle::Wait(const Napi::CallbackInfo& info) {
  int side = IntArg(info, 0, "side");
  if (side != io::kReadSide && side != io::kWriteSide) throw Napi::RangeError::New(info.Env(), "bad side");
  return Napi::Number::New(info.Env(), socket_->Wait(info.Env(), static_cast<io::Side>(side)));
}

// spliceTo(dst, aux): one zero-copy step to `dst`; aux[0] receives the bytes moved.
Napi::Value SocketHandle::SpliceTo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject() ||
      !info[0].As<Napi::Object>().InstanceOf(env.GetInstanceData<Addon>()->socket_ctor.Value())) {
    throw Napi::TypeError::New(env, "spliceTo: destination must be a Socket");
  }
  double* aux = AuxArg(info, 1);
  if (!aux) throw Napi::TypeError::New(env, "spliceTo: aux must be a Float64Array");
  io::Socket* dst = Unwrap(info[0].As<Napi::Object>())->socket_;
  size_t moved;
  int32_t r = socket_->SpliceTo(dst, &moved);
  *aux = static_cast<double>(moved);
  return Napi::Number::New(env, r);
}

Napi::Value SocketHandle::SpliceDone(const Napi::CallbackInfo& info) {
  socket_->SpliceDone();
  return info.Env().Undefined();
}

Napi::Function DefineSocketClass(Napi::Env env, Addon* addon) { return SocketHandle::Define(env, addon); }

io::Socket* SocketOf(const Napi::CallbackInfo& info) {
  return SocketHandle::Unwrap(info.This().As<Napi::Object>())->socket();
}

}  // namespace gonet::js
