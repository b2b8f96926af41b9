/* test_vm_fault.c — every guest fault class (cause, pc, address, message, and
 * that the faulting uop changed nothing), the exact cycle limit, and malformed
 * programs that vm_run must refuse with a one-line error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "vmt.h"

/* Runs t and checks it stopped with fault f at pc with addr, and msg. */
static void expect_fault(vmt *t, vm_fault f, uint32_t pc, uint32_t addr, const char *msg)
{
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.stop, VM_STOP_FAULT);
    if (t->res.fault != f)
        fail_msg("fault %s, want %s (%s)", vm_fault_name(t->res.fault), vm_fault_name(f),
                 t->res.msg);
    assert_int_equal(t->res.pc, pc);
    assert_int_equal(t->res.addr, addr);
    assert_string_equal(t->res.msg, msg);
    assert_null(strchr(t->res.msg, '\n'));
}

/* li t0, addr; li t1, 7; then `op` at the returned pc. */
static uint32_t mem_op(vmt *t, uisa_op op, uint32_t addr, int32_t imm)
{
    vmt_li(t, X_T0, addr);
    vmt_li(t, X_T1, 7);
    return vmt_op(t, op, X_T2, X_T0, X_T1, imm);
}

static void test_load_store_faults(void **state)
{
    (void)state;
    struct { uisa_op op; uint32_t addr; vm_fault f; uint32_t at; const char *msg; } c[] = {
        {UOP_LW, 0x10, VM_FAULT_LOAD_UNMAPPED, 0x10, "load from 0x00000010 outside mapped memory"},
        {UOP_LB, 0xffffffffu, VM_FAULT_LOAD_UNMAPPED, 0xffffffffu,
         "load from 0xffffffff outside mapped memory"},
        {UOP_LW, 0xfffffffeu, VM_FAULT_LOAD_UNMAPPED, 0xfffffffeu,
         "load from 0xfffffffe outside mapped memory"},
        {UOP_LW, VMT_DATA + 0x1ffe, VM_FAULT_LOAD_UNMAPPED, VMT_DATA + 0x1ffe,
         "load from 0x00021ffe outside mapped memory"},   /* second page unmapped */
        {UOP_SW, 0x10, VM_FAULT_STORE_UNMAPPED, 0x10, "store to 0x00000010 outside mapped memory"},
        {UOP_SH, VMT_DATA + 0x1fff, VM_FAULT_STORE_UNMAPPED, VMT_DATA + 0x1fff,
         "store to 0x00021fff outside mapped memory"},
        {UOP_SB, VMT_CODE + 4, VM_FAULT_STORE_READONLY, VMT_CODE + 4,
         "store to 0x00010004 in code"},
        {UOP_SW, VMT_RODATA + 8, VM_FAULT_STORE_READONLY, VMT_RODATA + 8,
         "store to 0x00030008 in read-only memory"},
        {UOP_SW, VMT_RODATA - 2, VM_FAULT_STORE_UNMAPPED, VMT_RODATA - 2,
         "store to 0x0002fffe outside mapped memory"},
        {UOP_AMOADD_W, VMT_RODATA, VM_FAULT_STORE_READONLY, VMT_RODATA,
         "store to 0x00030000 in read-only memory"},
        {UOP_AMOADD_W, VMT_DATA + 2, VM_FAULT_MISALIGNED_AMO, VMT_DATA + 2,
         "atomic access to 0x00020002 is not 4-byte aligned"},
        {UOP_LR_W, VMT_DATA + 1, VM_FAULT_MISALIGNED_AMO, VMT_DATA + 1,
         "atomic access to 0x00020001 is not 4-byte aligned"},
        {UOP_SC_W, VMT_DATA + 2, VM_FAULT_MISALIGNED_AMO, VMT_DATA + 2,
         "atomic access to 0x00020002 is not 4-byte aligned"},
        {UOP_AMOSWAP_W, 0x10, VM_FAULT_LOAD_UNMAPPED, 0x10,
         "load from 0x00000010 outside mapped memory"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        vmt *t = vmt_new();
        uint32_t pc = mem_op(t, c[i].op, c[i].addr, 0);
        vmt_exit(t, 0);
        expect_fault(t, c[i].f, pc, c[i].at, c[i].msg);
        assert_int_equal(t->res.regs[X_T2], 0);     /* rd not written */
        assert_int_equal(t->res.uops, 4);           /* the faulting uop does not count */
        assert_int_equal(t->res.insns_retired, 4);
        vmt_free(t);
    }
}

static void test_unreadable_segment(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    t->rodata_flags = UISA_SEG_X;
    uint32_t pc = mem_op(t, UOP_LW, VMT_RODATA + 4, 0);
    expect_fault(t, VM_FAULT_LOAD_UNMAPPED, pc, VMT_RODATA + 4,
                 "load from 0x00030004 in unreadable memory");
    vmt_free(t);
}

/* A word store whose first two bytes are writable and last two unmapped faults
 * as a whole (the check covers both pages before any byte is written). */
static void test_page_crossing_store(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    uint32_t pc = mem_op(t, UOP_SW, VMT_DATA + 0x1ffe, 0);
    vmt_exit(t, 0);
    memset(t->data, 0x11, sizeof t->data);
    expect_fault(t, VM_FAULT_STORE_UNMAPPED, pc, VMT_DATA + 0x1ffe,
                 "store to 0x00021ffe outside mapped memory");
    vmt_free(t);
}

static void test_jump_faults(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    vmt_li(t, X_T0, VMT_CODE + 2);
    uint32_t pc = vmt_op(t, UOP_JALR, X_T1, X_T0, 0, 0);
    expect_fault(t, VM_FAULT_JUMP_MISALIGNED, pc, VMT_CODE + 2,
                 "jump to 0x00010002 is not 4-byte aligned");
    assert_int_equal(t->res.regs[X_T1], 0);
    vmt_free(t);

    t = vmt_new();
    vmt_li(t, X_T0, 0x50000);
    pc = vmt_op(t, UOP_JALR, X_T1, X_T0, 0, 0);
    expect_fault(t, VM_FAULT_JUMP_OUTSIDE, pc, 0x50000, "jump to 0x00050000 outside the code");
    assert_int_equal(t->res.regs[X_T1], 0);
    vmt_free(t);

    t = vmt_new();
    vmt_op(t, UOP_BEQ, 0, X_T0, X_T1 + 1, 0x10000 + 2);  /* x5 != x7? both 0: taken */
    expect_fault(t, VM_FAULT_JUMP_MISALIGNED, VMT_CODE, VMT_CODE + 0x10002,
                 "jump to 0x00020002 is not 4-byte aligned");
    vmt_free(t);

    t = vmt_new();
    vmt_op(t, UOP_BNE, 0, X_ZERO, X_ZERO, 0x4000);       /* bad target, not taken: fine */
    pc = vmt_op(t, UOP_JAL, X_RA, 0, 0, -0x100);
    expect_fault(t, VM_FAULT_JUMP_OUTSIDE, pc, pc - 0x100, "jump to 0x0000ff04 outside the code");
    assert_int_equal(t->res.regs[X_RA], 0);
    assert_int_equal(t->res.uops, 1);
    vmt_free(t);
}

static void test_fetch_faults(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    vmt_op(t, UOP_ADDI, X_T0, X_T0, 0, 1);
    expect_fault(t, VM_FAULT_FETCH_OUTSIDE, VMT_CODE + 4, VMT_CODE + 4,
                 "execution reached 0x00010004 outside the code");
    assert_int_equal(t->res.uops, 1);
    assert_int_equal(t->res.regs[X_T0], 1);
    vmt_free(t);

    t = vmt_new();
    vmt_op(t, UOP_ADDI, X_T0, X_T0, 0, 1);
    t->p.entry = 0x50000;
    expect_fault(t, VM_FAULT_FETCH_OUTSIDE, 0x50000, 0x50000,
                 "execution reached 0x00050000 outside the code");
    assert_int_equal(t->res.uops, 0);
    vmt_free(t);

    t = vmt_new();  /* no code at all */
    expect_fault(t, VM_FAULT_FETCH_OUTSIDE, VMT_CODE, VMT_CODE,
                 "execution reached 0x00010000 outside the code");
    vmt_free(t);
}

static void test_rvc_faults(void **state)
{
    (void)state;
    /* A jump into the upper half of a 4-byte instruction executes its TRAP slot. */
    vmt *t = vmt_new_rvc();
    vmt_op16(t, UOP_JAL, X_ZERO, 0, 0, 4);         /* 0x10000 -> 0x10004 */
    vmt_op(t, UOP_ADDI, X_T0, X_ZERO, 0, 1);       /* 0x10002..0x10005 */
    t->slots[2].imm2 = 0x00100293;
    expect_fault(t, VM_FAULT_TRAP, 0x10004, 0x00100293,
                 "jump into the middle of an instruction, word 0x00100293");
    assert_int_equal(t->res.uops, 1);
    vmt_free(t);

    /* Falling off the end after a 4-byte uop in the last slot pair. */
    t = vmt_new_rvc();
    vmt_op16(t, UOP_ADDI, X_T0, X_ZERO, 0, 1);
    vmt_op(t, UOP_ADDI, X_T0, X_T0, 0, 1);
    expect_fault(t, VM_FAULT_FETCH_OUTSIDE, 0x10006, 0x10006,
                 "execution reached 0x00010006 outside the code");
    assert_int_equal(t->res.regs[X_T0], 2);
    vmt_free(t);

    /* With 2-byte slots an odd branch offset is the only misalignment left. */
    t = vmt_new_rvc();
    vmt_op16(t, UOP_BEQ, 0, X_ZERO, X_ZERO, 3);
    vmt_op16(t, UOP_FENCE, 0, 0, 0, 0);
    vmt_op16(t, UOP_FENCE, 0, 0, 0, 0);
    expect_fault(t, VM_FAULT_JUMP_MISALIGNED, 0x10000, 0x10003,
                 "jump to 0x00010003 is not 2-byte aligned");
    vmt_free(t);
}

static void test_trap_ebreak_syscall(void **state)
{
    (void)state;
    struct { int kind; uint32_t word; const char *msg; } c[] = {
        {TRAP_ILLEGAL, 0x0000ffffu, "illegal instruction 0x0000ffff"},
        {TRAP_UNSUPPORTED, 0x00002073u, "unsupported instruction 0x00002073"},
        {TRAP_MID_INSN, 0x00b50533u, "jump into the middle of an instruction, word 0x00b50533"},
    };
    for (size_t i = 0; i < 3; i++) {
        vmt *t = vmt_new();
        vmt_op(t, UOP_FENCE, 0, 0, 0, 0);
        uint32_t pc = vmt_trap(t, c[i].kind, c[i].word);
        expect_fault(t, VM_FAULT_TRAP, pc, c[i].word, c[i].msg);
        assert_int_equal(t->res.uops, 1);
        vmt_free(t);
    }
    vmt *t = vmt_new();
    uint32_t pc = vmt_op(t, UOP_EBREAK, 0, 0, 0, 0);
    expect_fault(t, VM_FAULT_EBREAK, pc, pc, "ebreak");
    vmt_free(t);

    t = vmt_new();
    vmt_li(t, X_A7, 57);
    pc = vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    expect_fault(t, VM_FAULT_BAD_SYSCALL, pc, 57, "unsupported syscall 57 (a7)");
    assert_int_equal(t->res.uops, 2);
    vmt_free(t);
}

/* RWX code: a store to a code page the program maps writable works (the code
 * bytes start as zero in these programs); running a slot whose bytes differ
 * from the translated ones is a self-modifying-code fault, in both loops. */
static void test_rwx_code(void **state)
{
    (void)state;
    enum { CHANGE, SAME, RESTORE, MIDDLE, PAST };
    const char *smc = "self-modifying code is not supported: the instruction here was "
                      "overwritten after translation";
    for (int stats = 0; stats < 2; stats++)
        for (int c = CHANGE; c <= PAST; c++) {
            vmt *t = vmt_new();
            t->code_flags = UISA_SEG_R | UISA_SEG_W | UISA_SEG_X;
            const uint32_t target = VMT_CODE + 4 * 6; /* the 7th slot: `hit` below */
            vmt_li(t, X_T0, c == PAST ? VMT_CODE : target);
            vmt_li(t, X_T1, c == SAME ? 0 : 0x13);
            uint32_t st = vmt_op(t, c == MIDDLE ? UOP_SB : UOP_SW, 0, X_T0, X_T1, c == MIDDLE ? 2 : 0);
            vmt_op(t, c == RESTORE ? UOP_SW : UOP_FENCE, 0, X_T0, X_ZERO, 0);
            uint32_t hit = vmt_op(t, UOP_FENCE, 0, 0, 0, 0);
            vmt_exit(t, 9);
            assert_int_equal(hit, target);
            vm_config cfg = {.stats = stats};
            assert_int_equal(vmt_run(t, &cfg), 0);
            if (c == CHANGE || c == MIDDLE) {
                assert_int_equal(t->res.stop, VM_STOP_FAULT);
                assert_int_equal(t->res.fault, VM_FAULT_SMC);
                assert_int_equal(t->res.pc, hit);
                assert_int_equal(t->res.addr, hit);
                assert_string_equal(t->res.msg, smc);
                assert_int_equal(t->res.uops, 6);
            } else {
                if (t->res.stop != VM_STOP_EXIT)
                    fail_msg("case %d: %s", c, t->res.msg);
                assert_int_equal(t->res.exit_code, 9);
            }
            assert_int_equal(t->res.code_stores, c == RESTORE ? 2 : 1);
            assert_int_equal(t->res.code_store_pc, st);
            assert_int_equal(t->res.code_store_addr,
                             (c == PAST ? VMT_CODE : hit) + (c == MIDDLE ? 2 : 0));
            vmt_free(t);
        }
    /* without W the same store is refused, and nothing counts as a code store */
    vmt *t = vmt_new();
    vmt_li(t, X_T0, VMT_CODE);
    uint32_t st = vmt_op(t, UOP_SW, 0, X_T0, X_T0, 0);
    vmt_exit(t, 0);
    expect_fault(t, VM_FAULT_STORE_READONLY, st, VMT_CODE, "store to 0x00010000 in code");
    assert_int_equal(t->res.code_stores, 0);
    vmt_free(t);
}

static void test_cycle_limit_exact(void **state)
{
    (void)state;
    for (int stats = 0; stats <= 1; stats++) {
        /* An endless loop stops after exactly max_cycles uops, at the loop pc. */
        vmt *t = vmt_new();
        vmt_op(t, UOP_ADDI, X_T0, X_T0, 0, 1);
        uint32_t loop = vmt_op(t, UOP_ADDI, X_T1, X_T1, 0, 1);
        vmt_op(t, UOP_JAL, X_ZERO, 0, 0, -4);
        vm_config c = {.max_cycles = 1001, .stats = stats};
        assert_int_equal(vmt_run(t, &c), 0);
        assert_int_equal(t->res.stop, VM_STOP_CYCLE_LIMIT);
        assert_int_equal(t->res.uops, 1001);
        assert_int_equal(t->res.insns_retired, 1001);
        assert_int_equal(t->res.regs[X_T1], 500);
        assert_int_equal(t->res.pc, loop);
        assert_string_equal(t->res.msg, "cycle limit of 1001 uops reached");
        if (stats)
            assert_int_equal(t->res.hist[UOP_JAL], 500);
        vmt_free(t);

        /* A 5-uop program exits with a limit of 5 and stops with 4. */
        for (uint64_t lim = 4; lim <= 6; lim++) {
            t = vmt_new();
            vmt_exit(t, 9);
            c.max_cycles = lim;
            assert_int_equal(vmt_run(t, &c), 0);
            assert_int_equal(t->res.stop, lim >= 5 ? VM_STOP_EXIT : VM_STOP_CYCLE_LIMIT);
            assert_int_equal(t->res.uops, lim >= 5 ? 5 : 4);
            assert_int_equal(t->res.pc, VMT_CODE + 16);
            vmt_free(t);
        }
    }
}

static void test_brk_shrink_unmaps(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    vmt_li(t, X_A0, 0x24000);
    vmt_syscall(t, 214);
    vmt_li(t, X_T0, 0x23000);
    vmt_op(t, UOP_SW, 0, X_T0, X_T0, 0);
    vmt_li(t, X_A0, 0x22000);
    vmt_syscall(t, 214);
    uint32_t pc = vmt_op(t, UOP_LW, X_T1, X_T0, 0, 0);
    expect_fault(t, VM_FAULT_LOAD_UNMAPPED, pc, 0x23000,
                 "load from 0x00023000 outside mapped memory");
    vmt_free(t);
}

/* Malformed programs: vm_run refuses them (-1, one-line error), runs nothing. */
static void test_malformed(void **state)
{
    (void)state;
    for (int k = 0; k < 10; k++) {
        vmt *t = vmt_new();
        vmt_op(t, UOP_ADDI, X_T0, X_T0, 0, 1);
        vmt_exit(t, 0);
        vm_config c = {0};
        switch (k) {
        case 0: t->slots[0].op = UOP_COUNT; break;
        case 1: t->slots[0].rd = 32; break;
        case 2: t->slots[0].rs2 = 255; break;
        case 3: t->slots[0].len = 0; break;
        case 4: t->slots[0].len = 2; break;
        case 5: t->slots[0].ninsn = 2; break;
        case 6: t->p.slot_shift = 3; break;
        case 7: c.stack_top = 0x12345; break;
        case 8: t->p.code_base = 0xfffffff0u; t->p.entry = t->p.code_base; break;
        case 9: c.stack_top = 0x00030000u; c.stack_size = 0x10000; break; /* overlaps data */
        }
        t->err.msg[0] = 0;
        if (vmt_run(t, &c) != -1)
            fail_msg("case %d accepted", k);
        assert_true(strlen(t->err.msg) > 4);
        assert_null(strchr(t->err.msg, '\n'));
        vmt_free(t);
    }
}

static void test_segment_errors(void **state)
{
    (void)state;
    for (int k = 0; k < 3; k++) {
        vmt *t = vmt_new();
        vmt_exit(t, 0);
        static uint8_t byte;
        uisa_segment seg[4];
        /* vmt_run fills segs; build the program by hand here instead. */
        seg[0] = (uisa_segment){.vaddr = VMT_CODE, .memsz = 64, .flags = UISA_SEG_R | UISA_SEG_X};
        if (k == 0)
            seg[1] = (uisa_segment){.vaddr = 0xfffff000u, .memsz = 0x2000, .flags = UISA_SEG_R};
        if (k == 1)
            seg[1] = (uisa_segment){.vaddr = 0x20000, .memsz = 1, .filesz = 2, .data = &byte};
        if (k == 2)
            seg[1] = (uisa_segment){.vaddr = VM_STACK_TOP - 0x100, .memsz = 0x10,
                                    .flags = UISA_SEG_W};
        t->p.segments = seg;
        t->p.n_segments = 2;
        vm_result res;
        uvm_err err = {{0}};
        assert_int_equal(vm_run(&t->p, NULL, &res, &err), -1);
        assert_true(strlen(err.msg) > 4);
        vmt_free(t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_store_faults),
        cmocka_unit_test(test_page_crossing_store),
        cmocka_unit_test(test_unreadable_segment),
        cmocka_unit_test(test_jump_faults),
        cmocka_unit_test(test_fetch_faults),
        cmocka_unit_test(test_rvc_faults),
        cmocka_unit_test(test_trap_ebreak_syscall),
        cmocka_unit_test(test_rwx_code),
        cmocka_unit_test(test_cycle_limit_exact),
        cmocka_unit_test(test_brk_shrink_unmaps),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_segment_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
