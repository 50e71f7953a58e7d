/* The measured window of a run: counters and latencies recorded during the
 * warmup are thrown away, and the server's CPU time is sampled exactly at
 * the window's edges, so CPU per operation covers the same operations that
 * are counted. */
#ifndef LOADGEN_MEASURE_H
#define LOADGEN_MEASURE_H

#include <stdint.h>
#include <sys/types.h>

#include "hist.h"

struct measure {
  pid_t server;
  uint64_t warm_end, end; /* monotonic ns; the window is [warm_end, end) */
  int measuring;
  uint64_t max_ops; /* 0, or the window also closes once this many ops are counted */
  uint64_t ops, bytes, errors, lost;
  struct hist lat;
  uint64_t t0, t1;
  long long srv0, srv1, self0, self1;
};

/* Starts the clock: warmup seconds of unrecorded load, then duration seconds measured. */
void measure_init(struct measure *m, pid_t server, double warmup, double duration);
/* Call from the event loop; opens the window when the warmup ends.
 * Returns 0 once the measured duration is over (and closes the window). */
int measure_tick(struct measure *m, uint64_t now);
/* Explicit window edges for modes that are not time-driven (idle). */
void measure_begin(struct measure *m, uint64_t now);
void measure_end(struct measure *m, uint64_t now);

static inline void measure_op(struct measure *m, uint64_t latency_ns, uint64_t bytes) {
  m->ops++;
  m->bytes += bytes;
  hist_add(&m->lat, latency_ns);
}

/* Prints the report as one JSON object on stdout. `extra` is either NULL or
 * further `"key": value` members, comma-separated, without braces. */
void measure_report(const struct measure *m, const char *mode, const char *params, const char *extra);

#endif
