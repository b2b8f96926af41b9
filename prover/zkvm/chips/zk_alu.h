/* zk_alu.h — each ALU op's arithmetic as a reusable piece: given expressions
 * for an op's inputs and its output (and the columns of its helper cells),
 * emit the constraints and lookups that make the output correct, and, on the
 * witness side, fill those helper cells from the values. The chips of this
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
 * The pieces: zk_flip (zk_build.h: a' = a xor 2^31*sg), zk_op_add, zk_op_logic,
 * zk_op_shift, zk_op_ltu, zk_op_eq, zk_op_mul, zk_op_div, zk_op_load,
 * zk_op_store and zk_op_jump below. Each takes its
 * inputs and output as expressions (a chip's columns, or a block chip's
 * constants and earlier outputs) and constrains the output fully: given its
 * inputs in [0, 2^32) and its lookups' range facts, exactly one output (and
 * one assignment of its helper cells) satisfies it; each output lies in
 * [0, 2^32). An `out` argument below 0 means "no cell of its own": the piece
 * returns the expression of its result (limbs, bytes) instead of
 * constraining a given cell to it. `sel` (selector expressions) serves a chip
 * proving several ops on one row; NULL with a known `op` emits only that
 * op's constraints (a block chip). The transcript binds constraints, not
 * node creation order (stark/common.c absorb_chip), so a chip built from
 * pieces proves exactly what its hand-written form did. */

/* An unused cell of a piece's column map (zk_shift_cols). */
#define ZK_NO_COL (~0u)

/* out = a + sgn*b mod 2^32 (sgn = +1 or -1, 0 on padding rows): carry
 * boolean at base + ADD_C, out's R16 limbs at base + ADD_LO:
 * a + sgn*b - sgn*2^32*carry = LO + 2^16*HI. With a, b in [0, 2^32) exactly
 * one carry fits. Returns out (the limbs when out < 0). */
air_expr zk_op_add(air_chip *c, air_expr a, air_expr b, air_expr sgn, air_expr out, unsigned base);

/* out = a op b for op XOR, OR, AND (sel: their selectors, or NULL and op):
 * the bytes of a, b and a AND b at base + LG_A, LG_B, LG_W, each triple a
 * LOGIC lookup with multiplicity mult; a = sum A_i 2^8i, b = sum B_i 2^8i.
 * Returns out (the byte formula when out < 0). */
air_expr zk_op_logic(air_chip *c, air_expr a, air_expr b, const air_expr *sel, zk_op op,
                     air_expr out, unsigned base, air_expr mult);

/* out = a shifted by b & 31 (sel: the SLL, SRL, SRA selectors with every
 * cell at s[SH_*], or NULL and the known op with the cells zk_shift_cols
 * gave; amt >= 0: the amount is that constant, b unused). The pow lookup
 * (multiplicity mult) proves s < 32 and 2^s; see chip_shift.c. */
air_expr zk_op_shift(air_chip *c, air_expr a, air_expr b, const air_expr *sel, zk_op op, int amt,
                     air_expr out, const unsigned *s, air_expr mult);

/* The cells a known shift op needs (amt < 0: amount from a register), as a
 * map s[SH_N] from first on (ZK_NO_COL for the others). Returns how many. */
unsigned zk_shift_cols(zk_op op, int amt, unsigned first, unsigned *s);

/* a*b = LO + 2^32*HI for a, b in [0, 2^32): LO, HI R16 limb pairs at base +
 * MU_LO0, MU_HI0 and, where gate = 1, HI != 2^32 - 1 by the inverse at base
 * + MU_INV, which leaves one solution (chip_mul.c). Returns LO, HI in *hi. */
air_expr zk_op_mul(air_chip *c, air_expr a, air_expr b, air_expr gate, unsigned base,
                   air_expr *hi);

/* DIV, DIVU, REM, REMU (sel: their selectors or constants) of a by b on the
 * div layout from base (DV_*; chip_div.c); real: 1 on real rows, 0 on
 * all-zero padding rows. Returns the result (its limbs when out < 0). */
air_expr zk_op_div(air_chip *c, air_expr a, air_expr b, const air_expr sel[4], air_expr real,
                   unsigned base, air_expr out);

/* A load's lanes (chip_load.c) on the load layout from base (LS_*, LD_*):
 * sel = the LW, LB, LH, LBU, LHU selectors (or constants), addr = the byte
 * address + 2^32*(1 - carry) (carry: the caller's boolean at base + LS_C),
 * the word's access at sub-step k_sub gated by real. Returns the value (out
 * < 0) or out constrained to it. */
air_expr zk_op_load(air_chip *c, unsigned base, const air_expr sel[5], air_expr real,
                    air_expr addr, unsigned k_sub, air_expr out);

/* A store's lanes (chip_store.c) on the store layout from base (LS_*,
 * ST_*): sel = the SW, SB, SH selectors (sel[2] < 0: no SH), v2 the value
 * stored, the word's access at sub-step k_sub. */
void zk_op_store(air_chip *c, unsigned base, const air_expr sel[3], air_expr real, air_expr addr,
                 air_expr v2, unsigned k_sub);

/* JALR's target: next = a + imm - 2^32*C - B0 = 2*(QL + 2^16*QH) at base +
 * JP_*, C and B0 boolean, QL and 2*QH R16: next is even and below 2^32, and
 * C, B0 are unique. zk_jump_next: that expression alone (a chip's EXEC send
 * needs it before the piece runs). Both return next. */
air_expr zk_op_jump(air_chip *c, air_expr a, air_expr imm, unsigned base);
air_expr zk_jump_next(air_chip *c, unsigned base);

/* lt = [a <u b] for a, b in [0, 2^32): lt (an expression, usually a column)
 * constrained boolean and d = a - b + 2^32*lt = DLO + 2^16*DHI in [0, 2^32)
 * (R16 limbs at dlo, dlo + 1). Returns lt. A signed compare flips both
 * operands first (zk_flip with sg = 1). */
air_expr zk_op_ltu(air_chip *c, air_expr a, air_expr b, air_expr lt, unsigned dlo);

/* isz = [x == y] (column isz) by inv = 1/(x - y) (0 when equal):
 * (x - y)*inv = 1 - isz, (x - y)*isz = 0. Returns isz's expression. */
air_expr zk_op_eq(air_chip *c, air_expr x, air_expr y, unsigned inv, unsigned isz);

/* Witness pieces: the cells of the pieces above from the values, exactly the
 * cells the builder reads; each returns the op's result and counts its
 * lookups (bytes, pow; R16 limbs are counted from the chip's column list). */

/* zk_op_ltu's cells for a, b already in [0, 2^32): the difference limbs; returns lt. */
int zk_fill_ltu(gl_t *row, uint32_t a, uint32_t b, unsigned dlo);

/* zk_op_mul's cells; returns LO, HI in *hi. */
uint32_t zk_fill_mul(gl_t *row, unsigned base, uint32_t a, uint32_t b, uint32_t *hi);

/* zk_op_load's lane cells (not the access's) for op at byte address a
 * whose word is word; returns the value loaded. */
uint32_t zk_fill_load(zk_wctx *w, gl_t *row, unsigned base, zk_op op, uint32_t a, uint32_t word);

/* zk_op_store's cells but the access's (ST_NEW, lanes, v2's split) for op
 * at byte address a over the old word; returns the new word. */
uint32_t zk_fill_store(zk_wctx *w, gl_t *row, unsigned base, zk_op op, uint32_t a, uint32_t old,
                       uint32_t v2);

/* zk_op_div's cells for op; returns the result. */
uint32_t zk_fill_div(gl_t *row, unsigned base, zk_op op, uint32_t v1, uint32_t v2);

/* zk_op_jump's cells; returns next. */
uint32_t zk_fill_jump(gl_t *row, unsigned base, uint32_t a, uint32_t imm);

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

/* SLL/SRL/SRA (op) of a by b & 31: the cells of map s (SH_*; ZK_NO_COL
 * cells skipped), the pow2 lookup counted when s has the amount's cells. */
uint32_t zk_fill_shift(zk_wctx *w, gl_t *row, const unsigned *s, zk_op op, uint32_t a, uint32_t b);

#endif
