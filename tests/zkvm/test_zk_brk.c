/* test_zk_brk.c — the brk events of a segment's statement (zk_memmap.h
 * zk_brk_ev, chip_sys.c BUS_BRK, zk_memmap_brk_chain).
 * Honest: a guest whose break grows, shrinks, grows and shrinks again, with a
 * query and a refused request between, proves and verifies in one segment and
 * in many, and the statement lists exactly its brk calls with the breaks a
 * host model of vm_mem_brk gives (exit = the sum of the returned breaks plus a
 * word read back from the heap).
 * Soundness (the statement changed on the prover side only, the unchanged
 * verifier rejects): an event moved to another step, a grow claimed to another
 * break with the chain kept consistent, a query dropped, a query added (each
 * a chain the verifier's own check accepts, so the STARK's BRK bus refuses
 * it); a wrong first break (the chain check names it); and the events rewritten
 * to hide a grow, so that a heap page mapped earlier in the segment would pass
 * as never mapped for a fault key (the honest prover refuses that run). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "zk_file.h"
#include "zk_int.h"
#include "zk_memmap.h"
#include "zkt.h"

#define EFAULT_RET 0xfffffff2u

static uint32_t heap_lo(vmt *t)
{
    uint32_t lo, hi;
    vm_heap_bounds(&t->p, NULL, &lo, &hi);
    return lo;
}

/* The requests of the honest guest, relative to the heap's start lo (0: a
 * query; HIGH: above the limit, refused). */
#define HIGH 0xffffffffu
static const uint32_t reqs[] = {0, 0x2000, 0x1000, HIGH, 0x3000, 0x1800, 0};
#define N_REQ (sizeof reqs / sizeof reqs[0])

/* brk(a0): s2 += a0 (the break it returns). */
static void brk_call(vmt *t, uint32_t req)
{
    vmt_li(t, X_A0, req);
    vmt_syscall(t, 214);
    vmt_op(t, UOP_ADD, X_S2, X_S2, X_A0, 0);
}

/* The guest: the requests of reqs[], a word stored at lo + 0x10 after the
 * first grow (its page stays mapped to the end) and loaded back before the
 * exit; exit = s2 + the word. */
static vmt *brk_guest(void)
{
    vmt *t = vmt_new();
    vmt_finish(t); /* the heap bounds (vmt_finish again at the end) */
    uint32_t lo = heap_lo(t);
    for (unsigned i = 0; i < N_REQ; i++) {
        brk_call(t, reqs[i] == HIGH ? HIGH : reqs[i] ? lo + reqs[i] : 0);
        if (i == 1) {
            vmt_li(t, X_T1, lo + 0x10);
            vmt_li(t, X_T0, 0x5a5a1234);
            vmt_op(t, UOP_SW, 0, X_T1, X_T0, 0);
        }
    }
    vmt_li(t, X_T1, lo + 0x10);
    vmt_op(t, UOP_LW, X_T0, X_T1, 0, 0);
    vmt_op(t, UOP_ADD, X_A0, X_S2, X_T0, 0);
    vmt_syscall(t, 93);
    vmt_finish(t);
    return t;
}

/* Host model of vm_mem_brk over reqs[]: the break after each call in brk[],
 * returns the guest's exit code. */
static uint32_t model(uint32_t lo, uint32_t lim, uint32_t brk[N_REQ])
{
    uint32_t cur = lo, sum = 0;
    for (unsigned i = 0; i < N_REQ; i++) {
        uint32_t r = reqs[i] == HIGH ? HIGH : reqs[i] ? lo + reqs[i] : 0;
        if (r >= (lo ? lo : 1) && r <= lim)
            cur = r;
        brk[i] = cur;
        sum += cur;
    }
    return sum + 0x5a5a1234u;
}

/* Proves and verifies the guest with segments of seg_uops uops (0: one
 * segment) and checks the events of its statement against the model. */
static void honest(uint64_t seg_uops)
{
    vmt *t = brk_guest();
    uint32_t lo, lim, brk[N_REQ];
    vm_heap_bounds(&t->p, NULL, &lo, &lim);
    uint32_t want = model(lo, lim, brk);
    zk_prove_opts o = zkt_opts();
    if (seg_uops)
        o.segment_uops = seg_uops;
    zkt_proved r = zkt_prove_verify(t, &o, want);
    zk_file f;
    uvm_err err = {{0}};
    assert_int_equal(zk_file_parse(r.proof, r.len, &f, &err), 0);
    if (!seg_uops)
        assert_int_equal(f.n_seg, 1);
    else
        assert_true(f.n_seg >= 4);
    unsigned k = 0;
    uint32_t prev = lo;
    for (uint32_t i = 0; i < f.n_seg; i++)
        for (uint32_t j = 0; j < f.seg[i].n_brk; j++, k++) {
            assert_true(k < N_REQ);
            assert_int_equal(f.seg[i].brk[j].old, prev);
            assert_int_equal(f.seg[i].brk[j].brk, brk[k]);
            assert_true(f.seg[i].brk[j].ts < f.seg[i].n_steps);
            prev = brk[k];
        }
    assert_int_equal(k, N_REQ);
    zk_file_free(&f);
    zkt_proved_free(&r);
    vmt_free(t);
}

static void test_honest_one_segment(void **s)
{
    (void)s;
    honest(0);
}

static void test_honest_segments(void **s)
{
    (void)s;
    honest(9);
}

/* ---- forged statements ---- */

typedef enum forge_kind { F_TS, F_GROW, F_DROP, F_ADD, F_FIRST, F_HIDE } forge_kind;
typedef struct forge { forge_kind kind; uint32_t lo; zk_brk_ev *added; } forge;

static void forge_events(void *ctx, zk_file *f)
{
    forge *g = ctx;
    zk_seg *s = &f->seg[0];
    zk_brk_ev *e = s->brk;
    switch (g->kind) {
    case F_TS: /* the grow moved one step later: still below the next event */
        e[1].ts += 1;
        break;
    case F_GROW: /* the first grow claimed to another break, the next old with it */
        e[1].brk += 0x1000, e[2].old += 0x1000;
        break;
    case F_DROP: /* the first query (old = new) dropped */
        memmove(e, e + 1, (s->n_brk - 1) * sizeof *e);
        s->n_brk--;
        break;
    case F_ADD: /* a query that never ran, at step 0 (the first brk row is later) */
        g->added = malloc((s->n_brk + 1) * sizeof *e);
        g->added[0] = (zk_brk_ev){0, g->lo, g->lo};
        memcpy(g->added + 1, e, s->n_brk * sizeof *e);
        free(s->brk);
        s->brk = g->added, s->n_brk++;
        break;
    case F_FIRST: /* the chain starts from another break */
        e[0].old += 4, e[0].brk += 4;
        break;
    case F_HIDE: /* grow then shrink rewritten as two queries at the final break */
        e[0].brk = e[1].old = e[1].brk;
        break;
    }
}

/* Proves t with the statement forged by kind; the verifier must reject,
 * with want in its error if given. The forger's copy of the events is freed
 * by zk_prove (g.added moved into the statement). */
static void forged(vmt *t, forge_kind kind, const char *want)
{
    forge g = {kind, heap_lo(t), NULL};
    zk_prove_opts o = zkt_opts();
    o.check_rows = 0;
    o.mutate_stmt = forge_events;
    o.mutate_ctx = &g;
    uint8_t *proof = NULL;
    size_t len = 0;
    uvm_err err = {{0}};
    if (zk_prove(&t->p, &o, &proof, &len, NULL, &err))
        fail_msg("forged proof not written (kind %d): %s", kind, err.msg);
    int rc = zk_verify(&t->p, proof, len, ZKT_MIN_SECURITY, NULL, &err);
    free(proof);
    if (!rc)
        fail_msg("forged brk events (kind %d) accepted", kind);
    if (want && !strstr(err.msg, want))
        fail_msg("kind %d: error '%s' lacks '%s'", kind, err.msg, want);
}

static void test_forged_events(void **s)
{
    (void)s;
    vmt *t = brk_guest();
    /* chains the verifier's own check accepts: only the BRK bus can refuse them */
    forged(t, F_TS, "proof rejected: segment 0");
    forged(t, F_GROW, "proof rejected: segment 0");
    forged(t, F_DROP, "proof rejected: segment 0");
    forged(t, F_ADD, "proof rejected: segment 0");
    forged(t, F_FIRST, "brk event 0 (ts");
    vmt_free(t);
}

/* grow to map page lo + 0x1000, shrink back below it, then write(1) from it:
 * -EFAULT on the VM, with the page mapped earlier in the segment. */
static vmt *fault_after_shrink(void)
{
    vmt *t = vmt_new();
    vmt_finish(t);
    uint32_t lo = heap_lo(t);
    brk_call(t, lo + 0x2000);
    brk_call(t, lo + 0x10);
    vmt_li(t, X_A0, 1);
    vmt_li(t, X_A1, lo + 0x1000);
    vmt_li(t, X_A2, 4);
    vmt_syscall(t, 64);
    vmt_syscall(t, 93);
    vmt_finish(t);
    return t;
}

static void test_hidden_grow(void **s)
{
    (void)s;
    /* the verifier accepts a fault key only on a page unmapped at every
     * step: this one was mapped, so the honest prover refuses the run */
    zkt_expect_refusal(fault_after_shrink(), NULL, "is writable");
    /* events claiming the break never passed lo + 0x10: the page check
     * passes, the BRK bus refuses */
    vmt *t = fault_after_shrink();
    forged(t, F_HIDE, "proof rejected: segment 0");
    vmt_free(t);
}

/* ---- the verifier's chain check ---- */

static void chain(uint32_t before, uint32_t fin, const zk_brk_ev *e, uint64_t n, uint32_t want_max,
                  const char *want)
{
    uvm_err err = {{0}};
    uint32_t mx = 0;
    int rc = zk_memmap_brk_chain(before, fin, e, n, 100, &mx, &err);
    if (!want) {
        if (rc)
            fail_msg("chain refused: %s", err.msg);
        assert_int_equal(mx, want_max);
        return;
    }
    if (!rc)
        fail_msg("chain accepted (want '%s')", want);
    if (!strstr(err.msg, want))
        fail_msg("error '%s' lacks '%s'", err.msg, want);
}

static void test_chain(void **s)
{
    (void)s;
    const zk_brk_ev ok[] = {{3, 100, 100}, {7, 100, 900}, {8, 900, 200}, {50, 200, 300}};
    chain(100, 300, ok, 4, 900, NULL);
    chain(100, 100, NULL, 0, 100, NULL);
    chain(100, 300, NULL, 0, 0, "brk events end at break 0x00000064, the break key's final is "
                                "0x0000012c");
    chain(104, 300, ok, 4, 0, "brk event 0 (ts 3): break before 0x00000064, the chain has "
                              "0x00000068");
    chain(100, 200, ok, 3, 900, NULL);
    chain(100, 300, ok, 3, 0, "the break key's final is");
    const zk_brk_ev gap[] = {{3, 100, 500}, {7, 400, 300}};
    chain(100, 300, gap, 2, 0, "brk event 1 (ts 7): break before 0x00000190");
    const zk_brk_ev order[] = {{7, 100, 500}, {7, 500, 300}};
    chain(100, 300, order, 2, 0, "brk event 1: ts 7 (events must be in increasing ts");
    const zk_brk_ev late[] = {{100, 100, 500}};
    chain(100, 500, late, 1, 0, "below the segment's 100 steps");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain),
        cmocka_unit_test(test_honest_one_segment),
        cmocka_unit_test(test_honest_segments),
        cmocka_unit_test(test_forged_events),
        cmocka_unit_test(test_hidden_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
