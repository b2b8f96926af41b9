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

typedef struct xl_options {
    int level;             /* -O level recorded in the program (0, 1, 2) */
    int fuse;              /* rewrite RISC-V sequences into fused uops (-O1, -O2) */
    int native;            /* replace hinted functions by native uops (-O2, --native) */
    const char *hints_path; /* --hints FILE: symbol/address -> native op (may be NULL) */
    int allow_unsupported; /* emit TRAP for unsupported/illegal words instead of failing */
    const char *name;      /* the ELF's name for error messages, e.g. "guest.elf" (may be NULL) */
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

#endif
