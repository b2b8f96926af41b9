/* test_lift.c — lifted FRI over chips of four heights: the proof verifies, FRI folds by 8
 * down to the final polynomial with no layer forced smaller by a height in between; a bad
 * cell in a chip of any height, any changed opened value (every tree, every FRI layer), a
 * final coefficient or an out-of-domain value is rejected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "airs.h"

#define NH 4
static const unsigned log_hs[NH] = {10, 7, 5, 3};

/* Chip k (2^log_hs[k] rows): a' = b, b' = a + b, a[0] = 1, b[0] = k + 1, c = a b^2. */
static void build(test_air *t)
{
    memset(t, 0, sizeof *t);
    t->sys = air_system_new("lift", 0);
    for (unsigned k = 0; k < NH; k++) {
        char name[16] = "fib0";
        name[3] = (char)('0' + k);
        air_chip *c = air_chip_new(t->sys, name, 3, 0);
        air_expr a = air_main(c, 0), b = air_main(c, 1), cc = air_main(c, 2);
        air_constrain(c, AIR_TRANSITION, "a_next", air_sub(c, air_main_next(c, 0), b));
        air_constrain(c, AIR_TRANSITION, "b_next", air_sub(c, air_main_next(c, 1), air_add(c, a, b)));
        air_constrain(c, AIR_FIRST_ROW, "a0", air_sub(c, a, air_const(c, 1)));
        air_constrain(c, AIR_FIRST_ROW, "b0", air_sub(c, b, air_const(c, k + 1)));
        air_constrain(c, AIR_ALL_ROWS, "c", air_sub(c, cc, air_mul(c, a, air_mul(c, b, b))));
    }
    assert_int_equal(air_system_finalize(t->sys, NULL), 0);
    t->traces = calloc(NH, sizeof *t->traces);
    t->n_traces = NH;
    for (unsigned k = 0; k < NH; k++) {
        size_t n = (size_t)1 << log_hs[k];
        assert_int_equal(gl_matrix_alloc(&t->traces[k], n, 3), 0);
        gl_t x = 1, y = k + 1;
        for (size_t r = 0; r < n; r++) {
            gl_t *row = t->traces[k].data + 3 * r;
            row[0] = x, row[1] = y, row[2] = gl_mul(x, gl_mul(y, y));
            gl_t z = gl_add(x, y);
            x = y, y = z;
        }
    }
}

static int prove(test_air *t, stark_proof *p, int unchecked)
{
    stark_prove_opts o = stark_prove_opts_default();
    o.params = test_params();
    o.unchecked = unchecked;
    uvm_err err = {{0}};
    return stark_prove(t->sys, t->pub, t->n_pub, t->traces, &o, p, &err);
}

static int verify(test_air *t, const stark_proof *p, uvm_err *err)
{
    stark_policy pol = test_policy();
    return stark_verify(t->sys, t->pub, t->n_pub, p, &pol, err);
}

static void test_accepts_uniform_folds(void **s)
{
    (void)s;
    test_air t;
    stark_proof p;
    uvm_err err = {{0}};
    build(&t);
    assert_int_equal(prove(&t, &p, 0), 0);
    if (verify(&t, &p, &err))
        fail_msg("verify: %s", err.msg);
    /* top LDE 2^(10 + log_blowup), final 2^(log_final + log_blowup): folds of 3 bits
     * while at least 3 remain, then one partial fold */
    stark_params P = test_params();
    unsigned l = log_hs[0] + P.log_blowup, lf = P.log_final + P.log_blowup, n = 0;
    for (; l > lf; n++) {
        unsigned a = l - lf < P.log_arity ? l - lf : P.log_arity;
        stark_tree_open *o = &p.open[p.n_open - p.n_fri_roots + n];
        assert_int_equal(o->width, test_ext_degree << a); /* 2^a extension values per opened row */
        l -= a;
    }
    assert_int_equal(p.n_fri_roots, n);
    stark_proof_free(&p);
    test_air_free(&t);
}

static void test_bad_cell_any_height(void **s)
{
    (void)s;
    for (unsigned k = 0; k < NH; k++) {
        test_air t;
        stark_proof p;
        uvm_err err = {{0}};
        build(&t);
        t.traces[k].data[3 * 2 + 2] ^= 1; /* row 2, column c */
        assert_int_equal(prove(&t, &p, 1), 0);
        assert_int_not_equal(verify(&t, &p, &err), 0);
        stark_proof_free(&p);
        test_air_free(&t);
    }
}

static void expect_reject(test_air *t, const stark_proof *p, const char *what)
{
    uvm_err err = {{0}};
    if (!verify(t, p, &err))
        fail_msg("accepted a proof with a changed %s", what);
}

#define TAMPER(lv, what) do { gl_t o_ = (lv); (lv) = gl_add(o_, 1); expect_reject(&t, &p, what); (lv) = o_; } while (0)

static void test_tamper(void **s)
{
    (void)s;
    test_air t;
    stark_proof p;
    uvm_err err = {{0}};
    build(&t);
    assert_int_equal(prove(&t, &p, 0), 0);
    /* every opening: the stage trees (each height's group) and every FRI layer */
    for (uint32_t k = 0; k < p.n_open; k++) {
        stark_tree_open *o = &p.open[k];
        size_t n = (size_t)o->width * o->n_rows;
        for (size_t i = 0; i < n; i += 1 + n / 7)
            TAMPER(o->vals[i], "opened value");
    }
    unsigned d = stark_ext_deg(&p.params); /* coefficients per extension element */
    for (uint32_t k = 0; k < p.n_final; k++)
        TAMPER(p.final_poly[k * d], "final coefficient");
    for (uint32_t k = 0; k < p.n_ood; k += 5)
        TAMPER(p.ood[k * d + 1], "out-of-domain value");
    assert_int_equal(verify(&t, &p, &err), 0);
    stark_proof_free(&p);
    test_air_free(&t);
}

int main(int argc, char **argv)
{
    test_ext_from_args(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_uniform_folds),
        cmocka_unit_test(test_bad_cell_any_height),
        cmocka_unit_test(test_tamper),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
