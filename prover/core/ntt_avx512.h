/* ntt_avx512.h — the AVX-512 LDE of 8 interleaved columns (internal to
 * prover/core). Call only when core_simd() >= CORE_SIMD_AVX512; results equal
 * the scalar and AVX2 paths bit for bit. */
#ifndef UVM_NTT_AVX512_H
#define UVM_NTT_AVX512_H

#include <stddef.h>

#include "gl.h"

/* The LDE of 8 columns, n = 2^log_n >= 2 rows: src row i is the 8 elements at
 * src + i * src_stride (evaluations on the subgroup); dst row i (of n << b)
 * at dst + i * dst_stride receives the interpolant at shift * w'^i.
 * pwbr[j] = shift^bitrev(j) / n (n entries); small (8n) and big (8n << b) are
 * scratch; small may be NULL (the inverse transform then lives in big's first
 * n rows, and the passes run on the caller's thread only); tw_inv[l] / tw_fwd[l] hold w_{2^l}^-j / w_{2^l}^j for j < 2^(l-1),
 * l = 1..log_n (+ b for tw_fwd). Spreads its passes over the threads unless
 * called inside a parallel region. */
void ntt_avx512_lde8(const gl_t *src, size_t src_stride, gl_t *dst, size_t dst_stride,
                     unsigned log_n, unsigned b, const gl_t *pwbr, gl_t *small, gl_t *big,
                     const gl_t *const *tw_inv, const gl_t *const *tw_fwd);

#endif
