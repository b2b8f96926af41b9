/* loop_fast.c — the lean dispatch loop (no histogram): loop.h instantiated once. */
#define VM_LOOP_NAME vm_loop_fast
#include "loop.h"
