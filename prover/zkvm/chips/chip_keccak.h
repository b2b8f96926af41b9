/* chip_keccak.h — the columns of the KECCAK_F1600 chips (chip_keccak.c): the
 * uop row (execution chip "keccak_io") and the keccak-f[1600] permutation
 * table ("keccak"), joined by BUS_KECCAK. Invariant: a native chip whose uop
 * the program never uses is a one-column stub pinned to 0, so programs
 * without it pay no columns (the verifier decides from the program table). */
#ifndef UVM_CHIP_KECCAK_H
#define UVM_CHIP_KECCAK_H

#include "zk_wit_int.h"

/* KECCAK_F1600 uop row. Program row: rs1 = a0 (the state), rs2 = ra, rd = sink.
 * Spec columns: ra = B0 + 2*(QL + 2^16*QH) (the return pc is ra & ~1, even),
 * then per state word j < 50 five columns (old value, prev ts, two
 * ts-difference limbs, new value). */
enum { KIO_B0, KIO_QL, KIO_QH, KIO_W0, KIO_PER_WORD = 5, KIO_N = KIO_W0 + 50 * KIO_PER_WORD };
enum { KIO_OLD, KIO_T, KIO_LA, KIO_LB, KIO_NEW };

/* Permutation table: one row per round, 24 rows per permutation. Lane
 * (x, y) is state word pair i = x + 5y (memory words 2i, 2i + 1 = bits 0..31,
 * 32..63). Main columns: A' (theta's output) bits, C (column parities of the
 * round input A) and C' (parities of A') bits, A and the round output (chi +
 * iota) as 32-bit halves, D = chi's bits of lane 0 at the 7 positions a round
 * constant can touch, ts and real (constant over a permutation). Fixed:
 * those 7 round-constant bits, first round, last round. */
#define ZK_KECCAK_ROUNDS 24
#define KP_AP(x, y, z) ((5 * (y) + (x)) * 64 + (z))
#define KP_C(x, z) (1600 + 64 * (x) + (z))
#define KP_CP(x, z) (1920 + 64 * (x) + (z))
#define KP_A(i, h) (2240 + 2 * (i) + (h))
#define KP_AO(i, h) (2290 + 2 * (i) + (h))
#define KP_D(j) (2340 + (j))
enum { KP_TS = 2347, KP_REAL, KP_N };
enum { KF_RC0, KF_FIRST = 7, KF_LAST, KF_N };
/* The bit positions 2^j - 1 (j < 7) where round constants can be 1. */
#define ZK_KECCAK_RCPOS(j) ((1u << (j)) - 1)

/* Rotation offsets rho[x + 5y] and round constants (FIPS 202 3.2.2, 3.2.5). */
void zk_keccak_rho(unsigned rho[25]);
uint64_t zk_keccak_rc(unsigned round);



#endif
