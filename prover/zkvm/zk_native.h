/* zk_native.h — chips of the native uops (chip_keccak*.c): the KECCAK_F1600
 * uop row (execution chip "keccak_io") and the keccak-f[1600] permutation
 * table ("keccak"), joined by BUS_KECCAK. Invariant: a native chip whose uop
 * the program never uses is a one-column stub pinned to 0, so programs
 * without it pay no columns (the verifier decides from the program table). */
#ifndef UVM_ZK_NATIVE_H
#define UVM_ZK_NATIVE_H

#include "zk_wit_int.h"

/* 1 if some row of the program table has canonical op `op`. */
int zk_prog_uses(const zk_prow *prog, uint32_t n_prog, zk_op op);

/* Main columns of chip c (an execution chip or a native table) in the system
 * of this program table: zk_ncols for the base chips, 1 for an unused native chip. */
unsigned zk_chip_main_cols(zk_chip c, const zk_prow *prog, uint32_t n_prog);

/* KECCAK_F1600 uop row. Program row: rs1 = a0 (the state), rs2 = ra, rd = sink.
 * Spec columns: ra = B0 + 2*(QL + 2^16*QH) (the return pc is ra & ~1, even),
 * then per state word j < 50 five columns (old value, prev ts, two
 * ts-difference limbs, new value). */
enum { KIO_B0, KIO_QL, KIO_QH, KIO_W0, KIO_PER_WORD = 5, KIO_N = KIO_W0 + 50 * KIO_PER_WORD };
enum { KIO_OLD, KIO_T, KIO_LA, KIO_LB, KIO_NEW };

/* MEMSET uop row (rs1 = a0 = d, rs2 = a2 = n, rd = sink): ra = B0 + 2*(QL +
 * 2^16*QH); a1 = C + 256*(RL + 2^16*RH); one-hot S (s0 = d & 3) and T (t =
 * the bytes after d + n in its last word); a1 and ra read at sub-step 3. */
enum { MS_B0, MS_QL, MS_QH, MS_C, MS_RL, MS_RH, MS_S0, MS_T0 = MS_S0 + 4,
       MS_V11 = MS_T0 + 4, MS_T11, MS_L11A, MS_L11B, MS_VRA, MS_TRA, MS_LRAA, MS_LRAB, MS_N };
/* memset table: one row per RAM word a MEMSET call touches (chip_mem.c). */
enum { MW_REAL, MW_TS, MW_A, MW_C, MW_R, MW_S0, MW_G = MW_S0 + 4, MW_L1, MW_DL = MW_L1 + 3,
       MW_DH, MW_E0, MW_B0 = MW_E0 + 4, MW_PT = MW_B0 + 4, MW_LA, MW_LB, MW_N };

/* Builder of the MEMSET uop row (chip table: stubbed when the program has none). */
zk_build_fn zk_chip_memset_io;
air_chip *zk_chip_memset(air_system *sys, int present);
/* Witness of a MEMSET uop row (w->row) at d = v1, n = v2, and its word rows
 * into w->memset_rows. Refuses d + n > 2^32. */
int zk_fill_memset(zk_wctx *w, const zk_prow *pr, uint32_t d, uint32_t n, uint32_t *next,
                   uvm_err *err);
/* Moves the word rows into table t (padded with zero rows; a stub when not
 * present), counts its R16 lookups, sets *used. */
int zk_memset_finish(zk_wctx *w, gl_matrix *t, uint64_t *used, int present, uvm_err *err);
zk_r16_fn zk_memset_io_r16;

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

/* Builders (zk_air_build): the uop row into chip c (created with
 * zk_chip_main_cols columns), and the permutation table added to sys. */
zk_build_fn zk_chip_keccak_io;
air_chip *zk_chip_keccak(air_system *sys, int present);

/* Witness: fills the KECCAK uop row w->row (state at v1, return to v2) and
 * the permutation's 24 rows in w->tr[ZC_KECCAK]; *next = v2 & ~1. Refuses a
 * state that is not 4-aligned or wraps past 2^32. */
int zk_fill_keccak(zk_wctx *w, const zk_prow *pr, uint32_t v1, uint32_t v2, uint32_t *next,
                   uvm_err *err);
/* Fills the permutation table's rows from 24 * n_used on with permutations of
 * the zero state (real = 0), so padding satisfies every constraint. */
void zk_keccak_pad(gl_matrix *t, uint64_t n_used);
/* The R16 descriptor of the uop row (zk_r16_fn). */
zk_r16_fn zk_keccak_io_r16;

#endif
