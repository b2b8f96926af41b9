/* test_vm_uops.c — every uop's semantics against hand-computed expectations,
 * including the edge cases of shifts, division, mulh signs, sign extension,
 * misaligned and page-crossing accesses, LR/SC and every AMO. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "vmt.h"

/* Runs `op x7, x5, x6` with x5 = a, x6 = b; returns x7. */
static uint32_t rr(uisa_op op, uint32_t a, uint32_t b)
{
    vmt *t = vmt_new();
    vmt_li(t, X_T0, a);
    vmt_li(t, X_T1, b);
    vmt_op(t, op, X_T2, X_T0, X_T1, 0);
    vmt_exit(t, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    uint32_t v = t->res.regs[X_T2];
    vmt_free(t);
    return v;
}

/* Runs `op x7, x5, imm` with x5 = a; returns x7. */
static uint32_t ri(uisa_op op, uint32_t a, int32_t imm)
{
    vmt *t = vmt_new();
    vmt_li(t, X_T0, a);
    vmt_op(t, op, X_T2, X_T0, 0, imm);
    vmt_exit(t, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    uint32_t v = t->res.regs[X_T2];
    vmt_free(t);
    return v;
}

typedef struct { uisa_op op; uint32_t a, b, want; } rr_case;

static const rr_case rr_cases[] = {
    {UOP_ADD, 0xffffffffu, 1, 0}, {UOP_ADD, 0x7fffffffu, 1, 0x80000000u},
    {UOP_SUB, 0, 1, 0xffffffffu}, {UOP_SUB, 0x80000000u, 1, 0x7fffffffu},
    {UOP_XOR, 0xff00ff00u, 0x0ff00ff0u, 0xf0f0f0f0u}, {UOP_OR, 0xf0u, 0x0fu, 0xffu},
    {UOP_AND, 0xf0f0u, 0xff00u, 0xf000u},
    {UOP_SLL, 1, 31, 0x80000000u}, {UOP_SLL, 1, 32, 1}, {UOP_SLL, 1, 33, 2},
    {UOP_SLL, 3, 0xffffffe1u, 6},
    {UOP_SRL, 0x80000000u, 31, 1}, {UOP_SRL, 0x80000000u, 32, 0x80000000u},
    {UOP_SRL, 0x80000000u, 1, 0x40000000u},
    {UOP_SRA, 0x80000000u, 31, 0xffffffffu}, {UOP_SRA, 0x80000000u, 32, 0x80000000u},
    {UOP_SRA, 0x80000000u, 4, 0xf8000000u}, {UOP_SRA, 0x40000000u, 30, 1},
    {UOP_SLT, 0xffffffffu, 0, 1}, {UOP_SLT, 0, 0xffffffffu, 0}, {UOP_SLT, 5, 5, 0},
    {UOP_SLT, 0x80000000u, 0x7fffffffu, 1},
    {UOP_SLTU, 0xffffffffu, 0, 0}, {UOP_SLTU, 0, 0xffffffffu, 1}, {UOP_SLTU, 5, 5, 0},
    {UOP_MUL, 0xffffffffu, 0xffffffffu, 1}, {UOP_MUL, 0x10000u, 0x10000u, 0},
    {UOP_MUL, 12345, 6789, 83810205},
    {UOP_MULH, 0xffffffffu, 0xffffffffu, 0}, {UOP_MULH, 0x80000000u, 0x80000000u, 0x40000000u},
    {UOP_MULH, 0xffffffffu, 1, 0xffffffffu}, {UOP_MULH, 0x7fffffffu, 0x7fffffffu, 0x3fffffffu},
    {UOP_MULH, 0x80000000u, 0x7fffffffu, 0xc0000000u},
    {UOP_MULHSU, 0xffffffffu, 0xffffffffu, 0xffffffffu},
    {UOP_MULHSU, 0x80000000u, 0xffffffffu, 0x80000000u}, {UOP_MULHSU, 2, 0x80000000u, 1},
    {UOP_MULHSU, 0x7fffffffu, 0xffffffffu, 0x7ffffffeu},
    {UOP_MULHU, 0xffffffffu, 0xffffffffu, 0xfffffffeu}, {UOP_MULHU, 0x80000000u, 2, 1},
    {UOP_MULHU, 0x80000000u, 0x80000000u, 0x40000000u},
    {UOP_DIV, 7, 0, 0xffffffffu}, {UOP_DIV, 0x80000000u, 0xffffffffu, 0x80000000u},
    {UOP_DIV, 0xfffffff9u, 2, 0xfffffffdu}, {UOP_DIV, 7, 0xfffffffeu, 0xfffffffdu},
    {UOP_DIV, 0, 0, 0xffffffffu}, {UOP_DIV, 100, 7, 14},
    {UOP_DIVU, 7, 0, 0xffffffffu}, {UOP_DIVU, 0xffffffffu, 2, 0x7fffffffu},
    {UOP_DIVU, 0x80000000u, 0xffffffffu, 0},
    {UOP_REM, 7, 0, 7}, {UOP_REM, 0x80000000u, 0xffffffffu, 0},
    {UOP_REM, 0xfffffff9u, 2, 0xffffffffu}, {UOP_REM, 7, 0xfffffffeu, 1},
    {UOP_REM, 0x80000000u, 0, 0x80000000u},
    {UOP_REMU, 7, 0, 7}, {UOP_REMU, 0xffffffffu, 10, 5}, {UOP_REMU, 0x80000000u, 0xffffffffu, 0x80000000u},
};

static void test_rr(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rr_cases / sizeof rr_cases[0]; i++) {
        const rr_case *c = &rr_cases[i];
        uint32_t got = rr(c->op, c->a, c->b);
        if (got != c->want)
            fail_msg("%s(0x%08x, 0x%08x) = 0x%08x, want 0x%08x", uisa_ops[c->op].name, c->a, c->b,
                     got, c->want);
    }
}

typedef struct { uisa_op op; uint32_t a; int32_t imm; uint32_t want; } ri_case;

static const ri_case ri_cases[] = {
    {UOP_ADDI, 5, -6, 0xffffffffu}, {UOP_ADDI, 0xffffffffu, 1, 0}, {UOP_ADDI, 0, 2047, 2047},
    {UOP_XORI, 0x12345678u, -1, 0xedcba987u}, {UOP_ORI, 0x100u, -2048, 0xfffff900u},
    {UOP_ANDI, 0xffffffffu, -16, 0xfffffff0u}, {UOP_ANDI, 0x1234u, 0xff, 0x34u},
    {UOP_SLLI, 1, 31, 0x80000000u}, {UOP_SLLI, 0xffffffffu, 0, 0xffffffffu},
    {UOP_SRLI, 0x80000000u, 31, 1}, {UOP_SRLI, 0xffffffffu, 4, 0x0fffffffu},
    {UOP_SRAI, 0x80000000u, 31, 0xffffffffu}, {UOP_SRAI, 0x80000000u, 0, 0x80000000u},
    {UOP_SRAI, 0x7fffffffu, 30, 1},
    {UOP_SLTI, 0xffffffffu, 0, 1}, {UOP_SLTI, 0, -1, 0}, {UOP_SLTI, 3, 4, 1},
    {UOP_SLTIU, 5, -1, 1}, {UOP_SLTIU, 0xffffffffu, -1, 0}, {UOP_SLTIU, 0, 1, 1},
    {UOP_SLTIU, 1, 1, 0},
};

static void test_ri(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ri_cases / sizeof ri_cases[0]; i++) {
        const ri_case *c = &ri_cases[i];
        uint32_t got = ri(c->op, c->a, c->imm);
        if (got != c->want)
            fail_msg("%s(0x%08x, %d) = 0x%08x, want 0x%08x", uisa_ops[c->op].name, c->a, c->imm,
                     got, c->want);
    }
}

static void test_lui_auipc_x0(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    vmt_op(t, UOP_LUI, X_T0, 0, 0, (int32_t)0xabcde000u);
    uint32_t pc = vmt_op(t, UOP_AUIPC, X_T1, 0, 0, (int32_t)0xfffff000u);
    vmt_op(t, UOP_ADDI, X_ZERO, X_ZERO, 0, 5);        /* dropped */
    vmt_op(t, UOP_LUI, X_ZERO, 0, 0, 0x1000);         /* dropped */
    vmt_op(t, UOP_ADD, X_T2, X_ZERO, X_ZERO, 0);      /* reads 0 */
    vmt_exit(t, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.regs[X_T0], 0xabcde000u);
    assert_int_equal(t->res.regs[X_T1], pc - 0x1000u);
    assert_int_equal(t->res.regs[X_ZERO], 0);
    assert_int_equal(t->res.regs[X_T2], 0);
    vmt_free(t);
}

typedef struct { uisa_op op; uint32_t a, b; int taken; } br_case;

static const br_case br_cases[] = {
    {UOP_BEQ, 1, 1, 1}, {UOP_BEQ, 1, 2, 0}, {UOP_BNE, 1, 1, 0}, {UOP_BNE, 1, 2, 1},
    {UOP_BLT, 0xffffffffu, 0, 1}, {UOP_BLT, 0, 0xffffffffu, 0}, {UOP_BLT, 3, 3, 0},
    {UOP_BGE, 0xffffffffu, 0, 0}, {UOP_BGE, 0, 0xffffffffu, 1}, {UOP_BGE, 3, 3, 1},
    {UOP_BLTU, 0xffffffffu, 0, 0}, {UOP_BLTU, 0, 0xffffffffu, 1}, {UOP_BLTU, 3, 3, 0},
    {UOP_BGEU, 0xffffffffu, 0, 1}, {UOP_BGEU, 0, 0xffffffffu, 0}, {UOP_BGEU, 3, 3, 1},
};

static void test_branches(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof br_cases / sizeof br_cases[0]; i++) {
        const br_case *c = &br_cases[i];
        vmt *t = vmt_new();
        vmt_li(t, X_T0, c->a);
        vmt_li(t, X_T1, c->b);
        vmt_op(t, c->op, 0, X_T0, X_T1, 8);         /* skip the next uop if taken */
        vmt_op(t, UOP_ADDI, X_T2, X_ZERO, 0, 1);
        vmt_exit(t, 0);
        assert_int_equal(vmt_run(t, NULL), 0);
        if (t->res.regs[X_T2] != (uint32_t)!c->taken)
            fail_msg("%s(0x%08x, 0x%08x): taken=%d, want %d", uisa_ops[c->op].name, c->a, c->b,
                     !t->res.regs[X_T2], c->taken);
        vmt_free(t);
    }
}

static void test_backward_branch_loop(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    vmt_li(t, X_T0, 10);
    uint32_t top = vmt_op(t, UOP_ADDI, X_T1, X_T1, 0, 3);
    vmt_op(t, UOP_ADDI, X_T0, X_T0, 0, -1);
    uint32_t pc = vmt_pc(t);
    vmt_op(t, UOP_BNE, 0, X_T0, X_ZERO, (int32_t)(top - pc));
    vmt_exit(t, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.regs[X_T1], 30);
    /* 2 (li) + 10 * 3 + 2 (li a0) + 2 (li a7) + ecall */
    assert_int_equal(t->res.uops, 37);
    assert_int_equal(t->res.insns_retired, 37);
    vmt_free(t);
}

static void test_jal_jalr(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    uint32_t jal = vmt_op(t, UOP_JAL, X_RA, 0, 0, 8);
    vmt_op(t, UOP_ADDI, X_T2, X_ZERO, 0, 1);           /* skipped */
    vmt_li(t, X_T0, vmt_pc(t) + 5 * 4 - 1);            /* odd: bit 0 is cleared by jalr */
    uint32_t jalr = vmt_op(t, UOP_JALR, X_T0, X_T0, 0, 1); /* rd == rs1: target uses old value */
    vmt_op(t, UOP_ADDI, X_T2, X_T2, 0, 2);             /* skipped */
    vmt_op(t, UOP_ADDI, X_T2, X_T2, 0, 4);             /* skipped */
    vmt_op(t, UOP_ADDI, X_T2, X_T2, 0, 8);             /* target */
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 8);
    vmt_op(t, UOP_ADDI, X_T2, X_T2, 0, 16);            /* skipped */
    vmt_exit(t, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    assert_int_equal(t->res.regs[X_RA], jal + 4);
    assert_int_equal(t->res.regs[X_T0], jalr + 4);
    assert_int_equal(t->res.regs[X_T2], 8);
    assert_int_equal(t->res.regs[X_ZERO], 0);
    vmt_free(t);
}

/* Loads from the data segment preset with known bytes. */
static void test_loads(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    const uint8_t bytes[8] = {0x80, 0xff, 0x7f, 0x01, 0x23, 0x45, 0x67, 0x89};
    memcpy(t->data, bytes, 8);
    memcpy(t->data + 0xffe, bytes, 4); /* straddles the page boundary at VMT_DATA + 0x1000 */
    vmt_li(t, X_A1, VMT_DATA);
    vmt_op(t, UOP_LB, 5, X_A1, 0, 0);
    vmt_op(t, UOP_LBU, 6, X_A1, 0, 0);
    vmt_op(t, UOP_LH, 7, X_A1, 0, 0);
    vmt_op(t, UOP_LHU, 8, X_A1, 0, 0);
    vmt_op(t, UOP_LW, 9, X_A1, 0, 0);
    vmt_op(t, UOP_LB, 18, X_A1, 0, 2);
    vmt_op(t, UOP_LH, 19, X_A1, 0, 1);       /* misaligned: 0x7fff */
    vmt_op(t, UOP_LW, 20, X_A1, 0, 3);       /* misaligned */
    vmt_op(t, UOP_LHU, 21, X_A1, 0, 5);
    vmt_li(t, X_A2, VMT_DATA + 0x1000);
    vmt_op(t, UOP_LW, 22, X_A2, 0, -2);      /* page-crossing word */
    vmt_op(t, UOP_LH, 23, X_A2, 0, -1);      /* page-crossing half: ff 7f */
    vmt_op(t, UOP_LW, 24, X_A2, 0, -0x1000 + 4);
    vmt_exit(t, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    const uint32_t *r = t->res.regs;
    assert_int_equal(r[5], 0xffffff80u);
    assert_int_equal(r[6], 0x80u);
    assert_int_equal(r[7], 0xffffff80u);
    assert_int_equal(r[8], 0xff80u);
    assert_int_equal(r[9], 0x017fff80u);
    assert_int_equal(r[18], 0x7fu);
    assert_int_equal(r[19], 0x7fffu);
    assert_int_equal(r[20], 0x67452301u);
    assert_int_equal(r[21], 0x6745u);
    assert_int_equal(r[22], 0x017fff80u);
    assert_int_equal(r[23], 0x7fffu);
    assert_int_equal(r[24], 0x89674523u);
    vmt_free(t);
}

/* Stores, checked by dumping the bytes with write(1, ...). */
static void test_stores(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    memset(t->data, 0xaa, sizeof t->data);
    vmt_li(t, X_A1, VMT_DATA + 0xff8);
    vmt_li(t, X_T0, 0x11223344u);
    vmt_op(t, UOP_SB, 0, X_A1, X_T0, 0);       /* 44 */
    vmt_op(t, UOP_SH, 0, X_A1, X_T0, 2);       /* 44 33 */
    vmt_op(t, UOP_SH, 0, X_A1, X_T0, 5);       /* misaligned half */
    vmt_op(t, UOP_SW, 0, X_A1, X_T0, 7);       /* page-crossing misaligned word */
    vmt_op(t, UOP_SB, 0, X_A1, X_T0, 12);
    vmt_op(t, UOP_ADDI, X_A0, X_ZERO, 0, 1);
    vmt_op(t, UOP_ADDI, X_A2, X_ZERO, 0, 14);
    vmt_syscall(t, 64);
    vmt_exit(t, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    const uint8_t want[14] = {0x44, 0xaa, 0x44, 0x33, 0xaa, 0x44, 0x33, 0x44,
                              0x33, 0x22, 0x11, 0xaa, 0x44, 0xaa};
    assert_int_equal(t->out_len[0], 14);
    assert_memory_equal(t->out[0], want, 14);
    vmt_free(t);
}

static void test_lr_sc(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    const uint32_t w = 0xdeadbeefu;
    memcpy(t->data + 16, &w, 4);
    vmt_li(t, X_A1, VMT_DATA + 16);
    vmt_li(t, X_T1, 0x1234);
    vmt_op(t, UOP_SC_W, 18, X_A1, X_T1, 0);     /* no reservation: fails (1) */
    vmt_op(t, UOP_LR_W, X_T0, X_A1, 0, 0);
    vmt_op(t, UOP_SC_W, 19, X_A1, X_T1, 0);     /* succeeds (0), stores */
    vmt_op(t, UOP_SC_W, 20, X_A1, X_T0, 0);     /* reservation cleared: fails */
    vmt_op(t, UOP_LR_W, X_T0, X_A1, 0, 0);
    vmt_op(t, UOP_ADDI, X_A2, X_A1, 0, 4);
    vmt_op(t, UOP_SC_W, 21, X_A2, X_T0, 0);     /* different address: fails */
    vmt_op(t, UOP_SC_W, 22, X_A1, X_T0, 0);     /* cleared by the failed SC: fails */
    vmt_op(t, UOP_LW, 23, X_A1, 0, 0);
    vmt_op(t, UOP_LW, 24, X_A1, 0, 4);
    vmt_exit(t, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    const uint32_t *r = t->res.regs;
    assert_int_equal(r[18], 1);
    assert_int_equal(r[19], 0);
    assert_int_equal(r[20], 1);
    assert_int_equal(r[X_T0], 0x1234);
    assert_int_equal(r[21], 1);
    assert_int_equal(r[22], 1);
    assert_int_equal(r[23], 0x1234);
    assert_int_equal(r[24], 0);
    vmt_free(t);
}

typedef struct { uisa_op op; uint32_t mem, src, want_mem; } amo_case;

static const amo_case amo_cases[] = {
    {UOP_AMOSWAP_W, 5, 9, 9}, {UOP_AMOADD_W, 0xffffffffu, 2, 1},
    {UOP_AMOXOR_W, 0xf0f0u, 0xff00u, 0x0ff0u}, {UOP_AMOAND_W, 0xf0f0u, 0xff00u, 0xf000u},
    {UOP_AMOOR_W, 0xf0f0u, 0xff00u, 0xfff0u},
    {UOP_AMOMIN_W, 0xfffffffeu, 1, 0xfffffffeu}, {UOP_AMOMAX_W, 0xfffffffeu, 1, 1},
    {UOP_AMOMINU_W, 0xfffffffeu, 1, 1}, {UOP_AMOMAXU_W, 0xfffffffeu, 1, 0xfffffffeu},
    {UOP_AMOMIN_W, 3, 7, 3}, {UOP_AMOMAXU_W, 3, 7, 7},
};

static void test_amo(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof amo_cases / sizeof amo_cases[0]; i++) {
        const amo_case *c = &amo_cases[i];
        vmt *t = vmt_new();
        memcpy(t->data + 8, &c->mem, 4);
        vmt_li(t, X_A1, VMT_DATA + 8);
        vmt_li(t, X_T1, c->src);
        vmt_op(t, c->op, X_T0, X_A1, X_T1, 0);
        vmt_op(t, UOP_LW, X_T2, X_A1, 0, 0);
        vmt_op(t, c->op, X_ZERO, X_A1, X_T1, 0);   /* rd = x0: memory still updated */
        vmt_op(t, UOP_LW, 18, X_A1, 0, 0);
        vmt_op(t, c->op, X_T1, X_A1, X_T1, 0);     /* rd == rs2: stores the old rs2 */
        vmt_exit(t, 0);
        assert_int_equal(vmt_run(t, NULL), 0);
        const char *n = uisa_ops[c->op].name;
        if (t->res.regs[X_T0] != c->mem || t->res.regs[X_T2] != c->want_mem)
            fail_msg("%s(mem 0x%08x, 0x%08x): rd 0x%08x mem 0x%08x, want 0x%08x 0x%08x", n,
                     c->mem, c->src, t->res.regs[X_T0], t->res.regs[X_T2], c->mem, c->want_mem);
        assert_int_equal(t->res.regs[X_ZERO], 0);
        assert_int_equal(t->res.regs[X_T1], t->res.regs[18]);
        vmt_free(t);
    }
}

/* 2-byte slots: 2- and 4-byte uops mixed, links are pc + len, targets only
 * need 2-byte alignment. */
static void test_rvc(void **state)
{
    (void)state;
    vmt *t = vmt_new_rvc();
    vmt_op16(t, UOP_ADDI, X_T0, X_ZERO, 0, 5);           /* 0x10000 */
    vmt_op(t, UOP_ADDI, X_T1, X_ZERO, 0, 7);             /* 0x10002 (+ mid slot) */
    uint32_t auipc = vmt_op16(t, UOP_AUIPC, X_T2, 0, 0, 0); /* 0x10006 */
    uint32_t jal = vmt_op16(t, UOP_JAL, X_RA, 0, 0, 6);  /* 0x10008 -> 0x1000e */
    vmt_op(t, UOP_ADDI, X_T0, X_ZERO, 0, 99);            /* 0x1000a skipped */
    vmt_op16(t, UOP_ADDI, X_T0, X_T0, 0, 1);             /* 0x1000e */
    uint32_t beq = vmt_op(t, UOP_BEQ, 0, X_ZERO, X_ZERO, 6); /* 0x10010 -> 0x10016 */
    vmt_op16(t, UOP_ADDI, X_T0, X_ZERO, 0, 99);          /* 0x10014 skipped */
    vmt_li(t, X_S2, 0);                                  /* 0x10016, 0x1001a */
    vmt_op16(t, UOP_AUIPC, X_S2, 0, 0, 0);               /* 0x1001e */
    uint32_t jalr = vmt_op16(t, UOP_JALR, X_S3, X_S2, 0, 11); /* 0x10020 -> 0x10029 & ~1 */
    vmt_op16(t, UOP_ADDI, X_T0, X_ZERO, 0, 99);          /* 0x10022 skipped */
    vmt_op(t, UOP_ADDI, X_T0, X_ZERO, 0, 99);            /* 0x10024..7 skipped */
    vmt_op16(t, UOP_ADDI, X_T0, X_T0, 0, 10);            /* 0x10028 target */
    vmt_exit(t, 0);
    assert_int_equal(beq, 0x10010);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    const uint32_t *r = t->res.regs;
    assert_int_equal(r[X_T0], 16);
    assert_int_equal(r[X_T1], 7);
    assert_int_equal(r[X_T2], auipc);
    assert_int_equal(r[X_RA], jal + 2);
    assert_int_equal(r[X_S3], jalr + 2);
    /* 4 + addi + beq + 2 (li) + auipc + jalr + addi + 5 (exit) */
    assert_int_equal(t->res.uops, 16);
    assert_int_equal(t->res.insns_retired, 16);
    vmt_free(t);
}

static void test_fence_counts(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    vmt_op(t, UOP_FENCE, 0, 0, 0, 0);
    vmt_op(t, UOP_FENCE, 0, 0, 0, 0);
    vmt_exit(t, 3);
    vm_config c = {.stats = 1};
    assert_int_equal(vmt_run(t, &c), 0);
    assert_int_equal(t->res.exit_code, 3);
    assert_int_equal(t->res.uops, 7);
    assert_int_equal(t->res.insns_retired, 7);
    assert_int_equal(t->res.hist[UOP_FENCE], 2);
    assert_int_equal(t->res.hist[UOP_LUI], 2);
    assert_int_equal(t->res.hist[UOP_ADDI], 2);
    assert_int_equal(t->res.hist[UOP_ECALL], 1);
    assert_int_equal(t->res.hist[UOP_ADD], 0);
    vmt_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rr),
        cmocka_unit_test(test_ri),
        cmocka_unit_test(test_lui_auipc_x0),
        cmocka_unit_test(test_branches),
        cmocka_unit_test(test_backward_branch_loop),
        cmocka_unit_test(test_jal_jalr),
        cmocka_unit_test(test_loads),
        cmocka_unit_test(test_stores),
        cmocka_unit_test(test_lr_sc),
        cmocka_unit_test(test_amo),
        cmocka_unit_test(test_rvc),
        cmocka_unit_test(test_fence_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
