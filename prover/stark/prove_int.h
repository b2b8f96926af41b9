/* prove_int.h — the prover's working state, shared by prove.c (phases,
 * commitments, LogUp), quotient.c (quotient and out-of-domain openings) and
 * fri_prove.c (DEEP batching, FRI, query openings), all per challenge degree
 * (stark_ext.h).
 * Invariant: trees[st][g] holds the LDE of group g of stage st exactly as
 * stark_layout describes it; the fixed stage's groups each have their own
 * Merkle tree, the other stages one mixed tree in trees[st][0].mt. */
#ifndef UVM_PROVE_INT_H
#define UVM_PROVE_INT_H

#include "stark_ext.h"

typedef struct pv_tree {
    gl_matrix lde;
    merkle_tree mt;
} pv_tree;

typedef struct pv_state {
    const air_system *sys;
    const gl_t *pub;
    stark_params P;
    const hash_ops *h;
    stark_layout L;
    stark_tr tr;
    gl_matrix *fixed;          /* per chip (empty if no fixed columns) */
    const gl_matrix *main;     /* per chip, caller's */
    gl_matrix *aux;            /* per chip (empty if no interactions) */
    gl_t **qcoef;              /* per chip: 2 * 2^log_qf columns of n coefficients, column-major */
    pv_tree *trees[ST_N];
    glx_t chal[AIR_N_CHAL];
    glx_t *sums;
    glx_t alpha, zeta;
    glx_t *ood;
    size_t n_ood;
    stark_timings *tm;
} pv_state;

/* quotient.c */
int pv_quotients(pv_state *s, uvm_err *err);
int pv_ood(pv_state *s, uvm_err *err);
/* fri_prove.c: DEEP batching, FRI commit, grinding, queries, openings. */
int pv_fri(pv_state *s, stark_proof *out, stark_timings *tm, uvm_err *err);
/* prove.c: LDE of one stage group matrix (on the coset stark_lde_shift), and
 * its own Merkle tree if own_tree (fixed stage). */
int pv_commit_matrix(pv_state *s, const gl_matrix *trace, pv_tree *t, int own_tree, uvm_err *err);
/* One mixed-height tree (merkle_commit_mixed) over the LDEs of every group of
 * stage st (trees[st][g].lde, heights descending), kept in trees[st][0].mt. */
int pv_commit_mixed(pv_state *s, int st, hash_digest *root, uvm_err *err);

/* Seconds: wall clock, or process CPU time if tm->cpu_time. */
double pv_now(const stark_timings *tm);

#endif
