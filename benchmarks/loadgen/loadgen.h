/* Shared declarations of the load generator: the options every mode reads
 * and the entry point of each mode. */
#ifndef LOADGEN_H
#define LOADGEN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

struct opts {
  const char *mode;
  struct sockaddr_storage addr; /* the server */
  socklen_t addrlen;
  int conns;          /* -c: connections (sockets for udp, concurrent cycles for connect) */
  size_t msg;         /* -m: bytes per request/message */
  int depth;          /* -p: requests in flight per connection; udp: datagrams per socket (W) */
  double warmup;      /* seconds run before measuring */
  double duration;    /* seconds measured (idle: time allowed to establish all) */
  double hold;        /* idle: seconds to hold the connections open */
  int count;          /* idle: connections to open */
  long long max_ops;  /* pingpong/bulk: end the window after this many requests (0: by time only) */
  int timeout_ms;     /* udp: a datagram not echoed by then counts as lost */
  pid_t server_pid;   /* 0: unknown, no server CPU/RSS reported */
};

static inline uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int run_stream(const struct opts *o); /* pingpong and bulk */
int run_connect(const struct opts *o);
int run_udp(const struct opts *o);
int run_idle(const struct opts *o);

#endif
