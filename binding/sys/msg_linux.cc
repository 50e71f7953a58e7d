// Linux part of sys/msg.h: recvmmsg/sendmmsg batches, MSG_CMSG_CLOEXEC so
// received descriptors are close-on-exec atomically, MSG_NOSIGNAL.
#include "sys/msg.h"
#include "sys/msg_platform.h"

#include <cstddef>

#include "sys/retry.h"

namespace gonet::sys {

const int kRecvMsgFlags = MSG_CMSG_CLOEXEC;
const int kSendMsgFlags = MSG_NOSIGNAL;
void AfterRecvMsg(msghdr*) {}  // MSG_CMSG_CLOEXEC did it

static_assert(sizeof(BatchMsg) == sizeof(mmsghdr) && offsetof(BatchMsg, msg_len) == offsetof(mmsghdr, msg_len),
              "BatchMsg must be struct mmsghdr's layout");

int RecvBatch(int fd, BatchMsg* msgs, unsigned count) {
  auto* m = reinterpret_cast<mmsghdr*>(msgs);
  return RetryEintr([&] { return ::recvmmsg(fd, m, count, MSG_CMSG_CLOEXEC, nullptr); });
}

int SendBatch(int fd, BatchMsg* msgs, unsigned count) {
  auto* m = reinterpret_cast<mmsghdr*>(msgs);
  return RetryEintr([&] { return ::sendmmsg(fd, m, count, MSG_NOSIGNAL); });
}

}  // namespace gonet::sys
