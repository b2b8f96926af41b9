/* chip_branch.c — the branch chip (BEQ, BNE, BLT, BGE, BLTU, BGEU; no rd):
 * eq = [v1 == v2] (zk_op_eq), lt = [v1' <u v2'] (zk_op_ltu, flipped for the
 * signed ones), next = npc + taken*(target - npc) with target = imm; and the
 * equality piece zk_op_eq.
 * Invariant: next is npc or the target, as the selected condition says;
 * padding rows compare 0 with 0, so their ISZ is 1 (pad). */
#include "zk_alu.h"

air_expr zk_op_eq(air_chip *c, air_expr x, air_expr y, unsigned inv, unsigned isz)
{
    air_expr z = SUB(x, y), iz = M(isz);
    air_constrain(c, AIR_ALL_ROWS, "inv", SUB(MUL(z, M(inv)), SUB(K(1), iz)));
    air_constrain(c, AIR_ALL_ROWS, "zero", MUL(z, iz));
    return iz;
}

int zk_fill_eq(gl_t *row, uint32_t x, uint32_t y, unsigned inv, unsigned isz)
{
    row[isz] = x == y;
    row[inv] = x == y ? 0 : gl_inv(gl_sub(x, y));
    return x == y;
}

static zk_cmp_cols cols(void)
{
    unsigned b = zk_spec(ZC_BRANCH, 0);
    return (zk_cmp_cols){b + BR_MA, b + BR_MB, b + BR_ALO, b + BR_BLO, b + BR_DLO};
}

static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)pub;
    unsigned s = zk_spec(id, 0);
    zk_common(c, id, M(s + BR_NEXT), 0);
    air_expr v2 = zk_v2(c, id);
    air_expr isz = zk_op_eq(c, M(C_V1), v2, s + BR_INV, s + BR_ISZ);
    air_expr sg = ADD(zk_sel(c, id, ZK_BLT), zk_sel(c, id, ZK_BGE));
    air_expr a = zk_flip(c, M(C_V1), sg, s + BR_MA, s + BR_ALO, s + BR_AHI, "a_flip");
    air_expr b = zk_flip(c, v2, sg, s + BR_MB, s + BR_BLO, s + BR_BHI, "b_flip");
    air_expr lt = zk_op_ltu(c, a, b, M(s + BR_LT), s + BR_DLO);
    air_expr nlt = SUB(K(1), lt);
    air_expr taken = ADD(ADD(MUL(zk_sel(c, id, ZK_BEQ), isz),
                             MUL(zk_sel(c, id, ZK_BNE), SUB(K(1), isz))),
                         ADD(MUL(ADD(zk_sel(c, id, ZK_BLT), zk_sel(c, id, ZK_BLTU)), lt),
                             MUL(ADD(zk_sel(c, id, ZK_BGE), zk_sel(c, id, ZK_BGEU)), nlt)));
    air_expr want = ADD(M(C_NPC), MUL(taken, SUB(M(C_IMM), M(C_NPC))));
    air_constrain(c, AIR_ALL_ROWS, "next", SUB(M(s + BR_NEXT), want));
}

static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)vd, (void)err;
    unsigned b = zk_spec(ch, 0);
    zk_cmp_cols k = cols();
    int eq = zk_fill_eq(w->row, v1, v2, b + BR_INV, b + BR_ISZ), taken;
    int lt = zk_fill_cmp(w->row, &k, v1, v2, pr->op == ZK_BLT || pr->op == ZK_BGE);
    w->row[b + BR_LT] = lt;
    switch (pr->op) {
    case ZK_BEQ: taken = eq; break;
    case ZK_BNE: taken = !eq; break;
    case ZK_BLT: case ZK_BLTU: taken = lt; break;
    default: taken = !lt; break;
    }
    *next = taken ? pr->imm : pr->npc;
    w->row[b + BR_NEXT] = *next;
    return 0;
}

static unsigned r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    (void)dbl;
    return ZK_R16_SPEC(ch, cols, BR_ALO, BR_AHI, BR_BLO, BR_BHI, BR_DLO, BR_DHI);
}

/* A padding row's operands are 0 = 0. */
static void pad(zk_chip ch, gl_t *row) { row[zk_spec(ch, BR_ISZ)] = 1; }

const zk_chip_desc zk_chip_branch = {
    .name = "branch", .n_ops = ZK_CHIP_N_OPS(ZC_BRANCH), .n_spec = BR_N, .r16 = r16, .no_rd = 1,
    .build = build, .fill = fill, .pad = pad,
};
