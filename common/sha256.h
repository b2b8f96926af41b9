/* sha256.h — SHA-256 (FIPS 180-4): streaming hash and the raw compression
 * function. The compression picks SHA-NI at run time when the CPU has it and
 * falls back to portable C; both paths are tested against each other. */
#ifndef UVM_SHA256_H
#define UVM_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
    uint32_t state[8];
    uint64_t total;      /* bytes absorbed so far */
    uint8_t buf[64];
    size_t buf_len;
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
void sha256_final(sha256_ctx *c, uint8_t out[32]);
void sha256(const void *data, size_t len, uint8_t out[32]);

/* Compresses nblocks consecutive 64-byte blocks into state (no padding). */
void sha256_compress(uint32_t state[8], const uint8_t *blocks, size_t nblocks);
/* The portable path, always available (tests compare it with the fast one). */
void sha256_compress_portable(uint32_t state[8], const uint8_t *blocks, size_t nblocks);

extern const uint32_t sha256_iv[8];
extern const uint32_t sha256_k[64]; /* round constants, 16-byte aligned */

/* The compression path chosen at run time: "sha-ni" or "portable". */
const char *sha256_compress_name(void);

#if defined(UVM_HAVE_SHA_NI)
/* The SHA-NI paths (x86-64 with SHA extensions only; call through
 * sha256_compress unless the CPU check has been made). _x2 compresses two
 * independent streams of nblocks blocks each, interleaved for throughput. */
void sha256_compress_ni(uint32_t state[8], const uint8_t *blocks, size_t nblocks);
void sha256_compress_ni_x2(uint32_t sa[8], const uint8_t *ba, uint32_t sb[8], const uint8_t *bb,
                           size_t nblocks);
#endif

#endif
