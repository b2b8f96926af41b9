/* passes.h — the optional translation passes run after -O0 lifting.
 * Each pass rewrites slots of an already lifted program in place and keeps the
 * invariants of lift.c (every slot a valid uop; the program indexed by pc). */
#ifndef UVM_XL_PASSES_H
#define UVM_XL_PASSES_H

#include "elfload.h"
#include "xlate.h"

/* Replaces hinted functions by native uops (native.c). */
int xl_native_pass(const xl_image *img, const xl_options *opt, uisa_program *p, uvm_err *err);

/* Rewrites RISC-V sequences into fused uops (fuse.c). Leaves non-base slots alone. */
int xl_fuse_pass(const xl_image *img, const xl_options *opt, uisa_program *p, uvm_err *err);

#endif
