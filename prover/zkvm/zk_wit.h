/* zk_wit.h — witness generation: turns a traced run into the chips' main
 * traces. Invariant: the traces it returns satisfy every constraint of
 * zk_air.c and balance every bus with the public sum of the statement it
 * returns (touched keys, initial values), or it fails naming why. */
#ifndef UVM_ZK_WIT_H
#define UVM_ZK_WIT_H

#include "ntt.h"
#include "trace.h"
#include "zk_int.h"

typedef struct zk_witness {
    gl_matrix tr[ZC_COUNT];  /* main trace per chip, system order */
    uint64_t rows[ZC_COUNT]; /* used (non-padding) rows per chip */
    uint64_t n_touched;
    uint64_t *keys;          /* sorted, owned */
    uint32_t *init;          /* initial value per key, owned */
} zk_witness;

/* Decoded program table of p: *rows (owned) has *n entries, a power of two
 * >= max(n_slots, 8); row i is slot i. */
int zk_prog_build(const uisa_program *p, zk_prow **rows, uint32_t *n, uvm_err *err);

/* Initial value of a memory key: registers (x2 = the VM's initial sp), the
 * state keys (cursors 0, the break vm_heap_bounds' start) or the 32-bit RAM
 * word from p's segments (0 outside file data). */
uint32_t zk_init_value(const uisa_program *p, uint64_t key);

/* Builds the witness of the run `t` (which must have ended in exit) on the
 * given input (guest fd 0). */
int zk_witness_build(const uisa_program *p, const zk_prow *prog, uint32_t n_prog,
                     const vm_trace *t, const uint8_t *input, size_t input_len, zk_witness *w,
                     uvm_err *err);
void zk_witness_free(zk_witness *w);

#endif
