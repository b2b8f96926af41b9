/* hintcheck.h — xlate --check-hints: runs each hinted function both as its RISC-V
 * body and as its native uop on random inputs inside the VM, and refuses on any
 * difference. Deterministic: the inputs depend only on the function and the op. */
#ifndef UVM_HINTCHECK_H
#define UVM_HINTCHECK_H

#include "err.h"
#include "uisa.h"

/* base: the program translated without native ops; nat: the same ELF with them
 * (same options otherwise, no fusion). For every slot where nat holds a native
 * uop, runs `trials` random inputs (see hintcheck.c for how they are drawn)
 * through a harness built from base. Returns the number of hints checked, or
 * -1 with err naming the first wrong hint, the input and the first difference. */
int hc_check_hints(const uisa_program *base, const uisa_program *nat, unsigned trials,
                   uvm_err *err);

/* The uop limit of each run of a trial in hc_check_hints. */
#define HC_MAX_CYCLES 20000000u

/* Discovery (xlate --suggest-hints): checks one candidate, the function at entry f
 * of base as native uop `uop` (*limbs: its limb count if sized, else 0; 0 for a
 * sized op: found first, from how far one run of the body on the largest operands
 * writes at a0, and returned in *limbs), with exactly hc_check_hints' trials (same
 * inputs, drawn from f, uop and limbs) but at most max_cycles (<= HC_MAX_CYCLES)
 * uops per run, stopping at the first disagreement. So 0 here means hc_check_hints accepts the
 * hint; a run cut short by the smaller limit only rejects. Returns 0 if every
 * trial agrees, else -1 with err "rejected: trial ...: <first difference>". */
int hc_check_candidate(const uisa_program *base, uint32_t f, int uop, int32_t *limbs,
                       unsigned trials, uint64_t max_cycles, uvm_err *err);

#endif
