/* hash_internal.h — the hash_ops instances behind hash_get (internal). */
#ifndef UVM_HASH_INTERNAL_H
#define UVM_HASH_INTERNAL_H

#include "hash.h"

extern const hash_ops hash_sha256_ops;
extern const hash_ops hash_poseidon2_ops;

#endif
