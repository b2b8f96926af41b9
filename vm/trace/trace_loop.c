/* trace_loop.c — the tracing dispatch loop: loop.h with hooks that append one
 * vm_trace_rec per started uop (dropped again by trace.c if it faulted).
 * Invariant: t->cur is the record being filled: the last one, or the spill
 * slot once recording ran out of memory. */
#include <stdlib.h>

#include "trace.h"
#include "vm_internal.h"

/* The trace being filled by the running loop (one run at a time per thread). */
_Thread_local vm_trace *vm_trace_cur;

/* Slow path: grow the buffer. On failure the trace is marked oom and records
 * go to the spill slot, so the run continues and the caller reports it. */
static vm_trace_rec *trace_grow(vm_trace *t)
{
    uint64_t cap = t->cap ? 2 * t->cap : 4096;
    vm_trace_rec *r = t->oom ? NULL : realloc(t->rec, cap * sizeof *r);
    if (!r) {
        t->oom = 1;
        return &t->spill;
    }
    t->rec = r;
    t->cap = cap;
    return &t->rec[t->n++];
}

static inline void trace_uop(vm_trace *t, const vm_dec *dec, uint32_t slot, const uint32_t *x)
{
    /* An ECALL's result reaches a0 inside the syscall layer, without a hook:
     * pick it up when the next uop starts. */
    if (t->cur && dec[t->cur->slot].op == UOP_ECALL)
        t->cur->w = x[10];
    vm_trace_rec *r = t->n < t->cap ? &t->rec[t->n++] : trace_grow(t);
    *r = (vm_trace_rec){slot, x[10], 0, 0};
    t->cur = r;
}

/* A block head starts (record t->n - 1): its marker. Out of memory marks the
 * trace oom, as for records. */
static void trace_block(vm_trace *t, uint32_t block)
{
    if (t->n_blk == t->cap_blk) {
        uint64_t cap = t->cap_blk ? 2 * t->cap_blk : 256;
        vm_trace_block *b = t->oom ? NULL : realloc(t->blk, cap * sizeof *b);
        if (!b) {
            t->oom = 1;
            return;
        }
        t->blk = b;
        t->cap_blk = cap;
    }
    t->blk[t->n_blk++] = (vm_trace_block){t->n - 1, block};
}

static inline void trace_head(vm_trace *t, const uisa_program *p, uint32_t slot)
{
    if (p->n_blocks && p->slots[slot].op == UOP_BLOCK)
        trace_block(t, (uint32_t)p->slots[slot].imm);
}

/* The record of the uop now running: its rd value and memory access. */
static inline void trace_w(vm_trace *t, uint32_t v) { t->cur->w = v; }
static inline void trace_m(vm_trace *t, uint32_t a, uint32_t v)
{
    t->cur->maddr = a;
    t->cur->mval = v;
}

#define VM_LOOP_NAME vm_loop_trace
#define VM_ON_UOP(ip) do {                                          \
        uint32_t ts_ = (uint32_t)((ip) - dec);                          \
        trace_uop(vm_trace_cur, dec, ts_, x);                           \
        if (ts_ < s->n_slots)                                           \
            trace_head(vm_trace_cur, s->prog, ts_);                     \
    } while (0)
#define VM_ON_WRITE(i, v) trace_w(vm_trace_cur, (v))
#define VM_ON_LOAD(a, sz, v) trace_m(vm_trace_cur, (a), (v))
#define VM_ON_STORE(a, sz, v) trace_m(vm_trace_cur, (a), (v))
#include "loop.h"
