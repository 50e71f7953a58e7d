// One socket: its descriptor, its readiness flags and its queues of parked
// operations. Operations are completion-shaped: each is first attempted at
// once (the fast path returns its result without parking or allocating);
// on EAGAIN it is parked in FIFO order and finished when the poller reports
// readiness, its deadline passes, or the socket closes.
//
// Everything here runs on the environment's JS thread.
#pragma once

#include <napi.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>

#include "io/op_queue.h"
#include "io/result.h"
#include "loop/deadline_heap.h"
#include "sys/syscalls.h"

namespace gonet::loop {
class Loop;
}

namespace gonet::io {

class Socket;

// A deadline node that knows its socket and direction.
struct SideDeadline : loop::DeadlineNode {
  Socket* socket = nullptr;
  Side side = kReadSide;
};

class Socket {
 public:
  // `protocol` as given to socket(2) (0: the family's default); -1 when unknown.
  Socket(loop::Loop* loop, int fd, int family, int type, int protocol);
  // The one create-and-register path: a Socket owning `fd`, registered with
  // `loop`'s poller. On failure returns null with the Result in `*err`, and
  // `fd` is closed. Used for new, accepted and adopted (fromFd) sockets.
  static Socket* Open(loop::Loop* loop, int fd, int family, int type, int protocol, int* err);
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  // The JS wrapper: strong while operations are parked, weak otherwise.
  void Attach(Napi::Reference<Napi::Object>* js) { js_ = js; }
  void Detach() {
    js_ = nullptr;
    strong_ = false;
  }

  int fd() const { return fd_; }
  bool closed() const { return fd_ < 0; }
  int family() const { return family_; }
  loop::Loop* loop() const { return loop_; }

  // ---- operations started from JS; each returns a Result or a count.
  int32_t Read(napi_env env, napi_value buf, uint8_t* data, size_t len);
  // Returns a fresh Buffer with the next chunk, or a Result as a number.
  napi_value ReadAlloc(napi_env env, size_t max);
  // `*progress` receives the bytes sent when the result is an error.
  int32_t Write(napi_env env, napi_value buf, const uint8_t* data, size_t len, size_t* progress);
  // Like Write, for the Uint8Arrays of `array` (`total` bytes) sent as one
  // gathered write; `array` is pinned while parked (io/socket_writev.cc).
  int32_t Writev(napi_env env, napi_value array, size_t total, size_t* progress);
  // Returns the accepted socket's JS object, or a Result as a number.
  napi_value Accept(napi_env env);
  int32_t Connect(const sockaddr* sa, socklen_t len);
  // shutdown(2). After SHUT_RD (or SHUT_RDWR) parked reads are tried again
  // at the loop's next turn, where they read EOF: epoll reports the shutdown
  // as readiness, but Windows' AFD poll reports nothing for SD_RECEIVE, and
  // a read parked before it would wait for data that never comes.
  int32_t Shutdown(int how);
  // Drops every parked operation without calling back (the JS side rejects
  // its own queue with ErrClosed), then closes the descriptor. Returns the
  // bytes the oldest parked write had already sent (Go's n of that Write).
  size_t Close();
  // ms: +Infinity clears, <= 0 expires now (failing parked ops), else arms.
  void SetDeadline(Side side, double ms);
  // Whether parked operations keep the process alive.
  void SetRef(bool ref);
  // 0 when the socket may be read (written) now, else kPending (parked until it may).
  int32_t Wait(napi_env env, Side side);
  // Moves bytes from this socket to `dst` through a kernel pipe, never
  // blocking: returns kNeedRead / kNeedWrite / kYield / kEof / kNoPipe or
  // -errno, and the bytes delivered to `dst` in `*moved`
  // (io/socket_splice_linux.cc; kNoPipe where the system has no splice,
  // io/socket_splice_bsd.cc). Ops parked on either side before the copy
  // go first: it waits behind them (kNeedRead / kNeedWrite).
  int32_t SpliceTo(Socket* dst, size_t* moved);
  // A copy ended: bytes still in its pipe belong to no stream any more.
  void SpliceDone() { FreeSplice(); }

  // ---- push-style reads (io/socket_stream.cc)
  // Streams a stream socket's bytes to the sink as OpKind::kStream
  // completions, from the poll batch, without an op per chunk: result n > 0
  // when n bytes landed at the start of `landing` (pinned; the sink copies
  // them out before it returns), or a final kEof / kTimeout / -errno, after
  // which streaming has stopped. Chunks count against the per-turn budget
  // (Begin) and wait behind parked reads. Never delivers from inside the
  // call: a socket that may be readable is resumed at the loop's next turn.
  // Returns 0, kClosed, or -EINVAL for a socket that is not a stream.
  int32_t ReadStart(napi_env env, napi_value landing, uint8_t* data, size_t len);
  // Stops delivering (backpressure); the kernel queue then fills and the
  // peer's window closes. Bytes not read yet stay in the kernel.
  void ReadStop();

  // ---- datagram and message operations (io/socket_dgram.cc)
  // The socket's info area (a JS Uint8Array of msg::kInfoSize bytes, see
  // socket_dgram.h): RecvFrom/RecvMsg leave the sender, flags and control
  // length there, so a datagram read allocates nothing.
  void SetMsgInfo(napi_env env, napi_value u8, uint8_t* data);
  // Pins `i64` (a BigInt64Array): each sendto/sendmsg attempt first writes the
  // wall clock (ns) there, for round trips against kernel receive timestamps.
  void SetSendStamp(napi_env env, napi_value i64, int64_t* slot);
  int32_t RecvFrom(napi_env env, napi_value buf, uint8_t* data, size_t len);
  int32_t RecvMsg(napi_env env, napi_value buf, uint8_t* data, size_t len, napi_value oob_value, uint8_t* oob,
                  size_t oob_len);
  // One datagram (or message) to `to` (null: the connected peer), with optional control data.
  int32_t SendMsg(napi_env env, napi_value buf, const uint8_t* data, size_t len, napi_value oob_value,
                  const uint8_t* oob, size_t oob_len, const sockaddr* to, socklen_t to_len);
  // recvmmsg/sendmmsg over a batch area (socket_dgram.h layout).
  int32_t RecvBatch(napi_env env, napi_value batch, uint8_t* data, size_t bytes, unsigned count, unsigned size);
  int32_t SendBatch(napi_env env, napi_value batch, uint8_t* data, size_t bytes, unsigned count, unsigned size,
                    size_t* progress);

  // The peer accept() reported (IP families): Go caches it at accept, so it
  // still prints after a reset, when getpeername() would fail.
  void KeepPeer(const sockaddr_storage& peer, socklen_t len);
  bool Peer(sockaddr_storage* out, socklen_t* len) const;

  // ---- called by the loop
  // `error`: poll::Event::error, kept until an op collects it.
  void OnReady(uint32_t readiness, int32_t error);
  // Attempts parked ops again with the readiness already known: a socket
  // that stopped at its per-turn budget gets no new edge for what is queued.
  void Resume();
  void OnDeadline(Side side);
  // Lets the JS wrapper become weak again if no op is parked (see Unpark).
  void ReleaseWrapper();
  // Environment teardown: release the descriptor; no JS may run.
  void CloseForTeardown();

  // Intrusive list of the loop's live sockets.
  Socket* prev_ = nullptr;
  Socket* next_ = nullptr;

 private:
  bool IsStream() const { return type_ == SOCK_STREAM || type_ == SOCK_SEQPACKET; }
  // A failed syscall's result: EAGAIN ("not now") clears the side's
  // readiness flag, which the next edge sets again, and parks the op. An
  // error the poller already took from the kernel (pending_error_) comes
  // first: without it the syscall only sees EAGAIN or EPIPE.
  int32_t ErrorResult(ssize_t err, bool& ready) {
    if (pending_error_ != 0 && (sys::WouldBlock(err) || err == -EPIPE)) return TakePendingError();
    if (!sys::WouldBlock(err)) return static_cast<int32_t>(err);
    NotReady(ready);
    return kPending;
  }
  // Clears `ready` (readable_ or writable_): that side waits for its next
  // edge, which a one-shot poller must be asked for (poller.h, Rearm).
  void NotReady(bool& ready);
  int32_t TakePendingError() {
    int32_t err = pending_error_;
    pending_error_ = 0;
    return err;
  }
  // The prologue every operation shares: kClosed / kTimeout, kPending to
  // park behind what is queued (or when the socket is not ready, or spent
  // its budget for this turn), or 0 to attempt the op now.
  int32_t Begin(Side side);
  // A deadline that has passed although the timer has not run yet (a busy
  // turn): Go checks the clock on the fast path too.
  bool Overdue(Side side) const;
  // Counts a fast-path op against the socket's budget for this loop turn;
  // false (and a Kick for the next turn) once it is spent.
  bool TakeTurn();
  // Pins the JS wrapper and counts as active while an op is parked or a stream runs.
  void Hold();
  void Unhold();
  void Park(napi_env env, OpKind kind, napi_value buf, size_t length, size_t done);
  void Unpark(Op& op);
  void Drain(OpQueue& q, const bool& ready);
  int32_t Attempt(napi_env env, Op& op, napi_value* value);
  int32_t RecvInto(uint8_t* data, size_t len);
  int32_t SendFrom(const uint8_t* data, size_t len, size_t* done);
  int32_t SendVec(napi_env env, napi_value array, size_t total, size_t* done);
  int32_t AcceptOne(napi_env env, napi_value* value);
  int32_t AttemptDgram(napi_env env, Op& op);
  int32_t RecvMsgNow(uint8_t* data, size_t len, uint8_t* oob, size_t oob_len);
  int32_t SendMsgNow(const uint8_t* data, size_t len, const uint8_t* oob, size_t oob_len, const sockaddr* to,
                     socklen_t to_len);
  int32_t RecvBatchNow(uint8_t* data, unsigned slots, unsigned count, unsigned size);
  int32_t SendBatchNow(uint8_t* data, unsigned slots, unsigned count, unsigned size, size_t* done);
  // Delivers stream chunks while the socket is readable and streaming.
  void Stream();
  void EndStream();
  void FreeStream();
  // Resume() at the loop's next turn (once, however often asked).
  void KickLater();
  void FreeDgram();
  void FreeSplice();
  int32_t FinishConnect();
  uint8_t* BufferData(napi_env env, const Op& op);
  void Complete(const Op& op, napi_value result, double extra);
  void FailQueue(napi_env env, OpQueue& q, int32_t result);
  void ReleaseDescriptor();

  loop::Loop* loop_;
  Napi::Reference<Napi::Object>* js_ = nullptr;
  int fd_;
  int family_;
  int type_;
  bool readable_ = true;  // may have data; cleared only by EAGAIN (or a short TCP read)
  bool writable_ = true;  // may take data; cleared only by EAGAIN or a short send
  // A short read proves the receive queue empty: only TCP, only on a
  // backend that reports urgent data, and only until the peer hangs up or
  // sends urgent data (reads then stop early with data still queued, and no
  // new edge would come for it).
  bool short_read_drains_ = false;
  bool kicked_ = false;     // waiting for the loop's next turn (Resume)
  bool streaming_ = false;  // ReadStart until ReadStop, the end, or close
  bool refed_ = true;
  bool expired_[2] = {false, false};
  OpQueue reads_;   // reads and accepts
  OpQueue writes_;  // writes and the connect
  SideDeadline deadline_[2];
  size_t parked_ = 0;
  bool strong_ = false;  // holding a strong reference to the JS wrapper
  sockaddr_in6 peer_{};  // large enough for either IP family
  uint8_t peer_len_ = 0;
  int protocol_;
  // An error the poller took from the kernel (poll::Event::error): what
  // SO_ERROR would have said, for the next connect result or read.
  int32_t pending_error_ = 0;
  uint64_t turn_ = 0;      // the loop turn turn_ops_ counts in
  uint32_t turn_ops_ = 0;  // fast-path ops completed in that turn
  struct DgramState;       // io/socket_dgram.cc; only datagram/message sockets have one
  DgramState* dgram_ = nullptr;
  struct StreamState;  // io/socket_stream.cc; from the first ReadStart
  StreamState* stream_ = nullptr;
  struct SpliceState;  // io/socket_splice_linux.cc; only while copying
  SpliceState* splice_ = nullptr;
};

}  // namespace gonet::io
