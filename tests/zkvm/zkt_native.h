/* zkt_native.h — hand-built programs calling native uops, for the zkVM
 * native-chip tests. Invariant: each program's exit code is computable on the
 * host from the hints/ reference code (zkt_keccak_expect), not by the prover. */
#ifndef UVM_TESTS_ZKT_NATIVE_H
#define UVM_TESTS_ZKT_NATIVE_H

#include "zkt.h"

/* Stores a fixed pattern into some of the 50 words of a state at VMT_DATA +
 * off (off 8: 4- but not 8-aligned; none when off is not 4-aligned), calls KECCAK_F1600 on it n times (a JAL
 * to a slot holding the uop, which returns through ra), then exits with the
 * XOR of the 50 state words loaded back. */
vmt *zkt_keccak(unsigned n, uint32_t off);
/* The exit code zkt_keccak(n, off) must give, from hint_keccak_f1600. */
uint32_t zkt_keccak_expect(unsigned n);
/* Stores 20 pattern words at VMT_DATA, calls MEMSET six times (unaligned
 * starts and ends, a call inside one word, n = 0 aligned and not, a1 with
 * high bits set), exits with the fold s = 2s ^ word over the 20 words. */
vmt *zkt_memset(void);
/* Its exit code, from the host's memset on the same bytes. */
uint32_t zkt_memset_expect(void);

#endif
