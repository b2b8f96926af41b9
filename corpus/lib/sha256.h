/* sha256.h — SHA-256 (FIPS 180-4) over a byte buffer, streaming or one-shot.
 * sha256_compress stays a separate, never-inlined function: a later issue makes the
 * translator replace calls to it with the native sha256-compress uop. */
#ifndef CORPUS_SHA256_H
#define CORPUS_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* One compression: state[8] updated with the 64-byte block (big-endian words). */
void sha256_compress(uint32_t state[8], const uint8_t block[64]);

typedef struct sha256_ctx {
    uint32_t state[8];
    uint8_t buf[64];
    uint64_t nbytes; /* total absorbed */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const uint8_t *p, size_t len);
void sha256_final(sha256_ctx *c, uint8_t out[32]);
void sha256(const uint8_t *in, size_t len, uint8_t out[32]); /* in, out may alias */

#endif
