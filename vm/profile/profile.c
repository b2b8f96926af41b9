/* profile.c — runs a program under the counting loop (loop_profile.c).
 * Invariant: the thread-local counter pointer is set only for the duration of one run. */
#include "profile.h"
#include "profile_internal.h"

int vm_profile_run(const uisa_program *p, const vm_config *cfg, uint64_t *counts,
                   vm_result *res, uvm_err *err)
{
    if (p->n_slots && !counts)
        return uvm_errf(err, "vm profile: no counter array");
    if (p->n_slots)
        memset(counts, 0, (size_t)p->n_slots * sizeof *counts);
    vm_profile_counts_ = counts;
    vm_profile_n_ = p->n_slots;
    int rc = vm_run_with(p, cfg, vm_loop_profile, res, err);
    vm_profile_counts_ = NULL;
    vm_profile_n_ = 0;
    return rc;
}
