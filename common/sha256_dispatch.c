/* sha256_dispatch.c — chooses the SHA-256 compression at run time.
 * Until the SHA-NI path lands this is the portable one; the prover work adds
 * sha256_ni.c and the CPU check here. */
#include "sha256.h"

void sha256_compress(uint32_t state[8], const uint8_t *blocks, size_t nblocks)
{
    sha256_compress_portable(state, blocks, nblocks);
}
