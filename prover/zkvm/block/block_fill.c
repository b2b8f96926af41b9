/* block_fill.c — one row of a block chip from one execution: the register
 * and memory accesses through the caller's callback, each step's cells by
 * its piece's witness filler, on the cells block_chip.c laid out.
 * Invariant: the walk here takes the same branches as walk_block (a value is
 * a constant exactly when it was one at generation), so it fills exactly the
 * cells the constraints read and counts exactly the lookups they make. */
#include <string.h>

#include "block_int.h"

/* A value during the fill, and whether the generator knew it as a constant. */
typedef struct fval {
    int is_k;
    uint32_t v;
} fval;

typedef struct fill {
    const block_chip *b;
    int real;
    uint64_t ts;
    block_mem_fn fn;
    void *ctx;
    zk_wctx *w;
    gl_t *row;
    uvm_err *err;
    block_out *out;           /* its reads are logged (real) or replayed (padding) */
    const block_out *replay;
    unsigned n_read;
    fval cur[33];
} fill;

static fval known(uint32_t v) { return (fval){1, v}; }
static fval var(uint32_t v) { return (fval){0, v}; }

/* One access's read half: old value and previous timestamp; logged in
 * out->reads on a real row, taken from the replayed execution's log on a
 * padding row (0, 0 without one). */
static int acc_read(fill *f, uint64_t key, uint32_t *old, uint64_t *prev, int *ro)
{
    block_access a = {.key = key};
    *old = 0, *prev = 0, *ro = 0;
    if (!f->real) {
        if (f->replay && f->n_read < f->replay->n_reads) {
            const block_access *r = &f->replay->reads[f->n_read++];
            *old = r->val, *prev = r->ts, *ro = r->ro;
        }
        return 0;
    }
    if (f->fn(f->ctx, &a))
        return uvm_errf(f->err, "block %s: ts %llu: key 0x%llx cannot be accessed", f->b->name,
                        (unsigned long long)f->ts, (unsigned long long)key);
    if (f->out->n_reads < BLOCK_MAX_READS)
        f->out->reads[f->out->n_reads++] = a;
    *old = a.val, *prev = a.ts, *ro = a.ro;
    return 0;
}

/* The write half at sub-step k, and the limbs of now - prev - 1 at la. */
static int acc_write(fill *f, uint64_t key, uint32_t val, uint64_t prev, unsigned k, unsigned la)
{
    if (!f->real)
        return 0;
    uint64_t now = 4 * f->ts + k;
    if (prev >= now || now - prev - 1 >= (1ull << 32))
        return uvm_errf(f->err, "block: access of key 0x%llx at %llu after one at %llu",
                        (unsigned long long)key, (unsigned long long)now, (unsigned long long)prev);
    zk_limbs(f->row, la, (uint32_t)(now - prev - 1));
    block_access a = {.key = key, .write = 1, .val = val, .ts = now};
    return f->fn(f->ctx, &a) ? uvm_errf(f->err, "block: key 0x%llx cannot be written",
                                        (unsigned long long)key)
                             : 0;
}

static uint32_t fill_flip(fill *f, fval a, unsigned cell)
{
    uint32_t af = a.v ^ 0x80000000u;
    if (!a.is_k) {
        f->row[cell] = a.v >> 31;
        zk_limbs(f->row, cell + 1, af);
    }
    return af;
}

static int fill_lt(fill *f, const blk_step *s, fval a, fval b, int sg)
{
    uint32_t x = sg ? fill_flip(f, a, s->c_fa) : a.v, y = sg ? fill_flip(f, b, s->c_fb) : b.v;
    int lt = zk_fill_ltu(f->row, x, y, s->c_dlo);
    f->row[s->c_bit] = lt;
    return lt;
}

static fval fill_alu(fill *f, const blk_step *s, fval a, fval b)
{
    zk_op op = (zk_op)s->pr.op;
    if (a.is_k && b.is_k)
        return known(block_alu_value(op, a.v, b.v));
    if (op == ZK_ADD || op == ZK_SUB || op == ZK_ADDI)
        return var(zk_fill_add(f->row, a.v, b.v, op == ZK_SUB, s->base + ADD_C, s->base + ADD_LO));
    if (op == ZK_MUL || op == ZK_MULHU) {
        uint32_t hi, lo = zk_fill_mul(f->row, s->base, a.v, b.v, &hi);
        return var(op == ZK_MUL ? lo : hi);
    }
    if (block_is_div(op))
        return var(zk_fill_div(f->row, s->base, op, a.v, b.v));
    if (block_is_logic(op))
        return var(zk_fill_logic(f->w, f->row, s->base, op, a.v, b.v));
    if (block_is_shift(op))
        return var(zk_fill_shift(f->w, f->row, s->sh, op, a.v, b.v));
    return var((uint32_t)fill_lt(f, s, a, b, op == ZK_SLT));
}

/* A load or store at sub-step 4*i + 3: LW/SW need an aligned word, the
 * others their bytes inside one word (else the base rows prove it). */
static int fill_mem(fill *f, const blk_step *s, unsigned i, fval *v)
{
    zk_op op = (zk_op)s->pr.op;
    fval a = f->cur[s->pr.rs1];
    uint64_t sum = (uint64_t)a.v + s->pr.imm;
    uint32_t addr = (uint32_t)sum, old, lane = addr & 3, lanes = op != ZK_LW && op != ZK_SW;
    uint64_t prev, key = ZK_KEY_RAM(addr - lane);
    int ro, store = op == ZK_SW || op == ZK_SB || op == ZK_SH;
    unsigned base = s->c_mem;
    if (f->real && lane + (lanes ? zk_mem_size(op) : 4) > 4)
        return uvm_errf(f->err, "block %s: pc 0x%08x: access at 0x%08x not inside one 4-aligned word",
                        f->b->name, s->pr.pc, addr);
    f->row[base] = sum >> 32; /* LS_C: the first cell of every layout */
    if (acc_read(f, key, &old, &prev, &ro))
        return -1;
    if (ro && store && f->real)
        return uvm_errf(f->err, "block %s: pc 0x%08x: store to read-only 0x%08x", f->b->name,
                        s->pr.pc, addr);
    uint32_t nw = old, v2 = f->cur[s->pr.rs2].v;
    if (!lanes) { /* LW: C, TG, W, TM, LA; SW: C, OLD, TM, LA */
        f->row[base + 1] = store ? old : (gl_t)ro;
        f->row[base + 2] = store ? prev : old;
        if (!store)
            f->row[base + 3] = prev;
        nw = store ? v2 : old;
        *v = store ? known(0) : var(old);
        return acc_write(f, key, nw, prev, 4 * i + 3, base + (store ? 3 : 4));
    }
    f->row[base + LS_TM] = prev;
    if (store) {
        f->row[base + LS_OLD] = old;
        nw = zk_fill_store(f->w, f->row, base, op, addr, old, v2);
        *v = known(0);
    } else {
        f->row[base + LD_TG] = ro;
        f->row[base + LD_W] = old;
        *v = var(zk_fill_load(f->w, f->row, base, op, addr, old));
    }
    return acc_write(f, key, nw, prev, 4 * i + 3, base + LS_LA);
}

static fval fill_control(fill *f, const blk_step *s)
{
    zk_op op = (zk_op)s->pr.op;
    fval a = f->cur[s->pr.rs1];
    if (op == ZK_JALR)
        return a.is_k ? known((a.v + s->pr.imm) & ~1u)
                      : var(zk_fill_jump(f->row, s->base, a.v, s->pr.imm));
    fval b = f->cur[s->pr.rs2];
    int taken = block_taken(op, a.v, b.v);
    if (a.is_k && b.is_k)
        return known(taken ? s->pr.imm : s->pr.npc);
    if (op == ZK_BEQ || op == ZK_BNE)
        zk_fill_eq(f->row, a.v, b.v, s->c_dlo, s->c_bit);
    else
        fill_lt(f, s, a, b, op == ZK_BLT || op == ZK_BGE);
    return var(taken ? s->pr.imm : s->pr.npc);
}

static int fill_steps(fill *f, block_out *out)
{
    const block_chip *b = f->b;
    out->next = b->fall;
    for (unsigned i = 0; i < b->n_steps; i++) {
        const blk_step *s = &b->st[i];
        zk_op op = (zk_op)s->pr.op;
        fval v = known(0);
        if (block_is_mem(op)) {
            if (fill_mem(f, s, i, &v))
                return -1;
        } else if (block_is_alu(op) && s->pr.rd != ZK_SINK) {
            const zk_prow *pr = &s->pr;
            v = fill_alu(f, s, f->cur[pr->rs1], pr->rs2 ? f->cur[pr->rs2] : known(pr->imm));
        } else if (op == ZK_JALR || block_is_branch(op)) {
            out->next = fill_control(f, s).v;
        }
        if (op == ZK_JALR)
            v = known(s->pr.npc);
        if (s->pr.rd != ZK_SINK)
            f->cur[s->pr.rd] = v;
    }
    return 0;
}

static int fill_row(fill *f, block_out *out)
{
    const block_chip *b = f->b;
    uint32_t old[32];
    uint64_t prev[32];
    for (unsigned r = 0; r < 33; r++)
        f->cur[r] = known(0);
    f->row[COL_REAL] = f->real;
    f->row[C_TS] = f->real ? f->ts : 0;
    for (unsigned j = 0; j < b->n_regs; j++) {
        const blk_reg *g = &b->reg[j];
        int ro;
        if (acc_read(f, ZK_KEY_REG(g->r), &old[j], &prev[j], &ro))
            return -1;
        f->row[g->c_v] = old[j];
        f->row[g->c_t] = prev[j];
        if (g->live_in)
            f->cur[g->r] = var(old[j]);
    }
    if (fill_steps(f, out))
        return -1;
    for (unsigned j = 0; j < b->n_regs; j++) {
        const blk_reg *g = &b->reg[j];
        uint32_t v = g->written ? f->cur[g->r].v : old[j];
        if (acc_write(f, ZK_KEY_REG(g->r), v, prev[j], g->k, g->c_la))
            return -1;
        if (g->written)
            out->written |= 1u << g->r, out->regs[g->r] = v;
    }
    return 0;
}

int block_chip_fill(const block_chip *b, int real, uint64_t ts, block_mem_fn fn, void *ctx,
                    zk_wctx *w, gl_t *row, block_out *out, uvm_err *err)
{
    memset(out, 0, sizeof *out);
    fill f = {.b = b, .real = real && fn, .ts = ts, .fn = fn, .ctx = ctx, .w = w, .row = row,
              .err = err, .out = out};
    return fill_row(&f, out);
}

int block_chip_pad(const block_chip *b, const block_out *from, zk_wctx *w, gl_t *row,
                   uvm_err *err)
{
    block_out out;
    memset(&out, 0, sizeof out);
    fill f = {.b = b, .w = w, .row = row, .err = err, .out = &out, .replay = from};
    return fill_row(&f, &out);
}
