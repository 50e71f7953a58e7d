// `sockopts`: each named option of binding/options/sockopts.def that this
// platform has, as NAME -> [level, optname]. The type column is the
// TypeScript side's (scripts/gen-sockopts.mjs); native code only needs the
// numbers, since values travel as ints or bytes through setsockopt.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "js/addon.h"

namespace gonet::js {

Napi::Object MakeSockopts(Napi::Env env) {
  Napi::Object out = Napi::Object::New(env);
  auto row = [&](const char* name, int level, int optname) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, Napi::Number::New(env, level));
    pair.Set(1u, Napi::Number::New(env, optname));
    out.Set(name, pair);
  };
#define GONET_SOCKOPT(name, level, type) row(#name, level, name);
#include "options/sockopts.def"
#undef GONET_SOCKOPT
  return out;
}

}  // namespace gonet::js
