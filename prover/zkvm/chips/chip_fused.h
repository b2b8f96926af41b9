/* chip_fused.h — proving the fused uops (uisa/ops_fused.def): the columns of
 * the fused chips fbr, fst, faa (chip_fused.c) and the split (chip_fused_split.c). A fused slot
 * whose pair has no fused chip is split into its two base steps: the first at
 * the slot's pc, the second at the virtual pc pc + 1 (odd, so no jump, branch
 * or other slot can reach it; the container rejects odd offsets), chained by
 * the EXEC bus like any two rows. The composition is exactly the fused row's
 * meaning (each step reads what the previous one left) since a proved run
 * never faults. */
#ifndef UVM_CHIP_FUSED_H
#define UVM_CHIP_FUSED_H

#include "zk_wit_int.h"

/* fbr (ADDI; BEQ/BNE): rd = v1 + imm (carry C, limbs LO/HI), then compare
 * v2 (the register rs2 = rs3, read after rd's write) with V4 (register RS4),
 * branching to TGT. PROG extra fields: RS4, TGT. */
enum { FB_RS4, FB_TGT, FB_V4, FB_T4, FB_L4A, FB_L4B, FB_INV, FB_ISZ, FB_NEXT, FB_C, FB_LO,
       FB_HI, FB_N };
/* fst (SW/SB; ADDI): the store chip's layout (rd = the addi's rd2), then the
 * addi reading RS3 (V3, at sub-step 5) plus IMM2 into vd. PROG extra: RS3, IMM2. */
/* faa (ADD/SUB/ADDI; ADDI): step 1 as the add chip (carry C1, limbs LO1/HI1),
 * then VD2 = V3 + IMM2 (C2, LO2/HI2) with RS3 read at 5 and RD2 written at 6.
 * PROG extra: RS3, RD2, IMM2. */
enum { FA_RS3, FA_RD2, FA_IMM2, FA_V3, FA_T3, FA_A3L, FA_A3H, FA_VD2O, FA_TD2O, FA_A4L, FA_A4H,
       FA_VD2, FA_C1, FA_LO1, FA_HI1, FA_C2, FA_LO2, FA_HI2, FA_N };
enum { FS_RS3 = ST_N, FS_IMM2, FS_V3, FS_T3, FS_A3L, FS_A3H, FS_C, FS_LO, FS_HI, FS_N };

/* The two base uops fused uop u stands for (its ops_fused.def STEPS with the
 * operands of its format; s2's branch offset is from the fused pc, len 4
 * each): 0, or -1 if u is not fused or its control word is invalid. */
int zk_fused_steps(const uisa_uop *u, uisa_uop *s1, uisa_uop *s2);

/* Decodes fused uop u at pc into r1 (at pc) and, when split, r2 (at pc + 1,
 * ending at pc + len; r1->npc = pc + 1). Returns the rows used: 1 (a fused
 * chip's row: ALU_BEQ/ALU_BNE with an ADDI step -> fbr, SW_ADDI/SB_ADDI ->
 * fst, ALU_ALU of ADD/SUB/ADDI then ADDI -> faa) or 2, or 0 with *why set when a step is not provable or the control
 * word is invalid. */
int zk_fused_decode(const uisa_uop *u, uint32_t pc, zk_prow *r1, zk_prow *r2, const char **why);

/* The split pair of fused uop u when it also has a fused chip row whose
 * memory access cannot cross a word (SW_ADDI: the fst chip has no lsx path),
 * else 0. The program table carries both; zk_fused_route picks per run. */
int zk_fused_alt(const uisa_uop *u, uint32_t pc, zk_prow *r1, zk_prow *r2);

/* The program row index traced uop rec runs as: rec->slot, or the slot's alt
 * split row when the first step's access crosses a word (the lsx chip takes
 * it). A wrong choice cannot balance: the fst/store key of a crossing address
 * is not 4-aligned, and lsx's key of an aligned one is not either. */
uint32_t zk_fused_route(const zk_prow *prog, const vm_trace_rec *rec);

/* Whether chip ch is a fused chip (rows span two timestamps): its descriptor
 * has no filler of the execution-row signature (zk_fused_fill fills it). */
static inline int zk_fused_chip(zk_chip ch) { return ch < ZC_N_EXEC && !zk_chips[ch]->fill; }

/* Fills the row x->row of fused op pr at timestamp x->ts (chip_fused.c):
 * want as in fill_row (the VM's last written value, checked unless NULL). */
int zk_fused_fill(zk_wctx *x, const zk_prow *pr, const uint32_t *want, uint32_t *next,
                  uvm_err *err);

#endif
