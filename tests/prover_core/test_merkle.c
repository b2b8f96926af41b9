/* test_merkle.c — Merkle commit against a hand-built tree, batched openings,
 * and merkle_verify's rejection of every kind of tampering; both hashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "merkle.h"
#include "test_util.h"

static void rand_matrix(gl_matrix *m, size_t rows, size_t cols, uint64_t seed)
{
    assert_int_equal(gl_matrix_alloc(m, rows, cols), 0);
    for (size_t i = 0; i < rows * cols; i++)
        m->data[i] = rng_fe(&seed);
}

/* Root by the textbook recursion, one node at a time. */
static hash_digest tree_root(const hash_ops *h, const gl_matrix *m, size_t lo, size_t n)
{
    hash_digest d;
    if (n == 1) {
        h->leaf(m->data + lo * m->cols, m->cols, &d);
        return d;
    }
    hash_digest l = tree_root(h, m, lo, n / 2), r = tree_root(h, m, lo + n / 2, n / 2);
    h->node(&l, &r, &d);
    return d;
}

static const hash_kind kinds[2] = {HASH_SHA256, HASH_POSEIDON2};

static void test_commit_matches_reference(void **state)
{
    (void)state;
    for (int kk = 0; kk < 2; kk++) {
        const hash_ops *h = hash_get(kinds[kk]);
        size_t sizes[] = {1, 2, 8, 4096};
        for (size_t s = 0; s < 4; s++) {
            gl_matrix m;
            rand_matrix(&m, sizes[s], 5, 40 + s);
            merkle_tree t;
            assert_int_equal(merkle_commit(&t, h, &m), 0);
            assert_int_equal(t.n_leaves, sizes[s]);
            hash_digest want = tree_root(h, &m, 0, sizes[s]), got = merkle_root(&t);
            assert_memory_equal(got.b, want.b, 32);
            /* changing one cell changes the root */
            m.data[(sizes[s] / 2) * 5 + 3] ^= 1;
            merkle_tree t2;
            assert_int_equal(merkle_commit(&t2, h, &m), 0);
            hash_digest got2 = merkle_root(&t2);
            assert_memory_not_equal(got.b, got2.b, 32);
            merkle_free(&t);
            merkle_free(&t2);
            gl_matrix_free(&m);
        }
    }
}

static void test_commit_bad_input(void **state)
{
    (void)state;
    gl_matrix m;
    merkle_tree t;
    rand_matrix(&m, 3, 2, 1);
    assert_int_equal(merkle_commit(&t, hash_get(HASH_SHA256), &m), -1);
    assert_null(t.nodes);
    gl_matrix_free(&m);
    m.rows = 0;
    m.cols = 2;
    m.data = NULL;
    assert_int_equal(merkle_commit(&t, hash_get(HASH_SHA256), &m), -1);
    rand_matrix(&m, 4, 2, 1);
    assert_int_equal(merkle_commit(&t, NULL, &m), -1);
    gl_matrix_free(&m);
}

typedef struct fixture {
    const hash_ops *h;
    gl_matrix m;
    merkle_tree t;
    hash_digest root;
    size_t N;
} fixture;

static void fx_init(fixture *f, hash_kind k, size_t N)
{
    f->h = hash_get(k);
    f->N = N;
    rand_matrix(&f->m, N, 3, 99 + N);
    assert_int_equal(merkle_commit(&f->t, f->h, &f->m), 0);
    f->root = merkle_root(&f->t);
}

static void fx_free(fixture *f)
{
    merkle_free(&f->t);
    gl_matrix_free(&f->m);
}

static void leaves_for(fixture *f, const size_t *idx, size_t n, hash_digest *out)
{
    for (size_t k = 0; k < n; k++)
        f->h->leaf(f->m.data + idx[k] * 3, 3, &out[k]);
}

/* The number of siblings a batched opening needs: the union of the paths'
 * sibling positions minus the positions on the paths, counted from scratch. */
static size_t expected_siblings(size_t N, const size_t *idx, size_t n)
{
    char *on_path = calloc(2 * N, 1);
    for (size_t k = 0; k < n; k++)
        for (size_t p = N + idx[k]; p >= 1; p >>= 1)
            on_path[p] = 1;
    size_t c = 0;
    for (size_t p = 2; p < 2 * N; p++)
        if (!on_path[p] && on_path[p >> 1])
            c++;
    free(on_path);
    return c;
}

static void test_open_verify_random(void **state)
{
    (void)state;
    for (int kk = 0; kk < 2; kk++) {
        size_t Ns[] = {1, 2, 64, 1024};
        for (size_t s = 0; s < 4; s++) {
            fixture f;
            fx_init(&f, kinds[kk], Ns[s]);
            uint64_t seed = 5 + s;
            for (int trial = 0; trial < 40; trial++) {
                size_t n = 1 + rng_next(&seed) % 12, idx[12];
                for (size_t k = 0; k < n; k++)
                    idx[k] = rng_next(&seed) % f.N;
                if (n > 2)
                    idx[n - 1] = idx[0]; /* a duplicate, same digest */
                hash_digest lv[12];
                leaves_for(&f, idx, n, lv);
                merkle_proof p;
                assert_int_equal(merkle_open(&f.t, idx, n, &p), 0);
                assert_int_equal(p.n_siblings, expected_siblings(f.N, idx, n));
                assert_int_equal(merkle_verify(f.h, &f.root, f.N, idx, lv, n, &p), 0);
                merkle_proof_free(&p);
            }
            fx_free(&f);
        }
    }
}

/* Single leaf: the siblings are the path's, bottom-up. */
static void test_single_path_order(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, HASH_SHA256, 16);
    size_t i = 5;
    merkle_proof p;
    assert_int_equal(merkle_open(&f.t, &i, 1, &p), 0);
    assert_int_equal(p.n_siblings, 4);
    size_t pos = 16 + 5;
    for (size_t l = 0; l < 4; l++, pos >>= 1)
        assert_memory_equal(p.siblings[l].b, f.t.nodes[pos ^ 1].b, 32);
    merkle_proof_free(&p);
    fx_free(&f);
}

static void test_verify_rejects(void **state)
{
    (void)state;
    for (int kk = 0; kk < 2; kk++) {
        fixture f;
        fx_init(&f, kinds[kk], 256);
        size_t idx[4] = {3, 200, 17, 18};
        hash_digest lv[4];
        leaves_for(&f, idx, 4, lv);
        merkle_proof p;
        assert_int_equal(merkle_open(&f.t, idx, 4, &p), 0);
        assert_int_equal(merkle_verify(f.h, &f.root, 256, idx, lv, 4, &p), 0);

        /* every bit of every sibling */
        for (size_t s = 0; s < p.n_siblings; s++)
            for (int bit = 0; bit < 256; bit++) {
                p.siblings[s].b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
                assert_int_equal(merkle_verify(f.h, &f.root, 256, idx, lv, 4, &p), -1);
                p.siblings[s].b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            }
        /* wrong root, wrong leaf digest */
        hash_digest bad = f.root;
        bad.b[31] ^= 0x80;
        assert_int_equal(merkle_verify(f.h, &bad, 256, idx, lv, 4, &p), -1);
        for (int k = 0; k < 4; k++) {
            lv[k].b[k] ^= 1;
            assert_int_equal(merkle_verify(f.h, &f.root, 256, idx, lv, 4, &p), -1);
            lv[k].b[k] ^= 1;
        }
        /* leaves at the wrong positions */
        size_t swapped[4] = {200, 3, 17, 18};
        assert_int_equal(merkle_verify(f.h, &f.root, 256, swapped, lv, 4, &p), -1);
        /* index out of range, wrong tree size, not a power of two */
        size_t oob[4] = {3, 256, 17, 18};
        assert_int_equal(merkle_verify(f.h, &f.root, 256, oob, lv, 4, &p), -1);
        size_t huge[4] = {3, SIZE_MAX, 17, 18};
        assert_int_equal(merkle_verify(f.h, &f.root, 256, huge, lv, 4, &p), -1);
        assert_int_equal(merkle_verify(f.h, &f.root, 512, idx, lv, 4, &p), -1);
        assert_int_equal(merkle_verify(f.h, &f.root, 128, idx, lv, 4, &p), -1);
        assert_int_equal(merkle_verify(f.h, &f.root, 255, idx, lv, 4, &p), -1);
        assert_int_equal(merkle_verify(f.h, &f.root, 0, idx, lv, 4, &p), -1);
        assert_int_equal(merkle_verify(f.h, &f.root, 256, idx, lv, 0, &p), -1);
        /* too few / too many siblings (the extra one is a valid-looking digest) */
        size_t ns = p.n_siblings;
        p.n_siblings = ns - 1;
        assert_int_equal(merkle_verify(f.h, &f.root, 256, idx, lv, 4, &p), -1);
        p.n_siblings = 0;
        assert_int_equal(merkle_verify(f.h, &f.root, 256, idx, lv, 4, &p), -1);
        hash_digest *more = malloc((ns + 1) * sizeof *more);
        memcpy(more, p.siblings, ns * sizeof *more);
        more[ns] = f.root;
        merkle_proof longer = {ns + 1, more};
        assert_int_equal(merkle_verify(f.h, &f.root, 256, idx, lv, 4, &longer), -1);
        merkle_proof nullsib = {ns, NULL};
        assert_int_equal(merkle_verify(f.h, &f.root, 256, idx, lv, 4, &nullsib), -1);
        free(more);
        p.n_siblings = ns;
        /* proof for a different set */
        size_t other[4] = {3, 200, 17, 19};
        hash_digest lo[4];
        leaves_for(&f, other, 4, lo);
        assert_int_equal(merkle_verify(f.h, &f.root, 256, other, lo, 4, &p), -1);
        /* duplicates: same digest accepted, conflicting digests rejected */
        size_t dup[5] = {3, 200, 17, 18, 200};
        hash_digest ld[5];
        memcpy(ld, lv, sizeof lv);
        ld[4] = lv[1];
        assert_int_equal(merkle_verify(f.h, &f.root, 256, dup, ld, 5, &p), 0);
        ld[4].b[0] ^= 1;
        assert_int_equal(merkle_verify(f.h, &f.root, 256, dup, ld, 5, &p), -1);
        /* wrong hash */
        assert_int_equal(merkle_verify(hash_get(kinds[1 - kk]), &f.root, 256, idx, lv, 4, &p), -1);
        assert_int_equal(merkle_verify(NULL, &f.root, 256, idx, lv, 4, &p), -1);
        merkle_proof_free(&p);
        /* opening out-of-range or nothing fails */
        assert_int_equal(merkle_open(&f.t, oob, 4, &p), -1);
        assert_int_equal(merkle_open(&f.t, idx, 0, &p), -1);
        fx_free(&f);
    }
}

/* Poseidon2: a sibling word >= p (the same value mod p) is not a digest. */
static void test_poseidon2_noncanonical_sibling(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, HASH_POSEIDON2, 8);
    size_t i = 2;
    hash_digest lv;
    leaves_for(&f, &i, 1, &lv);
    merkle_proof p;
    assert_int_equal(merkle_open(&f.t, &i, 1, &p), 0);
    uint64_t w;
    memcpy(&w, p.siblings[0].b, 8);
    if (w < (1ull << 32) - 1) { /* w + p still fits in 64 bits */
        w += REF_P;
        memcpy(p.siblings[0].b, &w, 8);
        assert_int_equal(merkle_verify(f.h, &f.root, 8, &i, &lv, 1, &p), -1);
    }
    uint64_t big = UINT64_MAX;
    memcpy(p.siblings[1].b + 8, &big, 8);
    assert_int_equal(merkle_verify(f.h, &f.root, 8, &i, &lv, 1, &p), -1);
    merkle_proof_free(&p);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_matches_reference),
        cmocka_unit_test(test_commit_bad_input),
        cmocka_unit_test(test_open_verify_random),
        cmocka_unit_test(test_single_path_order),
        cmocka_unit_test(test_verify_rejects),
        cmocka_unit_test(test_poseidon2_noncanonical_sibling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
