/* test_gl.c — Goldilocks field and extension against a slow __int128 reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "gl.h"
#include "ntt_avx2.h"
#include "test_util.h"

static const uint64_t edges[] = {
    0, 1, 2, REF_P - 1, REF_P - 2, 1ull << 32, (1ull << 32) - 1, (1ull << 32) + 1,
    1ull << 63, (1ull << 63) - 1, 0xffffffffull << 32, REF_P >> 1, 7, 0x123456789abcdefull,
};
#define N_EDGES (sizeof edges / sizeof edges[0])

static void test_from_u64(void **state)
{
    (void)state;
    assert_int_equal(gl_from_u64(0), 0);
    assert_int_equal(gl_from_u64(REF_P), 0);
    assert_int_equal(gl_from_u64(REF_P - 1), REF_P - 1);
    assert_int_equal(gl_from_u64(UINT64_MAX), UINT64_MAX - REF_P);
    assert_int_equal(gl_from_u64(1ull << 32), 1ull << 32);
    uint64_t s = 1;
    for (int i = 0; i < 100000; i++) {
        uint64_t x = rng_next(&s);
        assert_int_equal(gl_from_u64(x), x % REF_P);
    }
}

static void check_pair(uint64_t a, uint64_t b)
{
    assert_int_equal(gl_add(a, b), ref_add(a, b));
    assert_int_equal(gl_sub(a, b), ref_sub(a, b));
    assert_int_equal(gl_mul(a, b), ref_mul(a, b));
    assert_int_equal(gl_neg(a), ref_sub(0, a));
}

static void test_ops_vs_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_EDGES; i++)
        for (size_t j = 0; j < N_EDGES; j++)
            check_pair(edges[i], edges[j]);
    uint64_t s = 2;
    for (int i = 0; i < 300000; i++) {
        uint64_t a = rng_fe(&s), b = rng_fe(&s);
        /* bias towards values near p and near 2^32 multiples */
        if (i % 7 == 0)
            a = REF_P - 1 - (a & 0xffff);
        if (i % 11 == 0)
            b = (b & 0xffffffff00000000ull) | (i % 3);
        b %= REF_P;
        check_pair(a, b);
    }
}

static void test_reduce128(void **state)
{
    (void)state;
    uint64_t s = 3;
    for (int i = 0; i < 200000; i++) {
        unsigned __int128 x = ((unsigned __int128)rng_next(&s) << 64) | rng_next(&s);
        if (i % 5 == 0)
            x = ~(unsigned __int128)0 - (rng_next(&s) & 0xff);
        assert_int_equal(gl_reduce128(x), (uint64_t)(x % REF_P));
    }
}

static void test_inv_pow(void **state)
{
    (void)state;
    assert_int_equal(gl_inv(0), 0);
    uint64_t s = 4;
    for (int i = 0; i < 2000; i++) {
        uint64_t a = i < (int)N_EDGES ? edges[i] : rng_fe(&s), e = rng_next(&s);
        assert_int_equal(gl_pow(a, e), ref_pow(a, e));
        if (a)
            assert_int_equal(ref_mul(gl_inv(a), a), 1);
    }
}

static void test_roots_of_unity(void **state)
{
    (void)state;
    for (unsigned k = 0; k <= 32; k++) {
        gl_t r = gl_root_of_unity(k);
        assert_int_equal(r, ref_root(k));
        assert_int_equal(ref_pow(r, 1ull << k), 1);
        if (k)
            assert_int_not_equal(ref_pow(r, 1ull << (k - 1)), 1);
    }
    /* the chain the NTT relies on: root(k)^2 = root(k-1) */
    for (unsigned k = 1; k <= 32; k++)
        assert_int_equal(ref_mul(gl_root_of_unity(k), gl_root_of_unity(k)), gl_root_of_unity(k - 1));
}

static void test_batch_inv(void **state)
{
    (void)state;
    uint64_t s = 5;
    size_t sizes[] = {0, 1, 2, 3, 5, 6, 511, 512, 513, 1500};
    for (size_t t = 0; t < 2 * sizeof sizes / sizeof sizes[0]; t++) {
        size_t n = sizes[t / 2];
        gl_t *in = malloc((n + 1) * sizeof *in), *out = malloc((n + 1) * sizeof *out);
        for (size_t i = 0; i < n; i++) /* odd t: chain 1 of 4 is all zeros */
            in[i] = (t % 2 ? i % 4 == 1 : i % 13 == 3) ? 0 : rng_fe(&s);
        gl_batch_inv(out, in, n);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(out[i], in[i] ? ref_pow(in[i], REF_P - 2) : 0);
        gl_batch_inv(in, in, n); /* aliased */
        assert_memory_equal(in, out, n * sizeof *in);
        free(in);
        free(out);
    }
}

/* Reference extension multiply: (a + bX)(c + dX) = ac + 7bd + (ad + bc)X. */
static gl2_t ref2_mul(gl2_t x, gl2_t y)
{
    return gl2(ref_add(ref_mul(x.a, y.a), ref_mul(7, ref_mul(x.b, y.b))),
               ref_add(ref_mul(x.a, y.b), ref_mul(x.b, y.a)));
}

static gl2_t rnd2(uint64_t *s) { return gl2(rng_fe(s), rng_fe(s)); }

static void test_extension(void **state)
{
    (void)state;
    /* 7 is a non-residue: Euler's criterion gives -1 */
    assert_int_equal(ref_pow(7, (REF_P - 1) / 2), REF_P - 1);
    gl2_t one = gl2(1, 0), zero = gl2(0, 0);
    assert_true(gl2_eq(gl2_inv(zero), zero));
    gl2_t X = gl2(0, 1);
    assert_true(gl2_eq(gl2_mul(X, X), gl2(7, 0)));
    /* every pair of edge components: the 128-bit sums inside gl2_mul wrap here */
    static const uint64_t edge[] = {0, 1, 2, 7, 0xffffffffu, 1ull << 32, 1ull << 63,
                                    REF_P - 2, REF_P - 1};
    enum { NE = sizeof edge / sizeof edge[0] };
    for (int i = 0; i < NE * NE; i++)
        for (int j = 0; j < NE * NE; j++) {
            gl2_t ex = gl2(edge[i / NE], edge[i % NE]), ey = gl2(edge[j / NE], edge[j % NE]);
            assert_true(gl2_eq(gl2_mul(ex, ey), ref2_mul(ex, ey)));
        }
    uint64_t s = 6;
    for (int i = 0; i < 20000; i++) {
        gl2_t x = rnd2(&s), y = rnd2(&s), z = rnd2(&s);
        if (i % 97 == 0)
            x = gl2(REF_P - 1, REF_P - 1);
        if (i % 89 == 0)
            y = gl2(0, rng_fe(&s));
        assert_true(gl2_eq(gl2_mul(x, y), ref2_mul(x, y)));
        assert_true(gl2_eq(gl2_mul(x, y), gl2_mul(y, x)));
        assert_true(gl2_eq(gl2_mul(x, gl2_add(y, z)), gl2_add(gl2_mul(x, y), gl2_mul(x, z))));
        assert_true(gl2_eq(gl2_mul(gl2_mul(x, y), z), gl2_mul(x, gl2_mul(y, z))));
        assert_true(gl2_eq(gl2_sub(gl2_add(x, y), y), x));
        assert_true(gl2_eq(gl2_add(x, gl2_neg(x)), zero));
        assert_true(gl2_eq(gl2_mul_base(x, z.a), ref2_mul(x, gl2(z.a, 0))));
        if (x.a || x.b)
            assert_true(gl2_eq(gl2_mul(x, gl2_inv(x)), one));
    }
    gl2_t x = rnd2(&s);
    assert_true(gl2_eq(gl2_pow(x, 5), ref2_mul(ref2_mul(ref2_mul(x, x), ref2_mul(x, x)), x)));
    /* |F_p2^*| = p^2 - 1 = (p-1)(p+1): x^(p-1)^(p+1) = 1 */
    assert_true(gl2_eq(gl2_pow(gl2_pow(x, REF_P - 1), REF_P + 1), one));
}

/* Sizes around the 4 interleaved chains and the 256-element chunks; the
 * zero patterns include a chain with no nonzero element (every 4th zero). */
static void test_batch_inv2(void **state)
{
    (void)state;
    uint64_t s = 7;
    size_t sizes[] = {1, 2, 3, 4, 5, 7, 255, 256, 257, 700};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        for (int pat = 0; pat < 2; pat++) {
            size_t n = sizes[k];
            gl2_t *in = malloc(n * sizeof *in), *out = malloc(n * sizeof *out);
            for (size_t i = 0; i < n; i++)
                in[i] = (pat ? i % 4 == 2 : i % 17 == 0) ? gl2(0, 0)
                        : i % 5 == 0                     ? gl2(0, rng_fe(&s))
                                                         : rnd2(&s);
            gl2_batch_inv(out, in, n);
            for (size_t i = 0; i < n; i++)
                assert_true(gl2_eq(out[i], gl2_inv(in[i])));
            gl2_batch_inv(in, in, n);
            assert_memory_equal(in, out, n * sizeof *in);
            free(in);
            free(out);
        }
}

/* The AVX2 lane ops (used by the NTT when the CPU has AVX2) on edge values
 * and random values against the reference. */
static void test_avx2_ops(void **state)
{
    (void)state;
    if (!ntt_avx2_available())
        skip();
    uint64_t s = 8;
    for (int it = 0; it < 200000; it++) {
        gl_t a[4], b[4], ad[4], sb[4], ml[4];
        for (int l = 0; l < 4; l++) {
            size_t k = (size_t)it * 4 + (size_t)l;
            a[l] = k < N_EDGES * N_EDGES ? edges[k % N_EDGES] : rng_fe(&s);
            b[l] = k < N_EDGES * N_EDGES ? edges[k / N_EDGES] : rng_fe(&s);
            if (it % 5 == 1)
                a[l] = REF_P - 1 - (a[l] & 0xff);
            if (it % 7 == 2)
                b[l] = (b[l] & 0xffffffff00000000ull) % REF_P;
        }
        gl_avx2_ops4(a, b, ad, sb, ml);
        for (int l = 0; l < 4; l++) {
            assert_int_equal(ad[l], ref_add(a[l], b[l]));
            assert_int_equal(sb[l], ref_sub(a[l], b[l]));
            assert_int_equal(ml[l], ref_mul(a[l], b[l]));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_u64),       cmocka_unit_test(test_ops_vs_reference),
        cmocka_unit_test(test_reduce128),      cmocka_unit_test(test_inv_pow),
        cmocka_unit_test(test_roots_of_unity), cmocka_unit_test(test_batch_inv),
        cmocka_unit_test(test_extension),      cmocka_unit_test(test_batch_inv2),
        cmocka_unit_test(test_avx2_ops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
