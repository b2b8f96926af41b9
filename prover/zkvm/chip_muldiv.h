/* chip_muldiv.h — the M extension in proofs: the mul chip (MUL, MULHU) and
 * the mulh chip (MULH, MULHSU) in chip_mul.c, the div chip (DIV, DIVU, REM,
 * REMU) in chip_div.c.
 * Invariant: each builder constrains every column of a real row and range
 * checks the value written to rd; each filler fills exactly those columns. */
#ifndef UVM_CHIP_MULDIV_H
#define UVM_CHIP_MULDIV_H

#include "zk_build.h"
#include "zk_wit_int.h"

/* Constraints of the chip (after zk_common, which they call). */
void zk_chip_mul(air_chip *c);
void zk_chip_mulh(air_chip *c);
void zk_chip_div(air_chip *c);

/* Fill the chip-specific columns of w->row for op pr->op (mul and mulh
 * share zk_fill_mul) on v1 = R[rs1],
 * v2 = R[rs2]; *vd = the value written to rd (RISC-V exact). */
void zk_fill_mul(zk_wctx *w, const zk_prow *pr, uint32_t v1, uint32_t v2, uint32_t *vd);
void zk_fill_div(zk_wctx *w, const zk_prow *pr, uint32_t v1, uint32_t v2, uint32_t *vd);

/* The chips' R16 descriptors (zk_r16_fn). */
zk_r16_fn zk_mul_r16; /* ch: ZC_MUL or ZC_MULH */
zk_r16_fn zk_div_r16;

#endif
