/* test_zk_security.c — the security of a .uvp (zk_security.c): a run is as
 * strong as its weakest segment in each regime, the verifier's policy applies
 * to every segment in the regime it names, and the model segment behaves as
 * the calculator says (more rows: fewer bits). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "zkt.h"

static void test_segments(void **st)
{
    (void)st;
    /* the sum program in one segment and in segments of 32 uops */
    vmt *a = zkt_sum(), *b = zkt_sum();
    zkt_proved one = zkt_prove_verify(a, NULL, 55);
    zk_prove_opts o = zkt_opts();
    o.segment_uops = 32;
    zkt_proved two = zkt_prove_verify(b, &o, 55);
    assert_true(two.cl.n_seg >= 2);
    uvm_err err = {{0}};
    stark_security s1, s2;
    assert_int_equal(zk_security(&a->p, one.proof, one.len, &s1, &err), 0);
    assert_int_equal(zk_security(&b->p, two.proof, two.len, &s2, &err), 0);
    /* zkt_params: 24 queries x log_blowup 1 + 4 grinding = 28 conjectured */
    assert_int_equal(s1.r[STARK_REGIME_CONJ].bits, 28);
    assert_int_equal(s2.r[STARK_REGIME_CONJ].bits, 28);
    assert_string_equal(s1.r[STARK_REGIME_CONJ].why, "FRI queries");
    /* UD: 24 log2(4/3) + 4 = 13.96 -> 13, whatever the heights */
    assert_int_equal(s1.r[STARK_REGIME_UD].bits, 13);
    for (int reg = 0; reg < STARK_N_REGIMES; reg++) {
        /* one bit above the figure is refused, naming a segment and the
         * regime; the figure itself is accepted */
        stark_policy pol = stark_policy_default();
        pol.regime = (stark_regime)reg;
        pol.min_security_bits = s2.r[reg].bits + 1;
        assert_int_not_equal(zk_verify_policy(&b->p, two.proof, two.len, &pol, NULL, &err), 0);
        assert_non_null(strstr(err.msg, "segment"));
        assert_non_null(strstr(err.msg, stark_regime_long((stark_regime)reg)));
        pol.min_security_bits = s2.r[reg].bits;
        assert_int_equal(zk_verify_policy(&b->p, two.proof, two.len, &pol, NULL, &err), 0);
    }
    /* the default policy (conjectured >= 90) refuses test parameters */
    assert_int_not_equal(zk_verify_policy(&a->p, one.proof, one.len, NULL, NULL, &err), 0);
    assert_non_null(strstr(err.msg, "conjectured"));
    /* not a proof: a one-line error, no crash */
    assert_int_not_equal(zk_security(&a->p, one.proof, one.len / 2, &s1, &err), 0);
    zkt_proved_free(&one);
    zkt_proved_free(&two);
    vmt_free(a);
    vmt_free(b);
}

static void test_model(void **st)
{
    (void)st;
    vmt *a = zkt_sum();
    vmt_finish(a);
    stark_params P = stark_params_default();
    stark_security lo, hi;
    uvm_err err = {{0}};
    assert_int_equal(zk_security_model(&a->p, &P, 16, 0, &lo, &err), 0);
    assert_int_equal(zk_security_model(&a->p, &P, 22, 0, &hi, &err), 0);
    /* fast: queries bind the provable regimes at any height; the
     * conjectured figure falls with the rows (batching over 2^23 points) */
    assert_int_equal(lo.r[STARK_REGIME_UD].bits, 50);
    assert_int_equal(hi.r[STARK_REGIME_UD].bits, 50);
    assert_true(hi.r[STARK_REGIME_CONJ].bits < lo.r[STARK_REGIME_CONJ].bits);
    assert_true(hi.r[STARK_REGIME_CONJ].bits >= stark_policy_default().min_security_bits);
    assert_int_equal(hi.log_top, 22);
    /* the GF(p^3) set reaches 128 Johnson bits at 2^22 rows */
    assert_int_equal(stark_params_named("secure128", &P), 0);
    assert_int_equal(zk_security_model(&a->p, &P, 22, 0, &hi, &err), 0);
    assert_true(hi.r[STARK_REGIME_JOHNSON].bits >= 128);
    vmt_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_segments), cmocka_unit_test(test_model)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
