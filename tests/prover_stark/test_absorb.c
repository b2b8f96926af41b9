/* test_absorb.c — the transcript binds a chip's constraint system in canonical
 * form (common.c absorb_chip): builders that create the same constraints and
 * interactions with nodes made in another order, or shared differently, absorb
 * the same bytes; one constant changed, or two constraints swapped, changes them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "stark_int.h"

enum { ORDER_A, ORDER_B, ORDER_B_DEAD, CONST_CHANGED, CONS_SWAPPED };

/* x0 * (x0 - 1) = 0; x1 - (x0 + k) * x2 = 0 (k = 7, or 8 for CONST_CHANGED);
 * send (x0, x1 + 1) with multiplicity x2 on bus 3. */
static void build_a(air_chip *c, int variant)
{
    air_expr x0 = air_main(c, 0), x1 = air_main(c, 1), x2 = air_main(c, 2);
    air_expr bool0 = air_mul(c, x0, air_sub(c, x0, air_const(c, 1)));
    air_expr k = air_const(c, variant == CONST_CHANGED ? 8 : 7);
    air_expr lin = air_sub(c, x1, air_mul(c, air_add(c, x0, k), x2));
    air_constrain(c, AIR_ALL_ROWS, variant == CONS_SWAPPED ? "lin" : "bool", variant == CONS_SWAPPED ? lin : bool0);
    air_constrain(c, AIR_ALL_ROWS, variant == CONS_SWAPPED ? "bool" : "lin", variant == CONS_SWAPPED ? bool0 : lin);
    air_expr v[2] = {x0, air_add(c, x1, air_const(c, 1))};
    air_send(c, 3, v, 2, x2);
}

/* The same system, nodes created in another order, the constant 1 made once
 * and shared, and (ORDER_B_DEAD) a node no constraint reaches. */
static void build_b(air_chip *c, int variant)
{
    air_expr x2 = air_main(c, 2), one = air_const(c, 1), x1 = air_main(c, 1);
    air_expr send1 = air_add(c, x1, one);
    air_expr k = air_const(c, 7), x0 = air_main(c, 0);
    if (variant == ORDER_B_DEAD)
        air_mul(c, x2, air_const(c, 99));
    air_expr lin = air_sub(c, x1, air_mul(c, air_add(c, x0, k), x2));
    air_expr bool0 = air_mul(c, x0, air_sub(c, x0, one));
    air_constrain(c, AIR_ALL_ROWS, "bool", bool0);
    air_constrain(c, AIR_ALL_ROWS, "lin", lin);
    air_expr v[2] = {x0, send1};
    air_send(c, 3, v, 2, x2);
}

/* The transcript bytes of a one-chip system built by variant. */
static void absorbed(int variant, uint8_t **bytes, size_t *len)
{
    air_system *s = air_system_new("canon", 0);
    air_chip *c = air_chip_new(s, "c", 3, 0);
    if (variant == ORDER_B || variant == ORDER_B_DEAD)
        build_b(c, variant);
    else
        build_a(c, variant);
    uvm_err err = {{0}};
    assert_int_equal(air_system_finalize(s, &err), 0);
    stark_tr t;
    assert_int_equal(tr_init(&t, hash_get(HASH_SHA256), "test"), 0);
    stark_params p = stark_params_default();
    uint32_t log_h = 4;
    stark_absorb_header(&t, s, &p, HASH_SHA256, &log_h, NULL, 0);
    assert_false(t.oom);
    *len = t.len;
    *bytes = malloc(t.len);
    memcpy(*bytes, t.buf, t.len);
    tr_free(&t);
    air_system_free(s);
}

static int same(int v1, int v2)
{
    uint8_t *a, *b;
    size_t na, nb;
    absorbed(v1, &a, &na);
    absorbed(v2, &b, &nb);
    int eq = na == nb && !memcmp(a, b, na);
    free(a), free(b);
    return eq;
}

static void creation_order_is_not_absorbed(void **st)
{
    (void)st;
    assert_true(same(ORDER_A, ORDER_B));
}

static void unreachable_nodes_are_not_absorbed(void **st)
{
    (void)st;
    assert_true(same(ORDER_A, ORDER_B_DEAD));
}

static void a_changed_constant_is_absorbed(void **st)
{
    (void)st;
    assert_false(same(ORDER_A, CONST_CHANGED));
}

static void constraint_order_is_absorbed(void **st)
{
    (void)st;
    assert_false(same(ORDER_A, CONS_SWAPPED));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(creation_order_is_not_absorbed),
        cmocka_unit_test(unreachable_nodes_are_not_absorbed),
        cmocka_unit_test(a_changed_constant_is_absorbed),
        cmocka_unit_test(constraint_order_is_absorbed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
