/* decode.c — table-driven RV32IMAC decoder: the first rv32.def row whose mask
 * matches picks the format; the format extracts operands into a base uop.
 * Compressed rows expand to the uop of their base instruction with len = 2;
 * reserved compressed encodings (zero immediates, rd = 0 where forbidden,
 * shamt[5] = 1 on RV32) are XL_ILLEGAL. */
#include "rv32.h"

#include <string.h>

const xl_row xl_rows[] = {
#define INSN(name_, bits_, match_, mask_, fmt_, uop_, ext_) \
    {.name = name_, .bits = bits_, .match = match_, .mask = mask_, .fmt = XF_##fmt_, \
     .uop = UOP_##uop_, .ext = ext_},
#include "rv32.def"
#undef INSN
};
const size_t xl_nrows = sizeof xl_rows / sizeof xl_rows[0];

static int32_t sext(uint32_t v, unsigned bits)
{
    return (int32_t)(v << (32 - bits)) >> (32 - bits);
}

static unsigned f_rd(uint32_t w) { return (w >> 7) & 31; }
static unsigned f_rs1(uint32_t w) { return (w >> 15) & 31; }
static unsigned f_rs2(uint32_t w) { return (w >> 20) & 31; }

/* Immediates of the 32-bit formats (RISC-V unprivileged spec, ch. 2.3). */
static int32_t imm_i(uint32_t w) { return (int32_t)w >> 20; }
static int32_t imm_s(uint32_t w) { return ((int32_t)w >> 25) * 32 + (int32_t)((w >> 7) & 31); }
static int32_t imm_b(uint32_t w)
{
    uint32_t v = ((w >> 19) & 0x1000) | ((w << 4) & 0x800) | ((w >> 20) & 0x7e0) |
                 ((w >> 7) & 0x1e);
    return sext(v, 13);
}
static int32_t imm_j(uint32_t w)
{
    uint32_t v = ((w >> 11) & 0x100000) | (w & 0xff000) | ((w >> 9) & 0x800) |
                 ((w >> 20) & 0x7fe);
    return sext(v, 21);
}

/* Fills a 32-bit instruction's operands; returns 0, or -1 if reserved. */
static int ops32(xl_fmt f, uint32_t w, uisa_uop *u)
{
    switch (f) {
    case XF_R: case XF_AMO:
        u->rd = f_rd(w), u->rs1 = f_rs1(w), u->rs2 = f_rs2(w);
        return 0;
    case XF_LR:
        u->rd = f_rd(w), u->rs1 = f_rs1(w);
        return 0;
    case XF_I:
        u->rd = f_rd(w), u->rs1 = f_rs1(w), u->imm = imm_i(w);
        return 0;
    case XF_SH:
        u->rd = f_rd(w), u->rs1 = f_rs1(w), u->imm = (int32_t)f_rs2(w);
        return 0;
    case XF_S:
        u->rs1 = f_rs1(w), u->rs2 = f_rs2(w), u->imm = imm_s(w);
        return 0;
    case XF_B:
        u->rs1 = f_rs1(w), u->rs2 = f_rs2(w), u->imm = imm_b(w);
        return 0;
    case XF_U:
        u->rd = f_rd(w), u->imm = (int32_t)(w & 0xfffff000u);
        return 0;
    case XF_J:
        u->rd = f_rd(w), u->imm = imm_j(w);
        return 0;
    case XF_N:
        return 0;
    default:
        return -1;
    }
}

/* Compressed register fields: full (5-bit) and primed (3-bit, x8..x15). */
static unsigned c_rd(uint32_t h) { return (h >> 7) & 31; }
static unsigned c_rs2(uint32_t h) { return (h >> 2) & 31; }
static unsigned c_rdp(uint32_t h) { return 8 + ((h >> 2) & 7); }
static unsigned c_rs1p(uint32_t h) { return 8 + ((h >> 7) & 7); }
static int32_t c_imm6(uint32_t h) { return sext(((h >> 7) & 0x20) | ((h >> 2) & 0x1f), 6); }

static int32_t c_imm_j(uint32_t h)
{
    uint32_t v = ((h >> 1) & 0x800) | ((h >> 7) & 0x10) | ((h >> 1) & 0x300) |
                 ((h << 2) & 0x400) | ((h >> 1) & 0x40) | ((h << 1) & 0x80) |
                 ((h >> 2) & 0xe) | ((h << 3) & 0x20);
    return sext(v, 12);
}

static int32_t c_imm_b(uint32_t h)
{
    uint32_t v = ((h >> 4) & 0x100) | ((h >> 7) & 0x18) | ((h << 1) & 0xc0) |
                 ((h >> 2) & 0x6) | ((h << 3) & 0x20);
    return sext(v, 9);
}

static uint32_t c_uimm_w(uint32_t h)  /* c.lw / c.sw offset */
{
    return ((h >> 7) & 0x38) | ((h >> 4) & 0x4) | ((h << 1) & 0x40);
}

/* Memory and immediate forms of the compressed set; -1 marks a reserved encoding. */
static int ops16_mem(xl_fmt f, uint32_t h, uisa_uop *u)
{
    switch (f) {
    case XF_CIW: /* addi rd', sp, nzuimm */
        u->rd = c_rdp(h), u->rs1 = 2;
        u->imm = (int32_t)(((h >> 7) & 0x30) | ((h >> 1) & 0x3c0) | ((h >> 4) & 0x4) |
                           ((h >> 2) & 0x8));
        return u->imm ? 0 : -1;
    case XF_CLW:
        u->rd = c_rdp(h), u->rs1 = c_rs1p(h), u->imm = (int32_t)c_uimm_w(h);
        return 0;
    case XF_CSW:
        u->rs2 = c_rdp(h), u->rs1 = c_rs1p(h), u->imm = (int32_t)c_uimm_w(h);
        return 0;
    case XF_CLWSP: /* reserved for rd = 0 */
        u->rd = c_rd(h), u->rs1 = 2;
        u->imm = (int32_t)(((h >> 7) & 0x20) | ((h >> 2) & 0x1c) | ((h << 4) & 0xc0));
        return u->rd ? 0 : -1;
    case XF_CSWSP:
        u->rs2 = c_rs2(h), u->rs1 = 2;
        u->imm = (int32_t)(((h >> 7) & 0x3c) | ((h >> 1) & 0xc0));
        return 0;
    case XF_C16SP: /* addi sp, sp, nzimm; reserved for nzimm = 0 */
        u->rd = u->rs1 = 2;
        u->imm = sext(((h >> 3) & 0x200) | ((h >> 2) & 0x10) | ((h << 1) & 0x40) |
                      ((h << 4) & 0x180) | ((h << 3) & 0x20), 10);
        return u->imm ? 0 : -1;
    case XF_CLUI: /* rd = 0 is a hint; reserved for nzimm = 0 */
        u->rd = c_rd(h);
        u->imm = sext(((h << 5) & 0x20000) | ((h << 10) & 0x1f000), 18);
        return u->imm ? 0 : -1;
    default:
        return 1; /* not a memory/immediate form */
    }
}

static int ops16(xl_fmt f, uint32_t h, uisa_uop *u)
{
    int r = ops16_mem(f, h, u);
    if (r <= 0)
        return r;
    switch (f) {
    case XF_CADDI: /* rd = 0 or imm = 0 are hints: the uop is then a no-op */
        u->rd = u->rs1 = c_rd(h), u->imm = c_imm6(h);
        return 0;
    case XF_CLI:
        u->rd = c_rd(h), u->rs1 = 0, u->imm = c_imm6(h);
        return 0;
    case XF_CJAL: case XF_CJ:
        u->rd = f == XF_CJAL ? 1 : 0, u->imm = c_imm_j(h);
        return 0;
    case XF_CSHR: case XF_CSLLI: /* shamt[5] = 1 is reserved on RV32 */
        u->rd = u->rs1 = f == XF_CSHR ? c_rs1p(h) : c_rd(h);
        u->imm = (int32_t)((h >> 2) & 0x1f);
        return (h & 0x1000) ? -1 : 0;
    case XF_CANDI:
        u->rd = u->rs1 = c_rs1p(h), u->imm = c_imm6(h);
        return 0;
    case XF_CA:
        u->rd = u->rs1 = c_rs1p(h), u->rs2 = c_rdp(h);
        return 0;
    case XF_CBZ:
        u->rs1 = c_rs1p(h), u->rs2 = 0, u->imm = c_imm_b(h);
        return 0;
    case XF_CJR: case XF_CJALR: /* c.jr with rs1 = 0 is reserved */
        u->rd = f == XF_CJALR ? 1 : 0, u->rs1 = c_rd(h);
        return u->rs1 ? 0 : -1;
    case XF_CMV:
        u->rd = c_rd(h), u->rs1 = 0, u->rs2 = c_rs2(h);
        return 0;
    case XF_CADD:
        u->rd = u->rs1 = c_rd(h), u->rs2 = c_rs2(h);
        return 0;
    case XF_CN:
        return 0;
    default:
        return -1;
    }
}

void xl_decode(uint32_t word, xl_insn *out)
{
    memset(out, 0, sizeof *out);
    out->len = (uint8_t)xl_insn_len(word);
    out->row = -1;
    out->status = XL_ILLEGAL;
    unsigned bits = out->len * 8;
    uint32_t w = bits == 16 ? word & 0xffff : word;
    for (size_t i = 0; i < xl_nrows; i++) {
        const xl_row *r = &xl_rows[i];
        if (r->bits != bits || (w & r->mask) != r->match)
            continue;
        out->row = (int)i;
        if (r->fmt == XF_XU) {
            out->status = XL_UNSUPPORTED;
            return;
        }
        uisa_uop u = {.op = r->uop, .len = out->len, .ninsn = 1};
        if ((bits == 16 ? ops16(r->fmt, w, &u) : ops32(r->fmt, w, &u)) != 0)
            return; /* reserved encoding of this row: illegal */
        out->u = u;
        out->status = XL_OK;
        return;
    }
}
