// `interfaces()`: every network interface as NativeInterface objects
// (lib/internal/binding.ts). lib/interface.ts turns them into Go's types.
#include <cstring>

#include "js/addon.h"

#include "sys/interfaces.h"
#include "sys/platform.h"

namespace gonet::js {

namespace {

Napi::Uint8Array Bytes(Napi::Env env, const uint8_t* data, size_t size) {
  Napi::Uint8Array out = Napi::Uint8Array::New(env, size);
  if (size > 0) std::memcpy(out.Data(), data, size);
  return out;
}

Napi::Object AddrObject(Napi::Env env, const sys::InterfaceAddr& addr) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("ip", Bytes(env, addr.ip, addr.ip_len));
  out.Set("prefixLen", Napi::Number::New(env, addr.prefix_len));
  return out;
}

Napi::Object InterfaceObject(Napi::Env env, const sys::Interface& iface) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("index", Napi::Number::New(env, iface.index));
  out.Set("name", Napi::String::New(env, iface.name));
  out.Set("mtu", Napi::Number::New(env, iface.mtu));
  out.Set("flags", Napi::Number::New(env, iface.flags));
  out.Set("hardwareAddr", Bytes(env, iface.hardware_addr.data(), iface.hardware_addr.size()));
  Napi::Array addrs = Napi::Array::New(env, iface.addrs.size());
  for (uint32_t i = 0; i < iface.addrs.size(); i++) addrs.Set(i, AddrObject(env, iface.addrs[i]));
  out.Set("addrs", addrs);
  return out;
}

// Throws {errno, syscall}: Go names a failed interface listing after its
// system call (syscall.NetlinkRIB on Linux: "netlinkrib").
Napi::Value Interfaces(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<sys::Interface> list;
  int err = sys::ListInterfaces(&list);
  if (err < 0) ThrowErrno(env, err, sys::kPlatform.interfaces_call);
  Napi::Array out = Napi::Array::New(env, list.size());
  for (uint32_t i = 0; i < list.size(); i++) out.Set(i, InterfaceObject(env, list[i]));
  return out;
}

}  // namespace

void InitInterfaces(Napi::Env env, Napi::Object exports) {
  exports.Set("interfaces", Napi::Function::New(env, Interfaces, "interfaces"));
}

}  // namespace gonet::js
