/* chip_lt.c — the lt chip (SLT, SLTU; SLTI/SLTIU have rs2 = x0 and imm):
 * vd = [a' <u b'] with b = v2 + imm (one of the two is 0, so b < 2^32) and
 * a', b' the operands xor 2^31 for SLT; and the comparison pieces
 * zk_op_ltu / zk_fill_cmp the branch chip shares.
 * Invariant: a' and b' are the 32-bit flips of a and b (limbs), and
 * a' - b' + 2^32*lt in [0, 2^32) with lt boolean fixes lt = [a' < b']. */
#include "zk_alu.h"

air_expr zk_op_ltu(air_chip *c, air_expr a, air_expr b, air_expr lt, unsigned dlo)
{
    lt = zk_bool(c, "lt_bool", lt);
    air_expr d = ADD(M(dlo), SC(M(dlo + 1), 1u << 16));
    air_constrain(c, AIR_ALL_ROWS, "lt", SUB(d, ADD(SUB(a, b), SC(lt, ZK_TWO32))));
    zk_r16(c, dlo);
    zk_r16(c, dlo + 1);
    return lt;
}

int zk_fill_ltu(gl_t *row, uint32_t a, uint32_t b, unsigned dlo)
{
    zk_limbs(row, dlo, a - b);
    return a < b;
}

int zk_fill_cmp(gl_t *row, const zk_cmp_cols *k, uint32_t a, uint32_t b, int sg)
{
    uint32_t af = a ^ ((uint32_t)!!sg << 31), bf = b ^ ((uint32_t)!!sg << 31);
    row[k->ma] = sg && (a >> 31);
    row[k->mb] = sg && (b >> 31);
    zk_limbs(row, k->alo, af);
    zk_limbs(row, k->blo, bf);
    return zk_fill_ltu(row, af, bf, k->dlo);
}

static zk_cmp_cols cols(void)
{
    unsigned b = zk_spec(ZC_LT, 0);
    return (zk_cmp_cols){b + LT_MA, b + LT_MB, b + LT_ALO, b + LT_BLO, b + LT_DLO};
}

/* a' = v1, b' = v2 + imm, flipped for SLT (zk_flip), then zk_op_ltu. */
static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)pub;
    unsigned s = zk_spec(id, 0);
    zk_common(c, id, M(C_NPC), 0);
    air_expr sg = zk_sel(c, id, ZK_SLT);
    air_expr a = zk_flip(c, M(C_V1), sg, s + LT_MA, s + LT_ALO, s + LT_AHI, "a_flip");
    air_expr b = zk_flip(c, ADD(M(C_V2), M(C_IMM)), sg, s + LT_MB, s + LT_BLO, s + LT_BHI, "b_flip");
    zk_op_ltu(c, a, b, M(C_VD), s + LT_DLO);
}

static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)ch, (void)next, (void)err;
    zk_cmp_cols k = cols();
    *vd = (uint32_t)zk_fill_cmp(w->row, &k, v1, v2 + pr->imm, pr->op == ZK_SLT);
    return 0;
}

static unsigned r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    (void)dbl;
    return ZK_R16_SPEC(ch, cols, LT_ALO, LT_AHI, LT_BLO, LT_BHI, LT_DLO, LT_DHI);
}

const zk_chip_desc zk_chip_lt = {
    .name = "lt", .n_ops = ZK_CHIP_N_OPS(ZC_LT), .n_spec = LT_N, .r16 = r16,
    .build = build, .fill = fill,
};
