/* zkt.h — small hand-built programs for the zkVM tests and the fast proving
 * parameters they use. Invariant: every program exits with a known code
 * computed by hand, independent of the prover. */
#ifndef UVM_TESTS_ZKT_H
#define UVM_TESTS_ZKT_H

#include "vmt.h"
#include "zkvm.h"

/* sum 1..10 in a loop, stored to and reloaded from RAM, through a call: exit 55 */
vmt *zkt_sum(void);
/* every branch kind, signed and unsigned, taken and not: exit 0x7f (a bit per check) */
vmt *zkt_branches(void);
/* SLT/SLTU/SLTI/SLTIU on signed/unsigned edge cases, a bit each: exit 25 */
vmt *zkt_lt(void);
/* XOR OR AND XORI ORI ANDI on 0x12345678, 0xf0f0f0f0; exit = the sum of the
 * six results mod 2^32 = 0xf81e43f6 (computed by hand/Python) */
vmt *zkt_logic(void);
/* SLLI SRLI SRAI on 0x80000001 and 0x12345678 by 0, 1, 4, 31, then SLL SRL SRA of
 * 0x80000001 by a register holding 36 (= 4 mod 32); exit = the sum of the 27
 * results mod 2^32 = 0x92c5f943 (computed in Python) */
vmt *zkt_shift(void);
/* SW 0x80f17f45, SB 0xa7 into its lane 1 (0x80f1a745) and into a fresh word,
 * then LBU/LB of each interesting lane, one through a base register that is
 * not 4-aligned; exit = 0x45 + 0xf1 + sx(0x80) + sx(0xa7) + sx(0xf1) + 0x80 +
 * 0xa7 mod 2^32 = 0x175 (by hand) */
vmt *zkt_bytes(void);
/* every M-extension op on every pair of vals[0..n) (n <= 10): rd = op(a, b), then the
 * checksum s = rotl1(s ^ rd) (s starts at 0); exit = s. The expected value
 * is the caller's host computation (tests/zkvm/test_zk_muldiv.c). */
vmt *zkt_muldiv(const uint32_t *vals, unsigned n);
/* every fused row (zkt_fused.c): SB/SW/LB/LW/LBU + addi, ALU pairs with
 * forwarding (rs3 = rd) and a dead write (rd2 = rd), ALU + each branch kind taken
 * and not, in loops; zkt_fused is zkt_fused_base after the translator's fusion
 * pass (NULL if it failed); both exit with the same code (the VM computes it) */
vmt *zkt_fused_base(void);
vmt *zkt_fused(void);
/* SW_ADDI at offsets 1, 2, 3 and across a page (-3..-1) and aligned, SB_ADDI
 * at lanes 1..3, then LW_ADDI (rs3 = rd) at every offset reading them back:
 * exit = the checksum a0 = 3*a0 + (loaded + 3) plus the addi sum. fuse = 0:
 * the base program (the VM's reference), 1: after the fusion pass (NULL if
 * it failed). The word-crossing fused stores and loads go to the lsx chip. */
vmt *zkt_fused_cross(int fuse);
/* write/read/brk: writes "i!\n" to fd 1, "Hi!\n" to fd 2, one bad fd; reads
 * the 7-byte input ZKT_IO_INPUT in 5 + 2 (short) + 0 (EOF) bytes, one bad fd;
 * writes the 7 bytes read and an empty write to fd 1; brk(0), brk(start +
 * 100), brk below start and above the limit. Output ZKT_IO_OUTPUT; exit = the
 * sum of the 14 returned a0s + 'c' (re-read from memory) = 0x88192 (by hand:
 * vmt's heap starts at 0x22000, its limit is the rodata page 0x30000). */
vmt *zkt_io(void);
#define ZKT_IO_INPUT "abcdefg"
#define ZKT_IO_OUTPUT "i!\nabcdefg"
#define ZKT_IO_EXIT 0x88192u
/* low-security parameters for fast tests (and the matching policy) */
stark_params zkt_params(void);
#define ZKT_MIN_SECURITY 20

/* The options proving tests start from: zkt_params(), every row checked
 * against every constraint (naming the first failure). */
zk_prove_opts zkt_opts(void);

/* A proof made and accepted by zkt_prove_verify: the prover's report, the
 * verifier's claim and the proof bytes (zkt_proved_free releases all three). */
typedef struct zkt_proved {
    zk_report rep;
    zk_claim cl;
    uint8_t *proof;
    size_t len;
} zkt_proved;

/* Proves t (vmt_finish'd first) with o (NULL: zkt_opts()) and verifies the
 * proof against t at ZKT_MIN_SECURITY; fails the running cmocka test unless
 * both succeed and both give exit code want_exit. t stays the caller's. */
zkt_proved zkt_prove_verify(vmt *t, const zk_prove_opts *o, uint32_t want_exit);
void zkt_proved_free(zkt_proved *r);

/* zkt_prove_verify(t, NULL, want_exit) keeping only the prover's report
 * (zk_report_free it); frees t. */
zk_report zkt_prove_verify_report(vmt *t, uint32_t want_exit);

/* Proves t with o (its mutate hooks set by the caller) and verifies at
 * ZKT_MIN_SECURITY: 1 when the verifier rejects or the mutant cannot even be
 * proved, 0 when the mutant is accepted. */
int zkt_rejected(vmt *t, const zk_prove_opts *o);

/* Ends t's program: exit with the checksum s = 2s ^ w over the n_words words
 * at the address in register base (s = 0 first), so one exit code covers a
 * whole memory area. */
void zkt_exit_checksum(vmt *t, int base, unsigned n_words);

/* Proves t (vmt_finish'd first) with o (NULL: zkt_opts()); fails the running
 * cmocka test unless the prover refuses, writes no proof and its one-line
 * error contains want. Frees t. */
void zkt_expect_refusal(vmt *t, const zk_prove_opts *o, const char *want);

#endif
