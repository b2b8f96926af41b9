/* elfload.h — internal: what the translator needs from an ELF executable.
 * Invariant: segments are sorted, non-overlapping, inside the file; code
 * ranges lie inside executable segments' file data and are 2-byte aligned. */
#ifndef UVM_XL_ELFLOAD_H
#define UVM_XL_ELFLOAD_H

#include <stddef.h>
#include <stdint.h>

#include <libelf.h>

#include "err.h"
#include "uisa.h"

typedef struct xl_range {
    uint32_t start;       /* [start, end) virtual addresses of code to decode; */
    uint64_t end;         /* end may be 2^32 (code up to the top of the address space) */
} xl_range;

typedef struct xl_image {
    uint32_t entry;
    int rvc_flag;                  /* EF_RISCV_RVC set in e_flags */
    uint32_t n_segments;
    uisa_segment *segments;        /* owned, data owned */
    uint32_t n_ranges;
    xl_range *ranges;              /* sorted, non-overlapping; owned */
    uint32_t n_symbols;
    uisa_symbol *symbols;          /* sorted by (addr, name); owned */
} xl_image;

/* Parses elf (len bytes). Fails with one line naming the problem. */
/* libelf's last error, or `otherwise` when libelf has none to give (it reports
 * "no error" for many malformed inputs). */
const char *xl_elf_why(const char *otherwise);

int xl_elf_load(const uint8_t *elf, size_t len, xl_image *img, uvm_err *err);

/* Reads SHT_SYMTAB into img->symbols (functions, objects, and untyped labels
 * inside code), sorted by (addr, name), duplicates dropped. (elfsyms.c) */
int xl_elf_symbols(Elf *e, xl_image *img, uvm_err *err);

/* The bytes at [addr, addr + n) from the segments' file data, or NULL. */
const uint8_t *xl_image_bytes(const xl_image *img, uint32_t addr, uint32_t n);

void xl_image_free(xl_image *img);

#endif
