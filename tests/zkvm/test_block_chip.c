/* test_block_chip.c — generated block chips (prover/zkvm/block): for
 * hand-written and random blocks, the honest row satisfies every constraint
 * and lookup and its MEM tuples are exactly the accesses made; every column,
 * mutated, breaks a constraint, a lookup or a bus tuple; random register and
 * memory states run through the filler and through the VM's own uop bodies
 * (vm/uop_exec.h) give the same registers, memory and next pc. Also prints
 * each block's width against its steps' base chips and the generation time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* stark_int.h's stage count ST_N and zk_int.h's store width share a name. */
#define ST_N STARK_ST_N
#include "stark_int.h"
#undef ST_N
#include "block/block_chip.h"
#include "hints_ref.h"
#include "vm_internal.h"
#include "xlate.h"

#define DATA 0x20000u /* x10's value in the hand-written and random blocks */
#define TS 1000u
#define MAX_WORDS 64 /* words one state has touched */

/* A machine state. Memory is every aligned word, each with a pseudo-random
 * value and last timestamp until written (a function of the address and the
 * state's seed), kept in w[] once touched. */
typedef struct mword {
    uint32_t a, v;
    uint64_t ts;
} mword;

typedef struct state {
    uint32_t x[32];
    uint64_t xts[32];
    mword w[MAX_WORDS];
    unsigned nw;
    uint64_t seed;
    uint32_t pc, next;
    uint64_t resv;
    int fault;
} state;

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33, h *= 0xff51afd7ed558ccdull, h ^= h >> 33, h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

static mword *word(state *m, uint32_t a)
{
    a &= ~3u;
    for (unsigned i = 0; i < m->nw; i++)
        if (m->w[i].a == a)
            return &m->w[i];
    if (m->nw == MAX_WORDS) {
        m->fault = 1;
        return NULL;
    }
    uint64_t h = mix(m->seed ^ a);
    m->w[m->nw] = (mword){a, (uint32_t)h, (h >> 32) % (4 * TS)};
    return &m->w[m->nw++];
}

static uint32_t ref_ld(state *m, uint32_t a, unsigned n)
{
    mword *w = word(m, a);
    if (!w || (a & 3) + n > 4)
        return m->fault = 1, 0;
    uint64_t v = w->v >> (8 * (a & 3));
    return (uint32_t)(n == 4 ? v : v & ((1u << (8 * n)) - 1));
}

static void ref_st(state *m, uint32_t a, unsigned n, uint32_t v)
{
    mword *w = word(m, a);
    if (!w || (a & 3) + n > 4) {
        m->fault = 1;
        return;
    }
    uint32_t mask = n == 4 ? ~0u : ((1u << (8 * n)) - 1) << (8 * (a & 3));
    w->v = (w->v & ~mask) | ((v << (8 * (a & 3))) & mask);
}

/* Every word either state touched holds the same value in both. */
static void same_memory(state *a, state *b)
{
    for (unsigned i = 0; i < a->nw; i++)
        assert_int_equal(word(b, a->w[i].a)->v, a->w[i].v);
    for (unsigned i = 0; i < b->nw; i++)
        assert_int_equal(word(a, b->w[i].a)->v, b->w[i].v);
}

/* One uop by the VM's body for it (vm/uop_exec.h); m->next = the next pc. */
static void ref_step(state *m, const uisa_uop *u)
{
    const uint8_t *perm = NULL; /* for the native bodies' macros, never run here */
    uint32_t code_base = 0, smask = 0;
    uint64_t code_bytes = 0;
    (void)perm, (void)code_base, (void)smask, (void)code_bytes;
#define R(i) m->x[i]
#define W(i, v) do { uint32_t wv_ = (v); if ((i) && (i) < 32) m->x[i] = wv_; } while (0)
#define RD u->rd
#define RS1 u->rs1
#define RS2 u->rs2
#define RD2 u->rd2
#define RS3 u->rs3
#define IMM ((uint32_t)u->imm)
#define IMM2 ((uint32_t)u->imm2)
#define PC m->pc
#define LEN ((uint32_t)u->len)
#define RESV m->resv
#define LD8(a) ref_ld(m, (a), 1)
#define LD16(a) ref_ld(m, (a), 2)
#define LD32(a) ref_ld(m, (a), 4)
#define ST8(a, v) ref_st(m, (a), 1, (v))
#define ST16(a, v) ref_st(m, (a), 2, (v))
#define ST32(a, v) ref_st(m, (a), 4, (v))
#define LD32A(a) LD32(a)
#define ST32A(a, v) ST32(a, v)
#define FAULT(kind, addr) do { (void)(kind), (void)(addr); m->fault = 1; return; } while (0)
#define BRANCH(cond) do { if (cond) m->next = PC + IMM; } while (0)
#define JAL_LINK(rd, link) do { W(rd, link); m->next = PC + IMM; } while (0)
#define JUMP_LINK(rd, link, t) do { uint32_t t_j = (t); W(rd, link); m->next = t_j; } while (0)
#define CHECK_TARGET(cond) do { } while (0)
#define SYSCALL() FAULT(0, 0)
    m->next = m->pc + u->len;
    switch (u->op) {
#define UOP_BODY(name, ...) case UOP_##name: { __VA_ARGS__ } break;
#include "uop_exec.h"
#undef UOP_BODY
    default: m->fault = 1;
    }
}

/* The filler's memory: the state's registers and words with their timestamps. */
static int access(void *ctx, block_access *a)
{
    state *m = ctx;
    uint32_t *v;
    uint64_t *t;
    if (a->key >= ZK_KEY_REG(0) && a->key < ZK_KEY_REG(32)) {
        v = &m->x[a->key - ZK_KEY_REG(0)], t = &m->xts[a->key - ZK_KEY_REG(0)];
    } else {
        mword *mw = word(m, (uint32_t)(a->key - ZK_KEY_RAM(0)));
        if (!mw)
            return -1;
        v = &mw->v, t = &mw->ts;
    }
    if (a->write)
        *v = a->val, *t = a->ts;
    else
        a->val = *v, a->ts = *t, a->ro = 0;
    return 0;
}

/* ---- blocks ---- */

#define I(o, d, s1, s2, im) {.op = UOP_##o, .rd = d, .rs1 = s1, .rs2 = s2, .len = 4, .ninsn = 1, .imm = im}

static const uisa_uop alu_block[] = {
    I(ADDI, 5, 6, 0, 7), I(ADD, 7, 5, 6, 0), I(SUB, 8, 7, 9, 0), I(XOR, 5, 5, 8, 0),
    I(SLLI, 10, 5, 0, 3), I(SRAI, 11, 8, 0, 5), I(SLTU, 12, 10, 11, 0), I(SLT, 13, 11, 10, 0),
    I(AND, 14, 13, 6, 0), I(OR, 15, 14, 9, 0), I(SRA, 16, 15, 6, 0), I(SRL, 17, 15, 12, 0),
    I(SLL, 18, 17, 7, 0), I(LUI, 19, 0, 0, 0x12345000), I(AUIPC, 20, 0, 0, 0x1000),
    I(ORI, 21, 0, 0, 0x55), I(SLTIU, 22, 21, 0, 0x56), I(XORI, 23, 22, 0, -1),
    I(ADD, 0, 5, 6, 0), I(MUL, 24, 18, 7, 0), I(MULHU, 25, 24, 6, 0), I(DIV, 26, 25, 8, 0),
    I(REMU, 27, 26, 0, 0), I(DIVU, 28, 0, 0, 0), I(BNE, 0, 18, 25, 16),
};
static const uisa_uop mem_block[] = {
    I(LW, 5, 10, 0, 0), I(ADDI, 5, 5, 0, 1), I(SW, 0, 10, 5, 0), I(LW, 6, 10, 0, 4),
    I(ADD, 7, 5, 6, 0), I(SW, 0, 10, 7, 8), I(LW, 8, 10, 0, 0), I(SW, 0, 10, 0, 12),
    I(BLT, 0, 8, 7, -28),
};
static const uisa_uop lanes_block[] = {
    I(LBU, 5, 10, 0, 3), I(LB, 6, 10, 0, 1), I(LH, 7, 10, 0, 6), I(LHU, 8, 10, 0, 2),
    I(SB, 0, 10, 6, 5), I(SH, 0, 10, 5, 10), I(LW, 9, 10, 0, 4), I(SB, 0, 10, 9, 3),
    I(LBU, 11, 10, 0, 3), I(ADD, 12, 11, 9, 0),
};
static const uisa_uop jalr_block[] = {
    I(ADDI, 1, 1, 0, 4), I(SRLI, 6, 1, 0, 1), I(JALR, 1, 1, 0, 9),
};
static const uisa_uop const_block[] = {
    I(ADDI, 5, 0, 0, 3), I(SLLI, 6, 5, 0, 4), I(BGEU, 0, 6, 7, 8),
};
static const uisa_uop jal_block[] = {
    I(SLTI, 5, 6, 0, -3), I(SUB, 6, 0, 5, 0), I(JAL, 1, 0, 0, 0x100),
};
static const uisa_uop eq_block[] = {
    I(ANDI, 5, 6, 0, 0xff), I(BEQ, 0, 5, 6, -8),
};

typedef struct tblock {
    const char *name;
    const uisa_uop *u;
    unsigned n;
} tblock;

static const tblock hand[] = {
    {"alu", alu_block, sizeof alu_block / sizeof alu_block[0]},
    {"mem", mem_block, sizeof mem_block / sizeof mem_block[0]},
    {"lanes", lanes_block, sizeof lanes_block / sizeof lanes_block[0]},
    {"jalr", jalr_block, sizeof jalr_block / sizeof jalr_block[0]},
    {"const", const_block, sizeof const_block / sizeof const_block[0]},
    {"jal", jal_block, sizeof jal_block / sizeof jal_block[0]},
    {"eq", eq_block, sizeof eq_block / sizeof eq_block[0]},
};
#define N_HAND (sizeof hand / sizeof hand[0])
#define PC0 0x10000u

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)rng;
}

/* A random block: ALU steps on x5..x12 (reads of x0 too), a few word
 * accesses through x10 (never written: it holds the data base), a random end. */
static unsigned random_block(uisa_uop *u)
{
    static const uint8_t alu[] = {UOP_ADD, UOP_SUB, UOP_XOR, UOP_OR, UOP_AND, UOP_SLL, UOP_SRL,
                                  UOP_SRA, UOP_SLT, UOP_SLTU, UOP_ADDI, UOP_XORI, UOP_ORI,
                                  UOP_ANDI, UOP_SLLI, UOP_SRLI, UOP_SRAI, UOP_SLTI, UOP_SLTIU,
                                  UOP_LUI, UOP_AUIPC, UOP_MUL, UOP_MULHU, UOP_DIV, UOP_DIVU,
                                  UOP_REM, UOP_REMU};
    static const uint8_t end[] = {UOP_BEQ, UOP_BNE, UOP_BLT, UOP_BGE, UOP_BLTU, UOP_BGEU, UOP_JAL,
                                  UOP_JALR, UOP_ADD};
    unsigned n = 2 + rnd() % 12;
    static const uint8_t regs[] = {0, 5, 6, 7, 8, 9, 11, 12};
    for (unsigned i = 0; i < n; i++) {
        uint8_t rd = regs[1 + rnd() % 7], r1 = regs[rnd() % 8], r2 = regs[rnd() % 8];
        int32_t imm = (int32_t)rnd() >> (rnd() % 32);
        unsigned k = rnd() % 8;
        static const uint8_t mem[] = {UOP_LW, UOP_SW, UOP_LB, UOP_LBU, UOP_LH, UOP_LHU, UOP_SB,
                                      UOP_SH};
        if (k <= 1) { /* an access inside one word of the 16 after x10 */
            uint8_t op = mem[rnd() % sizeof mem];
            int size = op == UOP_LW || op == UOP_SW ? 4 : op == UOP_LH || op == UOP_LHU || op == UOP_SH ? 2 : 1;
            int32_t off = (int32_t)(4 * (rnd() % 16) + rnd() % (5 - size) / size * size);
            int st = op == UOP_SW || op == UOP_SB || op == UOP_SH;
            u[i] = (uisa_uop)I(LW, st ? 0 : rd, 10, st ? r2 : 0, off);
            u[i].op = op;
        }
        else {
            uint8_t op = alu[rnd() % sizeof alu];
            if (op == UOP_SLLI || op == UOP_SRLI || op == UOP_SRAI)
                imm &= 31;
            if (op == UOP_LUI || op == UOP_AUIPC)
                imm &= ~0xfff;
            u[i] = (uisa_uop)I(ADD, rd, r1, r2, imm);
            u[i].op = op;
        }
    }
    uint8_t e = end[rnd() % sizeof end];
    u[n - 1] = (uisa_uop)I(ADD, regs[rnd() % 8], regs[rnd() % 8], regs[rnd() % 8], 8 * (int32_t)(rnd() % 9) - 32);
    u[n - 1].op = e;
    if (e == UOP_JALR)
        u[n - 1].imm = (int32_t)rnd();
    return n;
}

/* ---- evaluating one row ---- */

static gl_t *eval_nodes(const air_chip *c, const gl_t *row)
{
    gl_t *v = calloc(c->n_nodes + 1, sizeof *v);
    for (size_t i = 0; i < c->n_nodes; i++) {
        const air_node *n = &c->nodes[i];
        switch ((air_op)n->op) {
        case AIR_OP_CONST: v[i] = n->c; break;
        case AIR_OP_MAIN: v[i] = row[n->a]; break;
        case AIR_OP_ADD: v[i] = gl_add(v[n->a], v[n->b]); break;
        case AIR_OP_SUB: v[i] = gl_sub(v[n->a], v[n->b]); break;
        case AIR_OP_MUL: v[i] = gl_mul(v[n->a], v[n->b]); break;
        case AIR_OP_NEG: v[i] = gl_sub(0, v[n->a]); break;
        default: v[i] = 0; break; /* no other leaf in a block chip before finalize */
        }
    }
    return v;
}

/* A lookup tuple is in its table. */
static int in_table(const air_inter *it, const gl_t *v)
{
    gl_t a = v[it->vals[0]];
    switch (it->bus) {
    case BUS_R16: return a < 65536;
    case BUS_LOGIC: {
        gl_t b = v[it->vals[1]], z = v[it->vals[2]];
        return a < 256 && b < 256 && z == (a & b);
    }
    case BUS_POW:
        return a < 32 && v[it->vals[1]] == (1ull << a) && v[it->vals[2]] == (0x80000000ull >> a);
    default: return 1;
    }
}

/* The row's EXEC and MEM interactions, flattened: (send, bus, vals..., mult) each. */
static size_t bus_tuples(const air_chip *c, const gl_t *v, gl_t *out)
{
    size_t n = 0;
    for (size_t k = 0; k < c->n_inter; k++) {
        const air_inter *it = &c->inter[k];
        if (it->bus != BUS_EXEC && it->bus != BUS_MEM)
            continue;
        out[n++] = (gl_t)it->send << 8 | it->bus;
        for (size_t j = 0; j < it->n_vals; j++)
            out[n++] = v[it->vals[j]];
        out[n++] = v[it->mult];
    }
    return n;
}

/* 0: every constraint holds and every lookup made (multiplicity not 0) is in its table. */
static int row_fails(const air_chip *c, const gl_t *row)
{
    gl_t *v = eval_nodes(c, row);
    int bad = 0;
    for (size_t k = 0; k < c->n_cons && !bad; k++)
        bad = v[c->cons[k].e] != 0;
    for (size_t k = 0; k < c->n_inter && !bad; k++)
        bad = v[c->inter[k].mult] && !in_table(&c->inter[k], v);
    free(v);
    return bad;
}

/* ---- one block ---- */

typedef struct tchip {
    air_system *sys;
    air_chip *c;
    block_chip *b;
    gl_matrix bytes, pow;
    zk_wctx w;
    uint32_t pc0;
    block_out last; /* the last execution filled */
} tchip;

static void tchip_new(tchip *t, const char *name, uint32_t pc, const uisa_uop *u, unsigned n)
{
    uvm_err err = {{0}};
    memset(t, 0, sizeof *t);
    t->pc0 = pc;
    t->b = block_chip_new(name, pc, u, n, &err);
    if (!t->b)
        fail_msg("%s", err.msg);
    t->sys = air_system_new("t", 0);
    t->c = block_chip_build(t->b, t->sys);
    assert_non_null(t->c);
    assert_int_equal(gl_matrix_alloc(&t->bytes, 1u << 16, 1), 0);
    assert_int_equal(gl_matrix_alloc(&t->pow, 32, 1), 0);
    t->w.bytes = &t->bytes, t->w.pow = &t->pow;
}

static void tchip_free(tchip *t)
{
    block_chip_free(t->b);
    air_system_free(t->sys);
    gl_matrix_free(&t->bytes);
    gl_matrix_free(&t->pow);
}

static void random_state(state *m)
{
    memset(m, 0, sizeof *m);
    for (unsigned r = 1; r < 32; r++) {
        m->x[r] = rnd() % 4 ? rnd() : rnd() % 8, m->xts[r] = rnd() % (4 * TS);
        if (rnd() % 4)
            m->x[r] &= ~3u; /* a register used as a base reaches aligned words */
    }
    m->x[10] = DATA;
    m->seed = ((uint64_t)rnd() << 32) | rnd();
    m->pc = PC0;
}

/* The filler on s0 (a copy), checked against the VM's bodies run on s0. */
static int differential(tchip *t, const uisa_uop *u, unsigned n, const state *s0, gl_t *row,
                        int may_skip)
{
    state ref = *s0, blk = *s0;
    ref.pc = t->pc0;
    for (unsigned i = 0; i < n; i++) {
        ref_step(&ref, &u[i]);
        if (ref.fault && may_skip)
            return 0; /* a misaligned access: not this block's to prove */
        assert_false(ref.fault);
        ref.pc = ref.next;
    }
    block_out out;
    uvm_err err = {{0}};
    memset(row, 0, block_chip_width(t->b) * sizeof *row);
    if (block_chip_fill(t->b, 1, TS, access, &blk, &t->w, row, &out, &err)) {
        if (may_skip && strstr(err.msg, "not inside one 4-aligned word"))
            return 0;
        fail_msg("%s", err.msg);
    }
    assert_int_equal(out.next, ref.pc);
    for (unsigned r = 1; r < 32; r++) {
        assert_int_equal(blk.x[r], ref.x[r]);
        assert_int_equal(out.written >> r & 1 ? out.regs[r] : s0->x[r], ref.x[r]);
    }
    same_memory(&blk, &ref);
    return 1;
}

/* The row's MEM tuples are the accesses the callback saw: receive (key, old,
 * prev) and send (key, new, 4*TS + k) for each. */
static void check_mem_tuples(tchip *t, const state *before, const state *after, const gl_t *row)
{
    gl_t *v = eval_nodes(t->c, row);
    for (size_t k = 0; k < t->c->n_inter; k++) {
        const air_inter *it = &t->c->inter[k];
        if (it->bus != BUS_MEM)
            continue;
        assert_int_equal(v[it->mult], 1);
        gl_t key = v[it->vals[0]], val = v[it->vals[1]], ts = v[it->vals[2]];
        const state *s = it->send ? after : before;
        if (key >= ZK_KEY_REG(0) && key < ZK_KEY_REG(32)) {
            if (it->send)
                assert_int_equal(s->xts[key - ZK_KEY_REG(0)], ts);
            assert_int_equal(s->x[key - ZK_KEY_REG(0)], val);
        } else if (!it->send) { /* a word accessed twice: its first send is the second's receive */
            assert_true(key >= ZK_KEY_RAM(0) && key < ZK_KEY_RAM(0) + (1ull << 32) && !(key & 3));
            assert_true(ts < 4 * TS + 4 * block_chip_steps(t->b));
        }
    }
    free(v);
}

/* Every column changed (by 1, and to a random value) breaks the row. */
static void mutants(tchip *t, const gl_t *row)
{
    unsigned w = block_chip_width(t->b);
    gl_t *m = malloc(w * sizeof *m), honest[4096], mut[4096];
    gl_t *v = eval_nodes(t->c, row);
    size_t nh = bus_tuples(t->c, v, honest);
    free(v);
    for (unsigned col = 0; col < w; col++)
        for (int kind = 0; kind < 2; kind++) {
            memcpy(m, row, w * sizeof *m);
            m[col] = kind ? gl_from_u64(((uint64_t)rnd() << 32) | rnd()) : gl_add(m[col], 1);
            if (row_fails(t->c, m))
                continue;
            v = eval_nodes(t->c, m);
            size_t nm = bus_tuples(t->c, v, mut);
            free(v);
            if (nm == nh && !memcmp(honest, mut, nh * sizeof *mut))
                fail_msg("block %s: column %u (%s) changed is not caught", air_chip_name(t->c), col,
                         block_chip_col_name(t->b, col));
        }
    free(m);
}

static gl_t table_sum(const gl_matrix *m)
{
    gl_t s = 0;
    for (size_t i = 0; i < m->rows; i++)
        s += m->data[i];
    return s;
}

/* The witness counts what the chip looks up: one bytes/pow count per LOGIC /
 * POW interaction and row, and block_chip_r16 lists exactly the R16 cells. */
static void check_lookup_counts(tchip *t, const gl_t *row, gl_t counted)
{
    unsigned cols[1024], dbl[64], n = block_chip_r16(t->b, cols, 1024);
    unsigned nd = block_chip_r16_doubled(t->b, dbl, 64);
    gl_t want = 0, *v = eval_nodes(t->c, row);
    size_t r16 = 0;
    for (size_t k = 0; k < t->c->n_inter; k++) {
        const air_inter *it = &t->c->inter[k];
        if (it->bus == BUS_LOGIC || it->bus == BUS_POW)
            want += v[it->mult];
        if (it->bus != BUS_R16)
            continue;
        const air_node *x = &t->c->nodes[it->vals[0]];
        unsigned col = x->op == AIR_OP_MAIN ? x->a : t->c->nodes[x->a].a, found = 0;
        for (unsigned i = 0; i < (x->op == AIR_OP_MAIN ? n : nd); i++)
            found |= (x->op == AIR_OP_MAIN ? cols[i] : dbl[i]) == col;
        assert_true(found);
        r16++;
    }
    free(v);
    assert_int_equal(r16, n + nd);
    assert_int_equal(counted, want);
}

/* Checks one block on `states` random states (may_skip: states whose
 * accesses are misaligned are skipped, for blocks of real programs); the
 * first two tested states also get every column mutated if mutate. Returns
 * the states tested. */
static unsigned run_block(const char *name, uint32_t pc, const uisa_uop *u, unsigned n,
                          unsigned states, int mutate, int may_skip)
{
    tchip t;
    tchip_new(&t, name, pc, u, n);
    gl_t row[1024];
    unsigned tested = 0;
    assert_true(block_chip_width(t.b) <= 1024);
    for (unsigned k = 0; k < states; k++) {
        state s0, after;
        random_state(&s0);
        if (!differential(&t, u, n, &s0, row, may_skip))
            continue;
        after = s0;
        block_out out;
        uvm_err err = {{0}};
        memset(row, 0, sizeof row);
        gl_t before = table_sum(&t.bytes) + table_sum(&t.pow);
        assert_int_equal(block_chip_fill(t.b, 1, TS, access, &after, &t.w, row, &out, &err), 0);
        t.last = out;
        check_lookup_counts(&t, row, table_sum(&t.bytes) + table_sum(&t.pow) - before);
        assert_int_equal(row_fails(t.c, row), 0);
        check_mem_tuples(&t, &s0, &after, row);
        if (mutate && tested < 2)
            mutants(&t, row);
        tested++;
    }
    if (tested) { /* a padding row replaying the last execution */
        uvm_err err = {{0}};
        memset(row, 0, sizeof row);
        gl_t before = table_sum(&t.bytes) + table_sum(&t.pow);
        assert_int_equal(block_chip_pad(t.b, &t.last, &t.w, row, &err), 0);
        assert_int_equal(row[0], 0);
        assert_int_equal(row_fails(t.c, row), 0);
        check_lookup_counts(&t, row, table_sum(&t.bytes) + table_sum(&t.pow) - before);
    }
    tchip_free(&t);
    return tested;
}

static void hand_blocks(void **st)
{
    (void)st;
    for (unsigned i = 0; i < N_HAND; i++)
        assert_int_equal(run_block(hand[i].name, PC0, hand[i].u, hand[i].n, 50, 1, 0), 50);
}

static void random_blocks(void **st)
{
    (void)st;
    for (unsigned k = 0; k < 300; k++) {
        uisa_uop u[16];
        unsigned n = random_block(u);
        run_block("rnd", PC0, u, n, 8, k < 60, 0);
    }
}

static void refused(void **st)
{
    (void)st;
    uvm_err err = {{0}};
    uisa_uop mul[] = {I(MULH, 5, 6, 7, 0)}, mid[] = {I(BEQ, 0, 5, 6, 8), I(ADDI, 5, 5, 0, 1)};
    assert_null(block_chip_new("m", PC0, mul, 1, &err));
    assert_non_null(strstr(err.msg, "MULH"));
    assert_null(block_chip_new("m", PC0, mid, 2, &err));
    assert_non_null(strstr(err.msg, "control flow before the last step"));
    assert_null(block_chip_new("m", PC0, mul, 0, &err));
    state s;
    random_state(&s);
    s.x[10] = DATA + 2; /* a misaligned word: the base rows must prove it */
    tchip t;
    tchip_new(&t, "mis", PC0, mem_block, 3);
    gl_t row[1024] = {0};
    block_out out;
    assert_int_not_equal(block_chip_fill(t.b, 1, TS, access, &s, &t.w, row, &out, &err), 0);
    assert_non_null(strstr(err.msg, "not inside one 4-aligned word"));
    tchip_free(&t);
}

static void printed(void **st)
{
    (void)st;
    tchip t;
    tchip_new(&t, "mem", PC0, mem_block, sizeof mem_block / sizeof mem_block[0]);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    block_chip_print(t.b, t.c, f);
    fclose(f);
    assert_non_null(strstr(buf, "x10.in"));
    assert_non_null(strstr(buf, "recv EXEC (0x10000, ts)"));
    assert_non_null(strstr(buf, "send MEM"));
    if (getenv("BLOCK_PRINT"))
        fputs(buf, stdout);
    free(buf);
    tchip_free(&t);
}

/* Informational: width against the base chips' and generation time. */
static void report(void **st)
{
    (void)st;
    for (unsigned i = 0; i < N_HAND; i++) {
        unsigned base = 0;
        for (unsigned k = 0; k < hand[i].n; k++) {
            zk_prow pr;
            const char *why;
            zk_op op = zk_decode(&hand[i].u[k], PC0 + 4 * k, &pr, &why);
            base += zk_ncols(zk_op_chip(op));
        }
        struct timespec a, b;
        unsigned reps = 2000;
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (unsigned r = 0; r < reps; r++) {
            uvm_err err = {{0}};
            block_chip *bc = block_chip_new(hand[i].name, PC0, hand[i].u, hand[i].n, &err);
            air_system *s = air_system_new("t", 0);
            block_chip_build(bc, s);
            air_system_free(s);
            block_chip_free(bc);
        }
        clock_gettime(CLOCK_MONOTONIC, &b);
        double us = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / 1e3 / reps;
        tchip t;
        tchip_new(&t, hand[i].name, PC0, hand[i].u, hand[i].n);
        printf("block %-6s %2u steps: %3u columns (base chips: %3u, %.2fx fewer), %.1f us to generate\n",
               hand[i].name, hand[i].n, block_chip_width(t.b), base,
               (double)base / block_chip_width(t.b), us);
        tchip_free(&t);
    }
}

/* ---- blocks of the corpus programs (argv[1]: the corpus build dir) ---- */

static const char *corpus_dir;

static int is_control(zk_op op) { return (op >= ZK_BEQ && op <= ZK_BGEU) || op == ZK_JALR; }

/* The longest run of supported steps from slot i (up to and including a
 * branch or jump, at most BLOCK_MAX_STEPS); 0 if the first is unsupported. */
static unsigned corpus_block(const uisa_program *p, uint32_t i, uisa_uop *u)
{
    unsigned n = 0;
    uint32_t pc = p->code_base + (i << p->slot_shift);
    while (n < BLOCK_MAX_STEPS && i < p->n_slots && p->slots[i].len) {
        zk_prow pr;
        const char *why;
        uvm_err err = {{0}};
        u[n] = p->slots[i];
        block_chip *b = block_chip_new("probe", pc, &u[n], 1, &err); /* supported? */
        zk_op op = zk_decode(&u[n], pc, &pr, &why);
        if (!b)
            break;
        block_chip_free(b);
        n++;
        if (is_control(op))
            break;
        pc += u[n - 1].len;
        i += u[n - 1].len >> p->slot_shift;
    }
    return n;
}

/* Every block of a program (leaders: the start of the code and each slot
 * after a branch or jump) is generated; every 8th is checked as above on
 * random states, every 64th with its columns mutated. */
static void corpus_program(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.gcc.elf", corpus_dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("corpus %s: not built, skipped\n", name);
        return;
    }
    static uint8_t elf[4 << 20];
    size_t len = fread(elf, 1, sizeof elf, f);
    fclose(f);
    uisa_program p;
    xl_options o = {.name = name};
    uvm_err err = {{0}};
    if (xl_translate(elf, len, &o, &p, &err))
        fail_msg("%s", err.msg);
    unsigned blocks = 0, steps = 0, cols = 0, base = 0, checked = 0;
    for (uint32_t i = 0; i < p.n_slots;) {
        uisa_uop u[BLOCK_MAX_STEPS];
        uint32_t pc = p.code_base + (i << p.slot_shift);
        unsigned n = corpus_block(&p, i, u), adv = 0;
        for (unsigned k = 0; k < n; k++)
            adv += u[k].len >> p.slot_shift;
        if (n >= 2) {
            block_chip *b = block_chip_new(name, pc, u, n, &err);
            if (!b)
                fail_msg("%s", err.msg);
            for (unsigned k = 0; k < n; k++) {
                zk_prow pr;
                const char *why;
                base += zk_ncols(zk_op_chip(zk_decode(&u[k], pc, &pr, &why)));
            }
            cols += block_chip_width(b), steps += n, blocks++;
            block_chip_free(b);
            if (blocks % 8 == 1)
                checked += run_block(name, pc, u, n, 4, blocks % 64 == 1, 1) > 0;
        }
        i += adv ? adv : 1;
    }
    printf("corpus %-10s %4u blocks of >= 2 steps (mean %.1f), %u checked: %u columns "
           "against %u in the base chips (%.2fx)\n", name, blocks, blocks ? (double)steps / blocks : 0,
           checked, cols, base, cols ? (double)base / cols : 0);
    uisa_program_free(&p);
}

static void corpus_blocks(void **st)
{
    (void)st;
    if (!corpus_dir)
        skip();
    static const char *progs[] = {"fib", "sort", "checksum", "sieve", "matmul", "sha256",
                                  "keccak", "interp", "lzss", "json", "bst", "editdist"};
    for (unsigned i = 0; i < sizeof progs / sizeof progs[0]; i++)
        corpus_program(progs[i]);
}

int main(int argc, char **argv)
{
    corpus_dir = argc > 1 ? argv[1] : NULL;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_blocks), cmocka_unit_test(random_blocks), cmocka_unit_test(refused),
        cmocka_unit_test(printed), cmocka_unit_test(report), cmocka_unit_test(corpus_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
