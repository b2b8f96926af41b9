/* chip_shift.c — the shift chip (SLL, SRL, SRA; immediate forms: rs2 = x0,
 * imm = shamt) and the shift piece zk_op_shift / zk_fill_shift: (s, 2^s, 2^31>>s) comes from the
 * pow2 table, b = s + 32*bq with bq < 2^32 fixes s = b & 31.
 * SLL: a*2^s = out + 2^32*H with out < 2^32, H < 2^31 + 2^16 (no wrap mod p).
 * SRL/SRA: A = Q*2^s + R, 0 <= R < 2^s, Q < 2^32, where A = a xor 2^31 for
 * SRA (sign ma); then out = Q (SRL) or Q - 2^(31-s) + 2^32*ma (SRA).
 * Invariant: every limb is an R16 lookup (H's high limb doubled: < 2^15). */
#include "zk_alu.h"

static void put(gl_t *row, const unsigned *s, unsigned k, uint32_t v)
{
    if (s[k] != ZK_NO_COL)
        row[s[k]] = v;
}

static void put_limbs(gl_t *row, const unsigned *s, unsigned lo, uint32_t v)
{
    put(row, s, lo, v & 0xffff);
    put(row, s, lo + 1, v >> 16);
}

uint32_t zk_fill_shift(zk_wctx *w, gl_t *row, const unsigned *s, zk_op op, uint32_t a, uint32_t b)
{
    uint32_t sh = b & 31, sra = op == ZK_SRA;
    uint32_t af = sra ? a ^ 0x80000000u : a, p2 = 1u << sh, out;
    put(row, s, SH_S, sh), put(row, s, SH_P, p2), put(row, s, SH_C, 0x80000000u >> sh);
    put_limbs(row, s, SH_BQL, b >> 5);
    put(row, s, SH_MA, sra && (a >> 31));
    put_limbs(row, s, SH_ALO, af);
    if (op == ZK_SLL) {
        uint64_t prod = (uint64_t)a << sh;
        out = (uint32_t)prod;
        put_limbs(row, s, SH_VL, out);
        put_limbs(row, s, SH_HL, (uint32_t)(prod >> 32));
    } else {
        uint32_t q = af >> sh, r = af & (p2 - 1);
        put_limbs(row, s, SH_QL, q);
        put_limbs(row, s, SH_RL, r);
        put_limbs(row, s, SH_GL, p2 - 1 - r);
        out = sra ? (uint32_t)((int32_t)a >> sh) : q;
    }
    if (s[SH_S] != ZK_NO_COL)
        w->pow->data[sh]++;
    return out;
}

unsigned zk_shift_cols(zk_op op, int amt, unsigned first, unsigned *s)
{
    static const unsigned amount[] = {SH_S, SH_P, SH_C, SH_BQL, SH_BQH};
    static const unsigned sll[] = {SH_VL, SH_VH, SH_HL, SH_HH};
    static const unsigned sr[] = {SH_QL, SH_QH, SH_RL, SH_RH, SH_GL, SH_GH};
    static const unsigned flip[] = {SH_MA, SH_ALO, SH_AHI};
    unsigned n = first;
    for (unsigned k = 0; k < SH_N; k++)
        s[k] = ZK_NO_COL;
    for (unsigned i = 0; amt < 0 && i < 5; i++)
        s[amount[i]] = n++;
    for (unsigned i = 0; op == ZK_SLL && i < 4; i++)
        s[sll[i]] = n++;
    for (unsigned i = 0; op == ZK_SRA && i < 3; i++)
        s[flip[i]] = n++;
    for (unsigned i = 0; op != ZK_SLL && i < 6; i++)
        s[sr[i]] = n++;
    return n - first;
}

#define LIMBS(lo) ADD(M(s[lo]), SC(M(s[lo + 1]), 1u << 16))

/* The shift chip's form: every op's constraints, each gated by its selector,
 * the lookups after the constraints (the order the chip always had). */
static air_expr shift_any(air_chip *c, air_expr a, air_expr b, const air_expr *sel,
                          air_expr out, const unsigned *s, air_expr mult)
{
    air_expr sll = sel[0], sra = sel[2], sr = ADD(sel[1], sra);
    air_expr pw[3] = {M(s[SH_S]), M(s[SH_P]), M(s[SH_C])};
    air_receive(c, BUS_POW, pw, 3, mult);
    air_constrain(c, AIR_ALL_ROWS, "shamt", SUB(b, ADD(M(s[SH_S]), SC(LIMBS(SH_BQL), 32))));
    air_expr af = zk_flip(c, a, sra, s[SH_MA], s[SH_ALO], s[SH_AHI], "a_flip");
    air_expr p = M(s[SH_P]);
    air_expr v = LIMBS(SH_VL), h = LIMBS(SH_HL), q = LIMBS(SH_QL), r = LIMBS(SH_RL);
    air_constrain(c, AIR_ALL_ROWS, "sll", MUL(sll, SUB(MUL(a, p), ADD(v, SC(h, ZK_TWO32)))));
    air_constrain(c, AIR_ALL_ROWS, "sr_div", MUL(sr, SUB(af, ADD(MUL(q, p), r))));
    air_constrain(c, AIR_ALL_ROWS, "sr_rem", MUL(sr, SUB(SUB(p, K(1)), ADD(r, LIMBS(SH_GL)))));
    air_expr want = ADD(ADD(MUL(sll, v), MUL(sr, q)),
                        MUL(sra, SUB(SC(M(s[SH_MA]), ZK_TWO32), M(s[SH_C]))));
    air_constrain(c, AIR_ALL_ROWS, "vd", SUB(out, want));
    static const unsigned lim[] = {SH_BQL, SH_BQH, SH_VL, SH_VH, SH_HL, SH_QL, SH_QH,
                                   SH_RL, SH_RH, SH_GL, SH_GH};
    for (unsigned i = 0; i < sizeof lim / sizeof lim[0]; i++)
        zk_r16(c, s[lim[i]]);
    air_expr hh2 = SC(M(s[SH_HH]), 2); /* H's high limb < 2^15 */
    air_receive(c, BUS_R16, &hh2, 1, K(1));
    return out;
}

/* One known op: only its constraints and cells (zk_shift_cols); a constant
 * amount (amt >= 0) folds s, 2^s and 2^31>>s and needs no pow lookup. */
static air_expr shift_known(air_chip *c, air_expr a, air_expr b, zk_op op, int amt,
                            const unsigned *s, air_expr mult)
{
    air_expr p, cp;
    if (amt >= 0) {
        p = K(1u << amt), cp = K(0x80000000u >> amt);
    } else {
        air_expr pw[3] = {M(s[SH_S]), M(s[SH_P]), M(s[SH_C])};
        air_receive(c, BUS_POW, pw, 3, mult);
        air_constrain(c, AIR_ALL_ROWS, "shamt", SUB(b, ADD(M(s[SH_S]), SC(LIMBS(SH_BQL), 32))));
        zk_r16(c, s[SH_BQL]);
        zk_r16(c, s[SH_BQH]);
        p = M(s[SH_P]), cp = M(s[SH_C]);
    }
    if (op == ZK_SLL) {
        air_expr v = LIMBS(SH_VL), h = LIMBS(SH_HL);
        air_constrain(c, AIR_ALL_ROWS, "sll", SUB(MUL(a, p), ADD(v, SC(h, ZK_TWO32))));
        zk_r16(c, s[SH_VL]);
        zk_r16(c, s[SH_VH]);
        zk_r16(c, s[SH_HL]);
        air_expr hh2 = SC(M(s[SH_HH]), 2); /* H's high limb < 2^15 */
        air_receive(c, BUS_R16, &hh2, 1, K(1));
        return v;
    }
    air_expr af = op == ZK_SRA ? zk_flip(c, a, K(1), s[SH_MA], s[SH_ALO], s[SH_AHI], "a_flip") : a;
    air_expr q = LIMBS(SH_QL), r = LIMBS(SH_RL);
    air_constrain(c, AIR_ALL_ROWS, "sr_div", SUB(af, ADD(MUL(q, p), r)));
    air_constrain(c, AIR_ALL_ROWS, "sr_rem", SUB(SUB(p, K(1)), ADD(r, LIMBS(SH_GL))));
    static const unsigned lim[] = {SH_QL, SH_QH, SH_RL, SH_RH, SH_GL, SH_GH};
    for (unsigned i = 0; i < sizeof lim / sizeof lim[0]; i++)
        zk_r16(c, s[lim[i]]);
    return op == ZK_SRA ? ADD(q, SUB(SC(M(s[SH_MA]), ZK_TWO32), cp)) : q;
}
#undef LIMBS

air_expr zk_op_shift(air_chip *c, air_expr a, air_expr b, const air_expr *sel, zk_op op, int amt,
                     air_expr out, const unsigned *s, air_expr mult)
{
    if (sel)
        return shift_any(c, a, b, sel, out, s, mult);
    air_expr v = shift_known(c, a, b, op, amt, s, mult);
    if (out < 0)
        return v;
    air_constrain(c, AIR_ALL_ROWS, "vd", SUB(out, v));
    return out;
}

static void spec_cols(zk_chip id, unsigned *s)
{
    for (unsigned k = 0; k < SH_N; k++)
        s[k] = zk_spec(id, k);
}

static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)pub;
    unsigned s[SH_N];
    spec_cols(id, s);
    air_expr real = zk_common(c, id, M(C_NPC), 0);
    air_expr sel[3] = {zk_sel(c, id, ZK_SLL), zk_sel(c, id, ZK_SRL), zk_sel(c, id, ZK_SRA)};
    zk_op_shift(c, M(C_V1), ADD(M(C_V2), M(C_IMM)), sel, ZK_NONE, -1, M(C_VD), s, real);
}

static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)next, (void)err;
    unsigned s[SH_N];
    spec_cols(ch, s);
    *vd = zk_fill_shift(w, w->row, s, (zk_op)pr->op, v1, v2 + pr->imm);
    return 0;
}

static unsigned r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    *dbl = zk_spec(ch, SH_HH);
    return ZK_R16_SPEC(ch, cols, SH_BQL, SH_BQH, SH_ALO, SH_AHI, SH_VL, SH_VH, SH_HL, SH_QL,
                       SH_QH, SH_RL, SH_RH, SH_GL, SH_GH);
}

const zk_chip_desc zk_chip_shift = {
    .name = "shift", .n_ops = ZK_CHIP_N_OPS(ZC_SHIFT), .n_spec = SH_N, .r16 = r16,
    .build = build, .fill = fill,
};
