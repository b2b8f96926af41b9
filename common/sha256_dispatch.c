/* sha256_dispatch.c — chooses the SHA-256 compression once per process:
 * SHA-NI when the CPU has it (CPUID leaf 7 EBX bit 29, plus SSSE3/SSE4.1) and
 * UVM_PORTABLE is not set to 1; the portable C path otherwise. */
#include "sha256.h"

#include <stdlib.h>

#if defined(UVM_HAVE_SHA_NI)
#include <cpuid.h>
#endif

typedef void (*compress_fn)(uint32_t *, const uint8_t *, size_t);

static int cpu_has_sha_ni(void)
{
#if defined(UVM_HAVE_SHA_NI)
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return 0;
    if (!(c & (1u << 9)) || !(c & (1u << 19))) /* SSSE3, SSE4.1 */
        return 0;
    if (__get_cpuid_max(0, NULL) < 7)
        return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b >> 29) & 1;
#else
    return 0;
#endif
}

static compress_fn choose(void)
{
    const char *e = getenv("UVM_PORTABLE");
    int portable = e && e[0] == '1';
#if defined(UVM_HAVE_SHA_NI)
    if (!portable && cpu_has_sha_ni())
        return sha256_compress_ni;
#endif
    (void)portable;
    return sha256_compress_portable;
}

/* Chosen on first use; every thread computes the same answer, so the race
 * on the first store is benign. */
static _Atomic(compress_fn) chosen;

static compress_fn get(void)
{
    compress_fn f = chosen;
    if (!f) {
        f = choose();
        chosen = f;
    }
    return f;
}

void sha256_compress(uint32_t state[8], const uint8_t *blocks, size_t nblocks)
{
    get()(state, blocks, nblocks);
}

const char *sha256_compress_name(void)
{
    return get() == sha256_compress_portable ? "portable" : "sha-ni";
}
