/* hints.h — the catalogue of native ops, expanded from uisa/ops_native.def: for
 * each, its name (as in hints files and UISA_NATIVE), the row it becomes and its
 * calling convention (the row's argument registers: uisa_ops[uop].args). The ONE
 * reference implementation of each (VM bodies, hint checking, tests) is in hints_ref.h. */
#ifndef UVM_HINTS_H
#define UVM_HINTS_H

#include <stddef.h>
#include <stdint.h>

#include "hints_ref.h"
#include "uisa.h"

/* One per ops_native.def row, in row order. */
typedef enum hint_op {
#define UOP(name, tier, fmt, cls, prover, ninsn, doc)
#define NATIVE_UOP(name, cls, prover, hint, args, conv, doc) HINT_##name,
#include "ops.def"
#undef NATIVE_UOP
#undef UOP
    HINT_COUNT
} hint_op;

typedef struct hint_info {
    const char *name;     /* as written in hints files and UISA_NATIVE(): "keccak_f1600" */
    uisa_op uop;          /* the ops_native.def row it becomes: UOP_KECCAK_F1600 */
    const char *conv;     /* calling convention, one line (ilp32: a0..a2 arguments) */
} hint_info;

extern const hint_info hint_ops[HINT_COUNT];

/* The op named name (exact, lowercase), or HINT_COUNT if none. */
hint_op hint_by_name(const char *name);

/* A hint op as written in hints files: "memcpy", or for a sized op (its row's
 * LIMBS) the name, '_' and the limb count in decimal, "modmul_64" (1..max, no
 * leading zero). The op, with *limbs = the count (0 for unsized ops), or
 * HINT_COUNT if text names no op or a count out of range. */
hint_op hint_parse(const char *text, unsigned *limbs);

#endif
