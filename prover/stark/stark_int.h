/* stark_int.h — internals shared by the AIR, transcript, FRI, prover and
 * verifier files of prover/stark (not a public header).
 * Invariant: node ids in a chip's DAG only refer to smaller ids, so a single
 * forward pass evaluates the whole DAG. */
#ifndef UVM_STARK_INT_H
#define UVM_STARK_INT_H

#include <stdint.h>

#include "air.h"
#include "hash.h"
#include "stark.h"

typedef enum air_op {
    AIR_OP_CONST, AIR_OP_MAIN, AIR_OP_FIXED, AIR_OP_AUX, AIR_OP_PUB, AIR_OP_CHAL, AIR_OP_SUM,
    AIR_OP_ADD, AIR_OP_SUB, AIR_OP_MUL, AIR_OP_NEG,
} air_op;

enum { AIR_CHAL_BETA = 0, AIR_CHAL_GAMMA = 1, AIR_N_CHAL = 2 };

typedef struct air_node {
    uint8_t op, next, ext, deg; /* ext: value lies in the extension */
    uint32_t a, b;              /* children, or column / index */
    gl_t c;                     /* constant */
} air_node;

typedef struct air_constraint {
    air_when when;
    air_expr e;
    char *name; /* "chip/when/name" */
} air_constraint;

#define AIR_MAX_PACK 32 /* interactions in one LogUp aux column (degree budget <= 33) */

typedef struct air_inter {
    unsigned bus;
    int send;
    size_t n_vals;
    air_expr vals[AIR_MAX_TUPLE];
    air_expr mult;
} air_inter;

struct air_chip {
    air_system *sys;
    char *name;
    unsigned n_main, n_fixed;
    unsigned n_aux;   /* extension columns: one per LogUp group, plus the running sum */
    size_t n_lu;      /* LogUp groups: interactions lu_first[g] .. lu_first[g+1]-1 (<= AIR_MAX_PACK) */
    size_t *lu_first; /* n_lu + 1 entries */
    air_node *nodes;
    size_t n_nodes, cap_nodes;
    air_constraint *cons;
    size_t n_cons, cap_cons;
    air_inter *inter;
    size_t n_inter, cap_inter;
    air_fixed_fn fixed_fn;
    const void *fixed_ctx;
    unsigned max_deg;
    unsigned log_qf;  /* quotient degree factor 2^log_qf: chunks this chip needs alone */
    /* Base quotient columns this chip carries in the current layout (set by
     * stark_layout_build; 2 << log_qf after finalize): the chips of one height
     * share one quotient, carried by the group's first chip (2 << the group's
     * largest log_qf), the others carry 0. */
    size_t quot_w;
    uint8_t *inter_mask; /* nodes needed to evaluate the interactions */
    air_expr *col_ids;   /* shared column-reference nodes, -1 = not yet made */
    size_t *node_off;    /* block scratch layout (air_eval_block) */
    uint8_t *invariant;  /* node value is the same on every row (constants, challenges) */
    size_t scratch_len;
};

struct air_system {
    char *name;
    size_t n_public;
    air_chip **chips;
    size_t n_chips, cap_chips;
    air_public_fn pub_fn;
    const void *pub_ctx;
    unsigned max_degree; /* LogUp packing budget (air_system_set_max_degree); 0: 3 */
    unsigned quot_share; /* its cost model's chips per quotient (0: quotient free) */
    uint64_t n_pub_fractions; /* LogUp fractions of pub_fn at most (security.h) */
    int finalized;
    int failed;
    char errmsg[UVM_ERR_MAX];
};

/* Scalar evaluation at one point (verifier at zeta, debug check on a row):
 * the opened values in the extension. aux values are extension columns. */
typedef struct air_point {
    const gl2_t *main_cur, *main_next, *fixed_cur, *fixed_next, *aux_cur, *aux_next;
    const gl_t *pub;
    gl2_t chal[AIR_N_CHAL];
    gl2_t sum;
} air_point;

/* Evaluates every node of c at the point into vals[n_nodes]. */
void air_eval_point(const air_chip *c, const air_point *pt, gl2_t *vals);

/* Block evaluation over a domain of rows (prover). Row j of the evaluation
 * domain reads matrix row (j * step) & (n - 1), and its "next" row
 * (j * step + next) & (n - 1). Matrices are row-major with `stride` elements
 * per row; the chip's columns start at `off`. aux columns are pairs of base
 * columns (a, b) for a + bX. */
typedef struct air_src {
    const gl_t *main, *fixed, *aux;
    size_t main_stride, main_off, fixed_stride, fixed_off, aux_stride, aux_off;
    size_t n, step, next;
    const gl_t *pub;
    gl2_t chal[AIR_N_CHAL];
    gl2_t sum;
} air_src;

#define AIR_BLOCK 32 /* rows per block: a chip's scratch stays in L2 */

/* Scratch: node k's values start at gl_t offset c->node_off[k] (AIR_BLOCK
 * gl_t for a base node, 2 * AIR_BLOCK for an ext node, as gl2_t[]);
 * c->scratch_len gl_t in all. */
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
    return scr + c->node_off[e];
}
static inline const gl2_t *air_blk_ext(const air_chip *c, const gl_t *scr, air_expr e)
{
    return (const gl2_t *)(scr + c->node_off[e]);
}

/* Lazy dot products: sum of 128-bit products with a carry count, reduced
 * once (2^128 = -2^32 mod p). Saves a reduction per term in hot loops. */
typedef struct gl_acc {
    unsigned __int128 s;
    uint64_t carry;
} gl_acc;
static inline void gl_acc_mul_add(gl_acc *a, gl_t x, gl_t y)
{
    unsigned __int128 p = (unsigned __int128)x * y;
    a->s += p;
    a->carry += a->s < p;
}
static inline gl_t gl_acc_get(const gl_acc *a)
{
    return gl_add(gl_reduce128(a->s), gl_mul(gl_from_u64(a->carry), 0xfffffffe00000001ull));
}

/* x * X in the extension (X^2 = 7). */
static inline gl2_t gl2_mul_x(gl2_t v) { return (gl2_t){gl_mul(v.b, GL_EXT_W), v.a}; }

/* Debug check: every row of one chip against every constraint; names the
 * first failure. aux may be NULL (then only main-only constraints run). */
int air_check_rows(const air_chip *c, const gl_matrix *main, const gl_matrix *fixed,
                   const gl_matrix *aux, const gl_t *pub, const gl2_t *chal, gl2_t sum,
                   uvm_err *err);

/* ---- transcript (Fiat-Shamir over hash.h bytes) ---- */
typedef struct stark_tr {
    const hash_ops *h;
    uint8_t *buf;  /* [0, 32): state; then absorbed bytes */
    size_t len, cap;
    int oom;
} stark_tr;

int tr_init(stark_tr *t, const hash_ops *h, const char *label);
void tr_free(stark_tr *t);
void tr_absorb(stark_tr *t, const void *data, size_t len);
void tr_absorb_u64(stark_tr *t, uint64_t v);
void tr_absorb_gl2s(stark_tr *t, const gl2_t *v, size_t n);
void tr_absorb_digests(stark_tr *t, const hash_digest *d, size_t n);
gl2_t tr_challenge(stark_tr *t);
uint64_t tr_u64(stark_tr *t);
/* Proof of work: nonce such that H(state || nonce) starts with `bits` zero bits. */
uint64_t tr_grind(stark_tr *t, unsigned bits);
int tr_check_grind(stark_tr *t, unsigned bits, uint64_t nonce);

/* ---- layout of commitments, shared by prover and verifier ---- */
enum { ST_FIXED = 0, ST_MAIN = 1, ST_AUX = 2, ST_QUOT = 3, ST_N = 4 };

typedef struct stark_layout {
    size_t n_chips;
    unsigned log_blowup, lmax;           /* lmax: largest LDE log size */
    unsigned *log_h;                     /* per chip */
    /* per stage: groups of chips with the same height, descending */
    size_t n_groups[ST_N];
    unsigned *group_log_h[ST_N];
    size_t *group_width[ST_N];
    size_t *chip_group[ST_N];            /* per chip: group index, or SIZE_MAX */
    size_t *chip_off[ST_N];              /* per chip: first column in its group */
    size_t n_heights;                    /* distinct chip heights, descending */
    unsigned *heights;
} stark_layout;

/* Stages committed as one mixed-height tree (merkle_commit_mixed) over all
 * their groups: all but the fixed stage, whose per-group roots are constants. */
static inline int stark_stage_mixed(int st) { return st != ST_FIXED; }

/* Base-field column count of chip c in stage st (quotient: c->quot_w). */
size_t stark_stage_width(const air_chip *c, int st);
/* Builds the layout for these heights; also sets every chip's quot_w (the
 * system is used by one prove or verify at a time). */
int stark_layout_build(stark_layout *L, const air_system *sys, const uint32_t *log_h,
                       unsigned log_blowup, uvm_err *err);
void stark_layout_free(stark_layout *L);
/* Coset shift of FRI layer l (2^l points) when layer 0 is the largest LDE
 * (2^lmax points, shift g): g^(2^(lmax - l)), what folding lands on. */
gl_t stark_shift(unsigned lmax, unsigned l_lde);
/* Coset shift of every committed LDE (fixed, main, aux, quotient), whatever
 * its height: g. So a tree depends only on its own columns and height, never
 * on the proof's largest height, and a fixed table's commitment is a constant.
 * A smaller height's reduced opening is lifted onto the top LDE (fri_prove.c
 * lift_all): row i of the top reads its row i mod its size. */
static inline gl_t stark_lde_shift(void) { return GL_GENERATOR; }
/* Number of opened values (ood) of chip c: (fixed+main+aux) * 2 + quot_w
 * (a height group's quotient chunks sit in its first chip's slot). */
size_t stark_chip_n_ood(const air_chip *c);

/* Absorbs the system shape, parameters and public inputs. */
void stark_absorb_header(stark_tr *t, const air_system *sys, const stark_params *p,
                         uint32_t hash_kind, const uint32_t *log_h, const gl_t *pub, size_t n_pub);

/* DEEP batching of the columns of height log_h: coef[st] (if non-NULL, one
 * array per stage of that height's group width) receives alpha^k per column;
 * returns K = number of columns, *k_nq = non-quotient ones; *A, *B combine
 * the opened values at zeta and zeta*w. */
size_t stark_deep_cols(const stark_layout *L, const air_system *sys, const gl2_t *ood,
                       unsigned log_h, gl2_t alpha, gl2_t **coef, size_t *k_nq, gl2_t *A, gl2_t *B);

/* ---- FRI ---- */
/* The layer schedule: layer t folds 2^lay_log[t] points by 2^lay_arity[t]. */
typedef struct fri_sched {
    size_t n_layers;
    unsigned lay_log[40], lay_arity[40];
    unsigned l_final;
} fri_sched;
void fri_schedule(fri_sched *s, unsigned lmax, const stark_params *p);
/* Folds the coset of 2^arity values read from row `row` of a layer of 2^l points
 * with shift `shift`; returns the folded value. */
gl2_t fri_fold_coset(const gl2_t *vals, unsigned arity, unsigned l, gl_t shift, size_t row,
                     gl2_t beta);
/* Evaluates the polynomial with coefficients c[0..n) at x. */
gl2_t fri_poly_eval(const gl2_t *c, size_t n, gl2_t x);

/* The constraint identity at zeta, one per height group: the combined
 * constraints of the group's chips (alpha powers continue from chip to chip
 * in chip order) over the selector denominators equal sum_c zeta^(cn) Q_c(zeta)
 * of the group's quotient. ood in canonical order, sums per chip. Used by the
 * verifier and the prover's self-check. */
int stark_ood_check(const air_system *sys, const stark_layout *L, const gl2_t *ood,
                    const gl_t *pub, const gl2_t *chal, const gl2_t *sums, gl2_t alpha,
                    gl2_t zeta, uvm_err *err);

/* The root of the LDE (coset stark_lde_shift) of the fixed columns `cols`,
 * from the known table or memo when their key matches (fixed_root.c). */
int stark_fixed_root(const hash_ops *h, unsigned log_blowup, const gl_matrix *cols,
                     hash_digest *root, uvm_err *err);

/* The verifier's query phase (verify_query.c). */
int vf_queries(const air_system *sys, const stark_proof *p, const hash_ops *h, const stark_layout *L,
               const fri_sched *sc, const hash_digest *fixed_roots, const uint64_t *qi,
               const gl2_t *betas, gl2_t fa, gl2_t lift, gl2_t zeta, uvm_err *err);

static inline unsigned stark_log2_ceil(unsigned v)
{
    unsigned l = 0;
    while ((1u << l) < v)
        l++;
    return l;
}

#endif
