/* trace.c — vm_trace_run: one traced run (see trace.h). Invariant: on return
 * t->n equals the completed uops of the run (the faulting or not-started uop's
 * record is dropped). */
#include <stdlib.h>
#include <string.h>

#include "trace.h"
#include "vm_internal.h"

extern _Thread_local vm_trace *vm_trace_cur;
void vm_loop_trace(vm_state *s, const vm_dec *ip, int fill, vm_loop_out *out);

int vm_trace_run(const uisa_program *p, const vm_config *cfg, uint64_t max_rows, vm_trace *t,
                 vm_result *res, uvm_err *err)
{
    memset(t, 0, sizeof *t);
    vm_config c = cfg ? *cfg : (vm_config){0};
    if (max_rows && (!c.max_cycles || c.max_cycles > max_rows))
        c.max_cycles = max_rows;
    c.stats = 0;
    vm_trace_cur = t;
    int rc = vm_run_with(p, &c, vm_loop_trace, res, err);
    vm_trace_cur = NULL;
    if (rc) {
        vm_trace_free(t);
        return -1;
    }
    if (t->oom) {
        vm_trace_free(t);
        return uvm_errf(err, "trace: out of memory recording %llu uops",
                        (unsigned long long)res->uops);
    }
    if (t->n < res->uops) {
        vm_trace_free(t);
        return uvm_errf(err, "trace: %llu records for %llu uops (tracing loop bug)",
                        (unsigned long long)t->n, (unsigned long long)res->uops);
    }
    t->n = res->uops;
    vm_trace_trim_blocks(t, p);
    return 0;
}

void vm_trace_trim_blocks(vm_trace *t, const uisa_program *p)
{
    while (t->n_blk && t->blk[t->n_blk - 1].first + p->blocks[t->blk[t->n_blk - 1].block].n > t->n)
        t->n_blk--;
}

void vm_trace_free(vm_trace *t)
{
    free(t->rec);
    free(t->blk);
    memset(t, 0, sizeof *t);
}
