/* stark_ext.h — what prover/stark's per-degree translation units share
 * (air_eval.c, prove.c, quotient.c, fri_prove.c, verify.c, verify_query.c,
 * stark_ext.c): each is compiled once per challenge-field degree with
 * -DSTARK_EXT_DEG=2 or 3, computes in glx_t (glx.h) and exports its
 * functions under per-degree names (the macros below: f -> f_d2 / f_d3), so
 * the code is written once and both copies link into one library.
 * Invariant: at degree 2 the code computes exactly what the GF(p^2)-only
 * code did; only stark_prove / stark_verify (common.c) pick a degree. */
#ifndef UVM_STARK_EXT_H
#define UVM_STARK_EXT_H

#include "stark_int.h"

#ifndef STARK_EXT_DEG
#error "a per-degree file of prover/stark is compiled with -DSTARK_EXT_DEG=2 or 3"
#endif
#define GLX_DEG STARK_EXT_DEG
#include "glx.h"

/* the exported names, per degree (stark_glx.h declares those callable from
 * degree-independent code) */
#define air_eval_point GLX_NAME(air_eval_point)
#define air_eval_block GLX_NAME(air_eval_block)
#define air_eval_block_warm GLX_NAME(air_eval_block_warm)
#define air_check_rows GLX_NAME(air_check_rows)
#define air_logup_term_x GLX_NAME(air_logup_term)
#define stark_deep_cols GLX_NAME(stark_deep_cols)
#define stark_ood_check GLX_NAME(stark_ood_check)
#define vf_queries GLX_NAME(vf_queries)
#define fri_fold_coset GLX_NAME(fri_fold_coset)
#define fri_poly_eval GLX_NAME(fri_poly_eval)
#define tr_challenge GLX_NAME(tr_challenge)
#define tr_absorb_ext GLX_NAME(tr_absorb_ext)
#define stark_prove_x GLX_NAME(stark_prove)
#define stark_verify_x GLX_NAME(stark_verify)
#define pv_quotients GLX_NAME(pv_quotients)
#define pv_ood GLX_NAME(pv_ood)
#define pv_fri GLX_NAME(pv_fri)
#define pv_commit_matrix GLX_NAME(pv_commit_matrix)
#define pv_commit_mixed GLX_NAME(pv_commit_mixed)
#define pv_now GLX_NAME(pv_now)

/* the block scratch layout of this degree (air.c finalize_chip) */
#define AIR_NODE_OFF(c) (GLX_D == 2 ? (c)->node_off : (c)->node_off3)
#define AIR_SCRATCH_LEN(c) (GLX_D == 2 ? (c)->scratch_len : (c)->scratch_len3)

/* The LogUp challenges as the public-sum callback takes them (air.h). */
static inline air_chal glx_air_chal(glx_t beta, glx_t gamma)
{
    air_chal ch = {.deg = GLX_D};
    glx_store(ch.beta.c, beta);
    glx_store(ch.gamma.c, gamma);
    return ch;
}

/* Scalar evaluation at one point (verifier at zeta, debug check on a row):
 * the opened values in the extension. aux values are extension columns. */
typedef struct air_point {
    const glx_t *main_cur, *main_next, *fixed_cur, *fixed_next, *aux_cur, *aux_next;
    const gl_t *pub;
    glx_t chal[AIR_N_CHAL];
    glx_t sum;
} air_point;

/* Evaluates every node of c at the point into vals[n_nodes]. */
void air_eval_point(const air_chip *c, const air_point *pt, glx_t *vals);

/* Block evaluation over a domain of rows (prover). Row j of the evaluation
 * domain reads matrix row (j * step) & (n - 1), and its "next" row
 * (j * step + next) & (n - 1). Matrices are row-major with `stride` elements
 * per row; the chip's columns start at `off`. aux columns are GLX_D base
 * columns each, the coefficients low first. */
typedef struct air_src {
    const gl_t *main, *fixed, *aux;
    size_t main_stride, main_off, fixed_stride, fixed_off, aux_stride, aux_off;
    size_t n, step, next;
    const gl_t *pub;
    glx_t chal[AIR_N_CHAL];
    glx_t sum;
} air_src;


/* Scratch: node k's values start at gl_t offset AIR_NODE_OFF(c)[k] (AIR_BLOCK
 * gl_t for a base node, GLX_D * AIR_BLOCK for an ext node, as glx_t[]);
 * AIR_SCRATCH_LEN(c) gl_t in all. */
void air_eval_block(const air_chip *c, const air_src *s, size_t j0, size_t cnt,
                    const uint8_t *mask, gl_t *scratch);
/* As air_eval_block without a mask, but when `warm` the row-invariant nodes
 * (c->invariant) are taken as already in scratch from an earlier call with
 * the same chip and the same src (not warm: they are filled for all
 * AIR_BLOCK slots). Saves re-filling constants and challenge products. */
void air_eval_block_warm(const air_chip *c, const air_src *s, size_t j0, size_t cnt, int warm,
                         gl_t *scratch);
static inline const gl_t *air_blk_base(const air_chip *c, const gl_t *scr, air_expr e)
{
    return scr + AIR_NODE_OFF(c)[e];
}
static inline const glx_t *air_blk_ext(const air_chip *c, const gl_t *scr, air_expr e)
{
    return (const glx_t *)(scr + AIR_NODE_OFF(c)[e]);
}


/* Debug check: every row of one chip against every constraint; names the
 * first failure. aux may be NULL (then only main-only constraints run). */
int air_check_rows(const air_chip *c, const gl_matrix *main, const gl_matrix *fixed,
                   const gl_matrix *aux, const gl_t *pub, const glx_t *chal, glx_t sum,
                   uvm_err *err);


/* DEEP batching of the columns of height log_h: coef[st] (if non-NULL, one
 * array per stage of that height's group width) receives alpha^k per column;
 * returns K = number of columns, *k_nq = non-quotient ones; *A, *B combine
 * the opened values at zeta and zeta*w. */
size_t stark_deep_cols(const stark_layout *L, const air_system *sys, const glx_t *ood,
                       unsigned log_h, glx_t alpha, glx_t **coef, size_t *k_nq, glx_t *A, glx_t *B);


/* The constraint identity at zeta, one per height group: the combined
 * constraints of the group's chips (alpha powers continue from chip to chip
 * in chip order) over the selector denominators equal sum_c zeta^(cn) Q_c(zeta)
 * of the group's quotient. ood in canonical order, sums per chip. Used by the
 * verifier and the prover's self-check. */
int stark_ood_check(const air_system *sys, const stark_layout *L, const glx_t *ood,
                    const gl_t *pub, const glx_t *chal, const glx_t *sums, glx_t alpha,
                    glx_t zeta, uvm_err *err);


/* The verifier's query phase (verify_query.c). */
int vf_queries(const air_system *sys, const stark_proof *p, const hash_ops *h, const stark_layout *L,
               const fri_sched *sc, const hash_digest *fixed_roots, const uint64_t *qi,
               const glx_t *betas, glx_t fa, glx_t lift, glx_t zeta, uvm_err *err);


#endif
