/* chip_fused_wit.c — witness rows of the fused chips (chip_fused.c): the
 * accesses in sub-step order (so the shadow memory sees them as the steps
 * run), the addi, and the branch or the store part.
 * Invariant: fills exactly the columns chip_fused.c reads and counts every
 * lookup it makes (the store part through the store chip's own filler). */
#include "zk_fused.h"
#include "zk_mem.h"

static void fx_addi(gl_t *row, zk_chip ch, uint32_t a, uint32_t b, unsigned cc, unsigned lo,
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
    fx_addi(row, ZC_FBR, v1, pr->imm, FB_C, FB_LO, &vd);
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
    fx_addi(row, ZC_FST, v3, pr->e[1], FS_C, FS_LO, &vd);
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

unsigned zk_fused_r16(zk_chip ch, unsigned *cols, unsigned *dbl)
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
