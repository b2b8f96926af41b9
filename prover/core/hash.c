/* hash.c — maps a hash_kind (possibly read from an untrusted proof) to its
 * ops; unknown kinds give NULL, never a default. */
#include "hash.h"

#include "hash_internal.h"

const hash_ops *hash_get(hash_kind kind)
{
    switch (kind) {
    case HASH_SHA256:
        return &hash_sha256_ops;
    case HASH_POSEIDON2:
        return &hash_poseidon2_ops;
    }
    return NULL;
}
