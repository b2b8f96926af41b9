/* test_zk_atomic.c — proves and verifies LR.W/SC.W (success and every failure
 * path: no reservation, another address, cleared by an earlier SC, replaced
 * by a later LR) and every AMO*.W on edge operands, in one segment and in
 * segments of 7 uops (the reservation crosses segment boundaries); the exit
 * code must equal a host model's checksum of every rd and the final words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "zkt.h"

/* One uop at word VMT_DATA + off with rs2 = val; rd folds into the checksum
 * acc = 3*acc + rd (SW: no rd). */
typedef struct aop {
    uisa_op op;
    uint32_t off, val;
} aop;

static uint8_t pattern(size_t i) { return (uint8_t)(i * 97 + 0x3c); }

/* The host model (RISC-V A semantics on one hart, the reservation cleared
 * only by SC): returns rd, updates mem and *resv (UINT64_MAX: none). */
static uint32_t model(uint8_t *mem, uint64_t *resv, const aop *a)
{
    uint32_t t, b = a->val, n;
    memcpy(&t, mem + a->off, 4);
    int32_t st = (int32_t)t, sb = (int32_t)b;
    switch (a->op) {
    case UOP_LR_W: *resv = a->off; return t;
    case UOP_SC_W: {
        int ok = *resv == a->off;
        *resv = UINT64_MAX;
        if (ok)
            memcpy(mem + a->off, &b, 4);
        return !ok;
    }
    case UOP_SW: memcpy(mem + a->off, &b, 4); return 0;
    case UOP_AMOSWAP_W: n = b; break;
    case UOP_AMOADD_W: n = t + b; break;
    case UOP_AMOXOR_W: n = t ^ b; break;
    case UOP_AMOAND_W: n = t & b; break;
    case UOP_AMOOR_W: n = t | b; break;
    case UOP_AMOMIN_W: n = st < sb ? t : b; break;
    case UOP_AMOMAX_W: n = st > sb ? t : b; break;
    case UOP_AMOMINU_W: n = t < b ? t : b; break;
    default: n = t > b ? t : b; break; /* AMOMAXU */
    }
    memcpy(mem + a->off, &n, 4);
    return t;
}

static vmt *atomic_prog(const aop *a, size_t n, uint32_t *want)
{
    vmt *t = vmt_new();
    for (size_t i = 0; i < sizeof t->data; i++)
        t->data[i] = pattern(i);
    uint8_t mem[sizeof t->data];
    memcpy(mem, t->data, sizeof mem);
    uint64_t resv = UINT64_MAX;
    uint32_t acc = 0;
    vmt_op(t, UOP_ADDI, X_A0, X_ZERO, 0, 0);
    for (size_t k = 0; k < n; k++) {
        uint32_t v = model(mem, &resv, &a[k]);
        vmt_li(t, X_T0, a[k].val);
        vmt_li(t, X_T1, VMT_DATA + a[k].off);
        if (a[k].op == UOP_SW) {
            vmt_op(t, UOP_SW, 0, X_T1, X_T0, 0);
            continue;
        }
        vmt_op(t, a[k].op, X_T2, X_T1, a[k].op == UOP_LR_W ? 0 : X_T0, 0);
        vmt_op(t, UOP_ADD, X_A1, X_A0, X_A0, 0);
        vmt_op(t, UOP_ADD, X_A0, X_A1, X_A0, 0);
        vmt_op(t, UOP_ADD, X_A0, X_A0, X_T2, 0);
        acc = 3 * acc + v;
    }
    for (uint32_t off = 0; off < 16; off += 4) { /* the final words */
        uint32_t w;
        memcpy(&w, mem + off, 4);
        vmt_li(t, X_T1, VMT_DATA + off);
        vmt_op(t, UOP_LW, X_T2, X_T1, 0, 0);
        vmt_op(t, UOP_ADD, X_A1, X_A0, X_A0, 0);
        vmt_op(t, UOP_ADD, X_A0, X_A1, X_A0, 0);
        vmt_op(t, UOP_ADD, X_A0, X_A0, X_T2, 0);
        acc = 3 * acc + w;
    }
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    *want = acc;
    return t;
}

static const aop prog[] = {
    {UOP_SC_W, 0, 0x11111111},          /* no reservation: fails */
    {UOP_LR_W, 0, 0}, {UOP_SC_W, 0, 0x22222222},   /* succeeds */
    {UOP_SC_W, 0, 0x33333333},          /* reservation cleared by the SC: fails */
    {UOP_LR_W, 4, 0}, {UOP_SC_W, 0, 0x44444444},   /* another address: fails */
    {UOP_SC_W, 4, 0x55555555},          /* ... and that SC cleared it: fails */
    {UOP_LR_W, 0, 0}, {UOP_LR_W, 8, 0}, {UOP_SC_W, 0, 1}, /* replaced: fails */
    {UOP_LR_W, 8, 0}, {UOP_AMOADD_W, 8, 5}, {UOP_SW, 8, 0x80000000},
    {UOP_SC_W, 8, 0x66666666},          /* AMO/store keep the reservation: succeeds */
    {UOP_AMOSWAP_W, 12, 0x80000000}, {UOP_AMOADD_W, 12, 0x80000001},
    {UOP_AMOADD_W, 12, 0xffffffff}, {UOP_AMOADD_W, 12, 0x12345678},
    {UOP_AMOXOR_W, 12, 0xf0f0f00f}, {UOP_AMOAND_W, 12, 0x7ff0ff3c},
    {UOP_AMOOR_W, 12, 0x80000101},
    {UOP_AMOSWAP_W, 4, 0xfffffffe},
    {UOP_AMOMIN_W, 4, 5}, {UOP_AMOMIN_W, 4, 0x80000000}, {UOP_AMOMIN_W, 4, 0x80000000},
    {UOP_AMOMAX_W, 4, 0x7fffffff}, {UOP_AMOMAX_W, 4, 0xffffffff}, {UOP_AMOMAX_W, 4, 0x7fffffff},
    {UOP_AMOMINU_W, 4, 0xffffffff}, {UOP_AMOMINU_W, 4, 3}, {UOP_AMOMINU_W, 4, 0},
    {UOP_AMOMAXU_W, 4, 0x80000000}, {UOP_AMOMAXU_W, 4, 0x7fffffff}, {UOP_AMOMAXU_W, 4, 0x80000000},
    {UOP_AMOMIN_W, 0, 0x22222222}, {UOP_AMOMAX_W, 0, 0x22222223},
    {UOP_AMOSWAP_W, 0, 0}, {UOP_AMOOR_W, 0, 0}, {UOP_AMOAND_W, 0, 0xffffffff},
    {UOP_AMOXOR_W, 0, 0}, {UOP_AMOMINU_W, 0, 0}, {UOP_AMOMAXU_W, 0, 0},
    {UOP_LR_W, 12, 0}, {UOP_SC_W, 12, 0x9abcdef0},
};

static void prove_verify(uint64_t seg)
{
    uint32_t want;
    vmt *t = atomic_prog(prog, sizeof prog / sizeof prog[0], &want);
    zk_prove_opts o = zkt_opts();
    if (seg)
        o.segment_uops = seg;
    zkt_proved r = zkt_prove_verify(t, &o, want);
    if (seg)
        assert_true(r.rep.n_seg >= 4);
    zkt_proved_free(&r);
    vmt_free(t);
}

static void test_atomics(void **s)
{
    (void)s;
    prove_verify(0);
}

/* Segments of 64 uops: some LR and its SC land in different segments. */
static void test_atomics_segments(void **s)
{
    (void)s;
    prove_verify(64);
}

/* A misaligned AMO faults in the VM, so it is never proved. */
static void test_misaligned(void **s)
{
    (void)s;
    vmt *t = vmt_new();
    vmt_li(t, X_T1, VMT_DATA + 2);
    vmt_op(t, UOP_AMOADD_W, X_A0, X_T1, X_ZERO, 0);
    vmt_exit(t, 0);
    zkt_expect_refusal(t, NULL, "fault");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_atomics),
        cmocka_unit_test(test_atomics_segments),
        cmocka_unit_test(test_misaligned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
