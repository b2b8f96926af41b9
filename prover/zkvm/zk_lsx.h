/* zk_lsx.h — the word-crossing load/store chip "lsx" (chip_lsx.c) and the
 * atomics chip "amo" (chip_amo.c): column layouts, builders, fillers.
 * Invariant: a filler fills exactly the columns its builder reads and counts
 * every lookup the builder makes; aligned rows never reach these chips. */
#ifndef UVM_ZK_LSX_H
#define UVM_ZK_LSX_H

#include "zk_build.h"
#include "zk_wit_int.h"

/* lsx (LW LH LHU SW SH whose bytes cross a 4-aligned word; the PROG tuple
 * shows ZK_LW .. ZK_SH): E1..E3 one-hot the byte offset of the address in
 * its first word (offset 0 never crosses; halfwords only at 3); A0..A3,
 * B0..B3 the bytes of the two words before the access, with their prev ts
 * and limbs (T0, L0A, L0B; T1, L1A, L1B); N0, N1 the words after it; V0..V3
 * the bytes moved (loaded, or stored from v2 = V0 + 256*V1 + 2^16*R);
 * L7/SG the low 7 bits and sign of LH's top byte V1; G0, G1 the two words'
 * read-only tags (loads; 0 on store rows; the words may lie on two pages). */
enum { LX_C, LX_E1, LX_E2, LX_E3, LX_A0, LX_B0 = LX_A0 + 4, LX_T0 = LX_B0 + 4, LX_L0A, LX_L0B,
       LX_T1, LX_L1A, LX_L1B, LX_N0, LX_N1, LX_V0, LX_R = LX_V0 + 4, LX_L7, LX_SG, LX_G0, LX_G1,
       LX_N };

/* amo (LR.W SC.W AMO*.W; a row spans two timestamps, the reservation key is
 * accessed at sub-step 5): OLD the word at v1 (prev ts TM, limbs LA/LB), the
 * word written NEW = NL + 2^16*NH, C the AMOADD carry, RV the reservation
 * before (RT, RLA, RLB; LR/SC only), OK = [SC succeeds] with INV, the bytes
 * TB/BB of OLD and v2 and AB = TB AND BB for AMOXOR/AND/OR, and the comparison of OLD
 * and v2 (sign flips MA/MB, limbs of the flipped values, LT, D limbs). */
enum { AM_OLD, AM_TM, AM_LA, AM_LB, AM_NL, AM_NH, AM_C, AM_RV, AM_RT, AM_RLA, AM_RLB, AM_OK,
       AM_INV, AM_TB0, AM_BB0 = AM_TB0 + 4, AM_AB0 = AM_BB0 + 4, AM_MA = AM_AB0 + 4, AM_ALO,
       AM_AHI, AM_MB, AM_BLO, AM_BHI, AM_LT, AM_DLO, AM_DHI, AM_N };

/* The PROG ops of the lsx selectors (ZK_XLW.. shows as ZK_LW..). */
extern const uint8_t zk_lsx_prog_op[5];


/* The row the witness fills for program row pr executed as rec: pr itself,
 * or (in *tmp) pr with its op moved to the lsx chip when rec's access crosses
 * a word. */
const zk_prow *zk_lsx_route(const zk_prow *pr, const vm_trace_rec *rec, zk_prow *tmp);

/* R16 descriptor (zk_r16_fn) of both chips. */
zk_r16_fn zk_lsx_r16;

#endif
