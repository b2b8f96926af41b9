/* test_ntt.c — NTTs and LDE against naive O(n^2) / Horner evaluation with the
 * __int128 reference arithmetic. Run in both fast and UVM_PORTABLE modes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ntt.h"
#include "test_util.h"

static uint64_t *rand_vec(size_t n, uint64_t seed)
{
    uint64_t *v = malloc((n ? n : 1) * sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < n; i++)
        v[i] = rng_fe(&seed);
    return v;
}

/* out[i] = sum_k c[k] (shift w^i)^k, by Horner at each point. */
static void naive_eval(const uint64_t *c, unsigned log_n, uint64_t shift, uint64_t *out)
{
    size_t n = (size_t)1 << log_n;
    uint64_t w = ref_root(log_n), x = shift;
    for (size_t i = 0; i < n; i++, x = ref_mul(x, w))
        out[i] = ref_eval(c, n, x);
}

static void test_small_sizes_vs_naive(void **state)
{
    (void)state;
    const uint64_t shifts[] = {1, 7, 0x123456789ull, REF_P - 1};
    for (unsigned log_n = 0; log_n <= 10; log_n++) {
        size_t n = (size_t)1 << log_n;
        for (size_t s = 0; s < 4; s++) {
            uint64_t *c = rand_vec(n, 100 + log_n * 4 + s), *want = malloc(n * 8), *a = malloc(n * 8);
            naive_eval(c, log_n, shifts[s], want);
            memcpy(a, c, n * 8);
            if (shifts[s] == 1)
                ntt_forward(a, log_n);
            else
                ntt_coset_forward(a, log_n, shifts[s]);
            assert_memory_equal(a, want, n * 8);
            if (shifts[s] == 1)
                ntt_inverse(a, log_n);
            else
                ntt_coset_inverse(a, log_n, shifts[s]);
            assert_memory_equal(a, c, n * 8);
            free(c);
            free(want);
            free(a);
        }
    }
}

/* Sizes past the cache-blocking and threading thresholds: round trip, and
 * spot checks of single outputs by Horner. */
static void test_large_round_trip(void **state)
{
    (void)state;
    for (unsigned log_n = 14; log_n <= 20; log_n += 3) {
        size_t n = (size_t)1 << log_n;
        uint64_t *c = rand_vec(n, log_n), *a = malloc(n * 8);
        memcpy(a, c, n * 8);
        ntt_coset_forward(a, log_n, 7);
        uint64_t seed = 9, w = ref_root(log_n);
        for (int k = 0; k < 6; k++) {
            size_t i = k == 0 ? 0 : k == 1 ? n - 1 : rng_next(&seed) % n;
            assert_int_equal(a[i], ref_eval(c, n, ref_mul(7, ref_pow(w, i))));
        }
        ntt_coset_inverse(a, log_n, 7);
        assert_memory_equal(a, c, n * 8);
        ntt_forward(a, log_n);
        assert_int_equal(a[1], ref_eval(c, n, w));
        ntt_inverse(a, log_n);
        assert_memory_equal(a, c, n * 8);
        free(c);
        free(a);
    }
}

/* Columns with random coefficients of degree < n: the trace holds their
 * evaluations on H; the LDE must equal Horner on shift * w'^i. */
static void check_lde(unsigned log_n, size_t cols, unsigned log_blowup, uint64_t shift, int rows_checked)
{
    size_t n = (size_t)1 << log_n;
    uint64_t *coef = rand_vec(n * cols, 1000 + log_n * 31 + cols);
    gl_matrix tr, out;
    assert_int_equal(gl_matrix_alloc(&tr, n, cols), 0);
    uint64_t *col = malloc(n * 8);
    for (size_t c = 0; c < cols; c++) {
        if (log_n <= 8)
            naive_eval(coef + c * n, log_n, 1, col);
        else {
            memcpy(col, coef + c * n, n * 8);
            ntt_forward(col, log_n); /* itself checked against naive above */
        }
        for (size_t i = 0; i < n; i++)
            tr.data[i * cols + c] = col[i];
    }
    assert_int_equal(ntt_lde(&tr, log_blowup, shift, &out), 0);
    size_t N = n << log_blowup;
    assert_int_equal(out.rows, N);
    assert_int_equal(out.cols, cols);
    assert_int_equal((uintptr_t)out.data % 64, 0);
    uint64_t w = ref_root(log_n + log_blowup), seed = 77;
    for (int k = 0; k < rows_checked; k++) {
        size_t i = k == 0 ? 0 : k == 1 ? N - 1 : rng_next(&seed) % N;
        uint64_t x = ref_mul(shift, ref_pow(w, i));
        for (size_t c = 0; c < cols; c++)
            assert_int_equal(out.data[i * cols + c], ref_eval(coef + c * n, n, x));
    }
    gl_matrix_free(&out);
    gl_matrix_free(&tr);
    free(col);
    free(coef);
}

static void test_lde(void **state)
{
    (void)state;
    check_lde(0, 3, 1, 7, 2);
    check_lde(1, 9, 2, 7, 4);
    check_lde(4, 8, 1, 7, 32);
    check_lde(6, 11, 2, 0x1234567ull, 64);
    check_lde(8, 17, 3, 7, 40);
    check_lde(12, 16, 1, 7, 12);
    check_lde(13, 1, 2, 7, 12);
    check_lde(13, 8, 1, 7, 12); /* one 8-column group: threads split its layers */
    check_lde(15, 9, 1, 7, 6);  /* 2^16-row buffers: the strided multi-layer pass */
}

/* Every output cell of the LDE, against each column's own transforms
 * (inverse, zero-pad, coset forward: the single-column kernels, a different
 * code path from the 8-column groups). The shapes cover full 8-column groups
 * and a remainder, blowups 0..3, sizes below and past one radix-16 pass and
 * past the cache blocks, and (2 threads, >= 16 columns) the one-buffer
 * AVX-512 variant. Run under every UVM_SIMD level (meson.build), this
 * shows the paths agree bit for bit. */
static void test_lde_all_cells(void **state)
{
    (void)state;
    static const struct { unsigned log_n; size_t cols; unsigned lb; } shapes[] = {
        {1, 8, 1}, {2, 8, 0}, {3, 16, 2}, {4, 8, 3}, {5, 13, 1}, {7, 8, 1},
        {9, 24, 2}, {11, 8, 1}, {14, 17, 1}, {16, 8, 1}, {6, 16, 0}, {8, 16, 3}, {12, 16, 2},
    };
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
        unsigned log_n = shapes[k].log_n, lb = shapes[k].lb;
        size_t n = (size_t)1 << log_n, N = n << lb, cols = shapes[k].cols;
        uint64_t shift = 7, seed = 500 + k;
        gl_matrix tr, out;
        assert_int_equal(gl_matrix_alloc(&tr, n, cols), 0);
        for (size_t i = 0; i < n * cols; i++)
            tr.data[i] = rng_fe(&seed);
        assert_int_equal(ntt_lde(&tr, lb, shift, &out), 0);
        uint64_t *col = calloc(N, 8);
        assert_non_null(col);
        for (size_t c = 0; c < cols; c++) {
            memset(col, 0, N * 8);
            for (size_t i = 0; i < n; i++)
                col[i] = tr.data[i * cols + c];
            ntt_inverse(col, log_n);
            ntt_coset_forward(col, log_n + lb, shift);
            for (size_t i = 0; i < N; i++)
                if (out.data[i * cols + c] != col[i])
                    fail_msg("2^%u x %zu blowup 2^%u (%s): cell (%zu, %zu) differs", log_n, cols,
                             lb, ntt_simd_path(), i, c);
        }
        free(col);
        gl_matrix_free(&out);
        gl_matrix_free(&tr);
    }
}

/* The path the environment asked for is the one in use (never above it). */
static void test_simd_path(void **state)
{
    (void)state;
    const char *p = ntt_simd_path(), *want = getenv("UVM_SIMD"), *port = getenv("UVM_PORTABLE");
    print_message("ntt path: %s\n", p);
    assert_true(!strcmp(p, "avx512") || !strcmp(p, "avx2") || !strcmp(p, "portable"));
    if (port && port[0] == '1')
        assert_string_equal(p, "portable");
    else if (want && !strcmp(want, "portable"))
        assert_string_equal(p, "portable");
    else if (want && !strcmp(want, "avx2"))
        assert_true(!strcmp(p, "avx2") || !strcmp(p, "portable"));
}

static void test_lde_bad_input(void **state)
{
    (void)state;
    gl_matrix tr, out;
    assert_int_equal(gl_matrix_alloc(&tr, 6, 2), 0);
    assert_int_equal(ntt_lde(&tr, 1, 7, &out), -1); /* rows not a power of two */
    gl_matrix_free(&tr);
    assert_int_equal(gl_matrix_alloc(&tr, 0, 2), 0);
    assert_int_equal(ntt_lde(&tr, 1, 7, &out), -1);
    gl_matrix_free(&tr);
    assert_int_equal(gl_matrix_alloc(&tr, 4, 2), 0);
    assert_int_equal(ntt_lde(&tr, 31, 7, &out), -1); /* 2^33 > two-adicity */
    gl_matrix_free(&tr);
    assert_int_equal(gl_matrix_alloc(&tr, SIZE_MAX / 4, 4), -1); /* overflow */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_sizes_vs_naive),
        cmocka_unit_test(test_large_round_trip),
        cmocka_unit_test(test_lde),
        cmocka_unit_test(test_lde_all_cells),
        cmocka_unit_test(test_simd_path),
        cmocka_unit_test(test_lde_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
