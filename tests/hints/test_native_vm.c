/* test_native_vm.c — the native uops in the VM: each equals its hints/ reference on
 * guest memory (called by jal, returning to ra, a0 kept), counts one RISC-V
 * instruction, works in 2-byte-slot programs, and turns bad pointers or a bad
 * return address into a guest fault naming its pc and the first bad address. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "hints_ref.h"
#include "vmt.h"

#define OUT_LEN 1024u /* the first KiB of the data segment goes to fd 1 after the call */

static uint64_t rng;
static uint32_t rnd(void)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng >> 33);
}

/* The limb count of the sized ops (MODMUL, MONTMUL) built next: their uop's imm. */
static int32_t limbs_now;

/* a0..a3 = args, ra = 0x0 unless ret_bad; jal ra, F; s2 = a0; write(1, data, OUT_LEN);
 * a0 = s2 (so the exit code shows a0 after the call); exit. F: the native uop
 * (imm = limbs_now if the op is sized). a[3] is read only for 4-argument ops. */
static uint32_t build(vmt *t, uisa_op op, const uint32_t *a, uint32_t ret_bad)
{
    for (size_t i = 0; i < sizeof t->data; i++)
        t->data[i] = (uint8_t)rnd();
    vmt_li(t, X_A0, a[0]);
    vmt_li(t, X_A1, a[1]);
    vmt_li(t, X_A2, a[2]);
    if (uisa_ops[op].n_args > 3)
        vmt_li(t, X_A3, a[3]);
    uint32_t jal;
    if (ret_bad) {
        vmt_li(t, X_RA, ret_bad);
        jal = vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 0);
    } else {
        jal = vmt_op(t, UOP_JAL, X_RA, 0, 0, 0);
    }
    vmt_op(t, UOP_ADDI, X_S2, X_A0, 0, 0);
    vmt_li(t, X_A0, 1);
    vmt_li(t, X_A1, VMT_DATA);
    vmt_li(t, X_A2, OUT_LEN);
    vmt_syscall(t, 64);
    vmt_op(t, UOP_ADDI, X_A0, X_S2, 0, 0);
    vmt_syscall(t, 93);
    int32_t imm = uisa_ops[op].max_limbs ? limbs_now : 0;
    uint32_t f = t->p.slot_shift == 1 ? vmt_op16(t, op, 0, 0, 0, imm) : vmt_op(t, op, 0, 0, 0, imm);
    t->slots[(jal - VMT_CODE) >> t->p.slot_shift].imm = (int32_t)(f - jal);
    return f;
}

/* Runs op on a fresh program and checks fd 1 against `want` (the data segment
 * after the reference did its work) and the exit code against a0. */
static void run_ok(int rvc, uisa_op op, const uint32_t *a, uint8_t *want_mem,
                   void (*ref)(uint8_t *mem, const uint32_t *a))
{
    vmt *t = rvc ? vmt_new_rvc() : vmt_new();
    build(t, op, a, 0);
    memcpy(want_mem, t->data, sizeof t->data);
    ref(want_mem, a);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    assert_int_equal(t->res.exit_code & 0xff, a[0] & 0xff); /* a0 unchanged by the op */
    assert_int_equal(t->out_len[0], OUT_LEN);
    assert_memory_equal(t->out[0], want_mem, OUT_LEN);
    assert_int_equal(t->res.insns_retired, t->res.uops); /* a native uop retires 1 */
    vmt_free(t);
}

#define P(a) ((a) - VMT_DATA)
static void ref_keccak(uint8_t *m, const uint32_t *a)
{
    uint64_t st[25];
    memcpy(st, m + P(a[0]), sizeof st); /* the host is little-endian like the guest */
    hint_keccak_f1600(st);
    memcpy(m + P(a[0]), st, sizeof st);
}
static void ref_sha(uint8_t *m, const uint32_t *a)
{
    uint32_t st[8];
    memcpy(st, m + P(a[0]), sizeof st);
    hint_sha256_compress(st, m + P(a[1]));
    memcpy(m + P(a[0]), st, sizeof st);
}
static void ref_memcpy(uint8_t *m, const uint32_t *a) { hint_memcpy(m + P(a[0]), m + P(a[1]), a[2]); }
static void ref_memmove(uint8_t *m, const uint32_t *a) { hint_memmove(m + P(a[0]), m + P(a[1]), a[2]); }
static void ref_memset(uint8_t *m, const uint32_t *a) { hint_memset(m + P(a[0]), (int)a[1], a[2]); }
static void ref_mul(uint8_t *m, const uint32_t *a)
{
    uint32_t x[8], y[8], r[16];
    memcpy(x, m + P(a[1]), sizeof x);
    memcpy(y, m + P(a[2]), sizeof y);
    hint_mul256(r, x, y);
    memcpy(m + P(a[0]), r, sizeof r);
}

/* r = a * b (* R^-1) mod m on limbs_now limbs, through the host reference. */
static void ref_bignum(uint8_t *m, const uint32_t *a,
                       void (*f)(uint32_t *, const uint32_t *, const uint32_t *, const uint32_t *,
                                 unsigned))
{
    uint32_t x[HINT_MAX_LIMBS], y[HINT_MAX_LIMBS], z[HINT_MAX_LIMBS], r[HINT_MAX_LIMBS];
    size_t n = (size_t)limbs_now * 4;
    memcpy(x, m + P(a[1]), n);
    memcpy(y, m + P(a[2]), n);
    memcpy(z, m + P(a[3]), n);
    f(r, x, y, z, (unsigned)limbs_now);
    memcpy(m + P(a[0]), r, n);
}
static void ref_modmul(uint8_t *m, const uint32_t *a) { ref_bignum(m, a, hint_modmul); }
static void ref_modred(uint8_t *m, const uint32_t *a)
{
    uint32_t u[2 * HINT_MAX_LIMBS], z[HINT_MAX_LIMBS], r[HINT_MAX_LIMBS];
    size_t n = (size_t)limbs_now * 4;
    memcpy(u, m + P(a[1]), 2 * n);
    memcpy(z, m + P(a[2]), n);
    hint_modred(r, u, z, (unsigned)limbs_now);
    memcpy(m + P(a[0]), r, n);
}
static void ref_montmul(uint8_t *m, const uint32_t *a) { ref_bignum(m, a, hint_montmul); }

/* MODMUL and MONTMUL at 1, 8, 17 and 64 limbs (random memory, so m is
 * anything: odd or even, a, b above m), r apart, r over a, and a square;
 * MODRED with r apart and over u. */
static void test_bignum_equal_reference(void **state)
{
    (void)state;
    static uint8_t want[2 * 4096];
    static const int32_t ns[] = {1, 8, 17, 64};
    rng = 11;
    for (int rvc = 0; rvc < 2; rvc++)
        for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
            limbs_now = ns[i];
            uint32_t r = VMT_DATA + 4 * (rnd() % 8), a = VMT_DATA + 300 + rnd() % 4,
                     b = VMT_DATA + 600, m = VMT_DATA + 1000 + 4 * (rnd() % 8);
            for (int op = 0; op < 2; op++) {
                uisa_op u = op ? UOP_MONTMUL : UOP_MODMUL;
                void (*ref)(uint8_t *, const uint32_t *) = op ? ref_montmul : ref_modmul;
                run_ok(rvc, u, (uint32_t[]){r, a, b, m}, want, ref);
                run_ok(rvc, u, (uint32_t[]){a, a, b, m}, want, ref);
                run_ok(rvc, u, (uint32_t[]){r, b, b, m}, want, ref);
            }
            run_ok(rvc, UOP_MODRED, (uint32_t[]){r, a, m, 0}, want, ref_modred);
            run_ok(rvc, UOP_MODRED, (uint32_t[]){a, a, m, 0}, want, ref_modred);
        }
}

static void test_ops_equal_reference(void **state)
{
    (void)state;
    static uint8_t want[2 * 4096];
    rng = 7;
    for (int rvc = 0; rvc < 2; rvc++)
        for (int k = 0; k < 8; k++) {
            uint32_t d = VMT_DATA + rnd() % 200, s = VMT_DATA + 400 + rnd() % 200;
            run_ok(rvc, UOP_KECCAK_F1600, (uint32_t[]){d, 0, 0}, want, ref_keccak);
            run_ok(rvc, UOP_SHA256_COMPRESS, (uint32_t[]){d, s, 0}, want, ref_sha);
            run_ok(rvc, UOP_MUL256, (uint32_t[]){d, s, s + 40}, want, ref_mul);
            run_ok(rvc, UOP_MEMSET, (uint32_t[]){d, rnd(), rnd() % 300}, want, ref_memset);
            uint32_t n = rnd() % 300, o = 1 + rnd() % 40;
            /* overlapping both ways: memcpy replicates, memmove does not */
            run_ok(rvc, UOP_MEMCPY, (uint32_t[]){d + o, d, n}, want, ref_memcpy);
            run_ok(rvc, UOP_MEMCPY, (uint32_t[]){d, s, n}, want, ref_memcpy);
            run_ok(rvc, UOP_MEMMOVE, (uint32_t[]){d + o, d, n}, want, ref_memmove);
            run_ok(rvc, UOP_MEMMOVE, (uint32_t[]){d, d + o, n}, want, ref_memmove);
        }
}

static void expect_fault(uisa_op op, const uint32_t *a, uint32_t ret_bad, vm_fault f1, vm_fault f2,
                         uint32_t addr)
{
    vmt *t = vmt_new();
    uint32_t pc = build(t, op, a, ret_bad);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.stop, VM_STOP_FAULT);
    assert_true(t->res.fault == f1 || t->res.fault == f2);
    assert_int_equal(t->res.pc, pc);
    assert_int_equal(t->res.addr, addr);
    assert_int_equal(t->out_len[0], 0);
    vmt_free(t);
}

static void test_bad_pointers_fault(void **state)
{
    (void)state;
    const uint32_t end = VMT_DATA + 2 * 4096; /* first byte after the data segment */
    /* unmapped state; state straddling the end: the first bad byte is named */
    expect_fault(UOP_KECCAK_F1600, (uint32_t[]){0x5000, 0, 0}, 0, VM_FAULT_LOAD_UNMAPPED,
                 VM_FAULT_LOAD_UNMAPPED, 0x5000);
    expect_fault(UOP_KECCAK_F1600, (uint32_t[]){end - 100, 0, 0}, 0, VM_FAULT_LOAD_UNMAPPED,
                 VM_FAULT_LOAD_UNMAPPED, end);
    /* read-only state, block unmapped, memcpy into rodata, memset wrapping past 4 GiB */
    expect_fault(UOP_KECCAK_F1600, (uint32_t[]){VMT_RODATA, 0, 0}, 0, VM_FAULT_STORE_READONLY,
                 VM_FAULT_STORE_UNMAPPED, VMT_RODATA);
    expect_fault(UOP_SHA256_COMPRESS, (uint32_t[]){VMT_DATA, end - 10, 0}, 0, VM_FAULT_LOAD_UNMAPPED,
                 VM_FAULT_LOAD_UNMAPPED, end);
    expect_fault(UOP_MEMCPY, (uint32_t[]){VMT_RODATA + 8, VMT_DATA, 16}, 0, VM_FAULT_STORE_READONLY,
                 VM_FAULT_STORE_UNMAPPED, VMT_RODATA + 8);
    expect_fault(UOP_MEMSET, (uint32_t[]){VMT_DATA, 0, 0xfffffff0u}, 0, VM_FAULT_STORE_UNMAPPED,
                 VM_FAULT_STORE_READONLY, end);
    expect_fault(UOP_MUL256, (uint32_t[]){VMT_DATA, VMT_DATA, 0}, 0, VM_FAULT_LOAD_UNMAPPED,
                 VM_FAULT_LOAD_UNMAPPED, 0);
    /* MODMUL/MONTMUL: each operand is checked over its n limbs before any write;
     * r in rodata faults with nothing written (out_len 0 is checked) */
    limbs_now = 64;
    expect_fault(UOP_MODMUL, (uint32_t[]){VMT_DATA, VMT_DATA, VMT_DATA, end - 200}, 0,
                 VM_FAULT_LOAD_UNMAPPED, VM_FAULT_LOAD_UNMAPPED, end);
    expect_fault(UOP_MONTMUL, (uint32_t[]){VMT_DATA, 0x5000, VMT_DATA, VMT_DATA}, 0,
                 VM_FAULT_LOAD_UNMAPPED, VM_FAULT_LOAD_UNMAPPED, 0x5000);
    expect_fault(UOP_MODMUL, (uint32_t[]){VMT_RODATA, VMT_DATA, VMT_DATA, VMT_DATA}, 0,
                 VM_FAULT_STORE_READONLY, VM_FAULT_STORE_UNMAPPED, VMT_RODATA);
    expect_fault(UOP_MONTMUL, (uint32_t[]){end - 8, VMT_DATA, VMT_DATA, VMT_DATA}, 0,
                 VM_FAULT_STORE_UNMAPPED, VM_FAULT_STORE_READONLY, end);
    expect_fault(UOP_MODRED, (uint32_t[]){VMT_DATA, end - 300, VMT_DATA, 0}, 0,
                 VM_FAULT_LOAD_UNMAPPED, VM_FAULT_LOAD_UNMAPPED, end); /* u is 2n limbs */
    /* a return address outside the code faults before the op does anything */
    expect_fault(UOP_MEMSET, (uint32_t[]){VMT_DATA, 0, 16}, 0x7000, VM_FAULT_JUMP_OUTSIDE,
                 VM_FAULT_JUMP_OUTSIDE, 0x7000);
}

static void test_zero_length_touches_nothing(void **state)
{
    (void)state;
    static uint8_t want[2 * 4096];
    vmt *t = vmt_new();
    build(t, UOP_MEMCPY, (uint32_t[]){0x5000, 0x6000, 0}, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    memcpy(want, t->data, OUT_LEN);
    assert_memory_equal(t->out[0], want, OUT_LEN);
    vmt_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ops_equal_reference),
        cmocka_unit_test(test_bignum_equal_reference),
        cmocka_unit_test(test_bad_pointers_fault),
        cmocka_unit_test(test_zero_length_touches_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
