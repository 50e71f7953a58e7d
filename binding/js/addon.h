// The addon's per-environment instance data: the event loop and the
// constructors. Each Node environment (main thread, every worker) gets its
// own, so nothing here is static.
#pragma once

#include <napi.h>

#include "loop/loop.h"

namespace gonet::io {
class Socket;
}

namespace gonet::js {

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports);
  ~Addon();

  loop::Loop* loop() const { return loop_; }
  Napi::FunctionReference socket_ctor;

 private:
  Napi::Value InstallSink(const Napi::CallbackInfo& info);
  Napi::Value Stats(const Napi::CallbackInfo& info);
  Napi::Value Strerror(const Napi::CallbackInfo& info);

  loop::Loop* loop_ = nullptr;
};

// Registration of each JS surface; called once per environment.
Napi::Function DefineSocketClass(Napi::Env env, Addon* addon);
// js_constants.cc: `constants`, `platform` and `backend`.
void InitPlatform(Napi::Env env, Napi::Object exports);
// js_sockopts.cc: the named options of options/sockopts.def present here.
Napi::Object MakeSockopts(Napi::Env env);
// js_dgram.cc: the datagram/message methods of `Socket`, and Socket.fromFd.
void DefineDgramMethods(Napi::Env env, Napi::Function ctor);
// The io::Socket behind `this` of a Socket method.
io::Socket* SocketOf(const Napi::CallbackInfo& info);
void InitInterfaces(Napi::Env env, Napi::Object exports);
// js_clock.cc: realtimeNs(), the clock of kernel receive timestamps.
void InitClock(Napi::Env env, Napi::Object exports);
// js_contract.cc: `contract`, the table of contract.def.
void InitContract(Napi::Env env, Napi::Object exports);

// Throws a JS Error `syscall: message` with `errno` (negative) and `syscall`
// set; no `code`: lib/internal/errno.ts names the errno when it wraps the
// error into Go's SyscallError.
[[noreturn]] void ThrowErrno(Napi::Env env, int err, const char* syscall);
// The message Go prints for an errno: strerror() with a lower-case first letter.
std::string ErrnoMessage(int err);

}  // namespace gonet::js
