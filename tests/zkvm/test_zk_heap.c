/* test_zk_heap.c — the break applied to heap words (zk_memmap.h lifetimes:
 * births at grows, kills at shrinks, zk_memmap_heap; memfinal kill rows and
 * the KILL bus in zk_air.c; released words read 0 across segments, zk_wit.c
 * zk_mem_value).
 * Honest: guests that grow, write, shrink, grow again and read (a regrown
 * word reads 0) prove and verify in one segment and in many, with keys of 1,
 * 2 and 3 lifetimes, a lifetime never accessed and a key dead at the end
 * (final 0); the three-segment case (written in segment 1, released and
 * regrown untouched in segment 2, read in segment 3) reads 0; a key with no
 * lifetime is refused. The exit code is a checksum of every load, computed
 * by a host model of vm_mem_brk's page release.
 * Soundness (prover side only, the unchanged verifier rejects): the witness
 * of the memory model without lifetimes (zk_prove_opts fault.heap_stale:
 * chains run on through a shrink, each kill consumes the word's next birth,
 * i.e. a tuple newer than the shrink) proving (1) a store above the break
 * between a shrink and a regrow, read back after the regrow, (2) a regrown
 * word read with its old value, in one segment and across three; (3) the
 * honest witness with a kill row dropped or claimed at another timestamp,
 * and each cell of a kill row (and a final row's kill flag) plus one;
 * (4) a statement giving a key dead at the end a non-zero final. A control:
 * the same forging prover on a run without a shrink is accepted, so the
 * rejections come from the lifetimes. Caps: more than ZK_MAX_HEAP_LIFE births
 * and kills are refused by the shared function, by the prover (a guest that
 * shrinks and regrows a fully written page 4097 times) and by the verifier
 * (a statement whose events claim that many), before allocating. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"
#include "zk_file.h"
#include "zk_int.h"
#include "zk_memmap.h"
#include "zk_wit.h"
#include "zkt.h"

static uint32_t heap_lo(vmt *t)
{
    uint32_t lo, hi;
    vm_heap_bounds(&t->p, NULL, &lo, &hi);
    return lo;
}

/* ---- guests from a script ---- */

typedef enum { BRK, ST, LD, PAD, END } step_kind;
typedef struct step { step_kind k; uint32_t a, v; } step; /* a: offset from the heap start */

#define W1 0x0010u /* page 0 */
#define W2 0x1010u /* page 1 */
#define W3 0x2010u /* page 2 */
#define W4 0x2020u /* page 2 */

/* Emits the script; PAD v: no-ops up to uop v (a segment boundary). Returns
 * the pc of each LD's load in ld_pc (if given). The exit code is s2, where
 * each LD does s2 = 2*s2 ^ word. */
static vmt *guest(const step *sc, uint32_t *ld_pc, uint32_t *st_pc)
{
    vmt *t = vmt_new();
    vmt_finish(t);
    uint32_t lo = heap_lo(t), nl = 0, ns = 0;
    vmt_li(t, X_T2, VMT_DATA); /* for the prover's copy in test_forged_store_above_break */
    for (const step *s = sc; s->k != END; s++) {
        switch (s->k) {
        case BRK:
            vmt_li(t, X_A0, lo + s->a);
            vmt_syscall(t, 214);
            break;
        case ST:
            vmt_li(t, X_T1, lo + s->a);
            vmt_li(t, X_T0, s->v);
            if (st_pc)
                st_pc[ns++] = vmt_pc(t);
            vmt_op(t, UOP_SW, 0, X_T1, X_T0, 0);
            break;
        case LD:
            vmt_li(t, X_T1, lo + s->a);
            if (ld_pc)
                ld_pc[nl++] = vmt_pc(t);
            vmt_op(t, UOP_LW, X_T0, X_T1, 0, 0);
            vmt_op(t, UOP_ADD, X_S2, X_S2, X_S2, 0);
            vmt_op(t, UOP_XOR, X_S2, X_S2, X_T0, 0);
            break;
        case PAD:
            while ((vmt_pc(t) - VMT_CODE) / 4 < s->v)
                vmt_op(t, UOP_ADDI, 0, 0, 0, 0);
            break;
        default:
            break;
        }
    }
    vmt_op(t, UOP_ADDI, X_A0, X_S2, 0, 0);
    vmt_syscall(t, 93);
    vmt_finish(t);
    return t;
}

/* Host model of the script under vm_mem_brk: pages released by a shrink read
 * 0 when grown again. Returns the exit code. */
static uint32_t model(const step *sc)
{
    static uint32_t mem[4 * 1024];
    uint32_t brk = 0, s2 = 0;
    memset(mem, 0, sizeof mem);
    for (const step *s = sc; s->k != END; s++) {
        if (s->k == BRK) {
            uint32_t old_end = (brk + 4095) & ~4095u, new_end = (s->a + 4095) & ~4095u;
            if (new_end < old_end)
                memset(mem + new_end / 4, 0, (old_end - new_end));
            brk = s->a;
        } else if (s->k == ST) {
            mem[s->a / 4] = s->v;
        } else if (s->k == LD) {
            s2 = 2 * s2 ^ mem[s->a / 4];
        }
    }
    return s2;
}

/* Keys of 1 (W1), 3 (W2), 2 (W3: dead at the end) lifetimes; W4's second
 * lifetime is never accessed (its kill consumes the birth). */
static const step lifetimes[] = {
    {BRK, 0x3000, 0}, {ST, W1, 0x11}, {ST, W2, 0x22}, {ST, W3, 0x33}, {ST, W4, 0x44},
    {BRK, 0x1000, 0}, {LD, W1, 0},    {BRK, 0x2000, 0}, {LD, W2, 0},  {ST, W2, 0x55},
    {BRK, 0x1000, 0}, {BRK, 0x3000, 0}, {LD, W2, 0},  {LD, W3, 0},    {ST, W3, 0x66},
    {LD, W1, 0},      {BRK, 0x2000, 0}, {END, 0, 0}};

/* Lifetimes of key lo + a in the script (the host's count, for the statement check). */
static unsigned n_lifetimes(const step *sc, uint32_t a)
{
    uint32_t brk = 0;
    unsigned n = 0;
    for (const step *s = sc; s->k != END; s++)
        if (s->k == BRK) {
            n += brk <= (a & ~4095u) && s->a > (a & ~4095u);
            brk = s->a;
        }
    return n;
}

/* Proves and verifies the script; the security report (which rebuilds each
 * segment's system, memfinal's width included, from the statement) works too. */
static zkt_proved honest(const step *sc, uint64_t seg_uops)
{
    vmt *t = guest(sc, NULL, NULL);
    zk_prove_opts o = zkt_opts();
    o.segment_uops = seg_uops;
    zkt_proved r = zkt_prove_verify(t, &o, model(sc));
    stark_security sec;
    uvm_err err = {{0}};
    if (zk_security(&t->p, r.proof, r.len, &sec, &err))
        fail_msg("security: %s", err.msg);
    vmt_free(t);
    return r;
}

static void test_honest_one_segment(void **s)
{
    (void)s;
    assert_int_equal(n_lifetimes(lifetimes, W1), 1);
    assert_int_equal(n_lifetimes(lifetimes, W2), 3);
    assert_int_equal(n_lifetimes(lifetimes, W3), 2);
    assert_int_equal(model(lifetimes), ((((0x11u * 2) ^ 0) * 2 ^ 0) * 2 ^ 0) * 2 ^ 0x11);
    zkt_proved r = honest(lifetimes, 0);
    zk_file f;
    uvm_err err = {{0}};
    assert_int_equal(zk_file_parse(r.proof, r.len, &f, &err), 0);
    assert_int_equal(f.n_seg, 1);
    /* the statement: W3 is touched and dead at the end, so its final is 0 */
    uint32_t lo = 0, hi;
    vmt *t = guest(lifetimes, NULL, NULL);
    vm_heap_bounds(&t->p, NULL, &lo, &hi);
    vmt_free(t);
    int seen = 0;
    for (uint64_t k = 0; k < f.seg[0].n_touched; k++)
        if (f.seg[0].keys[k] == ZK_KEY_RAM(lo + W3))
            assert_int_equal(f.seg[0].final[k], 0), seen = 1;
    assert_true(seen);
    /* memfinal: 4 heap words' kills (W2 2, W3 2, W4 2) as extra rows */
    assert_int_equal(r.rep.rows[ZC_FINAL], f.seg[0].n_touched - 2 + 6);
    zk_file_free(&f);
    zkt_proved_free(&r);
}

static void test_honest_segments(void **s)
{
    (void)s;
    zkt_proved r = honest(lifetimes, 6);
    assert_true(r.cl.n_seg >= 4);
    zkt_proved_free(&r);
}

/* Written in segment 1, released and regrown untouched in segment 2, read in
 * segment 3 (segments of 16 uops). */
static const step three_seg[] = {
    {BRK, 0x2000, 0}, {ST, W2, 0x77}, {PAD, 0, 16}, {BRK, 0x1000, 0}, {BRK, 0x2000, 0},
    {PAD, 0, 32},     {LD, W2, 0},    {END, 0, 0}};

static void test_honest_three_segments(void **s)
{
    (void)s;
    assert_int_equal(model(three_seg), 0);
    zkt_proved r = honest(three_seg, 16);
    zk_file f;
    uvm_err err = {{0}};
    assert_int_equal(zk_file_parse(r.proof, r.len, &f, &err), 0);
    assert_int_equal(f.n_seg, 3);
    vmt *t = guest(three_seg, NULL, NULL);
    uint32_t lo = heap_lo(t);
    vmt_free(t);
    for (uint64_t k = 0; k < f.seg[1].n_touched; k++) /* segment 2 never touches W2 */
        assert_true(f.seg[1].keys[k] != ZK_KEY_RAM(lo + W2));
    assert_int_equal(f.seg[1].n_brk, 2);
    zk_file_free(&f);
    zkt_proved_free(&r);
}

/* The verifier's boundary check: a heap key mapped at no step of the segment
 * (no lifetime) is refused; one with a lifetime is accepted. */
static void test_no_lifetime_refused(void **s)
{
    (void)s;
    vmt *t = guest(lifetimes, NULL, NULL);
    uint32_t lo, lim;
    vm_heap_bounds(&t->p, NULL, &lo, &lim);
    zk_brk_ev ev[2] = {{3, lo, lo + 0x2000}, {9, lo + 0x2000, lo + 0x1000}};
    uint64_t keys[2] = {ZK_KEY_RAM(lo + 0x1000), ZK_KEY_RAM(lo + 0x2000)};
    uint32_t zero[2] = {0, 0};
    uvm_err err = {{0}};
    for (int bad = 0; bad < 2; bad++) {
        zk_heap h;
        assert_int_equal(zk_memmap_heap(lo, lim, lo, ev, 2, keys + bad, 1, &h, &err), 0);
        assert_int_equal(h.n_life, bad ? 0 : 2); /* page 1: born at 3, killed at 9 */
        int rc = zk_memmap_check(&t->p, &h, keys + bad, zero, zero, 1, &err);
        zk_heap_free(&h);
        if (bad) {
            assert_int_not_equal(rc, 0);
            assert_non_null(strstr(err.msg, "is heap above the break"));
        } else {
            assert_int_equal(rc, 0);
        }
    }
    vmt_free(t);
}

/* ---- forged proofs ---- */

/* The forger: the witness without lifetimes (fault.heap_stale), the VM's
 * records of the loads at ld_pc[] replaced by the word the forger claims
 * (claim[]), the exit code by exit_claim; exec: the program the prover's VM
 * runs (NULL: the guest's). */
typedef struct forge {
    uint32_t ld_pc[4], claim[4], n_ld;
    uint32_t exit_claim;
} forge;

static void patch_trace(void *ctx, uint32_t seg, struct vm_trace *t)
{
    (void)seg;
    const forge *g = ctx;
    for (uint64_t i = 0; i < t->n; i++)
        for (uint32_t k = 0; k < g->n_ld; k++)
            if (VMT_CODE + 4 * t->rec[i].slot == g->ld_pc[k])
                t->rec[i].w = t->rec[i].mval = g->claim[k];
}

static void claim_exit(void *ctx, gl_matrix *tr, uint32_t *ec, uint8_t *out, size_t ol,
                       uint64_t *keys, uint32_t *init, uint64_t n)
{
    (void)tr, (void)out, (void)ol, (void)keys, (void)init, (void)n;
    *ec = ((const forge *)ctx)->exit_claim;
}

/* Proves t with the stale forger; returns the verifier's verdict (0:
 * accepted) with its error in err. The forged proof must be written; a
 * rejection must name want (if given). */
static int stale_prove(vmt *t, const uisa_program *exec, forge *g, uint64_t seg_uops,
                       const char *want, uvm_err *err)
{
    zk_prove_opts o = zkt_opts();
    o.check_rows = 0;
    o.segment_uops = seg_uops;
    o.fault.heap_stale = 1;
    o.fault.exec = exec;
    o.fault.trace = patch_trace;
    o.mutate = claim_exit;
    o.mutate_ctx = g;
    uint8_t *proof = NULL;
    size_t len = 0;
    if (zk_prove(&t->p, &o, &proof, &len, NULL, err))
        fail_msg("the forging prover failed: %s", err->msg);
    int rc = zk_verify(&t->p, proof, len, ZKT_MIN_SECURITY, NULL, err);
    free(proof);
    if (rc && want && !strstr(err->msg, want))
        fail_msg("error '%s' lacks '%s'", err->msg, want);
    return rc;
}

/* The control: without a shrink the stale forger's proof is the honest one,
 * and verifies (so the rejections below are the lifetimes' doing). */
static void test_stale_control(void **s)
{
    (void)s;
    static const step sc[] = {{BRK, 0x2000, 0}, {ST, W2, 0x77}, {LD, W2, 0}, {END, 0, 0}};
    forge g = {.n_ld = 1, .claim = {0x77}, .exit_claim = 0x77};
    vmt *t = guest(sc, g.ld_pc, NULL);
    uvm_err err = {{0}};
    if (stale_prove(t, NULL, &g, 0, NULL, &err))
        fail_msg("the control was rejected: %s", err.msg);
    vmt_free(t);
}

/* (2) A regrown word read with its old value: the load consumes the store's
 * tuple across the kill, and the kill row the word's birth (newer than the
 * shrink): the kill's ts < E fails. In one segment and in three. */
static void test_forged_regrown_old_value(void **s)
{
    (void)s;
    static const step sc[] = {{BRK, 0x2000, 0}, {ST, W2, 0x77}, {BRK, 0x1000, 0},
                              {BRK, 0x2000, 0}, {LD, W2, 0},    {END, 0, 0}};
    assert_int_equal(model(sc), 0);
    forge g = {.n_ld = 1, .claim = {0x77}, .exit_claim = 0x77};
    vmt *t = guest(sc, g.ld_pc, NULL);
    uvm_err err = {{0}};
    assert_int_not_equal(stale_prove(t, NULL, &g, 0, "memfinal", &err), 0);
    vmt_free(t);
}

static void test_forged_regrown_across_segments(void **s)
{
    (void)s;
    forge g = {.n_ld = 1, .claim = {0x77}, .exit_claim = 0x77};
    vmt *t = guest(three_seg, g.ld_pc, NULL);
    uvm_err err = {{0}};
    /* the forger's map keeps 0x77 for segment 3; the verifier derives 0 */
    assert_int_not_equal(stale_prove(t, NULL, &g, 16, "segment 2 of 3: logup", &err), 0);
    vmt_free(t);
}

/* (1) A store above the break between a shrink and a regrow (the VM faults;
 * the prover's copy stores to .data instead), read back after the regrow. */
static void test_forged_store_above_break(void **s)
{
    (void)s;
    static const step sc[] = {{BRK, 0x2000, 0}, {ST, W2, 0x77}, {BRK, 0x1000, 0},
                              {ST, W2, 0x99},   {BRK, 0x2000, 0}, {LD, W2, 0}, {END, 0, 0}};
    forge g = {.n_ld = 1, .claim = {0x99}, .exit_claim = 0x99};
    uint32_t st_pc[2];
    vmt *t = guest(sc, g.ld_pc, st_pc);
    vmt_run(t, NULL);
    assert_int_equal(t->res.stop, VM_STOP_FAULT); /* at the second store */
    vmt *q = guest(sc, NULL, NULL);
    /* the prover's VM: the same slots, the second store to .data (t2) */
    uint32_t i = (st_pc[1] - VMT_CODE) / 4;
    vmt *d = vmt_new();
    vmt_op(d, UOP_SW, 0, X_T2, X_T0, 0);
    q->slots[i] = d->slots[0], q->raw[i] = d->raw[0];
    vmt_free(d);
    uvm_err err = {{0}};
    assert_int_not_equal(stale_prove(t, &q->p, &g, 0, "memfinal", &err), 0);
    vmt_free(q);
    vmt_free(t);
}

/* (3) The honest witness with one kill row changed: dropped (its R16 counts
 * taken back), or claimed at the next step's timestamp (limbs and counts
 * redone). The KILL bus (and MEM: the consumed tuple) no longer balances. */
typedef struct kill_edit { int drop; int done; } kill_edit;

static void edit_kill(void *ctx, gl_matrix *tr, uint32_t *ec, uint8_t *out, size_t ol,
                      uint64_t *keys, uint32_t *init, uint64_t n)
{
    (void)ec, (void)out, (void)ol, (void)keys, (void)init, (void)n;
    kill_edit *e = ctx;
    gl_matrix *m = &tr[ZC_FINAL], *rg = &tr[ZC_RANGE];
    if (m->cols != MF_WIDE)
        return;
    for (size_t r = 0; r < m->rows && !e->done; r++) {
        gl_t *row = &m->data[r * m->cols];
        if (row[MF_K] != 1)
            continue;
        rg->data[2 * row[MF_LA]]--, rg->data[2 * row[MF_LB]]--;
        if (e->drop) {
            memset(row, 0, m->cols * sizeof *row);
        } else {
            row[MF_E] += 4;
            uint64_t d = row[MF_E] - row[MF_TS] - 1;
            row[MF_LA] = d & 0xffff, row[MF_LB] = d >> 16;
            rg->data[2 * row[MF_LA]]++, rg->data[2 * row[MF_LB]]++;
        }
        e->done = 1;
    }
}

/* Proves t with the forging options o (the prover must succeed: a refusal
 * would prove nothing) and requires the unchanged verifier to reject, with an
 * error containing want (NULL: any error); what names the mutant. */
static void forge_rejected(vmt *t, const zk_prove_opts *o, const char *want, const char *what)
{
    uint8_t *proof = NULL;
    size_t len = 0;
    uvm_err err = {{0}};
    if (zk_prove(&t->p, o, &proof, &len, NULL, &err))
        fail_msg("%s: the forging prover failed: %s", what, err.msg);
    if (!zk_verify(&t->p, proof, len, ZKT_MIN_SECURITY, NULL, &err))
        fail_msg("%s: accepted", what);
    if (want && !strstr(err.msg, want))
        fail_msg("%s: error '%s', want '%s'", what, err.msg, want);
    free(proof);
}

static void test_forged_kill_rows(void **s)
{
    (void)s;
    static const step sc[] = {{BRK, 0x2000, 0}, {ST, W2, 0x77}, {BRK, 0x1000, 0},
                              {BRK, 0x2000, 0}, {LD, W2, 0},    {END, 0, 0}};
    for (int drop = 0; drop < 2; drop++) {
        vmt *t = guest(sc, NULL, NULL);
        kill_edit e = {drop, 0};
        zk_prove_opts o = zkt_opts();
        o.check_rows = 0;
        o.mutate = edit_kill;
        o.mutate_ctx = &e;
        forge_rejected(t, &o, "logup: bus sums do not balance",
                       drop ? "kill row dropped" : "kill row moved");
        assert_true(e.done);
        vmt_free(t);
    }
}

/* Every cell of a kill row, and the kill flag of a final row, plus one: the
 * unchanged verifier rejects each (the cells a final row leaves to K = 0,
 * E/LA/LB, are inert: multiplied by K in every constraint and interaction). */
typedef struct cell_edit { int kill; unsigned col; int done; } cell_edit;

static void edit_cell(void *ctx, gl_matrix *tr, uint32_t *ec, uint8_t *out, size_t ol,
                      uint64_t *keys, uint32_t *init, uint64_t n)
{
    (void)ec, (void)out, (void)ol, (void)keys, (void)init, (void)n;
    cell_edit *e = ctx;
    gl_matrix *m = &tr[ZC_FINAL];
    if (m->cols != MF_WIDE)
        return;
    for (size_t r = 0; r < m->rows && !e->done; r++) {
        gl_t *row = &m->data[r * m->cols];
        if (row[e->kill ? MF_K : MF_F] == 1) {
            row[e->col] = gl_add(row[e->col], 1);
            e->done = 1;
        }
    }
}

static void test_kill_row_cells(void **s)
{
    (void)s;
    static const step sc[] = {{BRK, 0x2000, 0}, {ST, W2, 0x77}, {BRK, 0x1000, 0},
                              {BRK, 0x2000, 0}, {LD, W2, 0},    {END, 0, 0}};
    for (unsigned col = 0; col <= MF_WIDE; col++) {
        vmt *t = guest(sc, NULL, NULL);
        cell_edit e = {col < MF_WIDE, col < MF_WIDE ? col : MF_K, 0};
        zk_prove_opts o = zkt_opts();
        o.check_rows = 0;
        o.mutate = edit_cell;
        o.mutate_ctx = &e;
        char what[64];
        snprintf(what, sizeof what, "%s row column %u + 1", e.kill ? "kill" : "final", e.col);
        forge_rejected(t, &o, NULL, what);
        assert_true(e.done);
        vmt_free(t);
    }
}

/* (4) A key dead at the segment's end given a non-zero final: nothing in the
 * STARK receives it (no TOUCH), so the verifier's check must refuse it, or
 * the next segment would read it. */
typedef struct final_edit { uint64_t key; } final_edit;

static void edit_final(void *ctx, zk_file *f)
{
    const final_edit *e = ctx;
    for (uint64_t k = 0; k < f->seg[0].n_touched; k++)
        if (f->seg[0].keys[k] == e->key)
            f->seg[0].final[k] = 0x77;
}

static void test_forged_dead_final(void **s)
{
    (void)s;
    static const step sc[] = {{BRK, 0x2000, 0}, {ST, W2, 0x77}, {BRK, 0x1000, 0}, {END, 0, 0}};
    vmt *t = guest(sc, NULL, NULL);
    final_edit e = {ZK_KEY_RAM(heap_lo(t) + W2)};
    zk_prove_opts o = zkt_opts();
    o.check_rows = 0;
    o.mutate_stmt = edit_final;
    o.mutate_ctx = &e;
    forge_rejected(t, &o, "must be 0", "a dead key's final 0x77");
    vmt_free(t);
}

/* ---- the cap on births and kills ---- */

#define CAP_CYCLES 4097u /* 1024 words x (2 x 4097 + 1) > 2^22 */

static void test_cap_shared(void **s)
{
    (void)s;
    enum { N = 1024, E = 2 * CAP_CYCLES + 1 };
    uint32_t lo = 0x100000, lim = 0x200000;
    uint64_t *keys = malloc(N * sizeof *keys);
    zk_brk_ev *ev = malloc(E * sizeof *ev);
    assert_non_null(keys), assert_non_null(ev);
    for (uint32_t i = 0; i < N; i++)
        keys[i] = ZK_KEY_RAM(lo + 4 * i);
    ev[0] = (zk_brk_ev){0, lo, lo + 0x1000};
    for (uint32_t i = 1; i < E; i++)
        ev[i] = (zk_brk_ev){i, i & 1 ? lo + 0x1000 : lo, i & 1 ? lo : lo + 0x1000};
    zk_heap h;
    uvm_err err = {{0}};
    assert_int_equal(zk_memmap_heap(lo, lim, lo, ev, E, keys, N, &h, &err), -1);
    assert_null(h.life);
    assert_non_null(strstr(err.msg, "more than 4194304 births and kills"));
    /* just below the cap: accepted */
    assert_int_equal(zk_memmap_heap(lo, lim, lo, ev, 4095, keys, N, &h, &err), 0);
    assert_int_equal(h.n_life, 1024u * 4095);
    zk_heap_free(&h);
    free(keys);
    free(ev);
}

/* The guest: grow one page, write all its 1024 words, then shrink and regrow
 * it `cycles` times (spin: an empty loop of that many iterations instead). */
static vmt *cap_guest(uint32_t cycles, uint32_t spin)
{
    vmt *t = vmt_new();
    vmt_finish(t);
    uint32_t lo = heap_lo(t);
    vmt_li(t, X_A0, lo + 0x1000);
    vmt_syscall(t, 214);
    vmt_li(t, X_T1, lo);
    vmt_li(t, X_T2, lo + 0x1000);
    uint32_t top = vmt_pc(t);
    vmt_op(t, UOP_SW, 0, X_T1, X_T1, 0);
    vmt_op(t, UOP_ADDI, X_T1, X_T1, 0, 4);
    vmt_op(t, UOP_BNE, 0, X_T1, X_T2, (int32_t)(top - vmt_pc(t)));
    vmt_li(t, X_S4, cycles ? cycles : spin);
    top = vmt_pc(t);
    if (cycles) {
        vmt_li(t, X_A0, lo);
        vmt_syscall(t, 214);
        vmt_li(t, X_A0, lo + 0x1000);
        vmt_syscall(t, 214);
    }
    vmt_op(t, UOP_ADDI, X_S4, X_S4, 0, -1);
    vmt_op(t, UOP_BNE, 0, X_S4, X_ZERO, (int32_t)(top - vmt_pc(t)));
    vmt_exit(t, 0);
    vmt_finish(t);
    return t;
}

static void test_cap_prover(void **s)
{
    (void)s;
    zkt_expect_refusal(cap_guest(CAP_CYCLES, 0), NULL, "more than 4194304 births and kills");
}

/* The verifier: an honest proof of a run that writes the page and spins,
 * whose statement then claims 2 x 4097 more brk events (a consistent chain). */
typedef struct cap_forge { uint32_t lo; zk_brk_ev *ev; } cap_forge;

static void add_events(void *ctx, zk_file *f)
{
    cap_forge *c = ctx;
    zk_seg *s = &f->seg[0];
    uint32_t n = 1 + 2 * CAP_CYCLES;
    c->ev = malloc(n * sizeof *c->ev);
    assert_non_null(c->ev);
    assert_int_equal(s->n_brk, 1);
    c->ev[0] = s->brk[0];
    for (uint32_t i = 1; i < n; i++)
        c->ev[i] = (zk_brk_ev){s->brk[0].ts + 2 * i, i & 1 ? c->lo + 0x1000 : c->lo,
                               i & 1 ? c->lo : c->lo + 0x1000};
    assert_true(c->ev[n - 1].ts < s->n_steps);
    free(s->brk);
    s->brk = c->ev, s->n_brk = n;
}

static void test_cap_verifier(void **s)
{
    (void)s;
    vmt *t = cap_guest(0, 9000);
    cap_forge c = {heap_lo(t), NULL};
    zk_prove_opts o = zkt_opts();
    o.check_rows = 0;
    o.mutate_stmt = add_events;
    o.mutate_ctx = &c;
    forge_rejected(t, &o, "more than 4194304 births and kills", "events over the cap");
    vmt_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_honest_one_segment),
        cmocka_unit_test(test_honest_segments),
        cmocka_unit_test(test_honest_three_segments),
        cmocka_unit_test(test_no_lifetime_refused),
        cmocka_unit_test(test_stale_control),
        cmocka_unit_test(test_forged_regrown_old_value),
        cmocka_unit_test(test_forged_regrown_across_segments),
        cmocka_unit_test(test_forged_store_above_break),
        cmocka_unit_test(test_forged_kill_rows),
        cmocka_unit_test(test_kill_row_cells),
        cmocka_unit_test(test_forged_dead_final),
        cmocka_unit_test(test_cap_shared),
        cmocka_unit_test(test_cap_prover),
        cmocka_unit_test(test_cap_verifier),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
