/* gl_vec.c — array ops for gl_vec.h: the scalar loops (gl.h) and AVX2
 * versions on 4 lanes (gl_avx2.h), chosen once per process. The AVX2 loops
 * handle whole vectors and leave the tail (n % 4) to the scalar ones. */
#include "gl_vec.h"

#include <string.h>

#include "gl_avx2.h"
#include "ntt_avx2.h"

static void add_s(gl_t *o, const gl_t *a, const gl_t *b, size_t i, size_t n)
{
    for (; i < n; i++)
        o[i] = gl_add(a[i], b[i]);
}
static void sub_s(gl_t *o, const gl_t *a, const gl_t *b, size_t i, size_t n)
{
    for (; i < n; i++)
        o[i] = gl_sub(a[i], b[i]);
}
static void mul_s(gl_t *o, const gl_t *a, const gl_t *b, size_t i, size_t n)
{
    for (; i < n; i++)
        o[i] = gl_mul(a[i], b[i]);
}
static void mul2_s(gl2_t *o, const gl2_t *a, const gl2_t *b, size_t i, size_t n)
{
    for (; i < n; i++)
        o[i] = gl2_mul(a[i], b[i]);
}
static void mulb_s(gl2_t *o, const gl2_t *a, const gl_t *s, size_t i, size_t n)
{
    for (; i < n; i++)
        o[i] = gl2_mul_base(a[i], s[i]);
}

#if defined(__x86_64__) && defined(__GNUC__)
/* 1 = AVX2 kernels (ntt_avx2_enabled: the same choice as the NTT). */
static int vec_avx2(void) { return ntt_avx2_enabled(); }

#define LD(p) _mm256_loadu_si256((const __m256i *)(p))
#define ST(p, v) _mm256_storeu_si256((__m256i *)(p), v)

AVX2 static size_t add_v(gl_t *o, const gl_t *a, const gl_t *b, size_t n)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        ST(o + i, v_add(LD(a + i), LD(b + i)));
    return i;
}
AVX2 static size_t sub_v(gl_t *o, const gl_t *a, const gl_t *b, size_t n)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        ST(o + i, v_sub(LD(a + i), LD(b + i)));
    return i;
}
AVX2 static size_t mul_v(gl_t *o, const gl_t *a, const gl_t *b, size_t n)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        ST(o + i, v_mul2(LD(a + i), LD(b + i)));
    return i;
}

/* Four extension elements (two vectors of (a, b) pairs) split into their
 * a-parts and b-parts. unpacklo/hi work within 128-bit lanes, so the parts
 * come out in slot order 0, 2, 1, 3, and the matching unpack puts them back. */
AVX2 static inline void split2(const gl2_t *p, __m256i *ra, __m256i *rb)
{
    __m256i v0 = LD(p), v1 = LD(p + 2);
    *ra = _mm256_unpacklo_epi64(v0, v1);
    *rb = _mm256_unpackhi_epi64(v0, v1);
}
AVX2 static inline void join2(gl2_t *p, __m256i ra, __m256i rb)
{
    ST(p, _mm256_unpacklo_epi64(ra, rb));
    ST(p + 2, _mm256_unpackhi_epi64(ra, rb));
}

/* (xa + xb X)(ya + yb X) = xa ya + 7 xb yb + ((xa + xb)(ya + yb) - xa ya - xb yb) X
 * (Karatsuba: three products); 7 t = 8 t - t by three doublings. */
AVX2 static inline void mul2x(__m256i xa, __m256i xb, __m256i ya, __m256i yb, __m256i *re,
                              __m256i *cr)
{
    __m256i aa = v_mul2(xa, ya), bb = v_mul2(xb, yb);
    __m256i m = v_mul2(v_add(xa, xb), v_add(ya, yb));
    __m256i b2 = v_add(bb, bb), b4 = v_add(b2, b2), b8 = v_add(b4, b4);
    *re = v_add(aa, v_sub(b8, bb));
    *cr = v_sub(v_sub(m, aa), bb);
}

AVX2 static size_t mul2_v(gl2_t *o, const gl2_t *a, const gl2_t *b, size_t n)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256i xa, xb, ya, yb, re, cr;
        split2(a + i, &xa, &xb);
        split2(b + i, &ya, &yb);
        mul2x(xa, xb, ya, yb, &re, &cr);
        join2(o + i, re, cr);
    }
    return i;
}

/* Montgomery's trick with the 4 lanes as 4 chains (element i in lane i % 4):
 * forward, ob[i] = product of the chain's nonzero elements before i; then
 * one inversion for the 4 chain products; backward, o[i] = inv * ob[i] and
 * inv *= x[i]. A zero element leaves its chain alone and inverts to 0. */
AVX2 static void inv2_v(gl2_t *o, const gl2_t *x, size_t m, size_t m4)
{
    gl2_t ob[GL_VEC_INV_CHUNK], t[4];
    const __m256i Z = _mm256_setzero_si256();
    __m256i ca = _mm256_set1_epi64x(1), cb = Z;
    for (size_t i = 0; i < m4; i += 4) {
        __m256i xa, xb, pa, pb;
        split2(x + i, &xa, &xb);
        join2(ob + i, ca, cb);
        __m256i z = _mm256_cmpeq_epi64(_mm256_or_si256(xa, xb), Z);
        mul2x(ca, cb, xa, xb, &pa, &pb);
        ca = _mm256_blendv_epi8(pa, ca, z);
        cb = _mm256_blendv_epi8(pb, cb, z);
    }
    join2(t, ca, cb); /* the chain products, inverted with one inversion */
    gl2_t a0 = t[0], a1 = t[1], a2 = t[2], a3 = t[3];
    gl2_t p01 = gl2_mul(a0, a1), p23 = gl2_mul(a2, a3);
    gl2_t r = gl2_inv(gl2_mul(p01, p23));
    gl2_t i01 = gl2_mul(r, p23), i23 = gl2_mul(r, p01);
    t[0] = gl2_mul(i01, a1), t[1] = gl2_mul(i01, a0);
    t[2] = gl2_mul(i23, a3), t[3] = gl2_mul(i23, a2);
    split2(t, &ca, &cb);
    for (size_t i = m4; i > 0;) {
        i -= 4;
        __m256i xa, xb, pa, pb, ra, rb, na, nb;
        split2(x + i, &xa, &xb);
        split2(ob + i, &pa, &pb);
        __m256i z = _mm256_cmpeq_epi64(_mm256_or_si256(xa, xb), Z);
        mul2x(ca, cb, pa, pb, &ra, &rb);
        join2(ob + i, _mm256_andnot_si256(z, ra), _mm256_andnot_si256(z, rb));
        mul2x(ca, cb, xa, xb, &na, &nb);
        ca = _mm256_blendv_epi8(na, ca, z);
        cb = _mm256_blendv_epi8(nb, cb, z);
    }
    memcpy(o, ob, m * sizeof *o);
}

/* (xa + xb X) s: each base value s_i duplicated onto both parts of element i. */
AVX2 static size_t mulb_v(gl2_t *o, const gl2_t *a, const gl_t *s, size_t n)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256i sv = LD(s + i);
        __m256i s01 = _mm256_permute4x64_epi64(sv, 0x50), s23 = _mm256_permute4x64_epi64(sv, 0xFA);
        __m256i v0 = LD(a + i), v1 = LD(a + i + 2);
        ST(o + i, v_mul2(v0, s01));
        ST(o + i + 2, v_mul2(v1, s23));
    }
    return i;
}
#else
static int vec_avx2(void) { return 0; }
#define add_v(o, a, b, n) ((size_t)0)
#define sub_v(o, a, b, n) ((size_t)0)
#define mul_v(o, a, b, n) ((size_t)0)
#define mul2_v(o, a, b, n) ((size_t)0)
#define mulb_v(o, a, b, n) ((size_t)0)
#define inv2_v(o, x, m, m4) ((void)(o), (void)(x), (void)(m), (void)(m4))
#endif

void gl_vec_add(gl_t *out, const gl_t *a, const gl_t *b, size_t n)
{
    add_s(out, a, b, vec_avx2() ? add_v(out, a, b, n) : 0, n);
}
void gl_vec_sub(gl_t *out, const gl_t *a, const gl_t *b, size_t n)
{
    sub_s(out, a, b, vec_avx2() ? sub_v(out, a, b, n) : 0, n);
}
void gl_vec_mul(gl_t *out, const gl_t *a, const gl_t *b, size_t n)
{
    mul_s(out, a, b, vec_avx2() ? mul_v(out, a, b, n) : 0, n);
}
void gl2_vec_mul(gl2_t *out, const gl2_t *a, const gl2_t *b, size_t n)
{
    mul2_s(out, a, b, vec_avx2() ? mul2_v(out, a, b, n) : 0, n);
}
void gl2_vec_mul_base(gl2_t *out, const gl2_t *a, const gl_t *s, size_t n)
{
    mulb_s(out, a, s, vec_avx2() ? mulb_v(out, a, s, n) : 0, n);
}

int gl2_vec_inv_chunk(gl2_t *o, gl2_t *x, size_t m)
{
    if (!vec_avx2() || m > GL_VEC_INV_CHUNK)
        return 0;
    size_t m4 = (m + 3) & ~(size_t)3;
    memset(x + m, 0, (m4 - m) * sizeof *x); /* zeros leave their chain alone */
    inv2_v(o, x, m, m4);
    return 1;
}

void gl3_vec_mul(gl3_t *out, const gl3_t *a, const gl3_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = gl3_mul(a[i], b[i]);
}

void gl3_vec_mul_base(gl3_t *out, const gl3_t *a, const gl_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = gl3_mul_base(a[i], s[i]);
}
