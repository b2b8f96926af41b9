/* gl3.h — the cubic extension GF(p^3) = F_p[X]/(X^3 - 7) of Goldilocks, the
 * challenge field of parameter sets that need |F| ~ 2^192 (docs/security.md).
 * X^3 - 7 is irreducible: 3 divides p - 1 and 7 generates F_p^*, so 7 is not
 * a cube (7^((p-1)/3) = GL3_OMEGA != 1; tests/prover_core/test_gl3.c checks it).
 * Invariant: every coefficient handed to or returned by these functions is
 * canonical (< GL_P), as for gl_t. */
#ifndef UVM_GL3_H
#define UVM_GL3_H

#include "gl.h"

#define GL3_W 7ull /* X^3 = 7 */
/* 7^((p-1)/3) = -2^32 (mod p), a primitive cube root of unity: the Frobenius
 * x -> x^p maps X to X^p = 7^((p-1)/3) X = GL3_OMEGA X. */
#define GL3_OMEGA 0xfffffffe00000001ull
#define GL3_OMEGA2 0x00000000ffffffffull /* GL3_OMEGA^2 = 2^32 - 1 */

typedef struct gl3_t {
    gl_t a, b, c; /* a + b X + c X^2 */
} gl3_t;

static inline gl3_t gl3(gl_t a, gl_t b, gl_t c) { return (gl3_t){a, b, c}; }
static inline gl3_t gl3_from_base(gl_t a) { return (gl3_t){a, 0, 0}; }
static inline int gl3_eq(gl3_t x, gl3_t y) { return x.a == y.a && x.b == y.b && x.c == y.c; }
static inline int gl3_is_zero(gl3_t x) { return !(x.a | x.b | x.c); }
static inline gl3_t gl3_add(gl3_t x, gl3_t y)
{
    return (gl3_t){gl_add(x.a, y.a), gl_add(x.b, y.b), gl_add(x.c, y.c)};
}
static inline gl3_t gl3_sub(gl3_t x, gl3_t y)
{
    return (gl3_t){gl_sub(x.a, y.a), gl_sub(x.b, y.b), gl_sub(x.c, y.c)};
}
static inline gl3_t gl3_neg(gl3_t x) { return (gl3_t){gl_neg(x.a), gl_neg(x.b), gl_neg(x.c)}; }
static inline int gl3_in_base(gl3_t x) { return !(x.b | x.c); }
static inline gl3_t gl3_add_base(gl3_t x, gl_t s) { return (gl3_t){gl_add(x.a, s), x.b, x.c}; }
static inline gl3_t gl3_sub_base(gl3_t x, gl_t s) { return (gl3_t){gl_sub(x.a, s), x.b, x.c}; }
static inline gl3_t gl3_base_sub(gl_t s, gl3_t x)
{
    return (gl3_t){gl_sub(s, x.a), gl_neg(x.b), gl_neg(x.c)};
}
/* x * X (X^3 = 7) */
static inline gl3_t gl3_mul_x(gl3_t v) { return (gl3_t){gl_mul(v.c, GL3_W), v.a, v.b}; }
static inline gl3_t gl3_mul_base(gl3_t x, gl_t s)
{
    return (gl3_t){gl_mul(x.a, s), gl_mul(x.b, s), gl_mul(x.c, s)};
}

/* A sum of k <= 3 128-bit products (each < 2^128) kept as (s, wraps): each
 * wrap of s is 2^128 = -2^32 (mod p), and wraps << 32 < p. */
static inline gl_t gl3_red_wraps(unsigned __int128 s, uint64_t wraps)
{
    return gl_sub(gl_reduce128(s), wraps << 32);
}

/* x * y, schoolbook with X^3 = 7:
 *   c0 = a0 b0 + 7 (a1 b2 + a2 b1)
 *   c1 = a0 b1 + a1 b0 + 7 a2 b2
 *   c2 = a0 b2 + a1 b1 + a2 b0
 * with one reduction per 128-bit sum (plus one for each 7 (...) term). */
static inline gl3_t gl3_mul(gl3_t x, gl3_t y)
{
    typedef unsigned __int128 u128;
    u128 p, s;
    uint64_t w;
    /* 7 (a1 b2 + a2 b1) */
    p = (u128)x.b * y.c, s = p + (u128)x.c * y.b, w = s < p;
    gl_t t0 = gl_mul(gl3_red_wraps(s, w), GL3_W);
    gl_t t1 = gl_mul(gl_mul(x.c, y.c), GL3_W);
    p = (u128)x.a * y.a, s = p + t0, w = s < p;
    gl_t c0 = gl3_red_wraps(s, w);
    p = (u128)x.a * y.b, s = p + (u128)x.b * y.a, w = s < p;
    p = s, s += t1, w += s < p;
    gl_t c1 = gl3_red_wraps(s, w);
    p = (u128)x.a * y.c, s = p + (u128)x.b * y.b, w = s < p;
    p = s, s += (u128)x.c * y.a, w += s < p;
    gl_t c2 = gl3_red_wraps(s, w);
    return (gl3_t){c0, c1, c2};
}

static inline gl3_t gl3_sqr(gl3_t x) { return gl3_mul(x, x); }

static inline gl3_t gl3_pow(gl3_t x, uint64_t e)
{
    gl3_t r = {1, 0, 0};
    for (; e; e >>= 1, x = gl3_mul(x, x))
        if (e & 1)
            r = gl3_mul(r, x);
    return r;
}

/* Frobenius x -> x^p: (a, b, c) -> (a, OMEGA b, OMEGA^2 c). */
static inline gl3_t gl3_frob(gl3_t x)
{
    return (gl3_t){x.a, gl_mul(x.b, GL3_OMEGA), gl_mul(x.c, GL3_OMEGA2)};
}

/* x^-1 by the adjugate: with y = (a^2 - 7bc, 7c^2 - ab, b^2 - ac), x y is the
 * norm N = a y0 + 7 (b y2 + c y1) in F_p, so x^-1 = y / N. gl3_inv(0) = 0. */
static inline gl3_t gl3_inv(gl3_t x)
{
    gl_t y0 = gl_sub(gl_sqr(x.a), gl_mul(GL3_W, gl_mul(x.b, x.c)));
    gl_t y1 = gl_sub(gl_mul(GL3_W, gl_sqr(x.c)), gl_mul(x.a, x.b));
    gl_t y2 = gl_sub(gl_sqr(x.b), gl_mul(x.a, x.c));
    gl_t n = gl_add(gl_mul(x.a, y0), gl_mul(GL3_W, gl_add(gl_mul(x.b, y2), gl_mul(x.c, y1))));
    gl_t ni = gl_inv(n);
    return (gl3_t){gl_mul(y0, ni), gl_mul(y1, ni), gl_mul(y2, ni)};
}

/* Batch inversion (Montgomery's trick, one gl3_inv per chunk); zeros map to
 * zero; out may alias in. */
void gl3_batch_inv(gl3_t *out, const gl3_t *in, size_t n);

#endif
