/* zkt_sha.h — a hand-built program calling SHA256_COMPRESS, for the zkVM
 * sha tests. Invariant: its output is computable on the host from the hints/
 * reference (zkt_sha_expect), never from the prover. */
#ifndef UVM_TESTS_ZKT_SHA_H
#define UVM_TESTS_ZKT_SHA_H

#include "zkt.h"

#define ZKT_SHA_CALLS 4
/* Calls SHA256_COMPRESS n <= ZKT_SHA_CALLS times (a JAL to a slot holding the
 * uop, returning through ra): the FIPS 180-4 "abc" block on the IV, two seeded
 * random blocks chained on that state, and a random block on a second, random
 * state; writes the 32 state bytes to fd 1 after each call; exits 0.
 * a0_off/a1_off: added to the first call's state/block address (0 for the
 * valid program; a misaligned or overlapping one must be refused). */
vmt *zkt_sha(unsigned n, uint32_t a0_off, uint32_t a1_off);
/* The output zkt_sha(n, 0, 0) must write (n * 32 bytes). */
void zkt_sha_expect(unsigned n, uint8_t out[ZKT_SHA_CALLS * 32]);

#endif
