/* test_zk_seg.c — continuations: a run proved in 64-uop segments verifies;
 * reordered, dropped, duplicated segments, a segment spliced from another run
 * whose memory differs, a segment from a run with another input and a
 * tampered boundary value are all rejected. Files are edited through
 * zk_file (with the file hash recomputed), so the verifier's chain and
 * digest checks, not the file hash, must catch each change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "zk_file.h"
#include "zkt.h"

#define SEG 64
#define ITERS 40

/* M = the image word at VMT_DATA; 40 times: s2 += t0; M[data+4] = s2; t0--;
 * exit 0. Control flow does not depend on M, so two runs with different M
 * have identical segment boundaries (pcs, uop counts, touched keys) and
 * differ only in memory and register values. About 170 uops: 3 segments. */
static vmt *seg_prog(uint32_t m)
{
    vmt *t = vmt_new();
    memcpy(t->data, &m, 4);
    vmt_li(t, X_T2, VMT_DATA);
    vmt_op(t, UOP_LW, X_S2, X_T2, 0, 0);
    vmt_op(t, UOP_ADDI, X_T0, X_ZERO, 0, ITERS);
    uint32_t top = vmt_pc(t);
    vmt_op(t, UOP_ADD, X_S2, X_S2, X_T0, 0);
    vmt_op(t, UOP_SW, 0, X_T2, X_S2, 4);
    vmt_op(t, UOP_ADDI, X_T0, X_T0, 0, -1);
    vmt_op(t, UOP_BNE, 0, X_T0, X_ZERO, (int32_t)(top - vmt_pc(t)));
    vmt_exit(t, 0);
    vmt_finish(t);
    return t;
}

typedef struct proved { vmt *t; uint8_t *buf; size_t len; zk_file f; } proved;

static void prove(proved *r, uint32_t m, const char *input)
{
    r->t = seg_prog(m);
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    o.segment_uops = SEG;
    o.input = (const uint8_t *)input;
    o.input_len = input ? strlen(input) : 0;
    uvm_err err = {{0}};
    zk_report rep;
    if (zk_prove(&r->t->p, &o, &r->buf, &r->len, &rep, &err))
        fail_msg("prove: %s", err.msg);
    assert_int_equal(vmt_run(r->t, NULL), 0); /* the VM's own count */
    assert_int_equal(r->t->res.stop, VM_STOP_EXIT);
    assert_int_equal(rep.uops, r->t->res.uops);
    assert_int_equal(rep.n_seg, 3);
    zk_report_free(&rep);
    assert_int_equal(zk_file_parse(r->buf, r->len, &r->f, &err), 0);
}

static void drop(proved *r)
{
    zk_file_free(&r->f);
    free(r->buf);
    vmt_free(r->t);
}

/* Verifies f's header with the given segment list (a rewritten file). */
static int verify_with(const proved *a, const zk_seg *segs, uint32_t n, uvm_err *err)
{
    zk_file f = a->f;
    f.seg = (zk_seg *)segs;
    f.n_seg = n;
    uint8_t *buf;
    size_t len;
    assert_int_equal(zk_file_write(&f, &buf, &len, err), 0);
    int rc = zk_verify(&a->t->p, buf, len, ZKT_MIN_SECURITY, NULL, err);
    free(buf);
    return rc;
}

static void expect_reject(const proved *a, const zk_seg *segs, uint32_t n, const char *want)
{
    uvm_err err = {{0}};
    if (!verify_with(a, segs, n, &err))
        fail_msg("accepted: %s", want);
    if (!strstr(err.msg, want))
        fail_msg("error '%s' lacks '%s'", err.msg, want);
}

static proved A, B, C; /* M = 7; M = 9; M = 7 with another input */

static int setup(void **s)
{
    (void)s;
    prove(&A, 7, NULL);
    prove(&B, 9, NULL);
    prove(&C, 7, "other input");
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    drop(&A), drop(&B), drop(&C);
    return 0;
}

static void test_accepts(void **s)
{
    (void)s;
    uvm_err err = {{0}};
    zk_claim cl;
    if (zk_verify(&A.t->p, A.buf, A.len, ZKT_MIN_SECURITY, &cl, &err))
        fail_msg("verify: %s", err.msg);
    assert_int_equal(cl.n_seg, 3);
    assert_int_equal(cl.steps, A.t->res.uops); /* no fused uops: one step each */
    assert_int_equal(cl.exit_code, 0);
    zk_claim_free(&cl);
    /* the rewrite path itself keeps a valid proof valid */
    assert_int_equal(verify_with(&A, A.f.seg, A.f.n_seg, &err), 0);
    /* segments really start where the previous ended, at uop 64 and 128 */
    assert_int_equal(A.f.seg[1].start_step, SEG);
    assert_int_equal(A.f.seg[2].start_step, 2 * SEG);
    assert_int_equal(A.f.seg[2].ends_exit, 1);
}

static void test_reorder_drop_dup(void **s)
{
    (void)s;
    zk_seg v[4];
    v[0] = A.f.seg[0], v[1] = A.f.seg[2], v[2] = A.f.seg[1];
    expect_reject(&A, v, 3, "segment 1 of 3: starts at");
    v[0] = A.f.seg[1], v[1] = A.f.seg[0], v[2] = A.f.seg[2];
    expect_reject(&A, v, 3, "segment 0 of 3: starts at");
    /* a changed count changes every segment's digest: segment 0 fails first */
    v[0] = A.f.seg[0], v[1] = A.f.seg[2];
    expect_reject(&A, v, 2, "segment 0 of 2");              /* middle dropped */
    expect_reject(&A, A.f.seg, 2, "segment 0 of 2");        /* last dropped */
    expect_reject(&A, A.f.seg + 2, 1, "segment 0 of 1");    /* only the last */
    v[0] = A.f.seg[0], v[1] = A.f.seg[1], v[2] = A.f.seg[1], v[3] = A.f.seg[2];
    expect_reject(&A, v, 4, "segment 0 of 4");
}

/* B's segments have A's boundaries except for memory values: the splice
 * passes every chain check and only the derived initial values (through the
 * digest) reject it. */
static void test_splice(void **s)
{
    (void)s;
    uvm_err err = {{0}};
    assert_int_equal(zk_verify(&B.t->p, B.buf, B.len, ZKT_MIN_SECURITY, NULL, &err), 0);
    for (uint32_t i = 1; i < 3; i++) {
        assert_int_equal(A.f.seg[i].start_pc, B.f.seg[i].start_pc);
        assert_int_equal(A.f.seg[i].n_touched, B.f.seg[i].n_touched);
        zk_seg v[3] = {A.f.seg[0], A.f.seg[1], A.f.seg[2]};
        v[i] = B.f.seg[i];
        expect_reject(&A, v, 3, "proof rejected: segment");
    }
    /* a run with another input: its segments are bound to its statement */
    zk_seg v[3] = {A.f.seg[0], C.f.seg[1], A.f.seg[2]};
    expect_reject(&A, v, 3, "segment 1 of 3");
}

static void test_tampered_boundary(void **s)
{
    (void)s;
    zk_seg v[3] = {A.f.seg[0], A.f.seg[1], A.f.seg[2]};
    uint32_t fin[64];
    assert_true(v[1].n_touched <= 64);
    memcpy(fin, v[1].final, v[1].n_touched * 4);
    v[1].final = fin;
    for (uint64_t k = 0; k < v[1].n_touched; k += 3) {
        fin[k] ^= 1;
        expect_reject(&A, v, 3, "segment 1 of 3");
        fin[k] ^= 1;
    }
    v[1].end_pc += 4;
    expect_reject(&A, v, 3, "segment 1 of 3");
    v[1] = A.f.seg[1];
    v[1].n_steps--;
    expect_reject(&A, v, 3, "segment 1 of 3");
    v[1] = A.f.seg[1];
    v[1].n_touched--; /* the last key dropped from the boundary */
    expect_reject(&A, v, 3, "segment 1 of 3");
}

/* Fused uops proved by splitting take two steps each: segments count steps
 * in their boundary, and a run fused by the translator's pass (seg_prog's
 * addi; bne becomes ALU_BNE) still proves in 16-uop segments. */
static void test_fused_steps(void **s)
{
    (void)s;
    vmt *t = seg_prog(7);
    xl_options opt = {.level = 1, .fuse = 1};
    assert_int_equal(xl_fuse_pass(NULL, &opt, &t->p, &t->err), 0);
    vmt_finish(t);
    assert_int_equal(vmt_run(t, NULL), 0);
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    o.segment_uops = 40;
    uvm_err err = {{0}};
    uint8_t *buf;
    size_t len;
    if (zk_prove(&t->p, &o, &buf, &len, NULL, &err))
        fail_msg("prove: %s", err.msg);
    zk_claim cl;
    if (zk_verify(&t->p, buf, len, ZKT_MIN_SECURITY, &cl, &err))
        fail_msg("verify: %s", err.msg);
    assert_int_equal(cl.n_seg, (t->res.uops + 39) / 40);
    assert_true(cl.steps > t->res.uops); /* some uops were fused */
    assert_int_equal(cl.steps, A.t->res.uops); /* the base run: one step per uop */
    zk_claim_free(&cl);
    free(buf);
    vmt_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts),
        cmocka_unit_test(test_reorder_drop_dup),
        cmocka_unit_test(test_splice),
        cmocka_unit_test(test_tampered_boundary),
        cmocka_unit_test(test_fused_steps),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
