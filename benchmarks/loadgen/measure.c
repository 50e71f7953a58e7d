#include "measure.h"

#include <stdio.h>
#include <string.h>

#include "loadgen.h"
#include "procstat.h"

void measure_init(struct measure *m, pid_t server, double warmup, double duration) {
  memset(m, 0, sizeof *m);
  m->server = server;
  uint64_t now = now_ns();
  m->warm_end = now + (uint64_t)(warmup * 1e9);
  m->end = m->warm_end + (uint64_t)(duration * 1e9);
  if (warmup <= 0) measure_begin(m, now);
}

void measure_begin(struct measure *m, uint64_t now) {
  m->ops = m->bytes = m->errors = m->lost = 0;
  hist_reset(&m->lat);
  m->measuring = 1;
  m->t0 = now;
  m->srv0 = m->server ? proc_cpu_us(m->server) : -1;
  m->self0 = self_cpu_us();
}

void measure_end(struct measure *m, uint64_t now) {
  m->measuring = 0;
  m->t1 = now;
  m->srv1 = m->server ? proc_cpu_us(m->server) : -1;
  m->self1 = self_cpu_us();
}

int measure_tick(struct measure *m, uint64_t now) {
  if (!m->measuring && m->t1 == 0 && now >= m->warm_end) measure_begin(m, now);
  if (m->measuring && (now >= m->end || (m->max_ops && m->ops >= m->max_ops))) {
    measure_end(m, now);
    return 0;
  }
  return m->t1 == 0;
}

static double us(uint64_t ns) { return (double)ns / 1000.0; }

void measure_report(const struct measure *m, const char *mode, const char *params, const char *extra) {
  double secs = (double)(m->t1 - m->t0) / 1e9;
  if (secs <= 0) secs = 1e-9;
  printf("{\"mode\": \"%s\", %s, \"duration_s\": %.4f, \"ops\": %llu, \"ops_per_sec\": %.1f, "
         "\"bytes\": %llu, \"mb_per_sec\": %.2f, \"errors\": %llu, \"lost\": %llu, ",
         mode, params, secs, (unsigned long long)m->ops, (double)m->ops / secs,
         (unsigned long long)m->bytes, (double)m->bytes / 1e6 / secs,
         (unsigned long long)m->errors, (unsigned long long)m->lost);
  printf("\"latency_us\": {\"p50\": %.1f, \"p99\": %.1f, \"p999\": %.1f, \"max\": %.1f, \"mean\": %.1f}, ",
         us(hist_quantile(&m->lat, 0.5)), us(hist_quantile(&m->lat, 0.99)),
         us(hist_quantile(&m->lat, 0.999)), us(m->lat.max),
         m->lat.count ? us(m->lat.sum / m->lat.count) : 0.0);
  if (m->srv0 >= 0 && m->srv1 >= 0) {
    long long cpu = m->srv1 - m->srv0;
    printf("\"server_cpu_us\": %lld, \"server_cpu_us_per_op\": %.3f, ", cpu,
           m->ops ? (double)cpu / (double)m->ops : 0.0);
  } else {
    printf("\"server_cpu_us\": null, \"server_cpu_us_per_op\": null, ");
  }
  printf("\"loadgen_cpu_us\": %lld%s%s}\n", m->self1 - m->self0, extra ? ", " : "", extra ? extra : "");
  fflush(stdout);
}
