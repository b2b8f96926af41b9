/* hash_sha256.c — the SHA-256 hash_ops. Leaves and nodes are domain-separated
 * by distinct tagged initial states, so a leaf digest can never be read as a
 * node digest (or vice versa) without a SHA-256 collision.
 *
 * Construction (state = 8 words, compress = SHA-256 compression function):
 *   leaf(row)   = SHA-256(T_leaf || LE64(row[0]) || ... || LE64(row[n-1]))
 *                 (T_leaf a 64-byte tag block; its midstate is precomputed)
 *   node(l, r)  = compress(midstate(T_node), l || r), serialised big-endian
 *   bytes(d)    = SHA-256(d)
 * Why a single compression for nodes: the input is always exactly one block,
 * so Merkle-Damgard length padding buys nothing (it exists to make
 * variable-length inputs prefix-free); collision resistance of the compression
 * function with a fixed IV is the very assumption SHA-256's security rests on.
 * This halves node cost against SHA-256(l || r), which needs a second block
 * for the padding. The tag midstate plays the role of a different IV. */
#include <pthread.h>
#include <string.h>

#include "hash_internal.h"
#include "sha256.h"


#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "hash_sha256.c feeds rows to SHA-256 as in-memory bytes: little-endian hosts only"
#endif

static uint32_t mid_leaf[8], mid_node[8];
static pthread_once_t mid_once = PTHREAD_ONCE_INIT;

static void tag_midstate(const char *tag, uint32_t st[8])
{
    uint8_t block[64] = {0};
    memcpy(block, tag, strlen(tag));
    memcpy(st, sha256_iv, 32);
    sha256_compress(st, block, 1);
}

static void mid_init(void)
{
    tag_midstate("uvm/merkle/leaf/sha256/v1", mid_leaf);
    tag_midstate("uvm/merkle/node/sha256/v1", mid_node);
}

static void put_be(const uint32_t st[8], hash_digest *out)
{
    for (int i = 0; i < 8; i++) {
        out->b[4 * i] = (uint8_t)(st[i] >> 24);
        out->b[4 * i + 1] = (uint8_t)(st[i] >> 16);
        out->b[4 * i + 2] = (uint8_t)(st[i] >> 8);
        out->b[4 * i + 3] = (uint8_t)st[i];
    }
}

/* The final block(s) of a leaf: tail + 0x80 + zeros + the 64-bit big-endian
 * bit length of T_leaf || row. Returns the number of blocks (1 or 2). */
static size_t leaf_tail(const uint8_t *p, size_t bytes, uint8_t tail[128])
{
    size_t rem = bytes % 64, tlen = rem + 9 <= 64 ? 64 : 128;
    memset(tail, 0, 128);
    memcpy(tail, p + (bytes - rem), rem);
    tail[rem] = 0x80;
    uint64_t bits = ((uint64_t)bytes + 64) * 8;
    for (int i = 0; i < 8; i++)
        tail[tlen - 1 - i] = (uint8_t)(bits >> (8 * i));
    return tlen / 64;
}

static void sha_leaf(const gl_t *row, size_t n, hash_digest *out)
{
    pthread_once(&mid_once, mid_init);
    uint32_t st[8];
    memcpy(st, mid_leaf, sizeof st);
    size_t bytes = n * sizeof(gl_t);
    const uint8_t *p = (const uint8_t *)row;
    if (bytes / 64)
        sha256_compress(st, p, bytes / 64);
    uint8_t tail[128];
    sha256_compress(st, tail, leaf_tail(p, bytes, tail));
    put_be(st, out);
}

/* 1 when the two-stream SHA-NI compression may be used. */
static int have_x2(void)
{
#if defined(UVM_HAVE_SHA_NI)
    static _Atomic int cached = -1;
    int v = cached;
    if (v < 0) {
        v = strcmp(sha256_compress_name(), "sha-ni") == 0;
        cached = v;
    }
    return v;
#else
    return 0;
#endif
}

void hash_sha256_leaf2(const gl_t *r0, const gl_t *r1, size_t n, hash_digest *o0,
                       hash_digest *o1)
{
#if defined(UVM_HAVE_SHA_NI)
    if (have_x2()) {
        pthread_once(&mid_once, mid_init);
        uint32_t s0[8], s1[8];
        memcpy(s0, mid_leaf, sizeof s0);
        memcpy(s1, mid_leaf, sizeof s1);
        size_t bytes = n * sizeof(gl_t);
        const uint8_t *p0 = (const uint8_t *)r0, *p1 = (const uint8_t *)r1;
        if (bytes / 64)
            sha256_compress_ni_x2(s0, p0, s1, p1, bytes / 64);
        uint8_t t0[128], t1[128];
        size_t nb = leaf_tail(p0, bytes, t0);
        leaf_tail(p1, bytes, t1);
        sha256_compress_ni_x2(s0, t0, s1, t1, nb);
        put_be(s0, o0);
        put_be(s1, o1);
        return;
    }
#endif
    sha_leaf(r0, n, o0);
    sha_leaf(r1, n, o1);
}

static void sha_node(const hash_digest *l, const hash_digest *r, hash_digest *out)
{
    pthread_once(&mid_once, mid_init);
    uint32_t st[8];
    uint8_t block[64];
    memcpy(st, mid_node, sizeof st);
    memcpy(block, l->b, 32);
    memcpy(block + 32, r->b, 32);
    sha256_compress(st, block, 1);
    put_be(st, out);
}

void hash_sha256_node2(const hash_digest *l0, const hash_digest *r0, hash_digest *o0,
                       const hash_digest *l1, const hash_digest *r1, hash_digest *o1)
{
#if defined(UVM_HAVE_SHA_NI)
    if (have_x2()) {
        pthread_once(&mid_once, mid_init);
        uint32_t s0[8], s1[8];
        uint8_t b0[64], b1[64];
        memcpy(s0, mid_node, sizeof s0);
        memcpy(s1, mid_node, sizeof s1);
        memcpy(b0, l0->b, 32);
        memcpy(b0 + 32, r0->b, 32);
        memcpy(b1, l1->b, 32);
        memcpy(b1 + 32, r1->b, 32);
        sha256_compress_ni_x2(s0, b0, s1, b1, 1);
        put_be(s0, o0);
        put_be(s1, o1);
        return;
    }
#endif
    sha_node(l0, r0, o0);
    sha_node(l1, r1, o1);
}

static void sha_bytes(const void *data, size_t len, hash_digest *out)
{
    sha256(data, len, out->b);
}

const hash_ops hash_sha256_ops = {
    .kind = HASH_SHA256,
    .name = "sha256",
    .leaf = sha_leaf,
    .node = sha_node,
    .bytes = sha_bytes,
};
