/* ntt.h — number-theoretic transforms over Goldilocks and low-degree extension.
 * Conventions: a polynomial of n = 2^log_n coefficients c_0..c_{n-1} and its
 * evaluations at w^0..w^{n-1} (w = gl_root_of_unity(log_n)), or at
 * shift * w^i on a coset. All arrays are in NATURAL order on input and output;
 * any bit-reversal is internal (done once per transform).
 *
 * Contract: log_n <= GL_TWO_ADICITY (32), inputs canonical, shift nonzero;
 * a larger log_n leaves the array untouched (no such subgroup exists).
 * Threads: a transform called outside an OpenMP parallel region spreads its
 * large layers over the threads; called inside one it runs on the caller's
 * thread, so callers may parallelise over columns themselves.
 * Implementation (ntt.c): twiddles cached per level, never freed (at most
 * 2^32 entries in all, in practice 2^(log_n) words for the largest size
 * used); the vector path is chosen at run time (AVX-512 for the LDE's
 * 8-column groups, AVX2, scalar): UVM_PORTABLE=1 forces the scalar kernels,
 * UVM_SIMD=portable|avx2|avx512 caps the level; results are identical on
 * every path (the arithmetic is exact). */
#ifndef UVM_NTT_H
#define UVM_NTT_H

#include <stddef.h>

#include "gl.h"

/* "avx512", "avx2" or "portable": the vector path the transforms use in
 * this process (the CPU's best, lowered by UVM_SIMD / UVM_PORTABLE). */
const char *ntt_simd_path(void);

/* coefficients -> evaluations on the subgroup of size 2^log_n, in place */
void ntt_forward(gl_t *a, unsigned log_n);
/* evaluations on the subgroup -> coefficients, in place */
void ntt_inverse(gl_t *a, unsigned log_n);
/* coefficients -> evaluations at shift * w^i, in place */
void ntt_coset_forward(gl_t *a, unsigned log_n, gl_t shift);
/* evaluations at shift * w^i -> coefficients, in place */
void ntt_coset_inverse(gl_t *a, unsigned log_n, gl_t shift);

/* A row-major matrix of field elements: element (r, c) is data[r * cols + c]. */
typedef struct gl_matrix {
    gl_t *data;
    size_t rows, cols;
} gl_matrix;

/* Allocates rows x cols (zeroed, 64-byte aligned; large ones recycled by
 * core_buf.h); returns -1 on OOM or size overflow, leaving m empty. Free with
 * gl_matrix_free (not free()), which accepts an empty or freed matrix. */
int gl_matrix_alloc(gl_matrix *m, size_t rows, size_t cols);
/* The same with unspecified contents, for a caller that writes every cell
 * (no zeroing pass over a recycled block). */
int gl_matrix_alloc_uninit(gl_matrix *m, size_t rows, size_t cols);
void gl_matrix_free(gl_matrix *m);

/* Low-degree extension of every column. Input: `trace` holds evaluations of
 * each column on the subgroup H of size n = trace->rows (a power of two).
 * Output: `out` is allocated here with (n << log_blowup) rows and the same
 * columns, holding each column's interpolant evaluated on the coset
 * shift * H', |H'| = n << log_blowup, natural order (row i at shift * w'^i).
 * Parallel over columns with OpenMP (8-column groups per thread, each in
 * two private buffers of 64 * n and 64 * (n << log_blowup) bytes; on the
 * AVX-512 path with at least one group per thread, only the second).
 * Returns -1 on OOM or bad shape (rows not a power of two, log_blowup > 16,
 * extended size past 2^32), leaving out empty. */
int ntt_lde(const gl_matrix *trace, unsigned log_blowup, gl_t shift, gl_matrix *out);

#endif
