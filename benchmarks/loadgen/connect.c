/* connect: C concurrent cycles of open → send msg bytes → receive the echo
 * → close, each followed at once by the next. Measures the server's
 * accept path and per-connection setup and teardown cost. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "cycle.h"
#include "loadgen.h"

int run_connect(const struct opts *o) {
  struct measure m;
  struct cycler cy;
  char *msg = malloc(o->msg);
  struct epoll_event *evs = calloc((size_t)o->conns, sizeof *evs);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (!msg || !evs || ep < 0) {
    perror("loadgen: setup");
    return 1;
  }
  memset(msg, 'x', o->msg);
  measure_init(&m, o->server_pid, o->warmup, o->duration);
  if (cycler_init(&cy, ep, (const struct sockaddr *)&o->addr, o->addrlen, msg, o->msg, o->conns, -1, &m) < 0) {
    perror("loadgen: setup");
    return 1;
  }
  while (measure_tick(&m, now_ns())) {
    int n = epoll_wait(ep, evs, o->conns, 5);
    for (int i = 0; i < n; i++) cycler_event(&cy, evs[i].data.u32, evs[i].events);
    cycler_retry(&cy);
  }
  cycler_abort(&cy);

  char params[96];
  snprintf(params, sizeof params, "\"connections\": %d, \"msg_bytes\": %zu", o->conns, o->msg);
  measure_report(&m, o->mode, params, NULL);
  return 0;
}
