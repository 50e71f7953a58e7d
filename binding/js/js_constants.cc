// `constants`: the platform's numeric socket constants, from the .def table.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "js/addon.h"

namespace gonet::js {

Napi::Object MakeConstants(Napi::Env env) {
  Napi::Object out = Napi::Object::New(env);
#define GONET_CONST(name) out.Set(#name, Napi::Number::New(env, name));
#include "options/constants_linux.def"
#undef GONET_CONST
  return out;
}

}  // namespace gonet::js
