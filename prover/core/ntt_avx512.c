/* ntt_avx512.c — the LDE of 8 interleaved columns on AVX-512: one row of 8
 * columns is one 64-byte register (one cache line), and the transforms run in
 * radix-2^k passes (k <= 4) that keep 2^k rows in registers, so a transform of
 * 2^L rows makes ceil(L/4) passes over memory instead of L. The gather from the
 * trace, the coset scaling with the zero-padding spread, and the scatter into
 * the output are folded into the first and last passes (no separate copies).
 * Every function is compiled for AVX-512F/DQ by attribute, so the rest of the
 * library stays baseline x86-64; callers check core_simd() first. Arithmetic
 * is exact and canonical (inputs < p give outputs < p), so results equal the
 * scalar and AVX2 kernels bit for bit. */
#include "ntt_avx512.h"

#include <omp.h>
#include <stdint.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f,avx512dq")))
#define INL inline __attribute__((always_inline))

/* a + b = a - (p - b): p - b is in [1, p], and a borrow means a + b < p, so
 * adding p back (mod 2^64) gives a + b. */
AVX512 static INL __m512i z_add(__m512i a, __m512i b)
{
    const __m512i P = _mm512_set1_epi64((long long)GL_P);
    __m512i nb = _mm512_sub_epi64(P, b), t = _mm512_sub_epi64(a, nb);
    return _mm512_mask_add_epi64(t, _mm512_cmplt_epu64_mask(a, nb), t, P);
}

/* a - b, plus p (mod 2^64) when it borrows: a - b + p is in [1, p). */
AVX512 static INL __m512i z_sub(__m512i a, __m512i b)
{
    const __m512i P = _mm512_set1_epi64((long long)GL_P);
    __m512i d = _mm512_sub_epi64(a, b);
    return _mm512_mask_add_epi64(d, _mm512_cmplt_epu64_mask(a, b), d, P);
}

/* a * b with bh = b >> 32. The 128-bit product hi * 2^64 + lo from four 32x32
 * products, then with 2^64 = EPS (mod p) and 2^96 = -1:
 * lo + 2^64 (hl32 + 2^32 hh32) = lo - hh32 + EPS hl32, where a borrow of
 * lo - hh32 is 2^64 too many (subtract EPS) and a carry of the sum 2^64 too
 * few (add EPS); neither correction wraps. One conditional - p makes it
 * canonical. */
AVX512 static INL __m512i z_mul(__m512i a, __m512i b, __m512i bh)
{
    const __m512i M32 = _mm512_set1_epi64(0xffffffffll), EPS = M32;
    const __m512i P = _mm512_set1_epi64((long long)GL_P);
    __m512i ah = _mm512_srli_epi64(a, 32);
    __m512i ll = _mm512_mul_epu32(a, b), lh = _mm512_mul_epu32(a, bh);
    __m512i hl = _mm512_mul_epu32(ah, b), hh = _mm512_mul_epu32(ah, bh);
    __m512i t = _mm512_add_epi64(hl, _mm512_srli_epi64(ll, 32)); /* < 2^64 */
    __m512i u = _mm512_add_epi64(lh, _mm512_and_si512(t, M32));  /* < 2^64 */
    __m512i lo = _mm512_mask_blend_epi32(0xAAAA, ll, _mm512_slli_epi64(u, 32));
    __m512i hi = _mm512_add_epi64(_mm512_add_epi64(hh, _mm512_srli_epi64(t, 32)),
                                  _mm512_srli_epi64(u, 32));
    __m512i hh32 = _mm512_srli_epi64(hi, 32), hl32 = _mm512_and_si512(hi, M32);
    __m512i t0 = _mm512_sub_epi64(lo, hh32);
    t0 = _mm512_mask_sub_epi64(t0, _mm512_cmplt_epu64_mask(lo, hh32), t0, EPS);
    __m512i t1 = _mm512_sub_epi64(_mm512_slli_epi64(hl32, 32), hl32); /* hl32 * EPS */
    __m512i r = _mm512_add_epi64(t0, t1);
    r = _mm512_mask_add_epi64(r, _mm512_cmplt_epu64_mask(r, t1), r, EPS);
    return _mm512_mask_sub_epi64(r, _mm512_cmpge_epu64_mask(r, P), r, P);
}

AVX512 static INL __m512i z_bcast_mul(__m512i a, gl_t w)
{
    __m512i T = _mm512_set1_epi64((long long)w);
    return z_mul(a, T, _mm512_srli_epi64(T, 32));
}

/* A set of rows of 8 elements: logical row R lives at p + (R >> b) * S and,
 * when f is set, is multiplied by f[R >> b] on load (b > 0 repeats each stored
 * row 2^b times: the LDE's zero-padded, bit-reversed DIT input). Stores go to
 * p + R * S (b = 0, f unset), streaming when `stream` (64-byte aligned rows). */
typedef struct rows8 {
    gl_t *p;
    size_t S;
    const gl_t *f;
    unsigned b;
    int stream;
} rows8;

AVX512 static INL __m512i ld(const rows8 *d, size_t R)
{
    size_t q = R >> d->b;
    __m512i v = _mm512_loadu_si512((const void *)(d->p + q * d->S));
    return d->f ? z_bcast_mul(v, d->f[q]) : v;
}

AVX512 static INL void st(const rows8 *d, size_t R, __m512i v)
{
    gl_t *q = d->p + R * d->S;
    if (d->stream)
        _mm512_stream_si512((void *)q, v);
    else
        _mm512_storeu_si512((void *)q, v);
}

/* k layers of a transform of 2^L rows starting at row R0, rows R0 + j + i s
 * (s = 2^(L-k), i < 2^k) held in registers for each j < s, read from src and
 * written to dst. DIF (inverse order of sizes): layer t has half-width
 * h = 2^(L-1-t) and pairs (r, r + h) with twiddle w_{2h}^(r mod h), butterfly
 * (u, v) -> (u + v, (u - v) w). DIT: layer t has h = 2^(L-k+t), butterfly
 * (u, v) -> (u + v w, u - v w). tw[l] = w_{2^l}^j for j < 2^(l-1). */
AVX512 static INL void pass_k(const rows8 *src, const rows8 *dst, size_t R0, unsigned L,
                              const unsigned k, int dit, const gl_t *const *tw, size_t j0,
                              size_t j1)
{
    const size_t s = (size_t)1 << (L - k);
    const unsigned K = 1u << k;
    for (size_t j = j0; j < j1; j++) {
        __m512i x[16];
#pragma GCC unroll 16
        for (unsigned i = 0; i < K; i++)
            x[i] = ld(src, R0 + j + i * s);
        if (!dit) {
#pragma GCC unroll 4
            for (unsigned t = 0; t < k; t++) {
                const unsigned hi = K >> (t + 1);
                const gl_t *w = tw[L - t];
#pragma GCC unroll 16
                for (unsigned i = 0; i < K; i++) {
                    if (i & hi)
                        continue;
                    __m512i u = x[i], v = x[i + hi];
                    x[i] = z_add(u, v);
                    x[i + hi] = z_bcast_mul(z_sub(u, v), w[j + (i & (hi - 1)) * s]);
                }
            }
        } else {
#pragma GCC unroll 4
            for (unsigned t = 0; t < k; t++) {
                const unsigned hi = 1u << t;
                const gl_t *w = tw[L - k + t + 1];
#pragma GCC unroll 16
                for (unsigned i = 0; i < K; i++) {
                    if (i & hi)
                        continue;
                    __m512i u = x[i], v = z_bcast_mul(x[i + hi], w[j + (i & (hi - 1)) * s]);
                    x[i] = z_add(u, v);
                    x[i + hi] = z_sub(u, v);
                }
            }
        }
#pragma GCC unroll 16
        for (unsigned i = 0; i < K; i++)
            st(dst, R0 + j + i * s, x[i]);
    }
}

/* One pass with k a compile-time constant in each branch (full unrolling). */
AVX512 static void pass_range(const rows8 *src, const rows8 *dst, size_t R0, unsigned L,
                              unsigned k, int dit, const gl_t *const *tw, size_t j0, size_t j1)
{
    switch (k) {
    case 1: pass_k(src, dst, R0, L, 1, dit, tw, j0, j1); break;
    case 2: pass_k(src, dst, R0, L, 2, dit, tw, j0, j1); break;
    case 3: pass_k(src, dst, R0, L, 3, dit, tw, j0, j1); break;
    default: pass_k(src, dst, R0, L, 4, dit, tw, j0, j1); break;
    }
}

/* The pass over all j < s, spread over the threads when par (a top-level
 * pass over a large block whose caller is not already parallel). */
#define PAR_CHUNK ((size_t)1 << 10)
AVX512 static void pass(const rows8 *src, const rows8 *dst, size_t R0, unsigned L, unsigned k,
                        int dit, const gl_t *const *tw, int par)
{
    size_t s = (size_t)1 << (L - k);
    if (!par || s < 2 * PAR_CHUNK) {
        pass_range(src, dst, R0, L, k, dit, tw, 0, s);
        return;
    }
#pragma omp parallel for schedule(static)
    for (size_t c = 0; c < s / PAR_CHUNK; c++)
        pass_range(src, dst, R0, L, k, dit, tw, c * PAR_CHUNK, (c + 1) * PAR_CHUNK);
}

/* DIF of 2^L rows (natural in, bit-reversed out): the top k <= 4 layers from
 * src into dst, then each of the 2^k sub-blocks in place (depth first, so
 * the sub-blocks soon fit in the caches). */
AVX512 static void dif_rec(const rows8 *src, const rows8 *dst, size_t R0, unsigned L,
                           const gl_t *const *tw, int par)
{
    unsigned k = L < 4 ? L : 4;
    pass(src, dst, R0, L, k, 0, tw, par);
    if (L == k)
        return;
    size_t sub = (size_t)1 << (L - k);
#pragma omp parallel for schedule(dynamic, 1) if (par)
    for (size_t q = 0; q < ((size_t)1 << k); q++)
        dif_rec(dst, dst, R0 + q * sub, L - k, tw, 0);
}

/* DIT of 2^L rows (bit-reversed in, natural out) with the lowest `skip`
 * layers taken as done: the sub-blocks first (their leaves read src and write
 * mid), then the top k <= 4 layers from mid (or src at a leaf) into dst.
 * Sequentially the sub-blocks run from the last to the first, which lets src
 * live in mid's first rows (ntt_avx512_lde8 without `small`): a leaf at
 * R0 > 0 writes rows >= R0 while every later-run leaf and pass reads only
 * rows < R0 (a leaf R0' reads rows R0' >> skip up to R0' >> skip + 16 <= R0'
 * for R0' >= R0 > 0... and R0' < R0 here); the leaf at R0 = 0 reads its
 * sources into a local copy first, as its own stores overlap them. */
AVX512 static void dit_rec(const rows8 *src, const rows8 *mid, const rows8 *dst, size_t R0,
                           unsigned L, unsigned skip, const gl_t *const *tw, int par)
{
    unsigned k = L - skip < 4 ? L - skip : 4;
    if (L - k == skip) {
        if (R0 == 0 && src->p == dst->p) {
            gl_t tmp[16 * 8] __attribute__((aligned(64)));
            rows8 loc = {tmp, 8, src->f, src->b, 0};
            for (size_t r = 0; r < ((size_t)1 << k); r++) /* rows (0 .. 2^L) >> skip */
                _mm512_store_si512((void *)(tmp + 8 * r),
                                   _mm512_loadu_si512((const void *)(src->p + r * src->S)));
            pass(&loc, dst, R0, L, k, 1, tw, par);
            return;
        }
        pass(src, dst, R0, L, k, 1, tw, par);
        return;
    }
    size_t sub = (size_t)1 << (L - k), nq = (size_t)1 << k;
    if (par) { /* only with a separate src (see ntt_avx512_lde8) */
#pragma omp parallel for schedule(dynamic, 1)
        for (size_t q = 0; q < nq; q++)
            dit_rec(src, mid, mid, R0 + q * sub, L - k, skip, tw, 0);
    } else
        for (size_t q = nq; q-- > 0;)
            dit_rec(src, mid, mid, R0 + q * sub, L - k, skip, tw, 0);
    pass(mid, dst, R0, L, k, 1, tw, par);
}

void ntt_avx512_lde8(const gl_t *src, size_t src_stride, gl_t *dst, size_t dst_stride,
                     unsigned log_n, unsigned b, const gl_t *pwbr, gl_t *small, gl_t *big,
                     const gl_t *const *tw_inv, const gl_t *const *tw_fwd)
{
    int par = !omp_in_parallel() && omp_get_max_threads() > 1 && small;
    if (!small) /* the inverse transform's output lives in big's first n rows */
        small = big;
    rows8 in = {(gl_t *)src, src_stride, NULL, 0, 0};
    rows8 sm = {small, 8, NULL, 0, 0};
    rows8 spread = {small, 8, pwbr, b, 0};
    rows8 bg = {big, 8, NULL, 0, 0};
    rows8 out = {dst, dst_stride, NULL, 0, (uintptr_t)dst % 64 == 0 && dst_stride % 8 == 0};
    dif_rec(&in, &sm, 0, log_n, tw_inv, par);
    dit_rec(&spread, &bg, &out, 0, log_n + b, b, tw_fwd, par);
    if (out.stream)
        _mm_sfence(); /* order the streaming stores before anyone reads them */
}

#else /* no x86-64 GCC build: core_simd() never reports AVX-512 */

void ntt_avx512_lde8(const gl_t *src, size_t src_stride, gl_t *dst, size_t dst_stride,
                     unsigned log_n, unsigned b, const gl_t *pwbr, gl_t *small, gl_t *big,
                     const gl_t *const *tw_inv, const gl_t *const *tw_fwd)
{
    (void)src, (void)src_stride, (void)dst, (void)dst_stride, (void)log_n, (void)b;
    (void)pwbr, (void)small, (void)big, (void)tw_inv, (void)tw_fwd;
}
#endif
