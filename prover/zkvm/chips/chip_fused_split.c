/* chip_fused_split.c — fused uops as two base rows (see chip_fused.h): each
 * step is rebuilt as the base uop its ops_fused.def row names (STEPS, the
 * same rows translator/fuse/fuse.c fuses from) and decoded by zk_decode, so
 * the steps are proved by the base chips with the base constraints.
 * Invariant: r1 then r2 compute exactly the fused row of ops_fused.def. */
#include <string.h>

#include "chip_fused.h"
#include "zk_lsx.h"

int zk_fused_steps(const uisa_uop *u, uisa_uop *s1, uisa_uop *s2)
{
    uint32_t w = (uint32_t)u->imm2;
    memset(s1, 0, sizeof *s1);
    memset(s2, 0, sizeof *s2);
    if (u->op >= UOP_COUNT || uisa_ops[u->op].tier != TIER_FUSED)
        return -1;
    const uisa_op_info *in = &uisa_ops[u->op];
    /* the row's steps (ops_fused.def STEPS); UOP_ALU: the ALU step w names */
    uint32_t f1 = in->step[0], f2 = in->step[1];
    if ((f1 == UOP_ALU || f2 == UOP_ALU) && !UISA_FX_WORD_OK(in->fmt, w))
        return -1;
    if (f1 == UOP_ALU)
        f1 = UISA_FX_OP1(w);
    if (f2 == UOP_ALU)
        f2 = UISA_FX_OP2(w);
    if (f1 >= UOP_COUNT || f2 >= UOP_COUNT)
        return -1;
    *s1 = (uisa_uop){.op = (uint8_t)f1, .len = 4, .ninsn = 1};
    *s2 = (uisa_uop){.op = (uint8_t)f2, .len = 4, .ninsn = 1};
    uint32_t lo = UISA_FX_LO(w);
    switch (in->fmt) {
    case FMT_AA: /* rd = op1(rs1, rs2 | imm); rd2 = op2(rs3, lo as register | imm) */
    case FMT_AB: /* rd = op1(rs1, rs2 | lo); branch on rs3, reg to pc + imm */
        s1->rd = u->rd, s1->rs1 = u->rs1;
        if (uisa_ops[f1].fmt == FMT_R)
            s1->rs2 = u->rs2;
        else
            s1->imm = in->fmt == FMT_AA ? u->imm : (int32_t)lo;
        s2->rs1 = u->rs3;
        if (in->fmt == FMT_AB) {
            s2->rs2 = (uint8_t)UISA_FX_REG(w), s2->imm = u->imm;
        } else {
            s2->rd = u->rd2;
            if (uisa_ops[f2].fmt == FMT_R)
                s2->rs2 = (uint8_t)(lo & 31);
            else
                s2->imm = (int32_t)lo;
        }
        return 0;
    case FMT_II: /* load rd from rs1 + imm (rs2 is zero); rd2 = rs3 + imm2 */
    case FMT_SI: /* store rs2 at rs1 + imm (rd is zero); rd2 = rs3 + imm2 */
        s1->rd = u->rd, s1->rs1 = u->rs1, s1->rs2 = u->rs2, s1->imm = u->imm;
        s2->rd = u->rd2, s2->rs1 = u->rs3, s2->imm = u->imm2;
        return 0;
    default: return -1;
    }
}

static uint32_t reg(uint32_t r) { return r ? r : ZK_SINK; }

/* A fused chip's row for u (chip_fused.c), or 0 when its pair has none. */
static int chip_row(const uisa_uop *u, uint32_t pc, zk_prow *r)
{
    uint32_t w = (uint32_t)u->imm2;
    r->npc = pc + u->len;
    if ((u->op == UOP_ALU_BEQ || u->op == UOP_ALU_BNE) && UISA_FX_OP1(w) == UOP_ADDI) {
        r->op = u->op == UOP_ALU_BEQ ? ZK_FBR_BEQ : ZK_FBR_BNE;
        r->rd = reg(u->rd), r->rs1 = u->rs1, r->rs2 = u->rs3, r->imm = UISA_FX_LO(w);
        r->e[0] = UISA_FX_REG(w), r->e[1] = pc + (uint32_t)u->imm;
        return 1;
    }
    uint32_t f1 = UISA_FX_OP1(w);
    if (u->op == UOP_ALU_ALU && UISA_FX_OP2(w) == UOP_ADDI &&
        (f1 == UOP_ADD || f1 == UOP_SUB || f1 == UOP_ADDI)) {
        r->op = f1 == UOP_SUB ? ZK_FAA_SUB : ZK_FAA_ADD;
        r->rd = reg(u->rd), r->rs1 = u->rs1;
        r->rs2 = f1 == UOP_ADDI ? 0 : u->rs2, r->imm = f1 == UOP_ADDI ? (uint32_t)u->imm : 0;
        r->e[0] = u->rs3, r->e[1] = reg(u->rd2), r->e[2] = UISA_FX_LO(w);
        return 1;
    }
    if (u->op == UOP_SW_ADDI || u->op == UOP_SB_ADDI) {
        r->op = u->op == UOP_SW_ADDI ? ZK_FST_SW : ZK_FST_SB;
        r->rd = reg(u->rd2), r->rs1 = u->rs1, r->rs2 = u->rs2, r->imm = (uint32_t)u->imm;
        r->e[0] = u->rs3, r->e[1] = (uint32_t)u->imm2;
        return 1;
    }
    return 0;
}

/* The two base rows of s1, s2 at pc and pc + 1 (ending at pc + len). */
static int split(const uisa_uop *u, uint32_t pc, const uisa_uop *s1, const uisa_uop *s2,
                 zk_prow *r1, zk_prow *r2, const char **why)
{
    /* a branch step's target is pc + imm of the fused pc: decode it there */
    if (zk_decode(s1, pc, r1, why) == ZK_NONE || zk_decode(s2, pc, r2, why) == ZK_NONE) {
        memset(r1, 0, sizeof *r1);
        memset(r2, 0, sizeof *r2);
        r1->pc = pc;
        return 0;
    }
    r1->npc = pc + 1;
    r2->pc = pc + 1;
    r2->npc = pc + u->len;
    return 2;
}

int zk_fused_decode(const uisa_uop *u, uint32_t pc, zk_prow *r1, zk_prow *r2, const char **why)
{
    uisa_uop s1, s2;
    memset(r1, 0, sizeof *r1);
    memset(r2, 0, sizeof *r2);
    r1->pc = pc;
    if (u->op >= UOP_COUNT || uisa_ops[u->op].tier != TIER_FUSED || zk_fused_steps(u, &s1, &s2)) {
        *why = "malformed fused uop: not provable yet";
        return 0;
    }
    if (chip_row(u, pc, r1))
        return 1;
    return split(u, pc, &s1, &s2, r1, r2, why);
}

int zk_fused_alt(const uisa_uop *u, uint32_t pc, zk_prow *r1, zk_prow *r2)
{
    uisa_uop s1, s2;
    const char *why;
    if (u->op != UOP_SW_ADDI || zk_fused_steps(u, &s1, &s2))
        return 0;
    return split(u, pc, &s1, &s2, r1, r2, &why);
}

uint32_t zk_fused_route(const zk_prow *prog, const vm_trace_rec *rec)
{
    const zk_prow *pr = &prog[rec->slot];
    zk_prow tmp;
    if (pr->alt && zk_lsx_route(&prog[pr->alt], rec, &tmp) != &prog[pr->alt])
        return pr->alt;
    return rec->slot;
}
