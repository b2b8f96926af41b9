/* ntt_avx2.h — AVX2 butterflies for 8 interleaved columns (internal to
 * prover/core). Only called when ntt_avx2_available() says the CPU has AVX2
 * and UVM_PORTABLE is not set; results equal the scalar kernels bit for bit. */
#ifndef UVM_NTT_AVX2_H
#define UVM_NTT_AVX2_H

#include <stddef.h>

#include "gl.h"

/* 1 if the CPU has AVX2 and the build could target it. */
int ntt_avx2_available(void);

/* 1 if the AVX2 kernels are to be used: available, UVM_PORTABLE not set and
 * UVM_SIMD not below avx2 (core_simd; the NTT and gl_vec choose by it, so
 * tests run every path). Thread-safe. */
int ntt_avx2_enabled(void);

/* One radix-2 layer of half-width h over n rows of 8 columns (row i at
 * a + i*S), twiddles tw[j] = w_{2h}^j. dit = 0: (u,v) -> (u+v, (u-v)w);
 * dit = 1: (u,v) -> (u+vw, u-vw). */
void ntt_avx2_layer8(gl_t *a, size_t n, size_t h, size_t S, const gl_t *tw, int dit);

/* The butterflies j0 <= j < j1 of one block of 2h rows starting at a. */
void ntt_avx2_layer8_range(gl_t *a, size_t h, size_t S, const gl_t *tw, int dit, size_t j0,
                           size_t j1);

/* One layer over a single contiguous column (S = 1); requires h >= 4. */
void ntt_avx2_layer1(gl_t *a, size_t n, size_t h, const gl_t *tw, int dit);

/* The butterflies j0 <= j < j1 (multiples of 4) of one block of 2h values. */
void ntt_avx2_layer1_range(gl_t *a, size_t h, const gl_t *tw, int dit, size_t j0, size_t j1);

/* dst[i*stride + c] = src[8i + c] for i < rows, c < 8 (streaming stores). */
void ntt_avx2_store_rows8(gl_t *dst, size_t stride, const gl_t *src, size_t rows);

/* big[((j << b) + r) * 8 + c] = small[8j + c] * f[j] for j < n, r < 2^b, c < 8. */
void ntt_avx2_scale_spread8(gl_t *big, const gl_t *small, const gl_t *f, size_t n, unsigned b);

/* Element-wise ops on 4 lanes, exposed for tests: out = a+b, a-b, a*b. */
void gl_avx2_ops4(const gl_t a[4], const gl_t b[4], gl_t add[4], gl_t sub[4], gl_t mul[4]);

#endif
