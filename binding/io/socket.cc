#include "io/socket.h"

#include <napi.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include "loop/loop.h"
#include "sys/syscalls.h"

namespace gonet::io {

namespace {
// Ops one socket completes on the fast path per loop turn (accepts, reads,
// writes alike). A producer and a consumer in one process would otherwise
// complete everything through already-resolved promises, and only
// microtasks would run: no timer, no deadline, no other socket.
constexpr uint32_t kOpsPerTurn = 64;
// Stream reads are capped like Go's (1 GiB) so lengths always fit an int32.
constexpr size_t kMaxIo = 1u << 30;

// Every count and code fits an int32: a V8 small integer, no heap number.
napi_value Number(napi_env env, int32_t v) {
  napi_value out;
  napi_create_int32(env, v, &out);
  return out;
}
}  // namespace

Socket::Socket(loop::Loop* loop, int fd, int family, int type, int protocol)
    : loop_(loop), fd_(fd), family_(family), type_(type), protocol_(protocol) {
  short_read_drains_ = poll::kReportsUrgent && type == SOCK_STREAM && (family == AF_INET || family == AF_INET6) &&
                       (protocol == 0 || protocol == IPPROTO_TCP);
  loop_->Retain();
  loop_->stats().live_sockets++;
  for (int side : {kReadSide, kWriteSide}) {
    deadline_[side].socket = this;
    deadline_[side].side = static_cast<Side>(side);
  }
}

Socket* Socket::Open(loop::Loop* loop, int fd, int family, int type, int protocol, int* err) {
  auto* s = new Socket(loop, fd, family, type, protocol);
  int r = loop->Register(s);
  if (r < 0) {
    delete s;  // closes `fd`
    *err = r;
    return nullptr;
  }
  return s;
}

Socket::~Socket() {
  loop_->Unkick(this);
  // Reached from the JS wrapper's finalizer: a Conn that was never closed
  // gets its descriptor back to the system here (parked ops pin the
  // wrapper, so none can be left).
  ReleaseDescriptor();
  FreeDgram();
  loop_->stats().live_sockets--;
  loop_->Release();
}

// ---------------------------------------------------------------- parking

void Socket::Park(napi_env env, OpKind kind, napi_value buf, size_t length, size_t done) {
  napi_ref ref = nullptr;
  if (buf) {
    napi_create_reference(env, buf, 1, &ref);
    loop_->stats().held_buffers++;
  }
  auto& q = IsWriteKind(kind) ? writes_ : reads_;
  q.push_back(Op{kind, ref, length, done});
  Hold();
  loop_->stats().parked_ops++;
}

void Socket::Hold() {
  parked_++;
  if (!strong_ && js_) {  // the wrapper (and its owner) must outlive the op
    js_->Ref();
    strong_ = true;
  }
  if (refed_) loop_->AddActive(1);
}

void Socket::Unhold() {
  if (refed_) loop_->AddActive(-1);
  if (--parked_ == 0) loop_->ReleaseLater(this);
}

void Socket::Unpark(Op& op) {
  if (op.buffer) {
    napi_delete_reference(loop_->env(), op.buffer);
    op.buffer = nullptr;
    loop_->stats().held_buffers--;
  }
  loop_->stats().parked_ops--;
  Unhold();
}

void Socket::ReleaseWrapper() {
  // Called once the batch and its microtasks are done: a continuation that
  // parked the next op (the common case) kept the wrapper strong meanwhile,
  // so a ping-pong conn never flips between weak and strong.
  if (strong_ && parked_ == 0 && js_) {
    js_->Unref();
    strong_ = false;
  }
}

void Socket::Complete(const Op& op, napi_value result, double extra) {
  if (!js_) return;
  loop_->Deliver(js_->Value(), static_cast<int32_t>(op.kind), result, extra);
}

uint8_t* Socket::BufferData(napi_env env, const Op& op) {
  napi_value v;
  napi_get_reference_value(env, op.buffer, &v);
  napi_typedarray_type type;
  size_t length;
  void* data;
  if (!v || napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr) != napi_ok) return nullptr;
  // A buffer detached (transferred) while the op was parked reports a
  // smaller length: never write past what the caller still owns.
  if (length < op.length || (data == nullptr && op.length > 0)) return nullptr;
  return static_cast<uint8_t*>(data);
}

// ---------------------------------------------------------------- syscalls

int32_t Socket::RecvInto(uint8_t* data, size_t len) {
  if (len > kMaxIo) len = kMaxIo;
  ssize_t n = sys::Recv(fd_, data, len);
  if (n > 0) {
    // On TCP, a short read means the receive queue was empty at that
    // instant, and any later arrival raises a new edge: skip the EAGAIN
    // syscall that would only confirm it. Not on Unix streams (a read stops
    // at a message carrying fds or another writer's credentials, and at
    // MSG_OOB), nor after urgent data or a hang-up (see OnReady).
    if (short_read_drains_ && static_cast<size_t>(n) < len) NotReady(readable_);
    return static_cast<int32_t>(n);
  }
  if (n == 0 && pending_error_ != 0) return TakePendingError();  // a reset, not an EOF
  if (n == 0) return IsStream() && len > 0 ? kEof : 0;
  return ErrorResult(n, readable_);
}

int32_t Socket::SendFrom(const uint8_t* data, size_t len, size_t* done) {
  while (*done < len) {
    size_t chunk = len - *done;
    if (chunk > kMaxIo) chunk = kMaxIo;
    ssize_t n = sys::Send(fd_, data + *done, chunk);
    if (n < 0) return ErrorResult(n, writable_);
    *done += static_cast<size_t>(n);
    if (!IsStream()) break;  // one datagram per send
    if (*done < len && static_cast<size_t>(n) < chunk) {
      // The send buffer is full; the next edge says when it drains.
      NotReady(writable_);
      return kPending;
    }
  }
  // The count is a Result (int32); JS takes a whole write's length from its
  // own buffer, so a clamp here never reaches a caller.
  return *done > INT32_MAX ? INT32_MAX : static_cast<int32_t>(*done);
}

int32_t Socket::AcceptOne(napi_env env, napi_value* value) {
  sockaddr_storage peer;
  socklen_t len;
  int fd = sys::Accept(fd_, &peer, &len);
  if (fd < 0) {
    if (fd == -EMFILE || fd == -ENFILE) {
      loop_->ShedConnections(fd_);
      NotReady(readable_);  // wait for a new connection; never spin
    }
    return ErrorResult(fd, readable_);
  }
  int r = 0;
  Socket* s = Open(loop_, fd, family_, type_, protocol_, &r);
  if (!s) return r;
  s->KeepPeer(peer, len);
  *value = loop_->wrap_accepted(env, s);
  if (!*value) {  // the environment is going away: drop the connection
    delete s;
    return -ECANCELED;
  }
  return 0;
}

int32_t Socket::FinishConnect() {
  int err = pending_error_ != 0 ? TakePendingError() : sys::TakeSocketError(fd_);
  if (err < 0) return err;
  // Writable with no error can also be a socket that has not started
  // connecting yet (its first edge); only a peer name proves the connection.
  sockaddr_storage ss;
  socklen_t len;
  err = sys::GetPeerName(fd_, &ss, &len);
  if (err == -ENOTCONN) {
    NotReady(writable_);
    return kPending;
  }
  return err < 0 ? err : 0;
}

// ---------------------------------------------------------------- operations

int32_t Socket::Begin(Side side) {
  if (closed()) return kClosed;
  if (expired_[side]) return kTimeout;
  const bool queued = side == kReadSide ? !reads_.empty() : !writes_.empty();
  if (queued) return kPending;  // FIFO: behind what waits already (and fails with it)
  if (Overdue(side)) {
    loop_->ClearDeadline(&deadline_[side]);
    expired_[side] = true;  // nothing queued on this side to fail
    return kTimeout;
  }
  const bool ready = side == kReadSide ? readable_ : writable_;
  return ready && TakeTurn() ? 0 : kPending;
}

bool Socket::Overdue(Side side) const {
  return deadline_[side].armed() && deadline_[side].when_us <= loop::MonotonicMicros();
}

bool Socket::TakeTurn() {
  if (turn_ != loop_->turn()) {
    turn_ = loop_->turn();
    turn_ops_ = 0;
  }
  if (turn_ops_ < kOpsPerTurn) {
    turn_ops_++;
    return true;
  }
  // The rest waits for the next loop turn, with no new edge to announce it.
  KickLater();
  return false;
}

void Socket::KickLater() {
  if (kicked_) return;
  kicked_ = true;
  loop_->Kick(this);
}

int32_t Socket::Shutdown(int how) {
  if (closed()) return kClosed;
  int32_t r = sys::Shutdown(fd_, how);
  if (r == 0 && how != SHUT_WR) {
    readable_ = true;
    KickLater();
  }
  return r;
}

int32_t Socket::Read(napi_env env, napi_value buf, uint8_t* data, size_t len) {
  if (closed()) return kClosed;
  // Go: a zero-byte read returns at once, before the deadline is looked at.
  if (len == 0 && IsStream()) return 0;
  int32_t r = Begin(kReadSide);
  if (r == 0) r = RecvInto(data, len);
  if (r != kPending) return r;
  Park(env, OpKind::kRead, buf, len, 0);
  return kPending;
}

napi_value Socket::ReadAlloc(napi_env env, size_t max) {
  int32_t r = Begin(kReadSide);
  if (r == 0) {
    Op op{OpKind::kReadAlloc, nullptr, max, 0};
    napi_value value = nullptr;
    r = Attempt(env, op, &value);
    if (value) return value;
  }
  if (r != kPending) return Number(env, r);
  Park(env, OpKind::kReadAlloc, nullptr, max, 0);
  return Number(env, kPending);
}

int32_t Socket::Write(napi_env env, napi_value buf, const uint8_t* data, size_t len, size_t* progress) {
  *progress = 0;
  if (closed()) return kClosed;
  if (expired_[kWriteSide]) return kTimeout;
  if (len == 0 && IsStream()) return 0;
  size_t done = 0;
  int32_t r = Begin(kWriteSide);
  if (r == 0) r = SendFrom(data, len, &done);
  if (r != kPending) {
    *progress = done;
    return r;
  }
  Park(env, OpKind::kWrite, buf, len, done);
  return kPending;
}

napi_value Socket::Accept(napi_env env) {
  // A connection flood is taken in slices, one budget per loop turn
  // (TakeTurn), so timers and other sockets keep running meanwhile.
  int32_t r = Begin(kReadSide);
  if (r == 0) {
    napi_value value = nullptr;
    r = AcceptOne(env, &value);
    if (value) return value;
  }
  if (r != kPending) return Number(env, r);
  Park(env, OpKind::kAccept, nullptr, 0, 0);
  return Number(env, kPending);
}

void Socket::KeepPeer(const sockaddr_storage& peer, socklen_t len) {
  if (len > sizeof(peer_) || (peer.ss_family != AF_INET && peer.ss_family != AF_INET6)) return;
  memcpy(&peer_, &peer, len);
  peer_len_ = static_cast<uint8_t>(len);
}

bool Socket::Peer(sockaddr_storage* out, socklen_t* len) const {
  if (peer_len_ == 0) return false;
  memcpy(out, &peer_, peer_len_);
  *len = peer_len_;
  return true;
}

int32_t Socket::Wait(napi_env env, Side side) {
  if (closed()) return kClosed;
  if (expired_[side]) return kTimeout;
  const bool ready = side == kReadSide ? reads_.empty() && readable_ : writes_.empty() && writable_;
  if (ready) return 0;
  Park(env, side == kReadSide ? OpKind::kWaitRead : OpKind::kWaitWrite, nullptr, 0, 0);
  return kPending;
}

int32_t Socket::Connect(const sockaddr* sa, socklen_t len) {
  if (closed()) return kClosed;
  int r = sys::Connect(fd_, sa, len);
  if (r == 0) return 0;
  if (r != -EINPROGRESS) return r;
  NotReady(writable_);
  Park(loop_->env(), OpKind::kConnect, nullptr, 0, 0);
  return kPending;
}

// Attempts a parked (or about-to-park) op once. Returns kPending to leave
// it parked, otherwise its result; reads that allocate and accepts also set
// `*value` (a fresh Buffer, the accepted socket's JS object).
int32_t Socket::Attempt(napi_env env, Op& op, napi_value* value) {
  switch (op.kind) {
    case OpKind::kRead: {
      uint8_t* data = BufferData(env, op);
      if (!data && op.length > 0) return kDetached;
      return RecvInto(data, op.length);
    }
    case OpKind::kReadAlloc: {
      size_t want = op.length < loop_->scratch_size() ? op.length : loop_->scratch_size();
      int32_t r = RecvInto(loop_->scratch(), want);
      if (r < 0) return r;
      void* copy;
      napi_create_buffer_copy(env, static_cast<size_t>(r), loop_->scratch(), &copy, value);
      return r;
    }
    case OpKind::kWrite: {
      uint8_t* data = BufferData(env, op);
      if (!data) return kDetached;
      return SendFrom(data, op.length, &op.done);
    }
    case OpKind::kAccept: return AcceptOne(env, value);
    case OpKind::kConnect: return FinishConnect();
    case OpKind::kWaitRead:
    case OpKind::kWaitWrite: return 0;  // Drain only attempts ops while the socket is ready
    case OpKind::kWritev: {
      napi_value array;
      napi_get_reference_value(env, op.buffer, &array);
      return SendVec(env, array, op.length, &op.done);
    }
    case OpKind::kRecvFrom:
    case OpKind::kRecvMsg:
    case OpKind::kSendMsg:
    case OpKind::kRecvBatch:
    case OpKind::kSendBatch: return AttemptDgram(env, op);
    case OpKind::kStream: break;  // a stream is never a parked op (io/socket_stream.cc)
  }
  return -EINVAL;
}

// Finishes parked ops from the front of `q` while the socket stays ready.
void Socket::Drain(OpQueue& q, const bool& ready) {
  napi_env env = loop_->env();
  while (!q.empty() && ready && !closed()) {
    napi_value value = nullptr;
    int32_t r = Attempt(env, q.front(), &value);
    if (r == kPending) break;
    Op done = q.pop_front();
    Unpark(done);
    Complete(done, value ? value : Number(env, r), static_cast<double>(done.done));
  }
}

void Socket::NotReady(bool& ready) {
  ready = false;
  loop_->Rearm(fd_, &ready == &readable_ ? poll::kReadable : poll::kWritable);
}

void Socket::OnReady(uint32_t readiness, int32_t error) {
  if (error != 0) pending_error_ = error;
  // After a hang-up no edge follows; after urgent data, reads stop short at
  // its mark. Either way a short read no longer proves "drained".
  if (readiness & (poll::kHangup | poll::kPriority)) short_read_drains_ = false;
  if (readiness & poll::kReadable) {
    readable_ = true;
    Drain(reads_, readable_);
    if (streaming_) Stream();
  }
  if (readiness & poll::kWritable) {
    writable_ = true;
    Drain(writes_, writable_);
  }
}

void Socket::Resume() {
  kicked_ = false;
  Drain(reads_, readable_);
  if (streaming_) Stream();
  Drain(writes_, writable_);
}

// ---------------------------------------------------------------- deadlines

void Socket::FailQueue(napi_env env, OpQueue& q, int32_t result) {
  while (!q.empty()) {
    Op op = q.pop_front();
    Unpark(op);
    Complete(op, Number(env, result), static_cast<double>(op.done));
  }
}

void Socket::OnDeadline(Side side) {
  expired_[side] = true;
  FailQueue(loop_->env(), side == kReadSide ? reads_ : writes_, kTimeout);
  // A stream waiting for data ends with the timeout, as a parked read would.
  if (side == kReadSide && streaming_) Stream();
}

void Socket::SetDeadline(Side side, double ms) {
  if (closed()) return;
  // Past ~31,700 years away (and +Infinity) a deadline never comes; beyond
  // ~292,000 years its microseconds would not even fit an int64.
  constexpr double kNeverMs = 1e15;
  if (ms >= kNeverMs) {
    expired_[side] = false;
    loop_->ClearDeadline(&deadline_[side]);
    return;
  }
  if (!(ms > 0)) {  // also NaN
    loop_->ClearDeadline(&deadline_[side]);
    OnDeadline(side);
    return;
  }
  expired_[side] = false;
  loop_->SetDeadline(&deadline_[side], loop::MonotonicMicros() + static_cast<int64_t>(ms * 1000.0));
}

// ---------------------------------------------------------------- lifetime

void Socket::SetRef(bool ref) {
  if (ref == refed_) return;
  refed_ = ref;
  loop_->AddActive(ref ? static_cast<int>(parked_) : -static_cast<int>(parked_));
}

size_t Socket::Close() {
  if (closed()) return 0;
  // Only the oldest write can have started; a close cuts it short.
  const size_t sent = writes_.empty() ? 0 : writes_.front().done;
  for (auto* q : {&reads_, &writes_}) {
    while (!q->empty()) {
      Op op = q->pop_front();
      Unpark(op);
    }
  }
  // Like a parked op, a stream ends without a completion (JS ends it itself).
  if (streaming_) EndStream();
  ReleaseDescriptor();
  return sent;
}

void Socket::ReleaseDescriptor() {
  if (closed()) return;
  if (!loop_->torn_down()) {
    loop_->ClearDeadline(&deadline_[kReadSide]);
    loop_->ClearDeadline(&deadline_[kWriteSide]);
  }
  FreeSplice();
  FreeStream();
  loop_->Forget(this);
  // close() alone leaves epoll only when no other descriptor shares the
  // file (a child's stdio, dup, fork would keep the registration and its
  // events would reach a freed socket): deregister explicitly.
  if (!loop_->torn_down()) loop_->Unregister(fd_);
  sys::Close(fd_);
  fd_ = -1;
}

void Socket::CloseForTeardown() {
  // Parked ops are abandoned with the environment; their references die with it.
  parked_ = 0;
  streaming_ = false;
  reads_.clear();
  writes_.clear();
  ReleaseDescriptor();
}

}  // namespace gonet::io
