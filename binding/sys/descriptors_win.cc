// sys/descriptors.h on Windows: sockets are handles, with no per-process
// descriptor limit for EMFILE to reserve against.
#include <cerrno>

#include "sys/descriptors.h"
#include "sys/errno_win.h"

namespace gonet::sys {

int OpenReserve() { return -1; }

void CloseReserve(int) {}

int Dup(int) { return -ENOTSUP; }

int SetNonBlocking(int fd) {
  u_long on = 1;
  return ioctlsocket(static_cast<SOCKET>(static_cast<unsigned>(fd)), FIONBIO, &on) != 0 ? -WinErrno(WSAGetLastError())
                                                                                        : 0;
}

}  // namespace gonet::sys
