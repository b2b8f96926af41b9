/* test_zk_io.c — write, read and brk in proofs: the io program proves and
 * verifies with the output and exit code the VM produces (and the literal
 * ones), and the verifier rejects a changed, dropped or extra output byte, a
 * changed input byte or consumed count, also with challenges from GF(p^3),
 * and a mutated cell of the sys (ECALL) and io chips (every cell with
 * UVM_ZK_SOUND_FULL=1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "zk_file.h"
#include "chips/chip_sys.h"
#include "zk_int.h"
#include "zkt.h"

static const uint8_t input[] = ZKT_IO_INPUT;
#define INPUT_LEN (sizeof input - 1)

/* The challenge field of opts(): GF(p^2), or GF(p^3) while test_io_gf3 runs. */
static unsigned ext_degree = 2;

static zk_prove_opts opts(void)
{
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    o.params.ext_degree = (uint8_t)ext_degree;
    o.input = input;
    o.input_len = INPUT_LEN;
    return o;
}

static vmt *io_prog(void)
{
    vmt *t = zkt_io();
    vmt_finish(t);
    return t;
}

static void test_io_vm(void **s)
{
    (void)s;
    vmt *t = io_prog();
    vm_config cfg = {.input = input, .input_len = INPUT_LEN};
    assert_int_equal(vmt_run(t, &cfg), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    assert_int_equal(t->res.exit_code, ZKT_IO_EXIT);
    assert_int_equal(t->out_len[0], strlen(ZKT_IO_OUTPUT));
    assert_memory_equal(t->out[0], ZKT_IO_OUTPUT, t->out_len[0]);
    assert_int_equal(t->out_len[1], 4);
    vmt_free(t);
}

static void test_io_prove(void **s)
{
    (void)s;
    vmt *t = io_prog();
    zk_prove_opts o = opts();
    o.check_rows = 1;
    zkt_proved r = zkt_prove_verify(t, &o, ZKT_IO_EXIT);
    assert_int_equal(r.rep.rows[ZC_SYS], 14);
    /* bytes written to fd 1, checked readable for fd 2, read */
    assert_int_equal(r.rep.rows[ZC_IO], 3 + 4 + 7 + 7);
    assert_int_equal(r.cl.output_len, strlen(ZKT_IO_OUTPUT));
    assert_memory_equal(r.cl.output, ZKT_IO_OUTPUT, r.cl.output_len);
    assert_int_equal(r.cl.input_len, INPUT_LEN);
    assert_int_equal(r.cl.input_used, INPUT_LEN);
    uint8_t h[32];
    sha256(input, INPUT_LEN, h);
    assert_memory_equal(r.cl.input_hash, h, 32);
    zkt_proved_free(&r);
    vmt_free(t);
}

/* Statement mutants: 0 change output byte, 1 drop the last, 2 add one,
 * 3 change a consumed input byte, 4 claim one input byte fewer consumed,
 * 5 claim an empty input. Trace mutants: +1 in (chip, row, col). */
typedef struct mut {
    int stmt, done; /* done: applied once (the prover calls the hook per segment) */
    unsigned chip, row, col;
    uint8_t buf[64];
} mut;

static void mutate_stmt(void *ctx, zk_file *f)
{
    mut *m = ctx;
    if (m->stmt < 0 || m->done++)
        return;
    if (m->stmt <= 2) {
        memcpy(m->buf, f->output, f->output_len);
        if (m->stmt == 0)
            m->buf[3] ^= 1;
        f->output_len += m->stmt == 1 ? -1 : m->stmt == 2 ? 1 : 0;
        m->buf[f->output_len - 1] = m->stmt == 2 ? 'x' : m->buf[f->output_len - 1];
        f->output = m->buf;
    } else if (m->stmt == 3) {
        memcpy(m->buf, f->input, f->input_len);
        m->buf[5] ^= 0x20;
        f->input = m->buf;
    } else if (m->stmt == 4) {
        f->input_used--;
    } else {
        f->input_len = f->input_used = 0;
    }
}

static void mutate_cell(void *ctx, gl_matrix *tr, uint32_t *exit_code, uint8_t *output,
                        size_t output_len, uint64_t *keys, uint32_t *init, uint64_t n_touched)
{
    mut *m = ctx;
    (void)exit_code, (void)output, (void)output_len, (void)keys, (void)init, (void)n_touched;
    if (m->stmt >= 0)
        return;
    gl_t *c = &tr[m->chip].data[(size_t)m->row * tr[m->chip].cols + m->col];
    *c = gl_add(*c, 1);
}

static int rejected_seg(vmt *t, mut *m, uint64_t segment_uops)
{
    zk_prove_opts o = opts();
    o.segment_uops = segment_uops;
    o.mutate = mutate_cell;
    o.mutate_stmt = mutate_stmt;
    o.mutate_ctx = m;
    return zkt_rejected(t, &o);
}

static int rejected(vmt *t, mut *m)
{
    return rejected_seg(t, m, 0);
}

static void test_io_statement(void **s)
{
    (void)s;
    vmt *t = io_prog();
    for (int k = 0; k <= 5; k++) {
        mut m = {.stmt = k};
        if (!rejected(t, &m))
            fail_msg("statement mutant %d accepted", k);
    }
    /* and the honest proof is accepted */
    zk_prove_opts o = opts();
    uint8_t *proof = NULL;
    size_t len = 0;
    uvm_err err = {{0}};
    assert_int_equal(zk_prove(&t->p, &o, &proof, &len, NULL, &err), 0);
    assert_int_equal(zk_verify(&t->p, proof, len, ZKT_MIN_SECURITY, NULL, &err), 0);
    free(proof);
    vmt_free(t);
}

/* With challenges from GF(p^3) (the secure100/secure128 field): the io
 * program proves and verifies with its output, so the OUT/IN/EXEC/MEM
 * public sums (zk_air.c, chip_sys.c) are computed in GF(p^3) on both sides,
 * and every statement mutant is rejected. */
static void test_io_gf3(void **s)
{
    (void)s;
    ext_degree = 3;
    vmt *t = io_prog();
    zk_prove_opts o = opts();
    zkt_proved r = zkt_prove_verify(t, &o, ZKT_IO_EXIT);
    assert_int_equal(r.cl.output_len, strlen(ZKT_IO_OUTPUT));
    assert_memory_equal(r.cl.output, ZKT_IO_OUTPUT, r.cl.output_len);
    zkt_proved_free(&r);
    for (int k = 0; k <= 5; k++) {
        mut m = {.stmt = k};
        if (!rejected(t, &m))
            fail_msg("GF(p^3): statement mutant %d accepted", k);
    }
    vmt_free(t);
    ext_degree = 2;
}

/* The same run in segments of 12 uops: the cursors cross the boundaries, each
 * segment's OUT/IN sums cover its cursor range, and the statement mutants are
 * rejected (an extra claimed byte by verify's final-cursor check). */
static void test_io_segments(void **s)
{
    (void)s;
    vmt *t = io_prog();
    zk_prove_opts o = opts();
    o.segment_uops = 12;
    zkt_proved r = zkt_prove_verify(t, &o, ZKT_IO_EXIT);
    assert_true(r.cl.n_seg >= 3);
    assert_int_equal(r.cl.output_len, strlen(ZKT_IO_OUTPUT));
    assert_memory_equal(r.cl.output, ZKT_IO_OUTPUT, r.cl.output_len);
    assert_int_equal(r.cl.input_used, INPUT_LEN);
    zkt_proved_free(&r);
    static const int kinds[] = {0, 2, 4}; /* changed, extra output byte; input fewer used */
    for (int k = 0; k < 3; k++) {
        mut m = {.stmt = kinds[k]};
        if (!rejected_seg(t, &m, 12))
            fail_msg("statement mutant %d accepted in segments", kinds[k]);
    }
    vmt_free(t);
}

/* +1 in cells of the sys rows (one per ECALL: 3 writes, 4 reads, 2 writes,
 * 4 brks, exit) and of io rows (row 1: a write byte, row 4: a byte write(2)
 * checks readable, row 8: a read byte).
 * By default each sys-specific column and a0's old/new value once, spread
 * over the rows (column j on row j mod 14, so every syscall kind is hit;
 * the other shared columns are zk_common's, mutated in zkvm_soundness),
 * every io column of the write row and the read-specific ones of the read
 * row; every cell of every sys and io row with UVM_ZK_SOUND_FULL=1. */
static int sampled_sys(unsigned row, unsigned col, unsigned nsys)
{
    return (col >= C_SPEC || col == C_VD || col == C_VDO) && col % nsys == row;
}

static void test_io_cells(void **s)
{
    (void)s;
    const char *e = getenv("UVM_ZK_SOUND_FULL");
    int full = e && *e == '1';
    vmt *t = io_prog();
    unsigned nsys = 14, ncol = zk_ncols(ZC_SYS), tried = 0;
    for (unsigned row = 0; row < nsys; row++)
        for (unsigned col = 0; col < ncol; col++) {
            if (!full && !sampled_sys(row, col, nsys))
                continue;
            mut m = {.stmt = -1, .chip = ZC_SYS, .row = row, .col = col};
            if (!rejected(t, &m))
                fail_msg("sys row %u column %u: mutant accepted", row, col);
            tried++;
        }
    for (unsigned row = 0; row < 17; row++)
        for (unsigned col = 0; col < IO_NCOL; col++) {
            int rd_col = col == IO_R || col == IO_CUR || col == IO_V || col == IO_NEW;
            int dbg_col = col == IO_D || col == IO_V || col == IO_R;
            if (!full && row != 1 && !(row == 8 && rd_col) && !(row == 4 && dbg_col))
                continue;
            mut m = {.stmt = -1, .chip = ZC_IO, .row = row, .col = col};
            if (!rejected(t, &m))
                fail_msg("io row %u column %u: mutant accepted", row, col);
            tried++;
        }
    assert_true(tried >= 50);
    vmt_free(t);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_io_vm),
        cmocka_unit_test(test_io_prove),
        cmocka_unit_test(test_io_statement),
        cmocka_unit_test(test_io_gf3),
        cmocka_unit_test(test_io_segments),
        cmocka_unit_test(test_io_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
