// What each platform's msg_<platform>.cc gives the shared recvmsg/sendmsg
// in msg_unix.cc. Internal to sys/.
#pragma once

#include <sys/socket.h>

namespace gonet::sys {

extern const int kRecvMsgFlags;  // recvmsg flags: received descriptors close-on-exec where the system can
extern const int kSendMsgFlags;  // sendmsg flags: no SIGPIPE where the socket does not say so itself
// After a recvmsg with control data: whatever kRecvMsgFlags could not do.
void AfterRecvMsg(msghdr* msg);

}  // namespace gonet::sys
