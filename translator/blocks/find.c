/* find.c — the basic blocks of a lifted program: the places a BLOCK uop may
 * stand. Walks the instructions as the lifting sweep laid them out (each slot
 * with a length starts one; the slots it covers are skipped), marks leaders,
 * and cuts runs of block steps at leaders, after transfers and every
 * UISA_BLOCK_MAX steps. Invariant: a candidate's n instructions are block
 * steps, only the last may transfer control, and none of them but the first is
 * a leader (so a list entry's pc identifies its candidate). */
#include "blocks.h"

#include <stdlib.h>

/* Marks slot of pc as a leader if pc is a slot of the code. */
static void mark(const uisa_program *p, uint8_t *lead, uint32_t pc)
{
    const uisa_uop *u = uisa_slot(p, pc);
    if (u)
        lead[u - p->slots] = 1;
}

/* The next instruction after slot i (its length in slots; 1 for a gap). */
static uint32_t next_insn(const uisa_program *p, uint32_t i)
{
    uint32_t len = p->slots[i].len >> p->slot_shift;
    return i + (len ? len : 1);
}

static void mark_leaders(const uisa_program *p, uint8_t *lead)
{
    mark(p, lead, p->entry);
    for (uint32_t s = 0; s < p->n_symbols; s++)
        if (p->symbols[s].is_func)
            mark(p, lead, p->symbols[s].addr);
    for (uint32_t i = 0; i < p->n_slots; i = next_insn(p, i)) {
        const uisa_uop *u = &p->slots[i];
        uint32_t pc = p->code_base + (i << p->slot_shift);
        uint32_t after = next_insn(p, i);
        if (u->len == 0 || uisa_transfers(u)) {
            if (after < p->n_slots)
                lead[after] = 1;
        }
        if (u->op < UOP_COUNT && uisa_ops[u->op].tier == TIER_BASE &&
            (uisa_ops[u->op].fmt == FMT_B || uisa_ops[u->op].fmt == FMT_J))
            mark(p, lead, pc + (uint32_t)u->imm);
    }
}

static int push(xl_bb **v, uint32_t *n, uint32_t *cap, uint32_t slot, uint32_t len)
{
    if (len < 2)
        return 0;
    if (*n == *cap) {
        uint32_t c = *cap ? 2 * *cap : 256;
        xl_bb *nv = realloc(*v, (size_t)c * sizeof *nv);
        if (!nv)
            return -1;
        *v = nv, *cap = c;
    }
    (*v)[(*n)++] = (xl_bb){slot, len};
    return 0;
}

int xl_basic_blocks(const uisa_program *p, xl_bb **out, uint32_t *n_out, uvm_err *err)
{
    *out = NULL, *n_out = 0;
    uint8_t *lead = calloc((size_t)p->n_slots + 1, 1);
    if (!lead)
        return uvm_errf(err, "blocks: out of memory for %u slots", p->n_slots);
    mark_leaders(p, lead);
    xl_bb *v = NULL;
    uint32_t n = 0, cap = 0, start = 0, len = 0;
    int rc = 0;
    for (uint32_t i = 0; i < p->n_slots && !rc; i = next_insn(p, i)) {
        const uisa_uop *u = &p->slots[i];
        int ok = u->len && uisa_block_step_ok(u);
        if (len && (lead[i] || !ok || len == UISA_BLOCK_MAX)) { /* close the open run */
            rc = push(&v, &n, &cap, start, len);
            len = 0;
        }
        if (!ok)
            continue;
        if (!len)
            start = i;
        len++;
        if (uisa_transfers(u)) {
            rc = rc ? rc : push(&v, &n, &cap, start, len);
            len = 0;
        }
    }
    if (!rc && len)
        rc = push(&v, &n, &cap, start, len);
    free(lead);
    if (rc) {
        free(v);
        return uvm_errf(err, "blocks: out of memory for the basic blocks");
    }
    *out = v, *n_out = n;
    return 0;
}
