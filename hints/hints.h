/* hints.h — the catalogue of native ops: for each, its name (as in hints files and
 * UISA_NATIVE), the ops_native.def row it becomes and its calling convention. The ONE
 * reference implementation of each (VM bodies, hint checking, tests) is in hints_ref.h. */
#ifndef UVM_HINTS_H
#define UVM_HINTS_H

#include <stddef.h>
#include <stdint.h>

#include "hints_ref.h"

typedef enum hint_op {
    HINT_KECCAK_F1600,    /* keccak_f1600(uint64_t st[25])                         */
    HINT_SHA256_COMPRESS, /* sha256_compress(uint32_t state[8], const uint8_t b[64]) */
    HINT_MEMCPY,          /* void *memcpy(void *d, const void *s, size_t n)          */
    HINT_MEMSET,          /* void *memset(void *d, int c, size_t n)                  */
    HINT_MEMMOVE,         /* void *memmove(void *d, const void *s, size_t n)         */
    HINT_MUL256,          /* mul256(uint32_t out[16], const uint32_t a[8], const uint32_t b[8]) */
    HINT_COUNT
} hint_op;

typedef struct hint_info {
    const char *name;     /* as written in hints files and UISA_NATIVE(): "keccak_f1600" */
    const char *uop;      /* the ops_native.def row it becomes: "KECCAK_F1600" */
    const char *conv;     /* calling convention, one line (ilp32: a0..a2 arguments) */
} hint_info;

extern const hint_info hint_ops[HINT_COUNT];

/* The op named name (exact, lowercase), or HINT_COUNT if none. */
hint_op hint_by_name(const char *name);

#endif
