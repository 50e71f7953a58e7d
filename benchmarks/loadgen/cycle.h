/* Many concurrent open → send → receive echo cycles on fresh TCP
 * connections. The connect mode closes each connection when its echo
 * arrives and starts another; the idle mode keeps it open instead. */
#ifndef LOADGEN_CYCLE_H
#define LOADGEN_CYCLE_H

#include <stddef.h>
#include <sys/socket.h>

#include "measure.h"

struct cycle_slot;

struct cycler {
  int ep;
  const struct sockaddr *addr;
  socklen_t addrlen;
  const char *msg;
  size_t msglen;
  struct cycle_slot *slots;
  int nslots;
  long long want; /* completions still wanted; negative = no limit */
  int active;     /* slots with a cycle under way */
  int *held;      /* when set, finished connections are kept here, open */
  size_t nheld;
  struct measure *m;
};

/* Sets up nslots slots and starts as many cycles as `want` allows. */
int cycler_init(struct cycler *cy, int ep, const struct sockaddr *addr, socklen_t addrlen,
                const char *msg, size_t msglen, int nslots, long long want, struct measure *m);
/* Handles one epoll event whose data.u32 is a slot index. */
void cycler_event(struct cycler *cy, unsigned slot, unsigned events);
/* Restarts slots whose last cycle failed; call once per loop turn so that a
 * refused connection is retried on the next turn rather than in a hot loop. */
void cycler_retry(struct cycler *cy);
/* Closes the sockets of cycles under way. */
void cycler_abort(struct cycler *cy);

#endif
