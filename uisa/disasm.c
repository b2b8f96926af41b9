/* disasm.c — one uop as text, driven by its format from ops.def: lower-case
 * mnemonic with '_' -> '.', ABI register names, absolute branch/jump targets.
 * Never reads past the uop, whatever its contents (bad ops print as such). */
#include "uisa.h"

#include <ctype.h>

static const char *const abi[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *reg(unsigned r) { return r < 32 ? abi[r] : "?"; }

static void mnemonic(const char *name, char *m, size_t size)
{
    size_t i = 0;
    for (; name[i] && i + 1 < size; i++)
        m[i] = name[i] == '_' ? '.' : (char)tolower((unsigned char)name[i]);
    m[i] = 0;
}

static const char *trap_kind(int32_t k)
{
    switch (k) {
    case TRAP_ILLEGAL: return "illegal";
    case TRAP_UNSUPPORTED: return "unsupported";
    case TRAP_MID_INSN: return "mid-insn";
    }
    return "unknown";
}

static int is_load(unsigned op)
{
    return op == UOP_LB || op == UOP_LH || op == UOP_LW || op == UOP_LBU || op == UOP_LHU;
}

static int fmt_amo(const uisa_uop *u, const char *m, char *buf, size_t size)
{
    if (u->op == UOP_LR_W)
        return snprintf(buf, size, "%s %s, (%s)", m, reg(u->rd), reg(u->rs1));
    return snprintf(buf, size, "%s %s, %s, (%s)", m, reg(u->rd), reg(u->rs2), reg(u->rs1));
}

int uisa_disasm(const uisa_uop *u, uint32_t pc, char *buf, size_t size)
{
    if (u->op >= UOP_COUNT)
        return snprintf(buf, size, "<bad op %u>", u->op);
    const uisa_op_info *in = &uisa_ops[u->op];
    char m[32];
    mnemonic(in->name, m, sizeof m);
    uint32_t target = pc + (uint32_t)u->imm;
    switch (in->fmt) {
    case FMT_R:
        return snprintf(buf, size, "%s %s, %s, %s", m, reg(u->rd), reg(u->rs1), reg(u->rs2));
    case FMT_I:
        if (is_load(u->op) || u->op == UOP_JALR)
            return snprintf(buf, size, "%s %s, %d(%s)", m, reg(u->rd), u->imm, reg(u->rs1));
        return snprintf(buf, size, "%s %s, %s, %d", m, reg(u->rd), reg(u->rs1), u->imm);
    case FMT_S:
        return snprintf(buf, size, "%s %s, %d(%s)", m, reg(u->rs2), u->imm, reg(u->rs1));
    case FMT_B:
        return snprintf(buf, size, "%s %s, %s, 0x%x", m, reg(u->rs1), reg(u->rs2), target);
    case FMT_U:
        return snprintf(buf, size, "%s %s, 0x%x", m, reg(u->rd), (uint32_t)u->imm);
    case FMT_J:
        return snprintf(buf, size, "%s %s, 0x%x", m, reg(u->rd), target);
    case FMT_AMO:
        return fmt_amo(u, m, buf, size);
    case FMT_NONE: /* a sized native op shows its limb count, as its hint does */
        if (uisa_ops[u->op].max_limbs)
            return snprintf(buf, size, "%s %d", m, u->imm);
        return snprintf(buf, size, "%s", m);
    case FMT_TRAP:
        return snprintf(buf, size, "%s %s 0x%08x", m, trap_kind(u->imm), (uint32_t)u->imm2);
    case FMT_II:
        return snprintf(buf, size, "%s %s, %s, %d; %s, %s, %d", m, reg(u->rd), reg(u->rs1), u->imm,
                        reg(u->rd2), reg(u->rs3), u->imm2);
    case FMT_SI:
        return snprintf(buf, size, "%s %s, %d(%s); %s, %s, %d", m, reg(u->rs2), u->imm,
                        reg(u->rs1), reg(u->rd2), reg(u->rs3), u->imm2);
    case FMT_AA: {
        uint32_t w = (uint32_t)u->imm2, o1 = UISA_FX_OP1(w), o2 = UISA_FX_OP2(w);
        if (!UISA_FX_WORD_OK(FMT_AA, w))
            return snprintf(buf, size, "%s <bad control word 0x%08x>", m, w);
        char m1[16], m2[16], s2[16];
        mnemonic(uisa_ops[o1].name, m1, sizeof m1);
        mnemonic(uisa_ops[o2].name, m2, sizeof m2);
        if (uisa_ops[o2].fmt == FMT_R)
            snprintf(s2, sizeof s2, "%s", reg(w & 0xfffu));
        else
            snprintf(s2, sizeof s2, "%d", (int32_t)UISA_FX_LO(w));
        if (uisa_ops[o1].fmt == FMT_R)
            return snprintf(buf, size, "%s %s %s, %s, %s; %s %s, %s, %s", m, m1, reg(u->rd),
                            reg(u->rs1), reg(u->rs2), m2, reg(u->rd2), reg(u->rs3), s2);
        return snprintf(buf, size, "%s %s %s, %s, %d; %s %s, %s, %s", m, m1, reg(u->rd),
                        reg(u->rs1), u->imm, m2, reg(u->rd2), reg(u->rs3), s2);
    }
    case FMT_AB: {
        uint32_t w = (uint32_t)u->imm2, o1 = UISA_FX_OP1(w);
        if (!UISA_FX_WORD_OK(FMT_AB, w))
            return snprintf(buf, size, "%s <bad control word 0x%08x>", m, w);
        char m1[16], s1[16];
        mnemonic(uisa_ops[o1].name, m1, sizeof m1);
        if (uisa_ops[o1].fmt == FMT_R)
            snprintf(s1, sizeof s1, "%s", reg(u->rs2));
        else
            snprintf(s1, sizeof s1, "%d", (int32_t)UISA_FX_LO(w));
        return snprintf(buf, size, "%s %s %s, %s, %s; %s, %s, 0x%x", m, m1, reg(u->rd),
                        reg(u->rs1), s1, reg(u->rs3), reg(UISA_FX_REG(w)), target);
    }
    case FMT_BLOCK:
        return snprintf(buf, size, "%s %d (%u insns, %u bytes)", m, u->imm, u->ninsn, u->len);
    case FMT_COUNT:
        break;
    }
    return snprintf(buf, size, "%s <bad format>", m);
}
