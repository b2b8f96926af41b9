/* zk_bound.c — encodes and strictly decodes a segment's stored boundary (zk_bound.h).
 * Invariant: unpack(pack(k, f)) == (k, f) for strictly increasing valid keys, and every
 * other byte string is refused with one line naming the first problem. */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "zk_bound.h"
#include "zk_int.h"
#include "zframe.h"

#define VARINT_MAX 10 /* a u64 needs at most 10 LEB128 bytes */

int zk_key_valid(uint64_t k)
{
    int reg = k >= ZK_KEY_REG(0) && k <= ZK_KEY_LAST;
    int ram = zk_key_is_ram(k) && !(k & 3); /* tagged or not: zk_memmap_check decides */
    return reg || ram || zk_key_fault(k, NULL, NULL); /* fault keys: likewise */
}

static size_t put_varint(uint8_t *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (uint8_t)v;
    return n;
}

/* One canonical varint from p[*off..len): 0 ok, 1 truncated, 2 overflow or overlong. */
static int get_varint(const uint8_t *p, size_t len, size_t *off, uint64_t *v)
{
    uint64_t x = 0;
    for (unsigned i = 0; i < VARINT_MAX; i++) {
        if (*off >= len)
            return 1;
        uint8_t b = p[(*off)++];
        if (i == VARINT_MAX - 1 && b > 1)
            return 2; /* bits beyond 64 */
        x |= (uint64_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            if (i && !b)
                return 2; /* a trailing zero group: not the shortest form */
            *v = x;
            return 0;
        }
    }
    return 2;
}

int zk_bound_pack(const uint64_t *keys, const uint32_t *final, uint64_t n, uint8_t **out,
                  size_t *len, uvm_err *err)
{
    if (n > SIZE_MAX / (VARINT_MAX + 4) - 1)
        return uvm_errf(err, "boundary: %llu keys is too many", (unsigned long long)n);
    uint8_t *p = malloc(n * (VARINT_MAX + 4) + 1);
    if (!p)
        return uvm_errf(err, "boundary: out of memory");
    size_t o = 0;
    for (uint64_t i = 0; i < n; i++)
        o += put_varint(p + o, i ? keys[i] - keys[i - 1] : keys[0]);
    memcpy(p + o, final, n * 4); /* little-endian hosts only, as the rest of the file */
    *out = p;
    *len = o + n * 4;
    return 0;
}

int zk_bound_unpack(const uint8_t *raw, size_t len, uint64_t n, uint64_t *keys, uint32_t *final,
                    uvm_err *err)
{
    size_t off = 0;
    uint64_t prev = 0;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t d;
        int rc = get_varint(raw, len, &off, &d);
        if (rc == 1)
            return uvm_errf(err, "boundary: truncated at key %llu", (unsigned long long)i);
        if (rc == 2)
            return uvm_errf(err, "boundary: key %llu: varint overflow or overlong", (unsigned long long)i);
        if (i && d == 0)
            return uvm_errf(err, "boundary: keys not strictly increasing at key %llu", (unsigned long long)i);
        if (d > UINT64_MAX - prev || !zk_key_valid(prev + d))
            return uvm_errf(err, "boundary: key %llu is not a register or aligned word", (unsigned long long)i);
        keys[i] = prev += d;
    }
    if (len - off < n * 4)
        return uvm_errf(err, "boundary: truncated final values");
    if (len - off > n * 4)
        return uvm_errf(err, "boundary: %zu trailing bytes", len - off - (size_t)n * 4);
    memcpy(final, raw + off, n * 4);
    return 0;
}

int zk_bound_compress(const uint8_t *raw, size_t rl, uint8_t **out, size_t *len, uvm_err *err)
{
    /* level 19 costs ~10 ms on a 16 k-key boundary; a multi-MB one gets level 6 */
    return zframe_compress(raw, rl, rl <= ((size_t)1 << 20) ? 19 : 6, out, len, "boundary", err);
}

int zk_bound_encode(const uint64_t *keys, const uint32_t *final, uint64_t n, uint8_t **out,
                    size_t *len, uvm_err *err)
{
    uint8_t *raw;
    size_t rl;
    if (zk_bound_pack(keys, final, n, &raw, &rl, err))
        return -1;
    int rc = zk_bound_compress(raw, rl, out, len, err);
    free(raw);
    return rc;
}

int zk_bound_decode(const uint8_t *z, size_t zlen, uint64_t n, uint64_t *keys, uint32_t *final,
                    uvm_err *err)
{
    return zk_bound_decode_hash(z, zlen, n, keys, final, NULL, err);
}

int zk_bound_decode_hash(const uint8_t *z, size_t zlen, uint64_t n, uint64_t *keys,
                         uint32_t *final, uint8_t raw_hash[32], uvm_err *err)
{
    if (n > SIZE_MAX / (VARINT_MAX + 4) - 1)
        return uvm_errf(err, "boundary: %llu keys is too many", (unsigned long long)n);
    uint64_t raw_len;
    if (zframe_size(z, zlen, &raw_len, "boundary", err))
        return -1;
    if (raw_len < n * 5 || raw_len > n * (VARINT_MAX + 4))
        return uvm_errf(err, "boundary: %llu bytes cannot hold %llu keys",
                        (unsigned long long)raw_len, (unsigned long long)n);
    uint8_t *raw;
    if (zframe_decompress(z, zlen, raw_len, &raw, "boundary", err))
        return -1;
    int rc = zk_bound_unpack(raw, (size_t)raw_len, n, keys, final, err);
    if (!rc && raw_hash)
        sha256(raw, (size_t)raw_len, raw_hash);
    free(raw);
    return rc;
}
