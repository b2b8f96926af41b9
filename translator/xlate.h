/* xlate.h — the translator: an RV32IMAC ELF executable in, a uisa_program out.
 * Deterministic: the same ELF bytes and options always give the same program
 * (and so the same .uisa bytes). */
#ifndef UVM_XLATE_H
#define UVM_XLATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "uisa.h"

#define XL_MAX_ELF_BYTES (256u << 20)
#define XL_MAX_HINTS_BYTES (4u << 20)

typedef struct xl_options {
    int level;             /* -O level recorded in the program (0, 1, 2) */
    int fuse;              /* rewrite RISC-V sequences into fused uops (-O1, -O2) */
    int native;            /* replace hinted functions by native uops (-O2, --native) */
    const char *hints_path; /* --hints FILE: symbol/address -> native op (may be NULL) */
    const char *hints_text; /* that file's bytes, if the caller read it (a FIFO or pipe can
                               be read only once): used instead of reading hints_path, which
                               then only names the file in messages (may be NULL) */
    size_t hints_len;
    int strict;            /* refuse an illegal or unsupported word instead of emitting a
                              TRAP uop for it (the default: such a word faults only if executed) */
    const char *name;      /* the ELF's name for error messages, e.g. "guest.elf" (may be NULL) */
    const struct xl_block_list *blocks; /* --blocks: BLOCK uops at these pcs (blocks/blocks.h;
                                           may be NULL); fusion leaves their steps alone */
    const char *blocks_name; /* that list's file name, for messages */
} xl_options;

/* Translates an ELF image (len bytes, not modified, not retained). On success
 * *out owns everything (free with uisa_program_free). On failure *out is
 * empty and err holds one line: "NAME: pc 0x000101a4: unsupported instruction
 * 0x00053007 (flw, F extension)", "NAME: ELF64 is not supported ...", etc. */
int xl_translate(const uint8_t *elf, size_t len, const xl_options *opt, uisa_program *out,
                 uvm_err *err);

/* Writes a listing of p to f: per function symbol, every RISC-V instruction
 * (address, raw bytes, capstone disassembly when built with capstone, else
 * the decoder's mnemonic) beside the uop it became. Zero padding and
 * untranslatable words are shown as such. Returns 0, or -1 on a write error. */
int xl_list(const uisa_program *p, FILE *f);

/* How a RISC-V word decodes when it is no base uop, as the suffix of an
 * "illegal/unsupported instruction 0x..." message: writes
 * " (csrrw, Zicsr extension)" (a valid encoding outside RV32IMAC),
 * " (reserved encoding of c.lui)", or "" when no row matches (plainly illegal).
 * len is the word's length in bytes (2 or 4; 2 reads only raw's low half). */
void xl_word_decoding(uint32_t raw, unsigned len, char *buf, size_t size);

/* The untranslatable words of p (TRAP uops for illegal or unsupported words;
 * zero padding and the middle of instructions are not counted): returns their
 * number and sets *first_pc to the lowest one's pc (unchanged if none). */
uint32_t xl_count_traps(const uisa_program *p, uint32_t *first_pc);

#endif
