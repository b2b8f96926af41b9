/* merkle.h — Merkle commitments to the rows of a matrix, with batched
 * openings that share siblings between the opened leaves.
 * Invariant: a tree has a power-of-two number of leaves; leaf i is the hash
 * of row i; node storage is the usual heap layout (root at index 1). */
#ifndef UVM_MERKLE_H
#define UVM_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#include "hash.h"
#include "ntt.h"

typedef struct merkle_tree {
    const hash_ops *hash;
    size_t n_leaves;          /* power of two */
    hash_digest *nodes;       /* 2 * n_leaves entries; nodes[1] is the root */
    /* 0: heap layout. 1 (merkle_commit_mixed): level l (2^l nodes) stored in
     * residue order: heap node 2^l + j at nodes[2^l + bitrev_l(j)] */
    int residue;
} merkle_tree;

/* Commits to the rows of m (m->rows must be a power of two). Parallel with
 * OpenMP. Returns -1 on OOM. */
int merkle_commit(merkle_tree *t, const hash_ops *h, const gl_matrix *m);
void merkle_free(merkle_tree *t);
static inline hash_digest merkle_root(const merkle_tree *t) { return t->nodes[1]; }

/* A batched opening of a set of leaves: the sibling digests the verifier
 * cannot compute itself, in a canonical order (level by level from the
 * leaves up, left to right). */
typedef struct merkle_proof {
    size_t n_siblings;
    hash_digest *siblings;    /* owned */
} merkle_proof;

/* Opens the leaves idx[0..n) (any order, duplicates allowed). Returns -1 for
 * n == 0, an index >= n_leaves, or OOM (out is then empty). */
int merkle_open(const merkle_tree *t, const size_t *idx, size_t n, merkle_proof *out);
void merkle_proof_free(merkle_proof *p);

/* Checks that the leaves with digests leaf[k] at positions idx[k] (k < n) are
 * in a tree of n_leaves leaves with the given root. Returns 0 if the proof
 * holds, -1 otherwise (wrong root, wrong count of siblings, index out of range,
 * the same index given two different digests, n == 0, a Poseidon2 digest
 * word >= p). Reads exactly proof->siblings[0 .. proof->n_siblings) at most,
 * so a parser must size that array to n_siblings; needs O(n) scratch. */
int merkle_verify(const hash_ops *h, const hash_digest *root, size_t n_leaves,
                  const size_t *idx, const hash_digest *leaf, size_t n,
                  const merkle_proof *proof);

/* ---- Mixed-height commitment (one tree over matrices of several heights) ----
 * mats[0..n) have strictly decreasing power-of-two row counts; the tree has
 * mats[0]->rows leaves. Row r of mats[0] sits at leaf bitrev(r), so the
 * ancestor at the level of 2^l nodes of the leaf of row r is node bitrev_l(r
 * mod 2^l); a matrix of 2^l rows is injected there: that node is
 * node(node(left, right), leaf(row bitrev_l(k))). Opening row r of the
 * tallest matrix therefore also opens row r mod 2^l of every other, for one
 * authentication path. Openings use merkle_open with the leaf positions
 * merkle_mixed_leaf(log_n, r). Returns -1 on bad shapes or OOM. */
int merkle_commit_mixed(merkle_tree *t, const hash_ops *h, const gl_matrix *const *mats, size_t n);

/* Leaf position of row r (< 2^log_n) of the tallest matrix: bitrev_log_n(r). */
static inline size_t merkle_mixed_leaf(unsigned log_n, size_t r)
{
    if (log_n == 0)
        return 0;
    uint64_t x = __builtin_bswap64((uint64_t)r);
    x = ((x >> 4) & 0x0f0f0f0f0f0f0f0full) | ((x & 0x0f0f0f0f0f0f0f0full) << 4);
    x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
    x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
    return (size_t)(x >> (64 - log_n));
}

/* Checks a mixed-height opening of rows[q] (q < n, each < 2^log_rows[0]) of
 * the tallest matrix: dig[k][q] is the leaf digest of the row opened for
 * query q in matrix k (2^log_rows[k] rows, strictly decreasing, log_rows[0]
 * the tree's height). Queries reaching the same node must carry the same
 * digest there. Returns 0 if every digest is bound to root, else -1. */
int merkle_verify_mixed(const hash_ops *h, const hash_digest *root, const unsigned *log_rows,
                        size_t n_mats, const size_t *rows, const hash_digest *const *dig, size_t n,
                        const merkle_proof *proof);

#endif
