/* zk_wit.h — witness generation: turns a traced run into the chips' main
 * traces. Invariant: the traces it returns satisfy every constraint of
 * zk_air.c and balance every bus with the public sum of the statement it
 * returns (touched keys, initial values), or it fails naming why. */
#ifndef UVM_ZK_WIT_H
#define UVM_ZK_WIT_H

#include "ntt.h"
#include "zk_int.h"

/* The VM's trace (vm/trace/trace.h), by name only: the verifier includes this header
 * for the program table and the initial values, and needs no VM header. */
typedef struct vm_trace vm_trace;

/* A memory map: key -> value (and, in a segment's shadow, initial value and
 * last timestamp), open addressing. A segment's shadow starts from `prior`,
 * the values at the segment's start (NULL: the program image).
 * ev: in a segment's shadow, the number of brk events before the key's last
 * access (zk_wit.c heap_sync). The run's map (the values after the segments
 * proved so far) keeps in ts the segment that last set the key, and in rel
 * each finished segment's lowest break (zk_mem_end_seg): a heap key whose
 * page a later segment released reads 0, as on the VM. */
typedef struct zk_slot { uint64_t key; uint32_t val, init, ts, used, ev; } zk_slot;
typedef struct zk_shadow {
    zk_slot *t;
    uint64_t cap, n;
    const struct zk_shadow *prior;
    zk_minstk rel;                 /* segment index -> its lowest break (run's map only) */
    uint32_t seg;                  /* segments finished so far (run's map only) */
    uint32_t brk_start, brk_limit; /* abi_heap_bounds, set by zk_mem_end_seg */
} zk_shadow;

/* The value of key in m (absent: its value in m->prior; NULL m or no prior:
 * zk_init_value); 0 for a heap key whose page the break released (some
 * finished segment after the one that set it has a break at or below its
 * page; O(log segments)). Never inserts the key. */
uint32_t zk_mem_value(const zk_shadow *m, const uisa_program *p, uint64_t key);
/* m[key] = val, set by the segment m->seg (0, or -1 out of memory). */
int zk_mem_set(zk_shadow *m, const uisa_program *p, uint64_t key, uint32_t val);
/* Ends segment m->seg, whose lowest break at any step was brk_min (0, -1 out of memory). */
int zk_mem_end_seg(zk_shadow *m, const uisa_program *p, uint32_t brk_min);
void zk_mem_free(zk_shadow *m);

typedef struct zk_witness {
    gl_matrix tr[ZC_COUNT];  /* main trace per chip, system order */
    uint64_t rows[ZC_COUNT]; /* used (non-padding) rows per chip */
    uint64_t n_touched;
    uint64_t *keys;          /* sorted, owned */
    uint32_t *init;          /* initial value per key, owned */
    uint32_t *final;         /* final value per key, owned */
    uint64_t n_steps;        /* execution timestamps used (0 .. n_steps-1): the EXEC end */
    uint32_t n_brk;
    zk_brk_ev *brk;          /* the segment's brk calls in ts order (zk_memmap.h), owned */
} zk_witness;

/* Decoded program table of p: *rows (owned) has *n entries, a power of two
 * >= max(n_slots, 8); row i is slot i. */
int zk_prog_build(const uisa_program *p, zk_prow **rows, uint32_t *n, uvm_err *err);

/* Initial value of a memory key: registers (x2 = the VM's initial sp), the
 * state keys (cursors 0, the break abi_heap_bounds' start) or the 32-bit RAM
 * word (tagged read-only or not: the same address) from p's segments (0
 * outside file data). */
uint32_t zk_init_value(const uisa_program *p, uint64_t key);

/* Builds the witness of one segment: the uops of `t` (at least one), starting
 * from the memory values `prior` (NULL: the program image) at timestamp 0, on the
 * given input (guest fd 0).
 * ends_exit: its last uop must be the exit; else the uop after it must be at
 * end_pc.
 * follow (tests only: zk_prove_opts.fault): take each base row's rd value,
 * a store's value, a load's bytes (read as if memory held them) and a
 * branch's next pc from the records instead of checking them, so a faulty
 * record is proved as it stands; with ZK_FOLLOW_STALE also (zk_prove_opts
 * fault.heap_stale) heap words keep their chains through brk releases. */
#define ZK_FOLLOW_STALE 2
int zk_witness_build(const uisa_program *p, const zk_prow *prog, uint32_t n_prog,
                     const vm_trace *t, const uint8_t *input, size_t input_len,
                     const zk_shadow *prior, int ends_exit, uint32_t end_pc, int follow,
                     zk_witness *w, uvm_err *err);
void zk_witness_free(zk_witness *w);

#endif
