/* zkt_mem.h — memory-uop test programs for the zkVM (halfword, misaligned,
 * atomic accesses at edge addresses) with their expected exit code from a
 * host model of memory. Invariant: the model never uses the VM or prover. */
#ifndef UVM_TESTS_ZKT_MEM_H
#define UVM_TESTS_ZKT_MEM_H

#include <stddef.h>

#include "zkt.h"

/* One memory uop at byte address ZKT_MEM_BASE + off. Stores write val; loads
 * fold their value into the checksum acc = 3*acc + value (mod 2^32), which
 * is the exit code. An odd off uses a base register that is itself odd. */
typedef struct zkt_mop {
    uisa_op op;
    int32_t off;
    uint32_t val;
} zkt_mop;

/* The second data page starts here: offsets -4..3 straddle a page boundary. */
#define ZKT_MEM_BASE (VMT_DATA + 0x1000u)

/* The program for m[0..n) over a data image with a fixed byte pattern (bytes
 * with and without the sign bit); *want = the host model's exit code. */
vmt *zkt_mem_prog(const zkt_mop *m, size_t n, uint32_t *want);

#endif
