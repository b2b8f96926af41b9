/* zk_bound.h — the stored form of a segment's memory boundary in a .uvp: touched keys
 * (sorted, unique) as LEB128 varints, the first absolute and then the gaps, followed by
 * the final values as little-endian u32, the whole in one zstd frame. Invariant: decoding
 * accepts exactly the encodings of strictly increasing valid keys (canonical varints, no
 * byte left over) and fails with one line for anything else, never reading past len. */
#ifndef UVM_ZK_BOUND_H
#define UVM_ZK_BOUND_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* A key a boundary may hold: a register or state key (2^34 .. ZK_KEY_LAST) or a
 * 4-aligned RAM word (2^32 + a, or 2^35 + 2^32 + a read-only; a < 2^32). */
int zk_key_valid(uint64_t k);

/* The uncompressed layer. pack: n keys and finals into a malloc'd buffer (*len bytes);
 * -1 on OOM. unpack: exactly n keys and finals from raw[0..len) into keys[n], final[n]. */
int zk_bound_pack(const uint64_t *keys, const uint32_t *final, uint64_t n, uint8_t **out,
                  size_t *len, uvm_err *err);
int zk_bound_unpack(const uint8_t *raw, size_t len, uint64_t n, uint64_t *keys, uint32_t *final,
                    uvm_err *err);

/* The stored form: pack, then one zstd frame with its content size. decode checks the
 * frame (exactly zlen bytes, content size at most what n keys can take), decompresses and
 * unpacks. */
int zk_bound_encode(const uint64_t *keys, const uint32_t *final, uint64_t n, uint8_t **out,
                    size_t *len, uvm_err *err);
int zk_bound_decode(const uint8_t *z, size_t zlen, uint64_t n, uint64_t *keys, uint32_t *final,
                    uvm_err *err);
/* The frame of an already packed boundary (zk_bound_encode = pack + this). */
int zk_bound_compress(const uint8_t *raw, size_t rl, uint8_t **out, size_t *len, uvm_err *err);
/* zk_bound_decode that also gives the SHA-256 of the decoded (canonical) bytes
 * (raw_hash may be NULL), for the proof id (zk_file.h). */
int zk_bound_decode_hash(const uint8_t *z, size_t zlen, uint64_t n, uint64_t *keys,
                         uint32_t *final, uint8_t raw_hash[32], uvm_err *err);

#endif
