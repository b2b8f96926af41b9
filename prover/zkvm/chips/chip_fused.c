/* chip_fused.c — the fused chips fbr, fst and faa: one row proves a pair of
 * RISC-V instructions in one PROG lookup and one EXEC step spanning two
 * timestamps (so the row's accesses may use sub-steps 1..7, ordered as the
 * steps run: a step-2 read of step 1's rd sees the new value through the
 * memory argument itself). Constraints, then the witness rows (the accesses
 * in sub-step order, so the shadow memory sees them as the steps run), then
 * the descriptors; the split of the pairs without a chip follows, in
 * chip_fused_split.c. Invariant: as every chip, every value written is in
 * [0, 2^32) (R16 limbs) and no cell of a real row is free; the filler fills
 * exactly the columns the builder reads and counts every lookup it makes (the
 * store part through the store chip's own filler). */
#include "chip_fused.h"
#include "zk_build.h"
#include "zk_mem.h"

/* vd = a + b - 2^32*carry with vd = lo + 2^16*hi (R16 limbs): the addi. */
static void fx_addi(air_chip *c, air_expr vd, air_expr a, air_expr b, unsigned cc, unsigned lo,
                    unsigned hi)
{
    zk_bool(c, "carry_bool", M(cc));
    air_constrain(c, AIR_ALL_ROWS, "addi", SUB(vd, SUB(ADD(a, b), SC(M(cc), ZK_TWO32))));
    air_constrain(c, AIR_ALL_ROWS, "vd_limbs", SUB(vd, ADD(M(lo), SC(M(hi), 1u << 16))));
    zk_r16(c, lo);
    zk_r16(c, hi);
}

/* fbr — ADDI rd, rs1, imm; then BEQ/BNE rs3, rs4 to TGT (ALU_BEQ/ALU_BNE whose
 * step is ADDI). Accesses: rs1 at 1, rd at 4, rs3 (column RS2) at 5, RS4 at 6.
 * eq: isz = [v2 == v4] by z*inv = 1 - isz, z*isz = 0, isz*inv = 0 (inv pinned
 * when equal); next = npc + taken*(tgt - npc). Padding rows carry isz = 1. */
static void build_fbr(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    unsigned s[FB_N];
    for (unsigned k = 0; k < FB_N; k++)
        s[k] = zk_spec(ZC_FBR, k);
    static const unsigned sub[3] = {1, 5, 4};
    air_expr extra[2] = {M(s[FB_RS4]), M(s[FB_TGT])};
    air_expr real = zk_common_ext(c, ZC_FBR, M(s[FB_NEXT]), 0, extra, 2, 2, sub);
    fx_addi(c, M(C_VD), M(C_V1), M(C_IMM), s[FB_C], s[FB_LO], s[FB_HI]);
    zk_mem_access(c, "rs4_ts", real, zk_reg_key(c, s[FB_RS4]), M(s[FB_V4]), M(s[FB_T4]),
                  M(s[FB_V4]), 6, s[FB_L4A], s[FB_L4B]);
    air_expr z = SUB(M(C_V2), M(s[FB_V4])), isz = M(s[FB_ISZ]), inv = M(s[FB_INV]);
    air_constrain(c, AIR_ALL_ROWS, "inv", SUB(MUL(z, inv), SUB(K(1), isz)));
    air_constrain(c, AIR_ALL_ROWS, "zero", MUL(z, isz));
    air_constrain(c, AIR_ALL_ROWS, "inv_pinned", MUL(isz, inv));
    air_expr taken = ADD(MUL(zk_sel(c, ZC_FBR, ZK_FBR_BEQ), isz),
                         MUL(zk_sel(c, ZC_FBR, ZK_FBR_BNE), SUB(K(1), isz)));
    air_expr want = ADD(M(C_NPC), MUL(taken, SUB(M(s[FB_TGT]), M(C_NPC))));
    air_constrain(c, AIR_ALL_ROWS, "next", SUB(M(s[FB_NEXT]), want));
}

/* fst — SW/SB rs2 at rs1 + imm; then ADDI rd2, rs3, imm2 (SW_ADDI/SB_ADDI). The
 * store part is the store chip's own (zk_store_lanes, RAM at sub-step 3);
 * rs1 at 1, rs2 at 2, RS3 at 5, rd (= rd2) written at 6. */
static void build_fst(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    unsigned s[FS_N];
    for (unsigned k = ST_N; k < FS_N; k++)
        s[k] = zk_spec(ZC_FST, k);
    static const unsigned sub[3] = {1, 2, 6};
    air_expr extra[2] = {M(s[FS_RS3]), M(s[FS_IMM2])};
    air_expr real = zk_common_ext(c, ZC_FST, M(C_NPC), 0, extra, 2, 2, sub);
    unsigned cc = zk_spec(ZC_FST, LS_C);
    zk_bool(c, "st_carry_bool", M(cc));
    air_expr key = ADD(ADD(M(C_V1), M(C_IMM)), SC(SUB(K(1), M(cc)), ZK_TWO32));
    air_expr sel[3] = {zk_sel(c, ZC_FST, ZK_FST_SW), zk_sel(c, ZC_FST, ZK_FST_SB), -1};
    zk_store_lanes(c, ZC_FST, sel, real, key);
    zk_mem_access(c, "rs3_ts", real, zk_reg_key(c, s[FS_RS3]), M(s[FS_V3]), M(s[FS_T3]),
                  M(s[FS_V3]), 5, s[FS_A3L], s[FS_A3H]);
    fx_addi(c, M(C_VD), M(s[FS_V3]), M(s[FS_IMM2]), s[FS_C], s[FS_LO], s[FS_HI]);
}

/* faa — ADD/SUB/ADDI rd, rs1, rs2|imm (ADDI: rs2 = x0, as in the add chip);
 * then ADDI rd2, rs3, imm2. Accesses: rs1 at 1, rs2 at 2, rd at 4, RS3 at 5
 * (after rd: forwarding), RD2 at 6 (after rd: a dead rd write is overwritten).
 * vd = v1 + sgn*(v2 + imm) - sgn*2^32*C1, sgn = +1 (ADD) / -1 (SUB). */
static void build_faa(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    unsigned s[FA_N];
    for (unsigned k = 0; k < FA_N; k++)
        s[k] = zk_spec(ZC_FAA, k);
    static const unsigned sub[3] = {1, 2, 4};
    air_expr extra[3] = {M(s[FA_RS3]), M(s[FA_RD2]), M(s[FA_IMM2])};
    air_expr real = zk_common_ext(c, ZC_FAA, M(C_NPC), 0, extra, 3, 2, sub);
    air_expr sgn = SUB(zk_sel(c, ZC_FAA, ZK_FAA_ADD), zk_sel(c, ZC_FAA, ZK_FAA_SUB));
    zk_bool(c, "carry1_bool", M(s[FA_C1]));
    air_expr rhs = SUB(MUL(sgn, ADD(M(C_V2), M(C_IMM))), SC(MUL(sgn, M(s[FA_C1])), ZK_TWO32));
    air_constrain(c, AIR_ALL_ROWS, "sum1", SUB(M(C_VD), ADD(M(C_V1), rhs)));
    air_constrain(c, AIR_ALL_ROWS, "vd1_limbs",
                  SUB(M(C_VD), ADD(M(s[FA_LO1]), SC(M(s[FA_HI1]), 1u << 16))));
    zk_r16(c, s[FA_LO1]);
    zk_r16(c, s[FA_HI1]);
    zk_mem_access(c, "rs3_ts", real, zk_reg_key(c, s[FA_RS3]), M(s[FA_V3]), M(s[FA_T3]),
                  M(s[FA_V3]), 5, s[FA_A3L], s[FA_A3H]);
    zk_mem_access(c, "rd2_ts", real, zk_reg_key(c, s[FA_RD2]), M(s[FA_VD2O]), M(s[FA_TD2O]),
                  M(s[FA_VD2]), 6, s[FA_A4L], s[FA_A4H]);
    fx_addi(c, M(s[FA_VD2]), M(s[FA_V3]), M(s[FA_IMM2]), s[FA_C2], s[FA_LO2], s[FA_HI2]);
}


static void fill_addi(gl_t *row, zk_chip ch, uint32_t a, uint32_t b, unsigned cc, unsigned lo,
                    uint32_t *vd)
{
    uint64_t t = (uint64_t)a + b;
    *vd = (uint32_t)t;
    row[zk_spec(ch, cc)] = t >> 32;
    zk_limbs(row, zk_spec(ch, lo), *vd);
    row[C_VD] = *vd;
}

static int check(const zk_prow *pr, const uint32_t *want, uint32_t vd, uvm_err *err)
{
    if (want && pr->rd != ZK_SINK && vd != *want)
        return uvm_errf(err, "zkvm: pc 0x%08x: witness value 0x%08x, VM wrote 0x%08x (bug)",
                        pr->pc, vd, *want);
    return 0;
}

/* ADDI; BEQ/BNE: rs1 at 1, rd at 4, rs3 (rs2 column) at 5, rs4 at 6. */
static int fill_fbr(zk_wctx *x, const zk_prow *pr, const uint32_t *want, uint32_t *next,
                    uvm_err *err)
{
    gl_t *row = x->row;
    uint32_t v1, a, b, old, vd;
#define COL(k) zk_spec(ZC_FBR, (k))
    if (zk_access(x, ZK_KEY_REG(pr->rs1), 0, 0, 1, C_V1, C_T1, C_L1A, &v1, err))
        return -1;
    fill_addi(row, ZC_FBR, v1, pr->imm, FB_C, FB_LO, &vd);
    if (check(pr, want, vd, err) ||
        zk_access(x, ZK_KEY_REG(pr->rd), 1, vd, 4, C_VDO, C_TDO, C_L3A, &old, err) ||
        zk_access(x, ZK_KEY_REG(pr->rs2), 0, 0, 5, C_V2, C_T2, C_L2A, &a, err) ||
        zk_access(x, ZK_KEY_REG(pr->e[0]), 0, 0, 6, COL(FB_V4), COL(FB_T4), COL(FB_L4A), &b, err))
        return -1;
    row[COL(FB_RS4)] = pr->e[0];
    row[COL(FB_TGT)] = pr->e[1];
    row[COL(FB_ISZ)] = a == b;
    row[COL(FB_INV)] = a == b ? 0 : gl_inv(gl_sub(a, b));
    int taken = pr->op == ZK_FBR_BEQ ? a == b : a != b;
    *next = taken ? pr->e[1] : pr->npc;
    row[COL(FB_NEXT)] = *next;
#undef COL
    return 0;
}

/* SW/SB; ADDI: rs1 at 1, rs2 at 2, the RAM word at 3 (the store chip's
 * filler on the same columns), rs3 at 5, rd (= rd2) at 6. */
static int fill_fst(zk_wctx *x, const zk_prow *pr, const uint32_t *want, uint32_t *next,
                    uvm_err *err)
{
    gl_t *row = x->row;
    uint32_t v1, v2, v3, old, vd;
    zk_prow st = *pr;
    st.op = pr->op == ZK_FST_SB ? ZK_SB : ZK_SW;
    if (zk_access(x, ZK_KEY_REG(pr->rs1), 0, 0, 1, C_V1, C_T1, C_L1A, &v1, err) ||
        zk_access(x, ZK_KEY_REG(pr->rs2), 0, 0, 2, C_V2, C_T2, C_L2A, &v2, err) ||
        zk_fill_store_in(x, ZC_FST, &st, v1, v2, err) ||
        zk_access(x, ZK_KEY_REG(pr->e[0]), 0, 0, 5, zk_spec(ZC_FST, FS_V3),
                  zk_spec(ZC_FST, FS_T3), zk_spec(ZC_FST, FS_A3L), &v3, err))
        return -1;
    row[zk_spec(ZC_FST, FS_RS3)] = pr->e[0];
    row[zk_spec(ZC_FST, FS_IMM2)] = pr->e[1];
    fill_addi(row, ZC_FST, v3, pr->e[1], FS_C, FS_LO, &vd);
    *next = pr->npc;
    return check(pr, want, vd, err) ||
           zk_access(x, ZK_KEY_REG(pr->rd), 1, vd, 6, C_VDO, C_TDO, C_L3A, &old, err) ? -1 : 0;
}

/* ADD/SUB/ADDI; ADDI: rs1 at 1, rs2 at 2, rd at 4, rs3 at 5, rd2 at 6. */
static int fill_faa(zk_wctx *x, const zk_prow *pr, const uint32_t *want, uint32_t *next,
                    uvm_err *err)
{
    gl_t *row = x->row;
    uint32_t v1, v2, v3, old, vd2;
#define COL(k) zk_spec(ZC_FAA, (k))
    if (zk_access(x, ZK_KEY_REG(pr->rs1), 0, 0, 1, C_V1, C_T1, C_L1A, &v1, err) ||
        zk_access(x, ZK_KEY_REG(pr->rs2), 0, 0, 2, C_V2, C_T2, C_L2A, &v2, err))
        return -1;
    uint64_t t = pr->op == ZK_FAA_ADD ? (uint64_t)v1 + v2 + pr->imm : (uint64_t)v1 + ZK_TWO32 - v2;
    uint32_t vd = (uint32_t)t;
    row[COL(FA_C1)] = pr->op == ZK_FAA_ADD ? t >> 32 : !(t >> 32);
    zk_limbs(row, COL(FA_LO1), vd);
    row[C_VD] = vd;
    if (zk_access(x, ZK_KEY_REG(pr->rd), 1, vd, 4, C_VDO, C_TDO, C_L3A, &old, err) ||
        zk_access(x, ZK_KEY_REG(pr->e[0]), 0, 0, 5, COL(FA_V3), COL(FA_T3), COL(FA_A3L), &v3, err))
        return -1;
    uint64_t t2 = (uint64_t)v3 + pr->e[2];
    vd2 = (uint32_t)t2;
    row[COL(FA_C2)] = t2 >> 32;
    zk_limbs(row, COL(FA_LO2), vd2);
    row[COL(FA_VD2)] = vd2;
    row[COL(FA_RS3)] = pr->e[0], row[COL(FA_RD2)] = pr->e[1], row[COL(FA_IMM2)] = pr->e[2];
    if (want && pr->e[1] != ZK_SINK && vd2 != *want)
        return uvm_errf(err, "zkvm: pc 0x%08x: witness value 0x%08x, VM wrote 0x%08x (bug)",
                        pr->pc, vd2, *want);
    *next = pr->npc;
    return zk_access(x, ZK_KEY_REG(pr->e[1]), 1, vd2, 6, COL(FA_VD2O), COL(FA_TD2O), COL(FA_A4L), &old,
                     err);
#undef COL
}

int zk_fused_fill(zk_wctx *x, const zk_prow *pr, const uint32_t *want, uint32_t *next,
                  uvm_err *err)
{
    gl_t *row = x->row;
    zk_chip ch = zk_op_chip((zk_op)pr->op);
    row[C_PC] = pr->pc, row[C_TS] = x->ts, row[C_RD] = pr->rd, row[C_RS1] = pr->rs1;
    row[C_RS2] = pr->rs2, row[C_IMM] = pr->imm, row[C_NPC] = pr->npc;
    row[zk_base(ch) + zk_op_sel((zk_op)pr->op)] = 1;
    if (ch == ZC_FAA)
        return fill_faa(x, pr, want, next, err);
    return ch == ZC_FBR ? fill_fbr(x, pr, want, next, err) : fill_fst(x, pr, want, next, err);
}

static unsigned r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    unsigned n = 0;
    (void)dbl;
    if (ch == ZC_FBR) {
        cols[n++] = zk_spec(ch, FB_L4A), cols[n++] = zk_spec(ch, FB_L4B);
        cols[n++] = zk_spec(ch, FB_LO), cols[n++] = zk_spec(ch, FB_HI);
    } else if (ch == ZC_FAA) {
        static const unsigned k[] = {FA_A3L, FA_A3H, FA_A4L, FA_A4H, FA_LO1, FA_HI1, FA_LO2, FA_HI2};
        for (unsigned i = 0; i < sizeof k / sizeof k[0]; i++)
            cols[n++] = zk_spec(ch, k[i]);
    } else {
        cols[n++] = zk_spec(ch, LS_LA), cols[n++] = zk_spec(ch, LS_LB);
        cols[n++] = zk_spec(ch, ST_R);
        cols[n++] = zk_spec(ch, FS_A3L), cols[n++] = zk_spec(ch, FS_A3H);
        cols[n++] = zk_spec(ch, FS_LO), cols[n++] = zk_spec(ch, FS_HI);
    }
    return n;
}

/* A padding row of fbr compares 0 with 0 (as branch does). */
static void pad_fbr(zk_chip ch, gl_t *row) { row[zk_spec(ch, FB_ISZ)] = 1; }

/* .fill NULL: rows of these chips are filled by zk_fused_fill. */
const zk_chip_desc zk_chip_fbr = {
    .name = "fbr", .n_ops = ZK_CHIP_N_OPS(ZC_FBR), .n_spec = FB_N, .r16 = r16,
    .build = build_fbr, .pad = pad_fbr,
};
const zk_chip_desc zk_chip_fst = {
    .name = "fst", .n_ops = ZK_CHIP_N_OPS(ZC_FST), .n_spec = FS_N, .r16 = r16, .build = build_fst,
};
const zk_chip_desc zk_chip_faa = {
    .name = "faa", .n_ops = ZK_CHIP_N_OPS(ZC_FAA), .n_spec = FA_N, .r16 = r16, .build = build_faa,
};
