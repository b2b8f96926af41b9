/* loop_stats.c — the dispatch loop that also counts every uop per op
 * (vm_config.stats): the same loop.h with VM_LOOP_STATS. */
#define VM_LOOP_NAME vm_loop_stats
#define VM_LOOP_STATS 1
#include "loop.h"
