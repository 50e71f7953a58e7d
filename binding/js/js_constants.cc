// `constants`: the platform's numeric socket constants, from the .def table
// CMake picks (GONET_CONSTANTS_DEF: options/constants_<platform>.def).
// `platform`: what the platform can do and its layouts (sys/platform.h).
// `backend`: the readiness engine in use (poller/poller.h).
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "js/addon.h"
#include "poller/poller.h"
#include "sys/platform.h"

namespace gonet::js {

namespace {

Napi::Object MakeConstants(Napi::Env env) {
  Napi::Object out = Napi::Object::New(env);
#define GONET_CONST(name) out.Set(#name, Napi::Number::New(env, name));
#include GONET_CONSTANTS_DEF
#undef GONET_CONST
  return out;
}

Napi::Object MakePlatform(Napi::Env env) {
  const sys::Platform& p = sys::kPlatform;
  Napi::Object out = Napi::Object::New(env);
  out.Set("os", p.os);
  out.Set("splice", p.splice);
  out.Set("batchSyscalls", p.batch_syscalls);
  out.Set("pingSockets", p.ping_sockets);
  out.Set("abstractUnix", p.abstract_unix);
  out.Set("peerCred", p.peer_cred);
  out.Set("cmsgHeader", p.cmsg_header);
  out.Set("cmsgLenSize", p.cmsg_len_size);
  out.Set("cmsgAlign", p.cmsg_align);
  out.Set("lingerSize", p.linger_size);
  out.Set("ipMreqSize", p.ip_mreq_size);
  out.Set("keepAliveIdle", p.keepalive_idle);
  return out;
}

}  // namespace

void InitPlatform(Napi::Env env, Napi::Object exports) {
  exports.Set("constants", MakeConstants(env));
  exports.Set("platform", MakePlatform(env));
  exports.Set("backend", poll::kBackendName);
}

}  // namespace gonet::js
