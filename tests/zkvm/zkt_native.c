/* zkt_native.c — the programs of zkt_native.h, built with vmt. */
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
