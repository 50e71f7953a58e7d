/* Latency histogram with logarithmic buckets (HDR-style): constant memory,
 * O(1) record, and a bounded relative error, so one can be kept per run
 * without sampling. */
#ifndef LOADGEN_HIST_H
#define LOADGEN_HIST_H

#include <stdint.h>

/* 64 linear sub-buckets per power of two bound the error to 1/64 (~1.6%). */
#define HIST_SUB_BITS 6
#define HIST_SUB (1u << HIST_SUB_BITS)
/* Values are nanoseconds; 2^48 ns (~3 days) is far beyond any run. */
#define HIST_MAX_EXP 47
#define HIST_BUCKETS (2 * HIST_SUB + (HIST_MAX_EXP - HIST_SUB_BITS) * HIST_SUB)

struct hist {
  uint64_t count;
  uint64_t sum;
  uint64_t max;
  uint64_t bucket[HIST_BUCKETS];
};

void hist_reset(struct hist *h);
void hist_add(struct hist *h, uint64_t v);
/* The value at quantile q (0..1), as the midpoint of its bucket; 0 when empty. */
uint64_t hist_quantile(const struct hist *h, double q);

#endif
