/* ext_checks.h — checks of stark_ext.c at one challenge-field degree, written
 * once over glx.h; test_stark.c includes this file once per degree (GLX_DEG 2
 * and 3; no include guard on purpose). */

/* f(X) = sum c_k X^k of degree < 16 on the coset g*H_32: folding by 8 with
 * beta gives sum_k beta^k f_k(Y), f = sum_k X^k f_k(X^8), Y = X^8. */
static void GLX_NAME(check_fold_matches_poly)(void)
{
    glx_t c[16], beta;
    gl_t co[GLX_D];
    for (int k = 0; k < 16; k++) {
        for (int d = 0; d < GLX_D; d++)
            co[d] = (gl_t)((d + 1) * k * k + 3 * k + d + 1);
        c[k] = glx_load(co);
    }
    for (int d = 0; d < GLX_D; d++)
        co[d] = (gl_t)(12345 + 333 * d * d);
    beta = glx_load(co);
    unsigned l = 5, a = 3;
    gl_t shift = GL_GENERATOR, w = gl_root_of_unity(l);
    size_t R = (size_t)1 << (l - a);
    for (size_t row = 0; row < R; row++) {
        glx_t v[8];
        for (size_t j = 0; j < 8; j++)
            v[j] = GLX_NAME(fri_poly_eval)(c, 16, glx_from_base(gl_mul(shift, gl_pow(w, row + j * R))));
        glx_t got = GLX_NAME(fri_fold_coset)(v, a, l, shift, row, beta);
        gl_t y = gl_pow(gl_mul(shift, gl_pow(w, row)), 8);
        glx_t want = glx_from_base(0), bk = glx_from_base(1);
        for (int k = 0; k < 8; k++, bk = glx_mul(bk, beta)) {
            glx_t fk = glx_add(c[k], glx_mul_base(c[k + 8], y)); /* f_k(Y) = c_k + c_(k+8) Y */
            want = glx_add(want, glx_mul(bk, fk));
        }
        assert_true(glx_eq(got, want));
        /* a wrong beta folds to another value */
        glx_t other = glx_add(beta, glx_from_base(1));
        assert_false(glx_eq(GLX_NAME(fri_fold_coset)(v, a, l, shift, row, other), want));
    }
}

/* A challenge is GLX_D base-field draws, low first; absorbing an element
 * absorbs its GLX_D coefficients, so the next challenge depends on each. */
static void GLX_NAME(check_transcript_ext)(void)
{
    const hash_ops *h = hash_get(HASH_SHA256);
    for (int d = 0; d < GLX_D; d++) {
        stark_tr a, b;
        assert_int_equal(tr_init(&a, h, "ext"), 0);
        assert_int_equal(tr_init(&b, h, "ext"), 0);
        gl_t co[GLX_D];
        glx_t x = GLX_NAME(tr_challenge)(&a);
        for (int e = 0; e < GLX_D; e++)
            co[e] = tr_gl(&b);
        assert_true(glx_eq(x, glx_load(co)));
        glx_t y = x;
        glx_store(co, y);
        co[d] = gl_add(co[d], 1); /* one coefficient differs */
        y = glx_load(co);
        GLX_NAME(tr_absorb_ext)(&a, &x, 1);
        GLX_NAME(tr_absorb_ext)(&b, &y, 1);
        assert_false(glx_eq(GLX_NAME(tr_challenge)(&a), GLX_NAME(tr_challenge)(&b)));
        tr_free(&a);
        tr_free(&b);
    }
}
