/* chip_sys.h — the columns of the sys (ECALL) and io chips (chip_sys.c), the
 * public side of their buses and the io table's finishing step. */
#ifndef UVM_CHIP_SYS_H
#define UVM_CHIP_SYS_H

#include "zk_wit_int.h"

/* sys (ECALL: rs1 = a7, rs2 = a1, rd = a0; chip_sys.c): the syscall one-hot,
 * a2's access (sub-step 3), the fd class FA/FB/FX (write: fd 1 / fd 2 / other;
 * read: fd 0 / - / other) with Q and its inverse, N io rows, M = min(len,
 * input left) and SH = [short read], the cursor/break key's access at step
 * ts+1, the limbs of the comparison differences D1, D2, brk's OK/LO/HI; the
 * fault case: FT = [a0' = -EFAULT], WP = [by wrap], RL the range's length
 * (write: len, read: M), E1/E2 the limbs of its differences, the faulting
 * address's page PL + 2^16*PH and 16*(offset in page) O16, the fault key's
 * access (prev ts FPT, limbs FLA/FLB). */
enum { SYS_EXIT, SYS_WRITE, SYS_READ, SYS_BRK, SYS_A2, SYS_A2T, SYS_A2LA, SYS_A2LB, SYS_FA,
       SYS_FB, SYS_FX, SYS_Q, SYS_INV, SYS_NB, SYS_M, SYS_SH, SYS_CUR, SYS_CT, SYS_CLA, SYS_CLB,
       SYS_D1A, SYS_D1B, SYS_D2A, SYS_D2B, SYS_OK, SYS_LO, SYS_HI, SYS_FT, SYS_WP, SYS_RL,
       SYS_E1A, SYS_E1B, SYS_E2A, SYS_E2B, SYS_PL, SYS_PH, SYS_O16, SYS_FPT, SYS_FLA, SYS_FLB,
       SYS_N };
/* io chip: one row per byte moved by write(1)/read(0) or checked readable by
 * write(2) (D = 1: reads the word, sends no OUT) (chip_sys.c); TG the
 * read-only tag of the word a write row reads (0 on read rows). */
enum { IO_R, IO_TS0, IO_BUF, IO_CUR, IO_I, IO_B0, IO_E0 = IO_B0 + 4, IO_V = IO_E0 + 4, IO_NEW,
       IO_PT, IO_LA, IO_LB, IO_TG, IO_D, IO_NCOL };

/* OUT/IN public side of one segment: the output (input) bytes with indices in
 * [cursor initial, final) of the cursor key (none if untouched); fails if
 * that range is not within the statement's output (consumed input). BRK: the
 * receive of each brk event (ts, old, new). */
int zk_io_public(const zk_pub_ctx *pc, const air_chal *ch, air_xe *out, uvm_err *err);

#endif
