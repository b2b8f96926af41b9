/* test_fixed_root.c — fixed-column commitments: a fixed table's root is the
 * same whatever the other chips' heights (every LDE on the coset g) and equals
 * a direct LDE + Merkle commit; the verifier's memo of computed roots never
 * lets a different fixed table through; the compiled-in table is well-formed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "airs.h"
#include "stark_int.h"

static void prove(test_air *t, stark_proof *p)
{
    stark_prove_opts o = stark_prove_opts_default();
    o.params = test_params();
    uvm_err err = {{0}};
    assert_int_equal(stark_prove(t->sys, t->pub, t->n_pub, t->traces, &o, p, &err), 0);
}

static int verify(test_air *t, const stark_proof *p, uvm_err *err)
{
    stark_policy pol = test_policy();
    return stark_verify(t->sys, t->pub, t->n_pub, p, &pol, err);
}

/* The one memo entry after verifying a proof of the range AIR at 2^log_n rows. */
static stark_fixed_entry root_at(unsigned log_n)
{
    test_air t;
    stark_proof p;
    uvm_err err = {{0}};
    assert_int_equal(test_air_range(&t, log_n), 0);
    prove(&t, &p);
    stark_fixed_memo_clear();
    assert_int_equal(verify(&t, &p, &err), 0);
    stark_fixed_entry e[4];
    assert_int_equal(stark_fixed_memo_list(e, 4), 1);
    assert_int_equal(e[0].rows, 256);
    assert_int_equal(e[0].cols, 1);
    stark_proof_free(&p);
    test_air_free(&t);
    return e[0];
}

static void test_root_is_constant(void **st)
{
    (void)st;
    stark_fixed_entry a = root_at(9), b = root_at(12); /* lmax 10 vs 13 */
    assert_memory_equal(a.key, b.key, 32);
    assert_memory_equal(a.root.b, b.root.b, 32);
    /* direct: LDE of 0..255 on the coset g (blowup of the test parameters), Merkle root */
    gl_matrix m = {0}, lde = {0};
    merkle_tree mt = {0};
    assert_int_equal(gl_matrix_alloc(&m, 256, 1), 0);
    for (size_t r = 0; r < 256; r++)
        m.data[r] = r;
    assert_int_equal(ntt_lde(&m, test_params().log_blowup, GL_GENERATOR, &lde), 0);
    assert_int_equal(merkle_commit(&mt, hash_get(HASH_SHA256), &lde), 0);
    hash_digest r = merkle_root(&mt);
    assert_memory_equal(a.root.b, r.b, 32);
    merkle_free(&mt);
    gl_matrix_free(&lde);
    gl_matrix_free(&m);
}

static int bytes_off_by_one(const void *ctx, unsigned log_n, gl_matrix *out, uvm_err *err)
{
    (void)ctx, (void)log_n;
    if (gl_matrix_alloc(out, 256, 1))
        return uvm_errf(err, "out of memory");
    for (size_t r = 0; r < 256; r++)
        out->data[r] = r;
    out->data[200] = 201;
    return 0;
}

static void test_memo_binds_contents(void **st)
{
    (void)st;
    test_air t;
    stark_proof p;
    uvm_err err = {{0}};
    assert_int_equal(test_air_range(&t, 8), 0);
    prove(&t, &p);
    stark_fixed_memo_clear();
    assert_int_equal(verify(&t, &p, &err), 0); /* computes and remembers the root */
    assert_int_equal(verify(&t, &p, &err), 0); /* memo hit */
    stark_fixed_entry e[4];
    assert_int_equal(stark_fixed_memo_list(e, 4), 1);
    /* a verifier whose bytes table differs in one row: its own root, a reject */
    air_chip *by = t.sys->chips[1];
    air_fixed_fn keep = by->fixed_fn;
    by->fixed_fn = bytes_off_by_one;
    assert_int_not_equal(verify(&t, &p, &err), 0);
    assert_int_equal(stark_fixed_memo_list(e, 4), 2);
    assert_int_not_equal(verify(&t, &p, &err), 0); /* its memo hit rejects too */
    by->fixed_fn = keep;
    assert_int_equal(verify(&t, &p, &err), 0);
    stark_proof_free(&p);
    test_air_free(&t);
}

static void test_known_table(void **st)
{
    (void)st;
    size_t n;
    const stark_fixed_entry *k = stark_fixed_known(&n);
    static const uint8_t zero[32];
    for (size_t i = 0; i < n; i++) {
        assert_true(memcmp(k[i].key, zero, 32) != 0);
        assert_true(k[i].rows >= 2 && (k[i].rows & (k[i].rows - 1)) == 0 && k[i].cols >= 1);
        for (size_t j = 0; j < i; j++)
            assert_true(memcmp(k[i].key, k[j].key, 32) != 0);
    }
    assert_memory_equal(k[n].key, zero, 32); /* the sentinel */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_root_is_constant),
        cmocka_unit_test(test_memo_binds_contents),
        cmocka_unit_test(test_known_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
