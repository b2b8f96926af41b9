/* chip_memset.h — the columns of the MEMSET chips (chip_memset.c): the uop
 * row ("memset_io") and one row per RAM word a call touches (table "memset"),
 * chained by tokens on BUS_MEMSET. */
#ifndef UVM_CHIP_MEMSET_H
#define UVM_CHIP_MEMSET_H

#include "zk_wit_int.h"

/* MEMSET uop row (rs1 = a0 = d, rs2 = a2 = n, rd = sink): ra = B0 + 2*(QL +
 * 2^16*QH); a1 = C + 256*(RL + 2^16*RH); one-hot S (s0 = d & 3) and T (t =
 * the bytes after d + n in its last word); a1 and ra read at sub-step 3. */
enum { MS_B0, MS_QL, MS_QH, MS_C, MS_RL, MS_RH, MS_S0, MS_T0 = MS_S0 + 4,
       MS_V11 = MS_T0 + 4, MS_T11, MS_L11A, MS_L11B, MS_VRA, MS_TRA, MS_LRAA, MS_LRAB, MS_N };
/* memset table: one row per RAM word a MEMSET call touches (chip_memset.c). */
enum { MW_REAL, MW_TS, MW_A, MW_C, MW_R, MW_S0, MW_G = MW_S0 + 4, MW_L1, MW_DL = MW_L1 + 3,
       MW_DH, MW_E0, MW_B0 = MW_E0 + 4, MW_PT = MW_B0 + 4, MW_LA, MW_LB, MW_N };


#endif
