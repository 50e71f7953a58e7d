/* Native load generator for the gonet benchmarks: one thread, epoll,
 * nonblocking sockets, bounded in time, one JSON report on stdout.
 * Diagnostics go to stderr. */
#define _GNU_SOURCE
#include "loadgen.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"

static void usage(void) {
  fprintf(stderr,
          "usage: loadgen MODE --port PORT [options]\n"
          "modes: pingpong | bulk | connect | udp | idle\n"
          "  --host H          server address, numeric IPv4/IPv6 (127.0.0.1)\n"
          "  -c, --conns C     connections; udp: sockets; connect: concurrent cycles\n"
          "  -m, --msg M       bytes per request / write / datagram\n"
          "  -p, --depth P     requests in flight per connection; udp: datagrams (W)\n"
          "  -w, --warmup S    seconds of load before measuring\n"
          "  -d, --duration S  seconds measured; idle: seconds allowed to establish\n"
          "  -n, --count N     idle: connections to open (10000)\n"
          "  --hold S          idle: seconds to hold them (2)\n"
          "  --ops N           pingpong/bulk: end after N measured requests (or -d, first)\n"
          "  --timeout-ms T    udp: echo deadline before a datagram counts as lost (200)\n"
          "  --server-pid PID  report the server's CPU time (and RSS in idle mode)\n");
}

/* Defaults per mode: the harness passes everything explicitly, these make
 * hand runs sensible. */
static void defaults(struct opts *o) {
  int bulk = strcmp(o->mode, "bulk") == 0, idle = strcmp(o->mode, "idle") == 0, udp = strcmp(o->mode, "udp") == 0;
  o->conns = bulk || udp ? 8 : strcmp(o->mode, "connect") == 0 ? 32 : 64;
  o->msg = bulk ? 65536 : idle ? 1 : 64;
  o->depth = bulk || udp ? 16 : 1;
  o->warmup = 1;
  o->duration = idle ? 30 : 3;
  o->hold = 2;
  o->count = 10000;
  o->timeout_ms = 200;
}

int main(int argc, char **argv) {
  static const struct option longopts[] = {
      {"host", required_argument, 0, 'H'},     {"port", required_argument, 0, 'P'},
      {"conns", required_argument, 0, 'c'},    {"msg", required_argument, 0, 'm'},
      {"depth", required_argument, 0, 'p'},    {"warmup", required_argument, 0, 'w'},
      {"duration", required_argument, 0, 'd'}, {"count", required_argument, 0, 'n'},
      {"hold", required_argument, 0, 'h'},     {"timeout-ms", required_argument, 0, 't'},
      {"server-pid", required_argument, 0, 's'}, {"ops", required_argument, 0, 'o'},
      {0, 0, 0, 0}};
  if (argc < 2 || argv[1][0] == '-') {
    usage();
    return 2;
  }
  struct opts o = {.mode = argv[1]};
  int (*run)(const struct opts *) = NULL;
  if (!strcmp(o.mode, "pingpong") || !strcmp(o.mode, "bulk")) run = run_stream;
  else if (!strcmp(o.mode, "connect")) run = run_connect;
  else if (!strcmp(o.mode, "udp")) run = run_udp;
  else if (!strcmp(o.mode, "idle")) run = run_idle;
  if (!run) {
    usage();
    return 2;
  }
  defaults(&o);
  const char *host = "127.0.0.1";
  int port = 0, opt;
  optind = 2;
  while ((opt = getopt_long(argc, argv, "c:m:p:w:d:n:", longopts, NULL)) != -1) {
    switch (opt) {
      case 'H': host = optarg; break;
      case 'P': port = atoi(optarg); break;
      case 'c': o.conns = atoi(optarg); break;
      case 'm': o.msg = (size_t)strtoull(optarg, NULL, 10); break;
      case 'p': o.depth = atoi(optarg); break;
      case 'w': o.warmup = atof(optarg); break;
      case 'd': o.duration = atof(optarg); break;
      case 'n': o.count = atoi(optarg); break;
      case 'h': o.hold = atof(optarg); break;
      case 't': o.timeout_ms = atoi(optarg); break;
      case 's': o.server_pid = (pid_t)atoi(optarg); break;
      case 'o': o.max_ops = atoll(optarg); break;
      default: usage(); return 2;
    }
  }
  if (port <= 0 || port > 65535 || o.conns <= 0 || o.msg == 0 || o.depth <= 0 || o.count <= 0 || o.max_ops < 0 ||
      o.duration <= 0 || net_addr(host, port, &o.addr, &o.addrlen) != 0) {
    usage();
    return 2;
  }
  /* A peer that resets must surface as an error count, not kill us. */
  signal(SIGPIPE, SIG_IGN);
  net_raise_nofile();
  return run(&o);
}
