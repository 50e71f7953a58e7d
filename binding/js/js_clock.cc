// `realtimeNs()`: the wall clock in nanoseconds, as a BigInt. Kernel receive
// timestamps (SO_TIMESTAMPNS, SO_TIMESTAMPING) are on this clock, and neither
// Date.now() (milliseconds) nor process.hrtime (another clock) can be set
// against them; reading it here costs one vDSO call and no JS allocation
// beyond the BigInt, so a send stamped with it is stamped close to the send.
#include "js/addon.h"
#include "sys/clock.h"

namespace gonet::js {

namespace {

Napi::Value RealtimeNs(const Napi::CallbackInfo& info) { return Napi::BigInt::New(info.Env(), sys::RealtimeNs()); }

}  // namespace

void InitClock(Napi::Env env, Napi::Object exports) {
  exports.Set("realtimeNs", Napi::Function::New(env, RealtimeNs, "realtimeNs"));
}

}  // namespace gonet::js
