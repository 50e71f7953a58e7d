/* pingpong and bulk: C TCP connections, each keeping `depth` requests of
 * `msg` bytes in flight against an echo server. A request completes when
 * its last echoed byte arrives, and a new one is queued at once. pingpong
 * is depth 1 (the next request only after the full echo); bulk is the same
 * loop with large messages and a deeper window, i.e. a bounded stream. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "loadgen.h"
#include "measure.h"
#include "net.h"

struct sconn {
  int fd;
  int dead;
  int out_armed;     /* EPOLLOUT is registered: a write hit EAGAIN */
  uint32_t inflight; /* requests queued but not fully echoed */
  uint32_t head;     /* ring index of the oldest request's send time */
  uint64_t in_have;  /* bytes of the oldest request's echo received so far */
  uint64_t out_left; /* queued bytes not yet written */
  uint64_t *sent_at; /* ring of `depth` request start times */
};

struct stream {
  const struct opts *o;
  struct measure m;
  int ep;
  char *pattern; /* what is written; the echo's content is not checked */
  size_t pattern_len;
  char *scratch; /* where echoes are read to */
  size_t scratch_len;
  int alive;
};

static void conn_kill(struct stream *s, struct sconn *c) {
  if (c->dead) return;
  c->dead = 1;
  close(c->fd);
  s->m.errors++;
  s->alive--;
}

static void conn_queue(struct stream *s, struct sconn *c, uint64_t now) {
  c->sent_at[(c->head + c->inflight) % (uint32_t)s->o->depth] = now;
  c->inflight++;
  c->out_left += s->o->msg;
}

static void conn_flush(struct stream *s, struct sconn *c) {
  while (c->out_left > 0) {
    size_t len = c->out_left < s->pattern_len ? (size_t)c->out_left : s->pattern_len;
    ssize_t w = write(c->fd, s->pattern, len);
    if (w > 0) {
      c->out_left -= (uint64_t)w;
    } else if (w < 0 && errno == EINTR) {
      continue;
    } else if (w < 0 && errno == EAGAIN) {
      if (!c->out_armed && net_watch(s->ep, EPOLL_CTL_MOD, c->fd, EPOLLIN | EPOLLOUT, (uintptr_t)c) == 0)
        c->out_armed = 1;
      return;
    } else {
      conn_kill(s, c);
      return;
    }
  }
  if (c->out_armed && net_watch(s->ep, EPOLL_CTL_MOD, c->fd, EPOLLIN, (uintptr_t)c) == 0)
    c->out_armed = 0;
}

/* One read per readiness event: level-triggered epoll reports the rest. */
static void conn_read(struct stream *s, struct sconn *c) {
  ssize_t n = read(c->fd, s->scratch, s->scratch_len);
  if (n <= 0) {
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    conn_kill(s, c); /* EOF or reset: the server dropped us */
    return;
  }
  uint64_t left = (uint64_t)n, now = now_ns();
  while (left > 0 && c->inflight > 0) {
    uint64_t need = s->o->msg - c->in_have;
    uint64_t take = left < need ? left : need;
    c->in_have += take;
    left -= take;
    if (c->in_have < s->o->msg) break;
    measure_op(&s->m, now - c->sent_at[c->head], s->o->msg);
    c->head = (c->head + 1) % (uint32_t)s->o->depth;
    c->inflight--;
    c->in_have = 0;
    conn_queue(s, c, now);
  }
  if (left > 0) {
    /* More bytes than were requested: not an echo server. */
    conn_kill(s, c);
    return;
  }
  conn_flush(s, c);
}

int run_stream(const struct opts *o) {
  struct stream s = {.o = o};
  s.pattern_len = o->msg > 65536 ? o->msg : 65536;
  s.scratch_len = 256 * 1024;
  s.pattern = malloc(s.pattern_len);
  s.scratch = malloc(s.scratch_len);
  struct sconn *conns = calloc((size_t)o->conns, sizeof *conns);
  struct epoll_event *evs = calloc((size_t)o->conns, sizeof *evs);
  s.ep = epoll_create1(EPOLL_CLOEXEC);
  if (!s.pattern || !s.scratch || !conns || !evs || s.ep < 0) {
    perror("loadgen: setup");
    return 1;
  }
  memset(s.pattern, 'x', s.pattern_len);

  for (int i = 0; i < o->conns; i++) {
    struct sconn *c = &conns[i];
    c->fd = net_dial_tcp((const struct sockaddr *)&o->addr, o->addrlen, 5000);
    c->sent_at = calloc((size_t)o->depth, sizeof *c->sent_at);
    if (c->fd < 0 || !c->sent_at || net_watch(s.ep, EPOLL_CTL_ADD, c->fd, EPOLLIN, (uintptr_t)c) < 0) {
      fprintf(stderr, "loadgen: connection %d: %s\n", i, strerror(errno));
      return 1;
    }
  }
  s.alive = o->conns;

  measure_init(&s.m, o->server_pid, o->warmup, o->duration);
  s.m.max_ops = (uint64_t)o->max_ops;
  uint64_t now = now_ns();
  for (int i = 0; i < o->conns; i++) {
    for (int d = 0; d < o->depth; d++) conn_queue(&s, &conns[i], now);
    conn_flush(&s, &conns[i]);
  }
  while (s.alive > 0 && measure_tick(&s.m, now_ns())) {
    int n = epoll_wait(s.ep, evs, o->conns, 5);
    for (int i = 0; i < n; i++) {
      struct sconn *c = evs[i].data.ptr;
      if (!c->dead && (evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))) conn_read(&s, c);
      if (!c->dead && (evs[i].events & EPOLLOUT)) conn_flush(&s, c);
    }
  }
  if (s.m.t1 == 0) { /* every connection died before the window closed */
    if (!s.m.measuring) measure_begin(&s.m, now_ns());
    measure_end(&s.m, now_ns());
  }

  char params[160];
  snprintf(params, sizeof params, "\"connections\": %d, \"msg_bytes\": %zu, \"depth\": %d, \"alive\": %d",
           o->conns, o->msg, o->depth, s.alive);
  measure_report(&s.m, o->mode, params, NULL);
  return 0;
}
