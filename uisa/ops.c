/* ops.c — the info table, expanded from ops.def with designated initializers
 * so that nothing depends on row order (the PROVER column's forms and the
 * native rows' ARGS become fields here; the prover expands them on its own). */
#include "uisa.h"

#define ZK(op) .prover = #op
#define ZK_PC(op) .prover = #op
#define ZK_REGS(op, rd, rs1, rs2) .prover = #op
#define STEPS(s1, s2) .step = {UOP_##s1, UOP_##s2}
#define NO(why) .unprovable = why
#define ARG1(a) .n_args = 1, .args = {UISA_R_##a}
#define ARG2(a, b) .n_args = 2, .args = {UISA_R_##a, UISA_R_##b}
#define ARG3(a, b, c) .n_args = 3, .args = {UISA_R_##a, UISA_R_##b, UISA_R_##c}
#define ARG4(a, b, c, d) .n_args = 4, .args = {UISA_R_##a, UISA_R_##b, UISA_R_##c, UISA_R_##d}
#define LIMBS(max, args) args, .max_limbs = max
/* prover_ and args_ expand to initializers with commas: never a macro argument again */
#define ROW(name_, tier_, fmt_, cls_, ninsn_, doc_) \
    .name = #name_, .tier = TIER_##tier_, .fmt = FMT_##fmt_, .cls = CLASS_##cls_, \
    .ninsn = ninsn_, .doc = doc_
const uisa_op_info uisa_ops[UOP_COUNT] = {
#define UOP(name_, tier_, fmt_, cls_, prover_, ninsn_, doc_) \
    [UOP_##name_] = {ROW(name_, tier_, fmt_, cls_, ninsn_, doc_), prover_},
#define NATIVE_UOP(name_, cls_, prover_, hint_, args_, conv_, doc_) \
    [UOP_##name_] = {ROW(name_, NATIVE, NONE, cls_, 1, doc_), prover_, .hint = #hint_, args_},
#include "ops.def"
#undef NATIVE_UOP
#undef UOP
};

const char *uisa_class_name(uisa_class c)
{
    static const char *const names[CLASS_COUNT] = {
        [CLASS_ALU] = "alu", [CLASS_SHIFT] = "shift", [CLASS_LT] = "lt", [CLASS_MUL] = "mul",
        [CLASS_DIV] = "div", [CLASS_LOAD] = "load", [CLASS_STORE] = "store",
        [CLASS_BRANCH] = "branch", [CLASS_JUMP] = "jump", [CLASS_SYS] = "sys", [CLASS_AMO] = "amo",
    };
    return (unsigned)c < CLASS_COUNT ? names[c] : "?";
}

const char *uisa_tier_name(uisa_tier t)
{
    switch (t) {
    case TIER_BASE: return "base";
    case TIER_FUSED: return "fused";
    case TIER_NATIVE: return "native";
    case TIER_BLOCK: return "block";
    }
    return "?";
}

const char *uisa_format_name(uisa_format f)
{
    static const char *const names[FMT_COUNT] = {
        [FMT_R] = "R", [FMT_I] = "I", [FMT_S] = "S", [FMT_B] = "B", [FMT_U] = "U",
        [FMT_J] = "J", [FMT_AMO] = "AMO", [FMT_NONE] = "NONE", [FMT_TRAP] = "TRAP",
        [FMT_II] = "II", [FMT_SI] = "SI", [FMT_AA] = "AA", [FMT_AB] = "AB",
        [FMT_BLOCK] = "BLOCK",
    };
    /* a format without a name here is caught by the table test, not a crash */
    return (unsigned)f < FMT_COUNT && names[f] ? names[f] : "?";
}
