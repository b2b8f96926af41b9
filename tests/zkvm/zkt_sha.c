/* zkt_sha.c — the program of zkt_sha.h, built with vmt; its data image holds
 * the states and blocks. */
#include <string.h>

#include "hints_ref.h"
#include "zkt_sha.h"

/* Data layout: state 1 at +0, state 2 at +0x20, block i at +0x40 + 64i. */
#define ST2 0x20u
#define BLK(i) (0x40u + 64u * (i))

static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

static void put32(uint8_t *p, uint32_t v)
{
    for (unsigned k = 0; k < 4; k++)
        p[k] = (uint8_t)(v >> (8 * k));
}

/* The data image: IV, a random state 2, the padded "abc" block and random blocks. */
static void image(uint8_t data[0x200])
{
    memset(data, 0, 0x200);
    vmt_rng = 0x5a17c0de12345678ull;
    for (unsigned i = 0; i < 8; i++) {
        put32(data + 4 * i, iv[i]);
        put32(data + ST2 + 4 * i, vmt_rnd());
    }
    memcpy(data + BLK(0), "abc", 3);
    data[BLK(0) + 3] = 0x80;
    data[BLK(0) + 63] = 24; /* message length in bits, big-endian */
    for (unsigned j = 64; j < 64 * ZKT_SHA_CALLS; j++)
        data[BLK(0) + j] = (uint8_t)vmt_rnd();
}

vmt *zkt_sha(unsigned n, uint32_t a0_off, uint32_t a1_off)
{
    vmt *t = vmt_new();
    image(t->data);
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 8); /* over the "function" */
    uint32_t fn = vmt_op(t, UOP_SHA256_COMPRESS, 0, 0, 0, 0);
    vmt_li(t, X_S2, VMT_DATA);
    for (unsigned i = 0; i < n; i++) {
        uint32_t st = i == ZKT_SHA_CALLS - 1 ? ST2 : 0;
        vmt_op(t, UOP_ADDI, X_A0, X_S2, 0, (int32_t)(st + (i ? 0 : a0_off)));
        vmt_op(t, UOP_ADDI, X_A1, X_S2, 0, (int32_t)(BLK(i) + (i ? 0 : a1_off)));
        vmt_op(t, UOP_JAL, X_RA, 0, 0, (int32_t)(fn - vmt_pc(t)));
        vmt_li(t, X_A0, 1);
        vmt_op(t, UOP_ADDI, X_A1, X_S2, 0, (int32_t)st);
        vmt_li(t, X_A2, 32);
        vmt_syscall(t, 64);
    }
    vmt_exit(t, 0);
    return t;
}

void zkt_sha_expect(unsigned n, uint8_t out[ZKT_SHA_CALLS * 32])
{
    uint8_t data[0x200];
    image(data);
    uint32_t st[2][8];
    for (unsigned i = 0; i < 8; i++)
        for (unsigned s = 0; s < 2; s++)
            st[s][i] = data[32 * s + 4 * i] | (uint32_t)data[32 * s + 4 * i + 1] << 8 |
                       (uint32_t)data[32 * s + 4 * i + 2] << 16 |
                       (uint32_t)data[32 * s + 4 * i + 3] << 24;
    for (unsigned i = 0; i < n; i++) {
        uint32_t *s = st[i == ZKT_SHA_CALLS - 1];
        hint_sha256_compress(s, data + BLK(i));
        for (unsigned k = 0; k < 8; k++)
            put32(out + 32 * i + 4 * k, s[k]);
    }
}
