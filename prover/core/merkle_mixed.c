/* merkle_mixed.c — one Merkle tree over matrices of several heights (the
 * Plonky3 MMCS layout): rows of the tallest matrix at bit-reversed leaves,
 * each shorter matrix's row digests injected at the level of its height.
 * Invariant: node k at the level of 2^l nodes, when a matrix of 2^l rows
 * exists, is node(node(child0, child1), leaf(row bitrev_l(k - 2^l))), so one
 * path from the leaf of row r binds row r mod 2^l of every matrix. The prover
 * stores each level in residue order (merkle_tree.residue) so that building
 * reads rows and children sequentially; merkle_open maps heap positions. */
#include "merkle.h"
#include "merkle_int.h"

#include "core_buf.h"
#include "hash_internal.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

#define MIXED_PAR_MIN 1024 /* below this many nodes a level is one thread's */

static int shapes_ok(const gl_matrix *const *mats, size_t n, unsigned *log_top)
{
    if (!mats || n == 0 || n > 64)
        return 0;
    for (size_t k = 0; k < n; k++) {
        size_t r = mats[k]->rows;
        if (r == 0 || (r & (r - 1)) || (k && r >= mats[k - 1]->rows))
            return 0;
    }
    *log_top = (unsigned)__builtin_ctzll(mats[0]->rows);
    return mats[0]->rows <= SIZE_MAX / (2 * sizeof(hash_digest));
}

/* d[r] = leaf digest of row r of m, rows in order (sequential reads; SHA-256
 * two rows at a time). */
static void hash_rows(const hash_ops *h, const gl_matrix *m, hash_digest *d)
{
    size_t n = m->rows, c = m->cols;
    int two = h->kind == HASH_SHA256 && n >= 2;
#pragma omp parallel for schedule(static) if (n >= MIXED_PAR_MIN)
    for (size_t i = 0; i < n; i += 2) {
        if (two) {
            hash_sha256_leaf2(m->data + i * c, m->data + (i + 1) * c, c, &d[i], &d[i + 1]);
        } else {
            h->leaf(m->data + i * c, c, &d[i]);
            if (i + 1 < n)
                h->leaf(m->data + (i + 1) * c, c, &d[i + 1]);
        }
    }
}

/* out0 = node(l0, r0), out1 = node(l1, r1); outputs may alias inputs. */
static void node2(const hash_ops *h, const hash_digest *l0, const hash_digest *r0, hash_digest *o0,
                  const hash_digest *l1, const hash_digest *r1, hash_digest *o1)
{
    hash_digest a, b;
    if (h->kind == HASH_SHA256) {
        hash_sha256_node2(l0, r0, &a, l1, r1, &b);
    } else {
        h->node(l0, r0, &a);
        h->node(l1, r1, &b);
    }
    *o0 = a;
    *o1 = b;
}

/* Level of lo nodes in residue order (A_l[s] = nodes[lo + s] covers the
 * rows = s mod lo): A_l[s] = node(A_(l+1)[s], A_(l+1)[s + lo]) (in heap
 * terms node bitrev(s) has children 2 bitrev(s) -> residue s and
 * 2 bitrev(s) + 1 -> residue s + lo); then, with inj (lo row digests in
 * natural order), A_l[s] = node(A_l[s], inj[s]). All accesses sequential. */
static void hash_level(const hash_ops *h, hash_digest *nodes, size_t lo, const hash_digest *inj)
{
    hash_digest *a = nodes + lo, *c = nodes + 2 * lo;
    if (lo == 1) {
        h->node(&c[0], &c[1], &a[0]);
        if (inj)
            h->node(&a[0], &inj[0], &a[0]);
        return;
    }
#pragma omp parallel for schedule(static) if (lo >= MIXED_PAR_MIN)
    for (size_t s = 0; s < lo; s += 2) {
        node2(h, &c[s], &c[s + lo], &a[s], &c[s + 1], &c[s + 1 + lo], &a[s + 1]);
        if (inj)
            node2(h, &a[s], &inj[s], &a[s], &a[s + 1], &inj[s + 1], &a[s + 1]);
    }
}

int merkle_commit_mixed(merkle_tree *t, const hash_ops *h, const gl_matrix *const *mats, size_t n)
{
    t->hash = h;
    t->n_leaves = 0;
    t->nodes = NULL;
    t->residue = 1;
    unsigned L;
    if (!h || !shapes_ok(mats, n, &L))
        return -1;
    size_t N = (size_t)1 << L;
    hash_digest *nodes = core_buf_alloc(2 * N * sizeof *nodes, 0);
    hash_digest *d_inj = n > 1 ? core_buf_alloc(mats[1]->rows * sizeof *d_inj, 0) : NULL;
    if (!nodes || (n > 1 && !d_inj)) {
        core_buf_free(nodes), core_buf_free(d_inj);
        return -1;
    }
    memset(&nodes[0], 0, sizeof nodes[0]);
    hash_rows(h, mats[0], nodes + N);
    size_t k = 1;
    for (size_t lo = N / 2; lo >= 1; lo /= 2) {
        int inj = k < n && mats[k]->rows == lo;
        if (inj)
            hash_rows(h, mats[k++], d_inj);
        hash_level(h, nodes, lo, inj ? d_inj : NULL);
    }
    core_buf_free(d_inj);
    if (k != n) { /* cannot happen after shapes_ok; kept as a guard */
        core_buf_free(nodes);
        return -1;
    }
    t->n_leaves = N;
    t->nodes = nodes;
    return 0;
}

/* v[q] = (heap position at the level of 2^l nodes of query q, dig[q]),
 * sorted and deduplicated; -1 if one position carries two digests. */
static long level_set(const hash_ops *h, merkle_pos_digest *v, unsigned L, unsigned l,
                      const size_t *rows, const hash_digest *dig, size_t n)
{
    for (size_t q = 0; q < n; q++) {
        if (!merkle_digest_ok(h, &dig[q]))
            return -1;
        v[q].pos = (((size_t)1 << L) + merkle_mixed_leaf(L, rows[q])) >> (L - l);
        v[q].d = dig[q];
    }
    qsort(v, n, sizeof *v, merkle_cmp_pos);
    size_t m = 0;
    for (size_t q = 0; q < n; q++) {
        if (m && v[m - 1].pos == v[q].pos) {
            if (memcmp(v[m - 1].d.b, v[q].d.b, 32))
                return -1;
            continue;
        }
        v[m++] = v[q];
    }
    return (long)m;
}

static int inputs_ok(const hash_ops *h, const hash_digest *root, const unsigned *lr, size_t nm,
                     const size_t *rows, const hash_digest *const *dig, size_t n,
                     const merkle_proof *proof)
{
    if (!h || !root || !lr || !rows || !dig || !proof || n == 0 || nm == 0 || nm > 64)
        return 0;
    if (lr[0] > 40 || n > SIZE_MAX / (2 * sizeof(merkle_pos_digest)) ||
        (proof->n_siblings && !proof->siblings))
        return 0;
    for (size_t k = 0; k < nm; k++)
        if (!dig[k] || (k && lr[k] >= lr[k - 1]))
            return 0;
    for (size_t q = 0; q < n; q++)
        if (rows[q] >> lr[0])
            return 0;
    return 1;
}

int merkle_verify_mixed(const hash_ops *h, const hash_digest *root, const unsigned *log_rows,
                        size_t n_mats, const size_t *rows, const hash_digest *const *dig, size_t n,
                        const merkle_proof *proof)
{
    if (!inputs_ok(h, root, log_rows, n_mats, rows, dig, n, proof))
        return -1;
    merkle_pos_digest *v = malloc(2 * n * sizeof *v), *w = v + n;
    if (!v)
        return -1;
    int rc = -1;
    unsigned L = log_rows[0];
    long m = level_set(h, v, L, L, rows, dig[0], n);
    size_t ns = 0, k = 1;
    for (unsigned l = L; l-- > 0 && m > 0;) {
        m = merkle_climb(h, v, (size_t)m, proof, &ns);
        if (m > 0 && k < n_mats && log_rows[k] == l) {
            long mw = level_set(h, w, L, l, rows, dig[k++], n);
            if (mw != m)
                goto out;
            for (long i = 0; i < m; i++) {
                if (w[i].pos != v[i].pos)
                    goto out;
                hash_digest p;
                h->node(&v[i].d, &w[i].d, &p);
                v[i].d = p;
            }
        }
    }
    if (m == 1 && k == n_mats && v[0].pos == 1 && ns == proof->n_siblings
        && memcmp(v[0].d.b, root->b, 32) == 0)
        rc = 0;
out:
    free(v);
    return rc;
}
