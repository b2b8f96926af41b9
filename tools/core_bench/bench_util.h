/* bench_util.h — the clock and the deterministic input generator shared by the
 * prover/core benchmarks (header-only; each benchmark is one translation unit). */
#ifndef UVM_BENCH_UTIL_H
#define UVM_BENCH_UTIL_H

#include <stdint.h>
#include <time.h>

/* CPU seconds of the whole process (all threads). */
static inline double bench_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* splitmix64: the same inputs on every run. */
static inline uint64_t bench_rng(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

#endif
