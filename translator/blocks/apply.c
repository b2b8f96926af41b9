/* apply.c — a block list applied to a lifted program: a BLOCK uop at each
 * listed pc, the steps (the base uops lifted there) in the block table, the
 * inner slots untouched. Invariant: the result passes uisa_blocks_check once
 * the program has its segments (xl_translate checks it last), and
 * the table is sorted by pc whatever the order of the file's lines. */
#include "blocks.h"

#include <stdlib.h>
#include <string.h>

static int by_pc(const void *a, const void *b)
{
    const xl_block_req *x = a, *y = b;
    return x->pc < y->pc ? -1 : x->pc > y->pc ? 1 : (x->line > y->line) - (x->line < y->line);
}

/* The candidate starting at slot i, or NULL. */
static const xl_bb *candidate(const xl_bb *bb, uint32_t n, uint32_t i)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (bb[mid].slot < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && bb[lo].slot == i ? &bb[lo] : NULL;
}

/* Checks request r against the candidates; 0 with *slot its head slot. */
static int check_req(const uisa_program *p, const xl_bb *bb, uint32_t nbb, const xl_block_req *r,
                     const char *name, uint32_t *slot, uvm_err *err)
{
    const uisa_uop *u = uisa_slot(p, r->pc);
    if (!u)
        return uvm_errf(err, "%s:%u: pc 0x%08x is not in the code", name, r->line, r->pc);
    const xl_bb *c = candidate(bb, nbb, (uint32_t)(u - p->slots));
    if (!c)
        return uvm_errf(err, "%s:%u: pc 0x%08x is not the start of a basic block", name,
                        r->line, r->pc);
    if (r->n > c->n)
        return uvm_errf(err, "%s:%u: block at pc 0x%08x of %u instructions runs past the end of "
                        "its basic block (%u instructions)", name, r->line, r->pc, r->n, c->n);
    *slot = c->slot;
    return 0;
}

/* Block b at slot i of n steps: copies the steps, puts the BLOCK uop at i. */
static int make_block(uisa_program *p, uint32_t b, uint32_t i, uint32_t n, uvm_err *err)
{
    uisa_block *k = &p->blocks[b];
    k->pc = p->code_base + (i << p->slot_shift);
    k->steps = malloc((size_t)n * sizeof *k->steps);
    if (!k->steps)
        return uvm_errf(err, "blocks: out of memory");
    k->n = n;
    uint32_t len = 0;
    for (uint32_t s = 0, j = i; s < n; s++) {
        k->steps[s] = p->slots[j];
        len += p->slots[j].len;
        j += p->slots[j].len >> p->slot_shift;
    }
    p->slots[i] = (uisa_uop){.op = UOP_BLOCK, .imm = (int32_t)b, .ninsn = (uint8_t)n,
                             .len = (uint8_t)len};
    return 0;
}

int xl_blocks_apply(uisa_program *p, const xl_block_list *l, const char *name, uvm_err *err)
{
    if (!l || !l->n)
        return 0;
    xl_bb *bb = NULL;
    uint32_t nbb = 0, *heads = NULL;
    xl_block_req *r = malloc((size_t)l->n * sizeof *r);
    heads = malloc((size_t)l->n * sizeof *heads);
    int rc = !r || !heads ? uvm_errf(err, "blocks: out of memory") : 0;
    if (!rc)
        rc = xl_basic_blocks(p, &bb, &nbb, err);
    if (!rc) {
        memcpy(r, l->v, (size_t)l->n * sizeof *r);
        qsort(r, l->n, sizeof *r, by_pc);
    }
    for (uint32_t k = 0; !rc && k < l->n; k++) {
        if (k > 0 && r[k].pc == r[k - 1].pc)
            rc = uvm_errf(err, "%s:%u: pc 0x%08x is listed twice (also line %u)", name, r[k].line,
                          r[k].pc, r[k - 1].line);
        else
            rc = check_req(p, bb, nbb, &r[k], name, &heads[k], err);
    }
    if (!rc && !(p->blocks = calloc(l->n, sizeof *p->blocks)))
        rc = uvm_errf(err, "blocks: out of memory");
    for (uint32_t k = 0; !rc && k < l->n; k++) {
        p->n_blocks = k + 1;
        rc = make_block(p, k, heads[k], r[k].n, err);
    }
    free(bb);
    free(heads);
    free(r);
    return rc;
}

int xl_block_mask(const uisa_program *p, uint8_t **in_block, uvm_err *err)
{
    uint8_t *m = calloc((size_t)p->n_slots + 1, 1);
    if (!m)
        return uvm_errf(err, "blocks: out of memory for %u slots", p->n_slots);
    for (uint32_t b = 0; b < p->n_blocks; b++) {
        uint32_t i = (p->blocks[b].pc - p->code_base) >> p->slot_shift;
        uint32_t end = i + (p->slots[i].len >> p->slot_shift);
        for (uint32_t j = i + 1; j < end && j < p->n_slots; j++)
            m[j] = 1;
    }
    *in_block = m;
    return 0;
}
