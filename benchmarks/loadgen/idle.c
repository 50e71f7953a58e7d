/* idle: open N connections, prove each one reached the server's
 * application (a small echo round trip per connection), then hold them all
 * for T seconds and report the server's resident memory per connection.
 * Handshakes are kept to a bounded number at a time so the listen backlog
 * never overflows (an overflowed backlog shows up as 1 s SYN retries, not as
 * a property of the server). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cycle.h"
#include "loadgen.h"
#include "procstat.h"

#define IDLE_PENDING 128     /* handshakes at a time; below Node's default backlog of 511 */
#define IDLE_WARM_COUNT 1000 /* connections opened and closed before the baseline */

/* Runs the cycler until `want` connections are held or the deadline passes. */
static void establish(struct cycler *cy, int ep, struct epoll_event *evs, long long want, uint64_t deadline) {
  cy->want = want;
  cycler_retry(cy);
  while ((cy->want > 0 || cy->active > 0) && now_ns() < deadline) {
    int n = epoll_wait(ep, evs, IDLE_PENDING, 5);
    for (int i = 0; i < n; i++) cycler_event(cy, evs[i].data.u32, evs[i].events);
    cycler_retry(cy);
  }
  cycler_abort(cy);
}

static void sleep_s(double s) {
  struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

/* Connections the server has closed (or written to) while they were held. */
static int count_dropped(const int *fds, size_t n) {
  int dropped = 0;
  char b;
  for (size_t i = 0; i < n; i++)
    if (recv(fds[i], &b, 1, MSG_DONTWAIT | MSG_PEEK) >= 0 || errno != EAGAIN) dropped++;
  return dropped;
}

int run_idle(const struct opts *o) {
  struct measure m;
  struct cycler cy;
  char *msg = malloc(o->msg);
  struct epoll_event evs[IDLE_PENDING];
  int ep = epoll_create1(EPOLL_CLOEXEC);
  int warm_n = o->count < IDLE_WARM_COUNT ? o->count : IDLE_WARM_COUNT;
  int *held = calloc((size_t)o->count, sizeof *held);
  if (!msg || !held || ep < 0) {
    perror("loadgen: setup");
    return 1;
  }
  memset(msg, 'x', o->msg);
  measure_init(&m, o->server_pid, 0, 0);
  if (cycler_init(&cy, ep, (const struct sockaddr *)&o->addr, o->addrlen, msg, o->msg, IDLE_PENDING, 0, &m) < 0) {
    perror("loadgen: setup");
    return 1;
  }
  cy.held = held;

  /* Warm the server's code paths and allocator first, so that the baseline
   * already includes one-time costs (JIT, pools) and only per-connection
   * memory is left in the difference. */
  if (o->warmup > 0) {
    establish(&cy, ep, evs, warm_n, now_ns() + (uint64_t)(o->warmup * 1e9) + 10000000000ull);
    for (size_t i = 0; i < cy.nheld; i++) close(held[i]);
    cy.nheld = 0;
    sleep_s(o->warmup);
  }

  long long rss0 = o->server_pid ? proc_rss_kb(o->server_pid) : -1;
  measure_begin(&m, now_ns());
  establish(&cy, ep, evs, o->count, now_ns() + (uint64_t)(o->duration * 1e9));
  measure_end(&m, now_ns());
  fprintf(stderr, "loadgen: %zu of %d connections established; holding %.1f s\n", cy.nheld, o->count, o->hold);

  long long hold_cpu0 = o->server_pid ? proc_cpu_us(o->server_pid) : -1;
  sleep_s(o->hold);
  long long hold_cpu1 = o->server_pid ? proc_cpu_us(o->server_pid) : -1;
  long long rss1 = o->server_pid ? proc_rss_kb(o->server_pid) : -1;
  int dropped = count_dropped(held, cy.nheld);

  char params[96], extra[320];
  snprintf(params, sizeof params, "\"connections\": %d, \"msg_bytes\": %zu", o->count, o->msg);
  if (rss0 >= 0 && rss1 >= 0 && cy.nheld > 0)
    snprintf(extra, sizeof extra,
             "\"established\": %zu, \"dropped\": %d, \"hold_s\": %.1f, \"hold_cpu_us\": %lld, "
             "\"rss_before_kb\": %lld, \"rss_after_kb\": %lld, \"rss_bytes_per_conn\": %.1f",
             cy.nheld, dropped, o->hold, hold_cpu1 - hold_cpu0, rss0, rss1,
             (double)(rss1 - rss0) * 1024.0 / (double)cy.nheld);
  else
    snprintf(extra, sizeof extra, "\"established\": %zu, \"dropped\": %d, \"hold_s\": %.1f, \"rss_bytes_per_conn\": null",
             cy.nheld, dropped, o->hold);
  measure_report(&m, o->mode, params, extra);
  return 0;
}
