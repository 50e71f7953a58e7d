// sys/descriptors.h on POSIX systems.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "sys/descriptors.h"

namespace gonet::sys {

int OpenReserve() { return open("/dev/null", O_RDONLY | O_CLOEXEC); }

void CloseReserve(int fd) {
  if (fd >= 0) close(fd);
}

int Dup(int fd) {
  int r = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  return r < 0 ? -errno : r;
}

int SetNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  return flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 ? -errno : 0;
}

}  // namespace gonet::sys
