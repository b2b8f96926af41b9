/* core_env.c — reads UVM_PORTABLE and UVM_SIMD once and asks the CPU what it
 * has; later calls return the cached values. */
#include "core_env.h"

#include <stdlib.h>
#include <string.h>

int core_portable(void)
{
    /* -1 = not read yet; a benign race: every thread computes the same value. */
    static _Atomic int cached = -1;
    int v = cached;
    if (v < 0) {
        const char *e = getenv("UVM_PORTABLE");
        v = e && e[0] == '1';
        cached = v;
    }
    return v;
}

/* The best level this CPU runs (and this compiler can target). */
static int cpu_simd(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq"))
        return CORE_SIMD_AVX512;
    if (__builtin_cpu_supports("avx2"))
        return CORE_SIMD_AVX2;
#endif
    return CORE_SIMD_PORTABLE;
}

int core_simd(void)
{
    static _Atomic int cached = -1;
    int v = cached;
    if (v < 0) {
        v = core_portable() ? CORE_SIMD_PORTABLE : cpu_simd();
        const char *e = getenv("UVM_SIMD");
        for (int l = CORE_SIMD_PORTABLE; e && l <= CORE_SIMD_AVX512; l++)
            if (!strcmp(e, core_simd_name(l)) && l < v)
                v = l;
        cached = v;
    }
    return v;
}

const char *core_simd_name(int level)
{
    return level >= CORE_SIMD_AVX512 ? "avx512" : level == CORE_SIMD_AVX2 ? "avx2" : "portable";
}
