/* uisa.h — the uISA (expanded from ops.def) and the .uisa program container.
 * A program is indexed by RISC-V pc: slot i describes the uop at
 * pc = code_base + (i << slot_shift). Slots inside an instruction, or where
 * nothing could be translated, hold a TRAP uop. */
#ifndef UVM_UISA_H
#define UVM_UISA_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"

/* ---- the ISA table ---- */

typedef enum uisa_op {
#define UOP(name, tier, fmt, cls, prover, ninsn, doc) UOP_##name,
#include "ops.def"
#undef UOP
    UOP_COUNT,
    /* not a uop: the step of a fused row (STEPS) that its control word names
     * (any ALU step, UISA_FX_ALU_OK) */
    UOP_ALU = UOP_COUNT
} uisa_op;

typedef enum uisa_tier { TIER_BASE, TIER_FUSED, TIER_NATIVE, TIER_BLOCK } uisa_tier;

/* Which operand fields of struct uisa_uop a format uses. */
typedef enum uisa_format {
    FMT_R,    /* rd, rs1, rs2 */
    FMT_I,    /* rd, rs1, imm */
    FMT_S,    /* rs1, rs2, imm (store: base rs1, value rs2) */
    FMT_B,    /* rs1, rs2, imm (branch offset from pc) */
    FMT_U,    /* rd, imm */
    FMT_J,    /* rd, imm (jump offset from pc) */
    FMT_AMO,  /* rd, rs1 (address), rs2 */
    FMT_NONE, /* no operands */
    FMT_TRAP, /* imm = enum uisa_trap, imm2 = raw instruction word */
    /* fused formats (ops_fused.def): two instructions, executed in order;
     * "w" = imm2 as the packed control word of ops_fused.def (UISA_FX_*) */
    FMT_II,   /* rd = op(rs1, imm); then rd2 = R[rs3] + imm2 */
    FMT_SI,   /* store R[rs2] at R[rs1] + imm; then rd2 = R[rs3] + imm2 */
    FMT_AA,   /* rd = op1(rs1, rs2 | imm); then rd2 = op2(rs3, reg | imm12); ops, reg, imm12 in w */
    FMT_AB,   /* rd = op1(rs1, rs2 | imm12); then branch on rs3, reg to pc + imm; op1, reg, imm12 in w */
    FMT_BLOCK, /* imm = index in the block table; ninsn, len: the block's steps and bytes */
    FMT_COUNT
} uisa_format;

/* The kind of operation of each uop (ops.def CLASS): ALU, SHIFT and LT base
 * uops of format R or I are the ALU steps of the fused rows. Not a prover chip:
 * the prover's chip of each uop follows from its PROVER column. */
typedef enum uisa_class {
    CLASS_ALU, CLASS_SHIFT, CLASS_LT, CLASS_MUL, CLASS_DIV, CLASS_LOAD, CLASS_STORE,
    CLASS_BRANCH, CLASS_JUMP, CLASS_SYS, CLASS_AMO, CLASS_COUNT
} uisa_class;

/* Registers by ABI name (the register columns of ops.def: ZK_REGS, ARGS). */
typedef enum uisa_reg {
    UISA_R_zero, UISA_R_ra, UISA_R_sp, UISA_R_gp, UISA_R_tp, UISA_R_t0, UISA_R_t1, UISA_R_t2,
    UISA_R_s0, UISA_R_s1, UISA_R_a0, UISA_R_a1, UISA_R_a2, UISA_R_a3, UISA_R_a4, UISA_R_a5,
    UISA_R_a6, UISA_R_a7, UISA_R_s2, UISA_R_s3, UISA_R_s4, UISA_R_s5, UISA_R_s6, UISA_R_s7,
    UISA_R_s8, UISA_R_s9, UISA_R_s10, UISA_R_s11, UISA_R_t3, UISA_R_t4, UISA_R_t5, UISA_R_t6
} uisa_reg;

typedef enum uisa_trap {
    TRAP_ILLEGAL = 1,     /* not a valid RISC-V encoding */
    TRAP_UNSUPPORTED = 2, /* valid, but outside RV32IMAC (e.g. F/D, CSR) */
    TRAP_MID_INSN = 3,    /* the middle of an instruction: never a jump target */
} uisa_trap;

typedef struct uisa_op_info {
    const char *name;     /* the row name, e.g. "ADD", "AMOSWAP_W" (disasm prints "amoswap.w") */
    uisa_tier tier;
    uisa_format fmt;
    uisa_class cls;
    uint8_t ninsn;        /* RISC-V instructions retired */
    const char *doc;      /* the meaning as a formula */
    /* PROVER column: exactly one of prover (ZK, ZK_PC, ZK_REGS: the canonical
     * op's name), step (STEPS: fused rows) and unprovable (NO) is set */
    const char *prover;   /* the canonical prover op, e.g. "ADDI" for LUI */
    uint8_t step[2];      /* fused: the base uops it composes (UOP_ALU: from w) */
    const char *unprovable; /* the prover's reason for refusing it */
    /* native rows (ops_native.def) */
    const char *hint;     /* the hint op name, e.g. "memcpy" */
    uint8_t n_args;       /* argument registers read (besides ra) */
    uint8_t args[4];      /* their numbers, in calling-convention order */
    uint8_t max_limbs;    /* 0: unsized; else sized by a limb count 1..max_limbs
                           * (the hint's "_n" suffix, the uop's imm) */
} uisa_op_info;

extern const uisa_op_info uisa_ops[UOP_COUNT];
const char *uisa_class_name(uisa_class c);
const char *uisa_tier_name(uisa_tier t);
const char *uisa_format_name(uisa_format f);

/* One uop. 16 bytes; fields a format does not use are zero. */
typedef struct uisa_uop {
    uint8_t op;           /* enum uisa_op */
    uint8_t rd, rs1, rs2; /* register numbers 0..31 */
    uint8_t rd2, rs3;     /* extra registers for fused uops (0 if unused) */
    uint8_t len;          /* bytes of RISC-V code covered (2 or 4 per instruction) */
    uint8_t ninsn;        /* RISC-V instructions covered */
    int32_t imm;
    int32_t imm2;
} uisa_uop;

/* Formats one uop as text ("addi a0, a1, -4"), for listings and error messages.
 * pc is used to print absolute branch/jump targets. Returns chars written. */
int uisa_disasm(const uisa_uop *u, uint32_t pc, char *buf, size_t size);

/* ---- the .uisa container ---- */

enum { UISA_SEG_R = 1, UISA_SEG_W = 2, UISA_SEG_X = 4 };
enum {
    UISA_FLAG_RVC = 1,    /* program may contain 2-byte instructions */
    UISA_FLAG_FUSED = 2,  /* translated with fusion (fused-tier uops may appear) */
    UISA_FLAG_NATIVE = 4, /* translated with native ops from hints */
};

typedef struct uisa_segment {
    uint32_t vaddr;
    uint32_t memsz;       /* bytes mapped; beyond filesz they are zero */
    uint32_t filesz;      /* bytes of data */
    uint32_t flags;       /* UISA_SEG_* */
    uint8_t *data;        /* filesz bytes, owned */
} uisa_segment;

typedef struct uisa_symbol {
    char *name;           /* owned */
    uint32_t addr, size;
    uint32_t is_func;
} uisa_symbol;

/* One block of the block tier: the BLOCK uop at pc stands for these steps,
 * run in order at pc_0 = pc, pc_k+1 = pc_k + steps[k].len. Invariant (checked
 * by uisa_blocks_check): every step is a base uop that can run inside a block
 * (uisa_block_step_ok), only the last may transfer control, the steps after
 * the first equal the slots at their pcs, and [pc, pc + len) lies in one segment. */
#define UISA_BLOCK_MAX 32u /* steps per block: len (<= 4 * 32 bytes) fits a uop's u8 */
typedef struct uisa_block {
    uint32_t pc;
    uint32_t n;           /* steps, 2..UISA_BLOCK_MAX */
    uisa_uop *steps;      /* n base uops, as -O0 lifts them; owned */
} uisa_block;

typedef struct uisa_program {
    uint32_t level;             /* 0, 1, 2: the -O level it was translated at */
    uint32_t flags;             /* UISA_FLAG_* */
    uint8_t elf_hash[32];       /* SHA-256 of the source ELF file */
    uint8_t hints_hash[32];     /* with UISA_FLAG_NATIVE: SHA-256 of the hints the
                                   translator applied (xl_hints_hash); else zero */
    uint32_t entry;             /* initial pc */
    uint32_t code_base;         /* pc of slot 0 */
    uint32_t slot_shift;        /* 1 with RVC (2-byte slots), else 2 */
    uint32_t n_slots;
    uisa_uop *slots;            /* n_slots, owned */
    uint32_t *raw;              /* n_slots: the RISC-V word at each slot (0 if none), owned */
    uint32_t n_segments;
    uisa_segment *segments;     /* sorted by vaddr, non-overlapping, owned */
    uint32_t n_symbols;
    uisa_symbol *symbols;       /* sorted by addr, owned; may be empty */
    uint32_t n_blocks;
    uisa_block *blocks;         /* sorted by pc, disjoint, owned; the BLOCK slot at
                                   blocks[b].pc has imm b (may be empty) */
} uisa_program;

#define UISA_MAGIC "UISA"
#define UISA_VERSION 3u /* 2: hints_hash in the header; 3: the block table */

/* Serialises p: header (magic, version, level, flags, elf hash, hints hash), then the body
 * (optionally zstd-compressed), then a SHA-256 of all preceding bytes.
 * The output is a deterministic function of p. *out is malloc'd. */
int uisa_save(const uisa_program *p, int compress, uint8_t **out, size_t *out_len, uvm_err *err);

/* Parses and validates a container (magic, version, hash, bounds of every
 * table and segment, operand ranges of every uop). Never trusts the input:
 * any truncated, oversized or inconsistent file gives a one-line error. */
int uisa_load(const uint8_t *data, size_t len, uisa_program *p, uvm_err *err);

void uisa_program_free(uisa_program *p);

/* The slot for pc, or NULL if pc is outside the code or not slot-aligned. */
static inline const uisa_uop *uisa_slot(const uisa_program *p, uint32_t pc)
{
    uint32_t off = pc - p->code_base;
    if (off & ((1u << p->slot_shift) - 1))
        return NULL;
    off >>= p->slot_shift;
    return off < p->n_slots ? &p->slots[off] : NULL;
}

/* May base uop u be a step of a block: a base uop that is not TRAP, ECALL or
 * EBREAK (a syscall or a stop ends a block before it). */
int uisa_block_step_ok(const uisa_uop *u);

/* Does u end a straight-line run (branch, jump, or a uop that stops it)? Only
 * a block's last step may. */
int uisa_transfers(const uisa_uop *u);

/* Checks p's block table against its slots, raw words and segments (the
 * invariant of uisa_block); uisa_load runs it, and so does the translator
 * before it emits a program. 0, or -1 with one line naming block and pc. */
int uisa_blocks_check(const uisa_program *p, uvm_err *err);

/* The uop that runs first at slot i: a block head's first step, else the
 * slot's own uop (NULL if i is a BLOCK slot without a valid block). */
static inline const uisa_uop *uisa_slot_step(const uisa_program *p, uint32_t i)
{
    const uisa_uop *u = &p->slots[i];
    if (u->op != UOP_BLOCK)
        return u;
    uint32_t b = (uint32_t)u->imm;
    return b < p->n_blocks && p->blocks[b].n ? &p->blocks[b].steps[0] : NULL;
}

/* The function symbol containing addr, or NULL. */
const uisa_symbol *uisa_symbol_at(const uisa_program *p, uint32_t addr);

#endif
