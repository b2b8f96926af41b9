/* chip_div.c — the div chip: DIV, DIVU, REM, REMU, one row per uop, on
 * absolute values. Invariant: Q, R are the unique quotient and remainder of
 * |a| by |b| and vd (the RISC-V result) is in [0, 2^32).
 *
 * Signs: ma, mb by zk_flip, 0 for DIVU/REMU; |a| = a + ma*(2^32 - 2a) and
 * |b| likewise, both in [0, 2^32) (|-2^31| = 2^31). Then
 *   |b|*Q + R = |a|,  Q, R in [0, 2^32) by R16 limbs,
 * holds over the integers: |b|*Q + R <= (2^32-1)^2 + 2^32-1 = p - 1.
 * b != 0: D = |b| - R - 1 in [0, 2^32) (limbs), so R < |b|: Q, R unique.
 * b == 0 (BZ = 1 by INV: b*INV = real - BZ, b*BZ = 0, BZ*INV = 0):
 *   Q = 2^32 - 1 and D = 0; R = |a| by the product.
 * Result: X = Q (DIV, DIVU) or R (REM, REMU), negated when NG:
 *   NG = [DIV]*((ma xor mb) - ma*BZ) + [REM]*ma
 * (mb = 0 when b = 0, so DIV by zero keeps -1 = 2^32-1, REM by zero gives
 * -|a| = a), and vd - X + NG*(2X - 2^32*T) = 0 with T boolean, T = 0 unless
 * NG, vd in [0, 2^32) by limbs: T = [X != 0], so -0 is 0. Overflow
 * (-2^31 / -1) needs no case: |a| = 2^31, |b| = 1, Q = 2^31, NG = 0.
 * All of it is the piece zk_op_div / zk_fill_div (a block chip's DIV..REMU). */
#include "zk_alu.h"

#define SPEC(k) M(base + (k)) /* a cell of the piece */
#define LIMBS(lo) ADD(SPEC(lo), SC(SPEC((lo) + 1), 1u << 16))

/* |v| for v in [0, 2^32) with sign bit m: v + m*(2^32 - 2v). */
static air_expr absval(air_chip *c, air_expr v, air_expr m)
{
    return ADD(v, MUL(m, SUB(K(ZK_TWO32), SC(v, 2))));
}

air_expr zk_op_div(air_chip *c, air_expr a, air_expr b, const air_expr sel[4], air_expr real,
                   unsigned base, air_expr out)
{
    air_expr div = sel[0], divu = sel[1], rem = sel[2], remu = sel[3];
    air_expr sg = ADD(div, rem);
    zk_flip(c, a, sg, base + DV_MA, base + DV_ALO, base + DV_AHI, "a_flip");
    zk_flip(c, b, sg, base + DV_MB, base + DV_BLO, base + DV_BHI, "b_flip");
    air_expr ma = SPEC(DV_MA), mb = SPEC(DV_MB), bz = SPEC(DV_BZ);
    air_expr absa = absval(c, a, ma), absb = absval(c, b, mb);
    air_expr q = LIMBS(DV_Q0), r = LIMBS(DV_R0), d = LIMBS(DV_D0);
    air_constrain(c, AIR_ALL_ROWS, "divide", SUB(ADD(MUL(absb, q), r), absa));
    /* BZ = [b == 0] on real rows, 0 on padding; INV = 1/b or 0 */
    air_constrain(c, AIR_ALL_ROWS, "b_inv", SUB(MUL(b, SPEC(DV_INV)), SUB(real, bz)));
    air_constrain(c, AIR_ALL_ROWS, "b_zero", MUL(b, bz));
    air_constrain(c, AIR_ALL_ROWS, "inv_unused", MUL(bz, SPEC(DV_INV)));
    air_constrain(c, AIR_ALL_ROWS, "rem_bound",
                  MUL(SUB(real, bz), SUB(SUB(SUB(absb, r), K(1)), d)));
    air_constrain(c, AIR_ALL_ROWS, "d_unused", MUL(bz, d));
    air_constrain(c, AIR_ALL_ROWS, "q_by_zero", MUL(bz, SUB(q, K(ZK_TWO32 - 1))));
    air_expr xr = SUB(ADD(ma, mb), SC(MUL(ma, mb), 2));
    air_expr ng = ADD(MUL(div, SUB(xr, MUL(ma, bz))), MUL(rem, ma));
    air_constrain(c, AIR_ALL_ROWS, "neg", SUB(SPEC(DV_NG), ng));
    air_expr t = zk_bool(c, "t_bool", SPEC(DV_T));
    air_constrain(c, AIR_ALL_ROWS, "t_unused", MUL(SUB(K(1), SPEC(DV_NG)), t));
    air_expr x = ADD(MUL(ADD(div, divu), q), MUL(ADD(rem, remu), r));
    air_expr sx = MUL(SPEC(DV_NG), SUB(SC(x, 2), SC(t, ZK_TWO32)));
    air_expr vd = out < 0 ? LIMBS(DV_VL) : out;
    air_constrain(c, AIR_ALL_ROWS, "vd", ADD(SUB(vd, x), sx));
    if (out >= 0)
        air_constrain(c, AIR_ALL_ROWS, "vd_limbs", SUB(out, LIMBS(DV_VL)));
    static const unsigned lim[] = {DV_Q0, DV_Q1, DV_R0, DV_R1, DV_D0, DV_D1, DV_VL, DV_VH};
    for (unsigned i = 0; i < sizeof lim / sizeof lim[0]; i++)
        zk_r16(c, base + lim[i]);
    return vd;
}

#undef LIMBS
#undef SPEC

static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    air_expr real = zk_common(c, ZC_DIV, M(C_NPC), 0);
    air_expr sel[4] = {zk_sel(c, ZC_DIV, ZK_DIV), zk_sel(c, ZC_DIV, ZK_DIVU),
                       zk_sel(c, ZC_DIV, ZK_REM), zk_sel(c, ZC_DIV, ZK_REMU)};
    zk_op_div(c, M(C_V1), M(C_V2), sel, real, zk_spec(ZC_DIV, 0), M(C_VD));
}

static unsigned r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    (void)dbl;
    return ZK_R16_SPEC(ch, cols, DV_ALO, DV_AHI, DV_BLO, DV_BHI, DV_Q0, DV_Q1, DV_R0, DV_R1,
                       DV_D0, DV_D1, DV_VL, DV_VH);
}

uint32_t zk_fill_div(gl_t *row, unsigned base, zk_op op, uint32_t v1, uint32_t v2)
{
#define CELL(k) row[base + (k)] /* the row's cell of column k */
    uint32_t sg = op == ZK_DIV || op == ZK_REM;
    uint32_t ma = sg && v1 >> 31, mb = sg && v2 >> 31;
    uint32_t absa = ma ? 0u - v1 : v1, absb = mb ? 0u - v2 : v2;
    uint32_t q = 0xffffffffu, r = absa, d = 0;
    if (v2) {
        q = absa / absb, r = absa % absb, d = absb - r - 1;
        CELL(DV_INV) = gl_inv(v2);
    } else {
        CELL(DV_BZ) = 1;
    }
    int isdiv = op == ZK_DIV || op == ZK_DIVU;
    uint32_t ng = op == ZK_DIV ? (ma ^ mb) && v2 : op == ZK_REM ? ma : 0;
    uint32_t x = isdiv ? q : r, vd = ng ? 0u - x : x;
    CELL(DV_MA) = ma, CELL(DV_MB) = mb, CELL(DV_NG) = ng, CELL(DV_T) = ng && x;
    zk_limbs(row, base + DV_ALO, v1 ^ sg << 31);
    zk_limbs(row, base + DV_BLO, v2 ^ sg << 31);
    zk_limbs(row, base + DV_Q0, q);
    zk_limbs(row, base + DV_R0, r);
    zk_limbs(row, base + DV_D0, d);
    zk_limbs(row, base + DV_VL, vd);
#undef CELL
    return vd;
}

static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)ch, (void)next, (void)err;
    *vd = zk_fill_div(w->row, zk_spec(ZC_DIV, 0), (zk_op)pr->op, v1, v2);
    return 0;
}

const zk_chip_desc zk_chip_div = {
    .name = "div", .n_ops = ZK_CHIP_N_OPS(ZC_DIV), .n_spec = DV_N, .r16 = r16,
    .build = build, .fill = fill,
};
