/* chip_mul.c — the mul chip (MUL, MULHU) and the mulh chip (MULH, MULHSU),
 * one row per uop. Invariant: the 64-bit product is unique (no wrap mod p)
 * and vd in [0, 2^32).
 *
 * Unsigned product (both chips): v1*v2 <= (2^32-1)^2 < p, so the field
 * equation  v1*v2 = LO + 2^32*HI,  LO, HI in [0, 2^32) by R16 limbs,
 * has one solution once HI != 2^32-1 (INV*(HI - (2^32-1)) = 1): then
 * LO + 2^32*HI <= 2^64 - 2^32 - 1 < p as well, and a true HI never reaches
 * 2^32-1 since (2^32-1)^2 = 0xfffffffe_00000001. mul: vd = [MUL]*LO + [MULHU]*HI.
 * Signed high words (mulh): with ma, mb the sign bits (zk_flip; mb = 0 for
 * MULHSU, whose v2 is unsigned),
 *   sx(a)*sx(b) = a*b - 2^32*(ma*b + mb*a) + 2^64*ma*mb,
 * so high32 = HI - ma*v2 - mb*v1 (mod 2^32):
 *   vd = HI - ma*v2 - mb*v1 + 2^32*K,  K in {0, 1, 2},
 * with vd in [0, 2^32) by limbs VL, VH, which makes K unique (the integers
 * involved are below 2^35, far from p). MUL/MULHU, the only M uops of the
 * corpus besides DIVU/REMU, thus pay 7 columns on top of the shared 20.
 * The product is the piece zk_op_mul / zk_fill_mul (a block chip's MUL, MULHU). */
#include "zk_alu.h"

#define SPEC_OF(id, k) M(zk_spec((id), (k))) /* chip id's column k's expression */
#define LIMBS(id, lo) ADD(SPEC_OF(id, lo), SC(SPEC_OF(id, (lo) + 1), 1u << 16))

air_expr zk_op_mul(air_chip *c, air_expr a, air_expr b, air_expr gate, unsigned base,
                   air_expr *hi)
{
    air_expr lo = ADD(M(base + MU_LO0), SC(M(base + MU_LO1), 1u << 16));
    *hi = ADD(M(base + MU_HI0), SC(M(base + MU_HI1), 1u << 16));
    air_constrain(c, AIR_ALL_ROWS, "product", SUB(MUL(a, b), ADD(lo, SC(*hi, ZK_TWO32))));
    air_constrain(c, AIR_ALL_ROWS, "hi_max",
                  MUL(gate, SUB(MUL(SUB(*hi, K(ZK_TWO32 - 1)), M(base + MU_INV)), K(1))));
    for (unsigned k = MU_LO0; k <= MU_HI1; k++)
        zk_r16(c, base + k);
    return lo;
}

uint32_t zk_fill_mul(gl_t *row, unsigned base, uint32_t a, uint32_t b, uint32_t *hi)
{
    uint64_t prod = (uint64_t)a * b;
    *hi = (uint32_t)(prod >> 32);
    zk_limbs(row, base + MU_LO0, (uint32_t)prod);
    zk_limbs(row, base + MU_HI0, *hi);
    row[base + MU_INV] = gl_inv(gl_sub(*hi, ZK_TWO32 - 1));
    return (uint32_t)prod;
}

/* LO, HI and INV of chip id (same offsets in both chips; HI != 2^32-1 on
 * real rows: padding rows are all zero); returns real. */
static air_expr product(air_chip *c, zk_chip id, air_expr *lo, air_expr *hi)
{
    air_expr real = zk_common(c, id, M(C_NPC), 0);
    *lo = zk_op_mul(c, M(C_V1), M(C_V2), real, zk_spec(id, 0), hi);
    return real;
}

static void build_mul(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    air_expr lo, hi;
    product(c, ZC_MUL, &lo, &hi);
    air_expr want = ADD(MUL(zk_sel(c, ZC_MUL, ZK_MUL), lo), MUL(zk_sel(c, ZC_MUL, ZK_MULHU), hi));
    air_constrain(c, AIR_ALL_ROWS, "vd", SUB(M(C_VD), want));
}

static void build_mulh(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    air_expr lo, hi;
    product(c, ZC_MULH, &lo, &hi);
    air_expr mulh = zk_sel(c, ZC_MULH, ZK_MULH), mulhsu = zk_sel(c, ZC_MULH, ZK_MULHSU);
    zk_flip(c, M(C_V1), ADD(mulh, mulhsu), zk_spec(ZC_MULH, MU_MA), zk_spec(ZC_MULH, MU_ALO),
            zk_spec(ZC_MULH, MU_AHI), "a_flip");
    zk_flip(c, M(C_V2), mulh, zk_spec(ZC_MULH, MU_MB), zk_spec(ZC_MULH, MU_BLO),
            zk_spec(ZC_MULH, MU_BHI), "b_flip");
    air_expr k = SPEC_OF(ZC_MULH, MU_K);
    air_constrain(c, AIR_ALL_ROWS, "k_range", MUL(MUL(k, SUB(k, K(1))), SUB(k, K(2))));
    air_expr want = SUB(hi, ADD(MUL(SPEC_OF(ZC_MULH, MU_MA), M(C_V2)), MUL(SPEC_OF(ZC_MULH, MU_MB), M(C_V1))));
    want = ADD(want, SC(k, ZK_TWO32));
    air_constrain(c, AIR_ALL_ROWS, "vd", SUB(M(C_VD), want));
    air_constrain(c, AIR_ALL_ROWS, "vd_limbs", SUB(M(C_VD), LIMBS(ZC_MULH, MU_VL)));
    zk_r16(c, zk_spec(ZC_MULH, MU_VL));
    zk_r16(c, zk_spec(ZC_MULH, MU_VH));
}

#undef LIMBS
#undef SPEC_OF

static unsigned r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    (void)dbl;
    static const unsigned lim[] = {MU_LO0, MU_LO1, MU_HI0, MU_HI1, MU_ALO, MU_AHI,
                                   MU_BLO, MU_BHI, MU_VL, MU_VH};
    unsigned n = ch == ZC_MUL ? 4 : sizeof lim / sizeof lim[0];
    for (unsigned i = 0; i < n; i++)
        cols[i] = zk_spec(ch, lim[i]);
    return n;
}

/* mul and mulh share it (ch: which). */
static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)next, (void)err;
    gl_t *row = w->row;
#define CELL(k) row[zk_spec(ch, (k))] /* the row's cell of column k */
    uint32_t hi, lo = zk_fill_mul(row, zk_spec(ch, 0), v1, v2, &hi);
    if (ch == ZC_MUL) {
        *vd = pr->op == ZK_MUL ? lo : hi;
        return 0;
    }
    uint32_t sb = pr->op == ZK_MULH, ma = v1 >> 31, mb = sb && v2 >> 31;
    CELL(MU_MA) = ma, CELL(MU_MB) = mb;
    zk_limbs(row, zk_spec(ch, MU_ALO), v1 ^ 1u << 31);
    zk_limbs(row, zk_spec(ch, MU_BLO), v2 ^ sb << 31);
    int64_t sv2 = sb ? (int64_t)(int32_t)v2 : (int64_t)v2; /* MULHSU: v2 unsigned */
    *vd = (uint32_t)((uint64_t)((int64_t)(int32_t)v1 * sv2) >> 32);
    int64_t base = (int64_t)hi - (int64_t)ma * v2 - (int64_t)mb * v1; /* vd - 2^32*K */
    CELL(MU_K) = (gl_t)(((int64_t)*vd - base) >> 32);
    zk_limbs(row, zk_spec(ch, MU_VL), *vd);
#undef CELL
    return 0;
}

const zk_chip_desc zk_chip_mul = {
    .name = "mul", .n_ops = ZK_CHIP_N_OPS(ZC_MUL), .n_spec = MU_N, .r16 = r16,
    .build = build_mul, .fill = fill,
};
const zk_chip_desc zk_chip_mulh = {
    .name = "mulh", .n_ops = ZK_CHIP_N_OPS(ZC_MULH), .n_spec = MH_N, .r16 = r16,
    .build = build_mulh, .fill = fill,
};
