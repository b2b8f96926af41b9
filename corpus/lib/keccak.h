/* keccak.h — Keccak-256 (Ethereum's pre-SHA3 padding 0x01) over a byte buffer.
 * keccak_f1600 stays a separate, never-inlined function: a later issue makes the
 * translator replace calls to it with the native keccak-f[1600] uop. */
#ifndef CORPUS_KECCAK_H
#define CORPUS_KECCAK_H

#include <stddef.h>
#include <stdint.h>

/* The permutation on a 25-lane state (lane i = x + 5y, little-endian lanes). */
void keccak_f1600(uint64_t st[25]);

/* out = Keccak-256(in[0..len)). in and out may alias. */
void keccak256(const uint8_t *in, size_t len, uint8_t out[32]);

#endif
