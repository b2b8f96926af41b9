/* cost.c — the block cost model and the choice of blocks from a profile
 * (docs/blocks.md, "Cost model"). A block chip's row, modelled on issue 16's
 * rules: one execution-chain step (pc is a constant), a register access only
 * for each live-in read and each last write (a register read and then written
 * is one access: its old value is the access's), the ops' own arithmetic
 * without selectors, one column per intermediate value, constants (x0,
 * immediates) folded. Invariant: the choice is a deterministic function of
 * the program, the counts, the facts and the budget. */
#include "blocks.h"

#include <stdlib.h>
#include <string.h>

/* Fixed cost of one column of a chip, in cells, whatever its height: the
 * column is opened at every FRI query (240 at the default parameters) and
 * the verifier reads and hashes it there, so a column costs about as much as
 * 256 cells of trace. Proof size grows the same way: --block-columns bounds
 * it. A model parameter, not a prover fact. */
#define XL_COL_FIXED_CELLS 256u
#define XL_MIN_HEIGHT 8u /* the prover's smallest table (zk_prog_build) */

/* Which registers a base step reads (up to two) and writes (0: none). */
static void regs_of(const uisa_uop *u, uint8_t rd[1], uint8_t rs[2])
{
    rd[0] = rs[0] = rs[1] = 0;
    switch (uisa_ops[u->op].fmt) {
    case FMT_R: rd[0] = u->rd, rs[0] = u->rs1, rs[1] = u->rs2; break;
    case FMT_I: rd[0] = u->rd, rs[0] = u->rs1; break;
    case FMT_S: case FMT_B: rs[0] = u->rs1, rs[1] = u->rs2; break;
    case FMT_U: case FMT_J: rd[0] = u->rd; break;
    case FMT_AMO: rd[0] = u->rd, rs[0] = u->rs1, rs[1] = u->op == UOP_LR_W ? 0 : u->rs2; break;
    default: break;
    }
}

void xl_block_cost_of(const uisa_uop *steps, uint32_t n, const xl_cost_facts *f,
                      xl_block_cost *c)
{
    memset(c, 0, sizeof *c);
    uint8_t written[32] = {0}, live_in[32] = {0};
    int last_write[32];
    for (int r = 0; r < 32; r++)
        last_write[r] = -1;
    uint32_t arith = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint8_t rd, rs[2];
        regs_of(&steps[k], &rd, rs);
        for (int j = 0; j < 2; j++)
            if (rs[j] && !written[rs[j]])
                live_in[rs[j]] = 1;
        if (rd)
            written[rd] = 1, last_write[rd] = (int)k;
        c->base_cols += f->row_cols[steps[k].op];
        arith += f->arith_cols[steps[k].op];
    }
    for (uint32_t k = 0; k < n; k++) { /* a value overwritten later in the block */
        uint8_t rd, rs[2];
        regs_of(&steps[k], &rd, rs);
        if (rd && last_write[rd] != (int)k)
            c->inter++;
    }
    for (int r = 1; r < 32; r++) {
        if (written[r])
            c->writes++;
        else if (live_in[r])
            c->reads++;
    }
    c->block_cols = f->chain_cols + c->reads * f->read_cols + c->writes * f->write_cols + arith +
                    c->inter;
}

typedef struct cand {
    uint32_t slot, n;
    uint64_t execs;
    xl_block_cost cost;
    int64_t benefit; /* modelled cells saved over the run, net of the chip's fixed costs */
} cand;

/* The block chip's padding rows for x executions. The height is the next
 * power of two of the executions on the input that is proved, which the
 * profile does not know (a list made on a small input proves larger ones):
 * over heights spread evenly in log scale a power-of-two table pads by
 * 1/ln 2 - 1 = 0.443 of its rows on average, so that is charged, and at least
 * up to the prover's smallest table. */
static uint64_t pad_rows(uint64_t x)
{
    return x < XL_MIN_HEIGHT ? XL_MIN_HEIGHT - x : x * 443 / 1000;
}

/* Saved cells per execution x executions, minus the chip's padding rows and
 * its columns' fixed cost. */
static int64_t benefit_of(const cand *c)
{
    int64_t per = (int64_t)c->cost.base_cols - (int64_t)c->cost.block_cols;
    if (per <= 0 || !c->execs)
        return 0;
    return per * (int64_t)c->execs -
           (int64_t)c->cost.block_cols * (int64_t)(pad_rows(c->execs) + XL_COL_FIXED_CELLS);
}

/* Best saving per column first; ties by pc (so the order is total). */
static int by_rank(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    __int128 l = (__int128)x->benefit * y->cost.block_cols;
    __int128 r = (__int128)y->benefit * x->cost.block_cols;
    if (l != r)
        return l > r ? -1 : 1;
    return (x->slot > y->slot) - (x->slot < y->slot);
}

static void steps_at(const uisa_program *p, uint32_t i, uint32_t n, uisa_uop *out)
{
    for (uint32_t k = 0; k < n; k++) {
        out[k] = p->slots[i];
        i += p->slots[i].len >> p->slot_shift;
    }
}

static uint64_t retired(const uisa_program *p, const uint64_t *counts)
{
    uint64_t t = 0;
    for (uint32_t i = 0; i < p->n_slots; i++)
        t += counts[i] * p->slots[i].ninsn;
    return t;
}

static void write_list(const uisa_program *p, const cand *c, uint32_t nc, const uint8_t *take,
                       uint32_t columns, const xl_suggest_stats *st, FILE *f)
{
    fprintf(f, "# uvm block list (xlate --suggest-blocks; format and model: docs/blocks.md)\n");
    fprintf(f, "# profile: %llu instructions retired; %u of %u candidate blocks chosen, "
            "%u of %u block-chip columns\n", (unsigned long long)st->insns, st->chosen,
            st->candidates, st->columns, columns);
    fprintf(f, "# covered: %llu instructions retired inside chosen blocks (%.1f%%); "
            "modelled saving %lld cells\n", (unsigned long long)st->covered,
            st->insns ? 100.0 * (double)st->covered / (double)st->insns : 0.0,
            (long long)st->saving);
    fprintf(f, "# pc        count  saving        execs  base_cols block_cols reads writes inter\n");
    for (uint32_t k = 0; k < nc; k++)
        if (take[k])
            fprintf(f, "0x%08x %5u  %-12lld %8llu %9u %10u %5u %6u %5u\n",
                    p->code_base + (c[k].slot << p->slot_shift), c[k].n,
                    (long long)c[k].benefit, (unsigned long long)c[k].execs, c[k].cost.base_cols,
                    c[k].cost.block_cols, c[k].cost.reads, c[k].cost.writes, c[k].cost.inter);
}

int xl_suggest_blocks(const uisa_program *p, const uint64_t *counts, const xl_cost_facts *facts,
                      uint32_t columns, FILE *f, xl_suggest_stats *st, uvm_err *err)
{
    memset(st, 0, sizeof *st);
    xl_bb *bb;
    uint32_t nbb;
    if (xl_basic_blocks(p, &bb, &nbb, err))
        return -1;
    cand *c = calloc(nbb ? nbb : 1, sizeof *c);
    uint8_t *take = calloc(nbb ? nbb : 1, 1);
    if (!c || !take) {
        free(bb), free(c), free(take);
        return uvm_errf(err, "blocks: out of memory for %u candidates", nbb);
    }
    uint32_t nc = 0;
    for (uint32_t k = 0; k < nbb; k++) {
        uisa_uop steps[UISA_BLOCK_MAX];
        cand *x = &c[nc];
        *x = (cand){bb[k].slot, bb[k].n, counts[bb[k].slot], {0}, 0};
        if (!x->execs)
            continue;
        steps_at(p, x->slot, x->n, steps);
        xl_block_cost_of(steps, x->n, facts, &x->cost);
        x->benefit = benefit_of(x);
        nc += x->benefit > 0;
    }
    qsort(c, nc, sizeof *c, by_rank);
    st->insns = retired(p, counts);
    st->candidates = nbb;
    for (uint32_t k = 0; k < nc; k++) {
        if (st->columns + c[k].cost.block_cols > columns)
            continue;
        take[k] = 1;
        st->columns += c[k].cost.block_cols;
        st->chosen++;
        st->covered += c[k].execs * c[k].n;
        st->saving += c[k].benefit;
    }
    write_list(p, c, nc, take, columns, st, f);
    free(bb), free(c), free(take);
    return ferror(f) ? uvm_errf(err, "blocks: error writing the block list") : 0;
}
