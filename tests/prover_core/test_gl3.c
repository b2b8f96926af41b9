/* test_gl3.c — GF(p^3) = F_p[X]/(X^3 - 7): irreducibility of X^3 - 7,
 * known answers (computed independently with Python big integers), the field
 * laws on random and edge elements, against a schoolbook __int128 reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "gl3.h"
#include "gl_vec.h"
#include "test_util.h"

/* Reference product: the 5 convolution terms reduced mod p, then X^3 = 7,
 * X^4 = 7 X. */
static gl3_t ref3_mul(gl3_t x, gl3_t y)
{
    uint64_t a[3] = {x.a, x.b, x.c}, b[3] = {y.a, y.b, y.c}, c[5] = {0};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            c[i + j] = ref_add(c[i + j], ref_mul(a[i], b[j]));
    return gl3(ref_add(c[0], ref_mul(7, c[3])), ref_add(c[1], ref_mul(7, c[4])), c[2]);
}

static const uint64_t edges[] = {0, 1, 2, REF_P - 1, REF_P - 2, 1ull << 32, (1ull << 32) - 1,
                                 1ull << 63, 0xffffffffull << 32, 7};
#define N_EDGES (sizeof edges / sizeof edges[0])

static gl3_t rnd3(uint64_t *s)
{
    gl3_t x = gl3(rng_fe(s), rng_fe(s), rng_fe(s));
    uint64_t k = rng_next(s) % 8; /* sometimes coefficients at the edges */
    if (k == 0)
        x.a = edges[rng_next(s) % N_EDGES];
    if (k == 1)
        x.b = edges[rng_next(s) % N_EDGES], x.c = edges[rng_next(s) % N_EDGES];
    return x;
}

static void assert3(gl3_t x, gl3_t y)
{
    assert_int_equal(x.a, y.a);
    assert_int_equal(x.b, y.b);
    assert_int_equal(x.c, y.c);
}

static void test_irreducible(void **state)
{
    (void)state;
    /* X^3 - W over F_p (3 | p - 1) is irreducible iff W is not a cube, i.e.
     * W^((p-1)/3) != 1; that power is the Frobenius constant. */
    assert_true(REF_P % 3 == 1);
    uint64_t w = ref_pow(GL3_W, (REF_P - 1) / 3);
    assert_int_not_equal(w, 1);
    assert_int_equal(w, GL3_OMEGA);
    assert_int_equal(ref_mul(w, w), GL3_OMEGA2);
    assert_int_equal(ref_pow(w, 3), 1);
}

static void test_known_answers(void **state)
{
    (void)state;
    gl3_t x = gl3(1, 2, 3), y = gl3(REF_P - 1, 1ull << 32, 0x123456789abcdefull);
    assert3(gl3_mul(x, y), gl3(0xfedcbbe87654311ull, 0x17e4b17f4b17e499ull, 0x123456989abcdecull));
    assert3(gl3_inv(y), gl3(0xe4be0886da7a2669ull, 0x93a52bc8141fdd24ull, 0x28ec60aaa0362db7ull));
    assert3(gl3_frob(x), gl3(1, 0xfffffffd00000001ull, 0x2fffffffdull));
    gl3_t z = gl3(0xdeadbeefull, REF_P - 2, 1ull << 63);
    assert3(gl3_pow(z, 1000000000000000003ull),
            gl3(0xc01be77d9b399835ull, 0x124517e0e45737daull, 0x797987e0eb433b3eull));
    assert3(gl3_inv(gl3(0, 0, 0)), gl3(0, 0, 0));
    assert3(gl3_mul(gl3(0, 1, 0), gl3(0, 0, 1)), gl3(7, 0, 0)); /* X * X^2 = 7 */
}

static void test_vs_reference(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_EDGES; i++)
        for (size_t j = 0; j < N_EDGES; j++)
            for (size_t k = 0; k < N_EDGES; k++) {
                gl3_t x = gl3(edges[i], edges[j], edges[k]), y = gl3(edges[k], edges[i], edges[j]);
                assert3(gl3_mul(x, y), ref3_mul(x, y));
                assert3(gl3_add(x, y), gl3(ref_add(x.a, y.a), ref_add(x.b, y.b), ref_add(x.c, y.c)));
                assert3(gl3_sub(x, y), gl3(ref_sub(x.a, y.a), ref_sub(x.b, y.b), ref_sub(x.c, y.c)));
            }
    uint64_t s = 31;
    for (int i = 0; i < 200000; i++) {
        gl3_t x = rnd3(&s), y = rnd3(&s);
        uint64_t b = rng_fe(&s);
        assert3(gl3_mul(x, y), ref3_mul(x, y));
        assert3(gl3_sqr(x), ref3_mul(x, x));
        assert3(gl3_mul_base(x, b), ref3_mul(x, gl3_from_base(b)));
        assert3(gl3_add(gl3_neg(x), x), gl3(0, 0, 0));
        /* the mixed base/extension helpers of the block evaluator */
        assert3(gl3_mul_x(x), ref3_mul(x, gl3(0, 1, 0)));
        assert3(gl3_add_base(x, b), gl3_add(x, gl3_from_base(b)));
        assert3(gl3_sub_base(x, b), gl3_sub(x, gl3_from_base(b)));
        assert3(gl3_base_sub(b, x), gl3_sub(gl3_from_base(b), x));
        assert_int_equal(gl3_in_base(x), x.b == 0 && x.c == 0);
    }
}

static void test_laws(void **state)
{
    (void)state;
    uint64_t s = 32;
    for (int i = 0; i < 20000; i++) {
        gl3_t x = rnd3(&s), y = rnd3(&s), z = rnd3(&s);
        assert3(gl3_mul(gl3_mul(x, y), z), gl3_mul(x, gl3_mul(y, z)));
        assert3(gl3_mul(x, y), gl3_mul(y, x));
        assert3(gl3_mul(x, gl3_add(y, z)), gl3_add(gl3_mul(x, y), gl3_mul(x, z)));
        assert3(gl3_sub(gl3_add(x, y), y), x);
        if (!gl3_is_zero(x))
            assert3(gl3_mul(x, gl3_inv(x)), gl3(1, 0, 0));
        /* Frobenius: a field automorphism of order 3 that is x -> x^p */
        gl3_t f = gl3_frob(x);
        assert3(gl3_frob(gl3_frob(f)), x);
        assert3(gl3_frob(gl3_mul(x, y)), gl3_mul(f, gl3_frob(y)));
        if (i < 200)
            assert3(f, gl3_pow(x, REF_P));
        /* the norm x * frob(x) * frob^2(x) lies in F_p */
        gl3_t nrm = gl3_mul(gl3_mul(x, f), gl3_frob(f));
        assert_int_equal(nrm.b, 0);
        assert_int_equal(nrm.c, 0);
    }
    /* Fermat in GF(p^3): x^(p^3 - 1) = 1, as x^(p-1) ^ (p^2 + p + 1) split
     * into 64-bit exponents: (x^(p^2) * x^p * x)^(p - 1). */
    for (int i = 0; i < 50; i++) {
        gl3_t x = rnd3(&s);
        if (gl3_is_zero(x))
            continue;
        gl3_t f = gl3_frob(x), n = gl3_mul(gl3_mul(x, f), gl3_frob(f));
        assert3(gl3_pow(n, REF_P - 1), gl3(1, 0, 0));
    }
}

static void test_batch_inv3(void **state)
{
    (void)state;
    uint64_t s = 33;
    size_t n = 700; /* crosses chunk boundaries */
    gl3_t *in = test_malloc(n * sizeof *in), *out = test_malloc(n * sizeof *out);
    for (size_t i = 0; i < n; i++)
        in[i] = (i % 37 == 5) ? gl3(0, 0, 0) : rnd3(&s);
    gl3_batch_inv(out, in, n);
    for (size_t i = 0; i < n; i++)
        assert3(out[i], gl3_inv(in[i]));
    gl3_batch_inv(in, in, n); /* aliased */
    assert_memory_equal(in, out, n * sizeof *in);
    gl3_batch_inv(out, in, 0);
    test_free(in);
    test_free(out);
}

/* The block evaluator's array kernels (gl_vec.h) at degree 3: element-wise
 * as gl3_mul / gl3_mul_base, out aliasing an input. */
static void test_vec3(void **state)
{
    (void)state;
    uint64_t s = 34;
    enum { N = 37 };
    gl3_t a[N], b[N], o[N];
    gl_t k[N];
    for (int i = 0; i < N; i++)
        a[i] = rnd3(&s), b[i] = rnd3(&s), k[i] = rng_fe(&s);
    gl3_vec_mul(o, a, b, N);
    for (int i = 0; i < N; i++)
        assert3(o[i], ref3_mul(a[i], b[i]));
    gl3_vec_mul_base(o, a, k, N);
    for (int i = 0; i < N; i++)
        assert3(o[i], ref3_mul(a[i], gl3_from_base(k[i])));
    memcpy(o, a, sizeof o);
    gl3_vec_mul(o, o, b, N);
    for (int i = 0; i < N; i++)
        assert3(o[i], ref3_mul(a[i], b[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_irreducible),
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_vs_reference),
        cmocka_unit_test(test_laws),
        cmocka_unit_test(test_batch_inv3),
        cmocka_unit_test(test_vec3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
