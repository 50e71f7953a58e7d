// native.contract: contract.def as data, so the JS side (and its parity test,
// test/contract.test.ts) reads the very numbers the C++ was compiled with.
#include "js/addon.h"

namespace gonet::js {

void InitContract(Napi::Env env, Napi::Object exports) {
  Napi::Object results = Napi::Object::New(env);
  Napi::Object op_kinds = Napi::Object::New(env);
  Napi::Object layout = Napi::Object::New(env);
  Napi::Object addr_kinds = Napi::Object::New(env);
  Napi::Object limits = Napi::Object::New(env);
  Napi::Object flags = Napi::Object::New(env);
#define GONET_RESULT(name, value) results.Set(#name, Napi::Number::New(env, value));
#define GONET_LAYOUT(name, value) layout.Set(#name, Napi::Number::New(env, value));
#define GONET_ADDR_KIND(name, value) addr_kinds.Set(#name, Napi::Number::New(env, value));
#define GONET_LIMIT(name, value) limits.Set(#name, Napi::Number::New(env, value));
#define GONET_FLAG(name, value) flags.Set(#name, Napi::Number::New(env, value));
#define GONET_OP_KIND(name, value, side)             \
  {                                                  \
    Napi::Object row = Napi::Object::New(env);       \
    row.Set("value", Napi::Number::New(env, value)); \
    row.Set("side", Napi::String::New(env, #side));  \
    op_kinds.Set(#name, row);                        \
  }
#include "contract.def"
#undef GONET_RESULT
#undef GONET_LAYOUT
#undef GONET_ADDR_KIND
#undef GONET_LIMIT
#undef GONET_FLAG
#undef GONET_OP_KIND
  Napi::Object contract = Napi::Object::New(env);
  contract.Set("results", results);
  contract.Set("opKinds", op_kinds);
  contract.Set("layout", layout);
  contract.Set("addrKinds", addr_kinds);
  contract.Set("limits", limits);
  contract.Set("flags", flags);
  exports.Set("contract", contract);
}

}  // namespace gonet::js
