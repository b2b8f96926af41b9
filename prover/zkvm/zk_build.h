/* zk_build.h — helpers for writing zkVM chips (zk_build.c): each execution
 * chip's builder calls zk_common() once and then constrains its own columns.
 * Invariant kept by every user: each value a chip writes to a register or RAM
 * is constrained to [0, 2^32), so reads need no range check. */
#ifndef UVM_ZK_BUILD_H
#define UVM_ZK_BUILD_H

#include "zk_int.h"

/* Shorthands; each expects an `air_chip *c` in scope. */
#define M(i) air_main(c, (i))
#define K(v) air_const(c, (gl_t)(v))
#define ADD(a, b) air_add(c, (a), (b))
#define SUB(a, b) air_sub(c, (a), (b))
#define MUL(a, b) air_mul(c, (a), (b))
#define SC(a, k) air_scale(c, (a), (gl_t)(k))
#define NEG_TWO32 (GL_P - ZK_TWO32)

/* Constrains x boolean (all rows); returns x. */
air_expr zk_bool(air_chip *c, const char *name, air_expr x);

/* Main column col in [0, 2^16): an R16 lookup on every row (padding too;
 * the witness counts padding rows as well). */
void zk_r16(air_chip *c, unsigned col);

/* One access of the memory argument at sub-step k of the row's timestamp:
 * receive (key, old, prev_ts), send (key, val, 4*ts + k), prev_ts < 4*ts + k
 * proved by the R16 limbs in columns la, lb. Only when real = 1. */
void zk_mem_access(air_chip *c, const char *name, air_expr real, air_expr key, air_expr old,
                   air_expr prev_ts, air_expr val, unsigned k, unsigned la, unsigned lb);

/* LOGIC lookup (x, y, z) with multiplicity mult: x, y bytes and z = x AND y
 * (the bytes table's only relation). zk_byte: b in [0, 256) as (b, b, b). */
void zk_and(air_chip *c, air_expr x, air_expr y, air_expr z, air_expr mult);
void zk_byte(air_chip *c, air_expr b, air_expr mult);
/* For a zk_r16_fn: cols[i] = zk_spec(ch, k[i]) for i < n; returns n. */
unsigned zk_r16_list(zk_chip ch, const unsigned *k, unsigned n, unsigned *cols);
#define ZK_R16_SPEC(ch, cols, ...)                                                               \
    zk_r16_list((ch), (const unsigned[]){__VA_ARGS__},                                       \
                sizeof((const unsigned[]){__VA_ARGS__}) / sizeof(unsigned), (cols))

/* A reader's RAM key: key (2^32 + its address expression, zk_int.h) plus
 * 2^35*T, T = main column tcol constrained boolean (a free T would reach any
 * key: 2^35 is invertible), the word's read-only tag, filled by the witness
 * from zk_memmap_read_key. A reader that may also write (a store selector on
 * the row) must force T = 0 when it writes. Writers use key itself. */
air_expr zk_ro_key(air_chip *c, air_expr key, unsigned tcol);

/* Memory key of the register whose number is in main column col. */
air_expr zk_reg_key(air_chip *c, unsigned col);

/* The shared columns and interactions of execution chip id (selectors, PROG,
 * EXEC, the rs1/rs2/rd accesses; no rd access and PROG rd = the sink for a
 * no_rd chip). next: the pc after this uop; ends: the chip
 * ends the run (no EXEC send). Returns real = the sum of the selectors. */
air_expr zk_common(air_chip *c, zk_chip id, air_expr next, int ends);

/* zk_common with the PROG tuple extended by n_extra (<= ZK_PROG_EXTRA) fields,
 * the EXEC send at ts + ts_step (a fused row spans two timestamps, so its
 * accesses may use sub-steps 1..7) and the rs1/rs2/rd accesses at sub-steps sub[]. */
air_expr zk_common_ext(air_chip *c, zk_chip id, air_expr next, int ends, const air_expr *extra,
                       unsigned n_extra, unsigned ts_step, const unsigned sub[3]);

/* v2 of chip id: its C_V2 column (zk_col), or 0 for a chip without rs2 (its ops read x0). */
air_expr zk_v2(air_chip *c, zk_chip id);

/* The selector column of op (which must belong to chip id). */
air_expr zk_sel(air_chip *c, zk_chip id, zk_op op);

/* v' = v + sg*2^31 - 2^32*m in [0, 2^32) by limbs lo, hi (m boolean): v xor
 * 2^31 for signed operands (m = sign bit), v itself when sg = 0. Returns v'. */
air_expr zk_flip(air_chip *c, air_expr v, air_expr sg, unsigned m, unsigned lo, unsigned hi,
                 const char *name);

/* The return of a native uop row (it returns like a call, to ra & ~1):
 * zk_ret_next is next = 2*(QL + 2^16*QH) of columns ql, qh; zk_ret_limbs
 * looks up QL and 2*QH on R16 (QH < 2^15: next is even and < 2^32);
 * zk_ret_split makes column b0 boolean (constraint `name`) and ra = b0 + next
 * for ra in column ra. Each chip calls them in its own order (the order is
 * the expression DAG's, which the proof absorbs). */
air_expr zk_ret_next(air_chip *c, unsigned ql, unsigned qh);
void zk_ret_limbs(air_chip *c, unsigned ql, unsigned qh);
void zk_ret_split(air_chip *c, const char *name, unsigned b0, unsigned ra, air_expr next);

#endif
