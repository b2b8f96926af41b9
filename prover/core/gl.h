/* gl.h — the Goldilocks field F_p, p = 2^64 - 2^32 + 1, and its quadratic
 * extension F_p[X]/(X^2 - 7) used for challenges.
 * Invariant: every gl_t handed to or returned by these functions is canonical
 * (< GL_P); gl_from_u64 is the only way in from arbitrary 64-bit values. */
#ifndef UVM_GL_H
#define UVM_GL_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t gl_t;

#define GL_P 0xffffffff00000001ull
#define GL_EPS 0xffffffffull          /* 2^64 mod p = 2^32 - 1 */
#define GL_GENERATOR 7ull             /* generates the multiplicative group */
#define GL_TWO_ADICITY 32             /* 2^32 divides p - 1 */
#define GL_EXT_W 7ull                 /* X^2 = 7 in the extension (7 is a non-residue) */

static inline gl_t gl_from_u64(uint64_t x) { return x >= GL_P ? x - GL_P : x; }

/* add/sub/reduce are written branch-free (masks and selects the compiler
 * turns into cmov/adc): NTT and Poseidon2 data is random, so a branch on a
 * carry would mispredict about half the time. */
static inline gl_t gl_add(gl_t a, gl_t b)
{
    uint64_t s;
    uint64_t c = __builtin_add_overflow(a, b, &s);
    /* on wrap-around, a + b - p = s + 2^64 - p = s - p (mod 2^64) as well */
    return s - (GL_P & (0 - (c | (uint64_t)(s >= GL_P))));
}

static inline gl_t gl_sub(gl_t a, gl_t b)
{
    uint64_t d = a - b;
    return d + (GL_P & (0 - (uint64_t)(a < b)));
}

static inline gl_t gl_neg(gl_t a) { return a ? GL_P - a : 0; }

/* Reduces a 128-bit product: x = lo + 2^64 hl + 2^96 hh with
 * 2^64 = EPS and 2^96 = -1 (mod p). */
static inline gl_t gl_reduce128(unsigned __int128 x)
{
    uint64_t lo = (uint64_t)x, hi = (uint64_t)(x >> 64);
    uint64_t hh = hi >> 32, hl = hi & GL_EPS;
    uint64_t t0 = lo - hh;
    t0 -= GL_EPS & (0 - (uint64_t)(lo < hh));   /* borrow: -2^64 = -EPS */
    uint64_t t1 = hl * GL_EPS;
    uint64_t r;
    uint64_t c = __builtin_add_overflow(t0, t1, &r);
    r += GL_EPS & (0 - c);                      /* carry: +2^64 = +EPS */
    uint64_t t = r - GL_P;
    return r >= GL_P ? t : r;
}

static inline gl_t gl_mul(gl_t a, gl_t b) { return gl_reduce128((unsigned __int128)a * b); }
static inline gl_t gl_sqr(gl_t a) { return gl_mul(a, a); }

static inline gl_t gl_pow(gl_t a, uint64_t e)
{
    gl_t r = 1;
    for (; e; e >>= 1, a = gl_mul(a, a))
        if (e & 1)
            r = gl_mul(r, a);
    return r;
}

/* a^-1; by convention gl_inv(0) = 0. */
static inline gl_t gl_inv(gl_t a) { return gl_pow(a, GL_P - 2); }

/* out[i] = in[i]^-1 with one inversion (Montgomery's trick); zeros map to
 * zero. out may alias in. */
void gl_batch_inv(gl_t *out, const gl_t *in, size_t n);

/* A generator of the subgroup of order 2^log_n (log_n <= 32). */
gl_t gl_root_of_unity(unsigned log_n);

/* ---- quadratic extension: a + b X, X^2 = 7 ---- */

typedef struct gl2_t {
    gl_t a, b;
} gl2_t;

static inline gl2_t gl2(gl_t a, gl_t b) { return (gl2_t){a, b}; }
static inline gl2_t gl2_from_base(gl_t a) { return (gl2_t){a, 0}; }
static inline int gl2_eq(gl2_t x, gl2_t y) { return x.a == y.a && x.b == y.b; }
static inline gl2_t gl2_add(gl2_t x, gl2_t y) { return (gl2_t){gl_add(x.a, y.a), gl_add(x.b, y.b)}; }
static inline gl2_t gl2_sub(gl2_t x, gl2_t y) { return (gl2_t){gl_sub(x.a, y.a), gl_sub(x.b, y.b)}; }
static inline gl2_t gl2_neg(gl2_t x) { return (gl2_t){gl_neg(x.a), gl_neg(x.b)}; }
static inline gl2_t gl2_mul_base(gl2_t x, gl_t s) { return (gl2_t){gl_mul(x.a, s), gl_mul(x.b, s)}; }
static inline int gl2_is_zero(gl2_t x) { return !(x.a | x.b); }
static inline int gl2_in_base(gl2_t x) { return !x.b; }
static inline gl2_t gl2_add_base(gl2_t x, gl_t s) { return (gl2_t){gl_add(x.a, s), x.b}; }
static inline gl2_t gl2_sub_base(gl2_t x, gl_t s) { return (gl2_t){gl_sub(x.a, s), x.b}; }
static inline gl2_t gl2_base_sub(gl_t s, gl2_t x) { return (gl2_t){gl_sub(s, x.a), gl_neg(x.b)}; }
/* x * X (X^2 = 7) */
static inline gl2_t gl2_mul_x(gl2_t v) { return (gl2_t){gl_mul(v.b, GL_EXT_W), v.a}; }

/* x * y with three reductions: both 128-bit sums (x.a y.a + 7 x.b y.b, and the
 * cross term) wrap at most once, and a wrap is 2^128 = -2^32 (mod p). */
static inline gl2_t gl2_mul(gl2_t x, gl2_t y)
{
    gl_t bb = gl_mul(x.b, y.b);
    unsigned __int128 p0 = (unsigned __int128)x.a * y.a, re = p0 + (unsigned __int128)bb * GL_EXT_W;
    unsigned __int128 p1 = (unsigned __int128)x.a * y.b, cr = p1 + (unsigned __int128)x.b * y.a;
    gl_t real = gl_sub(gl_reduce128(re), (uint64_t)(re < p0) << 32);
    gl_t cross = gl_sub(gl_reduce128(cr), (uint64_t)(cr < p1) << 32);
    return (gl2_t){real, cross};
}

static inline gl2_t gl2_sqr(gl2_t x) { return gl2_mul(x, x); }

/* x^-1 = (a - bX) / (a^2 - 7 b^2); gl2_inv(0) = 0. */
static inline gl2_t gl2_inv(gl2_t x)
{
    gl_t norm = gl_sub(gl_sqr(x.a), gl_mul(GL_EXT_W, gl_sqr(x.b)));
    gl_t ni = gl_inv(norm);
    return (gl2_t){gl_mul(x.a, ni), gl_neg(gl_mul(x.b, ni))};
}

static inline gl2_t gl2_pow(gl2_t x, uint64_t e)
{
    gl2_t r = {1, 0};
    for (; e; e >>= 1, x = gl2_mul(x, x))
        if (e & 1)
            r = gl2_mul(r, x);
    return r;
}

/* Batch inversion in the extension (zeros map to zero); out may alias in. */
void gl2_batch_inv(gl2_t *out, const gl2_t *in, size_t n);

#endif
