// Gathered writes: the Uint8Arrays of one JS array go out in one sendmsg
// (Go's net.Buffers.WriteTo), up to IOV_MAX buffers per call, looping until
// every byte went or the socket is full. A parked writev pins the array,
// and through it every buffer, until it completes.
#include <sys/uio.h>

#include "io/socket.h"
#include "loop/loop.h"
#include "sys/syscalls.h"

namespace gonet::io {

namespace {
constexpr uint32_t kMaxIov = 1024;  // Linux's IOV_MAX

// Fills `iov` with the bytes of `array` after the first `skip`; `*bytes` gets
// how many that is. Returns the iovec count, or -1 when the array no longer
// holds `total` bytes of Uint8Arrays (an element was detached or replaced).
int FillIov(napi_env env, napi_value array, size_t total, size_t skip, iovec* iov, size_t* bytes) {
  uint32_t n;
  if (napi_get_array_length(env, array, &n) != napi_ok) return -1;
  size_t seen = 0;
  int count = 0;
  *bytes = 0;
  for (uint32_t i = 0; i < n; i++) {
    napi_value v;
    napi_typedarray_type type;
    size_t len;
    void* data;
    if (napi_get_element(env, array, i, &v) != napi_ok ||
        napi_get_typedarray_info(env, v, &type, &len, &data, nullptr, nullptr) != napi_ok || type != napi_uint8_array) {
      return -1;
    }
    const size_t start = seen;
    seen += len;
    if (seen <= skip || len == 0 || count == static_cast<int>(kMaxIov)) continue;
    const size_t offset = skip > start ? skip - start : 0;
    iov[count++] = iovec{static_cast<uint8_t*>(data) + offset, len - offset};
    *bytes += len - offset;
  }
  return seen == total ? count : -1;
}
}  // namespace

int32_t Socket::SendVec(napi_env env, napi_value array, size_t total, size_t* done) {
  iovec iov[kMaxIov];
  while (*done < total) {
    size_t want;
    int count = FillIov(env, array, total, *done, iov, &want);
    if (count < 0) return kDetached;
    ssize_t n = sys::SendIov(fd_, iov, count);
    if (n < 0) return ErrorResult(n, writable_);
    *done += static_cast<size_t>(n);
    if (static_cast<size_t>(n) < want) {
      // The send buffer is full; the next edge says when it drains.
      NotReady(writable_);
      return kPending;
    }
    if (!IsStream()) break;  // a datagram socket sends it all as one datagram
  }
  return *done > INT32_MAX ? INT32_MAX : static_cast<int32_t>(*done);
}

int32_t Socket::Writev(napi_env env, napi_value array, size_t total, size_t* progress) {
  *progress = 0;
  if (closed()) return kClosed;
  if (expired_[kWriteSide]) return kTimeout;
  if (total == 0 && IsStream()) return 0;
  size_t done = 0;
  int32_t r = Begin(kWriteSide);
  if (r == 0) r = SendVec(env, array, total, &done);
  if (r != kPending) {
    *progress = done;
    return r;
  }
  Park(env, OpKind::kWritev, array, total, done);
  return kPending;
}

}  // namespace gonet::io
