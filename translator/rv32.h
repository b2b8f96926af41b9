/* rv32.h — the RV32IMAC(+Zifencei) decoder: one table (rv32.def) and a
 * decode function that turns one instruction into one base uop.
 * Invariant: a decoded XL_OK instruction is a base-tier uop whose operand
 * fields obey its ops.def format (unused fields zero, regs < 32). */
#ifndef UVM_XL_RV32_H
#define UVM_XL_RV32_H

#include <stddef.h>
#include <stdint.h>

#include "uisa.h"

/* Operand extraction formats of rv32.def rows. */
typedef enum xl_fmt {
    XF_R, XF_I, XF_SH, XF_S, XF_B, XF_U, XF_J, XF_AMO, XF_LR, XF_N, XF_XU,
    XF_CIW, XF_CLW, XF_CSW, XF_CADDI, XF_CJAL, XF_CLI, XF_C16SP, XF_CLUI, XF_CSHR,
    XF_CANDI, XF_CA, XF_CJ, XF_CBZ, XF_CSLLI, XF_CLWSP, XF_CSWSP, XF_CN, XF_CJR,
    XF_CJALR, XF_CMV, XF_CADD,
} xl_fmt;

typedef struct xl_row {
    const char *name;   /* mnemonic, e.g. "addi", "c.lwsp", "flw" */
    uint8_t bits;       /* 16 or 32 */
    uint32_t match, mask;
    xl_fmt fmt;
    uint8_t uop;        /* enum uisa_op: the base uop, UOP_TRAP for unsupported rows */
    const char *ext;    /* ISA extension, e.g. "M", "C", "F" */
} xl_row;

extern const xl_row xl_rows[];
extern const size_t xl_nrows;

typedef enum xl_status {
    XL_OK,          /* u holds the uop */
    XL_UNSUPPORTED, /* a valid encoding outside RV32IMAC+Zifencei (row names it) */
    XL_ILLEGAL,     /* no valid instruction, or a reserved encoding */
} xl_status;

typedef struct xl_insn {
    xl_status status;
    uint8_t len;        /* 2 or 4, from the low two bits of the first halfword */
    int row;            /* index in xl_rows, -1 if no row matched */
    uisa_uop u;         /* XL_OK: the uop (len, ninsn set); otherwise zero */
} xl_insn;

/* Decodes the instruction whose first bytes are `word` (little-endian; only
 * the low 16 bits are read when they denote a compressed instruction). */
void xl_decode(uint32_t word, xl_insn *out);

/* Length of the instruction starting with halfword h: 2 or 4 (48-bit and
 * longer encodings are reported as 4 and decode as illegal). */
static inline unsigned xl_insn_len(uint32_t h) { return (h & 3) == 3 ? 4 : 2; }

#endif
