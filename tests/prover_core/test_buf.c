/* test_buf.c — core_buf's recycling: a freed large block is handed out again
 * (zeroed when asked), best fit, aligned; a request the pool cannot serve
 * releases pooled blocks first; small blocks bypass the pool; and a matrix
 * from a recycled block is zeroed by gl_matrix_alloc. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core_buf.h"
#include "ntt.h"

#define MIB ((size_t)1 << 20)

static void test_reuse_zeroes_when_asked(void **state)
{
    (void)state;
    core_buf_trim();
    unsigned char *a = core_buf_alloc(4 * MIB, 0);
    assert_non_null(a);
    assert_int_equal((uintptr_t)a % 64, 0);
    memset(a, 0xab, 4 * MIB);
    core_buf_free(a);
    assert_int_equal(core_buf_get_stats().pooled_bytes, 4 * MIB);
    size_t reused = core_buf_get_stats().reused;
    unsigned char *b = core_buf_alloc(3 * MIB, 1);
    assert_ptr_equal(b, a); /* the pooled block, not fresh pages */
    assert_int_equal(core_buf_get_stats().reused, reused + 1);
    for (size_t i = 0; i < 3 * MIB; i += 4093)
        assert_int_equal(b[i], 0);
    assert_int_equal(b[3 * MIB - 1], 0);
    core_buf_free(b);
    core_buf_trim();
    assert_int_equal(core_buf_get_stats().pooled_bytes, 0);
}

static void test_best_fit(void **state)
{
    (void)state;
    core_buf_trim();
    void *big = core_buf_alloc(8 * MIB, 0), *mid = core_buf_alloc(2 * MIB, 0);
    core_buf_free(big);
    core_buf_free(mid);
    assert_ptr_equal(core_buf_alloc(2 * MIB, 0), mid); /* not the 8 MiB one */
    assert_ptr_equal(core_buf_alloc(5 * MIB, 0), big);
    core_buf_free(mid);
    core_buf_free(big);
    core_buf_trim();
}

/* A miss releases pooled blocks (largest first) totalling at least the
 * request before allocating, so idle pooled memory does not stack on top. */
static void test_miss_releases_pool(void **state)
{
    (void)state;
    core_buf_trim();
    void *a = core_buf_alloc(2 * MIB, 0), *b = core_buf_alloc(3 * MIB, 0);
    core_buf_free(a);
    core_buf_free(b);
    assert_int_equal(core_buf_get_stats().pooled_bytes, 5 * MIB);
    size_t fresh = core_buf_get_stats().fresh;
    void *c = core_buf_alloc(4 * MIB, 0); /* larger than both: a miss */
    assert_non_null(c);
    assert_int_equal(core_buf_get_stats().fresh, fresh + 1);
    /* 3 MiB released first; not yet 4 MiB, so the 2 MiB block too */
    assert_int_equal(core_buf_get_stats().pooled_bytes, 0);
    core_buf_free(c);
    core_buf_trim();
}

/* Resident 4 KiB pages of [p, p + bytes) (p page-aligned). */
static size_t resident_pages(void *p, size_t bytes)
{
    size_t n = bytes / 4096, r = 0;
    unsigned char v[4096];
    assert_true(n <= sizeof v);
    assert_int_equal(mincore(p, bytes, v), 0);
    for (size_t i = 0; i < n; i++)
        r += v[i] & 1;
    return r;
}

/* A big pooled block serving a small request keeps only the pages it needs
 * (past the request, in whole 2 MiB steps, they go back to the kernel). */
static void test_reuse_releases_tail(void **state)
{
    (void)state;
    core_buf_trim();
    unsigned char *a = core_buf_alloc(12 * MIB, 0);
    memset(a, 1, 12 * MIB);
    core_buf_free(a);
    unsigned char *b = core_buf_alloc(MIB, 1);
    assert_ptr_equal(b, a);
    unsigned char *tail = (unsigned char *)(((uintptr_t)b + 4 * MIB) & ~(uintptr_t)(2 * MIB - 1));
    assert_int_equal(resident_pages(tail, 6 * MIB), 0);
    assert_int_equal(b[MIB - 1], 0);
    core_buf_free(b);
    /* reused again for the whole size: the released tail reads as zeros */
    unsigned char *c = core_buf_alloc(12 * MIB, 0);
    assert_ptr_equal(c, a);
    assert_int_equal(tail[0], 0);
    core_buf_free(c);
    core_buf_trim();
}

static void test_small_blocks_bypass(void **state)
{
    (void)state;
    core_buf_trim();
    void *s = core_buf_alloc(4096, 1);
    assert_non_null(s);
    assert_int_equal((uintptr_t)s % 64, 0);
    core_buf_free(s);
    assert_int_equal(core_buf_get_stats().pooled_bytes, 0);
    core_buf_free(NULL);
}

static void test_matrix_zeroed_after_reuse(void **state)
{
    (void)state;
    core_buf_trim();
    gl_matrix m;
    assert_int_equal(gl_matrix_alloc_uninit(&m, (size_t)1 << 16, 8), 0);
    for (size_t i = 0; i < m.rows * m.cols; i++)
        m.data[i] = i + 1;
    gl_t *old = m.data;
    gl_matrix_free(&m);
    assert_null(m.data);
    assert_int_equal(gl_matrix_alloc(&m, (size_t)1 << 15, 16), 0);
    assert_ptr_equal(m.data, old);
    for (size_t i = 0; i < m.rows * m.cols; i++)
        assert_int_equal(m.data[i], 0);
    gl_matrix_free(&m);
    core_buf_trim();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reuse_zeroes_when_asked),
        cmocka_unit_test(test_best_fit),
        cmocka_unit_test(test_miss_releases_pool),
        cmocka_unit_test(test_reuse_releases_tail),
        cmocka_unit_test(test_small_blocks_bypass),
        cmocka_unit_test(test_matrix_zeroed_after_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
