/* Minimal single-threaded epoll echo server, TCP or UDP, and TCP proxy: the
 * native ceiling the benchmark rows are read against. It does the least a
 * correct server must: one read and one write per message, level-triggered,
 * no batching or splice tricks. Usage: c-epoll-echo tcp|udp [port], or
 * c-epoll-echo proxy UPSTREAM_PORT [port]; prints the port, runs until
 * killed. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF_SIZE 65536

/* A connection relays what it reads to its peer: itself when echoing, the
 * other end of the pair when proxying. Bytes that did not fit in the peer's
 * socket buffer wait in `pending`, and the connection stops reading until
 * they are written: backpressure. */
struct conn {
  int fd;
  uint32_t events; /* what epoll watches for */
  struct conn *peer;
  struct conn *next_dead; /* closed during this batch of events, freed after it */
  char *pending;
  size_t off, len;
};

static char buf[BUF_SIZE];
static struct conn *dead; /* closed conns, freed once no event of the batch can name them */

static void die(const char *what) {
  perror(what);
  exit(1);
}

static int bind_socket(int type, int port) {
  int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (fd < 0) die("socket");
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
  if (type == SOCK_STREAM && listen(fd, SOMAXCONN) < 0) die("listen");
  getsockname(fd, (struct sockaddr *)&a, &len);
  printf("%d\n", ntohs(a.sin_port));
  fflush(stdout);
  return fd;
}

/* Closes a connection and its peer (a proxy pair ends together). */
static void conn_close(struct conn *c) {
  for (int i = 0; i < 2 && c->fd >= 0; i++, c = c->peer) {
    close(c->fd); /* also leaves the epoll set */
    c->fd = -1;
    c->next_dead = dead;
    dead = c;
  }
}

static void free_dead(void) {
  while (dead) {
    struct conn *c = dead;
    dead = c->next_dead;
    free(c->pending);
    free(c);
  }
}

/* Reads while nothing waits to go out; writable while its peer's bytes wait. */
static void rewatch(int ep, struct conn *c) {
  uint32_t want = (c->pending ? 0 : EPOLLIN) | (c->peer->pending ? EPOLLOUT : 0);
  if (want == c->events || c->fd < 0) return;
  struct epoll_event ev = {.events = want, .data.ptr = c};
  if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) die("epoll_ctl");
  c->events = want;
}

static struct conn *conn_new(int ep, int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct conn *c = calloc(1, sizeof *c);
  if (!c) die("calloc");
  c->fd = fd;
  c->peer = c;
  c->events = EPOLLIN;
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
  if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
  return c;
}

/* A connection to the upstream on loopback: a blocking connect returns at once. */
static int dial_upstream(int port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0 || fcntl(fd, F_SETFL, O_NONBLOCK) < 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* upstream: 0 to echo, else the port each accepted connection is relayed to. */
static void accept_all(int ep, int lfd, int upstream) {
  for (;;) {
    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return; /* EAGAIN, or a transient error such as ECONNABORTED */
    struct conn *c = conn_new(ep, fd);
    if (!upstream) continue;
    int ufd = dial_upstream(upstream);
    if (ufd < 0) {
      conn_close(c);
      continue;
    }
    struct conn *u = conn_new(ep, ufd);
    c->peer = u;
    u->peer = c;
  }
}

/* The peer's pending bytes go out on c. */
static void on_writable(int ep, struct conn *c) {
  struct conn *src = c->peer;
  ssize_t w = write(c->fd, src->pending + src->off, src->len - src->off);
  if (w < 0 && errno == EAGAIN) return;
  if (w <= 0) {
    conn_close(c);
    return;
  }
  src->off += (size_t)w;
  if (src->off < src->len) return;
  free(src->pending);
  src->pending = NULL;
  rewatch(ep, c);
  if (src != c) rewatch(ep, src);
}

/* One read, relayed to the peer with one write. */
static void on_readable(int ep, struct conn *c) {
  ssize_t n = read(c->fd, buf, sizeof buf);
  if (n < 0 && errno == EAGAIN) return;
  if (n <= 0) {
    conn_close(c);
    return;
  }
  ssize_t w = write(c->peer->fd, buf, (size_t)n);
  if (w < 0 && errno == EAGAIN) w = 0;
  if (w < 0) {
    conn_close(c);
    return;
  }
  if (w == n) return;
  c->len = (size_t)(n - w);
  c->off = 0;
  c->pending = malloc(c->len);
  if (!c->pending) die("malloc");
  memcpy(c->pending, buf + w, c->len);
  rewatch(ep, c);
  if (c->peer != c) rewatch(ep, c->peer);
}

static void serve_tcp(int port, int upstream) {
  int lfd = bind_socket(SOCK_STREAM, port);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL}, evs[256];
  if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0) die("epoll");
  for (;;) {
    int n = epoll_wait(ep, evs, 256, -1);
    for (int i = 0; i < n; i++) {
      struct conn *c = evs[i].data.ptr;
      uint32_t e = evs[i].events;
      if (!c) {
        accept_all(ep, lfd, upstream);
        continue;
      }
      if (c->fd >= 0 && (e & (EPOLLOUT | EPOLLERR | EPOLLHUP)) && c->peer->pending) on_writable(ep, c);
      if (c->fd >= 0 && (e & (EPOLLIN | EPOLLERR | EPOLLHUP)) && !c->pending) on_readable(ep, c);
      /* Hung up while its bytes wait for the peer: nothing else would end it. */
      else if (c->fd >= 0 && (e & (EPOLLERR | EPOLLHUP)) && !c->peer->pending) conn_close(c);
    }
    free_dead();
  }
}

static void serve_udp(int port) {
  int fd = bind_socket(SOCK_DGRAM, port);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN}, out;
  if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll");
  for (;;) {
    if (epoll_wait(ep, &out, 1, -1) < 1) continue;
    /* Drain what is queued (bounded, like a fair multi-socket server). */
    for (int i = 0; i < 64; i++) {
      struct sockaddr_storage from;
      socklen_t fromlen = sizeof from;
      ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
      if (n < 0) break;
      sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, fromlen);
    }
  }
}

int main(int argc, char **argv) {
  int proxy = argc > 2 && !strcmp(argv[1], "proxy");
  if (argc < 2 || (strcmp(argv[1], "tcp") && strcmp(argv[1], "udp") && !proxy)) {
    fprintf(stderr, "usage: c-epoll-echo tcp|udp [port] | proxy UPSTREAM_PORT [port]\n");
    return 2;
  }
  int upstream = proxy ? atoi(argv[2]) : 0;
  int port = argc > 2 + proxy ? atoi(argv[2 + proxy]) : 0;
  struct rlimit rl;
  /* The idle row holds 10,000 connections. */
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  signal(SIGPIPE, SIG_IGN);
  if (!strcmp(argv[1], "udp")) serve_udp(port);
  else serve_tcp(port, upstream);
  return 0;
}
