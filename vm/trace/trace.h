/* trace.h — runs a program with the tracing loop and records, per executed
 * uop, which slot ran and the values it produced (the prover's witness input).
 * Invariant: rec[i] describes the i-th completed uop of the run, in order;
 * a run that did not end in exit is reported, never silently traced. */
#ifndef UVM_VM_TRACE_H
#define UVM_VM_TRACE_H

#include <stdint.h>

#include "vm.h"

/* One executed uop. w: the value written to rd (for ECALL: a0 after the
 * syscall); maddr/mval: the address and value of its load or store (the
 * stored value for stores), 0 if none. */
typedef struct vm_trace_rec {
    uint32_t slot, w, maddr, mval;
} vm_trace_rec;

/* A block of the program's block table ran whole: records first ..
 * first + blocks[block].n - 1 are its steps, in order (each a base uop at its
 * own slot: the head record's slot is the block's, proved as its first step). */
typedef struct vm_trace_block {
    uint64_t first;
    uint32_t block;
} vm_trace_block;

typedef struct vm_trace {
    vm_trace_rec *rec;  /* n records, owned */
    uint64_t n, cap;
    /* Markers of the blocks that ran with all their steps in these records, in
     * record order (a block cut by a fault or by the end of a slice gets none:
     * its records stay plain base rows). Owned. */
    vm_trace_block *blk;
    uint64_t n_blk, cap_blk;
    int oom;            /* internal: recording ran out of memory */
    vm_trace_rec *cur;  /* internal: the record being filled (spill after oom) */
    vm_trace_rec spill; /* internal: absorbs records that could not be stored */
} vm_trace;

/* Runs p like vm_run (cfg may be NULL) and fills *t with one record per
 * completed uop (at most max_rows; a longer run stops with the cycle limit).
 * Returns 0 with *res filled (any stop reason), -1 with err on a malformed
 * program or out of memory. Free with vm_trace_free. */
int vm_trace_run(const uisa_program *p, const vm_config *cfg, uint64_t max_rows, vm_trace *t,
                 vm_result *res, uvm_err *err);
void vm_trace_free(vm_trace *t);

/* Drops the markers of blocks whose steps do not all lie in t's n records
 * (the run faulted or its slice ended inside them). */
void vm_trace_trim_blocks(vm_trace *t, const uisa_program *p);

/* Segment by segment: a traced run kept open between calls, so that only one
 * segment's records exist at a time (vm/trace/tseg.c). */
typedef struct vm_tseg vm_tseg;

/* Opens a run of p (cfg may be NULL; its max_cycles bounds the whole run).
 * NULL with err on a malformed program or out of memory. p and cfg's input
 * must outlive the run. */
vm_tseg *vm_tseg_open(const uisa_program *p, const vm_config *cfg, uvm_err *err);

/* Runs the next at most max_rows (>= 1) uops, replacing t's records with
 * theirs (t starts zeroed; its buffer is reused; free it with vm_trace_free).
 * *res is the whole run so far: uops and insns_retired are totals, and
 * stop/pc say how this slice ended. *more = 1 when the slice is full and the
 * run continues at res->pc (res->stop is then VM_STOP_CYCLE_LIMIT but the run
 * has not stopped); 0 when the run stopped (exit, fault, or cfg's cycle limit).
 * Returns -1 with err on out of memory or when called after the run stopped. */
int vm_tseg_next(vm_tseg *s, uint64_t max_rows, vm_trace *t, vm_result *res, int *more,
                 uvm_err *err);
void vm_tseg_close(vm_tseg *s);

#endif
