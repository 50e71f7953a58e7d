/* Socket helpers shared by the modes. */
#ifndef LOADGEN_NET_H
#define LOADGEN_NET_H

#include <stdint.h>
#include <sys/socket.h>

/* Parses a numeric IPv4/IPv6 host and a port. Returns 0 on success. */
int net_addr(const char *host, int port, struct sockaddr_storage *ss, socklen_t *len);
/* A connected, nonblocking TCP socket with TCP_NODELAY, connected with a
 * blocking connect bounded by timeout_ms. Returns the fd or -1. */
int net_dial_tcp(const struct sockaddr *addr, socklen_t len, int timeout_ms);
/* Registers fd with the epoll set ep; returns 0 or -1. */
int net_watch(int ep, int op, int fd, uint32_t events, uint64_t data);
/* Raises the soft open-file limit to the hard one: the idle row holds
 * 10,000 sockets, far above the usual soft limit of 1,024. */
void net_raise_nofile(void);

#endif
