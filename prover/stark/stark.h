/* stark.h — prove and verify an AIR system (air.h) with a DEEP-ALI STARK and
 * FRI over Goldilocks; proof (de)serialization.
 * Invariant: the verifier never trusts the proof: every count, index and
 * parameter is checked against the system and the policy, and a rejection is
 * a one-line named reason in the uvm_err, never an assertion. */
#ifndef UVM_STARK_H
#define UVM_STARK_H

#include <stddef.h>
#include <stdint.h>

#include "air.h"
#include "err.h"
#include "gl.h"
#include "hash.h"
#include "merkle.h"

/* FRI / proof parameters; they are part of the proof and absorbed into the
 * transcript. What they give in bits depends on the proof's shape too:
 * security.h. */
typedef struct stark_params {
    uint8_t log_blowup;    /* 1..4: LDE blowup 2^log_blowup; supports degree <= 2^log_blowup + 1 */
    uint8_t log_arity;     /* 1..3: FRI folds by 2, 4 or 8 per layer */
    uint16_t n_queries;    /* 1..STARK_MAX_QUERIES */
    uint8_t log_final;     /* 0..10: final polynomial has 2^log_final coefficients */
    uint8_t grinding_bits; /* 0..32: proof-of-work bits before the queries */
    /* challenge field GF(p^ext_degree): 0 or 2 = the quadratic extension
     * (X^2 = 7), 3 = the cubic one (X^3 = 7, gl3.h). Every challenge, LogUp
     * aux column, opened value, FRI layer and the final polynomial live in it */
    uint8_t ext_degree;
} stark_params;

/* The challenge field's degree of p: 2 or 3 (0 means 2). */
static inline unsigned stark_ext_deg(const stark_params *p) { return p->ext_degree == 3 ? 3 : 2; }

#define STARK_MAX_QUERIES 512
#define STARK_MAX_LOG_HEIGHT 28

/* Defaults: blowup 2, 84 queries, 16 grinding bits (a query phase of 100
 * bits in the conjectured regime), fold by 8, final polynomial of 8
 * coefficients. Blowup 2 keeps the LDE (and
 * every Merkle tree) smallest and still fits degree-3 constraints.
 * Benchmarking: UVM_STARK_PARAMS=log_blowup/queries/grinding (e.g. 2/42/16)
 * in the environment replaces those three (a malformed value makes every
 * prove fail stark_params_check; verifiers apply their policy as always). */
stark_params stark_params_default(void);
/* The conjectured regime's query-phase bits, n_queries * log_blowup +
 * grinding_bits (ethSTARK toy problem): an upper bound on every regime's
 * figure, and the only one that needs no proof shape. */
unsigned stark_params_security(const stark_params *p);
/* Named settings (uvm prove --proof-size; bits in docs/security.md):
 * "fast" = stark_params_default(), "small" = blowup 8, 26 queries, 22
 * grinding bits (~3x the prove CPU and memory for ~0.4x the STARK bytes);
 * the provable sets are listed by stark_params_names. Returns -1 for
 * another name. */
int stark_params_named(const char *name, stark_params *out);
/* The names stark_params_named knows, comma-separated ("fast, small, ..."). */
const char *stark_params_names(void);
/* Checks parameter ranges (ext_degree 0, 2 or 3), and (if min_bits)
 * requires stark_params_security >= min_bits. */
int stark_params_check(const stark_params *p, unsigned min_bits, uvm_err *err);
/* The constraint degree budget 2^log_blowup + 1 (3 when log_blowup is outside
 * 1..4: such parameters are refused anyway), for air_system_set_max_degree. */
unsigned stark_max_degree(const stark_params *p);

/* The security regimes of security.h: unique decoding and the Johnson bound
 * (provable), and the conjectured one (0, so that a policy written as
 * {.min_security_bits = N} keeps its old meaning). */
typedef enum stark_regime {
    STARK_REGIME_CONJ = 0,
    STARK_REGIME_UD = 1,
    STARK_REGIME_JOHNSON = 2,
    STARK_N_REGIMES = 3
} stark_regime;

/* What a verifier accepts. */
typedef struct stark_policy {
    /* the proof's bits in `regime` (security.h, computed from the proof's
     * shape) must reach min_security_bits; 0 = no bound. Default: 90
     * conjectured (docs/security.md: what the default set reaches at the
     * largest default segment, the field-size terms included) */
    unsigned min_security_bits;
    stark_regime regime;
    /* largest chip height accepted (0 = STARK_MAX_LOG_HEIGHT): bounds the
     * verifier's work recomputing preprocessed commitments for a hostile proof */
    unsigned max_log_height;
} stark_policy;
stark_policy stark_policy_default(void);

/* One Merkle tree's openings at the query positions: n_rows (= n_queries)
 * rows of `width` field elements, and the batched sibling digests. */
typedef struct stark_tree_open {
    uint32_t width, n_rows;
    gl_t *vals;              /* n_rows * width */
    merkle_proof mp;
} stark_tree_open;

typedef struct stark_proof {
    uint32_t version;
    uint32_t hash_kind;
    stark_params params;
    uint32_t n_chips;
    uint32_t *log_heights;   /* per chip */
    uint32_t n_main_roots, n_aux_roots, n_quot_roots, n_fri_roots;
    hash_digest *main_roots, *aux_roots, *quot_roots, *fri_roots;
    /* Extension elements (GF(p^D), D = stark_ext_deg(&params)) are stored as
     * D base coefficients each, low first: n_sums elements = D * n_sums gl_t. */
    uint32_t n_sums;
    gl_t *sums;              /* claimed LogUp sum per chip */
    uint32_t n_ood;
    gl_t *ood;               /* opened values at zeta and zeta*w, canonical order */
    uint32_t n_final;
    gl_t *final_poly;        /* coefficients, low first */
    uint64_t pow_nonce;
    uint32_t n_open;
    stark_tree_open *open;   /* fixed, main, aux, quotient trees, then FRI layers */
} stark_proof;

#define STARK_PROOF_VERSION 7u /* 4: one quotient per height; 5: lifted FRI; 6: ext_degree;
                                  7: canonical constraint system in the transcript */

void stark_proof_free(stark_proof *p);

/* Optional per-phase timings (seconds) filled by the prover. */
typedef struct stark_timings {
    double lde, commit, logup, quotient, ood, fri, open, total;
    int cpu_time; /* input: 1 = process CPU time of all threads instead of wall time */
} stark_timings;

typedef struct stark_prove_opts {
    stark_params params;
    hash_kind hash;
    /* 1: check every trace row against every constraint before commitment
     * and fail naming the first violated one ("fib/transition/a_next").
     * 0: skip (faster; a bad trace then yields a proof the verifier rejects). */
    int check_rows;
    /* Test switch: 1 skips the prover's cheap self-checks (bus balance and
     * the constraint identity at zeta), so a bad trace still yields a proof
     * object for soundness tests. 0 (default): such a trace fails to prove. */
    int unchecked;
    stark_timings *timings;  /* may be NULL */
} stark_prove_opts;

stark_prove_opts stark_prove_opts_default(void);

/* Proves that traces[i] (2^k rows, n_main columns of chip i; power-of-two
 * heights may differ between chips, each >= 2^max(1, log_final)) satisfy the
 * finalized system with the given public inputs. *out is owned by the caller
 * (stark_proof_free). */
int stark_prove(const air_system *sys, const gl_t *pub, size_t n_pub, const gl_matrix *traces,
                const stark_prove_opts *opts, stark_proof *out, uvm_err *err);

/* 0 if the proof is valid for the system and public inputs under the policy;
 * otherwise -1 and a named reason in err. */
int stark_verify(const air_system *sys, const gl_t *pub, size_t n_pub, const stark_proof *p,
                 const stark_policy *pol, uvm_err *err);

/* Serialization: "UVMPROOF", version, hash kind, parameters, then a
 * zstd-compressed body. stark_proof_load rejects truncated, oversized or
 * malformed input with a one-line error. *buf is malloc'd (caller frees). */
#define STARK_MAX_PROOF_BYTES (256u << 20)
int stark_proof_save(const stark_proof *p, uint8_t **buf, size_t *len, uvm_err *err);
int stark_proof_load(const uint8_t *buf, size_t len, stark_proof *out, uvm_err *err);
/* The proof's identity, whatever zstd encoding holds its body: SHA-256 of the
 * header's first 24 bytes (magic, version, hash kind, parameters), the body's
 * length (u64 LE) and the decompressed body, which is canonical (every field
 * fixed-width, field elements < p, exact counts). Checks the header and the frame
 * as stark_proof_load does (a body claiming more than 16x its frame is refused). */
int stark_proof_id(const uint8_t *buf, size_t len, uint8_t out[32], uvm_err *err);

/* Commitments to preprocessed (fixed) columns. Every LDE is on the same
 * coset, so a fixed group's Merkle root depends only on the hash, the blowup
 * and the exact column values; the verifier looks it up by the SHA-256 key of
 * those (fixed_root.c) in a compiled-in table of known roots (fixed_known.c,
 * regenerated with tools/stark_bench/stark_fixed_table), then in a process-wide
 * memo of the last 32 roots used, and computes it (LDE + tree) only on a
 * miss. A stale table entry can only miss, never mislead: the key covers the
 * contents. */
typedef struct stark_fixed_entry {
    uint8_t key[32];
    hash_digest root;
    uint32_t rows, cols; /* informative (the key covers them) */
} stark_fixed_entry;
const stark_fixed_entry *stark_fixed_known(size_t *n);
/* Copies up to max memo entries (roots this process computed or took from the table); returns the count. */
size_t stark_fixed_memo_list(stark_fixed_entry *out, size_t max);
void stark_fixed_memo_clear(void);

#endif
