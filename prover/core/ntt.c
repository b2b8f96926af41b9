/* ntt.c — radix-2 NTTs over Goldilocks and the column-wise LDE.
 * Forward = decimation-in-frequency (natural in, bit-reversed out) followed by
 * ONE (tiled) bit-reversal pass; inverse = the same with inverse twiddles,
 * scale 1/n. Twiddles w_{2h}^j (j < h) are cached per level, never freed.
 * Transforms recurse until a block fits in L2 (cache-oblivious), skip the
 * multiply where the twiddle is 1, and use AVX2 butterflies (ntt_avx2.c)
 * unless UVM_PORTABLE=1. The LDE works on 8 columns at a time in private
 * contiguous buffers: inverse DIF, one sequential hand-off, DIT (see below);
 * on AVX-512 (core_simd) each group goes to ntt_avx512.c instead, which does
 * the same in radix-16 passes with the gather, hand-off and scatter folded in.
 * Measured with tools/core_bench; choices that did not pay here (radix-4
 * sweeps, a one-pass top-layer block for large transforms) were left out. */
#include "ntt.h"

#include <omp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core_buf.h"
#include "core_env.h"
#include "ntt_avx2.h"
#include "ntt_avx512.h"

/* AVX2 butterflies for 8-column groups unless UVM_PORTABLE=1 (which keeps
 * the scalar kernels below, so tests run both). */
static int use_avx2(void) { return ntt_avx2_enabled(); }

/* ---- twiddle cache: level k holds w_{2^k}^j for j < 2^(k-1) ----
 * w_{2^k} = gl_root_of_unity(k), so level k serves every transform size:
 * the DIF layer with half-width h uses level log2(2h). */
#define TW_INV (GL_TWO_ADICITY + 1) /* tw_get(TW_INV + k): inverse twiddles */
static _Atomic(gl_t *) tw_level[2 * (GL_TWO_ADICITY + 1)];
static pthread_mutex_t tw_lock = PTHREAD_MUTEX_INITIALIZER;

/* The root of level k (k < TW_INV) or its inverse (k >= TW_INV). */
static gl_t tw_root(unsigned k)
{
    return k < TW_INV ? gl_root_of_unity(k) : gl_inv(gl_root_of_unity(k - TW_INV));
}

/* The level-k table, or NULL on OOM (callers then compute powers on the fly). */
static const gl_t *tw_get(unsigned k)
{
    gl_t *t = tw_level[k];
    if (t)
        return t;
    pthread_mutex_lock(&tw_lock);
    t = tw_level[k];
    if (!t) {
        size_t h = (size_t)1 << ((k % TW_INV) - 1);
        t = malloc(h * sizeof *t);
        if (t) {
            gl_t w = tw_root(k), x = 1;
            for (size_t j = 0; j < h; j++, x = gl_mul(x, w))
                t[j] = x;
            tw_level[k] = t;
        }
    }
    pthread_mutex_unlock(&tw_lock);
    return t;
}

/* ---- the fallback path: textbook iterative radix-2, on-the-fly twiddles,
 * used only when a twiddle table cannot be allocated.
 * DIF butterfly: (u, v) -> (u + v, (u - v) w); DIT: (u, v) -> (u + vw, u - vw). */
static void layer_slow(gl_t *a, size_t n, size_t h, size_t S, size_t W, int dit, unsigned inv)
{
    gl_t w = tw_root(inv + (unsigned)__builtin_ctzll(2 * h));
    for (size_t blk = 0; blk < n; blk += 2 * h) {
        gl_t t = 1;
        for (size_t j = 0; j < h; j++, t = gl_mul(t, w)) {
            gl_t *x = a + (blk + j) * S, *y = x + h * S;
            for (size_t c = 0; c < W; c++) {
                gl_t u = x[c], v = y[c];
                if (dit) {
                    v = gl_mul(v, t);
                    x[c] = gl_add(u, v);
                    y[c] = gl_sub(u, v);
                } else {
                    x[c] = gl_add(u, v);
                    y[c] = gl_mul(gl_sub(u, v), t);
                }
            }
        }
    }
}

/* ---- the fast path: cache-oblivious recursive DIF / DIT over W interleaved
 * columns (element i of column c at a[i*S + c]). W is a compile-time constant
 * in each instance so the inner loop unrolls; S is the row stride (S = W for
 * the contiguous buffers the LDE uses: one 64-byte line per row when W = 8). */
#define NTT_BLOCK_BYTES (256u << 10) /* below this a sub-transform stays in L2 */

#define DEFINE_KERNELS(NAME, W)                                                    \
    static void NAME##_dif_layer(gl_t *a, size_t n, size_t h, size_t S, unsigned inv) \
    {                                                                              \
        const gl_t *tw = tw_get(inv + (unsigned)__builtin_ctzll(2 * h));           \
        if (!tw) {                                                                 \
            layer_slow(a, n, h, S, W, 0, inv);                                     \
            return;                                                                \
        }                                                                          \
        if ((W) == 8 && use_avx2()) {                                              \
            ntt_avx2_layer8(a, n, h, S, tw, 0);                                    \
            return;                                                                \
        }                                                                          \
        if ((W) == 1 && S == 1 && h >= 4 && use_avx2()) {                          \
            ntt_avx2_layer1(a, n, h, tw, 0);                                       \
            return;                                                                \
        }                                                                          \
        for (size_t blk = 0; blk < n; blk += 2 * h) {                              \
            gl_t *x = a + blk * S, *y = x + h * S;                                 \
            for (size_t c = 0; c < W; c++) { /* j = 0: twiddle 1 */                \
                gl_t u = x[c], v = y[c];                                           \
                x[c] = gl_add(u, v);                                               \
                y[c] = gl_sub(u, v);                                               \
            }                                                                      \
            for (size_t j = 1; j < h; j++) {                                       \
                gl_t t = tw[j];                                                    \
                gl_t *xj = x + j * S, *yj = y + j * S;                             \
                for (size_t c = 0; c < W; c++) {                                   \
                    gl_t u = xj[c], v = yj[c];                                     \
                    xj[c] = gl_add(u, v);                                          \
                    yj[c] = gl_mul(gl_sub(u, v), t);                               \
                }                                                                  \
            }                                                                      \
        }                                                                          \
    }                                                                              \
    static void NAME##_dit_layer(gl_t *a, size_t n, size_t h, size_t S)            \
    {                                                                              \
        const gl_t *tw = tw_get((unsigned)__builtin_ctzll(2 * h));                 \
        if (!tw) {                                                                 \
            layer_slow(a, n, h, S, W, 1, 0);                                       \
            return;                                                                \
        }                                                                          \
        if ((W) == 8 && use_avx2()) {                                              \
            ntt_avx2_layer8(a, n, h, S, tw, 1);                                    \
            return;                                                                \
        }                                                                          \
        if ((W) == 1 && S == 1 && h >= 4 && use_avx2()) {                          \
            ntt_avx2_layer1(a, n, h, tw, 1);                                       \
            return;                                                                \
        }                                                                          \
        for (size_t blk = 0; blk < n; blk += 2 * h) {                              \
            gl_t *x = a + blk * S, *y = x + h * S;                                 \
            for (size_t c = 0; c < W; c++) {                                       \
                gl_t u = x[c], v = y[c];                                           \
                x[c] = gl_add(u, v);                                               \
                y[c] = gl_sub(u, v);                                               \
            }                                                                      \
            for (size_t j = 1; j < h; j++) {                                       \
                gl_t t = tw[j];                                                    \
                gl_t *xj = x + j * S, *yj = y + j * S;                             \
                for (size_t c = 0; c < W; c++) {                                   \
                    gl_t u = xj[c], v = gl_mul(yj[c], t);                          \
                    xj[c] = gl_add(u, v);                                          \
                    yj[c] = gl_sub(u, v);                                          \
                }                                                                  \
            }                                                                      \
        }                                                                          \
    }                                                                              \
    /* all layers h = n/2 .. 1, top layer first, then each half */                 \
    static void NAME##_dif_rec(gl_t *a, unsigned log_n, size_t S, unsigned inv)    \
    {                                                                              \
        size_t n = (size_t)1 << log_n;                                             \
        if (n * (W) * sizeof(gl_t) <= NTT_BLOCK_BYTES || log_n <= 1) {             \
            for (size_t h = n / 2; h >= 1; h /= 2)                                 \
                NAME##_dif_layer(a, n, h, S, inv);                                 \
            return;                                                                \
        }                                                                          \
        NAME##_dif_layer(a, n, n / 2, S, inv);                                     \
        NAME##_dif_rec(a, log_n - 1, S, inv);                                      \
        NAME##_dif_rec(a + (n / 2) * S, log_n - 1, S, inv);                        \
    }                                                                              \
    /* layers h = 2^skip .. n/2: each half first, then the top layer */            \
    static void NAME##_dit_rec(gl_t *a, unsigned log_n, size_t S, unsigned skip)   \
    {                                                                              \
        size_t n = (size_t)1 << log_n;                                             \
        if (log_n <= skip)                                                         \
            return;                                                                \
        if (n * (W) * sizeof(gl_t) <= NTT_BLOCK_BYTES || log_n <= 1) {             \
            for (size_t h = (size_t)1 << skip; h < n; h *= 2)                      \
                NAME##_dit_layer(a, n, h, S);                                      \
            return;                                                                \
        }                                                                          \
        NAME##_dit_rec(a, log_n - 1, S, skip);                                     \
        NAME##_dit_rec(a + (n / 2) * S, log_n - 1, S, skip);                       \
        NAME##_dit_layer(a, n, n / 2, S);                                          \
    }

DEFINE_KERNELS(k1, 1)
DEFINE_KERNELS(k8, 8)

/* One layer with its butterflies spread over the threads. */
static void layer_par(gl_t *a, size_t n, size_t h, size_t S, size_t W, int dit, unsigned inv)
{
    const gl_t *tw = tw_get(inv + (unsigned)__builtin_ctzll(2 * h));
    if (!tw) {
        layer_slow(a, n, h, S, W, dit, inv);
        return;
    }
    if (W == 1 && S == 1 && use_avx2() && h >= 128) {
        size_t per = h / 32;
#pragma omp parallel for schedule(static)
        for (size_t k = 0; k < (n / (2 * h)) * 32; k++) {
            size_t blk = (k / 32) * 2 * h, j0 = (k % 32) * per;
            ntt_avx2_layer1_range(a + blk, h, tw, dit, j0, j0 + per);
        }
        return;
    }
    if (W == 8 && use_avx2() && h >= 64) {
        /* whole blocks of 2h rows per thread, or slices of one block */
        size_t per = h / 32; /* 64 slices of each half when there is one block */
#pragma omp parallel for schedule(static)
        for (size_t k = 0; k < (n / (2 * h)) * 32; k++) {
            size_t blk = (k / 32) * 2 * h, j0 = (k % 32) * per;
            ntt_avx2_layer8_range(a + blk * S, h, S, tw, dit, j0, j0 + per);
        }
        return;
    }
#pragma omp parallel for schedule(static)
    for (size_t k = 0; k < n / 2; k++) {
        size_t j = k % h;
        gl_t *x = a + ((k / h) * 2 * h + j) * S, *y = x + h * S;
        for (size_t c = 0; c < W; c++) {
            gl_t u = x[c], v = y[c];
            if (dit) {
                v = gl_mul(v, tw[j]);
                x[c] = gl_add(u, v);
                y[c] = gl_sub(u, v);
            } else {
                x[c] = gl_add(u, v);
                y[c] = gl_mul(gl_sub(u, v), tw[j]);
            }
        }
    }
}

/* Threads to use for one transform: 1 inside a parallel region (the caller
 * already parallelises over columns) or for small transforms. */
static int ntt_threads(size_t n, size_t W)
{
    if (omp_in_parallel() || n * W < ((size_t)1 << 15))
        return 1;
    return omp_get_max_threads();
}

/* Forward DIF of W columns (W = 1 or 8): natural in, bit-reversed out. The
 * top `split` layers run spread over threads, then 2^split sub-transforms. */
static void dif_any(gl_t *a, unsigned log_n, size_t S, size_t W, unsigned inv)
{
    size_t n = (size_t)1 << log_n;
    if (log_n == 0)
        return;
    void (*rec)(gl_t *, unsigned, size_t, unsigned) = W == 8 ? k8_dif_rec : k1_dif_rec;
    if (ntt_threads(n, W) <= 1) {
        rec(a, log_n, S, inv);
        return;
    }
    unsigned split = log_n < 3 ? log_n : 3;
    for (unsigned s = 0; s < split; s++)
        layer_par(a, n, n >> (s + 1), S, W, 0, inv);
    size_t parts = (size_t)1 << split, sub = n >> split;
#pragma omp parallel for schedule(dynamic, 1)
    for (size_t p = 0; p < parts; p++)
        rec(a + p * sub * S, log_n - split, S, inv);
}

/* DIT of W columns: bit-reversed in, natural out; the lowest `skip` layers
 * are taken as done (the LDE's zero-padded input makes them copies). */
static void dit_any(gl_t *a, unsigned log_n, size_t S, size_t W, unsigned skip)
{
    size_t n = (size_t)1 << log_n;
    if (log_n <= skip)
        return;
    void (*rec)(gl_t *, unsigned, size_t, unsigned) = W == 8 ? k8_dit_rec : k1_dit_rec;
    if (ntt_threads(n, W) <= 1) {
        rec(a, log_n, S, skip);
        return;
    }
    unsigned split = log_n - skip < 3 ? log_n - skip : 3;
    size_t parts = (size_t)1 << split, sub = n >> split;
#pragma omp parallel for schedule(dynamic, 1)
    for (size_t p = 0; p < parts; p++)
        rec(a + p * sub * S, log_n - split, S, skip);
    for (unsigned s = split; s-- > 0;)
        layer_par(a, n, n >> (s + 1), S, W, 1, 0);
}

/* Reverses the low `bits` bits of i. */
static inline size_t bitrev(size_t i, unsigned bits)
{
    uint64_t x = i;
    x = (x >> 32) | (x << 32);
    x = ((x >> 16) & 0x0000ffff0000ffffull) | ((x & 0x0000ffff0000ffffull) << 16);
    x = ((x >> 8) & 0x00ff00ff00ff00ffull) | ((x & 0x00ff00ff00ff00ffull) << 8);
    x = ((x >> 4) & 0x0f0f0f0f0f0f0f0full) | ((x & 0x0f0f0f0f0f0f0f0full) << 4);
    x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
    x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
    return (size_t)(x >> (64 - bits));
}

/* Bit reversal of one contiguous column in tiles (the element-by-element
 * swap misses the cache on almost every access once n outgrows it). Write
 * i = (x, y, z) with x, z of BR_T bits and y of m bits: bitrev(i) =
 * (rev z, rev y, rev x). So the 2^T x 2^T tile of all (x, z) at middle y
 * maps onto the tile at rev y, transposed with both axes reversed: each pair
 * of tiles is read once (runs of 2^T contiguous elements) and written once. */
#define BR_T 5
static void bitrev_tiled(gl_t *a, unsigned log_n)
{
    const size_t T = (size_t)1 << BR_T;
    unsigned m = log_n - 2 * BR_T;
    size_t M = (size_t)1 << m;
    int par = !omp_in_parallel() && log_n >= 14;
#pragma omp parallel for schedule(dynamic, 64) if (par)
    for (size_t y = 0; y < M; y++) {
        size_t y2 = m ? bitrev(y, m) : 0;
        if (y2 < y)
            continue; /* handled with its partner */
        gl_t ta[1 << (2 * BR_T)], tb[1 << (2 * BR_T)];
        for (size_t x = 0; x < T; x++) {
            memcpy(ta + x * T, a + (((x << m) | y) << BR_T), T * sizeof(gl_t));
            memcpy(tb + x * T, a + (((x << m) | y2) << BR_T), T * sizeof(gl_t));
        }
        /* element (x, y, z) lands at (rev z, rev y, rev x) */
        for (size_t r = 0; r < T; r++) {
            gl_t *d2 = a + (((r << m) | y2) << BR_T), *d = a + (((r << m) | y) << BR_T);
            size_t zr = bitrev(r, BR_T);
            for (size_t k = 0; k < T; k++) {
                size_t xr = bitrev(k, BR_T);
                d2[k] = ta[xr * T + zr];
                d[k] = tb[xr * T + zr];
            }
        }
    }
}

/* Permutes rows i <-> bitrev(i) (each row W elements at stride S). */
static void bitrev_rows(gl_t *a, unsigned log_n, size_t S, size_t W)
{
    size_t n = (size_t)1 << log_n;
    if (log_n < 2)
        return;
    if (W == 1 && S == 1 && log_n >= 2 * BR_T + 2) {
        bitrev_tiled(a, log_n);
        return;
    }
    int par = !omp_in_parallel() && n >= ((size_t)1 << 14);
#pragma omp parallel for schedule(static) if (par)
    for (size_t i = 0; i < n; i++) {
        size_t j = bitrev(i, log_n);
        if (i < j)
            for (size_t c = 0; c < W; c++) {
                gl_t t = a[i * S + c];
                a[i * S + c] = a[j * S + c];
                a[j * S + c] = t;
            }
    }
}

/* Natural-order transform of W interleaved columns with root w (inv = 0) or
 * w^-1 (inv = TW_INV): out_k = sum_i a_i w^(+-ik). */
static void fwd_rows(gl_t *a, unsigned log_n, size_t S, size_t W, unsigned inv)
{
    if (log_n > GL_TWO_ADICITY) /* contract violation: no such subgroup */
        return;
    dif_any(a, log_n, S, W, inv);
    bitrev_rows(a, log_n, S, W);
}

/* a[i] *= f0 * g^i. Parallel in chunks, each starting from f0 * g^start by
 * gl_pow, since a running product is a serial chain of multiplications. */
#define SCALE_CHUNK ((size_t)1 << 14)
static void scale_powers(gl_t *a, size_t n, gl_t f0, gl_t g)
{
    size_t chunks = (n + SCALE_CHUNK - 1) / SCALE_CHUNK;
#pragma omp parallel for schedule(static) if (chunks > 1 && !omp_in_parallel())
    for (size_t ch = 0; ch < chunks; ch++) {
        size_t lo = ch * SCALE_CHUNK, hi = lo + SCALE_CHUNK < n ? lo + SCALE_CHUNK : n;
        gl_t f = gl_mul(f0, gl_pow(g, lo));
        for (size_t i = lo; i < hi; i++, f = gl_mul(f, g))
            a[i] = gl_mul(a[i], f);
    }
}

const char *ntt_simd_path(void)
{
    int l = core_simd();
    return core_simd_name(l == CORE_SIMD_AVX2 && !use_avx2() ? CORE_SIMD_PORTABLE : l);
}

void ntt_forward(gl_t *a, unsigned log_n) { fwd_rows(a, log_n, 1, 1, 0); }

/* c_k = (1/n) sum_i a_i w^-ik: the transform with inverse twiddles, then 1/n
 * (times shift^-k for a coset). */
void ntt_inverse(gl_t *a, unsigned log_n)
{
    if (log_n > GL_TWO_ADICITY)
        return;
    fwd_rows(a, log_n, 1, 1, TW_INV);
    scale_powers(a, (size_t)1 << log_n, gl_inv(gl_from_u64((size_t)1 << log_n)), 1);
}

void ntt_coset_forward(gl_t *a, unsigned log_n, gl_t shift)
{
    if (log_n > GL_TWO_ADICITY)
        return;
    scale_powers(a, (size_t)1 << log_n, 1, shift);
    fwd_rows(a, log_n, 1, 1, 0);
}

void ntt_coset_inverse(gl_t *a, unsigned log_n, gl_t shift)
{
    if (log_n > GL_TWO_ADICITY)
        return;
    fwd_rows(a, log_n, 1, 1, TW_INV);
    scale_powers(a, (size_t)1 << log_n, gl_inv(gl_from_u64((size_t)1 << log_n)), gl_inv(shift));
}

/* ---- matrices ---- */

/* Matrices come from core_buf (recycled large blocks, 64-byte aligned). */
static int matrix_alloc(gl_matrix *m, size_t rows, size_t cols, int zero)
{
    m->data = NULL;
    m->rows = m->cols = 0;
    if (cols && rows > (SIZE_MAX / sizeof(gl_t) - 128) / cols)
        return -1;
    m->data = core_buf_alloc(rows * cols * sizeof(gl_t), zero);
    if (!m->data)
        return -1;
    m->rows = rows;
    m->cols = cols;
    return 0;
}

int gl_matrix_alloc(gl_matrix *m, size_t rows, size_t cols)
{
    return matrix_alloc(m, rows, cols, 1);
}

int gl_matrix_alloc_uninit(gl_matrix *m, size_t rows, size_t cols)
{
    return matrix_alloc(m, rows, cols, 0);
}

void gl_matrix_free(gl_matrix *m)
{
    core_buf_free(m->data);
    m->data = NULL;
    m->rows = m->cols = 0;
}

/* LDE pipeline for W columns c0..c0+W of the trace, in per-thread
 * contiguous buffers (W = 8: one 64-byte line per row; working on the
 * row-major matrix in place would stride 8*cols bytes per row, which maps
 * every row onto the same few cache sets):
 *   gather rows -> DIF_n with inverse twiddles: small[j] = n c_k, k = bitrev(j)
 *   -> one sequential pass: c_k shift^k = small[j] * pwbr[j] goes to DIT
 *      input slot bitrev_N(k) = j << b, copied into the 2^b slots after it
 *      (the b lowest DIT layers of a zero-padded input only copy, so they are
 *      skipped)
 *   -> DIT_N from layer 2^b (natural order out) -> scatter rows.
 * pwbr[j] = shift^bitrev(j) / n is shared by all groups. */
static void lde_group(const gl_matrix *tr, gl_matrix *out, size_t c0, size_t W, unsigned log_n,
                      unsigned b, const gl_t *pwbr, gl_t *small, gl_t *big)
{
    size_t n = (size_t)1 << log_n, N = n << b, cols = tr->cols, rep = (size_t)1 << b;
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < W; c++)
            small[i * W + c] = tr->data[i * cols + c0 + c];
    dif_any(small, log_n, W, W, TW_INV);
    if (W == 8 && use_avx2())
        ntt_avx2_scale_spread8(big, small, pwbr, n, b);
    else
        for (size_t j = 0; j < n; j++)
            for (size_t c = 0; c < W; c++) {
                gl_t v = gl_mul(small[j * W + c], pwbr[j]);
                for (size_t r = 0; r < rep; r++)
                    big[((j << b) + r) * W + c] = v;
            }
    dit_any(big, log_n + b, W, W, b);
    if (W == 8 && use_avx2()) {
        ntt_avx2_store_rows8(out->data + c0, cols, big, N);
        return;
    }
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < W; c++)
            out->data[i * cols + c0 + c] = big[i * W + c];
}

/* pwbr[bitrev(k)] = shift^k / n, in parallel chunks of k. */
static void lde_factors(gl_t *pwbr, unsigned log_n, gl_t shift)
{
    size_t n = (size_t)1 << log_n, chunks = (n + SCALE_CHUNK - 1) / SCALE_CHUNK;
    gl_t inv_n = gl_inv(gl_from_u64(n)); /* n < p, so 1/n exists */
#pragma omp parallel for schedule(static) if (chunks > 1)
    for (size_t ch = 0; ch < chunks; ch++) {
        size_t lo = ch * SCALE_CHUNK, hi = lo + SCALE_CHUNK < n ? lo + SCALE_CHUNK : n;
        gl_t f = gl_mul(inv_n, gl_pow(shift, lo));
        for (size_t k = lo; k < hi; k++, f = gl_mul(f, shift))
            pwbr[log_n ? bitrev(k, log_n) : 0] = f;
    }
}

int ntt_lde(const gl_matrix *trace, unsigned log_blowup, gl_t shift, gl_matrix *out)
{
    size_t n = trace->rows, cols = trace->cols;
    out->data = NULL;
    out->rows = out->cols = 0;
    if (n == 0 || (n & (n - 1)) || log_blowup > 16)
        return -1;
    unsigned log_n = (unsigned)__builtin_ctzll(n);
    if (log_n + log_blowup > GL_TWO_ADICITY || n > (SIZE_MAX >> (log_blowup + 7)))
        return -1;
    size_t N = n << log_blowup;
    gl_t *pwbr = malloc(n * sizeof *pwbr);
    if (!pwbr || gl_matrix_alloc_uninit(out, N, cols)) {
        free(pwbr);
        return -1;
    }
    lde_factors(pwbr, log_n, shift);
    /* AVX-512: the twiddle tables of every level up front (the kernels take
     * them as arrays); a table that cannot be allocated keeps the AVX2 path. */
    const gl_t *tw_inv[GL_TWO_ADICITY + 1] = {0}, *tw_fwd[GL_TWO_ADICITY + 1] = {0};
    int z512 = core_simd() >= CORE_SIMD_AVX512 && log_n >= 1;
    for (unsigned l = 1; z512 && l <= log_n + log_blowup; l++) {
        tw_fwd[l] = tw_get(l);
        tw_inv[l] = l <= log_n ? tw_get(TW_INV + l) : tw_fwd[l];
        z512 = tw_fwd[l] && tw_inv[l];
    }
    size_t groups8 = cols / 8, ngroups = groups8 + cols % 8;
    /* Too few groups to share out: run them in turn, each transform itself
     * parallel (dif_any/dit_any split their layers when not nested). */
    int par = ngroups >= (size_t)omp_get_max_threads();
    int failed = 0;
#pragma omp parallel if (par)
    {
        /* per-thread buffers (recycled by core_buf from the previous LDE).
         * AVX-512 with the groups shared out: one buffer, the kernel keeps
         * its inverse transform in big's first rows (single-column groups use
         * big's tail: 8N >= N + n elements). */
        gl_matrix sm = {0}, bg;
        int one = z512 && par;
        int ok_s = one || gl_matrix_alloc_uninit(&sm, n, 8) == 0;
        int ok_b = gl_matrix_alloc_uninit(&bg, N, 8) == 0;
        gl_t *big = ok_b ? bg.data : NULL;
        gl_t *small = !ok_s ? NULL : !one ? sm.data : big ? big + N : NULL;
        if (!small || !big) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (size_t g = 0; g < ngroups; g++) {
            if (!small || !big)
                continue;
            if (g < groups8 && z512)
                ntt_avx512_lde8(trace->data + 8 * g, cols, out->data + 8 * g, cols, log_n,
                                log_blowup, pwbr, one ? NULL : small, big, tw_inv, tw_fwd);
            else if (g < groups8)
                lde_group(trace, out, 8 * g, 8, log_n, log_blowup, pwbr, small, big);
            else
                lde_group(trace, out, 8 * groups8 + (g - groups8), 1, log_n, log_blowup, pwbr,
                          small, big);
        }
        gl_matrix_free(&sm);
        if (ok_b)
            gl_matrix_free(&bg);
    }
    free(pwbr);
    if (failed) {
        gl_matrix_free(out);
        return -1;
    }
    return 0;
}
