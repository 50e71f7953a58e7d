#include "hist.h"

#include <string.h>

void hist_reset(struct hist *h) { memset(h, 0, sizeof *h); }

static unsigned bucket_of(uint64_t v) {
  if (v < 2 * HIST_SUB) return (unsigned)v; /* small values are exact */
  unsigned e = 63u - (unsigned)__builtin_clzll(v);
  unsigned shift = e - HIST_SUB_BITS;
  unsigned m = (unsigned)(v >> shift); /* top 7 bits: HIST_SUB .. 2*HIST_SUB-1 */
  return 2 * HIST_SUB + (e - HIST_SUB_BITS - 1) * HIST_SUB + (m - HIST_SUB);
}

static uint64_t midpoint_of(unsigned idx) {
  if (idx < 2 * HIST_SUB) return idx;
  unsigned k = idx - 2 * HIST_SUB;
  unsigned shift = k / HIST_SUB + 1;
  uint64_t lo = (uint64_t)(HIST_SUB + k % HIST_SUB) << shift;
  return lo + ((uint64_t)1 << shift) / 2;
}

void hist_add(struct hist *h, uint64_t v) {
  const uint64_t top = ((uint64_t)1 << (HIST_MAX_EXP + 1)) - 1;
  if (v > top) v = top;
  h->bucket[bucket_of(v)]++;
  h->count++;
  h->sum += v;
  if (v > h->max) h->max = v;
}

uint64_t hist_quantile(const struct hist *h, double q) {
  if (h->count == 0) return 0;
  /* Nearest rank: the smallest value with at least q of the samples at or below it. */
  double exact = q * (double)h->count;
  uint64_t rank = (uint64_t)exact;
  if ((double)rank < exact) rank++;
  if (rank < 1) rank = 1;
  if (rank > h->count) rank = h->count;
  uint64_t seen = 0;
  for (unsigned i = 0; i < HIST_BUCKETS; i++) {
    seen += h->bucket[i];
    if (seen >= rank) return midpoint_of(i);
  }
  return h->max;
}
