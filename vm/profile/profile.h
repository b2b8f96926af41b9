/* profile.h — per-slot execution counts of a run (the input of the n-gram profiler).
 * Invariant: counts[i] is the number of uops that started at slot i, so a
 * straight-line run of slots i..j executed exactly counts[i] times. */
#ifndef UVM_VM_PROFILE_H
#define UVM_VM_PROFILE_H

#include <stdint.h>

#include "vm.h"

/* Runs p like vm_run and fills counts[0 .. p->n_slots) (caller-allocated, any
 * contents: it is zeroed first) with the number of times each slot's uop
 * started (a uop that faults counts too). Same return and errors as vm_run.
 * Not reentrant within one thread (the loop reads a thread-local pointer). */
int vm_profile_run(const uisa_program *p, const vm_config *cfg, uint64_t *counts,
                   vm_result *res, uvm_err *err);

#endif
