/* test_zkvm.c — proves and verifies small hand-built programs (one per chip
 * group), checks the ops.def provability table and the refusals (faults,
 * cycle limit, segment size, unprovable uops). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "trace.h"
#include "zkt.h"

static zk_prove_opts opts(void)
{
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    return o;
}

static void prove_verify(vmt *t, uint32_t want_exit)
{
    zkt_proved r = zkt_prove_verify(t, NULL, want_exit);
    zkt_proved_free(&r);
    vmt_free(t);
}

static void test_sum(void **s) { (void)s; prove_verify(zkt_sum(), 55); }
static void test_bytes(void **s) { (void)s; prove_verify(zkt_bytes(), 0x175); }
static void test_branches(void **s) { (void)s; prove_verify(zkt_branches(), 0x7f); }

static void test_lt(void **s) { (void)s; prove_verify(zkt_lt(), 25); }

static void test_logic(void **s) { (void)s; prove_verify(zkt_logic(), 0xf81e43f6u); }

static void test_shift(void **s) { (void)s; prove_verify(zkt_shift(), 0x92c5f943u); }

/* The tracing loop records one record per completed uop, in order, with
 * the value each wrote; max_rows stops the run like a cycle limit. */
static void test_trace(void **s)
{
    (void)s;
    vmt *t = zkt_sum();
    vmt_finish(t);
    vm_trace tr;
    vm_result res;
    uvm_err err;
    assert_int_equal(vm_trace_run(&t->p, NULL, 0, &tr, &res, &err), 0);
    assert_int_equal(res.stop, VM_STOP_EXIT);
    assert_int_equal(tr.n, res.uops);
    /* li t0, 10 = LUI (slot 0, writes 0) then ADDI (slot 1, writes 10); addi t1 (slot 2) */
    assert_int_equal(tr.rec[0].slot, 0);
    assert_int_equal(tr.rec[1].slot, 1);
    assert_int_equal(tr.rec[1].w, 10);
    assert_int_equal(tr.rec[3].slot, 3); /* loop body: add t1 += t0 = 10 */
    assert_int_equal(tr.rec[3].w, 10);
    assert_int_equal(tr.rec[tr.n - 1].w, 55); /* exit's a0 */
    vm_trace_free(&tr);
    assert_int_equal(vm_trace_run(&t->p, NULL, 7, &tr, &res, &err), 0);
    assert_int_equal(res.stop, VM_STOP_CYCLE_LIMIT);
    assert_int_equal(tr.n, 7);
    vm_trace_free(&tr);
    vmt_free(t);
}

static void test_table(void **s)
{
    (void)s;
    /* every ops.def row: provable, or an explicit reason */
    int provable = 0;
    for (int op = 0; op < UOP_COUNT; op++) {
        const char *why = zk_uop_unprovable((uisa_op)op);
        if (!why)
            provable++;
        else
            assert_true(strstr(why, "not provable yet") != NULL);
    }
    assert_null(zk_uop_unprovable(UOP_ADDI));
    assert_null(zk_uop_unprovable(UOP_BGEU));
    assert_null(zk_uop_unprovable(UOP_REMU));
    assert_null(zk_uop_unprovable(UOP_AMOADD_W));
    assert_non_null(zk_uop_unprovable(UOP_EBREAK));
    assert_int_equal(provable, 76); /* 58 base (M, A included), 12 fused, KECCAK_F1600, MEMSET, SHA256, MEMCPY, MEMMOVE, MUL256 */
}

static void test_refusals(void **s)
{
    (void)s;
    zk_prove_opts o = opts();
    vmt *t = vmt_new();
    vmt_op(t, UOP_EBREAK, 0, 0, 0, 0);
    zkt_expect_refusal(t, &o, "guest fault");
    o.max_cycles = 5;
    zkt_expect_refusal(zkt_sum(), &o, "did not exit within 5 uops; raise --max-cycles");
    o = opts();
    t = vmt_new();
    vmt_li(t, X_T0, 0xfffffffeu); /* crosses 2^32: the VM faults */
    vmt_op(t, UOP_LW, X_A0, X_T0, 0, 0);
    vmt_exit(t, 0);
    zkt_expect_refusal(t, &o, "guest fault");
    t = vmt_new();
    vmt_li(t, X_A0, 1);
    vmt_li(t, X_A1, 0x10); /* unmapped buffer: write returns -EFAULT, proved (test_zk_fault.c) */
    vmt_li(t, X_A2, 4);
    vmt_syscall(t, 64);
    vmt_syscall(t, 93);
    zkt_proved r = zkt_prove_verify(t, &o, 0xfffffff2u);
    zkt_proved_free(&r);
    vmt_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_trace),
        cmocka_unit_test(test_sum),
        cmocka_unit_test(test_bytes),
        cmocka_unit_test(test_branches),
        cmocka_unit_test(test_lt),
        cmocka_unit_test(test_logic),
        cmocka_unit_test(test_shift),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
