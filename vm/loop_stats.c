/* loop_stats.c — the dispatch loop that also counts every uop per op
 * (vm_config.stats): the same loop.h with VM_LOOP_STATS, and the instructions
 * of the blocks it enters (a block head's slot is a BLOCK in the program). */
#define VM_LOOP_NAME vm_loop_stats
#define VM_LOOP_STATS 1
#define VM_ON_UOP(ip) do {                                                      \
        uint32_t bs_ = (uint32_t)((ip) - dec);                                  \
        if (s->prog->n_blocks && bs_ < s->n_slots &&                            \
            s->prog->slots[bs_].op == UOP_BLOCK)                                \
            s->res->block_insns += s->prog->slots[bs_].ninsn;                   \
    } while (0)
#include "loop.h"
