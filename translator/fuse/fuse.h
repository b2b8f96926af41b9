/* fuse.h — the pair matcher of the fusion pass, exposed for tests.
 * Invariant: a match is exactly the in-order composition of the two base uops. */
#ifndef UVM_XL_FUSE_H
#define UVM_XL_FUSE_H

#include <stdint.h>

#include "uisa.h"

/* If base uops a (at pc) and b (at pc + a->len) form a fused uop, writes it to
 * *out and returns 1; else returns 0. p gives the code bounds (a fused branch
 * needs its target inside the code). Does not modify p. */
int xl_fuse_pair(const uisa_program *p, uint32_t pc, const uisa_uop *a, const uisa_uop *b,
                 uisa_uop *out);

#endif
