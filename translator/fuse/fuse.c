/* fuse.c — fusion (-O1): rewrites pairs of consecutive base uops into fused uops
 * (uisa/ops_fused.def: which pairs fuse into which row comes from the rows' STEPS;
 * the operand packing per format is here). Invariant: only the head slot of a group changes; inner
 * slots keep their base uops, so any pc stays a valid entry, and a fused uop means
 * exactly its instructions run in order (only the first may fault; a branch only
 * last, with a static target inside the code). */
#include "passes.h"

#include <stdlib.h>
#include <string.h>

#include "blocks.h"
#include "fuse.h"

static int is_base(const uisa_uop *u) { return u->op < UOP_COUNT && uisa_ops[u->op].tier == TIER_BASE; }

/* Ends a straight-line run: nothing may follow it inside a fused group. */
static int transfers(const uisa_uop *u)
{
    uisa_format f = uisa_ops[u->op].fmt;
    return f == FMT_B || f == FMT_J || f == FMT_TRAP || u->op == UOP_JALR ||
           u->op == UOP_ECALL || u->op == UOP_EBREAK;
}

/* The fused row whose steps (ops_fused.def STEPS) are s1 then s2 (UOP_ALU: any
 * ALU step), or -1. Every fusion rule below is one of these rows. */
static int fused_row(unsigned s1, unsigned s2)
{
    for (int i = 0; i < UOP_COUNT; i++)
        if (uisa_ops[i].tier == TIER_FUSED && uisa_ops[i].step[0] == s1 &&
            uisa_ops[i].step[1] == s2)
            return i;
    return -1;
}

static int is_r(uint8_t op) { return uisa_ops[op].fmt == FMT_R; }

/* The first step's operands of the generic rows: rd, rs1, and rs2 or the immediate. */
static void first_step(const uisa_uop *a, uisa_uop *f)
{
    f->rd = a->rd, f->rs1 = a->rs1;
    if (is_r(a->op))
        f->rs2 = a->rs2;
}

/* A branch b at pc + a->len, re-based to pc: 1 with *off set, or 0 if the target
 * is not a slot of the code (a fused branch must never fault on its target). */
static int rebased(const uisa_program *p, uint32_t pc, const uisa_uop *a, const uisa_uop *b,
                   int32_t *off)
{
    int64_t o = (int64_t)b->imm + a->len;
    uint64_t t = (uint64_t)((int64_t)pc + o) - p->code_base;
    if (o < INT32_MIN || o > INT32_MAX || (t & ((1u << p->slot_shift) - 1)) ||
        t >= (uint64_t)p->n_slots << p->slot_shift)
        return 0;
    *off = (int32_t)o;
    return 1;
}

static int imm12(const uisa_uop *u) { return is_r(u->op) || (u->imm >= -2048 && u->imm < 2048); }

int xl_fuse_pair(const uisa_program *p, uint32_t pc, const uisa_uop *a, const uisa_uop *b,
                 uisa_uop *out)
{
    if (!is_base(a) || !is_base(b) || a->op == UOP_TRAP || b->op == UOP_TRAP || transfers(a))
        return 0;
    uisa_uop f = {.len = (uint8_t)(a->len + b->len), .ninsn = 2};
    int op;
    int alu_a = UISA_FX_ALU_OK(a->op), alu_b = UISA_FX_ALU_OK(b->op);
    if (alu_a && alu_b && imm12(b) && (op = fused_row(UOP_ALU, UOP_ALU)) >= 0) {
        f.op = (uint8_t)op;
        first_step(a, &f);
        if (!is_r(a->op))
            f.imm = a->imm;
        f.rd2 = b->rd, f.rs3 = b->rs1;
        f.imm2 = UISA_FX_PACK(is_r(b->op) ? (uint32_t)b->rs2 : (uint32_t)b->imm, a->op, b->op);
    } else if (alu_a && (op = fused_row(UOP_ALU, b->op)) >= 0 && uisa_ops[op].fmt == FMT_AB) {
        int32_t off;
        if (!rebased(p, pc, a, b, &off) || !imm12(a))
            return 0;
        f.op = (uint8_t)op;
        first_step(a, &f);
        f.rs3 = b->rs1, f.imm = off;
        f.imm2 = UISA_FX_PACK(is_r(a->op) ? 0u : (uint32_t)a->imm, a->op, b->rs2);
    } else if ((op = fused_row(a->op, b->op)) >= 0 && uisa_ops[op].fmt == FMT_II) {
        f.op = (uint8_t)op;
        f.rd = a->rd, f.rs1 = a->rs1, f.imm = a->imm;
        f.rd2 = b->rd, f.rs3 = b->rs1, f.imm2 = b->imm;
    } else if ((op = fused_row(a->op, b->op)) >= 0 && uisa_ops[op].fmt == FMT_SI) {
        f.op = (uint8_t)op;
        f.rs1 = a->rs1, f.rs2 = a->rs2, f.imm = a->imm;
        f.rd2 = b->rd, f.rs3 = b->rs1, f.imm2 = b->imm;
    } else {
        return 0;
    }
    *out = f;
    return 1;
}

int xl_fuse_pass(const xl_image *img, const xl_options *opt, uisa_program *p, uvm_err *err)
{
    (void)img, (void)opt;
    /* cost[i]: fewest uops from slot i to the end of its straight-line run, choosing
     * at each slot between its base uop and a fused pair (backward dynamic program),
     * so every entry pc gets the cover that is optimal from there. */
    uint32_t *cost = calloc((size_t)p->n_slots + 1, sizeof *cost);
    uisa_uop *base = malloc(((size_t)p->n_slots + 1) * sizeof *base); /* matching reads these */
    uint8_t *in_block = NULL; /* a chosen block's steps: no fusion inside (docs/blocks.md) */
    if (!cost || !base || xl_block_mask(p, &in_block, err)) {
        free(cost), free(base);
        return uvm_errf(err, "fusion: out of memory for %u slots", p->n_slots);
    }
    if (p->n_slots)
        memcpy(base, p->slots, (size_t)p->n_slots * sizeof *base);
    for (uint32_t i = p->n_slots; i-- > 0;) {
        const uisa_uop *a = &base[i];
        uint32_t next = i + (a->len >> p->slot_shift);
        cost[i] = 1;
        if (a->op == UOP_TRAP || a->len == 0 || transfers(a) || next >= p->n_slots ||
            in_block[i])
            continue;
        cost[i] = 1 + cost[next];
        const uisa_uop *b = &base[next];
        uint32_t after = next + (b->len >> p->slot_shift);
        uisa_uop f;
        uint32_t pc = p->code_base + (i << p->slot_shift);
        if (b->len && xl_fuse_pair(p, pc, a, b, &f)) {
            uint32_t c = 1 + (transfers(b) || after >= p->n_slots ? 0 : cost[after]);
            if (c < cost[i]) {
                cost[i] = c;
                p->slots[i] = f;
            }
        }
    }
    free(cost);
    free(base);
    free(in_block);
    return 0;
}
