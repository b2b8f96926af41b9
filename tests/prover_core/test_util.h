/* test_util.h — shared helpers for prover/core tests: a seeded PRNG and a
 * slow reference Goldilocks arithmetic (unsigned __int128 %), independent of
 * the code under test. */
#ifndef UVM_TEST_UTIL_H
#define UVM_TEST_UTIL_H

#include <stdint.h>

#define REF_P 0xffffffff00000001ull

static inline uint64_t rng_next(uint64_t *s) /* splitmix64 */
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline uint64_t rng_fe(uint64_t *s) { return rng_next(s) % REF_P; }

static inline uint64_t ref_add(uint64_t a, uint64_t b)
{
    return (uint64_t)(((unsigned __int128)a + b) % REF_P);
}
static inline uint64_t ref_sub(uint64_t a, uint64_t b)
{
    return (uint64_t)(((unsigned __int128)a + REF_P - b % REF_P) % REF_P);
}
static inline uint64_t ref_mul(uint64_t a, uint64_t b)
{
    return (uint64_t)(((unsigned __int128)a * b) % REF_P);
}
static inline uint64_t ref_pow(uint64_t a, uint64_t e)
{
    uint64_t r = 1;
    a %= REF_P;
    for (; e; e >>= 1, a = ref_mul(a, a))
        if (e & 1)
            r = ref_mul(r, a);
    return r;
}
/* Horner evaluation of c[0..n) at x. */
static inline uint64_t ref_eval(const uint64_t *c, size_t n, uint64_t x)
{
    uint64_t r = 0;
    for (size_t i = n; i-- > 0;)
        r = ref_add(ref_mul(r, x), c[i]);
    return r;
}
/* An element of order exactly 2^k computed from scratch: 7 generates F_p^*. */
static inline uint64_t ref_root(unsigned k) { return ref_pow(7, (REF_P - 1) >> k); }

#endif
