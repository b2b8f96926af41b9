/* chip_shift.c — the shift chip (SLL, SRL, SRA; immediate forms: rs2 = x0,
 * imm = shamt) and its witness piece zk_fill_shift: (s, 2^s, 2^31>>s) comes from the
 * pow2 table, b = s + 32*bq with bq < 2^32 fixes s = b & 31.
 * SLL: a*2^s = out + 2^32*H with out < 2^32, H < 2^31 + 2^16 (no wrap mod p).
 * SRL/SRA: A = Q*2^s + R, 0 <= R < 2^s, Q < 2^32, where A = a xor 2^31 for
 * SRA (sign ma); then out = Q (SRL) or Q - 2^(31-s) + 2^32*ma (SRA).
 * Invariant: every limb is an R16 lookup (H's high limb doubled: < 2^15). */
#include "zk_alu.h"

uint32_t zk_fill_shift(zk_wctx *w, gl_t *row, unsigned base, zk_op op, uint32_t a, uint32_t b)
{
    uint32_t sh = b & 31, sra = op == ZK_SRA;
    uint32_t af = sra ? a ^ 0x80000000u : a, p2 = 1u << sh, out;
    row[base + SH_S] = sh, row[base + SH_P] = p2, row[base + SH_C] = 0x80000000u >> sh;
    zk_limbs(row, base + SH_BQL, b >> 5);
    row[base + SH_MA] = sra && (a >> 31);
    zk_limbs(row, base + SH_ALO, af);
    if (op == ZK_SLL) {
        uint64_t prod = (uint64_t)a << sh;
        out = (uint32_t)prod;
        zk_limbs(row, base + SH_VL, out);
        zk_limbs(row, base + SH_HL, (uint32_t)(prod >> 32));
    } else {
        uint32_t q = af >> sh, r = af & (p2 - 1);
        zk_limbs(row, base + SH_QL, q);
        zk_limbs(row, base + SH_RL, r);
        zk_limbs(row, base + SH_GL, p2 - 1 - r);
        out = sra ? (uint32_t)((int32_t)a >> sh) : q;
    }
    w->pow->data[sh]++;
    return out;
}

static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)pub;
    unsigned s[SH_N];
    for (unsigned k = 0; k < SH_N; k++)
        s[k] = zk_spec(id, k);
    air_expr real = zk_common(c, id, M(C_NPC), 0);
    air_expr sll = zk_sel(c, id, ZK_SLL), sra = zk_sel(c, id, ZK_SRA);
    air_expr sr = ADD(zk_sel(c, id, ZK_SRL), sra);
    air_expr pw[3] = {M(s[SH_S]), M(s[SH_P]), M(s[SH_C])};
    air_receive(c, BUS_POW, pw, 3, real);
#define LIMBS(lo) ADD(M(s[lo]), SC(M(s[lo + 1]), 1u << 16))
    air_constrain(c, AIR_ALL_ROWS, "shamt",
                  SUB(ADD(M(C_V2), M(C_IMM)), ADD(M(s[SH_S]), SC(LIMBS(SH_BQL), 32))));
    air_expr a = zk_flip(c, M(C_V1), sra, s[SH_MA], s[SH_ALO], s[SH_AHI], "a_flip");
    air_expr p = M(s[SH_P]);
    air_expr v = LIMBS(SH_VL), h = LIMBS(SH_HL), q = LIMBS(SH_QL), r = LIMBS(SH_RL);
    air_constrain(c, AIR_ALL_ROWS, "sll",
                  MUL(sll, SUB(MUL(M(C_V1), p), ADD(v, SC(h, ZK_TWO32)))));
    air_constrain(c, AIR_ALL_ROWS, "sr_div", MUL(sr, SUB(a, ADD(MUL(q, p), r))));
    air_constrain(c, AIR_ALL_ROWS, "sr_rem",
                  MUL(sr, SUB(SUB(p, K(1)), ADD(r, LIMBS(SH_GL)))));
    air_expr want = ADD(ADD(MUL(sll, v), MUL(sr, q)),
                        MUL(sra, SUB(SC(M(s[SH_MA]), ZK_TWO32), M(s[SH_C]))));
    air_constrain(c, AIR_ALL_ROWS, "vd", SUB(M(C_VD), want));
#undef LIMBS
    static const unsigned lim[] = {SH_BQL, SH_BQH, SH_VL, SH_VH, SH_HL, SH_QL, SH_QH,
                                   SH_RL, SH_RH, SH_GL, SH_GH};
    for (unsigned i = 0; i < sizeof lim / sizeof lim[0]; i++)
        zk_r16(c, s[lim[i]]);
    air_expr hh2 = SC(M(s[SH_HH]), 2); /* H's high limb < 2^15 */
    air_receive(c, BUS_R16, &hh2, 1, K(1));
}

static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)next, (void)err;
    *vd = zk_fill_shift(w, w->row, zk_spec(ch, 0), (zk_op)pr->op, v1, v2 + pr->imm);
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
