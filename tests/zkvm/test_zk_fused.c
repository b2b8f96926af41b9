/* test_zk_fused.c — -O1 programs proved: zkt_fused (every fused row, fused by
 * the translator's own pass) is proved and verified; the exit code must equal
 * the base program's VM run, and the fused chips must make it cheaper. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "zk_int.h"
#include "zkt.h"

/* Proves t, verifies it (exit want_exit), then verifies the same proof
 * against t with the control word of fused slot `bad` (if not ~0u) changed
 * in its low immediate: the recomputed program table must reject it. */
static zk_report prove_verify(vmt *t, uint32_t want_exit, uint32_t bad)
{
    zkt_proved r = zkt_prove_verify(t, NULL, want_exit);
    if (bad != ~0u) {
        zk_claim cl;
        uvm_err err = {{0}};
        t->p.slots[bad].imm2 ^= 2; /* lo is an immediate or a register: both change the meaning */
        assert_int_not_equal(zk_verify(&t->p, r.proof, r.len, ZKT_MIN_SECURITY, &cl, &err), 0);
        t->p.slots[bad].imm2 ^= 2;
    }
    zk_report rep = r.rep;
    r.rep = (zk_report){0};
    zkt_proved_free(&r);
    return rep;
}

static void test_fused_program(void **s)
{
    (void)s;
    vmt *a = zkt_fused_base(), *b = zkt_fused();
    assert_non_null(b);
    vmt_finish(a);
    vmt_finish(b);
    int seen[UOP_COUNT] = {0};
    uint32_t bad = ~0u; /* an executed ALU_ALU slot: the first */
    for (uint32_t i = 0; i < b->p.n_slots; i++) {
        seen[b->p.slots[i].op]++;
        if (bad == ~0u && b->p.slots[i].op == UOP_ALU_ALU)
            bad = i;
    }
    for (int op = 0; op < UOP_COUNT; op++)
        if (uisa_ops[op].tier == TIER_FUSED && !seen[op])
            fail_msg("the pass made no %s", uisa_ops[op].name);
    assert_int_equal(vmt_run(a, NULL), 0);
    assert_int_equal(vmt_run(b, NULL), 0);
    assert_int_equal(a->res.stop, VM_STOP_EXIT);
    assert_int_equal(b->res.exit_code, a->res.exit_code);
    assert_true(b->res.uops < a->res.uops);
    uint32_t want = (uint32_t)a->res.exit_code;
    zk_report r0 = prove_verify(a, want, ~0u), r1 = prove_verify(b, want, bad);
    print_message("base: %llu exec cells, fused: %llu\n", (unsigned long long)r0.cells_exec,
                  (unsigned long long)r1.cells_exec);
    assert_true(r1.cells_exec < r0.cells_exec);
    assert_true(r1.rows[ZC_FBR] > 0 && r1.rows[ZC_FST] > 0 && r1.rows[ZC_FAA] > 0);
    for (int c = 0; c < ZK_N_CHIPS; c++)
        if (r1.rows[c])
            print_message("  %-8s rows %3llu  width %llu\n", r1.chip_name[c],
                          (unsigned long long)r1.rows[c], (unsigned long long)r1.width[c]);
    zk_report_free(&r0);
    zk_report_free(&r1);
    vmt_free(a);
    vmt_free(b);
}

/* Word-crossing SW_ADDI and LW_ADDI (zkt_fused_cross): the fst chip has no
 * lsx path, so a crossing SW_ADDI runs as its alt split pair (an lsx row and
 * an addi row); aligned ones stay in fst. The proof's exit code must equal the
 * base program's VM run. */
static void test_fused_cross(void **s)
{
    (void)s;
    vmt *a = zkt_fused_cross(0), *b = zkt_fused_cross(1);
    assert_non_null(b);
    vmt_finish(a);
    unsigned n_sw = 0, n_lw = 0;
    for (uint32_t i = 0; i < b->p.n_slots; i++)
        n_sw += b->p.slots[i].op == UOP_SW_ADDI, n_lw += b->p.slots[i].op == UOP_LW_ADDI;
    assert_int_equal(n_sw, 7);
    assert_int_equal(n_lw, 16);
    assert_int_equal(vmt_run(a, NULL), 0);
    assert_int_equal(vmt_run(b, NULL), 0);
    assert_int_equal(a->res.stop, VM_STOP_EXIT);
    assert_int_equal(b->res.exit_code, a->res.exit_code);
    zk_report r = prove_verify(b, (uint32_t)a->res.exit_code, ~0u);
    /* 6 crossing SW_ADDI + 10 crossing LW_ADDI in lsx; 1 aligned SW_ADDI + 3 SB_ADDI in fst */
    assert_int_equal(r.rows[ZC_LSX], 16);
    assert_int_equal(r.rows[ZC_FST], 4);
    zk_report_free(&r);
    vmt_free(a);
    vmt_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fused_program),
        cmocka_unit_test(test_fused_cross),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
