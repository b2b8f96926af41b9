/* ops.c — the info table, expanded from ops.def with designated initializers
 * so that nothing depends on row order. */
#include "uisa.h"

const uisa_op_info uisa_ops[UOP_COUNT] = {
#define UOP(name_, tier_, fmt_, chip_, ninsn_, doc_) \
    [UOP_##name_] = {.name = #name_, .tier = TIER_##tier_, .fmt = FMT_##fmt_, \
                     .chip = CHIP_##chip_, .ninsn = ninsn_, .doc = doc_},
#include "ops.def"
#undef UOP
};

const char *uisa_chip_name(uisa_chip c)
{
    static const char *const names[CHIP_COUNT] = {
        [CHIP_ALU] = "alu", [CHIP_SHIFT] = "shift", [CHIP_LT] = "lt", [CHIP_MUL] = "mul",
        [CHIP_DIV] = "div", [CHIP_LOAD] = "load", [CHIP_STORE] = "store",
        [CHIP_BRANCH] = "branch", [CHIP_JUMP] = "jump", [CHIP_SYS] = "sys", [CHIP_AMO] = "amo",
    };
    return (unsigned)c < CHIP_COUNT ? names[c] : "?";
}

const char *uisa_tier_name(uisa_tier t)
{
    switch (t) {
    case TIER_BASE: return "base";
    case TIER_FUSED: return "fused";
    case TIER_NATIVE: return "native";
    }
    return "?";
}

const char *uisa_format_name(uisa_format f)
{
    static const char *const names[FMT_COUNT] = {
        [FMT_R] = "R", [FMT_I] = "I", [FMT_S] = "S", [FMT_B] = "B", [FMT_U] = "U",
        [FMT_J] = "J", [FMT_AMO] = "AMO", [FMT_NONE] = "NONE", [FMT_TRAP] = "TRAP",
        [FMT_II] = "II", [FMT_SI] = "SI", [FMT_AA] = "AA", [FMT_AB] = "AB",
    };
    /* a format without a name here is caught by the table test, not a crash */
    return (unsigned)f < FMT_COUNT && names[f] ? names[f] : "?";
}
