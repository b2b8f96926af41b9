/* security.h — the soundness of a STARK proof in bits, computed from its
 * shape the way the Ethereum Foundation's soundcalc computes it, in three
 * regimes: unique decoding and the Johnson bound (provable), and the
 * conjectured one (the ethSTARK toy-problem query bound that soundcalc keeps
 * as its reference, with the same field-size terms at list size 1).
 * Invariant: the calculator is a pure function of a stark_sec_shape; every
 * regime's figure is the minimum over all its terms, field-size terms
 * included, and names the term that binds. Formulas: docs/security.md. */
#ifndef UVM_STARK_SECURITY_H
#define UVM_STARK_SECURITY_H

#include <stddef.h>
#include <stdint.h>

#include "stark.h"

/* The terms, each an upper bound on one round's soundness error. */
typedef enum stark_sec_term {
    STARK_SEC_ALI,    /* constraint combination: l * C / |F| */
    STARK_SEC_DEEP,   /* out-of-domain point: l * sum_h (d (N_h + m - 1) + N_h - 1) / (|F| - N - D) */
    STARK_SEC_BATCH,  /* DEEP + lifting batching of B functions, powers: (B - 1) eps_lin(n) */
    STARK_SEC_COMMIT, /* FRI folding round i by a_i: (a_i - 1) eps_lin(n_i); the worst round */
    STARK_SEC_LOGUP,  /* LogUp: fractions * tuple width / |F| */
    STARK_SEC_QUERY,  /* FRI queries: (1 - theta)^t 2^-grinding */
    STARK_SEC_N_TERMS
} stark_sec_term;

#define STARK_SEC_MAX_HEIGHTS (STARK_MAX_LOG_HEIGHT + 1)
#define STARK_SEC_MAX_ROUNDS 40

/* What the calculator needs to know of a proof. */
typedef struct stark_sec_shape {
    unsigned ext_degree;      /* challenges from GF(p^ext_degree), p = Goldilocks (2 or 3) */
    unsigned log_blowup;      /* rate rho = 2^-log_blowup */
    unsigned n_queries, grinding_bits, log_final;
    unsigned n_heights;       /* distinct chip heights, descending */
    unsigned log_h[STARK_SEC_MAX_HEIGHTS]; /* log_h[0]: the lifted FRI polynomial's degree bound */
    uint64_t n_constraints;   /* all chips: one alpha combines them (ALI) */
    unsigned max_degree;      /* largest constraint degree d */
    unsigned opening_points;  /* points per column in the DEEP quotient (zeta, zeta w: 2) */
    uint64_t cols[4];         /* committed base columns, fixed / main / aux / quotient (report only) */
    uint64_t n_batched;       /* functions batched into FRI (DEEP terms over all heights) */
    double logup_fractions;   /* sum over chips of interactions x rows, plus the public ones */
    unsigned logup_tuple;     /* fingerprint degree in beta: the widest tuple */
    unsigned n_rounds;        /* FRI folding rounds */
    unsigned fold_log[STARK_SEC_MAX_ROUNDS]; /* log2 of each round's arity */
    /* Johnson regime: gap to the bound, 1 - sqrt(rho) - theta. 0: the best gap
     * sqrt(rho)/m over integers m >= 3 (any gap gives a valid bound) */
    double johnson_gap;
} stark_sec_shape;

typedef struct stark_sec_result {
    unsigned bits;                        /* min over term[] */
    stark_sec_term binding;               /* the first term reaching it */
    unsigned term[STARK_SEC_N_TERMS];     /* floor(-log2 error) of each term */
    unsigned commit_round;                /* the worst folding round (1-based) */
    double theta, list_size, gap;         /* proximity parameter, list size, Johnson gap */
    char why[80];                         /* the binding term in words ("FRI queries") */
} stark_sec_result;

typedef struct stark_security {
    unsigned ext_degree, log_blowup, n_queries, grinding_bits, log_top;
    stark_sec_result r[STARK_N_REGIMES];
} stark_security;

/* Fills *out from the shape; -1 with a one-line reason if the shape is not
 * one the formulas cover (no height, rate outside 1/2..1/2^10, ...). */
int stark_security_compute(const stark_sec_shape *s, stark_security *out, uvm_err *err);

/* The shape of a proof of `sys` (finalized) with these parameters and chip
 * heights (sys->n_chips entries), as the verifier knows it. Counts the
 * chips' LogUp fractions plus those declared by stark_sec_set_public_fractions. */
int stark_sec_shape_of(const air_system *sys, const stark_params *p, const uint32_t *log_h,
                       stark_sec_shape *out, uvm_err *err);
/* Both steps for a parsed proof of sys. */
int stark_proof_security(const air_system *sys, const stark_proof *p, stark_security *out,
                         uvm_err *err);
/* At most n LogUp fractions come from the public sum (air_public_fn) of this
 * system; counted in every shape of it (0 by default). */
void stark_sec_set_public_fractions(air_system *sys, uint64_t n);

/* Per regime, keeps the weaker of *acc and *seg (segments of one run). */
void stark_security_min(stark_security *acc, const stark_security *seg);

/* "ud", "johnson", "conjectured" and their long names. */
const char *stark_regime_name(stark_regime r);
const char *stark_regime_long(stark_regime r);
/* Parses "REGIME:BITS" or a bare BITS (conjectured); -1 on anything else. */
int stark_regime_parse(const char *s, stark_regime *r, unsigned *bits);

/* One line: "52 bits unique-decoding, 57 Johnson, 95 conjectured (blowup 2,
 * 84 queries, 16 grinding, GF(p^2); binding: ...)". Returns buf. */
const char *stark_security_line(const stark_security *s, char *buf, size_t n);

#endif
