/* test_vm_sys.c — the guest syscall layer: write to fd 1/2 and bad fds, read in
 * chunks and at end of input, brk growth/refusal, exit codes, the initial state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "vmt.h"

/* Emits syscall nr(a0, a1, a2) and saves the result a0 into register save. */
static void call3(vmt *t, uint32_t nr, uint32_t a0, uint32_t a1, uint32_t a2, int save)
{
    vmt_li(t, X_A0, a0);
    vmt_li(t, X_A1, a1);
    vmt_li(t, X_A2, a2);
    vmt_syscall(t, nr);
    vmt_op(t, UOP_ADD, save, X_A0, X_ZERO, 0);
}

static void test_write(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    memcpy(t->data, "hello, world", 12);
    call3(t, 64, 1, VMT_DATA, 5, 18);
    call3(t, 64, 2, VMT_DATA + 7, 5, 19);
    call3(t, 64, 3, VMT_DATA, 5, 20);            /* -EBADF */
    call3(t, 64, 0, VMT_DATA, 5, 21);            /* -EBADF */
    call3(t, 64, 1, 0x100, 5, 22);               /* unmapped buffer: -EFAULT */
    call3(t, 64, 1, VMT_DATA + 0x1ffe, 4, 23);   /* runs off the segment: -EFAULT */
    call3(t, 64, 1, VMT_DATA, 0, 24);            /* empty write */
    call3(t, 64, 1, VMT_RODATA, 2, 25);          /* read-only memory is readable */
    vmt_exit(t, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    const uint32_t *r = t->res.regs;
    assert_int_equal(r[18], 5);
    assert_int_equal(r[19], 5);
    assert_int_equal(r[20], (uint32_t)-9);
    assert_int_equal(r[21], (uint32_t)-9);
    assert_int_equal(r[22], (uint32_t)-14);
    assert_int_equal(r[23], (uint32_t)-14);
    assert_int_equal(r[24], 0);
    assert_int_equal(r[25], 2);
    assert_int_equal(t->out_len[0], 7);
    assert_memory_equal(t->out[0], "hello\0\0", 7);
    assert_int_equal(t->out_len[1], 5);
    assert_memory_equal(t->out[1], "world", 5);
    vmt_free(t);
}

static void test_read(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    call3(t, 63, 0, VMT_RODATA, 4, 23);          /* read-only buffer: -EFAULT, nothing consumed */
    call3(t, 63, 0, VMT_CODE, 4, 24);            /* code: -EFAULT */
    call3(t, 63, 0, VMT_DATA + 0x1ffe, 4, 27);   /* runs off the segment: -EFAULT */
    call3(t, 63, 0, VMT_DATA, 4, 18);
    call3(t, 63, 0, VMT_DATA + 4, 4, 19);
    call3(t, 63, 0, VMT_DATA + 8, 4, 20);        /* only 2 left */
    call3(t, 63, 0, VMT_DATA + 10, 4, 21);       /* end of input: 0 */
    call3(t, 63, 1, VMT_DATA, 4, 22);            /* -EBADF */
    call3(t, 64, 1, VMT_DATA, 12, 25);
    call3(t, 63, 0, VMT_CODE, 4, 26);            /* at end of input nothing is written: 0 */
    vmt_exit(t, 0);
    vm_config c = {.input = (const uint8_t *)"abcdefghij", .input_len = 10};
    assert_int_equal(vmt_run(t, &c), 0);
    const uint32_t *r = t->res.regs;
    assert_int_equal(r[23], (uint32_t)-14);
    assert_int_equal(r[24], (uint32_t)-14);
    assert_int_equal(r[27], (uint32_t)-14);
    assert_int_equal(r[18], 4);
    assert_int_equal(r[19], 4);
    assert_int_equal(r[20], 2);
    assert_int_equal(r[21], 0);
    assert_int_equal(r[22], (uint32_t)-9);
    assert_int_equal(r[26], 0);
    assert_int_equal(t->out_len[0], 12);
    assert_memory_equal(t->out[0], "abcdefghij\0\0", 12);
    vmt_free(t);
}

static void test_read_empty_input(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    call3(t, 63, 0, VMT_DATA, 4, 18);
    vmt_exit(t, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.regs[18], 0);
    vmt_free(t);
}

/* The vmt layout puts the break at 0x22000 (end of the RW data) and read-only
 * data at 0x30000, so the heap may grow to exactly 0x30000. */
static void test_brk(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    call3(t, 214, 0, 0, 0, 18);                  /* query */
    call3(t, 214, 0x23800, 0, 0, 19);            /* grow */
    vmt_li(t, X_T0, 0x23ffc);
    vmt_li(t, X_T1, 0x5a5a5a5a);
    vmt_op(t, UOP_SW, 0, X_T0, X_T1, 0);         /* the page of the new break is usable */
    vmt_op(t, UOP_LW, 20, X_T0, 0, 0);
    call3(t, 214, 0x30001, 0, 0, 21);            /* past the limit: refused */
    call3(t, 214, 0x1000, 0, 0, 22);             /* below the start: refused */
    call3(t, 214, 0x30000, 0, 0, 23);            /* up to the limit */
    call3(t, 214, 0x22000, 0, 0, 24);            /* shrink back */
    call3(t, 214, 0x24000, 0, 0, 25);            /* regrow: reads back zero */
    vmt_op(t, UOP_LW, 26, X_T0, 0, 0);
    vmt_exit(t, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    const uint32_t *r = t->res.regs;
    assert_int_equal(r[18], 0x22000);
    assert_int_equal(r[19], 0x23800);
    assert_int_equal(r[20], 0x5a5a5a5a);
    assert_int_equal(r[21], 0x23800);
    assert_int_equal(r[22], 0x23800);
    assert_int_equal(r[23], 0x30000);
    assert_int_equal(r[24], 0x22000);
    assert_int_equal(r[25], 0x24000);
    assert_int_equal(r[26], 0);
    assert_int_equal(t->res.brk, 0x24000);
    vmt_free(t);
}

static void test_brk_heap_max(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    call3(t, 214, 0x22000 + 0x2000, 0, 0, 18);
    call3(t, 214, 0x22000 + 0x2001, 0, 0, 19);
    vmt_exit(t, 0);
    vm_config c = {.heap_max = 0x2000};
    assert_int_equal(vmt_run(t, &c), 0);
    assert_int_equal(t->res.regs[18], 0x24000);
    assert_int_equal(t->res.regs[19], 0x24000);
    vmt_free(t);
}

static void test_exit_codes(void **state)
{
    (void)state;
    const uint32_t codes[] = {0, 1, 255, 0x1234, 0xffffffffu};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        for (uint32_t nr = 93; nr <= 94; nr++) {
            vmt *t = vmt_new();
            vmt_li(t, X_A0, codes[i]);
            uint32_t pc = vmt_pc(t) + 8;
            vmt_syscall(t, nr);
            vmt_op(t, UOP_EBREAK, 0, 0, 0, 0); /* never reached */
            assert_int_equal(vmt_run(t, NULL), 0);
            assert_int_equal(t->res.stop, VM_STOP_EXIT);
            assert_int_equal(t->res.exit_code, codes[i]);
            assert_int_equal(t->res.pc, pc);
            assert_int_equal(t->res.uops, 5);
            assert_int_equal(t->res.insns_retired, 5);
            vmt_free(t);
        }
    }
}

static void test_initial_state(void **state)
{
    (void)state;
    for (int custom = 0; custom <= 1; custom++) {
        vmt *t = vmt_new();
        for (int i = 0; i < 5; i++)
            vmt_op(t, UOP_LW, 18 + i, X_SP, 0, 4 * i);
        vmt_op(t, UOP_SW, 0, X_SP, X_SP, -4);        /* the stack is writable */
        vmt_op(t, UOP_LW, 23, X_SP, 0, -4);
        vmt_op(t, UOP_ECALL, 0, 0, 0, 0);            /* a7 = 0 at start: bad syscall */
        vm_config c = {.stack_top = custom ? 0x80000000u : 0, .stack_size = custom ? 0x10000 : 0};
        assert_int_equal(vmt_run(t, &c), 0);
        uint32_t sp = (custom ? 0x80000000u : VM_STACK_TOP) - 32;
        assert_int_equal(t->res.regs[X_SP], sp);
        assert_int_equal(t->res.regs[X_SP] % 16, 0);
        for (int i = 0; i < 32; i++)
            if (i != X_SP && i != 23)
                assert_int_equal(t->res.regs[i], 0);
        assert_int_equal(t->res.regs[23], sp);
        assert_int_equal(t->res.stop, VM_STOP_FAULT);
        assert_int_equal(t->res.fault, VM_FAULT_BAD_SYSCALL);
        assert_int_equal(t->res.addr, 0);
        vmt_free(t);
    }
}

static void test_write_sink_failure(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    call3(t, 64, 1, VMT_RODATA, 4096, 18);
    for (int i = 0; i < 17; i++)   /* 17 * 4 KiB overflows the 64 KiB capture: -EIO */
        call3(t, 64, 1, VMT_RODATA, 4096, 19);
    vmt_exit(t, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.regs[18], 4096);
    assert_int_equal(t->res.regs[19], (uint32_t)-5);
    vmt_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_read_empty_input),
        cmocka_unit_test(test_brk),
        cmocka_unit_test(test_brk_heap_max),
        cmocka_unit_test(test_exit_codes),
        cmocka_unit_test(test_initial_state),
        cmocka_unit_test(test_write_sink_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
