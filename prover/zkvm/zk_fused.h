/* zk_fused.h — proving the fused uops (uisa/ops_fused.def). A fused slot
 * whose pair has no fused chip is split into its two base steps: the first at
 * the slot's pc, the second at the virtual pc pc + 1 (odd, so no jump, branch
 * or other slot can reach it; the container rejects odd offsets), chained by
 * the EXEC bus like any two rows. The composition is exactly the fused row's
 * meaning (each step reads what the previous one left) since a proved run
 * never faults. */
#ifndef UVM_ZK_FUSED_H
#define UVM_ZK_FUSED_H

#include "zk_wit_int.h"

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

/* Whether chip ch is a fused chip (rows span two timestamps). */
static inline int zk_fused_chip(zk_chip ch) { return ch == ZC_FBR || ch == ZC_FST || ch == ZC_FAA; }

/* Fills the row x->row of fused op pr at timestamp x->ts (chip_fused_wit.c):
 * want as in fill_row (the VM's last written value, checked unless NULL). */
int zk_fused_fill(zk_wctx *x, const zk_prow *pr, const uint32_t *want, uint32_t *next,
                  uvm_err *err);

/* The R16 descriptor of fused chip ch (zk_r16_fn). */
zk_r16_fn zk_fused_r16;

#endif
