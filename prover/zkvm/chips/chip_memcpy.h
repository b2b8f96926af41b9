/* chip_memcpy.h — the columns of the MEMCPY and MEMMOVE chips (chip_memcpy.c): the uop row ("memcpy_io")
 * and one row per destination word ("memcpy"), chained by tokens on
 * BUS_MEMCPY. Invariant: every source word is read once at sub-step 1 and
 * every destination word written once at sub-step 3 of the call's timestamp,
 * so a word that is both reads its old value: memmove's meaning for any
 * overlap, which a MEMCPY row proves equal to the ascending byte copy by
 * d <= s or d >= s + n (the OC/OL/OH columns). */
#ifndef UVM_CHIP_MEMCPY_H
#define UVM_CHIP_MEMCPY_H

#include "zk_wit_int.h"

/* Uop row (rs1 = a0 = d, rs2 = a2 = n, rd = sink): ra = B0 + 2*(QL + 2^16*QH);
 * one-hots S (sd = d & 3), T (t = bytes after d + n in its last word), W
 * (w in 1..4, w = (s - d) mod 4 or 4 when 0: the first written byte is byte
 * w + sd of the 8-byte window [P, Q]); F = [w + sd <= 3] = the first byte
 * lies in the word of s, read here (bytes PV, access PT/PLA/PLB, all 0 when
 * F = 0); a1 = s and ra read at sub-step 3; PE: the last row's source bytes;
 * MEMCPY only (0 on MEMMOVE rows): OC = [d <= s] and the limbs OL, OH of
 * s - d (OC = 1) or d - s - n (OC = 0), the no-overlap-from-above proof;
 * PTG the read-only tag of the word of s (0 when F = 0). */
enum { MC_B0, MC_QL, MC_QH, MC_S0, MC_T0 = MC_S0 + 4, MC_W1 = MC_T0 + 4, MC_F = MC_W1 + 4,
       MC_PV0, MC_PT = MC_PV0 + 4, MC_PLA, MC_PLB, MC_V11, MC_T11, MC_L11A, MC_L11B, MC_VRA,
       MC_TRA, MC_LRAA, MC_LRAB, MC_PE0, MC_OC = MC_PE0 + 4, MC_OL, MC_OH, MC_PTG, MC_N };
/* Word row: destination word A, next source word SA, r = d + n - A, start
 * byte one-hot S, w one-hot W, G/L and DL/DH as memset's (r >= 4 or r in
 * 1..3), mask E, carry P (bytes of word SA - 4), Q (bytes of SA, read at 1),
 * B (old bytes of A), NEW (written at 3), the two accesses' prev ts and limbs,
 * QTG the read-only tag of source word SA. */
enum { CW_REAL, CW_TS, CW_A, CW_SA, CW_R, CW_S0, CW_W1 = CW_S0 + 4, CW_G = CW_W1 + 4, CW_L1,
       CW_DL = CW_L1 + 3, CW_DH, CW_E0, CW_P0 = CW_E0 + 4, CW_Q0 = CW_P0 + 4,
       CW_B0 = CW_Q0 + 4, CW_NEW = CW_B0 + 4, CW_QT, CW_QLA, CW_QLB, CW_DT, CW_DLA, CW_DLB,
       CW_QTG, CW_N };

/* 1 if the program table has a MEMCPY or MEMMOVE row (else both chips are stubs). */
int zk_memcpy_present(const zk_prow *prog, uint32_t n_prog);
/* Tests only (tests/zkvm/test_zk_forge.c): nonzero makes the memcpy_io filler fill
 * a MEMCPY that overlaps its source from above with the rows' memmove result
 * instead of refusing it, as a dishonest prover would; the verifier must
 * reject the proof (the OC/OL/OH constraint of chip_memcpy.c). */
extern int zk_memcpy_forge_overlap;

#endif
