/* test_fusion_checks.c — the profiler's per-slot counts on a known loop (unit), and
 * fused uops with malformed operands: the container and the VM reject them with
 * one line naming the uop, instead of running them (badinput). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "vmt.h"

/* li t0, 5; loop: addi t0, t0, -1; bne t0, zero, loop; ebreak */
static void test_profile_counts(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    vmt_li(t, X_T0, 5);                                   /* slots 0, 1 */
    uint32_t loop = vmt_op(t, UOP_ADDI, X_T0, X_T0, 0, -1); /* slot 2 */
    vmt_op(t, UOP_BNE, 0, X_T0, X_ZERO, (int32_t)(loop - vmt_pc(t)));
    vmt_op(t, UOP_EBREAK, 0, 0, 0, 0);
    vmt_finish(t);
    assert_int_equal(t->p.n_slots, 5); /* vm_profile_run fills one count per slot */
    uint64_t counts[5] = {9, 9, 9, 9, 9};
    assert_int_equal(vm_profile_run(&t->p, NULL, counts, &t->res, &t->err), 0);
    assert_int_equal(t->res.stop, VM_STOP_FAULT);
    uint64_t want[5] = {1, 1, 5, 5, 1}; /* the faulting ebreak started once */
    assert_memory_equal(counts, want, sizeof want);
    assert_int_equal(t->res.insns_retired, 12);
    vmt_free(t);
}

/* One fused uop u in slot 0 of an otherwise valid program, saved and reloaded. */
static int load_with(uisa_uop u, uvm_err *err)
{
    vmt *t = vmt_new();
    vmt_op(t, UOP_ADDI, 0, 0, 0, 0);
    vmt_op(t, UOP_ADDI, 0, 0, 0, 0);
    vmt_op(t, UOP_EBREAK, 0, 0, 0, 0);
    t->slots[0] = u;
    vmt_finish(t);
    uint8_t *buf;
    size_t len;
    assert_int_equal(uisa_save(&t->p, 0, &buf, &len, err), 0);
    uisa_program p = {0};
    int rc = uisa_load(buf, len, &p, err);
    uisa_program_free(&p);
    free(buf);
    vmt_free(t);
    return rc;
}

static uisa_uop fused(uisa_op op, int32_t imm, int32_t imm2)
{
    return (uisa_uop){.op = (uint8_t)op, .rd = 5, .rs1 = 6, .rd2 = 7, .rs3 = 8, .len = 8,
                      .ninsn = 2, .imm = imm, .imm2 = imm2};
}

static void test_container_rejects(void **state)
{
    (void)state;
    uvm_err err = {0};
    /* well-formed: addi t0, t1, 3; slli t2, s0, 4 and addi; bne t2 == zero -> +8 */
    assert_int_equal(load_with(fused(UOP_ALU_ALU, 3, UISA_FX_PACK(4, UOP_ADDI, UOP_SLLI)), &err), 0);
    assert_int_equal(load_with(fused(UOP_ALU_BNE, 8, UISA_FX_PACK(1, UOP_ADDI, 0)), &err), 0);
    const uisa_uop bad[] = {
        fused(UOP_ALU_ALU, 3, UISA_FX_PACK(4, UOP_LW, UOP_ADD)),     /* a load is no ALU step */
        fused(UOP_ALU_ALU, 3, UISA_FX_PACK(4, UOP_ADDI, UOP_BEQ)),   /* nor a branch */
        fused(UOP_ALU_ALU, 3, UISA_FX_PACK(40, UOP_ADDI, UOP_ADD)),  /* register 40 */
        fused(UOP_ALU_ALU, 3, UISA_FX_PACK(4, UOP_ADDI, UOP_ADD) | (1 << 29)), /* stray bits */
        fused(UOP_ALU_ALU, 3, UISA_FX_PACK(4, UOP_ADD, UOP_ADDI)),   /* R step with an imm */
        fused(UOP_ALU_ALU, 33, UISA_FX_PACK(4, UOP_SLLI, UOP_ADDI)), /* shift by 33 */
        fused(UOP_ALU_ALU, 3, UISA_FX_PACK(-1, UOP_ADDI, UOP_SRAI)), /* shift by -1 */
        fused(UOP_ALU_BEQ, 7, UISA_FX_PACK(1, UOP_ADDI, 0)),         /* odd offset */
        fused(UOP_ALU_BEQ, 8, UISA_FX_PACK(1, UOP_MUL, 0)),          /* MUL is no ALU step */
        fused(UOP_ALU_BEQ, 8, UISA_FX_PACK(1, UOP_ADDI, 0) | (1 << 26)),
        {.op = UOP_LW_ADDI, .rd = 1, .rs1 = 2, .rs2 = 3, .len = 8, .ninsn = 2}, /* II has no rs2 */
        {.op = UOP_SW_ADDI, .rd = 1, .rs1 = 2, .rs2 = 3, .len = 8, .ninsn = 2}, /* SI has no rd */
        {.op = UOP_ALU_ALU, .len = 8, .ninsn = 1},                   /* ninsn is the row's */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err.msg[0] = 0;
        if (load_with(bad[i], &err) == 0)
            fail_msg("malformed fused uop %zu accepted", i);
        assert_non_null(strstr(err.msg, uisa_ops[bad[i].op].name));
        assert_null(strchr(err.msg, '\n'));
    }
}

static void test_vm_rejects_bad_control_word(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    vmt_op(t, UOP_ADDI, 0, 0, 0, 0);
    vmt_op(t, UOP_EBREAK, 0, 0, 0, 0);
    t->slots[0] = fused(UOP_ALU_ALU, 0, UISA_FX_PACK(0, UOP_ECALL, UOP_ADD));
    assert_int_equal(vmt_run(t, NULL), -1);
    assert_non_null(strstr(t->err.msg, "ALU_ALU"));
    t->slots[0] = fused(UOP_ALU_ALU, 0, UISA_FX_PACK(0, UOP_ADDI, UOP_ADD));
    assert_int_equal(vmt_run(t, NULL), 0);
    vmt_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profile_counts),
        cmocka_unit_test(test_container_rejects),
        cmocka_unit_test(test_vm_rejects_bad_control_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
