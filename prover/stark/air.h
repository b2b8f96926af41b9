/* air.h — the AIR framework: a system of chips, each declaring main and fixed
 * (preprocessed) columns, constraints as a symbolic expression DAG, and
 * sends/receives on LogUp buses.
 * Invariant: every constraint is written once, as a DAG; the prover evaluates
 * it over the LDE, the verifier at the out-of-domain point, and the debug
 * check on the trace rows, all from the same nodes. Prover and verifier build
 * the system with the same code, so it doubles as the verifying key. */
#ifndef UVM_AIR_H
#define UVM_AIR_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "gl.h"
#include "ntt.h"

/* A node id inside one chip's DAG. Negative means "invalid" (a builder error
 * already recorded); operations on invalid ids propagate it, and
 * air_system_finalize reports the first error. */
typedef int32_t air_expr;

typedef enum air_when {
    AIR_ALL_ROWS = 0,   /* C(row) = 0 on every row */
    AIR_TRANSITION = 1, /* C(row, next row) = 0 on every row but the last */
    AIR_FIRST_ROW = 2,
    AIR_LAST_ROW = 3,
} air_when;

typedef struct air_system air_system;
typedef struct air_chip air_chip;

/* Fills `out` (allocated by the callee with gl_matrix_alloc, 2^log_n rows and
 * the chip's n_fixed columns) with the chip's preprocessed columns. Called by
 * the prover and again by the verifier, which recomputes their commitment.
 * Must fail (not crash) for heights it does not support. */
typedef int (*air_fixed_fn)(const void *ctx, unsigned log_n, gl_matrix *out, uvm_err *err);

/* An element of the proof's challenge field GF(p^deg), deg 2 or 3 (the
 * proof's stark_params.ext_degree), where public sums are computed:
 * coefficients low first, c[2] = 0 at degree 2. Adding is the same at
 * either degree (air_xe_add); everything else goes through air_logup_term. */
typedef struct air_xe {
    gl_t c[3];
} air_xe;
static inline air_xe air_xe_add(air_xe x, air_xe y)
{
    return (air_xe){{gl_add(x.c[0], y.c[0]), gl_add(x.c[1], y.c[1]), gl_add(x.c[2], y.c[2])}};
}
/* The LogUp challenges of one proof, in its field. */
typedef struct air_chal {
    unsigned deg;
    air_xe beta, gamma;
} air_chal;

/* Public contribution to the LogUp buses, computed by the verifier (and the
 * prover) from public inputs: e.g. the memory init/final images or public
 * I/O. Sets *out = sum of mult/(gamma - fingerprint) over the public
 * interactions (use air_logup_term). The chips' claimed sums plus *out must be
 * zero. */
typedef int (*air_public_fn)(const void *ctx, const gl_t *pub, size_t n_pub, const air_chal *ch,
                             air_xe *out, uvm_err *err);

/* A new empty system taking n_public public inputs. NULL on OOM. */
air_system *air_system_new(const char *name, size_t n_public);
void air_system_free(air_system *s);
void air_system_set_public_sum(air_system *s, air_public_fn fn, const void *ctx);

/* Adds a chip (owned by the system). Returns NULL on OOM or after finalize;
 * the error is kept for air_system_finalize. Names are path components
 * ("cpu", "fib"): constraint names become "chip/when/name". */
air_chip *air_chip_new(air_system *s, const char *name, unsigned n_main, unsigned n_fixed);
void air_chip_set_fixed(air_chip *c, air_fixed_fn fn, const void *ctx);

/* Column references (col < n_main / n_fixed), constants, public inputs. */
air_expr air_main(air_chip *c, unsigned col);
air_expr air_main_next(air_chip *c, unsigned col);
air_expr air_fixed(air_chip *c, unsigned col);
air_expr air_fixed_next(air_chip *c, unsigned col);
air_expr air_const(air_chip *c, gl_t v);       /* v reduced mod p */
air_expr air_public(air_chip *c, unsigned idx); /* idx < n_public */
air_expr air_add(air_chip *c, air_expr a, air_expr b);
air_expr air_sub(air_chip *c, air_expr a, air_expr b);
air_expr air_mul(air_chip *c, air_expr a, air_expr b);
air_expr air_neg(air_chip *c, air_expr a);
/* Conveniences: e * k for a constant k, and the sum of n expressions (n >= 1). */
air_expr air_scale(air_chip *c, air_expr e, gl_t k);
air_expr air_sum(air_chip *c, const air_expr *e, size_t n);

/* Declares C = 0 under `when`; `name` is copied. */
void air_constrain(air_chip *c, air_when when, const char *name, air_expr e);

/* A send adds mult/(gamma - fp(bus, vals)) to the chip's LogUp sum; a receive
 * subtracts it. vals and mult may use main and fixed columns (cur or next),
 * constants and public inputs. n_vals <= AIR_MAX_TUPLE. */
#define AIR_MAX_TUPLE 16
void air_send(air_chip *c, unsigned bus, const air_expr *vals, size_t n_vals, air_expr mult);
void air_receive(air_chip *c, unsigned bus, const air_expr *vals, size_t n_vals, air_expr mult);

/* The constraint degree budget d = 2^log_blowup + 1 for the blowup the system
 * will be proved at (stark_max_degree), set before finalize: LogUp then packs
 * up to d - 1 degree-1 interactions per aux column. Per chip, the column
 * degree D <= d minimising aux columns + quotient columns / quot_share is
 * used (the chips of one height share one quotient; quot_share = the chips
 * expected per height, 0 = the quotient counts as free, so every chip packs
 * to d). Without a budget: d = 3, quot_share 1. Prover and verifier must set
 * the same (the verifier from the proof's parameters); a system whose
 * degree exceeds the proof's blowup is refused. */
void air_system_set_max_degree(air_system *s, unsigned d, unsigned quot_share);

/* Checks builder errors, adds the LogUp aux columns and their constraints
 * ("chip/logup/..."), computes degrees. Must be called once before proving
 * or verifying; further building fails. */
int air_system_finalize(air_system *s, uvm_err *err);

size_t air_system_n_chips(const air_system *s);
size_t air_system_n_public(const air_system *s);
air_chip *air_system_chip(const air_system *s, size_t i);
const char *air_chip_name(const air_chip *c);
/* Highest constraint degree (after finalize). */
unsigned air_chip_degree(const air_chip *c);

/* Committed base-field columns per row of a finalized chip, by stage: main,
 * fixed, LogUp aux (D per extension column) and quotient chunks (D each), D
 * the challenge field's degree of the last prove or verify (2 before any).
 * The chips of one height share one quotient: after a prove or verify,
 * `quotient` is that height's chunk columns for the first chip of the height
 * and 0 for the others (so sum over chips of rows * quotient counts each
 * height's quotient once); before, the chip's own need (2 << log_qf).
 * Cells committed = rows * (sum of the four) * blowup: the cost model. */
typedef struct air_widths {
    size_t main, fixed, aux, quotient;
} air_widths;
air_widths air_chip_widths(const air_chip *c);

/* The LogUp fingerprint term mult / (gamma - ((bus + 1) + sum_j beta^(j+1) vals[j])).
 * Bus ids are inside the fingerprint, so one global sum of all buses being
 * zero means each bus balances (except with negligible probability). */
air_xe air_logup_term(unsigned bus, const gl_t *vals, size_t n_vals, gl_t mult, const air_chal *ch);

#endif
