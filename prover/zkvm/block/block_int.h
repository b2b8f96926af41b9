/* block_int.h — the layout a block chip records when it is generated
 * (block_chip.c), read by its filler (block_fill.c) and printer
 * (block_print.c). Not a public header.
 * Invariant: every cell index here was handed out by the one walk that
 * also emits the constraints. */
#ifndef UVM_BLOCK_INT_H
#define UVM_BLOCK_INT_H

#include "block_chip.h"
#include "zk_mem.h"

#define BLOCK_MAX_COLS 640

/* One register's one access: the value it reads (a live-in) or the old value
 * it overwrites, its previous timestamp and the limbs of now - prev - 1. */
typedef struct blk_reg {
    uint8_t r, live_in, written;
    unsigned k;               /* its sub-step: the access is at 4*ts + k */
    unsigned c_v, c_t, c_la;
} blk_reg;

typedef struct blk_step {
    zk_prow pr;
    unsigned base;            /* first helper cell of its piece */
    unsigned sh[SH_N];        /* shift: the piece's cells */
    int amt;                  /* shift: constant amount, or -1 */
    unsigned c_fa, c_fb;      /* SLT: the flip cells (MA, LO, HI) of a and b, or ZK_NO_COL */
    unsigned c_bit, c_dlo;    /* compares: the result bit, the difference limbs / eq's inverse */
    unsigned c_mem;           /* LW/SW: C, TG or OLD, W (LW), TM, LA, LB; else the lane piece's base */
} blk_step;

struct block_chip {
    char name[40];
    uint32_t pc, fall;
    unsigned n_steps, n_regs, n_cols, n_r16, n_dbl;
    blk_step st[BLOCK_MAX_STEPS];
    blk_reg reg[32];
    int reg_ix[33];           /* register -> reg[] index, -1: not accessed */
    unsigned r16[BLOCK_MAX_COLS], dbl[BLOCK_MAX_STEPS];
    char col[BLOCK_MAX_COLS][24];
};

enum { COL_REAL = 0 };

/* block_is_alu: an op with no effect but its rd (the ALU ops, MUL, MULHU,
 * DIV..REMU).
 * The value of a canonical ALU op (folding constants, filling), and whether
 * a branch op is taken. */
uint32_t block_alu_value(zk_op op, uint32_t a, uint32_t b);
int block_taken(zk_op op, uint32_t a, uint32_t b);
int block_is_alu(zk_op op);
int block_is_branch(zk_op op);
int block_is_shift(zk_op op);
int block_is_logic(zk_op op);
int block_is_mem(zk_op op);
int block_is_div(zk_op op); /* DIV, DIVU, REM, REMU */ /* LB .. SB: a load or store */

#endif
