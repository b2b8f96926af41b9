/* zk_decode.c — the provable subset of the uISA: decodes each uop into a
 * program-table row of the canonical op its ops.def row names (PROVER column;
 * the canonical ops and their chips are zk_ops.h), or refuses it with the
 * reason its row gives.
 * Invariant: the row a slot decodes to is a pure function of the uop and its
 * pc, so prover and verifier build the same program table. */
#include <string.h>

#include "zk_build.h"
#include "chips/chip_fused.h"
#include "zk_mem.h"
#include "zk_lsx.h"

/* The chip of each op, from zk_ops.h. */
static const uint8_t op_chip[ZK_OP_COUNT] = {
    [ZK_NONE] = ZC_COUNT,
#define ZK_OP_CHIP_(a, name, chip, from) [ZK_##name] = ZC_##chip,
    ZK_OP_LIST(ZK_OP_CHIP_, 0)
#undef ZK_OP_CHIP_
};

static const char *const op_name[ZK_OP_COUNT] = {
    [ZK_NONE] = "NONE",
#define ZK_OP_NAME_(a, name, chip, from) [ZK_##name] = #name,
    ZK_OP_LIST(ZK_OP_NAME_, 0)
#undef ZK_OP_NAME_
};

zk_chip zk_op_chip(zk_op op)
{
    return (unsigned)op < ZK_OP_COUNT ? (zk_chip)op_chip[op] : ZC_COUNT;
}

unsigned zk_op_sel(zk_op op)
{
    unsigned i = 0;
    zk_chip c = zk_op_chip(op);
    for (unsigned o = 1; o < (unsigned)op; o++)
        i += op_chip[o] == c;
    return i;
}

zk_op zk_chip_op(zk_chip c, unsigned i)
{
    for (unsigned o = 1; o < ZK_OP_COUNT; o++)
        if (op_chip[o] == c && i-- == 0)
            return (zk_op)o;
    return ZK_NONE;
}

const char *zk_op_name(zk_op op) { return (unsigned)op < ZK_OP_COUNT ? op_name[op] : NULL; }

/* How a row's operands become the program row (its ops.def PROVER column). */
enum { FOLD_FMT, FOLD_PC, FOLD_REGS, FOLD_FUSED, FOLD_NO };
typedef struct row_map {
    uint8_t op, fold;    /* canonical op (FOLD_FMT/PC/REGS) and the folding */
    uint8_t rd, rs1, rs2; /* FOLD_REGS: the fixed registers */
    const char *why;     /* FOLD_NO: the reason */
} row_map;

/* Expanded from the PROVER column of every ops.def row. */
static const row_map rows[UOP_COUNT] = {
#define ZK(o) {ZK_##o, FOLD_FMT, 0, 0, 0, NULL}
#define ZK_PC(o) {ZK_##o, FOLD_PC, 0, 0, 0, NULL}
#define ZK_REGS(o, d, s1, s2) {ZK_##o, FOLD_REGS, UISA_R_##d, UISA_R_##s1, UISA_R_##s2, NULL}
#define STEPS(s1, s2) {ZK_NONE, FOLD_FUSED, 0, 0, 0, NULL}
#define NO(w) {ZK_NONE, FOLD_NO, 0, 0, 0, w}
#define UOP(name, tier, fmt, cls, prover, ninsn, doc) [UOP_##name] = prover,
#define NATIVE_UOP(name, cls, prover, hint, args, conv, doc) [UOP_##name] = prover,
#include "ops.def"
#undef NATIVE_UOP
#undef UOP
#undef NO
#undef STEPS
#undef ZK_REGS
#undef ZK_PC
#undef ZK
};

static zk_op set(zk_prow *r, zk_op op, uint32_t rd, uint32_t rs1, uint32_t rs2, uint32_t imm)
{
    r->op = op;
    r->rd = rd ? rd : ZK_SINK; /* writes to x0 go to the sink, so x0 stays 0 */
    r->rs1 = rs1;
    r->rs2 = rs2;
    r->imm = imm;
    return op;
}

/* The operands of u in the program row of canonical op op, by u's format:
 * pc-relative targets (B, J; U with ZK_PC) absolute, a shift amount mod 32,
 * LR's unused rs2 dropped (chip_amo.c reads none). */
static zk_op fold(const uisa_uop *u, uint32_t pc, zk_op op, int pcrel, zk_prow *r)
{
    uint32_t imm = (uint32_t)u->imm;
    switch (uisa_ops[u->op].fmt) {
    case FMT_R: return set(r, op, u->rd, u->rs1, u->rs2, 0);
    case FMT_I: return set(r, op, u->rd, u->rs1, 0, zk_op_chip(op) == ZC_SHIFT ? imm & 31 : imm);
    case FMT_U: return set(r, op, u->rd, 0, 0, (pcrel ? pc : 0) + imm);
    case FMT_S: return set(r, op, 0, u->rs1, u->rs2, imm);
    case FMT_B: return set(r, op, 0, u->rs1, u->rs2, pc + imm);
    case FMT_J: return set(r, op, u->rd, 0, 0, pc + imm);
    case FMT_AMO: return set(r, op, u->rd, u->rs1, op == ZK_LR ? 0 : u->rs2, 0);
    default: return ZK_NONE; /* no operands to fold: the row must use ZK_REGS */
    }
}

zk_op zk_decode(const uisa_uop *u, uint32_t pc, zk_prow *r, const char **why)
{
    memset(r, 0, sizeof *r);
    r->pc = pc;
    *why = NULL;
    if (u->op >= UOP_COUNT) {
        *why = "unknown uop";
        return ZK_NONE;
    }
    r->npc = pc + u->len;
    const row_map *m = &rows[u->op];
    zk_op op = ZK_NONE;
    switch (m->fold) {
    case FOLD_FMT:
    case FOLD_PC:
        op = fold(u, pc, (zk_op)m->op, m->fold == FOLD_PC, r);
        if (op == ZK_NONE)
            *why = "ops.def row without operands to fold: not provable yet";
        break;
    case FOLD_REGS: op = set(r, (zk_op)m->op, m->rd, m->rs1, m->rs2, 0); break;
    case FOLD_FUSED: { /* its first row (zk_prog_build adds the second) */
        zk_prow r2;
        return zk_fused_decode(u, pc, r, &r2, why) ? (zk_op)r->op : ZK_NONE;
    }
    default: *why = m->why; break;
    }
    if (op == ZK_NONE) {
        memset(r, 0, sizeof *r);
        r->pc = pc;
    }
    return op;
}
