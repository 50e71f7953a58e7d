#include "js/addon.h"

namespace gonet::js {
void InitInterfaces(Napi::Env env, Napi::Object exports) {}
}  // namespace gonet::js
