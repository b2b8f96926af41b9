/* block_chip.h — a chip generated from one basic block of base uops: one row
 * per execution of the whole block (issue 16). Built from the ops' constraint
 * pieces (chips/zk_alu.h) with the block's pc, immediates and x0 as
 * constants; register accesses only for live-in reads and last writes (one
 * access per register); intermediate values as piece outputs; each load and
 * store keeps its memory access; one EXEC step (pc, ts) -> (next, ts + n).
 * Invariant: the chip is a pure function of (name, pc, steps), so a verifier
 * regenerates it from the program; its filler fills exactly the cells its
 * builder reads and counts every bytes/pow lookup it makes.
 *
 * Timestamps: step i (0-based) of a block at ts makes its accesses where the
 * base chips would at ts + i: rs1 at 4*(ts+i) + 1, rs2 at + 2, the RAM word at
 * + 3, rd at + 4. A register's one access is at its LAST use in the block, so
 * after a block row every key's last timestamp equals what the base rows of
 * the same steps leave, and block rows and base rows interleave freely. */
#ifndef UVM_BLOCK_CHIP_H
#define UVM_BLOCK_CHIP_H

#include <stdio.h>

#include "chips/zk_alu.h"

#define BLOCK_MAX_STEPS 32

typedef struct block_chip block_chip;

/* Generates the chip of the block at pc: steps[0..n) are base uops at
 * consecutive pcs (each advancing by its len); only the last may be a branch,
 * JAL or JALR. Supported ops: the ALU (add, logic, shift, set-less-than and
 * their immediate forms, LUI, AUIPC, FENCE, MUL, MULHU, DIV, DIVU, REM,
 * REMU), branches, JAL,
 * JALR, the loads and the stores (an access must lie in one word: the base
 * rows prove the others).
 * NULL with a one-line error naming the step otherwise. Free with block_chip_free. */
block_chip *block_chip_new(const char *name, uint32_t pc, const uisa_uop *steps, unsigned n,
                           uvm_err *err);
void block_chip_free(block_chip *b);

/* Adds the chip's columns, constraints and interactions to sys (before
 * finalize). Returns the chip, NULL after recording the error in sys. */
air_chip *block_chip_build(const block_chip *b, air_system *sys);

/* Main columns; steps; the pc after the last step when it falls through. */
unsigned block_chip_width(const block_chip *b);
unsigned block_chip_steps(const block_chip *b);
uint32_t block_chip_fallthrough(const block_chip *b);

/* The columns the chip range-checks (R16) on every row, and those whose
 * double it range-checks (a high limb < 2^15): the witness counts the range
 * table from them, padding rows included. Return how many (<= max). */
unsigned block_chip_r16(const block_chip *b, unsigned *cols, unsigned max);
unsigned block_chip_r16_doubled(const block_chip *b, unsigned *cols, unsigned max);

/* One access of the offline memory argument, as the filler asks for it.
 * Read (write = 0): key in (a register key ZK_KEY_REG(r) or an untagged RAM
 * key ZK_KEY_RAM(a), a 4-aligned); the callback returns the key's current
 * value in val, the timestamp of its last access (4*ts + k) in ts and, for a
 * RAM word on a read-only page, ro = 1. Write (write = 1): the access ends,
 * leaving val at timestamp ts. Every access is a read then a write of the
 * same key; the callback returns non-zero (setting nothing) when the key
 * cannot be accessed (an unmapped word: the block row cannot prove this
 * execution, the base rows must). */
typedef struct block_access {
    uint64_t key;
    int write, ro;
    uint32_t val;
    uint64_t ts;
} block_access;
typedef int (*block_mem_fn)(void *ctx, block_access *a);

/* What one execution leaves: the next pc and each register's final value
 * (regs[r] for r with bit r of written set); memory: through the callback.
 * reads: the read halves the callback answered, in order (block_chip_pad). */
#define BLOCK_MAX_READS (32 + BLOCK_MAX_STEPS)
typedef struct block_out {
    uint32_t next;
    uint32_t written;
    uint32_t regs[32];
    uint32_t n_reads;
    block_access reads[BLOCK_MAX_READS];
} block_out;

/* Fills row (block_chip_width cells, zeroed by the caller) for one execution
 * at timestamp ts (real = 1), its register and memory accesses through fn,
 * and counts its bytes and pow lookups in w->bytes, w->pow (w->row is not
 * used). Fails with one line (an access not inside one aligned word, an
 * unmapped or read-only word, timestamps out of order), leaving this
 * execution to the base rows. With real = 0 and fn NULL: a padding row on
 * the all-zero state (its lookups counted too), which fails only where a
 * sub-word access at its immediate crosses a word: then use block_chip_pad. */
int block_chip_fill(const block_chip *b, int real, uint64_t ts, block_mem_fn fn, void *ctx,
                    zk_wctx *w, gl_t *row, block_out *out, uvm_err *err);

/* A padding row (real = 0, no access) that replays the inputs of a real
 * execution (from, filled by block_chip_fill): it satisfies every
 * constraint whenever that execution did; its lookups are counted. */
int block_chip_pad(const block_chip *b, const block_out *from, zk_wctx *w, gl_t *row,
                   uvm_err *err);

/* For a person: the steps, the columns by name, then (c built by
 * block_chip_build) every constraint and interaction as a formula. */
void block_chip_print(const block_chip *b, const air_chip *c, FILE *f);

/* The name of main column col ("x5.in", "s2.add.lo"); "?" out of range. */
const char *block_chip_col_name(const block_chip *b, unsigned col);

#endif
