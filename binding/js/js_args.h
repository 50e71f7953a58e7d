// Argument unpacking for the methods of `Socket` (js_socket.cc, js_dgram.cc):
// each throws a TypeError/RangeError for what lib/ should never pass, and
// costs one N-API call on the hot path. Inline: Read and Write use them on
// every call.
#pragma once

#include <napi.h>
#include <sys/socket.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "io/socket.h"
#include "sys/sockaddr.h"

namespace gonet::js {

// A Uint8Array (or Buffer) argument's bytes; the TypeError names it:
// "<what> must be a Uint8Array".
// A Uint8Array (or Buffer) argument. A detached buffer reports length 0 and
// is refused rather than mistaken for an empty one; only empty views are
// checked, so the hot path pays nothing for it.
inline uint8_t* BytesArg(const Napi::CallbackInfo& info, size_t i, size_t* len, const char* what) {
  napi_typedarray_type type;
  void* data;
  napi_value ab;
  if (napi_get_typedarray_info(info.Env(), info[i], &type, len, &data, &ab, nullptr) != napi_ok ||
      type != napi_uint8_array) {
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a Uint8Array");
  }
  bool detached = false;
  if (*len == 0 && napi_is_detached_arraybuffer(info.Env(), ab, &detached) == napi_ok && detached) {
    throw Napi::TypeError::New(info.Env(), std::string(what) + " is detached");
  }
  return static_cast<uint8_t*>(data);
}

inline int IntArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a number");
  double d = info[i].As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || d != std::floor(d) || d < INT32_MIN || d > INT32_MAX) {
    throw Napi::RangeError::New(info.Env(), std::string(what) + " must be a 32-bit integer");
  }
  return static_cast<int>(d);
}

// The address starting at argument `i`: (ip: Uint8Array, port, scope?) on
// an IP socket, (path: string) on a Unix one. Returns 0 or -errno.
inline int AddrArgs(const Napi::CallbackInfo& info, size_t i, const io::Socket* s, sockaddr_storage* ss,
                    socklen_t* len) {
  if (s->family() == AF_UNIX) {
    if (!info[i].IsString()) throw Napi::TypeError::New(info.Env(), "unix address must be a string");
    return sys::EncodeUnix(info[i].As<Napi::String>().Utf8Value(), ss, len);
  }
  size_t ip_len;
  const uint8_t* ip = BytesArg(info, i, &ip_len, "ip");
  int port = IntArg(info, i + 1, "port");
  int scope = info.Length() > i + 2 && !info[i + 2].IsUndefined() ? IntArg(info, i + 2, "scope") : 0;
  return sys::EncodeInet(s->family(), ip, ip_len, port, static_cast<uint32_t>(scope), ss, len);
}

// The first element of the Float64Array at argument `i`, where an operation
// reports a second number (bytes sent before an error...); null when the
// argument is absent or not a non-empty Float64Array.
inline double* AuxArg(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i) return nullptr;
  napi_typedarray_type type;
  size_t n;
  void* aux;
  if (napi_get_typedarray_info(info.Env(), info[i], &type, &n, &aux, nullptr, nullptr) != napi_ok ||
      type != napi_float64_array || n < 1) {
    return nullptr;
  }
  return static_cast<double*>(aux);
}

}  // namespace gonet::js
