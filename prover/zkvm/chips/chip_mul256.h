/* chip_mul256.h — the columns of the MUL256 chip (chip_mul256.c): one row per call proving
 * M32[a0 + 4i], i < 16 = M256[a1] * M256[a2] by 16-bit limb column sums with
 * range-checked carries. Invariant: inputs are read (sub-steps 1, 2) before
 * the output is written (3), so any overlap gives the VM's meaning. */
#ifndef UVM_CHIP_MUL256_H
#define UVM_CHIP_MUL256_H

#include "zk_wit_int.h"

/* Uop row (rs1 = a1 = x, rs2 = a2 = y, rd = sink): ra = B0 + 2*(QL + 2^16*QH);
 * a0 (out) and ra read at sub-step 3; per input word (x then y, 8 each) its
 * two 16-bit limbs, prev ts and two ts limbs; per output word its old value,
 * prev ts, two ts limbs and the new value's limbs Z0, Z1 (product limbs 2i,
 * 2i + 1); the 31 carries as two R16 limbs each; TX, TY the read-only tags
 * of x and y (one per input: one lying on pages of both kinds is refused). */
enum { M2_B0, M2_QL, M2_QH, M2_V10, M2_T10, M2_L10A, M2_L10B, M2_VRA, M2_TRA, M2_LRAA, M2_LRAB,
       M2_X0, M2_IN_W = 5, M2_Y0 = M2_X0 + 8 * M2_IN_W, M2_O0 = M2_Y0 + 8 * M2_IN_W,
       M2_OUT_W = 6, M2_C0 = M2_O0 + 16 * M2_OUT_W, M2_TX = M2_C0 + 2 * 31, M2_TY, M2_N };
enum { M2_LO, M2_HI, M2_T, M2_LA, M2_LB };            /* per input word */
enum { M2_OLD, M2_OT, M2_OLA, M2_OLB, M2_Z0, M2_Z1 };  /* per output word */

#endif
