/* test_zk_fused.c — -O1 programs proved: a hand-built base program exercising
 * every fused row (loops, forwarding rs3 = rd, a dead write rd2 = rd, taken and
 * untaken fused branches) is fused by the translator's own pass, then proved
 * and verified; the exit code must equal the base program's VM run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "zkt.h"

/* Skips the next uop when the branch is taken (offset from the branch). */
#define SKIP 8

static void build(vmt *t)
{
    vmt_li(t, X_S2, VMT_DATA);
    vmt_li(t, X_T0, 5);
    uint32_t l1 = vmt_pc(t);
    vmt_op(t, UOP_SB, 0, X_S2, X_T0, 0);             /* SB_ADDI */
    vmt_op(t, UOP_ADDI, X_S2, X_S2, 0, 1);
    vmt_op(t, UOP_ADDI, X_T0, X_T0, 0, -1);          /* ALU_BNE, forwarded */
    vmt_op(t, UOP_BNE, 0, X_T0, X_ZERO, (int32_t)(l1 - vmt_pc(t)));
    vmt_li(t, X_S2, VMT_DATA);
    vmt_li(t, X_S3, 0x81223344u);
    vmt_op(t, UOP_SW, 0, X_S2, X_S3, 8);             /* SW_ADDI */
    vmt_op(t, UOP_ADDI, X_S3, X_S3, 0, 3);
    vmt_op(t, UOP_LW, X_A1, X_S2, 0, 8);             /* LW_ADDI */
    vmt_op(t, UOP_ADDI, X_S2, X_S2, 0, 4);
    vmt_op(t, UOP_LB, X_A2, X_S2, 0, 7);             /* LB_ADDI, rd2 = rs3 = rd: 0x81 */
    vmt_op(t, UOP_ADDI, X_A2, X_A2, 0, 1);
    vmt_op(t, UOP_LBU, 13, X_S2, 0, -3);             /* LBU_ADDI, rs3 = rd: 4 */
    vmt_op(t, UOP_ADDI, 14, 13, 0, 7);
    vmt_op(t, UOP_ADD, X_A0, X_A1, X_A2, 0);         /* ALU_ALU add; sltu (carry) */
    vmt_op(t, UOP_SLTU, X_T1, X_A0, X_A1, 0);
    vmt_op(t, UOP_SLLI, X_T2, X_A1, 0, 3);           /* ALU_ALU slli; or */
    vmt_op(t, UOP_OR, X_A0, X_T2, X_A0, 0);
    vmt_op(t, UOP_ADDI, X_T2, X_T2, 0, 5);           /* ALU_ALU, rd2 = rd */
    vmt_op(t, UOP_ADDI, X_T2, X_T2, 0, 9);
    vmt_op(t, UOP_XOR, X_A0, X_A0, X_T2, 0);         /* ALU_ALU xor; srai */
    vmt_op(t, UOP_SRAI, 15, X_A0, 0, 2);
    vmt_op(t, UOP_SUB, 16, X_ZERO, X_T1, 0);         /* ALU_BLT: -1 < 0 taken */
    vmt_op(t, UOP_BLT, 0, 16, X_ZERO, SKIP);
    vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 1000);
    vmt_op(t, UOP_SLTI, 17, 16, 0, 0);               /* ALU_BGE: 1 >= 0 taken */
    vmt_op(t, UOP_BGE, 0, 17, X_ZERO, SKIP);
    vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 2000);
    vmt_op(t, UOP_ANDI, 28, X_A1, 0, 0x7f0);         /* ALU_BLTU: a1 < 0x340 no */
    vmt_op(t, UOP_BLTU, 0, X_A1, 28, SKIP);
    vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 7);
    vmt_op(t, UOP_SRLI, 29, X_A1, 0, 4);             /* ALU_BGEU: a1 >= a1>>4 taken */
    vmt_op(t, UOP_BGEU, 0, X_A1, 29, SKIP);
    vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 3000);
    vmt_op(t, UOP_SLL, 30, X_T1, X_T1, 0);           /* ALU_BEQ: 0 == 0 taken */
    vmt_op(t, UOP_BEQ, 0, 30, X_ZERO, SKIP);
    vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 5000);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 13, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 14, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 15, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 16, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 17, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, X_S3, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, X_S2, 0);
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
}

/* Proves t, verifies it (exit want_exit), then verifies the same proof
 * against t with the control word of fused slot `bad` (if not ~0u) changed
 * in its low immediate: the recomputed program table must reject it. */
static zk_report prove_verify(vmt *t, uint32_t want_exit, uint32_t bad)
{
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    o.check_rows = 1;
    uint8_t *proof = NULL;
    size_t len = 0;
    zk_report rep;
    uvm_err err = {{0}};
    if (zk_prove(&t->p, &o, &proof, &len, &rep, &err))
        fail_msg("prove: %s", err.msg);
    assert_int_equal(rep.exit_code, want_exit);
    zk_claim cl;
    if (zk_verify(&t->p, proof, len, ZKT_MIN_SECURITY, &cl, &err))
        fail_msg("verify: %s", err.msg);
    assert_int_equal(cl.exit_code, want_exit);
    zk_claim_free(&cl);
    if (bad != ~0u) {
        t->p.slots[bad].imm2 ^= 2; /* lo is an immediate or a register: both change the meaning */
        assert_int_not_equal(zk_verify(&t->p, proof, len, ZKT_MIN_SECURITY, &cl, &err), 0);
        t->p.slots[bad].imm2 ^= 2;
    }
    free(proof);
    return rep;
}

static void test_fused_program(void **s)
{
    (void)s;
    vmt *a = vmt_new(), *b = vmt_new();
    build(a);
    vmt_finish(a);
    memcpy(b, a, sizeof *a);
    b->p.slots = b->slots, b->p.raw = b->raw;
    xl_options opt = {.level = 1, .fuse = 1};
    assert_int_equal(xl_fuse_pass(NULL, &opt, &b->p, &b->err), 0);
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
    vmt_free(a);
    vmt_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fused_program),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
