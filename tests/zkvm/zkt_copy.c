/* zkt_copy.c — the MEMCPY/MEMMOVE programs of zkt_copy.h, built with vmt. */
#include <string.h>

#include "zkt_copy.h"

static uint32_t pattern(unsigned j) { return 0x9e3779b9u * (j + 7) ^ 0x01020304u * j; }

vmt *zkt_copy(const zkt_copy_call *calls, unsigned n)
{
    vmt *t = vmt_new();
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 12); /* over the two "functions" */
    uint32_t fcpy = vmt_op(t, UOP_MEMCPY, 0, 0, 0, 0);
    uint32_t fmove = vmt_op(t, UOP_MEMMOVE, 0, 0, 0, 0);
    vmt_li(t, X_S2, VMT_DATA);
    for (unsigned j = 0; j < ZKT_COPY_WORDS; j++) {
        vmt_li(t, X_T0, pattern(j));
        vmt_op(t, UOP_SW, 0, X_S2, X_T0, (int32_t)(4 * j));
    }
    for (unsigned i = 0; i < n; i++) {
        uint32_t fn = calls[i].op == UOP_MEMCPY ? fcpy : fmove;
        vmt_op(t, UOP_ADDI, X_A0, X_S2, 0, (int32_t)calls[i].dst);
        vmt_op(t, UOP_ADDI, X_A1, X_S2, 0, (int32_t)calls[i].src);
        vmt_li(t, X_A2, calls[i].n);
        vmt_op(t, UOP_JAL, X_RA, 0, 0, (int32_t)(fn - vmt_pc(t)));
    }
    zkt_exit_checksum(t, X_S2, ZKT_COPY_WORDS);
    return t;
}

uint32_t zkt_copy_expect(const zkt_copy_call *calls, unsigned n)
{
    uint8_t m[4 * ZKT_COPY_WORDS];
    for (unsigned j = 0; j < ZKT_COPY_WORDS; j++)
        for (unsigned k = 0; k < 4; k++)
            m[4 * j + k] = (uint8_t)(pattern(j) >> (8 * k));
    for (unsigned i = 0; i < n; i++) {
        const zkt_copy_call *c = &calls[i];
        int overlap = c->dst < c->src + c->n && c->src < c->dst + c->n;
        if (overlap) /* MEMCPY overlaps only from below here: same as memmove */
            memmove(m + c->dst, m + c->src, c->n);
        else
            memcpy(m + c->dst, m + c->src, c->n);
    }
    uint32_t s = 0;
    for (unsigned j = 0; j < ZKT_COPY_WORDS; j++)
        s = (s + s) ^ (m[4 * j] | m[4 * j + 1] << 8 | m[4 * j + 2] << 16 | (uint32_t)m[4 * j + 3] << 24);
    return s;
}

static zkt_copy_call std_calls[40];

const zkt_copy_call *zkt_copy_calls(unsigned *n)
{
    unsigned k = 0;
    /* MEMCPY, source in bytes [0, 160), destination in [160, 320): every
     * offset pair, n = 0, 1, 2, 3, then 4..19 spanning several words */
    static const uint32_t len[16] = {0, 1, 2, 3, 5, 9, 13, 19, 4, 8, 6, 11, 17, 7, 3, 14};
    for (unsigned i = 0; i < 16; i++)
        std_calls[k++] = (zkt_copy_call){UOP_MEMCPY, 160 + 8 * (i % 16) + (i & 3),
                                         8 * i + (i >> 2), len[i]};
    /* MEMMOVE overlapping from above and below, d = s, long, within one word */
    static const zkt_copy_call mv[] = {
        {UOP_MEMMOVE, 21, 20, 17},  {UOP_MEMMOVE, 45, 40, 30}, {UOP_MEMMOVE, 52, 55, 25},
        {UOP_MEMMOVE, 90, 96, 9},   {UOP_MEMMOVE, 100, 100, 10}, {UOP_MEMMOVE, 131, 129, 1},
        {UOP_MEMMOVE, 2, 4, 70},    {UOP_MEMMOVE, 6, 4, 60},   {UOP_MEMMOVE, 77, 70, 0},
        {UOP_MEMMOVE, 80, 83, 0},   /* n = 0, aligned d: no row, the word of s still read */
        {UOP_MEMCPY, 200, 203, 40}, {UOP_MEMCPY, 240, 240, 6},
    };
    for (unsigned i = 0; i < sizeof mv / sizeof mv[0]; i++)
        std_calls[k++] = mv[i];
    *n = k;
    return std_calls;
}

/* MUL256 calls: (out, a, b) as offsets from VMT_DATA */
static const uint32_t mul_calls[][3] = {{64, 0, 32}, {128, 32, 32}, {0, 0, 64}, {224, 192, 192}};
#define ZKT_MUL_WORDS 72

static uint32_t mul_pattern(unsigned j)
{
    return j < 16 ? 0x9e3779b9u * (j + 3) ^ (j * 0x01010101u) : j >= 48 && j < 56 ? 0xffffffffu : 0;
}

vmt *zkt_mul256(void)
{
    vmt *t = vmt_new();
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 8);
    uint32_t fn = vmt_op(t, UOP_MUL256, 0, 0, 0, 0);
    vmt_li(t, X_S2, VMT_DATA);
    for (unsigned j = 0; j < ZKT_MUL_WORDS; j++)
        if (mul_pattern(j)) {
            vmt_li(t, X_T0, mul_pattern(j));
            vmt_op(t, UOP_SW, 0, X_S2, X_T0, (int32_t)(4 * j));
        }
    for (unsigned i = 0; i < sizeof mul_calls / sizeof mul_calls[0]; i++) {
        vmt_op(t, UOP_ADDI, X_A0, X_S2, 0, (int32_t)mul_calls[i][0]);
        vmt_op(t, UOP_ADDI, X_A1, X_S2, 0, (int32_t)mul_calls[i][1]);
        vmt_op(t, UOP_ADDI, X_A2, X_S2, 0, (int32_t)mul_calls[i][2]);
        vmt_op(t, UOP_JAL, X_RA, 0, 0, (int32_t)(fn - vmt_pc(t)));
    }
    zkt_exit_checksum(t, X_S2, ZKT_MUL_WORDS);
    return t;
}

uint32_t zkt_mul256_expect(void)
{
    uint32_t m[ZKT_MUL_WORDS];
    for (unsigned j = 0; j < ZKT_MUL_WORDS; j++)
        m[j] = mul_pattern(j);
    for (unsigned c = 0; c < sizeof mul_calls / sizeof mul_calls[0]; c++) {
        uint32_t a[8], b[8], r[16] = {0};
        memcpy(a, m + mul_calls[c][1] / 4, sizeof a); /* inputs read before the output */
        memcpy(b, m + mul_calls[c][2] / 4, sizeof b);
        for (unsigned i = 0; i < 8; i++) { /* schoolbook, 32-bit digits */
            uint64_t cy = 0;
            for (unsigned j = 0; j < 8; j++) {
                uint64_t t = (uint64_t)a[i] * b[j] + r[i + j] + cy;
                r[i + j] = (uint32_t)t;
                cy = t >> 32;
            }
            r[i + 8] = (uint32_t)cy;
        }
        memcpy(m + mul_calls[c][0] / 4, r, sizeof r);
    }
    uint32_t s = 0;
    for (unsigned j = 0; j < ZKT_MUL_WORDS; j++)
        s = (s + s) ^ m[j];
    return s;
}
