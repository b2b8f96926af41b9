/* zk_alu.h — each ALU op's arithmetic as a reusable piece: given expressions
 * for an op's inputs and its output (and the columns of its helper cells),
 * emit the constraints and lookups that make the output correct, and, on the
 * witness side, fill those helper cells from the values (below: which ops
 * have both so far). The chips of this
 * folder are a piece plus the row bookkeeping (zk_common: program lookup,
 * pc/timestamp chaining, register accesses); a block uop composes several.
 * Invariant: a piece's filler fills exactly the cells its builder reads and
 * counts every lookup it makes (bytes, pow2 tables), so the buses balance;
 * each output is in [0, 2^32) by construction whenever its inputs are. */
#ifndef UVM_ZK_ALU_H
#define UVM_ZK_ALU_H

#include "zk_build.h"
#include "zk_wit_int.h"

/* The ALU chips' own columns (offsets from zk_spec), moved here from zk_int.h
 * unchanged: a piece takes its cells at these offsets from a base column. */
enum { ADD_C, ADD_LO, ADD_HI, ADD_N };
enum { BR_INV, BR_ISZ, BR_MA, BR_MB, BR_ALO, BR_AHI, BR_BLO, BR_BHI, BR_LT, BR_DLO, BR_DHI,
       BR_NEXT, BR_N };
enum { LT_MA, LT_MB, LT_ALO, LT_AHI, LT_BLO, LT_BHI, LT_DLO, LT_DHI, LT_N }; /* vd = lt */
enum { LG_A, LG_B = LG_A + 4, LG_W = LG_B + 4, LG_N = LG_W + 4 }; /* bytes of v1, v2+imm, v1 AND (v2+imm) */
/* shift: s, 2^s, 2^31>>s; b = v2 + imm = s + 32*bq; A = v1 (xor 2^31 for SRA, sign ma);
 * SLL: v1*2^s = V + 2^32*H; SRL/SRA: A = Q*2^s + R, R + G = 2^s - 1. */
enum { SH_S, SH_P, SH_C, SH_BQL, SH_BQH, SH_MA, SH_ALO, SH_AHI, SH_VL, SH_VH, SH_HL, SH_HH,
       SH_QL, SH_QH, SH_RL, SH_RH, SH_GL, SH_GH, SH_N };
/* jump: next = v1 + imm - 2^32*c - b0 = 2*(QL + 2^16*QH), QL and 2*QH R16 limbs. */
enum { JP_C, JP_B0, JP_QL, JP_QH, JP_N };

/* Columns of a piece that are 16-bit limb pairs take the low limb's column;
 * the high limb is the next column.
 *
 * Constraint pieces so far: zk_flip (zk_build.h: a' = a xor 2^31*sg), then
 * zk_op_ltu and zk_op_eq below. add, logic and shift have witness pieces only:
 * their builders create an input expression (v2 + imm) between the piece's
 * own nodes, and the transcript absorbs each chip's expression DAG in
 * creation order (stark/common.c absorb_chip), so lifting their constraints
 * into a piece that takes the inputs as built expressions reorders nodes and
 * changes every proof's bytes. That lift belongs with the next deliberate
 * change of proof bytes. */

/* lt = [a <u b] for a, b in [0, 2^32): lt (an expression, usually a column)
 * constrained boolean and d = a - b + 2^32*lt = DLO + 2^16*DHI in [0, 2^32)
 * (R16 limbs at dlo, dlo + 1). Returns lt. A signed compare flips both
 * operands first (zk_flip with sg = 1). */
air_expr zk_op_ltu(air_chip *c, air_expr a, air_expr b, air_expr lt, unsigned dlo);

/* isz = [x == y] (column isz) by inv = 1/(x - y) (0 when equal):
 * (x - y)*inv = 1 - isz, (x - y)*isz = 0. Returns isz's expression. */
air_expr zk_op_eq(air_chip *c, air_expr x, air_expr y, unsigned inv, unsigned isz);

/* Witness pieces: the cells of the pieces above and of the chips' arithmetic,
 * from the values; each returns the op's result. */

/* out = a + b (sub: a - b) mod 2^32: carry (SUB: 1 - borrow) and out's limbs. */
uint32_t zk_fill_add(gl_t *row, uint32_t a, uint32_t b, int sub, unsigned carry, unsigned lo);

/* A compare's cells: sign bits MA, MB and flipped limbs ALO, BLO (zk_flip, sg
 * = signed), the difference limbs DLO (zk_op_ltu); lt's own column is the
 * caller's. Returns lt. */
typedef struct zk_cmp_cols { unsigned ma, mb, alo, blo, dlo; } zk_cmp_cols;
int zk_fill_cmp(gl_t *row, const zk_cmp_cols *k, uint32_t a, uint32_t b, int sg);

/* zk_op_eq's cells; returns isz. */
int zk_fill_eq(gl_t *row, uint32_t x, uint32_t y, unsigned inv, unsigned isz);

/* XOR/OR/AND of a, b (op): the bytes of a, b and a AND b at base + LG_A,
 * LG_B, LG_W, each triple counted in the bytes table. */
uint32_t zk_fill_logic(zk_wctx *w, gl_t *row, unsigned base, zk_op op, uint32_t a, uint32_t b);

/* SLL/SRL/SRA (op) of a by b & 31: the shift chip's cells from base (SH_*),
 * the pow2 lookup counted. */
uint32_t zk_fill_shift(zk_wctx *w, gl_t *row, unsigned base, zk_op op, uint32_t a, uint32_t b);

#endif
