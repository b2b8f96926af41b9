/* hash_internal.h — the hash_ops instances behind hash_get (internal). */
#ifndef UVM_HASH_INTERNAL_H
#define UVM_HASH_INTERNAL_H

#include "hash.h"

extern const hash_ops hash_sha256_ops;
extern const hash_ops hash_poseidon2_ops;

/* Two SHA-256 leaves (rows of equal length n) or two nodes at once: the
 * SHA-NI path runs both streams interleaved (about 1.45x the throughput of
 * one); results equal hash_sha256_ops.leaf / .node. Outputs must not alias
 * inputs of the other pair. */
void hash_sha256_leaf2(const gl_t *r0, const gl_t *r1, size_t n, hash_digest *o0,
                       hash_digest *o1);
void hash_sha256_node2(const hash_digest *l0, const hash_digest *r0, hash_digest *o0,
                       const hash_digest *l1, const hash_digest *r1, hash_digest *o1);

#endif
