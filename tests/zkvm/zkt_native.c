/* zkt_native.c — the programs of zkt_native.h, built with vmt. */
#include <string.h>

#include "hints_ref.h"
#include "zkt_native.h"

/* word j of the initial state: the pattern stored (0 = left as the zero image) */
static uint32_t pattern(unsigned j) { return j % 7 == 3 ? 0x9e3779b9u * (j + 1) : 0; }

vmt *zkt_keccak(unsigned n, uint32_t off)
{
    vmt *t = vmt_new();
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 8); /* over the "function" */
    uint32_t fn = vmt_op(t, UOP_KECCAK_F1600, 0, 0, 0, 0);
    vmt_li(t, X_S2, VMT_DATA + off);
    for (unsigned j = 0; j < 50; j++)
        if (pattern(j) && !(off & 3)) {
            vmt_li(t, X_T0, pattern(j));
            vmt_op(t, UOP_SW, 0, X_S2, X_T0, (int32_t)(4 * j));
        }
    for (unsigned i = 0; i < n; i++) {
        vmt_op(t, UOP_ADDI, X_A0, X_S2, 0, 0);
        vmt_op(t, UOP_JAL, X_RA, 0, 0, (int32_t)(fn - vmt_pc(t)));
    }
    vmt_op(t, UOP_ADDI, X_S3, X_ZERO, 0, 0);
    for (unsigned j = 0; j < 50; j++) {
        vmt_op(t, UOP_LW, X_T0, X_S2, 0, (int32_t)(4 * j));
        vmt_op(t, UOP_XOR, X_S3, X_S3, X_T0, 0);
    }
    vmt_op(t, UOP_ADDI, X_A0, X_S3, 0, 0);
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    return t;
}

uint32_t zkt_keccak_expect(unsigned n)
{
    uint64_t st[25];
    for (unsigned i = 0; i < 25; i++)
        st[i] = pattern(2 * i) | (uint64_t)pattern(2 * i + 1) << 32;
    for (unsigned i = 0; i < n; i++)
        hint_keccak_f1600(st);
    uint32_t x = 0;
    for (unsigned i = 0; i < 25; i++)
        x ^= (uint32_t)st[i] ^ (uint32_t)(st[i] >> 32);
    return x;
}

/* MEMSET calls of zkt_memset: (offset from VMT_DATA, a1, n) */
static const uint32_t memset_calls[][3] = {
    {5, 0x1ab, 22}, /* partial first word, two full words, partial last */
    {41, 0x7f, 2},  /* inside one word: first and last row at once */
    {50, 0x33, 0},  /* n = 0, unaligned: one row that writes nothing */
    {56, 0x44, 0},  /* n = 0, aligned: no row */
    {60, 0xffffff01u, 4}, /* exactly one aligned word; a1's high bits ignored */
    {64, 0x5a, 7},  /* aligned start, partial end */
};
#define ZKT_MEMSET_WORDS 20

static uint32_t memset_pattern(unsigned j) { return 0x01020304u * (j + 1) ^ 0xa5a5a5a5u; }

vmt *zkt_memset(void)
{
    vmt *t = vmt_new();
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 8);
    uint32_t fn = vmt_op(t, UOP_MEMSET, 0, 0, 0, 0);
    vmt_li(t, X_S2, VMT_DATA);
    for (unsigned j = 0; j < ZKT_MEMSET_WORDS; j++) {
        vmt_li(t, X_T0, memset_pattern(j));
        vmt_op(t, UOP_SW, 0, X_S2, X_T0, (int32_t)(4 * j));
    }
    for (unsigned i = 0; i < sizeof memset_calls / sizeof memset_calls[0]; i++) {
        vmt_op(t, UOP_ADDI, X_A0, X_S2, 0, (int32_t)memset_calls[i][0]);
        vmt_li(t, X_A1, memset_calls[i][1]);
        vmt_li(t, X_A2, memset_calls[i][2]);
        vmt_op(t, UOP_JAL, X_RA, 0, 0, (int32_t)(fn - vmt_pc(t)));
    }
    zkt_exit_checksum(t, X_S2, ZKT_MEMSET_WORDS);
    return t;
}

uint32_t zkt_memset_expect(void)
{
    uint8_t m[4 * ZKT_MEMSET_WORDS];
    for (unsigned j = 0; j < ZKT_MEMSET_WORDS; j++)
        for (unsigned k = 0; k < 4; k++)
            m[4 * j + k] = (uint8_t)(memset_pattern(j) >> (8 * k));
    for (unsigned i = 0; i < sizeof memset_calls / sizeof memset_calls[0]; i++)
        memset(m + memset_calls[i][0], (int)(memset_calls[i][1] & 255), memset_calls[i][2]);
    uint32_t s = 0;
    for (unsigned j = 0; j < ZKT_MEMSET_WORDS; j++)
        s = (s + s) ^ (m[4 * j] | m[4 * j + 1] << 8 | m[4 * j + 2] << 16 | (uint32_t)m[4 * j + 3] << 24);
    return s;
}
