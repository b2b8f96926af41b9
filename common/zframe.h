/* zframe.h — one zstd frame that records its content size, as the .uisa, the STARK proof
 * and the segment boundary store their bodies. Reading is strict: exactly one whole frame,
 * its size known before anything is allocated, so the caller can bound it first. Errors
 * are one line prefixed by `what`. */
#ifndef UVM_ZFRAME_H
#define UVM_ZFRAME_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Compresses src[0..n) at `level` into a malloc'd frame (*out, *out_len; caller frees). */
int zframe_compress(const void *src, size_t n, int level, uint8_t **out, size_t *out_len,
                    const char *what, uvm_err *err);

/* *size = the content size of the frame z[0..zlen). Fails unless z is exactly one whole
 * frame (not truncated, nothing after it) that states its size. */
int zframe_size(const uint8_t *z, size_t zlen, uint64_t *size, const char *what, uvm_err *err);

/* Decompresses the frame into a malloc'd buffer of exactly `size` bytes (the value
 * zframe_size gave, after the caller bounded it); at least 1 byte is allocated. */
int zframe_decompress(const uint8_t *z, size_t zlen, uint64_t size, uint8_t **out,
                      const char *what, uvm_err *err);

#endif
