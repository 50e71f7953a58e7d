#define _GNU_SOURCE
#include "cycle.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "loadgen.h"
#include "net.h"

enum { SLOT_IDLE, SLOT_SENDING, SLOT_RECEIVING, SLOT_FAILED };

struct cycle_slot {
  int fd;
  int state;
  uint64_t started;
  size_t sent, got;
};

static int may_start(const struct cycler *cy) { return cy->want < 0 || cy->active < cy->want; }

static void slot_fail(struct cycler *cy, struct cycle_slot *s) {
  close(s->fd);
  s->fd = -1;
  s->state = SLOT_FAILED;
  cy->active--;
  cy->m->errors++;
}

static void slot_start(struct cycler *cy, unsigned i) {
  struct cycle_slot *s = &cy->slots[i];
  s->state = SLOT_IDLE;
  if (!may_start(cy)) return;
  cy->active++;
  s->started = now_ns();
  s->sent = s->got = 0;
  s->state = SLOT_SENDING;
  s->fd = socket(cy->addr->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s->fd < 0) {
    s->state = SLOT_FAILED;
    cy->active--;
    cy->m->errors++;
    return;
  }
  if (connect(s->fd, cy->addr, cy->addrlen) < 0 && errno != EINPROGRESS) {
    slot_fail(cy, s);
    return;
  }
  /* Edge-triggered: one registration serves the whole cycle, no MODs. */
  if (net_watch(cy->ep, EPOLL_CTL_ADD, s->fd, EPOLLIN | EPOLLOUT | EPOLLET, i) < 0) slot_fail(cy, s);
}

static void slot_done(struct cycler *cy, unsigned i) {
  struct cycle_slot *s = &cy->slots[i];
  measure_op(cy->m, now_ns() - s->started, s->got);
  if (cy->held) {
    epoll_ctl(cy->ep, EPOLL_CTL_DEL, s->fd, NULL);
    cy->held[cy->nheld++] = s->fd;
  } else {
    close(s->fd);
  }
  s->fd = -1;
  cy->active--;
  if (cy->want > 0) cy->want--;
  slot_start(cy, i);
}

int cycler_init(struct cycler *cy, int ep, const struct sockaddr *addr, socklen_t addrlen,
                const char *msg, size_t msglen, int nslots, long long want, struct measure *m) {
  cy->ep = ep;
  cy->addr = addr;
  cy->addrlen = addrlen;
  cy->msg = msg;
  cy->msglen = msglen;
  cy->nslots = nslots;
  cy->want = want;
  cy->active = 0;
  cy->m = m;
  cy->slots = calloc((size_t)nslots, sizeof *cy->slots);
  if (!cy->slots) return -1;
  for (int i = 0; i < nslots; i++) slot_start(cy, (unsigned)i);
  return 0;
}

void cycler_event(struct cycler *cy, unsigned i, unsigned events) {
  struct cycle_slot *s = &cy->slots[i];
  if (s->state != SLOT_SENDING && s->state != SLOT_RECEIVING) return; /* stale event */
  if (events & EPOLLERR) {
    slot_fail(cy, s);
    return;
  }
  while (s->state == SLOT_SENDING) {
    ssize_t w = write(s->fd, cy->msg + s->sent, cy->msglen - s->sent);
    if (w < 0 && errno == EAGAIN) return; /* still connecting, or buffer full */
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      slot_fail(cy, s);
      return;
    }
    s->sent += (size_t)w;
    if (s->sent == cy->msglen) s->state = SLOT_RECEIVING;
  }
  char buf[4096];
  for (;;) { /* edge-triggered: read until the echo is complete or EAGAIN */
    size_t want = cy->msglen - s->got;
    ssize_t n = read(s->fd, buf, want < sizeof buf ? want : sizeof buf);
    if (n < 0 && errno == EAGAIN) return;
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      slot_fail(cy, s);
      return;
    }
    s->got += (size_t)n;
    if (s->got == cy->msglen) {
      slot_done(cy, i);
      return;
    }
  }
}

void cycler_retry(struct cycler *cy) {
  for (int i = 0; i < cy->nslots; i++)
    if (cy->slots[i].state == SLOT_FAILED || (cy->slots[i].state == SLOT_IDLE && may_start(cy)))
      slot_start(cy, (unsigned)i);
}

void cycler_abort(struct cycler *cy) {
  for (int i = 0; i < cy->nslots; i++) {
    struct cycle_slot *s = &cy->slots[i];
    if (s->state == SLOT_SENDING || s->state == SLOT_RECEIVING) {
      close(s->fd);
      s->fd = -1;
      cy->active--;
    }
    s->state = SLOT_IDLE;
  }
}
