// Test builds only (GONET_LIBKQUEUE_PREFIX): the descriptor Node's loop can
// watch for a libkqueue kqueue. On the BSDs a kqueue descriptor is itself
// readable while events are pending; libkqueue's is the write end of a
// pipe (it watches it to notice close), and its events gather in an inner
// epoll instance it does not expose. That epoll is the one whose interest
// list holds the pipe's read end for input, which /proc shows: find it.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace gonet::poll {

namespace {

std::string Link(int fd) {
  char path[64], target[128];
  snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
  ssize_t n = readlink(path, target, sizeof(target) - 1);
  return n < 0 ? std::string() : std::string(target, static_cast<size_t>(n));
}

// Whether epoll `ep` watches `tfd` for input (fdinfo: "tfd: N events: HEX").
bool WatchesForInput(int ep, int tfd) {
  char path[64];
  snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", ep);
  FILE* f = fopen(path, "re");
  if (!f) return false;
  bool found = false;
  char line[256];
  while (!found && fgets(line, sizeof(line), f)) {
    int t;
    unsigned events;
    if (sscanf(line, "tfd: %d events: %x", &t, &events) == 2 && t == tfd && (events & 1u)) found = true;
  }
  fclose(f);
  return found;
}

template <typename F>
int EachFd(F f) {
  DIR* d = opendir("/proc/self/fd");
  if (!d) return -errno;
  int found = -ENOENT;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    int fd = atoi(e->d_name);
    if (f(fd)) {
      found = fd;
      break;
    }
  }
  closedir(d);
  return found;
}

}  // namespace

int LibkqueueWatchFd(int kq) {
  const std::string pipe = Link(kq);  // "pipe:[inode]"
  if (pipe.rfind("pipe:", 0) != 0) return -ENOENT;
  int rd = EachFd([&](int fd) { return fd != kq && Link(fd) == pipe; });
  if (rd < 0) return rd;
  return EachFd([&](int fd) { return Link(fd) == "anon_inode:[eventpoll]" && WatchesForInput(fd, rd); });
}

}  // namespace gonet::poll
