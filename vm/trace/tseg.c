/* tseg.c — a traced run in slices (continuation segments): one vm_state kept
 * between calls, each call running the loop on a fresh budget from the uop
 * where the previous slice stopped. Invariant: the slices' records, in
 * order, are exactly the records of one uninterrupted traced run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"
#include "vm_internal.h"

extern _Thread_local vm_trace *vm_trace_cur;
void vm_loop_trace(vm_state *s, const vm_dec *ip, int fill, vm_loop_out *out);

struct vm_tseg {
    vm_state *s;
    vm_result res;       /* cumulative; s->res points here */
    const vm_dec *ip;    /* the next uop to start */
    uint64_t left;       /* cfg's max_cycles budget left (UINT64_MAX: none) */
    int done, reported;  /* the run stopped; that was returned */
};

vm_tseg *vm_tseg_open(const uisa_program *p, const vm_config *cfg, uvm_err *err)
{
    vm_tseg *g = calloc(1, sizeof *g);
    if (!g) {
        uvm_errf(err, "trace: out of memory");
        return NULL;
    }
    vm_config c = cfg ? *cfg : (vm_config){0};
    c.stats = 0;
    if (!(g->s = vm_state_new(p, &c, &g->res, err))) {
        free(g);
        return NULL;
    }
    g->left = c.max_cycles ? c.max_cycles : UINT64_MAX;
    vm_loop_out out = {0};
    vm_loop_trace(g->s, NULL, 1, &out); /* labels */
    uint32_t off = p->entry - p->code_base;
    if ((off & ((1u << p->slot_shift) - 1)) ||
        (uint64_t)off >= ((uint64_t)p->n_slots << p->slot_shift)) {
        vm_set_fault(g->s, VM_FAULT_FETCH_OUTSIDE, p->entry, p->entry);
        g->done = 1;
    }
    g->ip = g->s->dec + (off >> p->slot_shift);
    return g;
}

/* An ECALL's a0 reaches the record when the next uop starts; a slice that
 * ends right after an ECALL must pick it up itself. */
static void fix_last_ecall(vm_tseg *g, vm_trace *t)
{
    if (t->n && !t->oom && g->s->dec[t->rec[t->n - 1].slot].op == UOP_ECALL)
        t->rec[t->n - 1].w = g->s->x[10];
}

int vm_tseg_next(vm_tseg *g, uint64_t max_rows, vm_trace *t, vm_result *res, int *more,
                 uvm_err *err)
{
    *more = 0;
    t->n = 0;
    t->n_blk = 0;
    t->cur = NULL;
    t->oom = 0;
    if (g->done) { /* stopped at open (entry outside the code), or called again */
        if (g->reported)
            return uvm_errf(err, "trace: the run already stopped");
        g->reported = 1;
        *res = g->res;
        return 0;
    }
    uint64_t budget = max_rows && max_rows < g->left ? max_rows : g->left;
    g->s->budget = budget;
    g->res.stop = VM_STOP_EXIT;
    vm_trace_cur = t;
    vm_loop_out out = {0};
    vm_loop_trace(g->s, g->ip, 0, &out);
    vm_trace_cur = NULL;
    uint64_t ran = budget - g->s->budget;
    g->ip = out.ip;
    g->left -= g->left == UINT64_MAX ? 0 : ran;
    g->res.uops += ran;
    g->res.insns_retired += ran;
    memcpy(g->res.regs, g->s->x, sizeof g->res.regs);
    g->res.brk = g->s->brk;
    g->res.input_used = g->s->input_pos;
    fix_last_ecall(g, t);
    if (t->oom)
        return uvm_errf(err, "trace: out of memory recording %llu uops",
                        (unsigned long long)ran);
    if (t->n < ran)
        return uvm_errf(err, "trace: %llu records for %llu uops (tracing loop bug)",
                        (unsigned long long)t->n, (unsigned long long)ran);
    t->n = ran;
    vm_trace_trim_blocks(t, g->s->prog);
    *more = g->res.stop == VM_STOP_CYCLE_LIMIT && g->left;
    g->done = g->reported = !*more;
    if (g->res.stop == VM_STOP_CYCLE_LIMIT && !g->left)
        snprintf(g->res.msg, sizeof g->res.msg, "cycle limit reached");
    *res = g->res;
    return 0;
}

void vm_tseg_close(vm_tseg *g)
{
    if (!g)
        return;
    vm_state_free(g->s);
    free(g);
}
