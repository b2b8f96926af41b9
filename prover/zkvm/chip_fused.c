/* chip_fused.c — constraints of the fused chips: one row proves a pair of
 * RISC-V instructions in one PROG lookup and one EXEC step spanning two
 * timestamps (so the row's accesses may use sub-steps 1..7, ordered as the
 * steps run: a step-2 read of step 1's rd sees the new value through the
 * memory argument itself). Invariant: as every chip, every value written is
 * in [0, 2^32) (R16 limbs) and no cell of a real row is free. */
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
static void chip_fbr(air_chip *c)
{
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
static void chip_fst(air_chip *c)
{
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
static void chip_faa(air_chip *c)
{
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

void zk_chip_fused(air_chip *c, zk_chip id)
{
    if (id == ZC_FBR)
        chip_fbr(c);
    else if (id == ZC_FST)
        chip_fst(c);
    else
        chip_faa(c);
}
