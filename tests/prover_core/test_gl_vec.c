/* test_gl_vec.c — gl_vec.h array kernels against the __int128 reference, on
 * edge values and random ones, every length 0..41 (whole vectors and tails)
 * and with out aliasing an input. meson runs it with the AVX2 path and with
 * UVM_PORTABLE=1 (scalar), so both must match the reference exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "gl_vec.h"
#include "test_util.h"

#define MAXN 41

static const uint64_t edge[] = {0, 1, 2, 7, 0xffffffffu, 1ull << 32, (1ull << 32) + 1, 1ull << 63,
                                REF_P - 2, REF_P - 1};
enum { NE = sizeof edge / sizeof edge[0] };

/* Slot i: edge values for the first NE^2 draws of a pattern, then random. */
static void fill(uint64_t *x, size_t n, uint64_t *s, int which)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (*s % 3 == 0) ? edge[(i * (which ? 7 : 3) + *s) % NE] : rng_fe(s);
    (*s)++;
}

static uint64_t ref2_re(const uint64_t *x, const uint64_t *y)
{
    return ref_add(ref_mul(x[0], y[0]), ref_mul(7, ref_mul(x[1], y[1])));
}
static uint64_t ref2_cr(const uint64_t *x, const uint64_t *y)
{
    return ref_add(ref_mul(x[0], y[1]), ref_mul(x[1], y[0]));
}

static void test_base_ops(void **state)
{
    (void)state;
    uint64_t s = 11, a[MAXN], b[MAXN], o[MAXN], c[MAXN];
    for (int rep = 0; rep < 60; rep++)
        for (size_t n = 0; n <= MAXN; n++) {
            fill(a, n, &s, 0);
            fill(b, n, &s, 1);
            gl_vec_add(o, a, b, n);
            for (size_t i = 0; i < n; i++)
                assert_int_equal(o[i], ref_add(a[i], b[i]));
            gl_vec_sub(o, a, b, n);
            for (size_t i = 0; i < n; i++)
                assert_int_equal(o[i], ref_sub(a[i], b[i]));
            gl_vec_mul(o, a, b, n);
            for (size_t i = 0; i < n; i++)
                assert_int_equal(o[i], ref_mul(a[i], b[i]));
            memcpy(c, a, sizeof a); /* out == a */
            gl_vec_mul(c, c, b, n);
            assert_memory_equal(c, o, n * sizeof *o);
        }
    /* every pair of edge values */
    for (size_t i = 0; i < NE; i++) {
        for (size_t j = 0; j < NE; j++)
            a[j] = edge[i], b[j] = edge[j];
        gl_vec_mul(o, a, b, NE);
        for (size_t j = 0; j < NE; j++)
            assert_int_equal(o[j], ref_mul(edge[i], edge[j]));
        gl_vec_add(o, a, b, NE);
        for (size_t j = 0; j < NE; j++)
            assert_int_equal(o[j], ref_add(edge[i], edge[j]));
        gl_vec_sub(o, a, b, NE);
        for (size_t j = 0; j < NE; j++)
            assert_int_equal(o[j], ref_sub(edge[i], edge[j]));
    }
}

static void test_ext_ops(void **state)
{
    (void)state;
    uint64_t s = 12, a[2 * MAXN], b[2 * MAXN], sc[MAXN], c[2 * MAXN];
    gl2_t o[MAXN];
    for (int rep = 0; rep < 60; rep++)
        for (size_t n = 0; n <= MAXN; n++) {
            fill(a, 2 * n, &s, 0);
            fill(b, 2 * n, &s, 1);
            fill(sc, n, &s, 1);
            gl2_vec_mul(o, (const gl2_t *)a, (const gl2_t *)b, n);
            for (size_t i = 0; i < n; i++) {
                assert_int_equal(o[i].a, ref2_re(a + 2 * i, b + 2 * i));
                assert_int_equal(o[i].b, ref2_cr(a + 2 * i, b + 2 * i));
            }
            memcpy(c, b, sizeof b); /* out == b */
            gl2_vec_mul((gl2_t *)c, (const gl2_t *)a, (const gl2_t *)c, n);
            assert_memory_equal(c, o, n * sizeof *o);
            gl2_vec_mul_base(o, (const gl2_t *)a, sc, n);
            for (size_t i = 0; i < n; i++) {
                assert_int_equal(o[i].a, ref_mul(a[2 * i], sc[i]));
                assert_int_equal(o[i].b, ref_mul(a[2 * i + 1], sc[i]));
            }
            memcpy(c, a, sizeof a); /* out == a */
            gl2_vec_mul_base((gl2_t *)c, (const gl2_t *)c, sc, n);
            assert_memory_equal(c, o, n * sizeof *o);
        }
    /* edge pairs in every part: the Karatsuba sums wrap here */
    for (size_t i = 0; i < NE * NE; i++) {
        for (size_t j = 0; j < NE * NE && j < MAXN; j++) {
            a[2 * j] = edge[i / NE], a[2 * j + 1] = edge[i % NE];
            b[2 * j] = edge[j / NE], b[2 * j + 1] = edge[j % NE];
        }
        size_t n = NE * NE < MAXN ? NE * NE : MAXN;
        gl2_vec_mul(o, (const gl2_t *)a, (const gl2_t *)b, n);
        for (size_t j = 0; j < n; j++) {
            assert_int_equal(o[j].a, ref2_re(a + 2 * j, b + 2 * j));
            assert_int_equal(o[j].b, ref2_cr(a + 2 * j, b + 2 * j));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_ops),
        cmocka_unit_test(test_ext_ops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
