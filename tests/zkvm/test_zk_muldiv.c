/* test_zk_muldiv.c — MUL/MULH/MULHSU/MULHU/DIV/DIVU/REM/REMU in proofs: every
 * op on every pair of edge operands is proved and verified with the exit code
 * a host-computed checksum (the witness also checks each rd against the VM),
 * and mutating any cell of the mul/div rows of the special cases (signed
 * high words, division by zero, overflow, negative and -0 results) is
 * rejected by the verifier (sampled columns; all with UVM_ZK_SOUND_FULL=1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "zk_int.h"
#include "zkt.h"

/* RISC-V M semantics on the host (the spec's table, in 64-bit C). */
static uint32_t ref_m(uisa_op op, uint32_t a, uint32_t b)
{
    int64_t sa = (int32_t)a, sb = (int32_t)b;
    switch (op) {
    case UOP_MUL: return (uint32_t)((uint64_t)a * b);
    case UOP_MULH: return (uint32_t)((uint64_t)(sa * sb) >> 32);
    case UOP_MULHSU: return (uint32_t)((uint64_t)(sa * (int64_t)b) >> 32);
    case UOP_MULHU: return (uint32_t)(((uint64_t)a * b) >> 32);
    case UOP_DIV: return b == 0 ? 0xffffffffu : (uint32_t)(int32_t)(sb == -1 ? -sa : sa / sb);
    case UOP_DIVU: return b == 0 ? 0xffffffffu : a / b;
    case UOP_REM: return b == 0 ? a : sb == -1 ? 0 : (uint32_t)(int32_t)(sa % sb);
    default: return b == 0 ? a : a % b;
    }
}

static const uisa_op ops[8] = {UOP_MUL, UOP_MULH, UOP_MULHSU, UOP_MULHU,
                               UOP_DIV, UOP_DIVU, UOP_REM, UOP_REMU};

/* The checksum zkt_muldiv's program computes, on the host. */
static uint32_t checksum(const uint32_t *v, unsigned n)
{
    uint32_t s = 0;
    for (unsigned o = 0; o < 8; o++)
        for (unsigned i = 0; i < n; i++)
            for (unsigned j = 0; j < n; j++) {
                s ^= ref_m(ops[o], v[i], v[j]);
                s = s << 1 | s >> 31;
            }
    return s;
}

static void test_edges_ref(void **st)
{
    (void)st; /* spot values of the reference from the RISC-V spec's table */
    assert_int_equal(ref_m(UOP_DIV, 0x80000000u, 0xffffffffu), 0x80000000u);
    assert_int_equal(ref_m(UOP_REM, 0x80000000u, 0xffffffffu), 0);
    assert_int_equal(ref_m(UOP_DIV, 7, 0), 0xffffffffu);
    assert_int_equal(ref_m(UOP_REMU, 7, 0), 7);
    assert_int_equal(ref_m(UOP_DIV, (uint32_t)-7, 2), (uint32_t)-3);
    assert_int_equal(ref_m(UOP_REM, (uint32_t)-7, 2), (uint32_t)-1);
    assert_int_equal(ref_m(UOP_MULH, 0x80000000u, 0x80000000u), 0x40000000u);
    assert_int_equal(ref_m(UOP_MULHSU, 0xffffffffu, 0xffffffffu), 0xffffffffu);
    assert_int_equal(ref_m(UOP_MULHU, 0xffffffffu, 0xffffffffu), 0xfffffffeu);
}

static void test_edges(void **st)
{
    (void)st;
    static const uint32_t v[] = {0, 1, 0xffffffffu, 0x80000000u, 0x7fffffffu, 2,
                                 0xfffffff9u, 0x9abcdef1u, 0x00012345u};
    unsigned n = sizeof v / sizeof v[0];
    vmt *t = zkt_muldiv(v, n);
    zkt_proved r = zkt_prove_verify(t, NULL, checksum(v, n));
    assert_int_equal(r.rep.rows[ZC_MUL], 2 * n * n);
    assert_int_equal(r.rep.rows[ZC_MULH], 2 * n * n);
    assert_int_equal(r.rep.rows[ZC_DIV], 4 * n * n);
    zkt_proved_free(&r);
    vmt_free(t);
}

/* ---- mutants ---- */

typedef struct mcase { uisa_op op; uint32_t a, b; } mcase;
/* The special cases; in each chip the k-th case of that chip is row k. */
static const mcase cases[] = {
    {UOP_MUL, 0xffffffffu, 0xffffffffu},      /* HI = 0xfffffffe, the largest */
    {UOP_MULH, 0x80000000u, 0x80000000u},     /* both signs, K = 2 */
    {UOP_MULHSU, 0xfffffff9u, 0xffffffffu},   /* negative times unsigned */
    {UOP_MULHU, 0x9abcdef1u, 0x12345u},
    {UOP_MULHSU, 0x80000000u, 0x80000000u},   /* the most negative product */
    {UOP_DIV, 0x80000000u, 0xffffffffu},      /* overflow */
    {UOP_DIV, 0xfffffff9u, 2},                /* negative quotient */
    {UOP_DIV, 5, 0},                          /* by zero: -1 */
    {UOP_REM, 0xfffffffcu, 2},                /* -0 */
    {UOP_REM, 0xfffffff9u, 0},                /* by zero: a */
    {UOP_DIVU, 7, 3},
    {UOP_REMU, 0x9abcdef1u, 0x12345u},
};
#define N_CASES (sizeof cases / sizeof cases[0])

static vmt *case_prog(void)
{
    vmt *t = vmt_new();
    for (unsigned i = 0; i < N_CASES; i++) {
        vmt_li(t, X_T0, cases[i].a);
        vmt_li(t, X_T1, cases[i].b);
        vmt_op(t, cases[i].op, X_T2, X_T0, X_T1, 0);
        vmt_op(t, UOP_XOR, X_S3, X_S3, X_T2, 0);
    }
    vmt_op(t, UOP_ADDI, X_A0, X_S3, 0, 0);
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    vmt_finish(t);
    return t;
}

static unsigned case_chip(uisa_op op)
{
    return op == UOP_MUL || op == UOP_MULHU ? ZC_MUL : op <= UOP_MULHU ? ZC_MULH : ZC_DIV;
}

typedef struct mut { unsigned chip, row, col; } mut;

static void mutate(void *ctx, gl_matrix *tr, uint32_t *exit_code, uint8_t *output,
                   size_t output_len, uint64_t *keys, uint32_t *init, uint64_t n_touched)
{
    const mut *m = ctx;
    (void)exit_code, (void)output, (void)output_len, (void)keys, (void)init, (void)n_touched;
    gl_t *cell = &tr[m->chip].data[(size_t)m->row * tr[m->chip].cols + m->col];
    *cell = gl_add(*cell, 1);
}

static int rejected(vmt *t, mut *m)
{
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    o.mutate = mutate;
    o.mutate_ctx = m;
    return zkt_rejected(t, &o);
}

/* Sampled: chip-specific column j of the chip's k-th case row when
 * j = k (mod the chip's number of cases), so each of those columns is hit
 * once (the shared columns, built by zk_common for every chip, are the
 * soundness suite's). Full: every column of every case row. */
static int sampled(unsigned col, unsigned k, unsigned n_cases)
{
    const char *e = getenv("UVM_ZK_SOUND_FULL");
    if (e && *e == '1')
        return 1;
    return col >= C_SPEC && (col - C_SPEC) % n_cases == k;
}

static void test_mutants(void **st)
{
    (void)st;
    vmt *t = case_prog();
    unsigned row[ZC_N_EXEC] = {0}, n_cases[ZC_N_EXEC] = {0}, tried = 0;
    for (unsigned i = 0; i < N_CASES; i++)
        n_cases[case_chip(cases[i].op)]++;
    for (unsigned i = 0; i < N_CASES; i++) {
        unsigned ch = case_chip(cases[i].op), k = row[ch]++;
        unsigned n = zk_ncols((zk_chip)ch);
        for (unsigned col = 0; col < n; col++) {
            if (!sampled(col, k, n_cases[ch]))
                continue;
            mut m = {ch, k, col};
            if (!rejected(t, &m))
                fail_msg("mutant accepted: %s row %u (case %u) column %u",
                         zk_chips[ch]->name, k, i, col);
            tried++;
        }
    }
    assert_true(tried >= zk_ncols(ZC_MUL) + zk_ncols(ZC_MULH) + zk_ncols(ZC_DIV) - 3 * C_SPEC);
    vmt_free(t);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edges_ref),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_mutants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
