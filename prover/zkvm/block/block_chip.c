/* block_chip.c — generating a block chip (block_chip.h): decode the steps,
 * find each register's live-in read and last write, lay out the columns,
 * then emit each step's piece on the values the earlier steps left.
 * Invariant: one walk (walk_block) both lays the columns out (plan: no chip)
 * and emits the constraints (build), so the layout the filler reads is the
 * one the constraints use. */
#include <stdlib.h>
#include <string.h>

#include "block_int.h"

_Static_assert(C_TS == 1, "zk_mem_access reads the timestamp from column C_TS");

/* A value in the walk: a constant (x0, immediates, folded ops) or an expression. */
typedef struct bval {
    int is_k;
    uint32_t k;
    air_expr e;
} bval;

typedef struct walk {
    block_chip *b;
    air_chip *c;              /* NULL: plan (lay out only) */
    unsigned next;
    int step;                 /* the step whose cells are handed out, -1: none */
    bval cur[33];
} walk;

static bval konst(uint32_t k) { return (bval){1, k, -1}; }
static air_expr ex(air_chip *c, bval v) { return v.is_k ? K(v.k) : v.e; }

/* n fresh columns named "s<step>.<what><i>" (plan: recorded). */
static unsigned cols(walk *w, unsigned n, const char *what)
{
    unsigned first = w->next;
    char pre[16] = "";
    if (w->step >= 0)
        snprintf(pre, sizeof pre, "s%d.", w->step);
    for (unsigned i = 0; w->c == NULL && i < n && first + i < BLOCK_MAX_COLS; i++)
        snprintf(w->b->col[first + i], sizeof w->b->col[0], n > 1 ? "%s%s%u" : "%s%s", pre,
                 what, i);
    w->next += n;
    return first;
}

/* The R16 facts of the chip, recorded at plan time for the witness. */
static void r16(walk *w, unsigned col)
{
    if (!w->c && w->b->n_r16 < BLOCK_MAX_COLS)
        w->b->r16[w->b->n_r16++] = col;
}
static void r16_dbl(walk *w, unsigned col)
{
    if (!w->c && w->b->n_dbl < BLOCK_MAX_STEPS)
        w->b->dbl[w->b->n_dbl++] = col;
}

/* ---- the ops' values (folding, and the filler: block_int.h) ---- */

uint32_t block_alu_value(zk_op op, uint32_t a, uint32_t b)
{
    switch (op) {
    case ZK_ADD: case ZK_ADDI: return a + b;
    case ZK_SUB: return a - b;
    case ZK_XOR: return a ^ b;
    case ZK_OR: return a | b;
    case ZK_AND: return a & b;
    case ZK_SLL: return a << (b & 31);
    case ZK_SRL: return a >> (b & 31);
    case ZK_SRA: return (uint32_t)((int32_t)a >> (b & 31));
    case ZK_SLT: return (int32_t)a < (int32_t)b;
    case ZK_SLTU: return a < b;
    case ZK_MUL: return a * b;
    case ZK_MULHU: return (uint32_t)((uint64_t)a * b >> 32);
    case ZK_DIVU: return b ? a / b : ~0u;
    case ZK_REMU: return b ? a % b : a;
    case ZK_DIV:
        return !b ? ~0u : a == 0x80000000u && b == ~0u ? a : (uint32_t)((int32_t)a / (int32_t)b);
    case ZK_REM:
        return !b ? a : a == 0x80000000u && b == ~0u ? 0 : (uint32_t)((int32_t)a % (int32_t)b);
    default: return 0;
    }
}

int block_taken(zk_op op, uint32_t a, uint32_t b)
{
    switch (op) {
    case ZK_BEQ: return a == b;
    case ZK_BNE: return a != b;
    case ZK_BLT: return (int32_t)a < (int32_t)b;
    case ZK_BGE: return (int32_t)a >= (int32_t)b;
    case ZK_BLTU: return a < b;
    default: return a >= b;
    }
}

int block_is_alu(zk_op op)
{
    return (op >= ZK_ADD && op <= ZK_SRA && !(op >= ZK_BEQ && op <= ZK_BGEU)) || op == ZK_MUL
           || op == ZK_MULHU || block_is_div(op);
}
int block_is_branch(zk_op op) { return op >= ZK_BEQ && op <= ZK_BGEU; }
int block_is_shift(zk_op op) { return op == ZK_SLL || op == ZK_SRL || op == ZK_SRA; }
int block_is_div(zk_op op) { return op == ZK_DIV || op == ZK_DIVU || op == ZK_REM || op == ZK_REMU; }
int block_is_mem(zk_op op) { return op >= ZK_LB && op <= ZK_SB; }
int block_is_logic(zk_op op) { return op == ZK_XOR || op == ZK_OR || op == ZK_AND; }

/* The second operand: rs2's value for the register forms, the immediate else. */
static bval operand_b(const walk *w, const zk_prow *pr)
{
    return pr->rs2 ? w->cur[pr->rs2] : konst(pr->imm);
}

/* ---- one step's constraints ---- */

/* a xor 2^31 for a signed compare: a constant flips at generation time. */
static air_expr flipped(walk *w, bval a, unsigned *cell, const char *what)
{
    air_chip *c = w->c;
    if (a.is_k) {
        *cell = ZK_NO_COL;
        return K(a.k ^ 0x80000000u);
    }
    *cell = cols(w, 3, what);
    r16(w, *cell + 1), r16(w, *cell + 2);
    return zk_flip(c, a.e, K(1), *cell, *cell + 1, *cell + 2, "flip");
}

/* lt = [a <s b] (SLT, BLT, BGE) or [a <u b]: a column, constrained by zk_op_ltu. */
static air_expr compare_lt(walk *w, blk_step *s, bval a, bval b, int sg)
{
    air_chip *c = w->c;
    air_expr ea = sg ? flipped(w, a, &s->c_fa, "sa") : ex(c, a);
    air_expr eb = sg ? flipped(w, b, &s->c_fb, "sb") : ex(c, b);
    s->c_bit = cols(w, 1, "lt");
    s->c_dlo = cols(w, 2, "d");
    r16(w, s->c_dlo), r16(w, s->c_dlo + 1);
    return zk_op_ltu(c, ea, eb, M(s->c_bit), s->c_dlo);
}

static bval step_alu(walk *w, blk_step *s, bval a, bval b)
{
    air_chip *c = w->c;
    zk_op op = (zk_op)s->pr.op;
    if (a.is_k && b.is_k)
        return konst(block_alu_value(op, a.k, b.k));
    if (op == ZK_ADD || op == ZK_SUB || op == ZK_ADDI) {
        s->base = cols(w, ADD_N, "add.");
        r16(w, s->base + ADD_LO), r16(w, s->base + ADD_HI);
        air_expr sgn = op == ZK_SUB ? K(GL_P - 1) : K(1);
        return (bval){0, 0, zk_op_add(c, ex(c, a), ex(c, b), sgn, -1, s->base)};
    }
    if (op == ZK_MUL || op == ZK_MULHU) {
        air_expr hi;
        s->base = cols(w, MU_INV + 1, "mul.");
        for (unsigned k = MU_LO0; k <= MU_HI1; k++)
            r16(w, s->base + k);
        air_expr lo = zk_op_mul(c, ex(c, a), ex(c, b), K(1), s->base, &hi);
        return (bval){0, 0, op == ZK_MUL ? lo : hi};
    }
    if (block_is_div(op)) {
        static const unsigned lim[] = {DV_ALO, DV_AHI, DV_BLO, DV_BHI, DV_Q0, DV_Q1, DV_R0,
                                       DV_R1, DV_D0, DV_D1, DV_VL, DV_VH};
        air_expr sel[4] = {K(op == ZK_DIV), K(op == ZK_DIVU), K(op == ZK_REM), K(op == ZK_REMU)};
        s->base = cols(w, DV_N, "div.");
        for (unsigned i = 0; i < sizeof lim / sizeof lim[0]; i++)
            r16(w, s->base + lim[i]);
        return (bval){0, 0, zk_op_div(c, ex(c, a), ex(c, b), sel, K(1), s->base, -1)};
    }
    if (block_is_logic(op)) {
        s->base = cols(w, LG_N, "logic.");
        return (bval){0, 0, zk_op_logic(c, ex(c, a), ex(c, b), NULL, op, -1, s->base, K(1))};
    }
    if (block_is_shift(op)) {
        static const unsigned lim[] = {SH_BQL, SH_BQH, SH_VL, SH_VH, SH_HL, SH_ALO, SH_AHI,
                                       SH_QL, SH_QH, SH_RL, SH_RH, SH_GL, SH_GH};
        s->amt = b.is_k ? (int)(b.k & 31) : -1;
        unsigned n = zk_shift_cols(op, s->amt, w->next, s->sh);
        cols(w, n, "shift.");
        for (unsigned i = 0; i < sizeof lim / sizeof lim[0]; i++)
            if (s->sh[lim[i]] != ZK_NO_COL)
                r16(w, s->sh[lim[i]]);
        if (s->sh[SH_HH] != ZK_NO_COL)
            r16_dbl(w, s->sh[SH_HH]);
        return (bval){0, 0, zk_op_shift(c, ex(c, a), ex(c, b), NULL, op, s->amt, -1, s->sh, K(1))};
    }
    return (bval){0, 0, compare_lt(w, s, a, b, op == ZK_SLT)};
}

/* The key of a word access: a + imm + 2^32*(1 - C), C the boolean carry. */
static air_expr word_key(air_chip *c, bval a, uint32_t imm, unsigned cc)
{
    air_expr carry = zk_bool(c, "carry_bool", M(cc));
    return ADD(ADD(ex(c, a), K(imm)), SC(SUB(K(1), carry), ZK_TWO32));
}

/* LB, LBU, LH, LHU, SB, SH: the load or store chip's lane piece on the load
 * (LD_N) or store (ST_N) layout, its selectors constants. */
static bval step_lanes(walk *w, blk_step *s, unsigned k, air_expr real)
{
    air_chip *c = w->c;
    zk_op op = (zk_op)s->pr.op;
    bval a = w->cur[s->pr.rs1];
    if (op == ZK_SB || op == ZK_SH) {
        s->c_mem = cols(w, ST_N, "st.");
        r16(w, s->c_mem + LS_LA), r16(w, s->c_mem + LS_LB), r16(w, s->c_mem + ST_R);
        air_expr sel[3] = {K(0), K(op == ZK_SB), K(op == ZK_SH)};
        zk_op_store(c, s->c_mem, sel, real, word_key(c, a, s->pr.imm, s->c_mem + LS_C),
                    ex(c, w->cur[s->pr.rs2]), k);
        return konst(0);
    }
    s->c_mem = cols(w, LD_N, "ld.");
    r16(w, s->c_mem + LS_LA), r16(w, s->c_mem + LS_LB);
    air_expr sel[5] = {K(0), K(op == ZK_LB), K(op == ZK_LH), K(op == ZK_LBU), K(op == ZK_LHU)};
    air_expr addr = word_key(c, a, s->pr.imm, s->c_mem + LS_C);
    return (bval){0, 0, zk_op_load(c, s->c_mem, sel, real, addr, k, -1)};
}

/* LW: C, TG, W, TM, LA, LB; the loaded word W is the value. SW: C, OLD, TM,
 * LA, LB; the word written is rs2's value. Both at sub-step 4*i + 3. */
static bval step_mem(walk *w, blk_step *s, unsigned i, air_expr real)
{
    air_chip *c = w->c;
    zk_op op = (zk_op)s->pr.op;
    bval a = w->cur[s->pr.rs1];
    unsigned k = 4 * i + 3;
    if (op == ZK_LW) {
        s->c_mem = cols(w, 6, "lw.");
        r16(w, s->c_mem + 4), r16(w, s->c_mem + 5);
        air_expr key = zk_ro_key(c, word_key(c, a, s->pr.imm, s->c_mem), s->c_mem + 1);
        air_expr word = M(s->c_mem + 2);
        zk_mem_access(c, "mem_ts", real, key, word, M(s->c_mem + 3), word, k, s->c_mem + 4,
                      s->c_mem + 5);
        return (bval){0, 0, word};
    }
    if (op != ZK_SW)
        return step_lanes(w, s, k, real);
    s->c_mem = cols(w, 5, "sw.");
    r16(w, s->c_mem + 3), r16(w, s->c_mem + 4);
    air_expr key = word_key(c, a, s->pr.imm, s->c_mem);
    zk_mem_access(c, "mem_ts", real, key, M(s->c_mem + 1), M(s->c_mem + 2),
                  ex(c, w->cur[s->pr.rs2]), k, s->c_mem + 3, s->c_mem + 4);
    return konst(0);
}

/* The last step's next pc: a branch picks the target or the fall-through by
 * its condition bit, JALR computes an even target (zk_op_jump). */
static bval step_control(walk *w, blk_step *s)
{
    air_chip *c = w->c;
    zk_op op = (zk_op)s->pr.op;
    bval a = w->cur[s->pr.rs1];
    if (op == ZK_JALR) {
        if (a.is_k)
            return konst((a.k + s->pr.imm) & ~1u);
        s->base = cols(w, JP_N, "jump.");
        r16(w, s->base + JP_QL), r16_dbl(w, s->base + JP_QH);
        return (bval){0, 0, zk_op_jump(c, a.e, K(s->pr.imm), s->base)};
    }
    bval b = w->cur[s->pr.rs2];
    uint32_t fall = s->pr.npc, target = s->pr.imm;
    if (a.is_k && b.is_k)
        return konst(block_taken(op, a.k, b.k) ? target : fall);
    air_expr cond;
    int negate = op == ZK_BNE || op == ZK_BGE || op == ZK_BGEU;
    if (op == ZK_BEQ || op == ZK_BNE) {
        s->c_dlo = cols(w, 1, "inv");
        s->c_bit = cols(w, 1, "eq");
        cond = zk_op_eq(c, ex(c, a), ex(c, b), s->c_dlo, s->c_bit);
        /* the inverse is free when the operands are equal: pin it to 0 there,
         * so no cell of a block row is free (zk_fill_eq writes 0) */
        air_constrain(c, AIR_ALL_ROWS, "inv_zero", MUL(cond, M(s->c_dlo)));
    } else {
        cond = compare_lt(w, s, a, b, op == ZK_BLT || op == ZK_BGE);
    }
    air_expr taken = negate ? SUB(K(1), cond) : cond;
    return (bval){0, 0, ADD(K(fall), MUL(taken, K(gl_sub(target, fall))))};
}

/* ---- the walk ---- */

/* The registers' accesses: their columns, and the live-ins as values. */
static void walk_regs(walk *w)
{
    block_chip *b = w->b;
    for (unsigned j = 0; j < b->n_regs; j++) {
        blk_reg *g = &b->reg[j];
        char nm[16];
        snprintf(nm, sizeof nm, "x%u.%s", g->r, g->live_in ? "in" : "old");
        g->c_v = cols(w, 1, nm);
        snprintf(nm, sizeof nm, "x%u.t", g->r);
        g->c_t = cols(w, 1, nm);
        snprintf(nm, sizeof nm, "x%u.d", g->r);
        g->c_la = cols(w, 2, nm);
        r16(w, g->c_la), r16(w, g->c_la + 1);
        if (g->live_in)
            w->cur[g->r] = (bval){0, 0, air_main(w->c, g->c_v)};
    }
}

/* Lays out (c NULL) or builds (c) the whole chip; returns the next pc. */
static bval walk_block(block_chip *b, air_chip *c)
{
    walk w = {.b = b, .c = c, .step = -1};
    for (unsigned r = 0; r < 33; r++)
        w.cur[r] = konst(0);
    cols(&w, 1, "real");
    cols(&w, 1, "ts");
    air_expr real = zk_bool(c, "real_bool", M(COL_REAL));
    walk_regs(&w);
    bval next = konst(b->fall);
    for (unsigned i = 0; i < b->n_steps; i++) {
        blk_step *s = &b->st[i];
        zk_op op = (zk_op)s->pr.op;
        bval v = konst(0);
        w.step = (int)i;
        if (block_is_mem(op))
            v = step_mem(&w, s, i, real);
        else if (block_is_alu(op) && s->pr.rd != ZK_SINK)
            v = step_alu(&w, s, w.cur[s->pr.rs1], operand_b(&w, &s->pr));
        else if (op == ZK_JALR || block_is_branch(op))
            next = step_control(&w, s);
        if (op == ZK_JALR)
            v = konst(s->pr.npc); /* the link */
        if (s->pr.rd != ZK_SINK)
            w.cur[s->pr.rd] = v;
    }
    for (unsigned j = 0; j < b->n_regs; j++) {
        const blk_reg *g = &b->reg[j];
        air_expr key = K(ZK_KEY_REG(g->r)), v = M(g->c_v);
        zk_mem_access(c, "reg_ts", real, key, v, M(g->c_t), g->written ? ex(c, w.cur[g->r]) : v,
                      g->k, g->c_la, g->c_la + 1);
    }
    air_expr ein[2] = {K(b->pc), M(C_TS)}, eout[2] = {ex(c, next), ADD(M(C_TS), K(b->n_steps))};
    air_receive(c, BUS_EXEC, ein, 2, real);
    air_send(c, BUS_EXEC, eout, 2, real);
    if (!c)
        b->n_cols = w.next;
    return next;
}

/* ---- planning ---- */

static int supported(zk_op op)
{
    return block_is_alu(op) || block_is_branch(op) || op == ZK_JALR || block_is_mem(op);
}

static void use_reg(block_chip *b, unsigned r, unsigned k, int write)
{
    if (r == 0 || r == ZK_SINK)
        return;
    if (b->reg_ix[r] < 0) {
        b->reg_ix[r] = (int)b->n_regs;
        b->reg[b->n_regs++] = (blk_reg){.r = (uint8_t)r, .live_in = (uint8_t)!write};
    }
    blk_reg *g = &b->reg[b->reg_ix[r]];
    g->written |= (uint8_t)write;
    if (k > g->k)
        g->k = k;
}

/* Registers in number order, so the layout does not depend on first use. */
static void sort_regs(block_chip *b)
{
    for (unsigned i = 1; i < b->n_regs; i++)
        for (unsigned j = i; j > 0 && b->reg[j].r < b->reg[j - 1].r; j--) {
            blk_reg t = b->reg[j];
            b->reg[j] = b->reg[j - 1];
            b->reg[j - 1] = t;
        }
    for (unsigned j = 0; j < b->n_regs; j++)
        b->reg_ix[b->reg[j].r] = (int)j;
}

static int decode_steps(block_chip *b, const uisa_uop *steps, unsigned n, uvm_err *err)
{
    uint32_t pc = b->pc;
    for (unsigned i = 0; i < n; i++) {
        const char *why = NULL;
        zk_prow *pr = &b->st[i].pr;
        zk_op op = zk_decode(&steps[i], pc, pr, &why);
        if (steps[i].op >= UOP_COUNT)
            return uvm_errf(err, "block %s: step %u at 0x%08x: unknown uop %u", b->name, i, pc,
                            steps[i].op);
        if (uisa_ops[steps[i].op].tier != TIER_BASE || !supported(op))
            return uvm_errf(err, "block %s: step %u at 0x%08x: %s not supported in a block%s%s",
                            b->name, i, pc, uisa_ops[steps[i].op].name, why ? ": " : "",
                            why ? why : "");
        if ((op == ZK_JALR || block_is_branch(op)) && i + 1 != n)
            return uvm_errf(err, "block %s: step %u at 0x%08x: control flow before the last step",
                            b->name, i, pc);
        pc += steps[i].len;
        if (block_is_alu(op) && pr->rd == ZK_SINK)
            continue; /* no effect, cannot fault: the walk skips it */
        use_reg(b, pr->rs1, 4 * i + 1, 0);
        use_reg(b, pr->rs2, 4 * i + 2, 0);
        if (pr->rd != ZK_SINK)
            use_reg(b, pr->rd, 4 * i + 4, 1);
    }
    b->fall = pc;
    return 0;
}

block_chip *block_chip_new(const char *name, uint32_t pc, const uisa_uop *steps, unsigned n,
                           uvm_err *err)
{
    if (!name || !*name || strlen(name) >= sizeof((block_chip *)0)->name || strchr(name, '/')) {
        uvm_errf(err, "block: bad chip name");
        return NULL;
    }
    if (n == 0 || n > BLOCK_MAX_STEPS) {
        uvm_errf(err, "block %s: %u steps (1..%u)", name, n, BLOCK_MAX_STEPS);
        return NULL;
    }
    block_chip *b = calloc(1, sizeof *b);
    if (!b) {
        uvm_errf(err, "block %s: out of memory", name);
        return NULL;
    }
    snprintf(b->name, sizeof b->name, "%s", name);
    b->pc = pc;
    b->n_steps = n;
    for (unsigned r = 0; r < 33; r++)
        b->reg_ix[r] = -1;
    if (decode_steps(b, steps, n, err)) {
        free(b);
        return NULL;
    }
    sort_regs(b);
    walk_block(b, NULL);
    if (b->n_cols > BLOCK_MAX_COLS) {
        uvm_errf(err, "block %s: %u columns (at most %u)", name, b->n_cols, BLOCK_MAX_COLS);
        free(b);
        return NULL;
    }
    return b;
}

void block_chip_free(block_chip *b) { free(b); }

air_chip *block_chip_build(const block_chip *b, air_system *sys)
{
    air_chip *c = air_chip_new(sys, b->name, b->n_cols, 0);
    if (c)
        walk_block((block_chip *)b, c); /* c != NULL: the walk writes nothing into b */
    return c;
}

unsigned block_chip_width(const block_chip *b) { return b->n_cols; }
unsigned block_chip_steps(const block_chip *b) { return b->n_steps; }
uint32_t block_chip_fallthrough(const block_chip *b) { return b->fall; }

static unsigned copy_cols(const unsigned *from, unsigned n, unsigned *cols, unsigned max)
{
    for (unsigned i = 0; i < n && i < max; i++)
        cols[i] = from[i];
    return n < max ? n : max;
}

unsigned block_chip_r16(const block_chip *b, unsigned *cols, unsigned max)
{
    return copy_cols(b->r16, b->n_r16, cols, max);
}

unsigned block_chip_r16_doubled(const block_chip *b, unsigned *cols, unsigned max)
{
    return copy_cols(b->dbl, b->n_dbl, cols, max);
}

const char *block_chip_col_name(const block_chip *b, unsigned col)
{
    return col < b->n_cols ? b->col[col] : "?";
}
