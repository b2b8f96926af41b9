/* zkt.c — the test programs of zkt.h, built with vmt, and the one
 * prove-and-verify helper every proving test uses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "zkt.h"

stark_params zkt_params(void)
{
    return (stark_params){.log_blowup = 1, .log_arity = 3, .n_queries = 24, .log_final = 3,
                          .grinding_bits = 4};
}

zk_prove_opts zkt_opts(void)
{
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    o.check_rows = 1;
    return o;
}

zkt_proved zkt_prove_verify(vmt *t, const zk_prove_opts *o, uint32_t want_exit)
{
    zk_prove_opts def = zkt_opts();
    zkt_proved r = {0};
    uvm_err err = {{0}};
    vmt_finish(t);
    if (zk_prove(&t->p, o ? o : &def, &r.proof, &r.len, &r.rep, &err))
        fail_msg("prove: %s", err.msg);
    assert_int_equal(r.rep.exit_code, want_exit);
    if (zk_verify(&t->p, r.proof, r.len, ZKT_MIN_SECURITY, &r.cl, &err))
        fail_msg("verify: %s", err.msg);
    assert_int_equal(r.cl.exit_code, want_exit);
    return r;
}

int zkt_rejected(vmt *t, const zk_prove_opts *o)
{
    uint8_t *proof = NULL;
    size_t len = 0;
    uvm_err err = {{0}};
    if (zk_prove(&t->p, o, &proof, &len, NULL, &err))
        return 1;
    int rc = zk_verify(&t->p, proof, len, ZKT_MIN_SECURITY, NULL, &err);
    free(proof);
    return rc != 0;
}

void zkt_exit_checksum(vmt *t, int base, unsigned n_words)
{
    vmt_op(t, UOP_ADDI, X_S3, X_ZERO, 0, 0);
    for (unsigned j = 0; j < n_words; j++) {
        vmt_op(t, UOP_LW, X_T0, base, 0, (int32_t)(4 * j));
        vmt_op(t, UOP_ADD, X_S3, X_S3, X_S3, 0);
        vmt_op(t, UOP_XOR, X_S3, X_S3, X_T0, 0);
    }
    vmt_op(t, UOP_ADDI, X_A0, X_S3, 0, 0);
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
}

zk_report zkt_prove_verify_report(vmt *t, uint32_t want_exit)
{
    zkt_proved r = zkt_prove_verify(t, NULL, want_exit);
    zk_report rep = r.rep;
    r.rep = (zk_report){0};
    zkt_proved_free(&r);
    vmt_free(t);
    return rep;
}

void zkt_expect_refusal(vmt *t, const zk_prove_opts *o, const char *want)
{
    zk_prove_opts def = zkt_opts();
    uint8_t *proof = NULL;
    size_t len = 0;
    uvm_err err = {{0}};
    vmt_finish(t);
    assert_int_not_equal(zk_prove(&t->p, o ? o : &def, &proof, &len, NULL, &err), 0);
    assert_null(proof);
    if (!strstr(err.msg, want))
        fail_msg("error '%s' lacks '%s'", err.msg, want);
    vmt_free(t);
}

void zkt_proved_free(zkt_proved *r)
{
    zk_report_free(&r->rep);
    zk_claim_free(&r->cl);
    free(r->proof);
    r->proof = NULL;
}

vmt *zkt_bytes(void)
{
    vmt *t = vmt_new();
    vmt_li(t, X_T0, 0x80f17f45u);
    vmt_li(t, X_T2, VMT_DATA);
    vmt_op(t, UOP_SW, 0, X_T2, X_T0, 4);
    vmt_li(t, X_T1, 0x123456a7u);
    vmt_op(t, UOP_SB, 0, X_T2, X_T1, 5);   /* word: 0x80f1a745 */
    vmt_op(t, UOP_SB, 0, X_T2, X_T1, 0x11); /* fresh image word: 0x0000a700 */
    vmt_op(t, UOP_LBU, 28, X_T2, 0, 0x11); /* 0xa7 */
    vmt_op(t, UOP_LBU, X_A1, X_T2, 0, 4);  /* 0x45 */
    vmt_op(t, UOP_LBU, X_A2, X_T2, 0, 6);  /* 0xf1 */
    vmt_op(t, UOP_LB, 13, X_T2, 0, 7);   /* 0xffffff80 */
    vmt_op(t, UOP_LB, 14, X_T2, 0, 5);   /* 0xffffffa7 */
    vmt_op(t, UOP_LB, 15, X_T2, 0, 6);   /* 0xfffffff1 */
    vmt_op(t, UOP_ADDI, X_T1, X_T2, 0, 3);
    vmt_op(t, UOP_LBU, 16, X_T1, 0, 4);  /* data+7: 0x80 */
    vmt_op(t, UOP_ADD, X_A0, X_A1, X_A2, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 13, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 14, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 15, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 16, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 28, 0);
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    return t;
}

vmt *zkt_sum(void)
{
    vmt *t = vmt_new();
    vmt_li(t, X_T0, 10);
    vmt_op(t, UOP_ADDI, X_T1, X_ZERO, 0, 0);
    uint32_t loop = vmt_pc(t);
    vmt_op(t, UOP_ADD, X_T1, X_T1, X_T0, 0);
    vmt_op(t, UOP_ADDI, X_T0, X_T0, 0, -1);
    vmt_op(t, UOP_BNE, 0, X_T0, X_ZERO, (int32_t)(loop - vmt_pc(t)));
    vmt_li(t, X_T2, VMT_DATA);
    vmt_op(t, UOP_SW, 0, X_T2, X_T1, 8);           /* M[data+8] = 55 */
    vmt_op(t, UOP_JAL, X_RA, 0, 0, 12);            /* call f (3 slots ahead) */
    vmt_op(t, UOP_SUB, X_A0, X_A0, X_S2, 0);       /* a0 = 55 + 7 - 7 */
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 20);          /* to the exit */
    /* f: a0 = M[data+8] + 7; s2 = 7; return */
    vmt_op(t, UOP_LW, X_A0, X_T2, 0, 8);
    vmt_op(t, UOP_ADDI, X_S2, X_ZERO, 0, 7);
    vmt_op(t, UOP_ADD, X_A0, X_A0, X_S2, 0);
    vmt_op(t, UOP_JALR, X_ZERO, X_RA, 0, 0);
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    return t;
}

/* Sets bit k of s3 if branch `op` on (a, b) behaves as `taken` says. */
static void check_branch(vmt *t, uisa_op op, uint32_t a, uint32_t b, int taken, int k)
{
    vmt_li(t, X_T0, a);
    vmt_li(t, X_T1, b);
    /* op taken -> skip the "not taken" marker */
    vmt_op(t, op, 0, X_T0, X_T1, 12);
    vmt_op(t, UOP_ADDI, X_T2, X_ZERO, 0, taken ? 0 : 1 << k); /* reached if not taken */
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 8);
    vmt_op(t, UOP_ADDI, X_T2, X_ZERO, 0, taken ? 1 << k : 0); /* reached if taken */
    vmt_op(t, UOP_ADD, X_S3, X_S3, X_T2, 0);
}

vmt *zkt_branches(void)
{
    vmt *t = vmt_new();
    check_branch(t, UOP_BEQ, 5, 5, 1, 0);
    check_branch(t, UOP_BNE, 5, 6, 1, 1);
    check_branch(t, UOP_BLT, 0xfffffff0u, 3, 1, 2);   /* -16 < 3 */
    check_branch(t, UOP_BGE, 0x80000000u, 1, 0, 3);   /* INT_MIN >= 1 is false */
    check_branch(t, UOP_BLTU, 3, 0xfffffff0u, 1, 4);
    check_branch(t, UOP_BGEU, 0x80000000u, 0x7fffffffu, 1, 5);
    check_branch(t, UOP_BEQ, 1, 2, 0, 6);             /* not taken: adds nothing */
    vmt_op(t, UOP_ADDI, X_A0, X_S3, 0, 0);
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    return t;
}

/* s3 |= (op(a, b or imm) << k) */
static void lt_case(vmt *t, uisa_op op, uint32_t a, uint32_t b, int k)
{
    vmt_li(t, X_T0, a);
    if (op == UOP_SLTI || op == UOP_SLTIU) {
        vmt_op(t, op, X_T2, X_T0, 0, (int32_t)b);
    } else {
        vmt_li(t, X_T1, b);
        vmt_op(t, op, X_T2, X_T0, X_T1, 0);
    }
    for (int i = 0; i < k; i++)
        vmt_op(t, UOP_ADD, X_T2, X_T2, X_T2, 0); /* << k without a shift uop */
    vmt_op(t, UOP_ADD, X_S3, X_S3, X_T2, 0);
}

vmt *zkt_lt(void)
{
    vmt *t = vmt_new();
    lt_case(t, UOP_SLT, 0xffffffffu, 1, 0);          /* -1 < 1: 1 */
    lt_case(t, UOP_SLTU, 0xffffffffu, 1, 1);         /* 0 */
    lt_case(t, UOP_SLTI, 5, (uint32_t)-3, 2);        /* 5 < -3: 0 */
    lt_case(t, UOP_SLTIU, 5, (uint32_t)-3, 3);       /* 5 <u 0xfffffffd: 1 */
    lt_case(t, UOP_SLT, 0x80000000u, 0x7fffffffu, 4);  /* 1 */
    lt_case(t, UOP_SLTU, 0x80000000u, 0x7fffffffu, 5); /* 0 */
    lt_case(t, UOP_SLT, 3, 3, 6);                    /* 0 */
    vmt_op(t, UOP_ADDI, X_A0, X_S3, 0, 0);
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    return t;
}

vmt *zkt_logic(void)
{
    vmt *t = vmt_new();
    vmt_li(t, X_T0, 0x12345678u);
    vmt_li(t, X_T1, 0xf0f0f0f0u);
    const uisa_op r[3] = {UOP_XOR, UOP_OR, UOP_AND};
    for (int i = 0; i < 3; i++) {
        vmt_op(t, r[i], X_T2, X_T0, X_T1, 0);
        vmt_op(t, UOP_ADD, X_S3, X_S3, X_T2, 0);
    }
    vmt_op(t, UOP_XORI, X_T2, X_T0, 0, -1);
    vmt_op(t, UOP_ADD, X_S3, X_S3, X_T2, 0);
    vmt_op(t, UOP_ORI, X_T2, X_T0, 0, 0xf);
    vmt_op(t, UOP_ADD, X_S3, X_S3, X_T2, 0);
    vmt_op(t, UOP_ANDI, X_T2, X_T0, 0, -256);
    vmt_op(t, UOP_ADD, X_A0, X_S3, X_T2, 0);
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    return t;
}

vmt *zkt_shift(void)
{
    vmt *t = vmt_new();
    const uint32_t vals[2] = {0x80000001u, 0x12345678u};
    const int sh[4] = {0, 1, 4, 31};
    const uisa_op imm_ops[3] = {UOP_SLLI, UOP_SRLI, UOP_SRAI}, reg_ops[3] = {UOP_SLL, UOP_SRL, UOP_SRA};
    for (int k = 0; k < 4; k++)
        for (int v = 0; v < 2; v++) {
            vmt_li(t, X_T0, vals[v]);
            for (int o = 0; o < 3; o++) {
                vmt_op(t, imm_ops[o], X_T2, X_T0, 0, sh[k]);
                vmt_op(t, UOP_ADD, X_S3, X_S3, X_T2, 0);
            }
        }
    vmt_li(t, X_T0, vals[0]);
    vmt_li(t, X_T1, 36);
    for (int o = 0; o < 3; o++) {
        vmt_op(t, reg_ops[o], X_T2, X_T0, X_T1, 0);
        vmt_op(t, UOP_ADD, X_S3, X_S3, X_T2, 0);
    }
    vmt_op(t, UOP_ADDI, X_A0, X_S3, 0, 0);
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    return t;
}

vmt *zkt_muldiv(const uint32_t *vals, unsigned n)
{
    static const uisa_op ops[8] = {UOP_MUL, UOP_MULH, UOP_MULHSU, UOP_MULHU,
                                   UOP_DIV, UOP_DIVU, UOP_REM, UOP_REMU};
    vmt *t = vmt_new();
    for (unsigned i = 0; i < n; i++) /* the operands live in x20.. (n <= 10) */
        vmt_li(t, 20 + (int)i, vals[i]);
    for (unsigned o = 0; o < 8; o++)
        for (unsigned i = 0; i < n; i++)
            for (unsigned j = 0; j < n; j++) {
                vmt_op(t, ops[o], X_T2, 20 + (int)i, 20 + (int)j, 0);
                vmt_op(t, UOP_XOR, X_S3, X_S3, X_T2, 0);
                vmt_op(t, UOP_SLLI, X_T2, X_S3, 0, 1);
                vmt_op(t, UOP_SRLI, X_S3, X_S3, 0, 31);
                vmt_op(t, UOP_OR, X_S3, X_S3, X_T2, 0);
            }
    vmt_op(t, UOP_ADDI, X_A0, X_S3, 0, 0);
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    return t;
}

/* a0 = x, a1 = data + off, a2 = n; ecall nr; s3 += a0 */
static void io_call(vmt *t, uint32_t nr, uint32_t x, int32_t off, uint32_t n)
{
    vmt_li(t, X_A0, x);
    vmt_op(t, UOP_ADDI, X_A1, X_T2, 0, off);
    vmt_li(t, X_A2, n);
    vmt_syscall(t, nr);
    vmt_op(t, UOP_ADD, X_S3, X_S3, X_A0, 0);
}

vmt *zkt_io(void)
{
    vmt *t = vmt_new();
    vmt_li(t, X_T2, VMT_DATA);
    vmt_li(t, X_T0, 0x0a216948u); /* "Hi!\n" */
    vmt_op(t, UOP_SW, 0, X_T2, X_T0, 0);
    io_call(t, 64, 1, 1, 3);      /* write(1, "i!\n") = 3 */
    io_call(t, 64, 2, 0, 4);      /* write(2, "Hi!\n") = 4, not bound */
    io_call(t, 64, 7, 0, 1);      /* bad fd: -EBADF */
    io_call(t, 63, 0, 0x41, 5);   /* "abcde" = 5 */
    io_call(t, 63, 0, 0x46, 10);  /* "fg" = 2 (short) */
    io_call(t, 63, 0, 0x48, 4);   /* EOF: 0 */
    io_call(t, 63, 3, 0, 4);      /* bad fd: -EBADF */
    io_call(t, 64, 1, 0x41, 7);   /* write(1, "abcdefg") = 7 */
    io_call(t, 64, 1, 0, 0);      /* write(1, "", 0) = 0 */
    io_call(t, 214, 0, 0, 0);     /* brk(0) = start 0x22000 */
    io_call(t, 214, 0x22064, 0, 0); /* = 0x22064 */
    io_call(t, 214, 1, 0, 0);     /* below start: 0x22064 */
    io_call(t, 214, 0x40000, 0, 0); /* above the limit 0x30000: 0x22064 */
    vmt_op(t, UOP_LBU, X_T0, X_T2, 0, 0x43); /* 'c' */
    vmt_op(t, UOP_ADD, X_A0, X_S3, X_T0, 0);
    vmt_syscall(t, 93);
    return t;
}
