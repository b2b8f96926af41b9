/* merkle.c — Merkle trees over matrix rows, batched openings and their check.
 * Heap layout: nodes[1] is the root, nodes[n + i] is leaf i, the children of
 * node k are 2k and 2k+1. A batched opening lists, level by level from the
 * leaves up and left to right, exactly the siblings the verifier cannot
 * compute from the opened leaves; merkle_verify consumes them in that order
 * and rejects any proof with siblings missing or left over. */
#include "merkle.h"
#include "merkle_int.h"

#include "core_buf.h"
#include "hash_internal.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* Below this many nodes a level is hashed by one thread (fork cost). */
#define MERKLE_PAR_MIN 1024

/* nodes k and k + 1 (k even) from their children */
static void node_pair(const hash_ops *h, hash_digest *nodes, size_t k, int two)
{
    if (two) {
        hash_sha256_node2(&nodes[2 * k], &nodes[2 * k + 1], &nodes[k], &nodes[2 * k + 2],
                          &nodes[2 * k + 3], &nodes[k + 1]);
        return;
    }
    h->node(&nodes[2 * k], &nodes[2 * k + 1], &nodes[k]);
    h->node(&nodes[2 * k + 2], &nodes[2 * k + 3], &nodes[k + 1]);
}

int merkle_commit(merkle_tree *t, const hash_ops *h, const gl_matrix *m)
{
    t->hash = h;
    t->n_leaves = 0;
    t->nodes = NULL;
    t->residue = 0;
    size_t n = m->rows;
    if (!h || n == 0 || (n & (n - 1)) || n > SIZE_MAX / (2 * sizeof(hash_digest)))
        return -1;
    hash_digest *nodes = core_buf_alloc(2 * n * sizeof *nodes, 0);
    if (!nodes)
        return -1;
    memset(&nodes[0], 0, sizeof nodes[0]); /* unused slot */
    const gl_t *data = m->data;
    size_t cols = m->cols;
    /* SHA-256 hashes two leaves / nodes at a time (interleaved SHA-NI
     * streams); n is a power of two, so pairs never straddle a level. */
    int two = h->kind == HASH_SHA256 && n >= 2;
#pragma omp parallel if (n >= MERKLE_PAR_MIN)
    {
        if (two) {
#pragma omp for schedule(static)
            for (size_t i = 0; i < n; i += 2)
                hash_sha256_leaf2(data + i * cols, data + (i + 1) * cols, cols, &nodes[n + i],
                                  &nodes[n + i + 1]);
        } else {
#pragma omp for schedule(static)
            for (size_t i = 0; i < n; i++)
                h->leaf(data + i * cols, cols, &nodes[n + i]);
        }
        /* level [lo, 2lo) from [2lo, 4lo); the implicit barrier of each
         * omp for orders the levels */
        for (size_t lo = n / 2; lo >= MERKLE_PAR_MIN; lo /= 2) {
#pragma omp for schedule(static)
            for (size_t k = lo; k < 2 * lo; k += 2)
                node_pair(h, nodes, k, two);
        }
    }
    size_t top = n / 2 < MERKLE_PAR_MIN ? n / 2 : MERKLE_PAR_MIN / 2;
    for (size_t k = 2 * top; k-- > 1;)
        if (k < n)
            h->node(&nodes[2 * k], &nodes[2 * k + 1], &nodes[k]);
    t->n_leaves = n;
    t->nodes = nodes;
    return 0;
}

void merkle_free(merkle_tree *t)
{
    core_buf_free(t->nodes);
    t->nodes = NULL;
    t->n_leaves = 0;
}

void merkle_proof_free(merkle_proof *p)
{
    free(p->siblings);
    p->siblings = NULL;
    p->n_siblings = 0;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts and removes duplicates; returns the new count. */
static size_t sort_unique(size_t *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_size);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || v[m - 1] != v[i])
            v[m++] = v[i];
    return m;
}

/* Storage index of heap node p at the level of 2^lg nodes. */
static size_t stored(const merkle_tree *t, size_t p, unsigned lg)
{
    if (!t->residue)
        return p;
    size_t lo = (size_t)1 << lg;
    return lo + merkle_mixed_leaf(lg, p - lo);
}

int merkle_open(const merkle_tree *t, const size_t *idx, size_t n, merkle_proof *out)
{
    out->n_siblings = 0;
    out->siblings = NULL;
    size_t N = t->n_leaves;
    if (n == 0 || !t->nodes || n > SIZE_MAX / sizeof(size_t))
        return -1;
    size_t *pos = malloc(n * sizeof *pos);
    if (!pos)
        return -1;
    for (size_t k = 0; k < n; k++) {
        if (idx[k] >= N) {
            free(pos);
            return -1;
        }
        pos[k] = N + idx[k];
    }
    size_t m = sort_unique(pos, n);
    /* at most one sibling per opened position per level */
    size_t levels = (size_t)__builtin_ctzll(N), cap = m * (levels ? levels : 1);
    hash_digest *sib = malloc(cap * sizeof *sib);
    if (!sib) {
        free(pos);
        return -1;
    }
    size_t ns = 0;
    for (size_t l = 0; l < levels; l++) {
        size_t np = 0;
        for (size_t i = 0; i < m; i++) {
            size_t p = pos[i];
            if (i + 1 < m && pos[i + 1] == (p ^ 1))
                i++; /* both children known: no sibling needed */
            else
                sib[ns++] = t->nodes[stored(t, p ^ 1, levels - l)];
            pos[np++] = p >> 1;
        }
        m = np;
    }
    free(pos);
    out->siblings = sib;
    out->n_siblings = ns;
    return 0;
}

int merkle_cmp_pos(const void *a, const void *b)
{
    size_t x = ((const merkle_pos_digest *)a)->pos, y = ((const merkle_pos_digest *)b)->pos;
    return x < y ? -1 : x > y;
}

int merkle_digest_ok(const hash_ops *h, const hash_digest *d)
{
    if (h->kind != HASH_POSEIDON2)
        return 1;
    for (int i = 0; i < 4; i++) {
        uint64_t w;
        memcpy(&w, d->b + 8 * i, 8);
        if (w >= GL_P)
            return 0;
    }
    return 1;
}

long merkle_climb(const hash_ops *h, merkle_pos_digest *v, size_t m, const merkle_proof *proof,
                  size_t *ns)
{
    size_t np = 0;
    for (size_t i = 0; i < m; i++) {
        size_t p = v[i].pos;
        const hash_digest *left, *right;
        if (i + 1 < m && v[i + 1].pos == (p ^ 1)) {
            left = &v[i].d; /* p is even here: sorted, and p ^ 1 > p */
            right = &v[i + 1].d;
            i++;
        } else {
            if (*ns >= proof->n_siblings || !merkle_digest_ok(h, &proof->siblings[*ns]))
                return -1;
            const hash_digest *s = &proof->siblings[(*ns)++];
            left = (p & 1) ? s : &v[i].d;
            right = (p & 1) ? &v[i].d : s;
        }
        hash_digest parent;
        h->node(left, right, &parent);
        v[np].pos = p >> 1;
        v[np].d = parent;
        np++;
    }
    return (long)np;
}

int merkle_verify(const hash_ops *h, const hash_digest *root, size_t n_leaves,
                  const size_t *idx, const hash_digest *leaf, size_t n,
                  const merkle_proof *proof)
{
    if (!h || !root || !idx || !leaf || !proof || n == 0)
        return -1;
    if (n_leaves == 0 || (n_leaves & (n_leaves - 1)) || n_leaves > SIZE_MAX / 4)
        return -1;
    if (proof->n_siblings && !proof->siblings)
        return -1;
    if (n > SIZE_MAX / sizeof(merkle_pos_digest))
        return -1;
    merkle_pos_digest *v = malloc(n * sizeof *v);
    if (!v)
        return -1;
    int rc = -1;
    for (size_t k = 0; k < n; k++) {
        if (idx[k] >= n_leaves || !merkle_digest_ok(h, &leaf[k]))
            goto out;
        v[k].pos = n_leaves + idx[k];
        v[k].d = leaf[k];
    }
    qsort(v, n, sizeof *v, merkle_cmp_pos);
    size_t m = 0; /* dedupe: the same index twice must carry the same digest */
    for (size_t k = 0; k < n; k++) {
        if (m && v[m - 1].pos == v[k].pos) {
            if (memcmp(v[m - 1].d.b, v[k].d.b, 32) != 0)
                goto out;
            continue;
        }
        v[m++] = v[k];
    }
    size_t ns = 0, levels = (size_t)__builtin_ctzll(n_leaves);
    for (size_t l = 0; l < levels; l++) {
        long np = merkle_climb(h, v, m, proof, &ns);
        if (np < 0)
            goto out;
        m = (size_t)np;
    }
    if (m == 1 && v[0].pos == 1 && ns == proof->n_siblings && memcmp(v[0].d.b, root->b, 32) == 0)
        rc = 0;
out:
    free(v);
    return rc;
}
