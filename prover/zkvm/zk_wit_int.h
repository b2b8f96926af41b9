/* zk_wit_int.h — what a chip's witness filler needs from zk_wit.c: the
 * shadow memory (value and last timestamp per key), one memory access, limb
 * splitting and the bytes-table lookup counter.
 * Invariant: a filler fills exactly the columns its chip's builder reads and
 * counts every lookup its builder makes, so the buses balance. */
#ifndef UVM_ZK_WIT_INT_H
#define UVM_ZK_WIT_INT_H

#include "zk_wit.h"

/* A growing row buffer for tables whose height is known only after the run. */
typedef struct zk_rowbuf { gl_t *data; uint64_t rows, cap; } zk_rowbuf;

typedef struct zk_wctx {
    const uisa_program *p;
    gl_matrix *bytes;   /* the bytes table's multiplicities */
    gl_matrix *pow;     /* the pow2 table's multiplicities */
    zk_shadow sh;
    gl_t *row;          /* the row being filled */
    uint64_t ts;        /* its timestamp (uop index) */
    gl_matrix *tr;      /* every chip's trace: native uops also fill their tables */
    uint64_t n_keccak;  /* permutations filled so far */
    zk_rowbuf memset_rows; /* MEMSET word rows, moved into the table at the end */
} zk_wctx;

/* The shadow entry of key, created on first use with its initial value
 * (zk_mem_value of s->prior; NULL: out of memory). */
zk_slot *zk_sh_get(zk_shadow *s, const uisa_program *p, uint64_t key);

/* One memory access at sub-step k: fills (old value, prev ts, limbs) into
 * columns vcol (if not ~0u), tcol, la, la+1, returns the old value in *old,
 * then stores val (if write) at 4*ts + k. */
int zk_access(zk_wctx *w, uint64_t key, int write, uint32_t val, unsigned k, unsigned vcol,
              unsigned tcol, unsigned la, uint32_t *old, uvm_err *err);

/* row[lo], row[lo+1] = the 16-bit limbs of v. */
void zk_limbs(gl_t *row, unsigned lo, uint32_t v);

/* The chip-specific columns of a base op's row (after its rs1/rs2 reads v1,
 * v2): the next pc in *next, the rd value in *vd. */
int zk_fill_op(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
               uint32_t *next, uint32_t *vd, uvm_err *err);

/* Counts one bytes-table lookup (AND, x, y, x & y). */
void zk_and_lookup(zk_wctx *w, uint32_t x, uint32_t y);

#endif
