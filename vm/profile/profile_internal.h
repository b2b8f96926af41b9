/* profile_internal.h — what the profiling loop and its driver share.
 * Invariant: vm_profile_counts_ holds vm_profile_n_ counters while a profiled run is active. */
#ifndef UVM_VM_PROFILE_INTERNAL_H
#define UVM_VM_PROFILE_INTERNAL_H

#include "vm_internal.h"

extern _Thread_local uint64_t *vm_profile_counts_;
extern _Thread_local uint32_t vm_profile_n_;
void vm_loop_profile(vm_state *s, const vm_dec *ip, int fill, vm_loop_out *out);

#endif
