/* test_zk_copy.c — proving MEMCPY and MEMMOVE (chip_memcpy.c): every
 * (d & 3, s & 3) pair, n = 0 to several words, overlap both ways, proved and
 * verified with every row checked against the host's memcpy/memmove; MEMCPY
 * overlapping from above is refused; the chips are stubs when unused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "zk_int.h"
#include "zkt_copy.h"

static void test_copy_calls(void **s)
{
    (void)s;
    unsigned n;
    const zkt_copy_call *calls = zkt_copy_calls(&n);
    uint32_t want = zkt_copy_expect(calls, n);
    /* the VM agrees with the host before anything is proved */
    vmt *t = zkt_copy(calls, n);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.exit_code, want);
    vmt_free(t);
    zk_report rep = zkt_prove_verify_report(zkt_copy(calls, n), want);
    uint64_t words = 0; /* destination words met: ceil((n + d % 4) / 4) per call */
    for (unsigned i = 0; i < n; i++)
        words += (calls[i].n + calls[i].dst % 4 + 3) / 4;
    assert_int_equal(rep.rows[ZC_MEMCPY_IO], n);
    assert_int_equal(rep.rows[ZC_MEMCPY], words);
    print_message("%u calls, %llu word rows; memcpy_io %llu, memcpy %llu cells per row\n", n,
                  (unsigned long long)words, (unsigned long long)rep.width[ZC_MEMCPY_IO],
                  (unsigned long long)rep.width[ZC_MEMCPY]);
    zk_report_free(&rep);
}

/* MEMCPY with d in (s, s + n): the VM's ascending copy repeats the pattern,
 * which memmove's meaning (what the chip proves) does not: refused */
static void test_memcpy_overlap_refused(void **s)
{
    (void)s;
    static const zkt_copy_call c[] = {{UOP_MEMCPY, 10, 7, 20}};
    vmt *t = zkt_copy(c, 1);
    assert_int_equal(vmt_run(t, NULL), 0);
    zkt_expect_refusal(t, NULL, "MEMCPY to 0x0002000a overlapping its source 0x00020007");
}

/* the same call as MEMMOVE proves, and MEMCPY from above the destination too */
static void test_overlap_both_ways(void **s)
{
    (void)s;
    static const zkt_copy_call c[] = {{UOP_MEMMOVE, 10, 7, 20}, {UOP_MEMCPY, 33, 38, 21},
                                      {UOP_MEMMOVE, 64, 71, 23}};
    zk_report rep = zkt_prove_verify_report(zkt_copy(c, 3), zkt_copy_expect(c, 3));
    assert_int_equal(rep.rows[ZC_MEMCPY], 6 + 6 + 6);
    zk_report_free(&rep);
}

/* MUL256: distinct operands, a square, output over an input, all-ones */
static void test_mul256(void **s)
{
    (void)s;
    vmt *t = zkt_mul256();
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.exit_code, zkt_mul256_expect());
    vmt_free(t);
    zk_report rep = zkt_prove_verify_report(zkt_mul256(), zkt_mul256_expect());
    assert_int_equal(rep.rows[ZC_MUL256_IO], 4);
    print_message("mul256: %llu cells per call\n", (unsigned long long)rep.width[ZC_MUL256_IO]);
    zk_report_free(&rep);
}

/* a program without MEMCPY/MEMMOVE pays one column per copy chip */
static void test_stubs(void **s)
{
    (void)s;
    zk_report rep = zkt_prove_verify_report(zkt_sum(), 55);
    assert_true(rep.width[ZC_MEMCPY] <= 2);
    assert_true(rep.width[ZC_MEMCPY_IO] <= 2);
    assert_null(zk_uop_unprovable(UOP_MEMCPY));
    assert_null(zk_uop_unprovable(UOP_MEMMOVE));
    assert_null(zk_uop_unprovable(UOP_MUL256));
    assert_true(rep.width[ZC_MUL256_IO] <= 2);
    zk_report_free(&rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_calls),
        cmocka_unit_test(test_memcpy_overlap_refused),
        cmocka_unit_test(test_overlap_both_ways),
        cmocka_unit_test(test_mul256),
        cmocka_unit_test(test_stubs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
