/* test_stark.c — prove and verify the example AIRs (Fibonacci, two chips on a
 * LogUp bus with different heights, a range check against a preprocessed
 * table), across FRI arities and hashes, once at the default parameters;
 * the debug row check names the violated constraint; save/load round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "airs.h"
#include "stark_int.h"

static void prove_verify(test_air *t, stark_params P, hash_kind h, stark_policy pol)
{
    stark_prove_opts o = stark_prove_opts_default();
    o.params = P;
    o.hash = h;
    o.check_rows = 1;
    stark_proof p;
    uvm_err err = {{0}};
    int rc = stark_prove(t->sys, t->pub, t->n_pub, t->traces, &o, &p, &err);
    if (rc)
        print_error("prove: %s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(stark_ext_deg(&p.params), stark_ext_deg(&P));
    rc = stark_verify(t->sys, t->pub, t->n_pub, &p, &pol, &err);
    if (rc)
        print_error("verify: %s\n", err.msg);
    assert_int_equal(rc, 0);
    uint8_t *buf;
    size_t len;
    assert_int_equal(stark_proof_save(&p, &buf, &len, &err), 0);
    stark_proof q;
    assert_int_equal(stark_proof_load(buf, len, &q, &err), 0);
    assert_int_equal(stark_verify(t->sys, t->pub, t->n_pub, &q, &pol, &err), 0);
    uint8_t *buf2;
    size_t len2;
    assert_int_equal(stark_proof_save(&q, &buf2, &len2, &err), 0);
    assert_int_equal(len, len2);
    assert_memory_equal(buf, buf2, len);
    free(buf), free(buf2);
    stark_proof_free(&q);
    stark_proof_free(&p);
}

static void test_fib(void **st)
{
    (void)st;
    for (unsigned arity = 1; arity <= 3; arity++)
        for (unsigned log_n = 6; log_n <= 9; log_n += 3) {
            test_air t;
            assert_int_equal(test_air_fib(&t, log_n), 0);
            stark_params P = test_params();
            P.log_arity = (uint8_t)arity;
            prove_verify(&t, P, HASH_SHA256, test_policy());
            test_air_free(&t);
        }
}

static void test_fib_blowup4_poseidon(void **st)
{
    (void)st;
    test_air t;
    assert_int_equal(test_air_fib(&t, 6), 0);
    stark_params P = test_params();
    P.log_blowup = 2;
    P.log_final = 0;
    prove_verify(&t, P, HASH_POSEIDON2, test_policy());
    test_air_free(&t);
}

static void test_bus_two_heights(void **st)
{
    (void)st;
    unsigned sizes[][2] = {{8, 6}, {6, 8}, {7, 7}, {10, 5}};
    for (size_t k = 0; k < 4; k++) {
        test_air t;
        assert_int_equal(test_air_bus(&t, sizes[k][0], sizes[k][1]), 0);
        assert_int_equal(air_chip_degree(air_system_chip(t.sys, 1)), 3);
        stark_params P = test_params();
        P.log_arity = (uint8_t)(1 + k % 3);
        prove_verify(&t, P, HASH_SHA256, test_policy());
        test_air_free(&t);
    }
}

static void test_range_check(void **st)
{
    (void)st;
    test_air t;
    assert_int_equal(test_air_range(&t, 12), 0); /* several LogUp row chunks */
    prove_verify(&t, test_params(), HASH_SHA256, test_policy());
    test_air_free(&t);
}

static void test_logup_pairs(void **st)
{
    (void)st;
    for (unsigned w = 2; w <= 5; w++) {
        test_air t;
        assert_int_equal(test_air_range_w(&t, 7, w), 0);
        const air_chip *c = air_system_chip(t.sys, 0);
        /* no budget set (3, a chip alone per quotient): aux 2 (w + 1) + quotient 2
         * unpaired vs 2 (ceil(w/2) + 1) + 4 paired: pairs only from w = 4 */
        assert_int_equal(c->n_aux, (w <= 3 ? w : (w + 1) / 2) + 1);
        air_widths wd = air_chip_widths(c);
        assert_int_equal(wd.main, w);
        assert_int_equal(wd.aux, 2 * c->n_aux);
        assert_int_equal(wd.quotient, w <= 3 ? 2 : 4); /* degree 2: 1 chunk, 3: 2 chunks */
        assert_int_equal(air_chip_degree(c), w <= 3 ? 2 : 3);
        prove_verify(&t, test_params(), HASH_SHA256, test_policy());
        test_air_free(&t);
    }
}

/* Three chips of one height share one quotient of 2 chunks (the cube chip
 * has degree 3), carried by the first chip; the others carry none. */
static void test_quotient_group(void **st)
{
    (void)st;
    test_air t;
    assert_int_equal(test_air_group(&t, 6), 0);
    prove_verify(&t, test_params(), HASH_SHA256, test_policy());
    size_t q[3];
    for (size_t i = 0; i < 3; i++)
        q[i] = air_chip_widths(air_system_chip(t.sys, i)).quotient;
    assert_int_equal(q[0], 2 * test_ext_degree); /* 2 chunks of GLX_D base columns */
    assert_int_equal(q[1], 0);
    assert_int_equal(q[2], 0);
    test_air_free(&t);
    /* two chips on a bus at one height, and at two heights */
    for (unsigned ls = 5; ls <= 6; ls++) {
        assert_int_equal(test_air_bus(&t, 6, ls), 0);
        prove_verify(&t, test_params(), HASH_SHA256, test_policy());
        assert_int_equal(air_chip_widths(air_system_chip(t.sys, 1)).quotient, ls == 6 ? 0 : 2 * test_ext_degree);
        test_air_free(&t);
    }
}

/* k = 3..8 interactions in one aux column (k + 1 <= 2^log_blowup + 1), as
 * sends (constant multiplicity) and receives (multiplicity a column): degree
 * 1 + k; 2k interactions take 2 columns (degree k would need 3). */
static void test_logup_packing(void **st)
{
    (void)st;
    for (unsigned k = 3; k <= 8; k++) {
        unsigned lb = k <= 4 ? 2 : 3;
        for (unsigned width = k; width <= 2 * k; width += k) {
            test_air t;
            assert_int_equal(test_air_range_pack(&t, 7, width, k, k + 1, 0), 0);
            const air_chip *v = air_system_chip(t.sys, 0), *b = air_system_chip(t.sys, 1);
            assert_int_equal(v->n_aux, (width == k ? 1 : 2) + 1);
            assert_int_equal(b->n_aux, 2);
            assert_int_equal(air_chip_degree(v), k + 1);
            assert_int_equal(air_chip_degree(b), k + 1);
            stark_params P = test_params();
            P.log_blowup = (uint8_t)lb;
            prove_verify(&t, P, HASH_SHA256, test_policy());
            test_air_free(&t);
        }
    }
    /* 8 sends, budget 9, 4 chips per quotient: cost = 2 (columns + 1) +
     * 2 * chunks / 4: 2 columns of 4 (degree 5, 4 chunks) 6 + 2 = 8 ties with
     * 1 column of 8 (degree 9, 8 chunks) 4 + 4: the lower degree wins */
    test_air t;
    assert_int_equal(test_air_range_pack(&t, 7, 8, 1, 9, 4), 0);
    assert_int_equal(air_system_chip(t.sys, 0)->n_aux, 3);
    assert_int_equal(air_chip_degree(air_system_chip(t.sys, 0)), 5);
    test_air_free(&t);
    /* 16 sends: 2 columns of 8 (6 + 4 = 10) beat 4 columns of 4 (10 + 2 = 12) */
    assert_int_equal(test_air_range_pack(&t, 7, 16, 1, 9, 4), 0);
    assert_int_equal(air_system_chip(t.sys, 0)->n_aux, 3);
    assert_int_equal(air_chip_degree(air_system_chip(t.sys, 0)), 9);
    stark_params P = test_params();
    P.log_blowup = 3;
    prove_verify(&t, P, HASH_SHA256, test_policy());
    /* proved at a smaller blowup than the budget: refused by name */
    stark_prove_opts o = stark_prove_opts_default();
    o.params = test_params();
    stark_proof p;
    uvm_err err = {{0}};
    assert_int_not_equal(stark_prove(t.sys, t.pub, t.n_pub, t.traces, &o, &p, &err), 0);
    assert_non_null(strstr(err.msg, "needs log_blowup"));
    test_air_free(&t);
}

static void test_default_params(void **st)
{
    (void)st;
    stark_params P = stark_params_default();
    assert_true(stark_params_security(&P) >= 100);
    test_air t;
    assert_int_equal(test_air_bus(&t, 10, 7), 0);
    prove_verify(&t, P, HASH_SHA256, stark_policy_default());
    test_air_free(&t);
    /* the named settings: fast is the default, small meets the policy too */
    stark_params F, S;
    assert_int_equal(stark_params_named("fast", &F), 0);
    assert_memory_equal(&F, &P, sizeof P);
    assert_int_equal(stark_params_named("small", &S), 0);
    assert_true(S.log_blowup > P.log_blowup && S.n_queries < P.n_queries);
    assert_true(stark_params_security(&S) >= 100);
    assert_int_equal(stark_params_named("tiny", &S), -1);
    assert_int_equal(test_air_range_pack(&t, 8, 6, 2, stark_max_degree(&S), 4), 0);
    prove_verify(&t, S, HASH_SHA256, stark_policy_default());
    test_air_free(&t);
}

static void test_check_rows_names(void **st)
{
    (void)st;
    test_air t;
    assert_int_equal(test_air_fib(&t, 6), 0);
    t.traces[0].data[2 * 10] ^= 1; /* a at row 10: breaks a[10] = b[9], row 9 */
    stark_prove_opts o = stark_prove_opts_default();
    o.params = test_params();
    o.check_rows = 1;
    stark_proof p;
    uvm_err err = {{0}};
    assert_int_not_equal(stark_prove(t.sys, t.pub, t.n_pub, t.traces, &o, &p, &err), 0);
    assert_non_null(strstr(err.msg, "fib/transition/a_next"));
    assert_non_null(strstr(err.msg, "row 9"));
    /* without the row check the cheap self-check at zeta still refuses */
    o.check_rows = 0;
    assert_int_not_equal(stark_prove(t.sys, t.pub, t.n_pub, t.traces, &o, &p, &err), 0);
    assert_non_null(strstr(err.msg, "constraints do not hold"));
    test_air_free(&t);

    assert_int_equal(test_air_fib(&t, 6), 0);
    t.traces[0].data[2 * 7 + 1] = GL_P; /* not a canonical field element */
    assert_int_not_equal(stark_prove(t.sys, t.pub, t.n_pub, t.traces, &o, &p, &err), 0);
    assert_non_null(strstr(err.msg, "row 7 column 1 is not canonical"));
    test_air_free(&t);

    assert_int_equal(test_air_range(&t, 7), 0);
    t.traces[1].data[5] += 1; /* multiplicity off by one */
    assert_int_not_equal(stark_prove(t.sys, t.pub, t.n_pub, t.traces, &o, &p, &err), 0);
    assert_non_null(strstr(err.msg, "logup"));
    o.check_rows = 0;
    assert_int_not_equal(stark_prove(t.sys, t.pub, t.n_pub, t.traces, &o, &p, &err), 0);
    assert_non_null(strstr(err.msg, "logup"));
    test_air_free(&t);
}

static void test_transcript(void **st)
{
    (void)st;
    stark_tr a, b;
    const hash_ops *h = hash_get(HASH_SHA256);
    assert_int_equal(tr_init(&a, h, "x"), 0);
    assert_int_equal(tr_init(&b, h, "x"), 0);
    tr_absorb_u64(&a, 5);
    tr_absorb_u64(&b, 5);
    gl2_t ca = tr_challenge_d2(&a), cb = tr_challenge_d2(&b);
    assert_true(gl2_eq(ca, cb));
    assert_true(ca.a < GL_P && ca.b < GL_P);
    tr_absorb_u64(&a, 6);
    tr_absorb_u64(&b, 7);
    assert_false(gl2_eq(tr_challenge_d2(&a), tr_challenge_d2(&b)));
    tr_free(&a);
    tr_free(&b);
    /* same state on both sides: the nonce found must verify, a wrong one not */
    assert_int_equal(tr_init(&a, h, "g"), 0);
    assert_int_equal(tr_init(&b, h, "g"), 0);
    uint64_t nonce = tr_grind(&a, 10);
    assert_int_equal(tr_check_grind(&b, 10, nonce), 0);
    tr_free(&b);
    assert_int_equal(tr_init(&b, h, "g"), 0);
    uint64_t bad = nonce + 1;
    int fails = 0;
    for (int k = 0; k < 4; k++, bad++) {
        stark_tr c;
        assert_int_equal(tr_init(&c, h, "g"), 0);
        fails += tr_check_grind(&c, 10, bad) != 0;
        tr_free(&c);
    }
    assert_true(fails >= 3);
    tr_free(&a);
    tr_free(&b);
}

#define GLX_DEG 2
#include "glx.h"
#include "ext_checks.h"
#undef GLX_DEG
#define GLX_DEG 3
#include "glx.h"
#include "ext_checks.h"
#undef GLX_DEG

/* Coset folding and final-polynomial evaluation, at both degrees. */
static void test_fold_matches_poly(void **st)
{
    (void)st;
    check_fold_matches_poly_d2();
    check_fold_matches_poly_d3();
}

/* Drawing and absorbing extension elements, at both degrees. */
static void test_transcript_ext(void **st)
{
    (void)st;
    check_transcript_ext_d2();
    check_transcript_ext_d3();
}

static void test_builder_errors(void **st)
{
    (void)st;
    uvm_err err = {{0}};
    air_system *s = air_system_new("bad", 0);
    air_chip *c = air_chip_new(s, "c", 1, 0);
    air_constrain(c, AIR_ALL_ROWS, "x", air_main(c, 3));
    assert_int_not_equal(air_system_finalize(s, &err), 0);
    assert_non_null(strstr(err.msg, "main column index 3"));
    air_system_free(s);
    /* helpers: a degree-2 sum of scaled columns; an empty sum is an error */
    s = air_system_new("ok", 0);
    c = air_chip_new(s, "c", 2, 0);
    air_expr parts[2] = {air_scale(c, air_main(c, 0), 3), air_mul(c, air_main(c, 1), air_main(c, 1))};
    air_constrain(c, AIR_ALL_ROWS, "x", air_sum(c, parts, 2));
    assert_int_equal(air_system_finalize(s, &err), 0);
    assert_int_equal(air_chip_degree(c), 2);
    air_system_free(s);
    s = air_system_new("bad3", 0);
    c = air_chip_new(s, "c", 1, 0);
    air_constrain(c, AIR_ALL_ROWS, "x", air_sum(c, NULL, 0));
    assert_int_not_equal(air_system_finalize(s, &err), 0);
    assert_non_null(strstr(err.msg, "empty sum"));
    air_system_free(s);
    s = air_system_new("bad2", 0);
    c = air_chip_new(s, "c", 0, 2);
    assert_int_not_equal(air_system_finalize(s, &err), 0);
    assert_non_null(strstr(err.msg, "without a generator"));
    air_system_free(s);
}

static void test_lazy_acc(void **st)
{
    (void)st;
    /* many maximal products overflow the 128-bit sum several times */
    gl_acc a = {0, 0};
    gl_t want = 0, x = GL_P - 1, y = GL_P - 2;
    for (int i = 0; i < 1000; i++) {
        gl_acc_mul_add(&a, x, y);
        want = gl_add(want, gl_mul(x, y));
        x = gl_sub(x, (gl_t)i * 7919);
    }
    assert_true(a.carry > 0);
    assert_int_equal(gl_acc_get(&a), want);
}

static void test_deterministic(void **st)
{
    (void)st;
    /* exact field arithmetic: the proof bytes do not depend on thread count */
    test_air t;
    assert_int_equal(test_air_range_w(&t, 11, 3), 0);
    stark_prove_opts o = stark_prove_opts_default();
    o.params = test_params();
    uint8_t *b[2];
    size_t len[2];
    uvm_err err = {{0}};
    for (int k = 0; k < 2; k++) {
        omp_set_num_threads(k ? 1 : 2);
        stark_proof p;
        assert_int_equal(stark_prove(t.sys, t.pub, t.n_pub, t.traces, &o, &p, &err), 0);
        assert_int_equal(stark_proof_save(&p, &b[k], &len[k], &err), 0);
        stark_proof_free(&p);
    }
    omp_set_num_threads(omp_get_num_procs());
    assert_int_equal(len[0], len[1]);
    assert_memory_equal(b[0], b[1], len[0]);
    free(b[0]), free(b[1]);
    test_air_free(&t);
}

static void test_height_sweep(void **st)
{
    (void)st;
    /* every pair of heights, arity, blowup and final size: the FRI schedule
     * must land on each smaller LDE exactly */
    size_t n = 0;
    for (unsigned lb = 1; lb <= 2; lb++)
        for (unsigned ar = 1; ar <= 3; ar++)
            for (unsigned lf = 0; lf <= 2; lf += 2)
                for (unsigned big = 2; big <= 7; big++)
                    for (unsigned sm = 2; sm <= 7; sm += 1 + (big + ar) % 2) {
                        test_air t;
                        assert_int_equal(test_air_bus(&t, big, sm), 0);
                        stark_params P = test_params();
                        P.log_blowup = (uint8_t)lb;
                        P.log_arity = (uint8_t)ar;
                        P.log_final = (uint8_t)lf;
                        P.n_queries = 8;
                        P.grinding_bits = 0;
                        stark_policy pol = {.min_security_bits = 8};
                        prove_verify(&t, P, HASH_SHA256, pol);
                        test_air_free(&t);
                        n++;
                    }
    assert_true(n > 100);
}

static int iota_fixed(const void *ctx, unsigned log_n, gl_matrix *out, uvm_err *err)
{
    (void)ctx;
    if (gl_matrix_alloc(out, (size_t)1 << log_n, 1))
        return uvm_errf(err, "out of memory");
    for (size_t r = 0; r < out->rows; r++)
        out->data[r] = r;
    return 0;
}

static void test_fixed_only_chip(void **st)
{
    (void)st;
    /* a chip with no main columns (a pure table) sends 0..n-1; another chip
     * receives a permutation of them */
    air_system *s = air_system_new("perm", 0);
    air_chip *tab = air_chip_new(s, "tab", 0, 1);
    air_chip_set_fixed(tab, iota_fixed, NULL);
    air_expr t = air_fixed(tab, 0);
    air_send(tab, 3, &t, 1, air_const(tab, 1));
    air_chip *cp = air_chip_new(s, "copy", 1, 0);
    air_expr x = air_main(cp, 0);
    air_receive(cp, 3, &x, 1, air_const(cp, 1));
    uvm_err err = {{0}};
    assert_int_equal(air_system_finalize(s, &err), 0);
    test_air ta = {.sys = s};
    ta.traces = calloc(2, sizeof *ta.traces);
    ta.n_traces = 2;
    ta.traces[0].rows = 64; /* height only: no columns */
    assert_int_equal(gl_matrix_alloc(&ta.traces[1], 64, 1), 0);
    for (size_t r = 0; r < 64; r++)
        ta.traces[1].data[r] = (r * 37) % 64;
    prove_verify(&ta, test_params(), HASH_SHA256, test_policy());
    ta.traces[1].data[3] = ta.traces[1].data[4]; /* no longer a permutation */
    stark_prove_opts o = stark_prove_opts_default();
    o.params = test_params();
    stark_proof p;
    assert_int_not_equal(stark_prove(s, NULL, 0, ta.traces, &o, &p, &err), 0);
    assert_non_null(strstr(err.msg, "logup"));
    test_air_free(&ta);
}

int main(int argc, char **argv)
{
    test_ext_from_args(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transcript),
        cmocka_unit_test(test_lazy_acc),
        cmocka_unit_test(test_fold_matches_poly),
        cmocka_unit_test(test_transcript_ext),
        cmocka_unit_test(test_builder_errors),
        cmocka_unit_test(test_fib),
        cmocka_unit_test(test_fib_blowup4_poseidon),
        cmocka_unit_test(test_bus_two_heights),
        cmocka_unit_test(test_height_sweep),
        cmocka_unit_test(test_range_check),
        cmocka_unit_test(test_fixed_only_chip),
        cmocka_unit_test(test_logup_pairs),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_quotient_group),
        cmocka_unit_test(test_logup_packing),
        cmocka_unit_test(test_default_params),
        cmocka_unit_test(test_check_rows_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
