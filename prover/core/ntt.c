/* ntt.c — radix-2 NTTs over Goldilocks and the column-wise LDE.
 * Forward = decimation-in-frequency (natural in, bit-reversed out) followed by
 * ONE bit-reversal pass; inverse = forward, index negation k -> -k, scale 1/n.
 * Twiddles w_{2h}^j (j < h) are cached per level h and never freed. */
#include "ntt.h"

#include <omp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core_env.h"

/* ---- twiddle cache: level k holds w_{2^k}^j for j < 2^(k-1) ----
 * w_{2^k} = gl_root_of_unity(k), so level k serves every transform size:
 * the DIF layer with half-width h uses level log2(2h). */
static _Atomic(gl_t *) tw_level[GL_TWO_ADICITY + 1];
static pthread_mutex_t tw_lock = PTHREAD_MUTEX_INITIALIZER;

/* The level-k table, or NULL on OOM (callers then compute powers on the fly). */
static const gl_t *tw_get(unsigned k)
{
    gl_t *t = tw_level[k];
    if (t)
        return t;
    pthread_mutex_lock(&tw_lock);
    t = tw_level[k];
    if (!t) {
        size_t h = (size_t)1 << (k - 1);
        t = malloc(h * sizeof *t);
        if (t) {
            gl_t w = gl_root_of_unity(k), x = 1;
            for (size_t j = 0; j < h; j++, x = gl_mul(x, w))
                t[j] = x;
            tw_level[k] = t;
        }
    }
    pthread_mutex_unlock(&tw_lock);
    return t;
}

/* ---- the reference path: textbook iterative radix-2, on-the-fly twiddles.
 * Used when UVM_PORTABLE=1 and whenever a twiddle table cannot be allocated. */
static void dif_layer_slow(gl_t *a, size_t n, size_t h, size_t S, size_t W)
{
    gl_t w = gl_root_of_unity((unsigned)__builtin_ctzll(2 * h));
    for (size_t blk = 0; blk < n; blk += 2 * h) {
        gl_t t = 1;
        for (size_t j = 0; j < h; j++, t = gl_mul(t, w)) {
            gl_t *x = a + (blk + j) * S, *y = x + h * S;
            for (size_t c = 0; c < W; c++) {
                gl_t u = x[c], v = y[c];
                x[c] = gl_add(u, v);
                y[c] = gl_mul(gl_sub(u, v), t);
            }
        }
    }
}

/* ---- the fast path: cache-oblivious recursive DIF over W interleaved
 * columns (element i of column c at a[i*S + c]). W is a compile-time constant
 * in each instance so the inner loop unrolls; S is the row stride. */
#define NTT_BLOCK_BYTES (256u << 10) /* below this a sub-transform stays in L2 */

#define DEFINE_DIF(NAME, W)                                                        \
    static void NAME##_layer(gl_t *a, size_t n, size_t h, size_t S)                \
    {                                                                              \
        const gl_t *tw = tw_get((unsigned)__builtin_ctzll(2 * h));                 \
        if (!tw) {                                                                 \
            dif_layer_slow(a, n, h, S, W);                                         \
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
    static void NAME##_rec(gl_t *a, unsigned log_n, size_t S)                      \
    {                                                                              \
        size_t n = (size_t)1 << log_n;                                             \
        if (n * (W) * sizeof(gl_t) <= NTT_BLOCK_BYTES || log_n <= 1) {             \
            for (size_t h = n / 2; h >= 1; h /= 2)                                 \
                NAME##_layer(a, n, h, S);                                          \
            return;                                                                \
        }                                                                          \
        NAME##_layer(a, n, n / 2, S);                                              \
        NAME##_rec(a, log_n - 1, S);                                               \
        NAME##_rec(a + (n / 2) * S, log_n - 1, S);                                 \
    }

DEFINE_DIF(dif1, 1)
DEFINE_DIF(dif8, 8)

/* Forward DIF of W columns (W = 1 or 8), bit-reversed output. Splits the
 * top layers across threads when called outside a parallel region. */
static void dif_any(gl_t *a, unsigned log_n, size_t S, size_t W)
{
    size_t n = (size_t)1 << log_n;
    if (log_n == 0)
        return;
    if (core_portable()) {
        for (size_t h = n / 2; h >= 1; h /= 2)
            dif_layer_slow(a, n, h, S, W);
        return;
    }
    void (*rec)(gl_t *, unsigned, size_t) = W == 8 ? dif8_rec : dif1_rec;
    int threads = omp_in_parallel() ? 1 : omp_get_max_threads();
    if (threads <= 1 || n * W < ((size_t)1 << 15)) {
        rec(a, log_n, S);
        return;
    }
    /* The top `split` layers run with their butterflies spread over threads,
     * then 2^split independent sub-transforms run one per thread. */
    unsigned split = log_n < 3 ? log_n : 3;
    for (unsigned s = 0; s < split; s++) {
        size_t h = n >> (s + 1);
        const gl_t *tw = tw_get((unsigned)__builtin_ctzll(2 * h));
        if (!tw) {
            dif_layer_slow(a, n, h, S, W);
            continue;
        }
#pragma omp parallel for schedule(static)
        for (size_t k = 0; k < n / 2; k++) {
            size_t blk = (k / h) * 2 * h, j = k % h;
            gl_t *x = a + (blk + j) * S, *y = x + h * S;
            for (size_t c = 0; c < W; c++) {
                gl_t u = x[c], v = y[c];
                x[c] = gl_add(u, v);
                y[c] = gl_mul(gl_sub(u, v), tw[j]);
            }
        }
    }
    size_t parts = (size_t)1 << split, sub = n >> split;
#pragma omp parallel for schedule(dynamic, 1)
    for (size_t p = 0; p < parts; p++)
        rec(a + p * sub * S, log_n - split, S);
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

/* Permutes rows i <-> bitrev(i) (each row W elements at stride S). */
static void bitrev_rows(gl_t *a, unsigned log_n, size_t S, size_t W)
{
    size_t n = (size_t)1 << log_n;
    if (log_n < 2)
        return;
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

/* Natural-order forward transform of W interleaved columns. */
static void fwd_rows(gl_t *a, unsigned log_n, size_t S, size_t W)
{
    dif_any(a, log_n, S, W);
    bitrev_rows(a, log_n, S, W);
}

/* After a forward transform of evaluations: coefficient k = A[-k] / n, times
 * an optional factor g^k (g = 1 for a plain inverse, shift^-1 for a coset
 * inverse, shift for the LDE's move onto the coset). */
static void negate_scale_rows(gl_t *a, unsigned log_n, size_t S, size_t W, gl_t g)
{
    size_t n = (size_t)1 << log_n;
    for (size_t i = 1, j = n - 1; i < j; i++, j--)
        for (size_t c = 0; c < W; c++) {
            gl_t t = a[i * S + c];
            a[i * S + c] = a[j * S + c];
            a[j * S + c] = t;
        }
    gl_t f = gl_inv(gl_from_u64(n)); /* n < p, so n^-1 exists */
    for (size_t i = 0; i < n; i++, f = gl_mul(f, g))
        for (size_t c = 0; c < W; c++)
            a[i * S + c] = gl_mul(a[i * S + c], f);
}

static void scale_powers(gl_t *a, size_t n, gl_t g)
{
    gl_t f = 1;
    for (size_t i = 0; i < n; i++, f = gl_mul(f, g))
        a[i] = gl_mul(a[i], f);
}

void ntt_forward(gl_t *a, unsigned log_n) { fwd_rows(a, log_n, 1, 1); }

void ntt_inverse(gl_t *a, unsigned log_n)
{
    fwd_rows(a, log_n, 1, 1);
    negate_scale_rows(a, log_n, 1, 1, 1);
}

void ntt_coset_forward(gl_t *a, unsigned log_n, gl_t shift)
{
    scale_powers(a, (size_t)1 << log_n, shift);
    fwd_rows(a, log_n, 1, 1);
}

void ntt_coset_inverse(gl_t *a, unsigned log_n, gl_t shift)
{
    fwd_rows(a, log_n, 1, 1);
    negate_scale_rows(a, log_n, 1, 1, gl_inv(shift));
}

/* ---- matrices ---- */

/* calloc keeps large allocations lazily zeroed (fresh mmap pages); we align
 * by hand and keep the raw pointer just below the data for gl_matrix_free. */
int gl_matrix_alloc(gl_matrix *m, size_t rows, size_t cols)
{
    m->data = NULL;
    m->rows = m->cols = 0;
    if (cols && rows > (SIZE_MAX / sizeof(gl_t) - 128) / cols)
        return -1;
    size_t bytes = rows * cols * sizeof(gl_t);
    char *raw = calloc(1, bytes + 128);
    if (!raw)
        return -1;
    uintptr_t p = ((uintptr_t)raw + sizeof(void *) + 63) & ~(uintptr_t)63;
    ((void **)p)[-1] = raw;
    if (bytes >= ((size_t)64 << 20)) /* huge pages cut the page-fault cost */
        madvise((void *)(((uintptr_t)p + 4095) & ~(uintptr_t)4095), bytes > 4096 ? bytes - 4096 : 0,
                MADV_HUGEPAGE);
    m->data = (gl_t *)p;
    m->rows = rows;
    m->cols = cols;
    return 0;
}

void gl_matrix_free(gl_matrix *m)
{
    if (m->data)
        free(((void **)m->data)[-1]);
    m->data = NULL;
    m->rows = m->cols = 0;
}

/* LDE of W columns that sit at column offset 0 of `o` (stride S = o->cols),
 * whose first n rows already hold the trace evaluations. */
static void lde_group(gl_t *o, unsigned log_n, unsigned log_blowup, size_t S, size_t W,
                      gl_t shift)
{
    size_t n = (size_t)1 << log_n, N = n << log_blowup;
    fwd_rows(o, log_n, S, W);
    negate_scale_rows(o, log_n, S, W, shift); /* coefficients c_k * shift^k */
    for (size_t i = n; i < N; i++)
        memset(o + i * S, 0, W * sizeof(gl_t));
    fwd_rows(o, log_n + log_blowup, S, W);
}

int ntt_lde(const gl_matrix *trace, unsigned log_blowup, gl_t shift, gl_matrix *out)
{
    size_t n = trace->rows, cols = trace->cols;
    if (n == 0 || (n & (n - 1)) || log_blowup > 16)
        return -1;
    unsigned log_n = (unsigned)__builtin_ctzll(n);
    if (log_n + log_blowup > GL_TWO_ADICITY || n > (SIZE_MAX >> log_blowup))
        return -1;
    if (gl_matrix_alloc(out, n << log_blowup, cols))
        return -1;
    gl_t *o = out->data;
    /* Copy the trace into the top rows of out; the transforms then run in
     * place, 8 columns (one 64-byte line per row) at a time. */
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; i++)
        memcpy(o + i * cols, trace->data + i * cols, cols * sizeof(gl_t));
    size_t groups8 = cols / 8, rest = cols % 8;
    /* Too few groups to share out: run them in turn, each transform itself
     * parallel (dif_any splits its top layers when not nested). */
    int par = groups8 + rest >= (size_t)omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) if (par)
    for (size_t g = 0; g < groups8 + rest; g++) {
        if (g < groups8)
            lde_group(o + 8 * g, log_n, log_blowup, cols, 8, shift);
        else
            lde_group(o + 8 * groups8 + (g - groups8), log_n, log_blowup, cols, 1, shift);
    }
    return 0;
}
