/* chip_amo.c — the atomics chip: LR.W, SC.W and the nine AMO*.W, one row
 * each, spanning two timestamps (the LR/SC reservation key is accessed at
 * sub-step 5). Invariant: the word written is v2, OLD, a byte-wise logic
 * result, OLD + v2 mod 2^32 or one of OLD/v2, and is range-checked by two
 * limbs; the reservation holds 0 or a + 1 for the word a an LR read. */
#include "zk_lsx.h"

#define SPEC(k) M(zk_spec(ZC_AMO, (k))) /* a chip-specific column's expression */
#define SEL(op) zk_sel(c, ZC_AMO, (op))

static int present(const zk_prow *prog, uint32_t n_prog)
{
    for (uint32_t i = 0; i < n_prog; i++)
        if (zk_op_chip((zk_op)prog[i].op) == ZC_AMO)
            return 1;
    return 0;
}

/* SC: z = RV - v1 - 1, OK = [z == 0] by sc*(z*INV - 1 + OK) = 0, z*OK = 0,
 * OK*INV = 0 (INV pinned on success), OK and INV 0 off SC rows. The
 * reservation access (LR, SC only) writes v1 + 1 (LR) or 0 (SC); v1 is
 * 4-aligned (its RAM key is), so v1 + 1 < 2^32. Its columns are pinned to 0
 * on AMO rows, which do not touch it. */
static void amo_resv(air_chip *c)
{
    air_expr lr = SEL(ZK_LR), sc = SEL(ZK_SC), lrsc = ADD(lr, sc), none = SUB(K(1), lrsc);
    air_expr z = SUB(SPEC(AM_RV), ADD(M(C_V1), K(1))), ok = zk_bool(c, "ok_bool", SPEC(AM_OK));
    air_expr inv = SPEC(AM_INV);
    air_constrain(c, AIR_ALL_ROWS, "sc_inv", MUL(sc, ADD(SUB(MUL(z, inv), K(1)), ok)));
    air_constrain(c, AIR_ALL_ROWS, "sc_ok", MUL(z, ok));
    air_constrain(c, AIR_ALL_ROWS, "ok_inv", MUL(ok, inv));
    air_constrain(c, AIR_ALL_ROWS, "ok_unused", MUL(SUB(K(1), sc), ok));
    air_constrain(c, AIR_ALL_ROWS, "inv_unused", MUL(SUB(K(1), sc), inv));
    zk_mem_access(c, "resv_ts", lrsc, K(ZK_KEY_RESV), SPEC(AM_RV), SPEC(AM_RT),
                  MUL(lr, ADD(M(C_V1), K(1))), 5, zk_spec(ZC_AMO, AM_RLA), zk_spec(ZC_AMO, AM_RLB));
    static const unsigned pin[] = {AM_RV, AM_RT, AM_RLA, AM_RLB};
    for (unsigned i = 0; i < 4; i++)
        air_constrain(c, AIR_ALL_ROWS, "resv_unused", MUL(none, SPEC(pin[i])));
}

/* AMOXOR/AND/OR: OLD = sum 256^k*TB_k, v2 = sum 256^k*BB_k and AB_k =
 * TB_k AND BB_k by (TB_k, BB_k, AB_k) lookups (which also make them bytes);
 * the bytes are 0 on other rows. With A = sum 256^k*AB_k the result is linear:
 * XOR = OLD + v2 - 2A, OR = OLD + v2 - A, AND = A. Returns that result
 * times its selector (degree 2). */
static air_expr amo_logic(air_chip *c, air_expr logic)
{
    air_expr ta = K(0), tb = K(0), ta_and = K(0), unused = SUB(K(1), logic);
    for (unsigned k = 0; k < 4; k++) {
        zk_and(c, SPEC(AM_TB0 + k), SPEC(AM_BB0 + k), SPEC(AM_AB0 + k), logic);
        ta = ADD(ta, SC(SPEC(AM_TB0 + k), 1u << (8 * k)));
        tb = ADD(tb, SC(SPEC(AM_BB0 + k), 1u << (8 * k)));
        ta_and = ADD(ta_and, SC(SPEC(AM_AB0 + k), 1u << (8 * k)));
        for (unsigned b = AM_TB0; b <= AM_AB0; b += 4)
            air_constrain(c, AIR_ALL_ROWS, "byte_unused", MUL(unused, SPEC(b + k)));
    }
    air_constrain(c, AIR_ALL_ROWS, "old_bytes", MUL(logic, SUB(SPEC(AM_OLD), ta)));
    air_constrain(c, AIR_ALL_ROWS, "v2_bytes", MUL(logic, SUB(M(C_V2), tb)));
    air_expr sum = ADD(ta, tb);
    return ADD(ADD(MUL(SEL(ZK_AMOXOR), SUB(sum, SC(ta_and, 2))),
                   MUL(SEL(ZK_AMOOR), SUB(sum, ta_and))),
               MUL(SEL(ZK_AMOAND), ta_and));
}

/* NEW = lr*OLD + sc*(OLD + OK*(v2 - OLD)) + swap*v2 + add*(OLD + v2 - 2^32*C)
 *     + [XOR/OR/AND result] + min*(LT*OLD + (1 - LT)*v2) + max*(LT*v2 + (1 - LT)*OLD),
 * LT = [OLD' <u v2'] (' = xor 2^31 for AMOMIN/AMOMAX) by OLD' - v2' + 2^32*LT
 * in [0, 2^32) (the lt chip's comparison, on every row). NEW in [0, 2^32) by
 * limbs, so the carry is unique. rd = OLD, or 1 - OK for SC. */
static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    static const unsigned sub[3] = {1, 2, 4};
    air_expr real = zk_common_ext(c, ZC_AMO, M(C_NPC), 0, NULL, 0, 2, sub);
    air_expr old = SPEC(AM_OLD), v2 = M(C_V2), sc = SEL(ZK_SC), ok = SPEC(AM_OK);
    air_expr add = SEL(ZK_AMOADD), cc = zk_bool(c, "carry_bool", SPEC(AM_C));
    air_constrain(c, AIR_ALL_ROWS, "carry_unused", MUL(SUB(K(1), add), cc));
    air_expr logic = ADD(ADD(SEL(ZK_AMOXOR), SEL(ZK_AMOAND)), SEL(ZK_AMOOR));
    air_expr lg = amo_logic(c, logic);
    air_expr sg = ADD(SEL(ZK_AMOMIN), SEL(ZK_AMOMAX));
    air_expr a = zk_flip(c, old, sg, zk_spec(ZC_AMO, AM_MA), zk_spec(ZC_AMO, AM_ALO),
                         zk_spec(ZC_AMO, AM_AHI), "a_flip");
    air_expr b = zk_flip(c, v2, sg, zk_spec(ZC_AMO, AM_MB), zk_spec(ZC_AMO, AM_BLO),
                         zk_spec(ZC_AMO, AM_BHI), "b_flip");
    air_expr lt = zk_bool(c, "lt_bool", SPEC(AM_LT));
    air_expr d = ADD(SPEC(AM_DLO), SC(SPEC(AM_DHI), 1u << 16));
    air_constrain(c, AIR_ALL_ROWS, "lt", SUB(d, ADD(SUB(a, b), SC(lt, ZK_TWO32))));
    zk_r16(c, zk_spec(ZC_AMO, AM_DLO));
    zk_r16(c, zk_spec(ZC_AMO, AM_DHI));
    air_expr pmin = ADD(SEL(ZK_AMOMIN), SEL(ZK_AMOMINU));
    air_expr pmax = ADD(SEL(ZK_AMOMAX), SEL(ZK_AMOMAXU));
    air_expr nlt = SUB(K(1), lt);
    air_expr nw = ADD(MUL(SEL(ZK_LR), old), MUL(sc, ADD(old, MUL(ok, SUB(v2, old)))));
    nw = ADD(nw, ADD(MUL(SEL(ZK_AMOSWAP), v2), MUL(add, SUB(ADD(old, v2), SC(cc, ZK_TWO32)))));
    nw = ADD(nw, lg);
    nw = ADD(nw, MUL(pmin, ADD(MUL(lt, old), MUL(nlt, v2))));
    nw = ADD(nw, MUL(pmax, ADD(MUL(lt, v2), MUL(nlt, old))));
    air_expr nv = ADD(SPEC(AM_NL), SC(SPEC(AM_NH), 1u << 16));
    air_constrain(c, AIR_ALL_ROWS, "new", SUB(nv, nw));
    zk_r16(c, zk_spec(ZC_AMO, AM_NL));
    zk_r16(c, zk_spec(ZC_AMO, AM_NH));
    zk_mem_access(c, "ram_ts", real, ADD(M(C_V1), K(ZK_KEY_RAM(0))), old, SPEC(AM_TM), nv, 3,
                  zk_spec(ZC_AMO, AM_LA), zk_spec(ZC_AMO, AM_LB));
    air_expr want = ADD(MUL(SUB(real, sc), old), MUL(sc, SUB(K(1), ok)));
    air_constrain(c, AIR_ALL_ROWS, "value", SUB(M(C_VD), want));
    amo_resv(c);
}
#undef SEL
#undef SPEC

/* The word an AMO leaves, as the VM computes it (vm/uop_exec.h). */
static uint32_t amo_apply(uint32_t op, uint32_t t, uint32_t b)
{
    switch (op) {
    case ZK_AMOSWAP: return b;
    case ZK_AMOADD: return t + b;
    case ZK_AMOXOR: return t ^ b;
    case ZK_AMOAND: return t & b;
    case ZK_AMOOR: return t | b;
    case ZK_AMOMIN: return (int32_t)t < (int32_t)b ? t : b;
    case ZK_AMOMAX: return (int32_t)t > (int32_t)b ? t : b;
    case ZK_AMOMINU: return t < b ? t : b;
    case ZK_AMOMAXU: return t > b ? t : b;
    default: return t;
    }
}

static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)ch, (void)next;
#define COL(k) zk_spec(ZC_AMO, (k))
    gl_t *row = w->row;
    uint32_t op = pr->op, rv = 0, ok = 0, old;
    if (v1 & 3)
        return uvm_errf(err, "zkvm: pc 0x%08x: atomic at 0x%08x is misaligned (the VM faults: bug)",
                        pr->pc, v1);
    w->adv = 1; /* the row's second timestamp */
    if (op == ZK_LR || op == ZK_SC) {
        if (zk_access(w, ZK_KEY_RESV, 1, op == ZK_LR ? v1 + 1 : 0, 5, COL(AM_RV), COL(AM_RT),
                      COL(AM_RLA), &rv, err))
            return -1;
        ok = op == ZK_SC && rv == v1 + 1;
        row[COL(AM_OK)] = ok;
        if (op == ZK_SC && !ok)
            row[COL(AM_INV)] = gl_inv(gl_sub(rv, (gl_t)v1 + 1));
    }
    zk_slot *e = zk_sh_get(&w->sh, w->p, ZK_KEY_RAM(v1));
    if (!e)
        return uvm_errf(err, "zkvm: out of memory for the shadow memory");
    uint32_t t = e->val, nw = op == ZK_SC ? (ok ? v2 : t) : amo_apply(op, t, v2);
    if (zk_access(w, ZK_KEY_RAM(v1), 1, nw, 3, COL(AM_OLD), COL(AM_TM), COL(AM_LA), &old, err))
        return -1;
    zk_limbs(row, COL(AM_NL), nw);
    row[COL(AM_C)] = op == ZK_AMOADD && ((uint64_t)t + v2) >> 32;
    if (op == ZK_AMOXOR || op == ZK_AMOAND || op == ZK_AMOOR) {
        for (unsigned k = 0; k < 4; k++) {
            uint32_t x = t >> (8 * k) & 255, y = v2 >> (8 * k) & 255;
            row[COL(AM_TB0) + k] = x, row[COL(AM_BB0) + k] = y, row[COL(AM_AB0) + k] = x & y;
            zk_and_lookup(w, x, y);
        }
    }
    uint32_t sg = op == ZK_AMOMIN || op == ZK_AMOMAX, a = t ^ (sg << 31), b = v2 ^ (sg << 31);
    row[COL(AM_MA)] = sg && (t >> 31);
    row[COL(AM_MB)] = sg && (v2 >> 31);
    zk_limbs(row, COL(AM_ALO), a);
    zk_limbs(row, COL(AM_BLO), b);
    row[COL(AM_LT)] = a < b;
    zk_limbs(row, COL(AM_DLO), a - b);
    *vd = op == ZK_SC ? !ok : t;
    return 0;
#undef COL
}

const zk_chip_desc zk_chip_amo = {
    .name = "amo", .n_ops = ZK_CHIP_N_OPS(ZC_AMO), .n_spec = AM_N, .r16 = zk_lsx_r16,
    .build = build, .fill = fill, .present = present,
};
