/* hash.h — the one hash interface the prover commits with. A digest is 32
 * bytes whatever the hash; for Poseidon2 it is 4 canonical field elements,
 * little-endian. Leaves hash a row of field elements (each as 8 bytes LE for
 * byte hashes); nodes compress two digests.
 *
 * Constructions (details and reasons beside each implementation):
 *   SHA-256 (hash_sha256.c): leaf = SHA-256(64-byte tag block || row bytes);
 *     node = ONE compression of (left || right) from a tagged midstate
 *     (fixed 64-byte input: no length padding needed; half the cost of
 *     SHA-256(left || right)); bytes = plain SHA-256.
 *   Poseidon2 (poseidon2.c): sponge of rate 4, capacity 4 holding (length,
 *     domain tag); node = first 4 words of the permutation of left || right.
 * Why SHA-256 is the default: with SHA-NI it hashes 64-element rows at about
 * 1.2 GB/s per core (2 GB/s when merkle_commit runs two streams at once)
 * against about 18 MB/s for scalar Poseidon2 (tools/core_bench); nothing in
 * uvm hashes inside a circuit yet. Poseidon2 is the choice once proofs are
 * verified recursively.
 * All ops are thread-safe and never fail; rows must be canonical elements. */
#ifndef UVM_HASH_H
#define UVM_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "gl.h"

typedef struct hash_digest {
    uint8_t b[32];
} hash_digest;

typedef enum hash_kind {
    HASH_SHA256 = 1,   /* default: SHA-NI when the CPU has it */
    HASH_POSEIDON2 = 2 /* Poseidon2 over Goldilocks, width 8: the field-native option */
} hash_kind;

typedef struct hash_ops {
    hash_kind kind;
    const char *name;
    /* digest of n field elements (one matrix row) */
    void (*leaf)(const gl_t *row, size_t n, hash_digest *out);
    /* digest of the pair (left, right) */
    void (*node)(const hash_digest *left, const hash_digest *right, hash_digest *out);
    /* digest of arbitrary bytes (transcript use) */
    void (*bytes)(const void *data, size_t len, hash_digest *out);
} hash_ops;

/* The ops for a kind, or NULL for an unknown kind (e.g. from a tampered proof). */
const hash_ops *hash_get(hash_kind kind);

#endif
