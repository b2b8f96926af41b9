/* stark_ext.c — the parts of prover/stark that compute in the challenge
 * field, written once over glx.h and compiled once per degree (meson:
 * -DSTARK_EXT_DEG=2 and =3, exported names suffixed _d2 / _d3): coset
 * folding, final-polynomial evaluation, drawing and absorbing extension
 * elements. Invariant: at degree 2 every function computes exactly what the
 * GF(p^2)-only code did (same values, same transcript bytes), so proofs of
 * today's format are unchanged. */
#include <string.h>

#include "stark_ext.h"

#define GL_INV2 0x7fffffff80000001ull /* (p + 1) / 2 */

/* One fold halves the coset: with x the point of v[j] and -x that of
 * v[j + half], f(x) = e(x^2) + x o(x^2) gives e = (f(x) + f(-x)) / 2 and
 * o = (f(x) - f(-x)) / 2x, and the folded value is e + beta o. */
glx_t fri_fold_coset(const glx_t *vals, unsigned arity, unsigned l, gl_t shift, size_t row,
                     glx_t beta)
{
    glx_t v[8];
    size_t m = (size_t)1 << arity, R = (size_t)1 << (l - arity);
    memcpy(v, vals, m * sizeof *v);
    gl_t w = gl_root_of_unity(l), s = shift;
    for (unsigned h = arity; h > 0; h--) {
        size_t half = m / 2;
        for (size_t j = 0; j < half; j++) {
            gl_t x = gl_mul(s, gl_pow(w, row + j * R));
            gl_t inv2x = gl_mul(gl_inv(x), GL_INV2);
            glx_t e = glx_mul_base(glx_add(v[j], v[j + half]), GL_INV2);
            glx_t o = glx_mul_base(glx_sub(v[j], v[j + half]), inv2x);
            v[j] = glx_add(e, glx_mul(beta, o));
        }
        m = half;
        s = gl_sqr(s);
        w = gl_sqr(w);
        beta = glx_sqr(beta);
    }
    return v[0];
}

glx_t fri_poly_eval(const glx_t *c, size_t n, glx_t x)
{
    glx_t acc = glx_from_base(0);
    for (size_t i = n; i-- > 0;)
        acc = glx_add(glx_mul(acc, x), c[i]);
    return acc;
}

glx_t tr_challenge(stark_tr *t)
{
    gl_t c[GLX_D];
    for (int d = 0; d < GLX_D; d++)
        c[d] = tr_gl(t);
    return glx_load(c);
}

void tr_absorb_ext(stark_tr *t, const glx_t *v, size_t n)
{
    tr_absorb_u64(t, n);
    for (size_t i = 0; i < n; i++) {
        gl_t c[GLX_D];
        glx_store(c, v[i]);
        for (int d = 0; d < GLX_D; d++)
            tr_absorb_u64(t, c[d]);
    }
}
