/* test_uisa_tables.c — every uop in ops.def is complete (name, tier, format,
 * class, prover column, doc) and disassembles; hand-written expectations for each format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "uisa.h"

static void test_every_op_complete(void **state)
{
    (void)state;
    for (int i = 0; i < UOP_COUNT; i++) {
        const uisa_op_info *in = &uisa_ops[i];
        assert_non_null(in->name);
        assert_true(strlen(in->name) > 0);
        assert_non_null(in->doc);
        assert_true(strlen(in->doc) > 3);
        assert_true((unsigned)in->fmt < FMT_COUNT);
        assert_true((unsigned)in->cls < CLASS_COUNT);
        assert_string_not_equal(uisa_class_name(in->cls), "?");
        assert_string_not_equal(uisa_format_name(in->fmt), "?");
        assert_string_not_equal(uisa_tier_name(in->tier), "?");
        assert_true(in->ninsn > 0 || i == UOP_TRAP || i == UOP_BLOCK); /* BLOCK: per slot */
        for (int j = 0; j < i; j++)
            assert_string_not_equal(uisa_ops[j].name, in->name);
    }
    for (int f = 0; f < FMT_COUNT; f++) /* every format named, used or not */
        assert_string_not_equal(uisa_format_name((uisa_format)f), "?");
    for (int c = 0; c < CLASS_COUNT; c++)
        assert_string_not_equal(uisa_class_name((uisa_class)c), "?");
}

/* The PROVER column: every row names exactly one of a canonical prover op, its
 * fused steps (fused rows only) or the reason it is not provable; the steps are
 * base uops or the ALU step (and the ALU step only where the control word can
 * name it: formats AA, AB); native rows name a hint and their argument registers.
 * (That each named prover op exists is tests/zkvm/test_zk_ops.c.) */
static void test_prover_column(void **state)
{
    (void)state;
    for (int i = 0; i < UOP_COUNT; i++) {
        const uisa_op_info *in = &uisa_ops[i];
        int fused = in->tier == TIER_FUSED;
        assert_int_equal((in->prover != NULL) + fused + (in->unprovable != NULL), 1);
        if (in->prover)
            assert_true(strlen(in->prover) > 0);
        if (in->unprovable)
            assert_non_null(strstr(in->unprovable, "not provable"));
        for (int k = 0; k < 2; k++) {
            if (!fused) {
                assert_int_equal(in->step[k], 0);
                continue;
            }
            unsigned s = in->step[k];
            if (s == UOP_ALU)
                assert_true(in->fmt == FMT_AA || (in->fmt == FMT_AB && k == 0));
            else
                assert_true(s < UOP_COUNT && uisa_ops[s].tier == TIER_BASE && s != UOP_TRAP);
        }
        if (fused) /* no two rows for the same steps: fusion picks by steps */
            for (int j = 0; j < i; j++)
                assert_false(uisa_ops[j].tier == TIER_FUSED && uisa_ops[j].step[0] == in->step[0] &&
                             uisa_ops[j].step[1] == in->step[1]);
        if (in->tier == TIER_NATIVE) {
            assert_non_null(in->hint);
            assert_true(in->n_args >= 1 && in->n_args <= 4);
            for (int k = 0; k < in->n_args; k++) /* a0.. in order: the ilp32 convention */
                assert_int_equal(in->args[k], UISA_R_a0 + k);
        } else {
            assert_null(in->hint);
            assert_int_equal(in->n_args, 0);
            assert_int_equal(in->max_limbs, 0);
        }
    }
    /* two hand-checked rows */
    assert_string_equal(uisa_ops[UOP_AUIPC].prover, "ADDI");
    assert_int_equal(uisa_ops[UOP_LW_ADDI].step[0], UOP_LW);
    assert_int_equal(uisa_ops[UOP_LW_ADDI].step[1], UOP_ADDI);
    assert_int_equal(uisa_ops[UOP_ALU_BNE].step[0], UOP_ALU);
    assert_int_equal(uisa_ops[UOP_ALU_BNE].step[1], UOP_BNE);
    assert_string_equal(uisa_ops[UOP_MEMSET].hint, "memset");
    assert_int_equal(uisa_ops[UOP_MEMSET].n_args, 3);
    assert_int_equal(uisa_ops[UOP_MEMSET].max_limbs, 0);
    assert_int_equal(uisa_ops[UOP_MODMUL].max_limbs, 64);
    assert_int_equal(uisa_ops[UOP_MONTMUL].n_args, 4);
}

/* Disassembly of every op starts with its lower-cased name, '_' -> '.'. */
static void test_every_op_disasm(void **state)
{
    (void)state;
    for (int i = 0; i < UOP_COUNT; i++) {
        uisa_uop u = {.op = (uint8_t)i, .rd = 31, .rs1 = 1, .rs2 = 2, .imm = -8, .len = 4, .ninsn = 1};
        char buf[128], want[32];
        int n = uisa_disasm(&u, 0x1000, buf, sizeof buf);
        assert_true(n > 0 && (size_t)n < sizeof buf);
        size_t k = 0;
        for (; uisa_ops[i].name[k]; k++)
            want[k] = uisa_ops[i].name[k] == '_' ? '.' : (char)tolower(uisa_ops[i].name[k]);
        want[k] = 0;
        assert_memory_equal(buf, want, k);
        assert_true(buf[k] == 0 || buf[k] == ' ');
    }
}

static void expect(uisa_uop u, uint32_t pc, const char *want)
{
    char buf[128];
    int n = uisa_disasm(&u, pc, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, (int)strlen(want));
}

static void test_formats(void **state)
{
    (void)state;
    expect((uisa_uop){.op = UOP_ADD, .rd = 10, .rs1 = 11, .rs2 = 31}, 0, "add a0, a1, t6");
    expect((uisa_uop){.op = UOP_ADDI, .rd = 2, .rs1 = 2, .imm = -2048}, 0, "addi sp, sp, -2048");
    expect((uisa_uop){.op = UOP_LW, .rd = 10, .rs1 = 2, .imm = 8}, 0, "lw a0, 8(sp)");
    expect((uisa_uop){.op = UOP_JALR, .rd = 0, .rs1 = 1, .imm = 0}, 0, "jalr zero, 0(ra)");
    expect((uisa_uop){.op = UOP_SW, .rs1 = 8, .rs2 = 11, .imm = -4}, 0, "sw a1, -4(s0)");
    expect((uisa_uop){.op = UOP_BEQ, .rs1 = 10, .rs2 = 0, .imm = 16}, 0x1000, "beq a0, zero, 0x1010");
    expect((uisa_uop){.op = UOP_BLTU, .rs1 = 5, .rs2 = 6, .imm = -4096}, 0x1000, "bltu t0, t1, 0x0");
    expect((uisa_uop){.op = UOP_LUI, .rd = 10, .imm = (int32_t)0xfffff000u}, 0, "lui a0, 0xfffff000");
    expect((uisa_uop){.op = UOP_JAL, .rd = 1, .imm = -16}, 0x2000, "jal ra, 0x1ff0");
    expect((uisa_uop){.op = UOP_AMOADD_W, .rd = 10, .rs1 = 11, .rs2 = 12}, 0, "amoadd.w a0, a2, (a1)");
    expect((uisa_uop){.op = UOP_LR_W, .rd = 10, .rs1 = 11}, 0, "lr.w a0, (a1)");
    expect((uisa_uop){.op = UOP_ECALL}, 0, "ecall");
    expect((uisa_uop){.op = UOP_TRAP, .imm = TRAP_UNSUPPORTED, .imm2 = 0x00053007}, 0,
           "trap unsupported 0x00053007");
    expect((uisa_uop){.op = UOP_TRAP, .imm = TRAP_MID_INSN}, 0, "trap mid-insn 0x00000000");
}

static void test_bad_op_and_small_buffer(void **state)
{
    (void)state;
    uisa_uop u = {.op = 250};
    char buf[64];
    uisa_disasm(&u, 0, buf, sizeof buf);
    assert_non_null(strstr(buf, "bad op 250"));
    u = (uisa_uop){.op = UOP_ADD, .rd = 10, .rs1 = 11, .rs2 = 12};
    char tiny[5];
    int n = uisa_disasm(&u, 0, tiny, sizeof tiny);
    assert_int_equal(n, (int)strlen("add a0, a1, a2"));
    assert_string_equal(tiny, "add ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_op_complete),
        cmocka_unit_test(test_prover_column),
        cmocka_unit_test(test_every_op_disasm),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_bad_op_and_small_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
