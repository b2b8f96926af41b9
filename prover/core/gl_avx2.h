/* gl_avx2.h — Goldilocks add/sub/mul on 4 lanes with AVX2 (internal inline
 * helpers shared by ntt_avx2.c and gl_vec.c). Same arithmetic as gl.h
 * (canonical in, canonical out): mul forms the 128-bit product from four
 * 32x32 products, then reduces with 2^64 = EPS, 2^96 = -1. Use only inside
 * functions marked AVX2 that run after ntt_avx2_available() said yes. */
#ifndef UVM_GL_AVX2_H
#define UVM_GL_AVX2_H

#include "gl.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

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

AVX2 static inline __m256i v_mul2(__m256i a, __m256i b)
{
    return v_mul(a, b, _mm256_srli_epi64(b, 32));
}
#endif

#endif
