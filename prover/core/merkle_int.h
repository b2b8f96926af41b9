/* merkle_int.h — what merkle.c shares with merkle_mixed.c (not public API):
 * the (position, digest) pairs both verifiers sort and climb, and the check
 * that a digest from a proof is canonical for its hash. */
#ifndef UVM_MERKLE_INT_H
#define UVM_MERKLE_INT_H

#include <stddef.h>

#include "hash.h"
#include "merkle.h"

typedef struct merkle_pos_digest {
    size_t pos;
    hash_digest d;
} merkle_pos_digest;

/* qsort order of merkle_pos_digest by pos. */
int merkle_cmp_pos(const void *a, const void *b);

/* Poseidon2 digests are 4 canonical field elements; anything else is not a
 * digest and is rejected rather than silently reduced. */
int merkle_digest_ok(const hash_ops *h, const hash_digest *d);

/* One level up: replaces the sorted, deduplicated v[0..m) by their parents,
 * taking each missing sibling from proof->siblings at *ns (checked with
 * merkle_digest_ok). Returns the new count, or -1 when a sibling is missing
 * or not a digest. */
long merkle_climb(const hash_ops *h, merkle_pos_digest *v, size_t m, const merkle_proof *proof,
                  size_t *ns);

#endif
