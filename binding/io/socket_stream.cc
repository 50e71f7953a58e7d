// Push-style reads: while a stream runs, every readable edge (and every
// Resume after the per-turn budget ran out) turns into recv calls straight
// into one pinned landing buffer, each chunk reported to the sink as a
// kStream completion with its length. No op is queued, no promise made, no
// buffer allocated here: the JS side copies each chunk into the Buffer it
// hands to its consumer before the completion returns. Backpressure is
// ReadStop: the bytes stay in the kernel and TCP's window closes.
#include <cerrno>

#include "io/socket.h"
#include "loop/loop.h"

namespace gonet::io {

struct Socket::StreamState {
  napi_ref landing = nullptr;  // keeps the landing buffer's memory alive
  uint8_t* data = nullptr;
  size_t len = 0;
  uint64_t chunk_turn = 0;  // the loop turn of the last chunk (turns count from 1)
};

int32_t Socket::ReadStart(napi_env env, napi_value landing, uint8_t* data, size_t len) {
  if (closed()) return kClosed;
  if (type_ != SOCK_STREAM || len == 0) return -EINVAL;
  if (!stream_) stream_ = new StreamState();
  if (stream_->data != data || stream_->len != len) {
    if (stream_->landing) napi_delete_reference(env, stream_->landing);
    napi_create_reference(env, landing, 1, &stream_->landing);
    stream_->data = data;
    stream_->len = len;
  }
  if (!streaming_) {
    streaming_ = true;
    Hold();
  }
  // Bytes may be waiting with no edge to come for them (the socket is
  // still readable from before), or the deadline has passed: deliver at the
  // loop's next turn, so the caller never sees a completion inside this call.
  if (readable_ || expired_[kReadSide] || Overdue(kReadSide)) KickLater();
  return 0;
}

void Socket::ReadStop() {
  if (streaming_) EndStream();
}

void Socket::EndStream() {
  streaming_ = false;
  Unhold();
}

void Socket::Stream() {
  napi_env env = loop_->env();
  while (streaming_) {
    // Begin keeps a parked read's turn (FIFO), the deadline and the budget:
    // a flooding peer yields after its share of this turn (TakeTurn kicks).
    int32_t r = Begin(kReadSide);
    if (r == 0) r = RecvInto(stream_->data, stream_->len);
    if (r == kPending) return;
    // The end behind a chunk of this same turn waits for the next turn, as
    // libuv delivers it: the consumer's ticks run in between (node:http
    // answers pipelined requests before it sees the end; it drops the
    // unanswered ones at the end). recv sees the same EOF again then. Data
    // and FIN come together whenever they arrive before one poll, and always
    // over kqueue, where no short read counts as drained (kReportsUrgent).
    if (r == kEof && stream_->chunk_turn == loop_->turn()) {
      KickLater();
      return;
    }
    if (r > 0) stream_->chunk_turn = loop_->turn();
    if (r <= 0) EndStream();  // EOF, an error or the deadline: the last completion
    if (!js_) return;
    napi_value result;
    napi_create_int32(env, r, &result);
    // The sink may stop the stream, close the socket or start reads: the
    // loop looks at streaming_ (and Begin at the socket) again.
    loop_->Deliver(js_->Value(), static_cast<int32_t>(OpKind::kStream), result, 0);
  }
}

void Socket::FreeStream() {
  if (!stream_) return;
  // At teardown the reference dies with the environment.
  if (stream_->landing && !loop_->torn_down()) napi_delete_reference(loop_->env(), stream_->landing);
  delete stream_;
  stream_ = nullptr;
}

}  // namespace gonet::io
