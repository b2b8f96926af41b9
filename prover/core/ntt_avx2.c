/* ntt_avx2.c — Goldilocks add/sub/mul on 4 lanes with AVX2 and the NTT layer
 * built on them. Same arithmetic as gl.h (canonical in, canonical out):
 * mul forms the 128-bit product from four 32x32 products, then reduces with
 * 2^64 = EPS, 2^96 = -1. Compiled for AVX2 per function (target attribute),
 * so the rest of the library stays baseline x86-64. */
#include "ntt_avx2.h"

#include <stdint.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

int ntt_avx2_available(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}

/* Unsigned 64-bit compares via the sign-bias trick (AVX2 only has signed). */
AVX2 static inline __m256i bias(__m256i x)
{
    return _mm256_xor_si256(x, _mm256_set1_epi64x((long long)0x8000000000000000ull));
}
AVX2 static inline __m256i ltu(__m256i a, __m256i b) /* a < b ? ~0 : 0 */
{
    return _mm256_cmpgt_epi64(bias(b), bias(a));
}

/* a + b = a - (p - b): p - b is in [1, p], and a borrow means a + b < p. */
AVX2 static inline __m256i v_add(__m256i a, __m256i b)
{
    const __m256i P = _mm256_set1_epi64x((long long)GL_P);
    __m256i nb = _mm256_sub_epi64(P, b);
    __m256i t = _mm256_sub_epi64(a, nb);
    return _mm256_add_epi64(t, _mm256_and_si256(ltu(a, nb), P));
}

AVX2 static inline __m256i v_sub(__m256i a, __m256i b)
{
    const __m256i P = _mm256_set1_epi64x((long long)GL_P);
    __m256i d = _mm256_sub_epi64(a, b);
    return _mm256_add_epi64(d, _mm256_and_si256(ltu(a, b), P));
}

/* a * b where bh = b >> 32 (precomputed for a broadcast twiddle). */
AVX2 static inline __m256i v_mul(__m256i a, __m256i b, __m256i bh)
{
    const __m256i M32 = _mm256_set1_epi64x(0xffffffffll);
    const __m256i EPS = M32;
    __m256i ah = _mm256_srli_epi64(a, 32);
    __m256i ll = _mm256_mul_epu32(a, b), lh = _mm256_mul_epu32(a, bh);
    __m256i hl = _mm256_mul_epu32(ah, b), hh = _mm256_mul_epu32(ah, bh);
    __m256i t = _mm256_add_epi64(hl, _mm256_srli_epi64(ll, 32));   /* < 2^64 */
    __m256i u = _mm256_add_epi64(lh, _mm256_and_si256(t, M32));   /* < 2^64 */
    __m256i lo = _mm256_blend_epi32(ll, _mm256_slli_epi64(u, 32), 0xAA);
    __m256i hi = _mm256_add_epi64(_mm256_add_epi64(hh, _mm256_srli_epi64(t, 32)),
                                  _mm256_srli_epi64(u, 32));
    /* reduce lo + 2^64 (hl32 + 2^32 hh32) = lo + EPS hl32 - hh32, working on
     * sign-biased values (x ^ 2^63) so unsigned compares are single cmpgt:
     * a wrap of t0 = lo - hh32 shows as t0 > lo, a carry of r = t0 + t1 as
     * r < t0 (t1 >= 0 and hh32 >= 0). */
    const __m256i SIGN = _mm256_set1_epi64x((long long)0x8000000000000000ull);
    const __m256i P = _mm256_set1_epi64x((long long)GL_P);
    __m256i hh32 = _mm256_srli_epi64(hi, 32), hl32 = _mm256_and_si256(hi, M32);
    __m256i lo_b = _mm256_xor_si256(lo, SIGN);
    __m256i t0_b = _mm256_sub_epi64(lo_b, hh32);
    t0_b = _mm256_sub_epi64(t0_b, _mm256_and_si256(_mm256_cmpgt_epi64(t0_b, lo_b), EPS));
    __m256i t1 = _mm256_sub_epi64(_mm256_slli_epi64(hl32, 32), hl32); /* hl32 * EPS */
    __m256i r_b = _mm256_add_epi64(t0_b, t1);
    r_b = _mm256_add_epi64(r_b, _mm256_and_si256(_mm256_cmpgt_epi64(t0_b, r_b), EPS));
    __m256i lt = _mm256_cmpgt_epi64(_mm256_xor_si256(P, SIGN), r_b); /* r < p */
    return _mm256_sub_epi64(_mm256_xor_si256(r_b, SIGN), _mm256_andnot_si256(lt, P));
}

AVX2 void ntt_avx2_layer8_range(gl_t *a, size_t h, size_t S, const gl_t *tw, int dit, size_t j0,
                                size_t j1)
{
    for (size_t j = j0; j < j1; j++) {
        __m256i *x = (__m256i *)(a + j * S), *y = (__m256i *)(a + (j + h) * S);
        __m256i x0 = _mm256_loadu_si256(x), x1 = _mm256_loadu_si256(x + 1);
        __m256i y0 = _mm256_loadu_si256(y), y1 = _mm256_loadu_si256(y + 1);
        if (j == 0) { /* twiddle 1 */
            _mm256_storeu_si256(x, v_add(x0, y0));
            _mm256_storeu_si256(x + 1, v_add(x1, y1));
            _mm256_storeu_si256(y, v_sub(x0, y0));
            _mm256_storeu_si256(y + 1, v_sub(x1, y1));
            continue;
        }
        __m256i T = _mm256_set1_epi64x((long long)tw[j]);
        __m256i Th = _mm256_srli_epi64(T, 32);
        if (dit) {
            y0 = v_mul(y0, T, Th);
            y1 = v_mul(y1, T, Th);
            _mm256_storeu_si256(x, v_add(x0, y0));
            _mm256_storeu_si256(x + 1, v_add(x1, y1));
            _mm256_storeu_si256(y, v_sub(x0, y0));
            _mm256_storeu_si256(y + 1, v_sub(x1, y1));
        } else {
            _mm256_storeu_si256(x, v_add(x0, y0));
            _mm256_storeu_si256(x + 1, v_add(x1, y1));
            _mm256_storeu_si256(y, v_mul(v_sub(x0, y0), T, Th));
            _mm256_storeu_si256(y + 1, v_mul(v_sub(x1, y1), T, Th));
        }
    }
}

AVX2 void ntt_avx2_layer8(gl_t *a, size_t n, size_t h, size_t S, const gl_t *tw, int dit)
{
    for (size_t blk = 0; blk < n; blk += 2 * h)
        ntt_avx2_layer8_range(a + blk * S, h, S, tw, dit, 0, h);
}

/* One column (S = 1): 4 consecutive butterflies per vector, twiddles
 * tw[j..j+4) loaded as a vector; j0, j1 multiples of 4. */
AVX2 void ntt_avx2_layer1_range(gl_t *a, size_t h, const gl_t *tw, int dit, size_t j0, size_t j1)
{
    for (size_t j = j0; j < j1; j += 4) {
        __m256i *x = (__m256i *)(a + j), *y = (__m256i *)(a + j + h);
        __m256i T = _mm256_loadu_si256((const __m256i *)(tw + j));
        __m256i Th = _mm256_srli_epi64(T, 32);
        __m256i u = _mm256_loadu_si256(x), v = _mm256_loadu_si256(y);
        if (dit) {
            v = v_mul(v, T, Th);
            _mm256_storeu_si256(x, v_add(u, v));
            _mm256_storeu_si256(y, v_sub(u, v));
        } else {
            _mm256_storeu_si256(x, v_add(u, v));
            _mm256_storeu_si256(y, v_mul(v_sub(u, v), T, Th));
        }
    }
}

AVX2 void ntt_avx2_layer1(gl_t *a, size_t n, size_t h, const gl_t *tw, int dit)
{
    for (size_t blk = 0; blk < n; blk += 2 * h)
        ntt_avx2_layer1_range(a + blk, h, tw, dit, 0, h);
}

/* Copies rows of 8 elements from a contiguous buffer to dst rows `stride`
 * elements apart with non-temporal stores: the LDE output is far larger than
 * the caches, and streaming stores skip reading each line before writing it.
 * Falls back to ordinary stores when dst rows are not 32-byte aligned. */
AVX2 void ntt_avx2_store_rows8(gl_t *dst, size_t stride, const gl_t *src, size_t rows)
{
    int aligned = ((uintptr_t)dst % 32 == 0) && (stride % 4 == 0);
    for (size_t i = 0; i < rows; i++) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(src + 8 * i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(src + 8 * i + 4));
        __m256i *d = (__m256i *)(dst + i * stride);
        if (aligned) {
            _mm256_stream_si256(d, a);
            _mm256_stream_si256(d + 1, b);
        } else {
            _mm256_storeu_si256(d, a);
            _mm256_storeu_si256(d + 1, b);
        }
    }
    _mm_sfence(); /* order the streaming stores before anyone reads them */
}

AVX2 void gl_avx2_ops4(const gl_t a[4], const gl_t b[4], gl_t add[4], gl_t sub[4], gl_t mul[4])
{
    __m256i va = _mm256_loadu_si256((const __m256i *)a), vb = _mm256_loadu_si256((const __m256i *)b);
    _mm256_storeu_si256((__m256i *)add, v_add(va, vb));
    _mm256_storeu_si256((__m256i *)sub, v_sub(va, vb));
    _mm256_storeu_si256((__m256i *)mul, v_mul(va, vb, _mm256_srli_epi64(vb, 32)));
}

#else /* no AVX2 build: never available; the stubs keep the link whole */

int ntt_avx2_available(void) { return 0; }

void ntt_avx2_layer8(gl_t *a, size_t n, size_t h, size_t S, const gl_t *tw, int dit)
{
    (void)a, (void)n, (void)h, (void)S, (void)tw, (void)dit;
}

void ntt_avx2_layer8_range(gl_t *a, size_t h, size_t S, const gl_t *tw, int dit, size_t j0,
                           size_t j1)
{
    (void)a, (void)h, (void)S, (void)tw, (void)dit, (void)j0, (void)j1;
}

void ntt_avx2_layer1(gl_t *a, size_t n, size_t h, const gl_t *tw, int dit)
{
    (void)a, (void)n, (void)h, (void)tw, (void)dit;
}

void ntt_avx2_store_rows8(gl_t *dst, size_t stride, const gl_t *src, size_t rows)
{
    (void)dst, (void)stride, (void)src, (void)rows;
}

void ntt_avx2_layer1_range(gl_t *a, size_t h, const gl_t *tw, int dit, size_t j0, size_t j1)
{
    (void)a, (void)h, (void)tw, (void)dit, (void)j0, (void)j1;
}

void gl_avx2_ops4(const gl_t a[4], const gl_t b[4], gl_t add[4], gl_t sub[4], gl_t mul[4])
{
    for (int i = 0; i < 4; i++) {
        add[i] = gl_add(a[i], b[i]);
        sub[i] = gl_sub(a[i], b[i]);
        mul[i] = gl_mul(a[i], b[i]);
    }
}
#endif
