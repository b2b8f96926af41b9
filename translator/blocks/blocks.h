/* blocks.h — the block tier in the translator (docs/blocks.md): the basic
 * blocks of a lifted program, the block list file, applying a list to a
 * program, and choosing blocks from a profile by the cost model.
 * Invariant: everything here is a deterministic function of its inputs (the
 * program, the list, the counts, the facts), so the same ELF, hints and block
 * list always give the same .uisa bytes. Knows nothing of the prover: the
 * prover's widths come in as an xl_cost_facts filled by the caller. */
#ifndef UVM_XL_BLOCKS_H
#define UVM_XL_BLOCKS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "uisa.h"

/* ---- basic blocks (find.c) ---- */

/* A block candidate: from slot `slot`, up to n instructions may form a block
 * (a basic block of at least 2 block steps, cut into UISA_BLOCK_MAX pieces). */
typedef struct xl_bb {
    uint32_t slot;
    uint32_t n;
} xl_bb;

/* The candidates of p (lifted, before fusion), sorted by slot. Leaders: the
 * entry, function symbols, static branch and jump targets, the instruction
 * after a transfer of control or a gap; a block holds only uops that may be
 * block steps (uisa_block_step_ok) and ends with the first transfer.
 * *out is malloc'd (free it). */
int xl_basic_blocks(const uisa_program *p, xl_bb **out, uint32_t *n, uvm_err *err);

/* ---- the block list file (list.c) ---- */

typedef struct xl_block_req {
    uint32_t pc, n;
    uint32_t line; /* in the file, for messages */
} xl_block_req;

typedef struct xl_block_list {
    xl_block_req *v; /* malloc'd */
    uint32_t n;
} xl_block_list;

/* Parses a block list: per line "PC COUNT [numbers...]" (PC in hex with 0x,
 * COUNT decimal; what follows is the suggestion's evidence, ignored here),
 * '#' to the end of a line is a comment. One-line error naming name:line. */
int xl_block_list_parse(const char *text, size_t len, const char *name, xl_block_list *out,
                        uvm_err *err);
void xl_block_list_free(xl_block_list *l);

/* ---- applying a list (apply.c) ---- */

/* Turns each listed block of p (lifted; native ops may be in place, no fusion
 * yet) into a BLOCK uop at its pc and an entry of p's block table. Each pc
 * must start a candidate of xl_basic_blocks and COUNT fit in it; a block may
 * not cover a native op. name prefixes nothing: errors read
 * "blocks.txt:3: pc 0x000101a4 is not the start of a basic block". */
int xl_blocks_apply(uisa_program *p, const xl_block_list *l, const char *name, uvm_err *err);

/* Is slot i inside a block (not its head)? For passes that must leave the
 * steps alone (fusion). in_block is n_slots bytes, filled by xl_block_mask. */
int xl_block_mask(const uisa_program *p, uint8_t **in_block, uvm_err *err);

/* ---- the cost model (cost.c) ---- */

/* The prover's facts the model needs, per base uop: the committed columns of
 * the row that proves it and, of those, the op's own arithmetic (the chip's
 * specific columns, without selectors); and the columns of one register read
 * and one register write access. Filled by the caller from the prover's chip
 * table (cli/gen_cost_facts.c at build time). */
typedef struct xl_cost_facts {
    uint16_t row_cols[UOP_COUNT];  /* 0: the uop cannot be a block step */
    uint16_t arith_cols[UOP_COUNT];
    uint16_t read_cols, write_cols;
    uint16_t chain_cols;           /* a row's place in the execution chain (ts, npc) */
} xl_cost_facts;

/* The modelled width of a block chip for the steps (docs/blocks.md). */
typedef struct xl_block_cost {
    uint32_t base_cols;   /* sum over steps of their base rows' columns */
    uint32_t block_cols;  /* the block chip: chain + accesses + arithmetic + intermediates */
    uint32_t reads, writes, inter; /* live-in reads, last writes, intermediate columns */
} xl_block_cost;
void xl_block_cost_of(const uisa_uop *steps, uint32_t n, const xl_cost_facts *f,
                      xl_block_cost *c);

/* What suggestion measured, for the list's header and the report. */
typedef struct xl_suggest_stats {
    uint64_t insns;          /* retired in the profile run (sum of counts x ninsn) */
    uint64_t covered;        /* of them, inside chosen blocks */
    uint32_t candidates, chosen, columns;
    int64_t saving;          /* modelled cells saved, net of the chips' fixed costs */
} xl_suggest_stats;

/* Chooses blocks of p (lifted, no fusion) from counts[slot] (executions of each
 * slot in a profile run) by the cost model under a budget of `columns` block
 * chip columns, and writes the block list to f (header comments, then one line
 * per chosen block in rank order). Deterministic. */
int xl_suggest_blocks(const uisa_program *p, const uint64_t *counts, const xl_cost_facts *facts,
                      uint32_t columns, FILE *f, xl_suggest_stats *st, uvm_err *err);

#endif
