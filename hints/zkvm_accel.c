/* zkvm_accel.c — guest library: the served functions of zkvm_accelerators.h as thin
 * wrappers over the corpus hash library, whose keccak_f1600 and sha256_compress carry
 * UISA_NATIVE annotations (the one definition of each in guest code). Link with
 * corpus/lib/hash_keccak.c and corpus/lib/hash_sha256.c; plain C, no uvm-specific
 * instruction, so the binary runs anywhere. */
#include "keccak.h"
#include "sha256.h"
#include "zkvm_accelerators.h"

zkvm_status zkvm_keccak256(const uint8_t *data, size_t len, zkvm_keccak256_hash *output)
{
    static const uint8_t empty[1];
    if (!output || (!data && len))
        return ZKVM_EFAIL;
    keccak256(data ? data : empty, len, output->data);
    return ZKVM_EOK;
}

zkvm_status zkvm_sha256(const uint8_t *data, size_t len, zkvm_sha256_hash *output)
{
    static const uint8_t empty[1];
    if (!output || (!data && len))
        return ZKVM_EFAIL;
    sha256(data ? data : empty, len, output->data);
    return ZKVM_EOK;
}
