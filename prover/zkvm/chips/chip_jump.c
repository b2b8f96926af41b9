/* chip_jump.c — the jump chip (JALR; JAL is JALR with rs1 = x0 and an
 * absolute imm; no rs2): vd = npc; next = v1 + imm - 2^32*c - b0 =
 * 2*(QL + 2^16*QH) with QL and 2*QH R16 limbs.
 * Invariant: next is even and below 2^32 by construction and c, b0 are
 * unique. Evenness is needed, not just a program-table miss: odd pcs hold
 * the fused split's virtual second rows, which a flipped b0 could reach.
 * The target piece zk_op_jump / zk_fill_jump is the same for a block's JALR. */
#include "zk_alu.h"

air_expr zk_jump_next(air_chip *c, unsigned base)
{
    return air_scale(c, ADD(M(base + JP_QL), air_scale(c, M(base + JP_QH), 1u << 16)), 2);
}

air_expr zk_op_jump(air_chip *c, air_expr a, air_expr imm, unsigned base)
{
    unsigned cc = base + JP_C, b0 = base + JP_B0, qh = base + JP_QH;
    air_expr next = zk_jump_next(c, base);
    zk_bool(c, "carry_bool", M(cc));
    zk_bool(c, "b0_bool", M(b0));
    air_expr target = SUB(SUB(ADD(a, imm), air_scale(c, M(cc), ZK_TWO32)), M(b0));
    air_constrain(c, AIR_ALL_ROWS, "target_even", SUB(target, next));
    zk_r16(c, base + JP_QL);
    air_expr qh2 = air_scale(c, M(qh), 2); /* QH < 2^15, so next < 2^32 */
    air_receive(c, BUS_R16, &qh2, 1, K(1));
    return next;
}

uint32_t zk_fill_jump(gl_t *row, unsigned base, uint32_t a, uint32_t imm)
{
    uint64_t s = (uint64_t)a + imm;
    uint32_t next = (uint32_t)s & ~1u;
    row[base + JP_C] = s >> 32;
    row[base + JP_B0] = s & 1;
    row[base + JP_QL] = (next >> 1) & 0xffff;
    row[base + JP_QH] = next >> 17;
    return next;
}

static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)pub;
    unsigned base = zk_spec(id, 0);
    zk_common(c, id, zk_jump_next(c, base), 0);
    zk_op_jump(c, M(C_V1), M(C_IMM), base);
    air_constrain(c, AIR_ALL_ROWS, "link", SUB(M(C_VD), M(C_NPC)));
}

static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)v2, (void)err;
    *next = zk_fill_jump(w->row, zk_spec(ch, 0), v1, pr->imm);
    *vd = pr->npc;
    return 0;
}

static unsigned r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    *dbl = zk_spec(ch, JP_QH);
    return ZK_R16_SPEC(ch, cols, JP_QL);
}

const zk_chip_desc zk_chip_jump = {
    .name = "jump", .n_ops = ZK_CHIP_N_OPS(ZC_JUMP), .n_spec = JP_N, .r16 = r16, .no_rs2 = 1,
    .build = build, .fill = fill,
};
