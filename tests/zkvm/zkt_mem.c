/* zkt_mem.c — builds the memory-uop test programs of zkt_mem.h and computes
 * their exit codes on a host byte-array model of the data segment. */
#include <string.h>

#include "zkt_mem.h"

static uint8_t pattern(size_t i) { return (uint8_t)(i * 73 + 0x5b); }

/* The model: little-endian memory over the data image, loads sign/zero
 * extended as RISC-V says. Returns the loaded value (0 for stores). */
static uint32_t model(uint8_t *mem, const zkt_mop *m)
{
    size_t i = (size_t)(ZKT_MEM_BASE + m->off - VMT_DATA);
    uint32_t v = 0, n = 0;
    switch (m->op) {
    case UOP_LB: case UOP_LBU: case UOP_SB: n = 1; break;
    case UOP_LH: case UOP_LHU: case UOP_SH: n = 2; break;
    default: n = 4; break;
    }
    if (m->op == UOP_SB || m->op == UOP_SH || m->op == UOP_SW) {
        for (uint32_t k = 0; k < n; k++)
            mem[i + k] = (uint8_t)(m->val >> (8 * k));
        return 0;
    }
    for (uint32_t k = 0; k < n; k++)
        v |= (uint32_t)mem[i + k] << (8 * k);
    if (m->op == UOP_LB && (v & 0x80))
        v |= 0xffffff00u;
    if (m->op == UOP_LH && (v & 0x8000))
        v |= 0xffff0000u;
    return v;
}

vmt *zkt_mem_prog(const zkt_mop *m, size_t n, uint32_t *want)
{
    vmt *t = vmt_new();
    for (size_t i = 0; i < sizeof t->data; i++)
        t->data[i] = pattern(i);
    uint8_t mem[sizeof t->data];
    memcpy(mem, t->data, sizeof mem);
    uint32_t acc = 0;
    vmt_li(t, X_T2, ZKT_MEM_BASE);
    vmt_op(t, UOP_ADDI, X_T1, X_T2, 0, 1); /* an odd base for odd offsets */
    vmt_op(t, UOP_ADDI, X_A0, X_ZERO, 0, 0);
    for (size_t k = 0; k < n; k++) {
        int odd = m[k].off & 1;
        int base = odd ? X_T1 : X_T2;
        int32_t imm = m[k].off - odd;
        uint32_t v = model(mem, &m[k]);
        if (m[k].op == UOP_SB || m[k].op == UOP_SH || m[k].op == UOP_SW) {
            vmt_li(t, X_T0, m[k].val);
            vmt_op(t, m[k].op, 0, base, X_T0, imm);
            continue;
        }
        vmt_op(t, m[k].op, X_T0, base, 0, imm);
        vmt_op(t, UOP_ADD, X_A1, X_A0, X_A0, 0);
        vmt_op(t, UOP_ADD, X_A0, X_A1, X_A0, 0);
        vmt_op(t, UOP_ADD, X_A0, X_A0, X_T0, 0);
        acc = 3 * acc + v;
    }
    vmt_li(t, X_A7, 93);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    *want = acc;
    return t;
}
