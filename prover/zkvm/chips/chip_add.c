/* chip_add.c — the add chip (ADD, SUB) and the addi chip (ADDI, LUI, AUIPC,
 * FENCE; no rs2 access): vd = v1 + sgn*(v2 + imm) mod 2^32, sgn = +1 (ADD,
 * ADDI) / -1 (SUB); and the add piece zk_op_add / zk_fill_add.
 * Invariant: vd is in [0, 2^32) by two R16 limbs, so the carry is unique. */
#include "zk_alu.h"

uint32_t zk_fill_add(gl_t *row, uint32_t a, uint32_t b, int sub, unsigned carry, unsigned lo)
{
    uint64_t t = sub ? (uint64_t)a + ZK_TWO32 - b : (uint64_t)a + b;
    row[carry] = sub ? !(t >> 32) : t >> 32; /* SUB: a - b = t - 2^32*(1 - (t >> 32)) */
    zk_limbs(row, lo, (uint32_t)t);
    return (uint32_t)t;
}

air_expr zk_op_add(air_chip *c, air_expr a, air_expr b, air_expr sgn, air_expr out, unsigned base)
{
    unsigned cc = base + ADD_C, lo = base + ADD_LO;
    zk_bool(c, "carry_bool", M(cc));
    air_expr rhs = SUB(MUL(sgn, b), SC(MUL(sgn, M(cc)), ZK_TWO32));
    air_expr limbs = ADD(M(lo), SC(M(lo + 1), 1u << 16));
    air_constrain(c, AIR_ALL_ROWS, "sum", SUB(out < 0 ? limbs : out, ADD(a, rhs)));
    if (out >= 0)
        air_constrain(c, AIR_ALL_ROWS, "vd_limbs", SUB(out, limbs));
    zk_r16(c, lo);
    zk_r16(c, lo + 1);
    return out < 0 ? limbs : out;
}

/* add: sgn = ADD - SUB (selectors); addi: sgn = real (rs2 is x0, v2 = 0). */
static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)pub;
    air_expr real = zk_common(c, id, M(C_NPC), 0);
    air_expr sgn = id == ZC_ADDI ? real : SUB(zk_sel(c, id, ZK_ADD), zk_sel(c, id, ZK_SUB));
    zk_op_add(c, M(C_V1), ADD(zk_v2(c, id), M(C_IMM)), sgn, M(C_VD), zk_spec(id, 0));
}

static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)next, (void)err;
    int sub = pr->op == ZK_SUB;
    *vd = zk_fill_add(w->row, v1, sub ? v2 : v2 + pr->imm, sub, zk_spec(ch, ADD_C),
                      zk_spec(ch, ADD_LO));
    return 0;
}

static unsigned r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    (void)dbl;
    return ZK_R16_SPEC(ch, cols, ADD_LO, ADD_HI);
}

const zk_chip_desc zk_chip_add = {
    .name = "add", .n_ops = ZK_CHIP_N_OPS(ZC_ADD), .n_spec = ADD_N, .r16 = r16,
    .build = build, .fill = fill,
};
const zk_chip_desc zk_chip_addi = {
    .name = "addi", .n_ops = ZK_CHIP_N_OPS(ZC_ADDI), .n_spec = ADD_N, .r16 = r16, .no_rs2 = 1,
    .build = build, .fill = fill,
};
