/* zkt_fused.c — the -O1 test program of zkt.h: a base program exercising
 * every fused row, and the same program after the translator's fusion pass.
 * Invariant: the two compute the same exit code (the VM checks it). */
#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "zkt.h"

/* Skips the next uop when the branch is taken (offset from the branch). */
#define SKIP 8

vmt *zkt_fused_base(void)
{
    vmt *t = vmt_new();
    vmt_li(t, X_S2, VMT_DATA);
    vmt_li(t, X_T0, 5);
    uint32_t l1 = vmt_pc(t);
    vmt_op(t, UOP_SB, 0, X_S2, X_T0, 0);             /* SB_ADDI */
    vmt_op(t, UOP_ADDI, X_S2, X_S2, 0, 1);
    vmt_op(t, UOP_ADDI, X_T0, X_T0, 0, -1);          /* ALU_BNE, forwarded */
    vmt_op(t, UOP_BNE, 0, X_T0, X_ZERO, (int32_t)(l1 - vmt_pc(t)));
    vmt_li(t, X_S2, VMT_DATA);
    vmt_li(t, X_S3, 0x81223344u);
    vmt_op(t, UOP_SW, 0, X_S2, X_S3, 8);             /* SW_ADDI */
    vmt_op(t, UOP_ADDI, X_S3, X_S3, 0, 3);
    vmt_op(t, UOP_LW, X_A1, X_S2, 0, 8);             /* LW_ADDI */
    vmt_op(t, UOP_ADDI, X_S2, X_S2, 0, 4);
    vmt_op(t, UOP_LB, X_A2, X_S2, 0, 7);             /* LB_ADDI, rd2 = rs3 = rd: 0x81 */
    vmt_op(t, UOP_ADDI, X_A2, X_A2, 0, 1);
    vmt_op(t, UOP_LBU, 13, X_S2, 0, -3);             /* LBU_ADDI, rs3 = rd: 4 */
    vmt_op(t, UOP_ADDI, 14, 13, 0, 7);
    vmt_op(t, UOP_ADD, X_A0, X_A1, X_A2, 0);         /* ALU_ALU add; sltu (carry) */
    vmt_op(t, UOP_SLTU, X_T1, X_A0, X_A1, 0);
    vmt_op(t, UOP_SLLI, X_T2, X_A1, 0, 3);           /* ALU_ALU slli; or */
    vmt_op(t, UOP_OR, X_A0, X_T2, X_A0, 0);
    vmt_op(t, UOP_ADDI, X_T2, X_T2, 0, 5);           /* ALU_ALU, rd2 = rd */
    vmt_op(t, UOP_ADDI, X_T2, X_T2, 0, 9);
    vmt_op(t, UOP_XOR, X_A0, X_A0, X_T2, 0);         /* ALU_ALU xor; srai */
    vmt_op(t, UOP_SRAI, 15, X_A0, 0, 2);
    vmt_op(t, UOP_SUB, 16, X_ZERO, X_T1, 0);         /* ALU_BLT: -1 < 0 taken */
    vmt_op(t, UOP_BLT, 0, 16, X_ZERO, SKIP);
    vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 1000);
    vmt_op(t, UOP_SLTI, 17, 16, 0, 0);               /* ALU_BGE: 1 >= 0 taken */
    vmt_op(t, UOP_BGE, 0, 17, X_ZERO, SKIP);
    vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 2000);
    vmt_op(t, UOP_ANDI, 28, X_A1, 0, 0x7f0);         /* ALU_BLTU: a1 < 0x340 no */
    vmt_op(t, UOP_BLTU, 0, X_A1, 28, SKIP);
    vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 7);
    vmt_op(t, UOP_SRLI, 29, X_A1, 0, 4);             /* ALU_BGEU: a1 >= a1>>4 taken */
    vmt_op(t, UOP_BGEU, 0, X_A1, 29, SKIP);
    vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 3000);
    vmt_op(t, UOP_SLL, 30, X_T1, X_T1, 0);           /* ALU_BEQ: 0 == 0 taken */
    vmt_op(t, UOP_BEQ, 0, 30, X_ZERO, SKIP);
    vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 5000);
    vmt_op(t, UOP_SUB, X_S4, X_A1, X_A2, 0);         /* ALU_ALU sub; addi (forwarded) */
    vmt_op(t, UOP_ADDI, X_S4, X_S4, 0, -77);
    vmt_op(t, UOP_ADD, X_A0, X_A0, X_S4, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 13, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 14, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 15, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 16, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, 17, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, X_S3, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, X_S2, 0);
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    return t;
}

/* a after the translator's fusion pass (a is freed; NULL if the pass failed) */
static vmt *fused(vmt *a)
{
    vmt *b = vmt_new();
    vmt_finish(a);
    memcpy(b, a, sizeof *a);
    b->p.slots = b->slots, b->p.raw = b->raw;
    vmt_free(a);
    xl_options opt = {.level = 1, .fuse = 1};
    if (xl_fuse_pass(NULL, &opt, &b->p, &b->err)) {
        vmt_free(b);
        return NULL;
    }
    vmt_finish(b);
    return b;
}

vmt *zkt_fused(void) { return fused(zkt_fused_base()); }

vmt *zkt_fused_cross(int fuse)
{
    static const struct { uisa_op op; int32_t off; uint32_t val; } m[] = {
        {UOP_SW, 1, 0x89abcdefu}, {UOP_SW, 6, 0x01728394u}, {UOP_SW, 11, 0xfedc0b0au},
        {UOP_SW, -3, 0x7f00ff80u}, {UOP_SW, -2, 0x80ff007fu}, {UOP_SW, -1, 0x13572468u},
        {UOP_SW, 16, 0xa5a5c3c3u}, {UOP_SB, 17, 0x80u}, {UOP_SB, 18, 0x7fu}, {UOP_SB, 19, 0xffu},
        {UOP_LW, -4, 0}, {UOP_LW, 0, 0}, {UOP_LW, -3, 0}, {UOP_LW, -2, 0}, {UOP_LW, -1, 0},
        {UOP_LW, 1, 0}, {UOP_LW, 2, 0}, {UOP_LW, 3, 0}, {UOP_LW, 4, 0}, {UOP_LW, 5, 0},
        {UOP_LW, 7, 0}, {UOP_LW, 8, 0}, {UOP_LW, 12, 0}, {UOP_LW, 15, 0}, {UOP_LW, 16, 0},
        {UOP_LW, 17, 0},
    };
    vmt *t = vmt_new();
    for (size_t i = 0; i < sizeof t->data; i++)
        t->data[i] = (uint8_t)(i * 73 + 0x5b);
    uint32_t base = VMT_DATA + 0x1000u; /* offsets -4..3 straddle the page boundary */
    vmt_li(t, X_T2, base);
    vmt_op(t, UOP_ADDI, X_T1, X_T2, 0, 1); /* an odd base for odd offsets */
    vmt_op(t, UOP_ADDI, X_A0, X_ZERO, 0, 0);
    vmt_op(t, UOP_ADDI, X_S3, X_ZERO, 0, 0);
    for (size_t k = 0; k < sizeof m / sizeof m[0]; k++) {
        int odd = m[k].off & 1, reg = odd ? X_T1 : X_T2;
        if (m[k].op == UOP_SW || m[k].op == UOP_SB) {
            vmt_li(t, X_T0, m[k].val);
            vmt_op(t, m[k].op, 0, reg, X_T0, m[k].off - odd); /* SW_ADDI / SB_ADDI */
            vmt_op(t, UOP_ADDI, X_S3, X_S3, 0, (int32_t)k + 1);
        } else {
            vmt_op(t, m[k].op, X_T0, reg, 0, m[k].off - odd); /* LW_ADDI, rs3 = rd */
            vmt_op(t, UOP_ADDI, X_S4, X_T0, 0, 3);
        }
        vmt_op(t, UOP_JAL, 0, 0, 0, 4); /* ends the run: the pair above is fused */
        if (m[k].op == UOP_LW) { /* a0 = 3*a0 + s4 */
            vmt_op(t, UOP_ADD, X_A1, X_A0, X_A0, 0);
            vmt_op(t, UOP_ADD, X_A0, X_A1, X_A0, 0);
            vmt_op(t, UOP_ADD, X_A0, X_A0, X_S4, 0);
        }
    }
    vmt_op(t, UOP_ADD, X_A0, X_A0, X_S3, 0);
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    return fuse ? fused(t) : t;
}
