/* loop_profile.c — the dispatch loop with a per-slot counter on every uop start.
 * Invariant: counts slot (ip - dec); tail entries past the code are not counted. */
#include "profile_internal.h"

_Thread_local uint64_t *vm_profile_counts_;
_Thread_local uint32_t vm_profile_n_;

#define VM_LOOP_NAME vm_loop_profile
#define VM_ON_UOP(ip)                                              \
    do {                                                           \
        uint32_t pi_ = (uint32_t)((ip) - dec);                     \
        if (pi_ < vm_profile_n_)                                   \
            vm_profile_counts_[pi_]++;                             \
    } while (0)
#include "loop.h"
