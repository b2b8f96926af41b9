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
    /* challenge-field degree of the prove or verify in progress (2 or 3; set
     * by stark_layout_build, as quot_w): an aux column is ext_d base columns */
    unsigned ext_d;
    uint8_t *inter_mask; /* nodes needed to evaluate the interactions */
    air_expr *col_ids;   /* shared column-reference nodes, -1 = not yet made */
    /* block scratch layout (air_eval_block) at challenge degree 2 and 3:
     * an ext node takes GLX_D * AIR_BLOCK gl_t (stark_ext.h AIR_NODE_OFF) */
    size_t *node_off, *node_off3;
    uint8_t *invariant;  /* node value is the same on every row (constants, challenges) */
    size_t scratch_len, scratch_len3;
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

#define AIR_BLOCK 32 /* rows per block: a chip's scratch stays in L2 */

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
    /* carry * 2^128 = -carry * 2^32 (mod p): a shift, not a product, while
     * carry < 2^32 (fewer than 2^32 terms) */
    if (a->carry < ((uint64_t)1 << 32))
        return gl_sub(gl_reduce128(a->s), a->carry << 32);
    return gl_add(gl_reduce128(a->s), gl_mul(gl_from_u64(a->carry), 0xfffffffe00000001ull));
}


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
void tr_absorb_digests(stark_tr *t, const hash_digest *d, size_t n);
/* A uniform base-field element (rejection sampling of 64-bit words). */
gl_t tr_gl(stark_tr *t);
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
/* Builds the layout for these heights and challenge degree ext_d (2, 3);
 * also sets every chip's quot_w and ext_d (the
 * system is used by one prove or verify at a time). */
int stark_layout_build(stark_layout *L, const air_system *sys, const uint32_t *log_h,
                       unsigned log_blowup, unsigned ext_d, uvm_err *err);
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
 * (aux and quotient in base columns: ext_d per extension column)
 * (a height group's quotient chunks sit in its first chip's slot). */
size_t stark_chip_n_ood(const air_chip *c);

/* Absorbs the system shape, parameters and public inputs. */
void stark_absorb_header(stark_tr *t, const air_system *sys, const stark_params *p,
                         uint32_t hash_kind, const uint32_t *log_h, const gl_t *pub, size_t n_pub);

/* ---- FRI ---- */
/* The layer schedule: layer t folds 2^lay_log[t] points by 2^lay_arity[t]. */
typedef struct fri_sched {
    size_t n_layers;
    unsigned lay_log[40], lay_arity[40];
    unsigned l_final;
} fri_sched;
void fri_schedule(fri_sched *s, unsigned lmax, const stark_params *p);

/* The extension-generic functions (stark_ext.c), at both degrees:
 * fri_fold_coset_d2 / _d3, fri_poly_eval_d2 / _d3, tr_challenge_d2 / _d3,
 * tr_absorb_ext_d2 / _d3. The prover and verifier still call the _d2 ones
 * (GF(p^2) challenges, the only degree proofs use so far). */
#define GLX_DEG 2
#include "glx.h"
#include "stark_glx.h"
#undef GLX_DEG
#define GLX_DEG 3
#include "glx.h"
#include "stark_glx.h"
#undef GLX_DEG

/* The root of the LDE (coset stark_lde_shift) of the fixed columns `cols`,
 * from the known table or memo when their key matches (fixed_root.c). */
int stark_fixed_root(const hash_ops *h, unsigned log_blowup, const gl_matrix *cols,
                     hash_digest *root, uvm_err *err);

static inline unsigned stark_log2_ceil(unsigned v)
{
    unsigned l = 0;
    while ((1u << l) < v)
        l++;
    return l;
}

#endif
