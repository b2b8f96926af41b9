/* stark_glx.h — prototypes of prover/stark's extension-generic functions,
 * written once over glx.h and defined in stark_ext.c, which is compiled once
 * per challenge-field degree. stark_int.h includes this file once per degree
 * (no include guard on purpose), so every caller sees both the _d2 and the
 * _d3 names. */

/* Folds the coset of 2^arity values read from row `row` of a layer of 2^l points
 * with shift `shift`; returns the folded value. */
glx_t GLX_NAME(fri_fold_coset)(const glx_t *vals, unsigned arity, unsigned l, gl_t shift,
                               size_t row, glx_t beta);
/* Evaluates the polynomial with coefficients c[0..n) at x (Horner). */
glx_t GLX_NAME(fri_poly_eval)(const glx_t *c, size_t n, glx_t x);
/* A uniform extension element: GLX_D uniform base-field draws, low first. */
glx_t GLX_NAME(tr_challenge)(stark_tr *t);
/* Absorbs n, then the GLX_D coefficients of each element, low first. */
void GLX_NAME(tr_absorb_ext)(stark_tr *t, const glx_t *v, size_t n);
