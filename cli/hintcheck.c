/* hintcheck.c — hint checking: a tiny harness program per trial (stub code over
 * `main`, random data in an arena segment) calls the hinted function at its entry
 * with ra pointing back into the stub, which then writes the arena and a0 to fd 1.
 * Invariant: the two runs of a trial differ only in the function's entry slot. */
#include <stdlib.h>
#include <string.h>

#include "hintcheck.h"
#include "native.h"
#include "vm.h"

#define ARENA_GAP 0x100000u    /* arena: this far above the program's highest segment */
#define ARENA_SIZE 2048u       /* data the function may touch */
#define N_SAVED 12             /* s0, s1, s2..s11: callee-saved, the ABI says kept */
#define N_AFTER (4 + N_SAVED)  /* registers written out after the call (see put_stub) */
#define ARENA_OUT (ARENA_SIZE + 4u * N_AFTER) /* + a0, sp, gp, tp, s0..s11 */

enum { RA = 1, GP = 3, TP = 4, T0 = 5, A0 = 10, A1 = 11, A2 = 12, A7 = 17 };
enum { N_ARGS = 5 };           /* a0..a4 set before the call (montmul's minv is a4) */

static const uint8_t saved_regs[N_SAVED] = {8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27};
static const char *const after_names[N_AFTER] = {"a0", "sp", "gp", "tp", "s0", "s1", "s2", "s3",
                                                 "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11"};

typedef struct trial {
    uint32_t arena;             /* guest address of mem (page-aligned, above every segment) */
    uint32_t a[N_ARGS];         /* a0..a4 */
    uint32_t s[N_SAVED];        /* random values of the callee-saved registers */
    uint8_t mem[ARENA_SIZE];
} trial;

typedef struct outbuf {
    uint8_t b[ARENA_OUT];
    uint32_t n;
} outbuf;

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint32_t rnd(uint64_t *s, uint32_t n) /* uniform enough in [0, n) */
{
    return (uint32_t)(splitmix(s) % n);
}

static void put32(trial *tr, uint32_t addr, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        tr->mem[addr - tr->arena + (uint32_t)k] = (uint8_t)(v >> (8 * k));
}

static uint32_t get32(const trial *tr, uint32_t addr)
{
    const uint8_t *b = tr->mem + (addr - tr->arena);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* m (n limbs at addr): its top limb made nonzero (so m is not 0 and a "top
 * limb below m's" operand is below m), odd for montmul. Returns m's top limb. */
static uint32_t draw_modulus(int op, unsigned n, uint32_t addr, uint64_t *s, trial *tr)
{
    uint32_t top = get32(tr, addr + 4 * (n - 1));
    if (!top)
        put32(tr, addr + 4 * (n - 1), top = 1 + rnd(s, 0xffffffffu));
    put32(tr, addr, get32(tr, addr) | (op == UOP_MONTMUL));
    return get32(tr, addr + 4 * (n - 1));
}

/* x = m - 1 (n limbs): the largest operand below m (m != 0: the borrow stops). */
static void put_m_minus_1(trial *tr, uint32_t x, uint32_t m, unsigned n)
{
    uint32_t borrow = 1;
    for (unsigned i = 0; i < n; i++) {
        uint32_t mi = get32(tr, m + 4 * i);
        put32(tr, x + 4 * i, mi - borrow);
        borrow = borrow && !mi;
    }
}

/* A big-number trial on n limbs, the operands in the arena's four 512-byte
 * quarters at random word offsets, m drawn by draw_modulus. modmul, montmul
 * (r, a, b, m): a, b < m (top limb below m's), every eighth trial a = b = m - 1;
 * a4 = -m^-1 mod 2^32 (the CIOS minv; 0 for even m); r over a, b = a, or both
 * on some trials. modred (r, u, m): u any 2n limbs, r over u on some trials. */
static void draw_bignum(int op, unsigned n, unsigned t, uint64_t *s, trial *tr)
{
    uint32_t *a = tr->a, ar = tr->arena;
    if (op == UOP_MODRED) {
        a[0] = ar + 4 * rnd(s, 128 - n + 1);
        a[1] = ar + 512 + 4 * rnd(s, 128 - 2 * n + 1);
        a[2] = ar + 1536 + 4 * rnd(s, 128 - n + 1);
        draw_modulus(op, n, a[2], s, tr);
        if (t % 4 == 1)
            a[0] = a[1];
        return;
    }
    for (int k = 0; k < 4; k++)
        a[k] = ar + 512 * (uint32_t)k + 4 * rnd(s, 128 - n + 1);
    uint32_t mtop = draw_modulus(op, n, a[3], s, tr);
    for (int k = 1; k <= 2; k++) {
        if (t % 8 == 4)
            put_m_minus_1(tr, a[k], a[3], n);
        else
            put32(tr, a[k] + 4 * (n - 1), rnd(s, mtop));
    }
    uint32_t m0 = get32(tr, a[3]), inv = m0; /* Newton: each step doubles the good bits */
    for (int i = 0; i < 5; i++)
        inv *= 2 - m0 * inv;
    a[4] = m0 & 1 ? 0 - inv : 0;
    if (t % 4 == 1 || t % 4 == 3)
        a[0] = a[1];
    if (t % 4 >= 2)
        a[2] = a[1];
}

/* Inputs for one trial of op: random bytes everywhere, pointers into the arena.
 * memcpy/memmove cycle through disjoint, dst-above-src and dst-below-src overlap
 * (memcpy's native op is the forward byte copy, so a memmove hinted as memcpy
 * differs on dst-above-src), n from 0 to 300, any alignment. */
static void draw(int op, unsigned limbs, unsigned t, uint64_t *s, trial *tr)
{
    for (uint32_t i = 0; i < ARENA_SIZE; i++)
        tr->mem[i] = (uint8_t)splitmix(s);
    const uint32_t ar = tr->arena;
    for (int i = 0; i < N_SAVED; i++)
        tr->s[i] = (uint32_t)splitmix(s);
    uint32_t *a = tr->a;
    memset(a, 0, sizeof tr->a);
    if (limbs) {
        draw_bignum(op, limbs, t, s, tr);
    } else if (op == UOP_KECCAK_F1600) {
        a[0] = ar + 8 * rnd(s, 64);
    } else if (op == UOP_SHA256_COMPRESS) {
        a[0] = ar + 4 * rnd(s, 64);
        a[1] = ar + 512 + rnd(s, 512);
    } else if (op == UOP_MUL256) {
        a[0] = ar + 4 * rnd(s, 32);
        a[1] = ar + 512 + 4 * rnd(s, 64);
        a[2] = ar + 1024 + 4 * rnd(s, 64);
    } else if (op == UOP_MEMSET) {
        a[0] = ar + rnd(s, 1024);
        a[1] = (uint32_t)splitmix(s);
        a[2] = t % 8 == 0 ? 0 : rnd(s, 301);
    } else { /* MEMCPY, MEMMOVE */
        uint32_t n = t % 8 == 0 ? 0 : 1 + rnd(s, 300), base = ar + rnd(s, 512);
        switch (t % 3) {
        case 0: a[0] = base, a[1] = base + 1024; break;          /* disjoint */
        case 1: a[1] = base, a[0] = base + 1 + rnd(s, n + 1); break; /* dst above src */
        default: a[0] = base, a[1] = base + 1 + rnd(s, n + 1); break; /* dst below src */
        }
        a[2] = n;
    }
}

/* gp and tp as the entry code sets them (crt0: auipc/lui + addi), so functions
 * that address globals through gp or TLS through tp see what they would. */
static void entry_regs(const uisa_program *p, uint32_t *gp, uint32_t *tp)
{
    uint32_t v[32] = {0};
    uint32_t pc = p->entry;
    for (int k = 0; k < 8; k++) {
        const uisa_uop *u = uisa_slot(p, pc);
        if (!u || u->op == UOP_TRAP)
            break;
        if (u->op == UOP_AUIPC)
            v[u->rd] = pc + (uint32_t)u->imm;
        else if (u->op == UOP_LUI)
            v[u->rd] = (uint32_t)u->imm;
        else if (u->op == UOP_ADDI)
            v[u->rd] = v[u->rs1] + (uint32_t)u->imm;
        pc += u->len ? u->len : 2u;
    }
    *gp = v[GP], *tp = v[TP];
}

static uisa_uop mk(uint8_t op, uint8_t rd, uint8_t rs1, uint8_t rs2, uint32_t imm, uint8_t len)
{
    uisa_uop u = {.op = op, .rd = rd, .rs1 = rs1, .rs2 = rs2, .len = len, .ninsn = 1};
    u.imm = (int32_t)imm;
    return u;
}

/* Writes the stub at slot index at: set gp, tp, s0..s11 (random), a0..a2; jal f;
 * after the arena store a0 (0 for ops without a result), sp, gp, tp, s0..s11 (so
 * a function that breaks the ABI is caught too); write(1, arena, ARENA_OUT); exit(0).
 * LUI takes the full 32-bit value (uops hold already-shifted immediates). */
#define STUB_UOPS (2 + N_SAVED + N_ARGS + 1 + 1 + N_AFTER + 5 + 3)
static void put_stub(uisa_uop *slots, uint32_t at, uint32_t stub_pc, const uisa_program *p,
                     uint32_t f, const trial *tr, int has_result)
{
    uint8_t len = (uint8_t)(1u << p->slot_shift);
    uint32_t gp, tp, k = 0;
    entry_regs(p, &gp, &tp);
    uisa_uop s[STUB_UOPS];
    s[k++] = mk(UOP_LUI, GP, 0, 0, gp, len);
    s[k++] = mk(UOP_LUI, TP, 0, 0, tp, len);
    for (int i = 0; i < N_SAVED; i++)
        s[k++] = mk(UOP_LUI, saved_regs[i], 0, 0, tr->s[i], len);
    for (int i = 0; i < N_ARGS; i++)
        s[k++] = mk(UOP_LUI, (uint8_t)(A0 + i), 0, 0, tr->a[i], len);
    s[k] = mk(UOP_JAL, RA, 0, 0, f - (stub_pc + k * len), len);
    k++;
    s[k++] = mk(UOP_LUI, T0, 0, 0, tr->arena + ARENA_SIZE, len);
    s[k++] = mk(UOP_SW, 0, T0, has_result ? A0 : 0, 0, len);
    s[k++] = mk(UOP_SW, 0, T0, 2, 4, len);
    s[k++] = mk(UOP_SW, 0, T0, GP, 8, len);
    s[k++] = mk(UOP_SW, 0, T0, TP, 12, len);
    for (int i = 0; i < N_SAVED; i++)
        s[k++] = mk(UOP_SW, 0, T0, saved_regs[i], 16 + 4 * (uint32_t)i, len);
    s[k++] = mk(UOP_LUI, A7, 0, 0, 64, len);
    s[k++] = mk(UOP_LUI, A0, 0, 0, 1, len);
    s[k++] = mk(UOP_LUI, A1, 0, 0, tr->arena, len);
    s[k++] = mk(UOP_LUI, A2, 0, 0, ARENA_OUT, len);
    s[k++] = mk(UOP_ECALL, 0, 0, 0, 0, len);
    s[k++] = mk(UOP_LUI, A7, 0, 0, 93, len);
    s[k++] = mk(UOP_LUI, A0, 0, 0, 0, len);
    s[k++] = mk(UOP_ECALL, 0, 0, 0, 0, len);
    memcpy(slots + at, s, k * sizeof *s);
}

static int on_write(void *ctx, int fd, const void *buf, size_t len)
{
    outbuf *o = ctx;
    if (fd != 1)
        return 0;
    size_t room = sizeof o->b - o->n;
    size_t k = len < room ? len : room;
    memcpy(o->b + o->n, buf, k);
    o->n += (uint32_t)k;
    return 0;
}

/* Where the stub goes: over `main` (a hinted function never calls it), else
 * over the largest function that does not contain f. 0 if none is big enough. */
static uint32_t stub_site(const uisa_program *p, uint32_t f)
{
    uint32_t need = STUB_UOPS << p->slot_shift, best = 0, best_size = 0;
    for (uint32_t i = 0; i < p->n_symbols; i++) {
        const uisa_symbol *s = &p->symbols[i];
        if (!s->is_func || s->size < need || (f >= s->addr && f - s->addr < s->size) ||
            !uisa_slot(p, s->addr) || !uisa_slot(p, s->addr + need - (1u << p->slot_shift)))
            continue;
        if (!strcmp(s->name, "main"))
            return s->addr;
        if (s->size > best_size)
            best = s->addr, best_size = s->size;
    }
    return best;
}

static int run_one(const uisa_program *h, uint64_t max_cycles, outbuf *o, vm_result *res,
                   uvm_err *err)
{
    vm_config cfg = {.max_cycles = max_cycles, .write = on_write, .write_ctx = o};
    o->n = 0;
    return vm_run(h, &cfg, res, err);
}

/* The name of the function at f: a C identifier (no '.') if there is one, so not
 * one of the UISA_NATIVE alias symbols. */
static const char *fname(const uisa_program *p, uint32_t f)
{
    const char *any = "?";
    for (uint32_t i = 0; i < p->n_symbols; i++) {
        if (p->symbols[i].addr != f)
            continue;
        if (!strchr(p->symbols[i].name, '.'))
            return p->symbols[i].name;
        any = p->symbols[i].name;
    }
    return any;
}

/* One trial: base body vs native uop. 0 if they agree; else -1, err says how. */
static int trial_once(uisa_program *h, uint64_t max_cycles, uint32_t fi, const uisa_uop *nat_uop,
                      const uisa_uop *base_uop, const trial *tr, const char *what, unsigned t,
                      uvm_err *err)
{
    vm_result r[2];
    outbuf o[2];
    for (int k = 0; k < 2; k++) {
        h->slots[fi] = k ? *nat_uop : *base_uop;
        if (run_one(h, max_cycles, &o[k], &r[k], err))
            return -1;
    }
    char in[100];
    int k0 = snprintf(in, sizeof in, "trial %u (a0=0x%08x a1=0x%08x a2=0x%08x", t, tr->a[0],
                      tr->a[1], tr->a[2]);
    snprintf(in + k0, sizeof in - (size_t)k0, tr->a[3] ? " a3=0x%08x)" : ")", tr->a[3]);
    for (int k = 0; k < 2; k++)
        if (r[k].stop != VM_STOP_EXIT || r[k].exit_code || o[k].n != ARENA_OUT)
            return uvm_errf(err, "%s: %s: the %s did not return normally: %s at pc 0x%08x%s%s",
                            what, in, k ? "native op" : "RISC-V body", vm_stop_name(r[k].stop),
                            r[k].pc, r[k].stop == VM_STOP_FAULT ? ": " : "",
                            r[k].stop == VM_STOP_FAULT ? r[k].msg : "");
    for (uint32_t i = 0; i < ARENA_OUT; i++)
        if (o[0].b[i] != o[1].b[i]) {
            if (i >= ARENA_SIZE)
                return uvm_errf(err, "%s: %s: register %s after the return differs", what, in,
                                after_names[(i - ARENA_SIZE) / 4]);
            return uvm_errf(err, "%s: %s: memory at 0x%08x differs (RISC-V 0x%02x, native 0x%02x)",
                            what, in, tr->arena + i, o[0].b[i], o[1].b[i]);
        }
    return 0;
}

/* The harness for function f: a copy of base with the arena segment after the
 * others, entry at the stub's site (over main or another function). */
typedef struct harness {
    uisa_program h;
    uisa_segment *segs;
    trial *tr;
    uint32_t site;
} harness;

static void harness_close(harness *hs)
{
    free(hs->h.slots);
    free(hs->segs);
    free(hs->tr);
}

static int harness_open(const uisa_program *base, uint32_t f, harness *hs, uvm_err *err)
{
    memset(hs, 0, sizeof *hs);
    hs->site = stub_site(base, f);
    if (!hs->site)
        return uvm_errf(err, "hint check at 0x%08x: no function big enough for the harness stub", f);
    uint64_t top = 0;
    for (uint32_t i = 0; i < base->n_segments; i++)
        if ((uint64_t)base->segments[i].vaddr + base->segments[i].memsz > top)
            top = (uint64_t)base->segments[i].vaddr + base->segments[i].memsz;
    uint64_t arena = ((top + 0xfff) & ~0xfffull) + ARENA_GAP;
    if (arena + ARENA_OUT > VM_STACK_TOP - VM_STACK_SIZE)
        return uvm_errf(err, "hint check: no room for the check arena above 0x%08llx",
                        (unsigned long long)top);
    hs->h = *base;
    hs->segs = calloc(base->n_segments + 1u, sizeof *hs->segs);
    hs->tr = malloc(sizeof *hs->tr);
    hs->h.slots = malloc((size_t)base->n_slots * sizeof *hs->h.slots);
    if (!hs->segs || !hs->tr || !hs->h.slots) {
        harness_close(hs);
        return uvm_errf(err, "out of memory for the hint check harness");
    }
    memcpy(hs->h.slots, base->slots, (size_t)base->n_slots * sizeof *hs->h.slots);
    memcpy(hs->segs, base->segments, base->n_segments * sizeof *hs->segs);
    hs->tr->arena = (uint32_t)arena;
    hs->segs[base->n_segments] = (uisa_segment){hs->tr->arena, ARENA_OUT, ARENA_SIZE,
                                                UISA_SEG_R | UISA_SEG_W, hs->tr->mem};
    hs->h.segments = hs->segs, hs->h.n_segments = base->n_segments + 1;
    hs->h.n_symbols = 0, hs->h.symbols = NULL;
    hs->h.entry = hs->site;
    return 0;
}

/* Runs the trials of function f (slot fi) as nat_uop, each with at most
 * max_cycles uops per run; stops at the first disagreement. what (NULL: "hint
 * OP at ADDR (NAME) is wrong") starts err's message. */
static int check_one(const uisa_program *base, uint32_t fi, const uisa_uop *nat_uop, unsigned trials,
                     uint64_t max_cycles, const char *what_in, uvm_err *err)
{
    uint32_t f = base->code_base + (fi << base->slot_shift);
    char what[160];
    char text[40];
    if (what_in)
        snprintf(what, sizeof what, "%s", what_in);
    else
        snprintf(what, sizeof what, "hint %s at 0x%08x (%s) is wrong",
                 xl_native_text(nat_uop->op, nat_uop->imm, text, sizeof text), f, fname(base, f));
    harness hs;
    if (harness_open(base, f, &hs, err))
        return -1;
    uint64_t seed = (uint64_t)f << 16 ^ nat_uop->op ^ (uint64_t)nat_uop->imm << 48;
    int has_result = nat_uop->op == UOP_MEMCPY || nat_uop->op == UOP_MEMSET || nat_uop->op == UOP_MEMMOVE;
    int rc = 0;
    for (unsigned t = 0; !rc && t < trials; t++) {
        draw(nat_uop->op, (unsigned)nat_uop->imm, t, &seed, hs.tr);
        put_stub(hs.h.slots, (hs.site - base->code_base) >> base->slot_shift, hs.site, base, f,
                 hs.tr, has_result);
        rc = trial_once(&hs.h, max_cycles, fi, nat_uop, &base->slots[fi], hs.tr, what, t, err);
    }
    harness_close(&hs);
    return rc;
}

/* The limb count of function f (slot fi) as sized op uop: one run of its RISC-V
 * body alone on the largest operands (the op's max limbs, trial 0's shape); the
 * count is how far its writes at a0 reach, in words (a correct candidate writes
 * exactly r's n words there, and r's top word equals the random word it replaces
 * with odds 2^-32). 0 if the run did not return normally or wrote nothing at a0.
 * -1 only on a harness error. */
static int probe_limbs(const uisa_program *base, uint32_t fi, int uop, uint64_t max_cycles,
                       int32_t *limbs, uvm_err *err)
{
    uint32_t f = base->code_base + (fi << base->slot_shift), max = uisa_ops[uop].max_limbs;
    harness hs;
    if (harness_open(base, f, &hs, err))
        return -1;
    uint64_t seed = (uint64_t)f << 16 ^ (uint32_t)uop ^ 0xffull << 48;
    draw(uop, max, 0, &seed, hs.tr);
    put_stub(hs.h.slots, (hs.site - base->code_base) >> base->slot_shift, hs.site, base, f, hs.tr, 0);
    outbuf o;
    vm_result r;
    int rc = run_one(&hs.h, max_cycles, &o, &r, err);
    *limbs = 0;
    if (!rc && r.stop == VM_STOP_EXIT && !r.exit_code && o.n == ARENA_OUT) {
        uint32_t at = hs.tr->a[0] - hs.tr->arena;
        for (uint32_t i = max; i > 0 && !*limbs; i--)
            if (memcmp(o.b + at + 4 * (i - 1), hs.tr->mem + at + 4 * (i - 1), 4))
                *limbs = (int32_t)i;
    }
    harness_close(&hs);
    return rc;
}

int hc_check_hints(const uisa_program *base, const uisa_program *nat, unsigned trials, uvm_err *err)
{
    if (base->n_slots != nat->n_slots || base->code_base != nat->code_base ||
        base->slot_shift != nat->slot_shift)
        return uvm_errf(err, "hint check: the two translations have different code layouts");
    int n = 0;
    for (uint32_t i = 0; i < nat->n_slots; i++) {
        const uisa_uop *u = &nat->slots[i];
        if (u->op >= UOP_COUNT || uisa_ops[u->op].tier != TIER_NATIVE ||
            base->slots[i].op == u->op)
            continue;
        if (check_one(base, i, u, trials, HC_MAX_CYCLES, NULL, err))
            return -1;
        n++;
    }
    return n;
}

int hc_check_candidate(const uisa_program *base, uint32_t f, int uop, int32_t *limbs,
                       unsigned trials, uint64_t max_cycles, uvm_err *err)
{
    const uisa_uop *u = uisa_slot(base, f);
    if (uop < 0 || uop >= UOP_COUNT || uisa_ops[uop].tier != TIER_NATIVE)
        return uvm_errf(err, "not a native op (%d)", uop);
    unsigned max = uisa_ops[uop].max_limbs;
    if (max ? *limbs < 0 || *limbs > (int32_t)max : *limbs != 0)
        return uvm_errf(err, "%s: limb count %d out of range", uisa_ops[uop].name, (int)*limbs);
    if (!u || u->op == UOP_TRAP || uisa_ops[u->op].tier != TIER_BASE)
        return uvm_errf(err, "0x%08x is not the start of a translated instruction", f);
    if (max_cycles > HC_MAX_CYCLES)
        max_cycles = HC_MAX_CYCLES;
    uint32_t fi = (f - base->code_base) >> base->slot_shift;
    if (max && !*limbs) {
        if (probe_limbs(base, fi, uop, max_cycles, limbs, err))
            return -1;
        if (!*limbs)
            return uvm_errf(err, "rejected: on %u-limb operands the RISC-V body wrote nothing "
                            "at a0 or did not return normally", max);
    }
    uisa_uop nat = {0}; /* as the native pass writes it (native.c apply): len kept */
    nat.op = (uint8_t)uop, nat.imm = *limbs, nat.len = u->len, nat.ninsn = uisa_ops[uop].ninsn;
    return check_one(base, fi, &nat, trials, max_cycles, "rejected", err);
}
