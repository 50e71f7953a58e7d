#include "js/addon.h"

#include <cctype>

#include "sys/strerror.h"

namespace gonet::js {

Addon::Addon(Napi::Env env, Napi::Object exports) {
  loop_ = loop::Loop::Create(env);
  if (!loop_) throw env.GetAndClearPendingException();
  DefineAddon(exports, {
                           InstanceMethod("init", &Addon::InstallSink),
                           InstanceMethod("stats", &Addon::Stats),
                           InstanceMethod("strerror", &Addon::Strerror),
                       });
  exports.Set("Socket", DefineSocketClass(env, this));
  InitPlatform(env, exports);
  exports.Set("sockopts", MakeSockopts(env));
  InitInterfaces(env, exports);
  InitClock(env, exports);
  InitContract(env, exports);
}

Addon::~Addon() {
  if (loop_) loop_->Release();
}

// init(sink): installs the completion sink, sink(handle, kind, result, extra).
Napi::Value Addon::InstallSink(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) throw Napi::TypeError::New(info.Env(), "init: sink must be a function");
  loop_->SetSink(info.Env(), info[0]);
  return info.Env().Undefined();
}

Napi::Value Addon::Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const loop::Stats& s = loop_->stats();
  Napi::Object out = Napi::Object::New(env);
  out.Set("liveSockets", Napi::Number::New(env, static_cast<double>(s.live_sockets)));
  out.Set("openFds", Napi::Number::New(env, static_cast<double>(s.open_fds)));
  out.Set("parkedOps", Napi::Number::New(env, static_cast<double>(s.parked_ops)));
  out.Set("heldBuffers", Napi::Number::New(env, static_cast<double>(s.held_buffers)));
  out.Set("armedDeadlines", Napi::Number::New(env, static_cast<double>(loop_->armed_deadlines())));
  return out;
}

Napi::Value Addon::Strerror(const Napi::CallbackInfo& info) {
  int err = info[0].As<Napi::Number>().Int32Value();
  return Napi::String::New(info.Env(), ErrnoMessage(err < 0 ? -err : err));
}

std::string ErrnoMessage(int err) {
  std::string out = sys::ErrnoText(err);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

void ThrowErrno(Napi::Env env, int err, const char* syscall) {
  if (err < 0) err = -err;
  Napi::Error e = Napi::Error::New(env, std::string(syscall) + ": " + ErrnoMessage(err));
  e.Set("errno", Napi::Number::New(env, -err));
  e.Set("syscall", Napi::String::New(env, syscall));
  throw e;
}

}  // namespace gonet::js

using GonetAddon = gonet::js::Addon;
NODE_API_ADDON(GonetAddon)
