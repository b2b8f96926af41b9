/* chip_sha256.h — the columns of the SHA256_COMPRESS chips (chip_sha256.c): the uop row ("sha_io":
 * 8 state words read and written, 16 block words read) and the compression
 * table ("sha", one round per row, 64 rows per call), joined by BUS_SHA.
 * Invariant: a program without SHA256_COMPRESS gets one-column stubs. */
#ifndef UVM_CHIP_SHA256_H
#define UVM_CHIP_SHA256_H

#include "zk_wit_int.h"

#define ZK_SHA_ROUNDS 64

/* Uop row. Program row: rs1 = a0 (state), rs2 = a1 (block), rd = sink; ra is
 * read at sub-step 3 and split ra = RB0 + 2*(QL + 2^16*QH) (even return pc).
 * Per state word i < 8 (SW0 + 10i): OLD, prev ts T, ts limbs LA/LB, the new
 * word as limbs NL/NH, F (the table's unreduced final word), C0..C2 (bits of
 * the carry: NEW = OLD + F - 2^32*C). Per block word j < 16 (BW0 + 7j): prev
 * ts, ts limbs, bytes B0..B3 (little-endian: the word is sum 256^k Bk). TG:
 * the block's read-only tag (one for all 16 words: a block whose words lie on
 * pages of both kinds is refused by the witness). */
enum { SIO_RB0, SIO_QL, SIO_QH, SIO_VRA, SIO_TRA, SIO_LRAA, SIO_LRAB, SIO_SW0,
       SIO_PER_S = 10, SIO_BW0 = SIO_SW0 + 8 * SIO_PER_S, SIO_PER_B = 7,
       SIO_TG = SIO_BW0 + 16 * SIO_PER_B, SIO_N };
enum { SS_OLD, SS_T, SS_LA, SS_LB, SS_NL, SS_NH, SS_F, SS_C0 };
enum { SB_T, SB_LA, SB_LB, SB_B0 };

/* Compression table, row t = round t of a call (t = row mod 64). Bits of the
 * working variables a, b, c, e, f, g (round input), d and h as words; bits P
 * of X1 and Q of X14 where X0..X15 = W[t..t+15] is the schedule window;
 * S0 = Σ0(a), MAJ, S1 = Σ1(e), CH, SS0 = σ0(X1), SS1 = σ1(X14) as words;
 * AN, EN the new a, e (reduced by carries CA, CE, except on the last row,
 * where the carries are 0 and AN, EN stay unreduced for the uop row); WC the
 * schedule carry (0 on rows 62, 63); ts and real constant over a call. */
#define SP_A(k) (k)
#define SP_B(k) (32 + (k))
#define SP_C(k) (64 + (k))
#define SP_E(k) (96 + (k))
#define SP_F(k) (128 + (k))
#define SP_G(k) (160 + (k))
#define SP_P(k) (192 + (k))
#define SP_Q(k) (224 + (k))
#define SP_X(i) (256 + (i))
enum { SP_D = 272, SP_H, SP_S0, SP_MAJ, SP_S1, SP_CH, SP_AN, SP_EN, SP_CA, SP_CE = SP_CA + 3,
       SP_SS0 = SP_CE + 3, SP_SS1, SP_WC, SP_TS = SP_WC + 2, SP_REAL, SP_N };
/* Fixed: round constant K[t], first round, last round, t >= 62. */
enum { SF_K, SF_FIRST, SF_LAST, SF_WEND, SF_N };

/* K[t]: the first 32 bits of the fractional part of the cube root of the
 * t-th prime (FIPS 180-4 4.2.2), computed here by an integer cube root. */
uint32_t zk_sha_k(unsigned t);



#endif
