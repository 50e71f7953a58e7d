/* udp: C sockets, each connect()ed to the server and keeping W datagrams of
 * msg bytes in flight. Each datagram carries its slot and a generation
 * number; an echo of the current generation completes the slot, which is
 * refilled at once. A slot not echoed within timeout_ms counts as lost and
 * is refilled with the next generation, so late echoes are recognised and
 * ignored. recvmmsg/sendmmsg keep the load generator's own cost per
 * datagram low, so it can outrun the servers under test. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loadgen.h"
#include "measure.h"
#include "net.h"

#define UDP_HEADER 8 /* u32 slot, u32 generation */

struct usock {
  int fd;
  uint32_t *gen;
  uint64_t *sent_at;
  uint32_t *hdr;      /* per-slot header space for the datagrams being sent */
  uint32_t *pending;  /* slots to (re)send in the next batch */
  unsigned npending;
};

struct udp {
  const struct opts *o;
  struct measure m;
  unsigned w;
  char *pattern;          /* the datagram body after the header */
  struct mmsghdr *tx, *rx;
  struct iovec *txv, *rxv;
  char *rxbuf;
};

static void queue_slot(struct usock *u, uint32_t slot) { u->pending[u->npending++] = slot; }

static void send_pending(struct udp *d, struct usock *u) {
  if (u->npending == 0) return;
  uint64_t now = now_ns();
  for (unsigned i = 0; i < u->npending; i++) {
    uint32_t slot = u->pending[i];
    u->gen[slot]++;
    u->sent_at[slot] = now;
    u->hdr[2 * i] = slot;
    u->hdr[2 * i + 1] = u->gen[slot];
    d->txv[2 * i] = (struct iovec){&u->hdr[2 * i], UDP_HEADER};
    d->txv[2 * i + 1] = (struct iovec){d->pattern, d->o->msg - UDP_HEADER};
    d->tx[i].msg_hdr = (struct msghdr){.msg_iov = &d->txv[2 * i], .msg_iovlen = 2};
  }
  int sent = sendmmsg(u->fd, d->tx, u->npending, MSG_DONTWAIT);
  /* Datagrams the socket would not take stay in their slot with a fresh
   * timestamp: the timeout scan resends them, and counts them as lost. */
  if (sent < (int)u->npending) d->m.errors++;
  u->npending = 0;
}

static void on_readable(struct udp *d, struct usock *u) {
  int n = recvmmsg(u->fd, d->rx, d->w, MSG_DONTWAIT, NULL);
  if (n < 0) {
    if (errno != EAGAIN && errno != EINTR) d->m.errors++; /* e.g. ECONNREFUSED from an ICMP error */
    return;
  }
  uint64_t now = now_ns();
  for (int i = 0; i < n; i++) {
    uint32_t hdr[2];
    if (d->rx[i].msg_len < UDP_HEADER) continue;
    memcpy(hdr, d->rxv[i].iov_base, sizeof hdr);
    if (hdr[0] >= d->w || hdr[1] != u->gen[hdr[0]]) continue; /* late echo of a lost datagram */
    measure_op(&d->m, now - u->sent_at[hdr[0]], d->rx[i].msg_len);
    u->gen[hdr[0]]++; /* a duplicated echo must not complete the slot twice */
    queue_slot(u, hdr[0]);
  }
  send_pending(d, u);
}

static void expire(struct udp *d, struct usock *u, uint64_t now) {
  uint64_t limit = (uint64_t)d->o->timeout_ms * 1000000ull;
  for (uint32_t s = 0; s < d->w; s++)
    if (now - u->sent_at[s] > limit) {
      d->m.lost++;
      queue_slot(u, s);
    }
  send_pending(d, u);
}

int run_udp(const struct opts *o) {
  struct udp d = {.o = o, .w = (unsigned)o->depth};
  if (o->msg < UDP_HEADER) {
    fprintf(stderr, "loadgen: udp needs -m >= %d\n", UDP_HEADER);
    return 2;
  }
  size_t rxlen = o->msg + 1; /* one spare byte tells a longer datagram apart */
  d.pattern = malloc(o->msg);
  d.tx = calloc(d.w, sizeof *d.tx);
  d.rx = calloc(d.w, sizeof *d.rx);
  d.txv = calloc(2 * d.w, sizeof *d.txv);
  d.rxv = calloc(d.w, sizeof *d.rxv);
  d.rxbuf = malloc(rxlen * d.w);
  struct usock *socks = calloc((size_t)o->conns, sizeof *socks);
  struct epoll_event *evs = calloc((size_t)o->conns, sizeof *evs);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (!d.pattern || !d.tx || !d.rx || !d.txv || !d.rxv || !d.rxbuf || !socks || !evs || ep < 0) {
    perror("loadgen: setup");
    return 1;
  }
  memset(d.pattern, 'x', o->msg);
  for (unsigned i = 0; i < d.w; i++) {
    d.rxv[i] = (struct iovec){d.rxbuf + i * rxlen, rxlen};
    d.rx[i].msg_hdr = (struct msghdr){.msg_iov = &d.rxv[i], .msg_iovlen = 1};
  }
  for (int i = 0; i < o->conns; i++) {
    struct usock *u = &socks[i];
    u->fd = socket(o->addr.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    u->gen = calloc(d.w, sizeof *u->gen);
    u->sent_at = calloc(d.w, sizeof *u->sent_at);
    u->hdr = calloc(2 * d.w, sizeof *u->hdr);
    u->pending = calloc(d.w, sizeof *u->pending);
    if (u->fd < 0 || !u->gen || !u->sent_at || !u->hdr || !u->pending ||
        connect(u->fd, (const struct sockaddr *)&o->addr, o->addrlen) < 0 ||
        net_watch(ep, EPOLL_CTL_ADD, u->fd, EPOLLIN, (uintptr_t)u) < 0) {
      fprintf(stderr, "loadgen: udp socket %d: %s\n", i, strerror(errno));
      return 1;
    }
  }

  measure_init(&d.m, o->server_pid, o->warmup, o->duration);
  for (int i = 0; i < o->conns; i++) {
    for (uint32_t s = 0; s < d.w; s++) queue_slot(&socks[i], s);
    send_pending(&d, &socks[i]);
  }
  uint64_t next_scan = now_ns() + 10000000ull;
  uint64_t now;
  while (measure_tick(&d.m, now = now_ns())) {
    if (now >= next_scan) {
      for (int i = 0; i < o->conns; i++) expire(&d, &socks[i], now);
      next_scan = now + 10000000ull;
    }
    int n = epoll_wait(ep, evs, o->conns, 5);
    for (int i = 0; i < n; i++) on_readable(&d, evs[i].data.ptr);
  }

  char params[128];
  snprintf(params, sizeof params, "\"connections\": %d, \"msg_bytes\": %zu, \"in_flight\": %u, \"timeout_ms\": %d",
           o->conns, o->msg, d.w, o->timeout_ms);
  measure_report(&d.m, o->mode, params, NULL);
  return 0;
}
