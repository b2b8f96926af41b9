/* test_zk_forge.c — forged proofs of two false statements (issue 14), each
 * built by changing only the prover side, which the unchanged verifier must
 * reject: a MEMCPY overlapping its source from above proved with memmove's
 * result (its output), and an exiting segment claiming another step count.
 * Around them: the honest runs next to each forgery still prove and verify,
 * and each new column of the memcpy_io row, +1 on a real row, is rejected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "chips/chip_memcpy.h"
#include "zk_file.h"
#include "chips/chip_sys.h"
#include "zk_int.h"
#include "zkt.h"
#include "zkt_copy.h"

/* The review's guest: 16 bytes "ABCDEFGHIJKLMNOP" at VMT_DATA, one call of
 * op (UOP_MEMCPY or UOP_MEMMOVE) with destination and source as offsets into
 * them, then write(1, data, 16) and exit 7. */
#define TEXT "ABCDEFGHIJKLMNOP"
static vmt *copy_guest(int op, uint32_t dst, uint32_t src, uint32_t n)
{
    vmt *t = vmt_new();
    memcpy(t->data, TEXT, 16);
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 8); /* over the "function" */
    uint32_t fn = vmt_op(t, (uisa_op)op, 0, 0, 0, 0);
    vmt_li(t, X_S2, VMT_DATA);
    vmt_op(t, UOP_ADDI, X_A0, X_S2, 0, (int32_t)dst);
    vmt_op(t, UOP_ADDI, X_A1, X_S2, 0, (int32_t)src);
    vmt_li(t, X_A2, n);
    vmt_op(t, UOP_JAL, X_RA, 0, 0, (int32_t)(fn - vmt_pc(t)));
    vmt_li(t, X_A0, 1);
    vmt_op(t, UOP_ADDI, X_A1, X_S2, 0, 0);
    vmt_li(t, X_A2, 16);
    vmt_syscall(t, 64);
    vmt_exit(t, 7);
    vmt_finish(t);
    return t;
}

/* The 16 bytes after the call, computed here: the ascending byte copy
 * (MEMCPY's meaning on every input) or memmove. */
static void host_copy(int memmove_, uint32_t dst, uint32_t src, uint32_t n, uint8_t out[16])
{
    memcpy(out, TEXT, 16);
    if (memmove_)
        memmove(out + dst, out + src, n);
    else
        for (uint32_t i = 0; i < n; i++)
            out[dst + i] = out[src + i];
}

/* The forger's hooks: the claimed output becomes `output`; if flip, the
 * memcpy_io row claims the other overlap case (OC = 1, D = s - d mod 2^32)
 * instead of the one the forging witness wrote (OC = 0, D = d - s - n). */
typedef struct forge {
    const uint8_t *output;
    int flip;
    uint32_t d, s;
} forge;

static void forge_out(void *ctx, gl_matrix *tr, uint32_t *exit_code, uint8_t *output,
                      size_t output_len, uint64_t *keys, uint32_t *init, uint64_t n_touched)
{
    forge *f = ctx;
    (void)exit_code, (void)keys, (void)init, (void)n_touched;
    assert_int_equal(output_len, 16);
    memcpy(output, f->output, 16);
    if (f->flip) {
        gl_t *row = tr[ZC_MEMCPY_IO].data; /* the one call */
        uint32_t dd = f->s - f->d;
        row[zk_spec(ZC_MEMCPY_IO, MC_OC)] = 1;
        row[zk_spec(ZC_MEMCPY_IO, MC_OL)] = dd & 0xffff;
        row[zk_spec(ZC_MEMCPY_IO, MC_OH)] = dd >> 16;
    }
}

/* Proves t with the memcpy witness forging (zk_memcpy_forge_overlap) and the
 * output hook; the forged proof must be produced. Returns zk_verify's rc. */
static int forge_and_verify(vmt *t, forge *f)
{
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    o.mutate = forge_out; /* also turns the prover's self-checks off */
    o.mutate_ctx = f;
    uint8_t *proof = NULL;
    size_t len = 0;
    uvm_err err = {{0}};
    zk_memcpy_forge_overlap = 1;
    int rc = zk_prove(&t->p, &o, &proof, &len, NULL, &err);
    zk_memcpy_forge_overlap = 0;
    if (rc)
        fail_msg("the forger could not make its proof: %s", err.msg);
    rc = zk_verify(&t->p, proof, len, ZKT_MIN_SECURITY, NULL, &err);
    free(proof);
    return rc;
}

/* MEMCPY(data + 1, data, 8): the VM prints AAAAAAAAAJKLMNOP; a proof of
 * memmove's AABCDEFGHJKLMNOP (the rows' result, filled by a witness that
 * skips its overlap refusal, the claimed output changed to match) is
 * rejected, with either overlap case claimed on the row. The same forger on
 * the MEMMOVE guest (a true statement) is accepted: only the MEMCPY row's
 * no-overlap constraint stands between the forgery and acceptance. */
static void test_memcpy_as_memmove_forged(void **s)
{
    (void)s;
    uint8_t fwd[16], mv[16];
    host_copy(0, 1, 0, 8, fwd);
    host_copy(1, 1, 0, 8, mv);
    assert_memory_equal(fwd, "AAAAAAAAAJKLMNOP", 16);
    assert_memory_equal(mv, "AABCDEFGHJKLMNOP", 16);
    vmt *t = copy_guest(UOP_MEMCPY, 1, 0, 8);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->out_len[0], 16);
    assert_memory_equal(t->out[0], fwd, 16); /* the VM's meaning of MEMCPY */
    for (int flip = 0; flip < 2; flip++) {
        forge f = {mv, flip, VMT_DATA + 1, VMT_DATA};
        if (!forge_and_verify(t, &f))
            fail_msg("forged MEMCPY (memmove's output, case %d) accepted", flip);
    }
    vmt_free(t);
    vmt *m = copy_guest(UOP_MEMMOVE, 1, 0, 8);
    forge f = {mv, 0, 0, 0};
    assert_int_equal(forge_and_verify(m, &f), 0);
    vmt_free(m);
    /* the honest prover still refuses it, naming the uop */
    zkt_expect_refusal(copy_guest(UOP_MEMCPY, 1, 0, 8), NULL,
                       "MEMCPY to 0x00020001 overlapping its source 0x00020000");
}

/* Honest MEMCPY that equals memmove: overlap from below (d < s), d = s, no
 * overlap either way, n = 0 with d = s + 1: proved and verified, the proof's
 * output = the VM's = the host's ascending copy. */
static void test_memcpy_honest(void **s)
{
    (void)s;
    static const uint32_t c[][3] = {{0, 1, 8}, {3, 7, 9}, {4, 4, 8}, {8, 0, 8}, {0, 8, 8},
                                    {1, 0, 0}};
    for (unsigned i = 0; i < sizeof c / sizeof c[0]; i++) {
        uint8_t want[16];
        host_copy(0, c[i][0], c[i][1], c[i][2], want);
        vmt *t = copy_guest(UOP_MEMCPY, c[i][0], c[i][1], c[i][2]);
        assert_int_equal(vmt_run(t, NULL), 0);
        assert_memory_equal(t->out[0], want, 16);
        zkt_proved r = zkt_prove_verify(t, NULL, 7);
        assert_int_equal(r.cl.output_len, 16);
        assert_memory_equal(r.cl.output, want, 16);
        assert_int_equal(r.rep.rows[ZC_MEMCPY_IO], 1);
        zkt_proved_free(&r);
        vmt_free(t);
    }
}

/* Trace mutation: chip c, row, column += 1. */
typedef struct cell { unsigned chip, row, col; } cell;

static void bump(void *ctx, gl_matrix *tr, uint32_t *exit_code, uint8_t *output,
                 size_t output_len, uint64_t *keys, uint32_t *init, uint64_t n_touched)
{
    cell *m = ctx;
    (void)exit_code, (void)output, (void)output_len, (void)keys, (void)init, (void)n_touched;
    gl_t *v = &tr[m->chip].data[(size_t)m->row * tr[m->chip].cols + m->col];
    *v = gl_add(*v, 1);
}

/* OC, OL, OH + 1 on each call's row: a MEMMOVE row (all 0), MEMCPY with
 * d >= s + n (OC = 0), d < s without and with overlap, d = s (OC = 1), n = 0. */
static void test_memcpy_new_columns(void **s)
{
    (void)s;
    static const zkt_copy_call c[] = {{UOP_MEMMOVE, 3, 6, 13}, {UOP_MEMCPY, 69, 10, 6},
                                      {UOP_MEMCPY, 100, 140, 8}, {UOP_MEMCPY, 170, 173, 9},
                                      {UOP_MEMCPY, 200, 200, 5}, {UOP_MEMCPY, 230, 220, 0}};
    unsigned n = sizeof c / sizeof c[0];
    vmt *t = zkt_copy(c, n);
    zkt_proved r = zkt_prove_verify(t, NULL, zkt_copy_expect(c, n));
    assert_int_equal(r.rep.rows[ZC_MEMCPY_IO], n);
    zkt_proved_free(&r);
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    o.mutate = bump;
    for (unsigned row = 0; row < n; row++)
        for (unsigned k = MC_OC; k <= MC_OH; k++) {
            cell m = {ZC_MEMCPY_IO, row, zk_spec(ZC_MEMCPY_IO, k)};
            o.mutate_ctx = &m;
            if (!zkt_rejected(t, &o))
                fail_msg("mutant accepted: memcpy_io row %u column %u", row, k);
        }
    vmt_free(t);
}

/* The step-count forger: the exiting segment's statement claims `steps`; if
 * move_exit, the exit row's timestamp is moved to steps - 1 too (the row a
 * run of that length would end with). */
typedef struct steps_forge {
    uint64_t steps;
    int move_exit;
} steps_forge;

static void forge_exit_row(void *ctx, gl_matrix *tr, uint32_t *exit_code, uint8_t *output,
                           size_t output_len, uint64_t *keys, uint32_t *init, uint64_t n_touched)
{
    steps_forge *f = ctx;
    (void)exit_code, (void)output, (void)output_len, (void)keys, (void)init, (void)n_touched;
    gl_matrix *m = &tr[ZC_SYS];
    for (size_t r = 0; f->move_exit && r < m->rows; r++) {
        gl_t *row = &m->data[r * m->cols];
        if (row[zk_spec(ZC_SYS, SYS_EXIT)] == 1)
            row[C_TS] = f->steps - 1;
    }
}

static void forge_steps(void *ctx, struct zk_file *f)
{
    steps_forge *g = ctx;
    zk_seg *last = &f->seg[f->n_seg - 1];
    if (last->ends_exit) /* set once the last segment is being proved */
        last->n_steps = g->steps;
}

/* Proves t honestly in segments of seg_uops (0: one) and returns its claim. */
static zk_claim honest_claim(vmt *t, uint64_t seg_uops, uint64_t *last_steps)
{
    zk_prove_opts o = zkt_opts();
    o.segment_uops = seg_uops ? seg_uops : o.segment_uops;
    uint8_t *proof = NULL;
    size_t len = 0;
    uvm_err err = {{0}};
    zk_claim cl;
    zk_file f;
    if (zk_prove(&t->p, &o, &proof, &len, NULL, &err) ||
        zk_verify(&t->p, proof, len, ZKT_MIN_SECURITY, &cl, &err) ||
        zk_file_parse(proof, len, &f, &err))
        fail_msg("honest run: %s", err.msg);
    *last_steps = f.seg[f.n_seg - 1].n_steps;
    zk_file_free(&f);
    free(proof);
    return cl;
}

/* Proves t with the forger's options o (the proof must be made) and
 * verifies it: 1 if the verifier rejects it. */
static int forged_rejected(vmt *t, const zk_prove_opts *o)
{
    uint8_t *proof = NULL;
    size_t len = 0;
    uvm_err err = {{0}};
    if (zk_prove(&t->p, o, &proof, &len, NULL, &err))
        fail_msg("the forger could not make its proof: %s", err.msg);
    int rc = zk_verify(&t->p, proof, len, ZKT_MIN_SECURITY, NULL, &err);
    free(proof);
    return rc != 0;
}

/* The exiting segment claims 1 step, one fewer, one more (statement only,
 * and with the exit row moved to match): each rejected. */
static void forged_steps_rejected(vmt *t, uint64_t seg_uops, uint64_t honest)
{
    const uint64_t claims[] = {1, honest - 1, honest + 1};
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    o.segment_uops = seg_uops ? seg_uops : o.segment_uops;
    o.mutate = forge_exit_row;
    o.mutate_stmt = forge_steps;
    for (unsigned i = 0; i < 3; i++)
        for (int move = 0; move < 2; move++) {
            steps_forge g = {claims[i], move};
            o.mutate_ctx = &g;
            if (!forged_rejected(t, &o))
                fail_msg("forged step count accepted: %llu steps claimed (honest %llu), "
                         "exit row moved %d", (unsigned long long)claims[i],
                         (unsigned long long)honest, move);
        }
}

/* zkt_sum (exit 55) in one segment and in 16-uop segments: the honest claim
 * counts the VM's uops (one step each), and forged counts are rejected. */
static void test_exit_steps_forged(void **s)
{
    (void)s;
    vmt *t = zkt_sum();
    vmt_finish(t);
    assert_int_equal(vmt_run(t, NULL), 0);
    uint64_t uops = t->res.uops, last;
    static const uint64_t segs[] = {0, 16};
    for (unsigned i = 0; i < 2; i++) {
        zk_claim cl = honest_claim(t, segs[i], &last);
        assert_int_equal(cl.exit_code, 55);
        assert_int_equal(cl.steps, uops);
        assert_int_equal(cl.n_seg, segs[i] ? (uops + 15) / 16 : 1);
        assert_true(last >= 3);
        zk_claim_free(&cl);
        forged_steps_rejected(t, segs[i], last);
    }
    vmt_free(t);
}

/* An exit after write/read/brk (io rows move the timestamps by 2 + bytes per
 * ECALL): the honest claim still verifies, a forged one fewer is rejected. */
static void test_exit_steps_io(void **s)
{
    (void)s;
    vmt *t = zkt_io();
    vmt_finish(t);
    zk_prove_opts o = zkt_opts();
    o.input = (const uint8_t *)ZKT_IO_INPUT;
    o.input_len = strlen(ZKT_IO_INPUT);
    zkt_proved r = zkt_prove_verify(t, &o, ZKT_IO_EXIT);
    assert_true(r.cl.steps > r.rep.uops); /* the io steps are counted */
    zk_prove_opts f = zk_prove_opts_default();
    f.params = zkt_params();
    f.input = o.input;
    f.input_len = o.input_len;
    f.mutate_stmt = forge_steps;
    steps_forge g = {r.cl.steps - 1, 0};
    f.mutate_ctx = &g;
    assert_true(forged_rejected(t, &f));
    zkt_proved_free(&r);
    vmt_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memcpy_as_memmove_forged),
        cmocka_unit_test(test_memcpy_honest),
        cmocka_unit_test(test_memcpy_new_columns),
        cmocka_unit_test(test_exit_steps_forged),
        cmocka_unit_test(test_exit_steps_io),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
