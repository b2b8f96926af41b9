/* zframe.c — zstd frames with their content size (zframe.h). Invariant: a frame is
 * accepted only whole and alone, and decompresses to exactly the size it states. */
#include "zframe.h"

#include <stdlib.h>
#include <zstd.h>

int zframe_compress(const void *src, size_t n, int level, uint8_t **out, size_t *out_len,
                    const char *what, uvm_err *err)
{
    size_t cap = ZSTD_compressBound(n);
    uint8_t *z = malloc(cap ? cap : 1);
    if (!z)
        return uvm_errf(err, "%s: out of memory", what);
    size_t zl = ZSTD_compress(z, cap, src, n, level);
    if (ZSTD_isError(zl)) {
        free(z);
        return uvm_errf(err, "%s: zstd: %s", what, ZSTD_getErrorName(zl));
    }
    *out = z;
    *out_len = zl;
    return 0;
}

int zframe_size(const uint8_t *z, size_t zlen, uint64_t *size, const char *what, uvm_err *err)
{
    unsigned long long n = ZSTD_getFrameContentSize(z, zlen);
    if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN)
        return uvm_errf(err, "%s: not a zstd frame with its size", what);
    size_t fl = ZSTD_findFrameCompressedSize(z, zlen);
    if (ZSTD_isError(fl) || fl != zlen)
        return uvm_errf(err, "%s: zstd frame is truncated or followed by other bytes", what);
    *size = n;
    return 0;
}

int zframe_decompress(const uint8_t *z, size_t zlen, uint64_t size, uint8_t **out,
                      const char *what, uvm_err *err)
{
    if (size > SIZE_MAX - 1)
        return uvm_errf(err, "%s: %llu bytes is too large", what, (unsigned long long)size);
    uint8_t *raw = malloc(size ? (size_t)size : 1);
    if (!raw)
        return uvm_errf(err, "%s: out of memory", what);
    size_t got = ZSTD_decompress(raw, (size_t)size, z, zlen);
    if (ZSTD_isError(got) || got != size) {
        free(raw);
        return uvm_errf(err, "%s: zstd: %s", what,
                        ZSTD_isError(got) ? ZSTD_getErrorName(got) : "size mismatch");
    }
    *out = raw;
    return 0;
}
