/* What the load generator reads about the server process from /proc: the
 * CPU it burned (so cost per operation can be reported beside throughput)
 * and its resident memory (for the idle-connection row). */
#ifndef LOADGEN_PROCSTAT_H
#define LOADGEN_PROCSTAT_H

#include <sys/types.h>

/* utime+stime of every thread of pid, in microseconds; -1 if unreadable.
 * Resolution is one clock tick (10 ms at the usual USER_HZ of 100). */
long long proc_cpu_us(pid_t pid);
/* VmRSS of pid in KiB; -1 if unreadable. */
long long proc_rss_kb(pid_t pid);
/* This process's own user+system CPU time in microseconds. */
long long self_cpu_us(void);

#endif
