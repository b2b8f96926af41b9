/* chip_mul.c — the mul chip: MUL, MULH, MULHSU, MULHU, one row per uop.
 * Invariant: the 64-bit product is unique (no wrap mod p) and vd in [0, 2^32).
 *
 * Unsigned product: v1*v2 <= (2^32-1)^2 < p, so the field equation
 *   v1*v2 = LO + 2^32*HI,  LO, HI in [0, 2^32) by R16 limbs,
 * has one solution once HI != 2^32-1 (INV*(HI - (2^32-1)) = 1): then
 * LO + 2^32*HI <= 2^64 - 2^32 - 1 < p as well, and a true HI never reaches
 * 2^32-1 since (2^32-1)^2 = 0xfffffffe_00000001.
 * Signed high words: with ma, mb the sign bits (zk_flip; 0 where the operand
 * is unsigned: v1 for MULHU/MUL, v2 for all but MULH),
 *   sx(a)*sx(b) = a*b - 2^32*(ma*b + mb*a) + 2^64*ma*mb,
 * so high32 = HI - ma*v2 - mb*v1 (mod 2^32):
 *   vd = [MUL]*LO + [MULH*]*HI - ma*v2 - mb*v1 + 2^32*K,  K in {0, 1, 2},
 * with vd in [0, 2^32) by limbs VL, VH, which makes K unique (the integers
 * involved are below 2^35, far from p). On MUL/MULHU rows K is forced to 0. */
#include "chip_muldiv.h"

#define S(k) M(zk_spec(ZC_MUL, (k)))
#define LIMBS(lo) ADD(S(lo), SC(S((lo) + 1), 1u << 16))

void zk_chip_mul(air_chip *c)
{
    air_expr real = zk_common(c, ZC_MUL, M(C_NPC), 0);
    air_expr mul = zk_sel(c, ZC_MUL, ZK_MUL), mulh = zk_sel(c, ZC_MUL, ZK_MULH);
    air_expr mulhsu = zk_sel(c, ZC_MUL, ZK_MULHSU), mulhu = zk_sel(c, ZC_MUL, ZK_MULHU);
    air_expr lo = LIMBS(MU_LO0), hi = LIMBS(MU_HI0), vd = LIMBS(MU_VL);
    air_constrain(c, AIR_ALL_ROWS, "product",
                  SUB(MUL(M(C_V1), M(C_V2)), ADD(lo, SC(hi, ZK_TWO32))));
    /* HI != 2^32 - 1 on real rows (padding rows are all zero) */
    air_constrain(c, AIR_ALL_ROWS, "hi_max",
                  MUL(real, SUB(MUL(SUB(hi, K(ZK_TWO32 - 1)), S(MU_INV)), K(1))));
    zk_flip(c, M(C_V1), ADD(mulh, mulhsu), zk_spec(ZC_MUL, MU_MA), zk_spec(ZC_MUL, MU_ALO),
            zk_spec(ZC_MUL, MU_AHI), "a_flip");
    zk_flip(c, M(C_V2), mulh, zk_spec(ZC_MUL, MU_MB), zk_spec(ZC_MUL, MU_BLO),
            zk_spec(ZC_MUL, MU_BHI), "b_flip");
    air_expr k = S(MU_K);
    air_constrain(c, AIR_ALL_ROWS, "k_range", MUL(MUL(k, SUB(k, K(1))), SUB(k, K(2))));
    air_expr want = ADD(MUL(mul, lo), MUL(ADD(ADD(mulh, mulhsu), mulhu), hi));
    want = SUB(want, ADD(MUL(S(MU_MA), M(C_V2)), MUL(S(MU_MB), M(C_V1))));
    want = ADD(want, SC(k, ZK_TWO32));
    air_constrain(c, AIR_ALL_ROWS, "vd", SUB(M(C_VD), want));
    air_constrain(c, AIR_ALL_ROWS, "vd_limbs", SUB(M(C_VD), vd));
    static const unsigned lim[] = {MU_LO0, MU_LO1, MU_HI0, MU_HI1, MU_VL, MU_VH};
    for (unsigned i = 0; i < sizeof lim / sizeof lim[0]; i++)
        zk_r16(c, zk_spec(ZC_MUL, lim[i]));
}

#undef LIMBS
#undef S

unsigned zk_mul_r16(unsigned *cols)
{
    static const unsigned lim[] = {MU_LO0, MU_LO1, MU_HI0, MU_HI1, MU_ALO, MU_AHI,
                                   MU_BLO, MU_BHI, MU_VL, MU_VH};
    unsigned n = sizeof lim / sizeof lim[0];
    for (unsigned i = 0; i < n; i++)
        cols[i] = zk_spec(ZC_MUL, lim[i]);
    return n;
}

void zk_fill_mul(zk_wctx *w, const zk_prow *pr, uint32_t v1, uint32_t v2, uint32_t *vd)
{
    gl_t *row = w->row;
#define S(k) row[zk_spec(ZC_MUL, (k))]
    uint64_t prod = (uint64_t)v1 * v2;
    uint32_t lo = (uint32_t)prod, hi = (uint32_t)(prod >> 32);
    uint32_t sa = pr->op == ZK_MULH || pr->op == ZK_MULHSU, sb = pr->op == ZK_MULH;
    uint32_t ma = sa && v1 >> 31, mb = sb && v2 >> 31;
    zk_limbs(row, zk_spec(ZC_MUL, MU_LO0), lo);
    zk_limbs(row, zk_spec(ZC_MUL, MU_HI0), hi);
    S(MU_INV) = gl_inv(gl_sub(hi, ZK_TWO32 - 1));
    S(MU_MA) = ma, S(MU_MB) = mb;
    zk_limbs(row, zk_spec(ZC_MUL, MU_ALO), v1 ^ sa << 31);
    zk_limbs(row, zk_spec(ZC_MUL, MU_BLO), v2 ^ sb << 31);
    int64_t base; /* vd - 2^32*K */
    switch (pr->op) {
    case ZK_MUL: *vd = lo, base = lo; break;
    case ZK_MULHU: *vd = hi, base = hi; break;
    case ZK_MULH:
        *vd = (uint32_t)((uint64_t)((int64_t)(int32_t)v1 * (int32_t)v2) >> 32);
        base = (int64_t)hi - (int64_t)ma * v2 - (int64_t)mb * v1;
        break;
    default: /* MULHSU: signed v1 times unsigned v2 */
        *vd = (uint32_t)((uint64_t)((int64_t)(int32_t)v1 * (int64_t)v2) >> 32);
        base = (int64_t)hi - (int64_t)ma * v2;
        break;
    }
    S(MU_K) = (gl_t)(((int64_t)*vd - base) >> 32);
    zk_limbs(row, zk_spec(ZC_MUL, MU_VL), *vd);
#undef S
}
