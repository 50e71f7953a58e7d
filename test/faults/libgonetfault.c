// Test-only fault injector for the gonet addon, loaded with LD_PRELOAD
// (README.md, "Fault injection"; test/faults/faults.test.ts runs it). It
// wraps the socket calls gonet.node makes and, on a seeded schedule, makes
// them fail or come up short the way the kernel can: EINTR, EAGAIN, short
// counts, ENOBUFS, ENOMEM, ECONNRESET.
//
// Rules that keep every injected fault one the kernel really produces:
//   - Only calls made from gonet.node are touched (the caller's return
//     address is checked against the addon's mapping), never Node's or
//     libuv's own.
//   - A fault is injected only where that call can fail that way in that
//     state: short counts only on byte streams, ECONNRESET only on a
//     connected TCP socket (and then the connection is really reset, so the
//     peer and every later call see a reset connection too).
//   - gonet registers sockets edge-triggered: a fake EAGAIN or a fake short
//     count (a short TCP read means "drained" to gonet) would leave data or
//     room with no new edge coming, a stall no kernel causes. After each,
//     the descriptor is re-armed (EPOLL_CTL_MOD with the events it was added
//     with), which reports its current readiness as a new edge.
//
// Environment:
//   GONET_FAULT_SEED    the schedule's seed (default 1)
//   GONET_FAULT_RATE    probability that one eligible call is faulted (default 0.05)
//   GONET_FAULT_KINDS   comma list of eintr,eagain,short,enobufs,enomem,econnreset
//                       (default: all)
//   GONET_FAULT_REPORT  file that receives, at exit of the process that loaded
//                       gonet.node, a JSON object of counts
//                       {"call.kind": n, ..., "calls": n}
//   GONET_FAULT_TRACE   1: print each injected fault to stderr
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

// ---------------------------------------------------------------- faults

enum Fault { F_NONE = 0, F_EINTR, F_EAGAIN, F_SHORT, F_ENOBUFS, F_ENOMEM, F_ECONNRESET, F_COUNT };
#define BIT(f) (1u << (f))
#define SOFT (BIT(F_EINTR) | BIT(F_EAGAIN) | BIT(F_SHORT))

static const char* const kFaultNames[F_COUNT] = {"", "eintr", "eagain", "short", "enobufs", "enomem", "econnreset"};
// Relative odds once a call is to be faulted: the faults that end a
// connection are rarer, so streams live long enough to meet the others.
static const unsigned kWeight[F_COUNT] = {0, 3, 4, 4, 1, 1, 1};

enum Call { C_RECV, C_RECVFROM, C_RECVMSG, C_RECVMMSG, C_SEND, C_SENDTO, C_SENDMSG, C_SENDMMSG,
            C_ACCEPT4, C_CONNECT, C_EPOLL_CTL, C_SPLICE, C_CALLS };
static const char* const kCallNames[C_CALLS] = {"recv", "recvfrom", "recvmsg", "recvmmsg", "send", "sendto",
                                                "sendmsg", "sendmmsg", "accept4", "connect", "epoll_ctl", "splice"};

static struct {
  uint64_t seed;
  double rate;
  unsigned kinds;
  const char* report;
  int trace;
} cfg = {1, 0.05, ~0u, NULL, 0};

static atomic_uint_fast64_t draws;
static atomic_uint_fast64_t calls;
static atomic_uint_fast64_t injected[C_CALLS][F_COUNT];

// splitmix64 over (seed, draw number): the n-th draw of a run is fixed by
// the seed, so a single-threaded run with the same call sequence repeats.
static uint64_t draw(void) {
  uint64_t z = cfg.seed + (atomic_fetch_add(&draws, 1) + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static int roll(void) {
  atomic_fetch_add(&calls, 1);
  return (double)(draw() >> 11) * 0x1.0p-53 < cfg.rate;
}

// One of the faults in `allowed` (weighted) for a call on `fd`, or F_NONE.
static enum Fault choose(enum Call call, int fd, unsigned allowed) {
  allowed &= cfg.kinds;
  unsigned total = 0;
  for (int f = 1; f < F_COUNT; f++)
    if (allowed & BIT(f)) total += kWeight[f];
  if (total == 0) return F_NONE;
  unsigned pick = (unsigned)(draw() % total);
  for (int f = 1; f < F_COUNT; f++) {
    if (!(allowed & BIT(f))) continue;
    if (pick < kWeight[f]) {
      atomic_fetch_add(&injected[call][f], 1);
      if (cfg.trace) fprintf(stderr, "gonetfault: %s(%d) %s\n", kCallNames[call], fd, kFaultNames[f]);
      return (enum Fault)f;
    }
    pick -= kWeight[f];
  }
  return F_NONE;
}

// A short count for a request of `len` (> 1) bytes or messages: 1 .. len-1.
static size_t shorter(size_t len) { return 1 + (size_t)(draw() % (len - 1)); }

// ---------------------------------------------------------------- the real calls

static ssize_t (*real_recv)(int, void*, size_t, int);
static ssize_t (*real_recvfrom)(int, void*, size_t, int, struct sockaddr*, socklen_t*);
static ssize_t (*real_recvmsg)(int, struct msghdr*, int);
static int (*real_recvmmsg)(int, struct mmsghdr*, unsigned, int, struct timespec*);
static ssize_t (*real_send)(int, const void*, size_t, int);
static ssize_t (*real_sendto)(int, const void*, size_t, int, const struct sockaddr*, socklen_t);
static ssize_t (*real_sendmsg)(int, const struct msghdr*, int);
static int (*real_sendmmsg)(int, struct mmsghdr*, unsigned, int);
static int (*real_accept4)(int, struct sockaddr*, socklen_t*, int);
static int (*real_connect)(int, const struct sockaddr*, socklen_t);
static int (*real_epoll_ctl)(int, int, int, struct epoll_event*);
static ssize_t (*real_splice)(int, loff_t*, int, loff_t*, size_t, unsigned);

static void* next_symbol(const char* name) {
  void* p = dlsym(RTLD_NEXT, name);
  if (!p) {
    fprintf(stderr, "libgonetfault: no %s to wrap\n", name);
    abort();
  }
  return p;
}

static int is_addon(const char* path) {
  const char* base = strrchr(path, '/');
  return strcmp(base ? base + 1 : path, "gonet.node") == 0;
}

static int addon_loaded(struct dl_phdr_info* info, size_t size, void* arg) {
  return info->dlpi_name && is_addon(info->dlpi_name);
}

// Only a process that loaded the addon reports: a wrapper around node
// (timeout, env) is preloaded too and must not overwrite the report.
static void write_report(void) {
  if (!cfg.report || !dl_iterate_phdr(addon_loaded, NULL)) return;
  FILE* f = fopen(cfg.report, "w");
  if (!f) return;
  fprintf(f, "{\"calls\":%llu", (unsigned long long)atomic_load(&calls));
  for (int c = 0; c < C_CALLS; c++)
    for (int k = 1; k < F_COUNT; k++) {
      unsigned long long n = atomic_load(&injected[c][k]);
      if (n) fprintf(f, ",\"%s.%s\":%llu", kCallNames[c], kFaultNames[k], n);
    }
  fprintf(f, "}\n");
  fclose(f);
}

__attribute__((constructor)) static void init(void) {
  real_recv = next_symbol("recv");
  real_recvfrom = next_symbol("recvfrom");
  real_recvmsg = next_symbol("recvmsg");
  real_recvmmsg = next_symbol("recvmmsg");
  real_send = next_symbol("send");
  real_sendto = next_symbol("sendto");
  real_sendmsg = next_symbol("sendmsg");
  real_sendmmsg = next_symbol("sendmmsg");
  real_accept4 = next_symbol("accept4");
  real_connect = next_symbol("connect");
  real_epoll_ctl = next_symbol("epoll_ctl");
  real_splice = next_symbol("splice");
  const char* v;
  if ((v = getenv("GONET_FAULT_SEED"))) cfg.seed = strtoull(v, NULL, 0);
  if ((v = getenv("GONET_FAULT_RATE"))) cfg.rate = strtod(v, NULL);
  if ((v = getenv("GONET_FAULT_KINDS")) && *v) {
    cfg.kinds = 0;
    for (int f = 1; f < F_COUNT; f++) {
      const char* at = strstr(v, kFaultNames[f]);
      size_t n = strlen(kFaultNames[f]);
      if (at && (at == v || at[-1] == ',') && (at[n] == '\0' || at[n] == ',')) cfg.kinds |= BIT(f);
    }
  }
  cfg.report = getenv("GONET_FAULT_REPORT");
  cfg.trace = (v = getenv("GONET_FAULT_TRACE")) && *v == '1';
  atexit(write_report);
}

// ---------------------------------------------------------------- who is calling

static atomic_uintptr_t addon_lo, addon_hi;

struct Lookup {
  uintptr_t addr, lo, hi;
};

static int find_mapping(struct dl_phdr_info* info, size_t size, void* arg) {
  struct Lookup* l = arg;
  uintptr_t lo = UINTPTR_MAX, hi = 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr)* ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD) continue;
    uintptr_t start = info->dlpi_addr + ph->p_vaddr;
    if (start < lo) lo = start;
    if (start + ph->p_memsz > hi) hi = start + ph->p_memsz;
  }
  if (l->addr < lo || l->addr >= hi) return 0;
  l->lo = lo;
  l->hi = hi;
  return 1;
}

// Whether the call returning to `ra` comes from gonet.node. Until the addon
// is seen the caller is looked up by name; then only its range is compared.
static int from_addon(void* ra) {
  uintptr_t a = (uintptr_t)ra;
  uintptr_t hi = atomic_load(&addon_hi);
  if (hi) return a >= atomic_load(&addon_lo) && a < hi;
  Dl_info info;
  if (!dladdr(ra, &info) || !info.dli_fname) return 0;
  if (!is_addon(info.dli_fname)) return 0;
  struct Lookup l = {a, 0, 0};
  if (!dl_iterate_phdr(find_mapping, &l)) return 1;
  atomic_store(&addon_lo, l.lo);
  atomic_store(&addon_hi, l.hi);
  return 1;
}

#define FROM_ADDON() from_addon(__builtin_extract_return_addr(__builtin_return_address(0)))

// ---------------------------------------------------------------- registrations

// What gonet registered each descriptor with, from its EPOLL_CTL_ADD.
#define MAX_FDS 65536
struct Registration {
  int epfd;  // -1: none
  struct epoll_event ev;
};
static struct Registration regs[MAX_FDS];
static pthread_mutex_t regs_lock = PTHREAD_MUTEX_INITIALIZER;

static void remember(int epfd, int fd, const struct epoll_event* ev) {
  if (fd < 0 || fd >= MAX_FDS) return;
  pthread_mutex_lock(&regs_lock);
  regs[fd].epfd = epfd + 1;  // stored off by one so that zeroed memory means "none"
  if (ev) regs[fd].ev = *ev;
  pthread_mutex_unlock(&regs_lock);
}

static int registered(int fd, struct Registration* out) {
  if (fd < 0 || fd >= MAX_FDS) return 0;
  pthread_mutex_lock(&regs_lock);
  *out = regs[fd];
  pthread_mutex_unlock(&regs_lock);
  out->epfd -= 1;
  return out->epfd >= 0;
}

// A new edge for `fd`: MOD with the same events re-reports its readiness.
static void rearm(int fd) {
  struct Registration r;
  if (!registered(fd, &r)) return;
  int saved = errno;
  real_epoll_ctl(r.epfd, EPOLL_CTL_MOD, fd, &r.ev);
  errno = saved;
}

// ---------------------------------------------------------------- socket state

static int sockopt_int(int fd, int level, int name) {
  int v = -1;
  socklen_t len = sizeof(v);
  return getsockopt(fd, level, name, &v, &len) < 0 ? -1 : v;
}

static int is_byte_stream(int fd) { return sockopt_int(fd, SOL_SOCKET, SO_TYPE) == SOCK_STREAM; }

// A TCP connection that a reset can still end (established, or half-closed).
// The TCP state of `fd`, or -1 when it is not TCP.
static int tcp_state(int fd) {
  if (sockopt_int(fd, SOL_SOCKET, SO_PROTOCOL) != IPPROTO_TCP) return -1;
  struct tcp_info ti;
  socklen_t len = sizeof(ti);
  return getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0 ? -1 : ti.tcpi_state;
}

static int is_connected_tcp(int fd) {
  switch (tcp_state(fd)) {
    case TCP_ESTABLISHED:
    case TCP_CLOSE_WAIT:
    case TCP_FIN_WAIT1:
    case TCP_FIN_WAIT2:
      return 1;
    default:
      return 0;
  }
}

// Whether a receive (send) on `fd` could be told "not now" or "no memory":
// the kernel says EOF or EPIPE (or the pending error) first on a side that
// is shut down, at EOF or failed, never EAGAIN, ENOMEM or ENOBUFS. (A
// Unix socket's own SHUT_WR is not visible here; the fixtures never use it.)
static int side_open(int fd, int write) {
  struct pollfd p = {fd, POLLIN | POLLOUT | POLLRDHUP, 0};
  if (poll(&p, 1, 0) < 0 || (p.revents & (POLLERR | POLLHUP | POLLNVAL))) return 0;
  if (!write) return !(p.revents & POLLRDHUP);
  const int state = tcp_state(fd);
  return state < 0 || state == TCP_ESTABLISHED || state == TCP_CLOSE_WAIT;
}

static int is_socket(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

// Really resets the connection: connect(AF_UNSPEC) on TCP sends the peer a
// RST and leaves ECONNRESET pending here (as a received RST does); the
// shutdown then makes later reads see EOF and writes EPIPE, as after a
// received RST. The faulted call itself then runs and reports the reset.
static void reset(int fd) {
  int saved = errno;
  struct sockaddr sa = {.sa_family = AF_UNSPEC};
  real_connect(fd, &sa, sizeof(sa));
  shutdown(fd, SHUT_RDWR);
  errno = saved;
}

// The faults a data call on `fd` may get: EAGAIN and short counts need a
// registration to re-arm, short counts a byte stream, ECONNRESET a
// connected TCP socket, EAGAIN/ENOMEM/ENOBUFS a side still open.
static unsigned data_faults(int fd, unsigned base, int write, int may_be_short) {
  unsigned allowed = base;
  if (!side_open(fd, write)) allowed &= ~(BIT(F_EAGAIN) | BIT(F_ENOMEM) | BIT(F_ENOBUFS));
  struct Registration r;
  if (!registered(fd, &r)) return allowed & ~(BIT(F_EAGAIN) | BIT(F_SHORT));
  if (may_be_short && is_byte_stream(fd)) allowed |= BIT(F_SHORT);
  if (is_connected_tcp(fd)) allowed |= BIT(F_ECONNRESET);
  return allowed;
}

static long fail(int err) {
  errno = err;
  return -1;
}

#define RECV_BASE (BIT(F_EINTR) | BIT(F_EAGAIN) | BIT(F_ENOMEM))
#define SEND_BASE (BIT(F_EINTR) | BIT(F_EAGAIN) | BIT(F_ENOBUFS) | BIT(F_ENOMEM))

// The common shape: returns F_NONE to make the real call untouched, or the
// fault to apply (EAGAIN re-arms, ECONNRESET resets, here already).
static enum Fault fault_data(enum Call call, int fd, unsigned base, int write, int may_be_short) {
  if (!roll()) return F_NONE;
  enum Fault f = choose(call, fd, data_faults(fd, base, write, may_be_short));
  if (f == F_EAGAIN) rearm(fd);
  if (f == F_ECONNRESET) reset(fd);
  return f;
}

// For recvmmsg/sendmmsg: a batch of `vlen` messages may move fewer (the
// kernel stops at an error after the first message and reports it on the
// next call), which is their short count; no ECONNRESET (datagrams).
static enum Fault fault_batch(enum Call call, int fd, unsigned base, int write, unsigned vlen) {
  if (!roll()) return F_NONE;
  unsigned allowed = data_faults(fd, base, write, 0) & ~BIT(F_ECONNRESET);
  struct Registration r;
  if (vlen > 1 && registered(fd, &r)) allowed |= BIT(F_SHORT);
  enum Fault f = choose(call, fd, allowed);
  if (f == F_EAGAIN) rearm(fd);
  return f;
}

static size_t iov_total(const struct iovec* iov, size_t n) {
  size_t t = 0;
  for (size_t i = 0; i < n; i++) t += iov[i].iov_len;
  return t;
}

// `msg` cut to its first `keep` bytes, using `iov` (room for msg->msg_iovlen entries).
static struct msghdr cut(const struct msghdr* msg, struct iovec* iov, size_t keep) {
  struct msghdr m = *msg;
  size_t n = 0;
  for (size_t i = 0; i < msg->msg_iovlen && keep > 0; i++) {
    iov[n] = msg->msg_iov[i];
    if (iov[n].iov_len > keep) iov[n].iov_len = keep;
    keep -= iov[n].iov_len;
    n++;
  }
  m.msg_iov = iov;
  m.msg_iovlen = n;
  return m;
}

// ---------------------------------------------------------------- receive side

ssize_t recv(int fd, void* buf, size_t len, int flags) {
  if (!FROM_ADDON()) return real_recv(fd, buf, len, flags);
  switch (fault_data(C_RECV, fd, RECV_BASE, 0, len > 1)) {
    case F_EINTR: return fail(EINTR);
    case F_EAGAIN: return fail(EAGAIN);
    case F_ENOMEM: return fail(ENOMEM);
    case F_SHORT: {
      ssize_t n = real_recv(fd, buf, shorter(len), flags);
      rearm(fd);
      return n;
    }
    default: return real_recv(fd, buf, len, flags);
  }
}

// gonet reads netlink replies with recvfrom (interfaces): only EINTR there.
ssize_t recvfrom(int fd, void* buf, size_t len, int flags, struct sockaddr* from, socklen_t* from_len) {
  if (FROM_ADDON() && roll() && choose(C_RECVFROM, fd, BIT(F_EINTR)) == F_EINTR) return fail(EINTR);
  return real_recvfrom(fd, buf, len, flags, from, from_len);
}

ssize_t recvmsg(int fd, struct msghdr* msg, int flags) {
  if (!FROM_ADDON()) return real_recvmsg(fd, msg, flags);
  size_t total = iov_total(msg->msg_iov, msg->msg_iovlen);
  switch (fault_data(C_RECVMSG, fd, RECV_BASE, 0, total > 1)) {
    case F_EINTR: return fail(EINTR);
    case F_EAGAIN: return fail(EAGAIN);
    case F_ENOMEM: return fail(ENOMEM);
    case F_SHORT: {
      struct iovec iov[msg->msg_iovlen];
      struct msghdr m = cut(msg, iov, shorter(total));
      ssize_t n = real_recvmsg(fd, &m, flags);
      // What the kernel reports back goes to the caller's header.
      msg->msg_namelen = m.msg_namelen;
      msg->msg_controllen = m.msg_controllen;
      msg->msg_flags = m.msg_flags;
      rearm(fd);
      return n;
    }
    default: return real_recvmsg(fd, msg, flags);
  }
}

int recvmmsg(int fd, struct mmsghdr* msgs, unsigned vlen, int flags, struct timespec* timeout) {
  if (!FROM_ADDON()) return real_recvmmsg(fd, msgs, vlen, flags, timeout);
  switch (fault_batch(C_RECVMMSG, fd, RECV_BASE, 0, vlen)) {
    case F_EINTR: return fail(EINTR);
    case F_EAGAIN: return fail(EAGAIN);
    case F_ENOMEM: return fail(ENOMEM);
    case F_SHORT: {
      int n = real_recvmmsg(fd, msgs, (unsigned)shorter(vlen), flags, timeout);
      rearm(fd);
      return n;
    }
    default: return real_recvmmsg(fd, msgs, vlen, flags, timeout);
  }
}

// ---------------------------------------------------------------- send side

ssize_t send(int fd, const void* buf, size_t len, int flags) {
  if (!FROM_ADDON()) return real_send(fd, buf, len, flags);
  switch (fault_data(C_SEND, fd, SEND_BASE, 1, len > 1)) {
    case F_EINTR: return fail(EINTR);
    case F_EAGAIN: return fail(EAGAIN);
    case F_ENOBUFS: return fail(ENOBUFS);
    case F_ENOMEM: return fail(ENOMEM);
    case F_SHORT: {
      ssize_t n = real_send(fd, buf, shorter(len), flags);
      rearm(fd);
      return n;
    }
    default: return real_send(fd, buf, len, flags);
  }
}

// gonet sends netlink requests with sendto (interfaces): only EINTR there.
ssize_t sendto(int fd, const void* buf, size_t len, int flags, const struct sockaddr* to, socklen_t to_len) {
  if (FROM_ADDON() && roll() && choose(C_SENDTO, fd, BIT(F_EINTR)) == F_EINTR) return fail(EINTR);
  return real_sendto(fd, buf, len, flags, to, to_len);
}

ssize_t sendmsg(int fd, const struct msghdr* msg, int flags) {
  if (!FROM_ADDON()) return real_sendmsg(fd, msg, flags);
  size_t total = iov_total(msg->msg_iov, msg->msg_iovlen);
  switch (fault_data(C_SENDMSG, fd, SEND_BASE, 1, total > 1)) {
    case F_EINTR: return fail(EINTR);
    case F_EAGAIN: return fail(EAGAIN);
    case F_ENOBUFS: return fail(ENOBUFS);
    case F_ENOMEM: return fail(ENOMEM);
    case F_SHORT: {
      struct iovec iov[msg->msg_iovlen];
      struct msghdr m = cut(msg, iov, shorter(total));
      ssize_t n = real_sendmsg(fd, &m, flags);
      rearm(fd);
      return n;
    }
    default: return real_sendmsg(fd, msg, flags);
  }
}

int sendmmsg(int fd, struct mmsghdr* msgs, unsigned vlen, int flags) {
  if (!FROM_ADDON()) return real_sendmmsg(fd, msgs, vlen, flags);
  switch (fault_batch(C_SENDMMSG, fd, SEND_BASE, 1, vlen)) {
    case F_EINTR: return fail(EINTR);
    case F_EAGAIN: return fail(EAGAIN);
    case F_ENOBUFS: return fail(ENOBUFS);
    case F_ENOMEM: return fail(ENOMEM);
    case F_SHORT: {
      int n = real_sendmmsg(fd, msgs, (unsigned)shorter(vlen), flags);
      rearm(fd);
      return n;
    }
    default: return real_sendmmsg(fd, msgs, vlen, flags);
  }
}

// ---------------------------------------------------------------- connections

int accept4(int fd, struct sockaddr* addr, socklen_t* len, int flags) {
  if (!FROM_ADDON() || !roll()) return real_accept4(fd, addr, len, flags);
  unsigned allowed = BIT(F_EINTR) | BIT(F_ENOBUFS) | BIT(F_ENOMEM);
  struct Registration r;
  if (registered(fd, &r)) allowed |= BIT(F_EAGAIN);  // another process took it
  switch (choose(C_ACCEPT4, fd, allowed)) {
    case F_EINTR: return fail(EINTR);
    case F_EAGAIN: rearm(fd); return fail(EAGAIN);
    case F_ENOBUFS: return fail(ENOBUFS);
    case F_ENOMEM: return fail(ENOMEM);
    default: return real_accept4(fd, addr, len, flags);
  }
}

int connect(int fd, const struct sockaddr* sa, socklen_t len) {
  if (!FROM_ADDON() || !roll()) return real_connect(fd, sa, len);
  // Out of memory before anything starts (TCP's SYN buffer: ENOBUFS; a
  // Unix socket's peer: ENOMEM), or a Unix listener's full backlog (EAGAIN);
  // EINTR only where the connection really goes on in the background.
  const int family = sa->sa_family;
  unsigned allowed = BIT(F_EINTR);
  if (family == AF_INET || family == AF_INET6) allowed |= BIT(F_ENOBUFS);
  if (family == AF_UNIX) allowed |= BIT(F_ENOMEM);
  if (family == AF_UNIX && is_byte_stream(fd)) allowed |= BIT(F_EAGAIN);
  switch (choose(C_CONNECT, fd, allowed)) {
    case F_ENOBUFS: return fail(ENOBUFS);
    case F_ENOMEM: return fail(ENOMEM);
    case F_EAGAIN: return fail(EAGAIN);
    case F_EINTR: {
      int r = real_connect(fd, sa, len);
      return r < 0 && errno == EINPROGRESS ? fail(EINTR) : r;
    }
    default: return real_connect(fd, sa, len);
  }
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event* ev) {
  if (!FROM_ADDON()) return real_epoll_ctl(epfd, op, fd, ev);
  // Only a registration can fail for want of memory.
  if (op == EPOLL_CTL_ADD && roll() && choose(C_EPOLL_CTL, fd, BIT(F_ENOMEM)) == F_ENOMEM) return fail(ENOMEM);
  int r = real_epoll_ctl(epfd, op, fd, ev);
  if (r == 0 && (op == EPOLL_CTL_ADD || op == EPOLL_CTL_MOD)) remember(epfd, fd, ev);
  if (op == EPOLL_CTL_DEL) remember(-1, fd, NULL);
  return r;
}

// ---------------------------------------------------------------- splice

ssize_t splice(int in, loff_t* off_in, int out, loff_t* off_out, size_t len, unsigned flags) {
  if (!FROM_ADDON() || !roll()) return real_splice(in, off_in, out, off_out, len, flags);
  // gonet splices socket -> pipe and pipe -> socket: the socket end is the
  // one whose readiness matters and whose connection a reset ends.
  const int from_socket = is_socket(in);
  const int sock = from_socket ? in : out;
  unsigned allowed = data_faults(sock, BIT(F_EINTR) | BIT(F_EAGAIN) | BIT(F_ENOMEM), !from_socket, len > 1);
  switch (choose(C_SPLICE, sock, allowed)) {
    case F_EINTR: return fail(EINTR);
    case F_EAGAIN: rearm(sock); return fail(EAGAIN);
    case F_ENOMEM: return fail(ENOMEM);
    case F_SHORT: {
      ssize_t n = real_splice(in, off_in, out, off_out, shorter(len), flags);
      rearm(sock);
      return n;
    }
    case F_ECONNRESET: reset(sock); return real_splice(in, off_in, out, off_out, len, flags);
    default: return real_splice(in, off_in, out, off_out, len, flags);
  }
}
