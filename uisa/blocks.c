/* blocks.c — the block table's invariant (uisa.h, uisa_block): what every
 * program with blocks keeps, whether it was loaded or just translated, so the
 * VM and the prover can run and prove a block as its steps without checks.
 * Invariant: uisa_blocks_check accepts exactly the tables uisa.h describes. */
#include "uisa.h"

#include <string.h>

int uisa_block_step_ok(const uisa_uop *u)
{
    return u->op < UOP_COUNT && uisa_ops[u->op].tier == TIER_BASE && u->op != UOP_TRAP &&
           u->op != UOP_ECALL && u->op != UOP_EBREAK;
}

int uisa_transfers(const uisa_uop *u)
{
    if (u->op >= UOP_COUNT)
        return 1;
    uisa_format f = uisa_ops[u->op].fmt;
    return f == FMT_B || f == FMT_J || f == FMT_AB || f == FMT_TRAP || f == FMT_BLOCK ||
           u->op == UOP_JALR || u->op == UOP_ECALL || u->op == UOP_EBREAK ||
           uisa_ops[u->op].tier == TIER_NATIVE;
}

static int same_uop(const uisa_uop *a, const uisa_uop *b)
{
    return a->op == b->op && a->rd == b->rd && a->rs1 == b->rs1 && a->rs2 == b->rs2 &&
           a->rd2 == b->rd2 && a->rs3 == b->rs3 && a->len == b->len && a->ninsn == b->ninsn &&
           a->imm == b->imm && a->imm2 == b->imm2;
}

/* Is [a, a + len) inside one segment? */
static int in_one_segment(const uisa_program *p, uint32_t a, uint32_t len)
{
    for (uint32_t i = 0; i < p->n_segments; i++) {
        const uisa_segment *s = &p->segments[i];
        if (a >= s->vaddr && (uint64_t)a + len <= (uint64_t)s->vaddr + s->memsz)
            return 1;
    }
    return 0;
}

/* The slot index of pc, or UINT32_MAX when pc is no slot of the code. */
static uint32_t slot_index(const uisa_program *p, uint32_t pc)
{
    const uisa_uop *u = uisa_slot(p, pc);
    return u ? (uint32_t)(u - p->slots) : UINT32_MAX;
}

/* Step k of block b at pc: a block step, its length that of the raw word
 * there, and (after the first) the slot's own uop. */
static int check_step(const uisa_program *p, uint32_t b, uint32_t k, uint32_t pc, uvm_err *err)
{
    const uisa_block *bk = &p->blocks[b];
    const uisa_uop *s = &bk->steps[k];
    uint32_t i = slot_index(p, pc);
    if (i == UINT32_MAX)
        return uvm_errf(err, "block %u at pc 0x%08x: step %u at pc 0x%08x is outside the code", b,
                        bk->pc, k, pc);
    if (!uisa_block_step_ok(s))
        return uvm_errf(err, "block %u at pc 0x%08x: step %u at pc 0x%08x is %s, which no block "
                        "may contain", b, bk->pc, k, pc,
                        s->op < UOP_COUNT ? uisa_ops[s->op].name : "an unknown uop");
    if (k + 1 < bk->n && uisa_transfers(s))
        return uvm_errf(err, "block %u at pc 0x%08x: step %u at pc 0x%08x (%s) transfers control "
                        "before the last step", b, bk->pc, k, pc, uisa_ops[s->op].name);
    if (s->len != ((p->raw[i] & 3) == 3 ? 4u : 2u))
        return uvm_errf(err, "block %u at pc 0x%08x: step %u at pc 0x%08x has len %u but the "
                        "word there is 0x%08x", b, bk->pc, k, pc, s->len, p->raw[i]);
    if (k > 0 && !same_uop(s, &p->slots[i]))
        return uvm_errf(err, "block %u at pc 0x%08x: step %u differs from the slot at pc 0x%08x",
                        b, bk->pc, k, pc);
    return 0;
}

static int check_block(const uisa_program *p, uint32_t b, uvm_err *err)
{
    const uisa_block *bk = &p->blocks[b];
    uint32_t i = slot_index(p, bk->pc);
    if (i == UINT32_MAX)
        return uvm_errf(err, "block %u: pc 0x%08x is no slot of the code", b, bk->pc);
    uint32_t pc = bk->pc;
    for (uint32_t k = 0; k < bk->n; k++) {
        if (check_step(p, b, k, pc, err))
            return -1;
        pc += bk->steps[k].len;
    }
    uint32_t len = pc - bk->pc;
    const uisa_uop *h = &p->slots[i];
    if (h->op != UOP_BLOCK || (uint32_t)h->imm != b || h->ninsn != bk->n || h->len != len)
        return uvm_errf(err, "block %u at pc 0x%08x: the slot there is not BLOCK %u of %u "
                        "steps and %u bytes", b, bk->pc, b, bk->n, len);
    if (b + 1 < p->n_blocks && p->blocks[b + 1].pc < pc)
        return uvm_errf(err, "block %u at pc 0x%08x overlaps block %u", b, bk->pc, b + 1);
    if (!in_one_segment(p, bk->pc, len))
        return uvm_errf(err, "block %u at pc 0x%08x: its %u bytes are not inside one segment",
                        b, bk->pc, len);
    return 0;
}

int uisa_blocks_check(const uisa_program *p, uvm_err *err)
{
    if (p->n_blocks && (!p->blocks || !p->raw))
        return uvm_errf(err, "%u blocks but no block table or raw words", p->n_blocks);
    for (uint32_t b = 0; b < p->n_blocks; b++) {
        if (!p->blocks[b].steps || p->blocks[b].n < 2 || p->blocks[b].n > UISA_BLOCK_MAX)
            return uvm_errf(err, "block %u: %u steps (must be 2..%u)", b, p->blocks[b].n,
                            UISA_BLOCK_MAX);
        if (b > 0 && p->blocks[b].pc <= p->blocks[b - 1].pc)
            return uvm_errf(err, "block %u at pc 0x%08x: not after block %u (sorted by pc)", b,
                            p->blocks[b].pc, b - 1);
    }
    for (uint32_t b = 0; b < p->n_blocks; b++)
        if (check_block(p, b, err))
            return -1;
    /* every BLOCK slot is the head of its block (check_block saw the converse) */
    for (uint32_t i = 0; i < p->n_slots; i++) {
        const uisa_uop *u = &p->slots[i];
        uint32_t b = (uint32_t)u->imm;
        if (u->op == UOP_BLOCK &&
            (b >= p->n_blocks || p->blocks[b].pc != p->code_base + (i << p->slot_shift)))
            return uvm_errf(err, "slot %u: BLOCK %u has no block at its pc", i, b);
    }
    return 0;
}
