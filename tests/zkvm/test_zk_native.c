/* test_zk_native.c — proving native uops: KECCAK_F1600 programs proved and
 * verified with every row checked, exit codes from the hints/ reference;
 * refusals (misaligned state); native chips shrink to stubs when unused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "zk_int.h"
#include "zkt_native.h"

/* Proves and verifies t (rows checked); returns the report (t is freed). */
static void test_keccak_one(void **s)
{
    (void)s;
    /* the VM agrees with the host reference before anything is proved */
    vmt *t = zkt_keccak(1, 8);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.exit_code, zkt_keccak_expect(1));
    vmt_free(t);
    zk_report rep = zkt_prove_verify_report(zkt_keccak(1, 8), zkt_keccak_expect(1));
    assert_int_equal(rep.rows[ZC_KECCAK_IO], 1);
    assert_int_equal(rep.rows[ZC_KECCAK], 24);
    assert_int_equal(rep.height[ZC_KECCAK], 32);
    zk_report_free(&rep);
}

/* two permutations: 48 rows in a 64-row table, the last 16 a partial padding one */
static void test_keccak_two(void **s)
{
    (void)s;
    zk_report rep = zkt_prove_verify_report(zkt_keccak(2, 0), zkt_keccak_expect(2));
    assert_int_equal(rep.rows[ZC_KECCAK], 48);
    assert_int_equal(rep.height[ZC_KECCAK], 64);
    print_message("keccak table: %llu main+fixed+aux columns per row\n",
                  (unsigned long long)rep.width[ZC_KECCAK]);
    zk_report_free(&rep);
}

static void test_memset(void **s)
{
    (void)s;
    vmt *t = zkt_memset();
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.exit_code, zkt_memset_expect());
    vmt_free(t);
    zk_report rep = zkt_prove_verify_report(zkt_memset(), zkt_memset_expect());
    assert_int_equal(rep.rows[ZC_MEMSET_IO], 6);
    /* words: 6 (bytes 5..26), 1, 1 (n = 0 unaligned), 0, 1, 2 */
    assert_int_equal(rep.rows[ZC_MEMSET], 11);
    zk_report_free(&rep);
}

/* a state that is not 4-aligned is refused with the reason, not proved */
static void test_keccak_misaligned(void **s)
{
    (void)s;
    zkt_expect_refusal(zkt_keccak(1, 2), NULL, "KECCAK_F1600 state at 0x00020002 is not 4-aligned");
}

/* a program that never uses KECCAK_F1600 pays one column per native chip */
static void test_stubs(void **s)
{
    (void)s;
    zk_report rep = zkt_prove_verify_report(zkt_sum(), 55);
    assert_true(rep.width[ZC_KECCAK] <= 2);
    assert_true(rep.width[ZC_KECCAK_IO] <= 2);
    assert_null(zk_uop_unprovable(UOP_KECCAK_F1600));
    assert_null(zk_uop_unprovable(UOP_MEMSET));
    assert_true(rep.width[ZC_MEMSET] <= 2);
    zk_report_free(&rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keccak_one),
        cmocka_unit_test(test_keccak_two),
        cmocka_unit_test(test_keccak_misaligned),
        cmocka_unit_test(test_memset),
        cmocka_unit_test(test_stubs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
