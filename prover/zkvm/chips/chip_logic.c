/* chip_logic.c — the logic chip (XOR, OR, AND; immediate forms with rs2 =
 * x0): vd = v1 op (v2 + imm) byte by byte through the bytes table; the
 * logic piece zk_op_logic / zk_fill_logic.
 * Invariant: per byte x xor y = x + y - 2(x and y), x or y = x + y - (x and y)
 * and the bytes do not interact, so the looked-up AND bytes fix all three;
 * the lookups also prove every byte in [0, 256), so vd is in [0, 2^32). */
#include "zk_alu.h"

uint32_t zk_fill_logic(zk_wctx *w, gl_t *row, unsigned base, zk_op op, uint32_t a, uint32_t b)
{
    for (unsigned i = 0; i < 4; i++) {
        uint32_t x = a >> (8 * i) & 255, y = b >> (8 * i) & 255;
        row[base + LG_A + i] = x;
        row[base + LG_B + i] = y;
        row[base + LG_W + i] = x & y;
        zk_and_lookup(w, x, y);
    }
    return op == ZK_XOR ? a ^ b : op == ZK_OR ? a | b : a & b;
}

air_expr zk_op_logic(air_chip *c, air_expr a, air_expr b, const air_expr *sel, zk_op op,
                     air_expr out, unsigned base, air_expr mult)
{
    unsigned ca = base + LG_A, cb = base + LG_B, cw = base + LG_W;
    air_expr sa = K(0), sb = K(0), sw = K(0);
    for (unsigned i = 0; i < 4; i++) {
        zk_and(c, M(ca + i), M(cb + i), M(cw + i), mult);
        sa = ADD(sa, SC(M(ca + i), 1u << (8 * i)));
        sb = ADD(sb, SC(M(cb + i), 1u << (8 * i)));
        sw = ADD(sw, SC(M(cw + i), 1u << (8 * i)));
    }
    air_expr apb = ADD(a, b), want;
    air_constrain(c, AIR_ALL_ROWS, "a_bytes", SUB(a, sa));
    air_constrain(c, AIR_ALL_ROWS, "b_bytes", SUB(b, sb));
    if (sel)
        want = ADD(ADD(MUL(sel[0], SUB(apb, SC(sw, 2))), MUL(sel[1], SUB(apb, sw))), MUL(sel[2], sw));
    else
        want = op == ZK_XOR ? SUB(apb, SC(sw, 2)) : op == ZK_OR ? SUB(apb, sw) : sw;
    if (out < 0)
        return want;
    air_constrain(c, AIR_ALL_ROWS, "vd", SUB(out, want));
    return out;
}

static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)pub;
    air_expr real = zk_common(c, id, M(C_NPC), 0);
    air_expr sel[3] = {zk_sel(c, id, ZK_XOR), zk_sel(c, id, ZK_OR), zk_sel(c, id, ZK_AND)};
    zk_op_logic(c, M(C_V1), ADD(M(C_V2), M(C_IMM)), sel, ZK_NONE, M(C_VD), zk_spec(id, 0), real);
}

static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)next, (void)err;
    *vd = zk_fill_logic(w, w->row, zk_spec(ch, 0), (zk_op)pr->op, v1, v2 + pr->imm);
    return 0;
}

const zk_chip_desc zk_chip_logic = {
    .name = "logic", .n_ops = ZK_CHIP_N_OPS(ZC_LOGIC), .n_spec = LG_N,
    .build = build, .fill = fill,
};
