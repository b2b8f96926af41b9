/* oplist.h — test helper: a decoded instruction's operands in assembler
 * order (what objdump and capstone print), as a flat list of registers and
 * immediates. "imm(reg)" flattens to imm, reg; "(reg)" to reg. Branch and
 * jump targets are offsets from pc; LUI/AUIPC immediates the 20-bit field.
 * The order is written from the RISC-V assembly syntax, per row format. */
#ifndef UVM_TEST_OPLIST_H
#define UVM_TEST_OPLIST_H

#include <stdint.h>
#include <string.h>

#include "rv32.h"

typedef struct opv {
    char t;      /* 'r' register, 'i' immediate */
    int64_t v;
} opv;

typedef struct oplist {
    int n;
    opv o[4];
} oplist;

static inline void ol_r(oplist *l, int r) { l->o[l->n++] = (opv){'r', r}; }
static inline void ol_i(oplist *l, int64_t v) { l->o[l->n++] = (opv){'i', v}; }

static inline int ol_is_memop(const char *name)
{
    static const char *const m[] = {"lb", "lh", "lw", "lbu", "lhu", "jalr", NULL};
    for (int i = 0; m[i]; i++)
        if (!strcmp(name, m[i]))
            return 1;
    return 0;
}

/* The operands of instruction (row, u) as the assembler writes them. */
static inline oplist ol_expected(const xl_row *row, const uisa_uop *u)
{
    oplist l = {0};
    switch (row->fmt) {
    case XF_R: ol_r(&l, u->rd), ol_r(&l, u->rs1), ol_r(&l, u->rs2); break;
    case XF_I:
        if (ol_is_memop(row->name))
            ol_r(&l, u->rd), ol_i(&l, u->imm), ol_r(&l, u->rs1);
        else
            ol_r(&l, u->rd), ol_r(&l, u->rs1), ol_i(&l, u->imm);
        break;
    case XF_SH: ol_r(&l, u->rd), ol_r(&l, u->rs1), ol_i(&l, u->imm); break;
    case XF_S: ol_r(&l, u->rs2), ol_i(&l, u->imm), ol_r(&l, u->rs1); break;
    case XF_B: ol_r(&l, u->rs1), ol_r(&l, u->rs2), ol_i(&l, u->imm); break;
    case XF_U: ol_r(&l, u->rd), ol_i(&l, ((uint32_t)u->imm >> 12) & 0xfffff); break;
    case XF_J: ol_r(&l, u->rd), ol_i(&l, u->imm); break;
    case XF_AMO: ol_r(&l, u->rd), ol_r(&l, u->rs2), ol_r(&l, u->rs1); break;
    case XF_LR: ol_r(&l, u->rd), ol_r(&l, u->rs1); break;
    case XF_CIW: ol_r(&l, u->rd), ol_r(&l, 2), ol_i(&l, u->imm); break;
    case XF_CLW: case XF_CLWSP: ol_r(&l, u->rd), ol_i(&l, u->imm), ol_r(&l, u->rs1); break;
    case XF_CSW: case XF_CSWSP: ol_r(&l, u->rs2), ol_i(&l, u->imm), ol_r(&l, u->rs1); break;
    case XF_CADDI: case XF_CLI: case XF_CSHR: case XF_CANDI: case XF_CSLLI:
        if (strcmp(row->name, "c.nop"))
            ol_r(&l, u->rd), ol_i(&l, u->imm);
        break;
    case XF_C16SP: ol_r(&l, 2), ol_i(&l, u->imm); break;
    case XF_CLUI: ol_r(&l, u->rd), ol_i(&l, ((uint32_t)u->imm >> 12) & 0xfffff); break;
    case XF_CA: case XF_CMV: case XF_CADD: ol_r(&l, u->rd), ol_r(&l, u->rs2); break;
    case XF_CJ: case XF_CJAL: ol_i(&l, u->imm); break;
    case XF_CBZ: ol_r(&l, u->rs1), ol_i(&l, u->imm); break;
    case XF_CJR: case XF_CJALR: ol_r(&l, u->rs1); break;
    case XF_N: case XF_CN: case XF_XU: break;
    }
    return l;
}

static inline int ol_equal(const oplist *a, const oplist *b)
{
    if (a->n != b->n)
        return 0;
    for (int i = 0; i < a->n; i++)
        if (a->o[i].t != b->o[i].t || a->o[i].v != b->o[i].v)
            return 0;
    return 1;
}

static inline void ol_format(const oplist *l, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = 0;
    for (int i = 0; i < l->n && k < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s%c%lld", i ? "," : "", l->o[i].t == 'r' ? 'x' : '#',
                              (long long)l->o[i].v);
}

#endif
