/* stark_glx.h — prototypes of prover/stark's extension-generic functions,
 * written once over glx.h and defined in the per-degree files (stark_ext.h),
 * compiled once per challenge-field degree. stark_int.h includes this file once per degree
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
/* air_logup_term (air.h) in this field. */
air_xe GLX_NAME(air_logup_term)(unsigned bus, const gl_t *vals, size_t n_vals, gl_t mult,
                                const air_chal *ch);
/* stark_prove / stark_verify with challenges from this field (common.c
 * dispatches on params.ext_degree). */
int GLX_NAME(stark_prove)(const air_system *sys, const gl_t *pub, size_t n_pub,
                          const gl_matrix *traces, const stark_prove_opts *opts, stark_proof *out,
                          uvm_err *err);
int GLX_NAME(stark_verify)(const air_system *sys, const gl_t *pub, size_t n_pub,
                           const stark_proof *p, const stark_policy *pol, uvm_err *err);
