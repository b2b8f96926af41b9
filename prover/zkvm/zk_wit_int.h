/* zk_wit_int.h — what a chip's witness filler needs from zk_wit.c: the
 * shadow memory (value and last timestamp per key), one memory access, limb
 * splitting and the bytes-table lookup counter.
 * Invariant: a filler fills exactly the columns its chip's builder reads and
 * counts every lookup its builder makes, so the buses balance. */
#ifndef UVM_ZK_WIT_INT_H
#define UVM_ZK_WIT_INT_H

#include "trace.h"
#include "zk_wit.h"

/* A growing row buffer for tables whose height is known only after the run. */
typedef struct zk_rowbuf { gl_t *data; uint64_t rows, cap; } zk_rowbuf;
/* Appends n zeroed rows of `cols` cells; returns the first's index, -1 when
 * out of memory. */
int64_t zk_rowbuf_add(zk_rowbuf *b, unsigned cols, uint64_t n);
/* Moves b's rows into table t (height a power of two >= 8, zero padding,
 * one column when !present: a stub), frees b, sets *used to the rows moved,
 * and counts in range the R16 lookups of columns limbs[0 .. n_limbs - 1] of
 * every row, padding included. name: the table's, for the error. */
int zk_rowbuf_move(zk_rowbuf *b, unsigned cols, gl_matrix *t, uint64_t *used, int present,
                   const unsigned *limbs, unsigned n_limbs, gl_matrix *range, const char *name,
                   uvm_err *err);

/* The syscall witness state (chips/chip_sys.c): the input, the break's bounds, the
 * io chip's rows as they are made and the range table to count their limbs. */
typedef struct zk_io_wit {
    const uint8_t *input;
    size_t input_len;
    uint32_t brk_start, brk_limit;
    zk_rowbuf rows;     /* rows of IO_NCOL cells */
    gl_matrix *range;
    zk_brk_ev *brk;     /* the brk calls so far (the statement's events), owned */
    uint32_t n_brk, cap_brk;
} zk_io_wit;

typedef struct zk_wctx {
    const uisa_program *p;
    gl_matrix *bytes;   /* the bytes table's multiplicities */
    gl_matrix *pow;     /* the pow2 table's multiplicities */
    zk_shadow sh;
    gl_t *row;          /* the row being filled */
    uint64_t ts;        /* its timestamp (steps: an ECALL takes 2 + bytes moved) */
    gl_matrix *tr;      /* every chip's trace: native uops also fill their tables */
    uint64_t n_keccak;  /* permutations filled so far */
    uint64_t n_sha;     /* SHA-256 compressions filled so far */
    zk_io_wit *io;
    uint64_t adv;       /* set by a filler: extra steps this row takes (ECALL) */
    int exited;         /* set by the ECALL filler on exit */
    const uint32_t *want; /* the VM's value of the row's rd, if this step writes it (else NULL) */
    zk_rowbuf memset_rows; /* MEMSET word rows, moved into the table at the end */
    zk_rowbuf memcpy_rows; /* MEMCPY/MEMMOVE word rows (chip_memcpy.h) */
    /* heap lifetimes (zk_memmap.h): the break at the segment's start, the
     * suffix minima of the breaks of the states so far (state 0: the start,
     * state i: after event i), and the last tuple (key, value, ts) of each
     * lifetime that a later access found ended, for the kill rows */
    uint32_t brk0;
    int follow;         /* zk_witness_build's follow (tests): an access above the break
                         * keeps the word's old chain instead of failing */
    int stale;          /* ZK_FOLLOW_STALE (tests): no lifetimes in the chains */
    zk_minstk st;
    uint64_t st_n;
    struct zk_close { uint64_t key; uint32_t val, ts; } *close;
    uint64_t n_close, cap_close;
} zk_wctx;

/* The shadow entry of key, created on first use with its initial value
 * (zk_mem_value of s->prior; NULL: out of memory). */
zk_slot *zk_sh_get(zk_shadow *s, const uisa_program *p, uint64_t key);

/* One memory access at sub-step k: fills (old value, prev ts, limbs) into
 * columns vcol (if not ~0u), tcol, la, la+1, returns the old value in *old,
 * then stores val (if write) at 4*ts + k. */
int zk_access(zk_wctx *w, uint64_t key, int write, uint32_t val, unsigned k, unsigned vcol,
              unsigned tcol, unsigned la, uint32_t *old, uvm_err *err);

/* Brings heap key e to the current state of the segment's brk events (its
 * lifetimes, zk_memmap.h): *dead when its page is unmapped at the end
 * (at_end). Fails on an access above the break (a fault on the VM). */
int zk_heap_sync(zk_wctx *w, zk_slot *e, int at_end, int *dead, uvm_err *err);

/* The least power of two >= n and >= min (a trace height). */
uint64_t zk_pow2_at_least(uint64_t n, uint64_t min);

/* Allocates table c of rows_per_call rows per row of uop chip io (counted in
 * w->rows[io] by then) with zk_chip_main_cols columns (1 when absent). */
int zk_alloc_per_call(zk_witness *w, zk_chip c, zk_chip io, unsigned rows_per_call,
                      const zk_prow *prog, uint32_t n_prog, uvm_err *err);

/* row[lo], row[lo+1] = the 16-bit limbs of v. */
void zk_limbs(gl_t *row, unsigned lo, uint32_t v);

/* Counts one bytes-table lookup (AND, x, y, x & y). */
void zk_and_lookup(zk_wctx *w, uint32_t x, uint32_t y);


#endif
