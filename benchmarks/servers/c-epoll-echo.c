/* Minimal single-threaded epoll echo server, TCP or UDP: the native ceiling
 * the benchmark rows are read against. It does the least a correct server
 * must: one read and one write per message, level-triggered, no batching
 * tricks. Usage: c-epoll-echo tcp|udp [port]; prints the port, runs until
 * killed. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
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

/* A connection whose last echo did not fit in the socket buffer keeps the
 * rest here and stops reading until it is written: backpressure. */
struct conn {
  int fd;
  char *pending;
  size_t off, len;
};

static char buf[BUF_SIZE];

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

static void conn_close(struct conn *c) {
  close(c->fd); /* also leaves the epoll set */
  free(c->pending);
  free(c);
}

static void watch(int ep, int op, struct conn *c, uint32_t events) {
  struct epoll_event ev = {.events = events, .data.ptr = c};
  if (epoll_ctl(ep, op, c->fd, &ev) < 0) die("epoll_ctl");
}

static void accept_all(int ep, int lfd) {
  for (;;) {
    int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return; /* EAGAIN, or a transient error such as ECONNABORTED */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct conn *c = calloc(1, sizeof *c);
    if (!c) die("calloc");
    c->fd = fd;
    watch(ep, EPOLL_CTL_ADD, c, EPOLLIN);
  }
}

static void on_writable(int ep, struct conn *c) {
  ssize_t w = write(c->fd, c->pending + c->off, c->len - c->off);
  if (w < 0 && errno == EAGAIN) return;
  if (w <= 0) {
    conn_close(c);
    return;
  }
  c->off += (size_t)w;
  if (c->off < c->len) return;
  free(c->pending);
  c->pending = NULL;
  watch(ep, EPOLL_CTL_MOD, c, EPOLLIN);
}

static void on_readable(int ep, struct conn *c) {
  ssize_t n = read(c->fd, buf, sizeof buf);
  if (n < 0 && errno == EAGAIN) return;
  if (n <= 0) {
    conn_close(c);
    return;
  }
  ssize_t w = write(c->fd, buf, (size_t)n);
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
  watch(ep, EPOLL_CTL_MOD, c, EPOLLOUT);
}

static void serve_tcp(int port) {
  int lfd = bind_socket(SOCK_STREAM, port);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL}, evs[256];
  if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0) die("epoll");
  for (;;) {
    int n = epoll_wait(ep, evs, 256, -1);
    for (int i = 0; i < n; i++) {
      struct conn *c = evs[i].data.ptr;
      if (!c) accept_all(ep, lfd);
      else if (c->pending) on_writable(ep, c);
      else on_readable(ep, c);
    }
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
  if (argc < 2 || (strcmp(argv[1], "tcp") && strcmp(argv[1], "udp"))) {
    fprintf(stderr, "usage: c-epoll-echo tcp|udp [port]\n");
    return 2;
  }
  int port = argc > 2 ? atoi(argv[2]) : 0;
  struct rlimit rl;
  /* The idle row holds 10,000 connections. */
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  signal(SIGPIPE, SIG_IGN);
  if (!strcmp(argv[1], "tcp")) serve_tcp(port);
  else serve_udp(port);
  return 0;
}
