/* test_security.c — the security calculator (security.h) against values
 * worked out by hand and against soundcalc's published ZisK report, its
 * monotonicity, the field-size cap, and the verifier's policy per regime.
 * Invariant: every expected number is derived in a comment next to it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "airs.h"
#include "security.h"

/* A GF(p^2) shape worked by hand below: blowup 2, 84 queries, 16 grinding;
 * one height 2^20 (LDE 2^21); 1 000 constraints of degree 3; 2 000 batched
 * functions; FRI folds by 8 five times then by 4 (2^21 -> 2^4 = 8 final
 * coefficients x blowup); 2^26 LogUp fractions with 4-element tuples. */
static stark_sec_shape hand_shape(void)
{
    stark_sec_shape s = {.ext_degree = 2, .log_blowup = 1, .n_queries = 84, .grinding_bits = 16,
                         .n_heights = 1, .log_h = {20}, .n_constraints = 1000, .max_degree = 3,
                         .opening_points = 2, .n_batched = 2000, .logup_fractions = 67108864.0,
                         .logup_tuple = 4, .n_rounds = 6, .fold_log = {3, 3, 3, 3, 3, 2}};
    return s;
}

static void test_hand_values(void **st)
{
    (void)st;
    stark_sec_shape s = hand_shape();
    stark_security r;
    uvm_err err = {{0}};
    assert_int_equal(stark_security_compute(&s, &r, &err), 0);
    /* |F| = p^2, log2 |F| = 128 - 2 * 2^-32 / ln 2 = 128 - 6.7e-10 (just below 128) */
    const stark_sec_result *u = &r.r[STARK_REGIME_UD], *c = &r.r[STARK_REGIME_CONJ];
    /* UD queries: theta = (1 - 1/2)/2 = 1/4; 84 log2(4/3) + 16 = 34.86 + 16 = 50.86 -> 50 */
    assert_int_equal(u->term[STARK_SEC_QUERY], 50);
    /* UD batching: (2000 - 1)(n/4 + 1)/|F|, n = 2^21: log2 1999 + log2(2^19 + 1)
     * = 10.965 + 19.000003 = 29.965 -> 128 - 29.965 = 98.03 -> 98 */
    assert_int_equal(u->term[STARK_SEC_BATCH], 98);
    /* ALI: 1000/|F| -> 128 - 9.966 = 118.03 -> 118 */
    assert_int_equal(u->term[STARK_SEC_ALI], 118);
    /* DEEP: 3 (2^20 + 2 - 1) + 2^20 - 1 = 2^22 + 2 over |F| - N - D:
     * 128 - 22.0000007 - (tiny) = 105.9999 -> 105 */
    assert_int_equal(u->term[STARK_SEC_DEEP], 105);
    /* folding round 1 (by 8, dimension 2^17, n 2^18): 7 (2^16 + 1)/|F|:
     * 2.807 + 16.00002 = 18.807 -> 109.19 -> 109; later rounds are smaller */
    assert_int_equal(u->term[STARK_SEC_COMMIT], 109);
    assert_int_equal(u->commit_round, 1);
    /* LogUp: 2^26 x 4 / |F| = 2^28 / |F| > 2^-100 because |F| < 2^128: 99 */
    assert_int_equal(u->term[STARK_SEC_LOGUP], 99);
    assert_int_equal(u->bits, 50);
    assert_int_equal(u->binding, STARK_SEC_QUERY);
    assert_string_equal(u->why, "FRI queries");
    /* conjectured: queries rho^84 2^-16 = 2^-100 exactly; batching at list
     * size 1 with eps = n/|F|: 1999 x 2^21 -> 31.965 -> 96.03 -> 96 binds */
    assert_int_equal(c->term[STARK_SEC_QUERY], 100);
    assert_int_equal(c->term[STARK_SEC_BATCH], 96);
    assert_int_equal(c->bits, 96);
    assert_int_equal(c->binding, STARK_SEC_BATCH);
    assert_string_equal(c->why, "DEEP/FRI batching of 2000 functions");
    /* Johnson, gap pinned to sqrt(1/2)/10 = 0.0707: theta = 1 - 0.7071 - 0.0707
     * = 0.2222; queries: 84 (-log2 0.7778) + 16 = 84 x 0.36257 + 16 = 46.46 -> 46;
     * m = 10, m' = 10.5: batching 1999 [(2 x 10.5^5 + 3 x 10.5 x 0.2222 x 0.5) 2^21
     * / (3 x 0.5^1.5) + 10.5/0.7071] / |F|: 2 x 127 628.2 = 255 256.3 (+3.5) ->
     * log2(255 259.8 / 1.06066) = 17.877, + 21 + 10.965 = 49.84 -> 78.16 -> 78 */
    s.johnson_gap = 0.70710678118654752 / 10;
    assert_int_equal(stark_security_compute(&s, &r, &err), 0);
    const stark_sec_result *j = &r.r[STARK_REGIME_JOHNSON];
    assert_int_equal(j->term[STARK_SEC_QUERY], 46);
    assert_int_equal(j->term[STARK_SEC_BATCH], 78);
    /* list size 1/(2 gap sqrt(rho)) = 10 / (2 x 0.5) = 10: DEEP 105.99 - 3.32 -> 102 */
    assert_int_equal(j->term[STARK_SEC_DEEP], 102);
    assert_int_equal(j->bits, 46);
    /* the best gap is at least as good as any pinned one */
    stark_sec_result pinned = *j;
    s.johnson_gap = 0;
    assert_int_equal(stark_security_compute(&s, &r, &err), 0);
    assert_true(r.r[STARK_REGIME_JOHNSON].bits >= pinned.bits);
}

/* soundcalc reports/zisk.md (ZisK v0.16.0, circuit "Main"; soundcalc
 * zkvms/zisk/zisk.toml): Goldilocks^3, rate 1/2, trace 2^22, 230 queries,
 * 16 grinding bits, folding 8 x 6, 144 constraints, degree 3, 3 opening
 * points, 61 batched functions, Johnson gap 0.0063333. Published rows:
 *   UDR: ALI 184, DEEP 167, batching 165, commit 171 174 177 180 183 186, query 111
 *   JBR: ALI 178, DEEP 161, batching 128, commit 134 ... 149, query 128 */
static void test_zisk_main(void **st)
{
    (void)st;
    stark_sec_shape s = {.ext_degree = 3, .log_blowup = 1, .n_queries = 230, .grinding_bits = 16,
                         .n_heights = 1, .log_h = {22}, .n_constraints = 144, .max_degree = 3,
                         .opening_points = 3, .n_batched = 61, .logup_fractions = 1,
                         .logup_tuple = 1, .n_rounds = 6, .fold_log = {3, 3, 3, 3, 3, 3},
                         .johnson_gap = 0.006333333333333333};
    stark_security r;
    uvm_err err = {{0}};
    assert_int_equal(stark_security_compute(&s, &r, &err), 0);
    const stark_sec_result *u = &r.r[STARK_REGIME_UD], *j = &r.r[STARK_REGIME_JOHNSON];
    assert_int_equal(u->term[STARK_SEC_ALI], 184);
    assert_int_equal(u->term[STARK_SEC_DEEP], 167);
    assert_int_equal(u->term[STARK_SEC_BATCH], 165);
    assert_int_equal(u->term[STARK_SEC_COMMIT], 171);
    assert_int_equal(u->term[STARK_SEC_QUERY], 111);
    assert_int_equal(u->bits, 111);
    assert_int_equal(j->term[STARK_SEC_ALI], 178);
    assert_int_equal(j->term[STARK_SEC_DEEP], 161);
    assert_int_equal(j->term[STARK_SEC_BATCH], 128);
    assert_int_equal(j->term[STARK_SEC_COMMIT], 134);
    assert_int_equal(j->term[STARK_SEC_QUERY], 128);
    assert_int_equal(j->bits, 128);
}

static void test_monotonic(void **st)
{
    (void)st;
    uvm_err err = {{0}};
    for (int reg = 0; reg < STARK_N_REGIMES; reg++) {
        unsigned prev = 0, prevq = 0;
        for (unsigned q = 8; q <= 512; q += 8) {
            stark_sec_shape s = hand_shape();
            s.n_queries = q;
            /* Johnson's best gap trades the query term against the others:
             * only its total is monotonic unless the gap is pinned */
            s.johnson_gap = q % 16 ? 0 : 0.05;
            stark_security r;
            assert_int_equal(stark_security_compute(&s, &r, &err), 0);
            if (!s.johnson_gap)
                assert_true(r.r[reg].bits >= prev), prev = r.r[reg].bits;
            else
                assert_true(r.r[reg].term[STARK_SEC_QUERY] >= prevq), prevq = r.r[reg].term[STARK_SEC_QUERY];
        }
        prev = 0;
        for (unsigned g = 0; g <= 32; g++) {
            stark_sec_shape s = hand_shape();
            s.grinding_bits = g;
            stark_security r;
            assert_int_equal(stark_security_compute(&s, &r, &err), 0);
            assert_true(r.r[reg].bits >= prev);
            prev = r.r[reg].bits;
        }
    }
}

/* The field-size terms cap every regime: with the most queries and
 * grinding, the bits fall with the extension and a field term binds. */
static void test_field_cap(void **st)
{
    (void)st;
    uvm_err err = {{0}};
    unsigned prev[STARK_N_REGIMES] = {999, 999, 999};
    for (unsigned e = 3; e >= 1; e--) {
        stark_sec_shape s = hand_shape();
        s.n_queries = 512, s.grinding_bits = 32, s.ext_degree = e;
        stark_security r;
        assert_int_equal(stark_security_compute(&s, &r, &err), 0);
        for (int reg = 0; reg < STARK_N_REGIMES; reg++) {
            if (e < 3) {
                assert_true(r.r[reg].bits < prev[reg]);
                assert_int_not_equal(r.r[reg].binding, STARK_SEC_QUERY);
                assert_true(r.r[reg].bits < r.r[reg].term[STARK_SEC_QUERY]);
            }
            prev[reg] = r.r[reg].bits;
        }
        /* GF(p): at most 64 - log2(1999 x 2^19) = 34 bits in UD */
        if (e == 1)
            assert_true(r.r[STARK_REGIME_UD].bits <= 34);
    }
    /* GF(p^2), 512 queries: UD stays below 100 for this shape (batching
     * 98, LogUp 99): more queries cannot buy provable bits */
    stark_sec_shape s = hand_shape();
    s.n_queries = 512, s.grinding_bits = 32;
    stark_security r;
    assert_int_equal(stark_security_compute(&s, &r, &err), 0);
    assert_int_equal(r.r[STARK_REGIME_UD].bits, 98);
    /* a bad shape is refused with a line */
    s.n_heights = 0;
    assert_int_equal(stark_security_compute(&s, &r, &err), -1);
    assert_non_null(strstr(err.msg, "security"));
}

static void test_parse(void **st)
{
    (void)st;
    stark_regime r;
    unsigned b;
    assert_int_equal(stark_regime_parse("johnson:100", &r, &b), 0);
    assert_int_equal(r, STARK_REGIME_JOHNSON);
    assert_int_equal(b, 100);
    assert_int_equal(stark_regime_parse("ud:80", &r, &b), 0);
    assert_int_equal(r, STARK_REGIME_UD);
    assert_int_equal(stark_regime_parse("95", &r, &b), 0);
    assert_int_equal(r, STARK_REGIME_CONJ);
    assert_int_equal(b, 95);
    assert_int_equal(stark_regime_parse("conjectured:0", &r, &b), 0);
    assert_int_equal(stark_regime_parse("johnson:", &r, &b), -1);
    assert_int_equal(stark_regime_parse("capacity:100", &r, &b), -1);
    assert_int_equal(stark_regime_parse("johnson:300", &r, &b), -1);
    assert_int_equal(stark_regime_parse("12x", &r, &b), -1);
    assert_int_equal(stark_regime_parse("-1", &r, &b), -1);
    /* the named sets: the GF(p^3) ones are valid parameters (they prove:
     * test_stark_d3, tests/zkvm test_zk_cli); another degree is refused */
    stark_params P;
    uvm_err err = {{0}};
    assert_int_equal(stark_params_named("secure128", &P), 0);
    assert_int_equal(P.ext_degree, 3);
    assert_true(P.n_queries <= STARK_MAX_QUERIES);
    assert_int_equal(stark_params_check(&P, 0, &err), 0);
    assert_int_equal(stark_params_named("secure100", &P), 0);
    assert_int_equal(P.ext_degree, 3);
    assert_int_equal(stark_params_check(&P, 0, &err), 0);
    P.ext_degree = 4;
    assert_int_equal(stark_params_check(&P, 0, &err), -1);
    assert_non_null(strstr(err.msg, "GF(p^4)"));
    assert_int_equal(stark_params_named("small", &P), 0);
    assert_int_equal(stark_params_check(&P, 0, &err), 0);
}

/* A real proof: its shape comes from the system and the proof; the verifier
 * refuses it under a policy one bit above its figure in a regime, naming the
 * regime, and accepts it at the figure. */
static void test_policy_regimes(void **st)
{
    (void)st;
    test_air t;
    assert_int_equal(test_air_bus(&t, 8, 5), 0);
    stark_prove_opts o = stark_prove_opts_default();
    o.params = test_params();
    stark_proof p;
    uvm_err err = {{0}};
    assert_int_equal(stark_prove(t.sys, t.pub, t.n_pub, t.traces, &o, &p, &err), 0);
    stark_security s;
    assert_int_equal(stark_proof_security(t.sys, &p, &s, &err), 0);
    /* test parameters: 24 queries x 1 + 4 grinding = 28 conjectured, heights 2^8, 2^5 */
    assert_int_equal(s.r[STARK_REGIME_CONJ].bits, 28);
    assert_int_equal(s.log_top, 8);
    assert_true(s.r[STARK_REGIME_UD].bits < s.r[STARK_REGIME_JOHNSON].bits);
    const char *name[STARK_N_REGIMES] = {[STARK_REGIME_UD] = "unique-decoding",
                                         [STARK_REGIME_JOHNSON] = "Johnson",
                                         [STARK_REGIME_CONJ] = "conjectured"};
    for (int reg = 0; reg < STARK_N_REGIMES; reg++) {
        stark_policy pol = {.regime = (stark_regime)reg, .min_security_bits = s.r[reg].bits + 1};
        assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
        assert_non_null(strstr(err.msg, name[reg]));
        assert_non_null(strstr(err.msg, "binding"));
        pol.min_security_bits = s.r[reg].bits;
        assert_int_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
    }
    /* the default policy refuses test parameters */
    stark_policy def = stark_policy_default();
    assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &def, &err), 0);
    assert_non_null(strstr(err.msg, "conjectured"));
    stark_proof_free(&p);
    test_air_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_values), cmocka_unit_test(test_zisk_main),
        cmocka_unit_test(test_monotonic),   cmocka_unit_test(test_field_cap),
        cmocka_unit_test(test_parse),       cmocka_unit_test(test_policy_regimes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
