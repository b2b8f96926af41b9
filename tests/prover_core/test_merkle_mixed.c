/* test_merkle_mixed.c — the mixed-height tree against a textbook recursive
 * construction, openings of random query sets verified, and every kind of
 * tampering (values of any matrix, siblings, rows, inconsistent injected
 * digests, shapes) rejected; both hashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "merkle.h"
#include "test_util.h"

static const hash_kind kinds[2] = {HASH_SHA256, HASH_POSEIDON2};

static void rand_matrix(gl_matrix *m, size_t rows, size_t cols, uint64_t seed)
{
    assert_int_equal(gl_matrix_alloc(m, rows, cols), 0);
    for (size_t i = 0; i < rows * cols; i++)
        m->data[i] = rng_fe(&seed);
}

/* bit reversal of v in `bits` bits, written independently of merkle.h */
static size_t rev(size_t v, unsigned bits)
{
    size_t r = 0;
    for (unsigned i = 0; i < bits; i++, v >>= 1)
        r = (r << 1) | (v & 1);
    return r;
}

/* Node k (0-based) of the level with 2^l nodes, by recursion from the leaves. */
static hash_digest ref_node(const hash_ops *h, gl_matrix *const *m, size_t nm, unsigned L,
                            unsigned l, size_t k)
{
    hash_digest d, lf;
    if (l == L) {
        h->leaf(m[0]->data + rev(k, L) * m[0]->cols, m[0]->cols, &d);
        return d;
    }
    hash_digest a = ref_node(h, m, nm, L, l + 1, 2 * k), b = ref_node(h, m, nm, L, l + 1, 2 * k + 1);
    h->node(&a, &b, &d);
    for (size_t j = 1; j < nm; j++)
        if (m[j]->rows == ((size_t)1 << l)) {
            h->leaf(m[j]->data + rev(k, l) * m[j]->cols, m[j]->cols, &lf);
            hash_digest t = d;
            h->node(&t, &lf, &d);
        }
    return d;
}

typedef struct fx {
    const hash_ops *h;
    gl_matrix m[4];
    gl_matrix *mp[4];
    unsigned lr[4];
    size_t nm;
    merkle_tree t;
} fx;

static void fx_make(fx *f, const hash_ops *h, const size_t *rows, size_t nm, uint64_t seed)
{
    f->h = h;
    f->nm = nm;
    for (size_t j = 0; j < nm; j++) {
        rand_matrix(&f->m[j], rows[j], 3 + j, seed + j);
        f->mp[j] = &f->m[j];
        f->lr[j] = (unsigned)__builtin_ctzll(rows[j]);
    }
    assert_int_equal(merkle_commit_mixed(&f->t, h, (const gl_matrix *const *)f->mp, nm), 0);
}

static void fx_free(fx *f)
{
    for (size_t j = 0; j < f->nm; j++)
        gl_matrix_free(&f->m[j]);
    merkle_free(&f->t);
}

static void test_mixed_matches_reference(void **state)
{
    (void)state;
    const size_t shapes[][4] = {{1}, {2, 1}, {16, 8, 2, 1}, {64, 16, 4}, {1024, 32}};
    const size_t ns[] = {1, 2, 4, 3, 2};
    for (int kk = 0; kk < 2; kk++)
        for (size_t s = 0; s < 5; s++) {
            fx f;
            fx_make(&f, hash_get(kinds[kk]), shapes[s], ns[s], 10 * s);
            hash_digest want = ref_node(f.h, f.mp, f.nm, f.lr[0], 0, 0), got = merkle_root(&f.t);
            assert_memory_equal(want.b, got.b, 32);
            fx_free(&f);
        }
}

/* Opens rows[] (of the tallest matrix) and fills the digests of each matrix's row. */
static void open_rows(fx *f, const size_t *rows, size_t n, hash_digest *dig, merkle_proof *pr)
{
    size_t *leaf = malloc(n * sizeof *leaf);
    for (size_t q = 0; q < n; q++) {
        leaf[q] = merkle_mixed_leaf(f->lr[0], rows[q]);
        for (size_t j = 0; j < f->nm; j++) {
            size_t r = rows[q] & (f->m[j].rows - 1);
            f->h->leaf(f->m[j].data + r * f->m[j].cols, f->m[j].cols, &dig[j * n + q]);
        }
    }
    assert_int_equal(merkle_open(&f->t, leaf, n, pr), 0);
    free(leaf);
}

static int verify(fx *f, const size_t *rows, size_t n, const hash_digest *dig, const merkle_proof *pr)
{
    const hash_digest *d[4];
    for (size_t j = 0; j < f->nm; j++)
        d[j] = dig + j * n;
    hash_digest root = merkle_root(&f->t);
    return merkle_verify_mixed(f->h, &root, f->lr, f->nm, rows, d, n, pr);
}

static void test_mixed_open_verify(void **state)
{
    (void)state;
    const size_t shape[4] = {256, 64, 8, 2};
    for (int kk = 0; kk < 2; kk++) {
        fx f;
        fx_make(&f, hash_get(kinds[kk]), shape, 4, 77);
        uint64_t seed = 5;
        for (size_t n = 1; n <= 40; n += 13) {
            size_t rows[40];
            hash_digest dig[4 * 40];
            for (size_t q = 0; q < n; q++)
                rows[q] = rng_next(&seed) & 255;
            merkle_proof pr;
            open_rows(&f, rows, n, dig, &pr);
            assert_int_equal(verify(&f, rows, n, dig, &pr), 0);
            merkle_proof_free(&pr);
        }
        fx_free(&f);
    }
}

static void test_mixed_rejects(void **state)
{
    (void)state;
    const size_t shape[3] = {128, 32, 4};
    for (int kk = 0; kk < 2; kk++) {
        fx f;
        fx_make(&f, hash_get(kinds[kk]), shape, 3, 91);
        size_t rows[6] = {3, 67, 100, 3 + 32, 18, 127}, n = 6; /* 3 and 35 share the 32-row matrix's row */
        hash_digest dig[3 * 6];
        merkle_proof pr;
        open_rows(&f, rows, n, dig, &pr);
        assert_int_equal(verify(&f, rows, n, dig, &pr), 0);
        for (size_t i = 0; i < 3 * n; i++) { /* any digest of any matrix */
            dig[i].b[1] ^= 1;
            assert_int_equal(verify(&f, rows, n, dig, &pr), -1);
            dig[i].b[1] ^= 1;
        }
        for (size_t i = 0; i < pr.n_siblings; i++) {
            pr.siblings[i].b[2] ^= 4;
            assert_int_equal(verify(&f, rows, n, dig, &pr), -1);
            pr.siblings[i].b[2] ^= 4;
        }
        rows[1] ^= 1; /* a row the digests are not from */
        assert_int_equal(verify(&f, rows, n, dig, &pr), -1);
        rows[1] ^= 1;
        rows[1] = 128; /* out of range */
        assert_int_equal(verify(&f, rows, n, dig, &pr), -1);
        rows[1] = 67;
        pr.n_siblings--; /* missing sibling */
        assert_int_equal(verify(&f, rows, n, dig, &pr), -1);
        pr.n_siblings++;
        /* queries 0 and 3 reach the same node of the 32-row matrix: both
         * must carry the same row there */
        hash_digest keep = dig[1 * n + 3];
        dig[1 * n + 3] = dig[1 * n + 4];
        assert_int_equal(verify(&f, rows, n, dig, &pr), -1);
        dig[1 * n + 3] = keep;
        /* shapes: fewer matrices, wrong order, wrong height */
        const hash_digest *d[3] = {dig, dig + n, dig + 2 * n};
        hash_digest root = merkle_root(&f.t);
        assert_int_equal(merkle_verify_mixed(f.h, &root, f.lr, 2, rows, d, n, &pr), -1);
        unsigned bad[3] = {7, 2, 5};
        assert_int_equal(merkle_verify_mixed(f.h, &root, bad, 3, rows, d, n, &pr), -1);
        unsigned bad2[3] = {7, 4, 2};
        assert_int_equal(merkle_verify_mixed(f.h, &root, bad2, 3, rows, d, n, &pr), -1);
        assert_int_equal(merkle_verify_mixed(f.h, &root, f.lr, 3, rows, d, n, &pr), 0);
        merkle_proof_free(&pr);
        fx_free(&f);
    }
}

static void test_mixed_bad_shapes(void **state)
{
    (void)state;
    const hash_ops *h = hash_get(HASH_SHA256);
    gl_matrix a, b;
    rand_matrix(&a, 16, 2, 1);
    rand_matrix(&b, 16, 2, 2);
    const gl_matrix *same[2] = {&a, &b}, *up[2] = {&a, &a};
    merkle_tree t;
    assert_int_equal(merkle_commit_mixed(&t, h, same, 2), -1); /* equal heights */
    assert_int_equal(merkle_commit_mixed(&t, h, up, 0), -1);
    gl_matrix c;
    rand_matrix(&c, 12, 2, 3);
    const gl_matrix *np2[2] = {&a, &c};
    assert_int_equal(merkle_commit_mixed(&t, h, np2, 2), -1); /* not a power of two */
    gl_matrix_free(&a), gl_matrix_free(&b), gl_matrix_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mixed_matches_reference),
        cmocka_unit_test(test_mixed_open_verify),
        cmocka_unit_test(test_mixed_rejects),
        cmocka_unit_test(test_mixed_bad_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
