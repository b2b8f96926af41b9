/* core_env.h — run-time switches shared by prover/core's files (internal).
 * UVM_PORTABLE=1 in the environment forces the plain reference paths for the
 * NTT and the hashes; UVM_SIMD=portable|avx2|avx512 caps the vector kernels
 * the NTT and gl_vec use at that level (never above what the CPU has), so the
 * tests can exercise every path on one machine. Both are read once per process. */
#ifndef UVM_CORE_ENV_H
#define UVM_CORE_ENV_H

/* 1 if UVM_PORTABLE is set to a value starting with '1', else 0. Thread-safe. */
int core_portable(void);

/* Vector levels, ordered: a level implies the ones below it. */
enum { CORE_SIMD_PORTABLE = 0, CORE_SIMD_AVX2 = 1, CORE_SIMD_AVX512 = 2 };

/* The level the NTT kernels use: the best the CPU has (AVX-512 = F + DQ,
 * AVX2), lowered by UVM_SIMD, and CORE_SIMD_PORTABLE under UVM_PORTABLE=1.
 * An unknown UVM_SIMD value is ignored (the best level). Thread-safe. */
int core_simd(void);

/* "portable", "avx2" or "avx512": the name of a level. */
const char *core_simd_name(int level);

#endif
