/* hints_ref.h — the reference implementations of the native ops (hints.c), alone:
 * only prototypes, so the VM can include it inside its dispatch loop function.
 * Pure functions on host memory: no I/O, no errors, no global state. */
#ifndef UVM_HINTS_REF_H
#define UVM_HINTS_REF_H

#include <stddef.h>
#include <stdint.h>

/* Keccak-f[1600], 24 rounds, in place. Lane i is st[i] (x = i % 5, y = i / 5). */
void hint_keccak_f1600(uint64_t st[25]);

/* One SHA-256 compression (FIPS 180-4 6.2.2): state[0..7] = H0..H7 as native
 * integers; block is 64 bytes read big-endian as W0..W15. block is read before
 * state is written, so they may overlap. */
void hint_sha256_compress(uint32_t state[8], const uint8_t block[64]);

/* out[0..15] = a * b, little-endian 32-bit limbs (512-bit product of two
 * 256-bit numbers). a and b are read completely before out is written, so
 * out may alias either. */
void hint_mul256(uint32_t out[16], const uint32_t a[8], const uint32_t b[8]);

/* Big-number ops on n little-endian 32-bit limbs (1 <= n <= HINT_MAX_LIMBS).
 * Every input is read completely before r is written, so r may alias any input.
 * modmul:  r = a * b mod m; for m = 0, r = a * b mod 2^(32n) (as RISC-V remu:
 *          x mod 0 = x, kept to n limbs).
 * montmul: r = a * b * R^-1 mod m, R = 2^(32n), for odd m (r < m, fully
 *          reduced, for any a and b); for even m (R has no inverse) r = 0. */
#define HINT_MAX_LIMBS 64
void hint_modmul(uint32_t *r, const uint32_t *a, const uint32_t *b, const uint32_t *m, unsigned n);
/* modred:  r = u mod m, u with 2n limbs (for m = 0, u mod 2^(32n)). */
void hint_modred(uint32_t *r, const uint32_t *u, const uint32_t *m, unsigned n);
void hint_montmul(uint32_t *r, const uint32_t *a, const uint32_t *b, const uint32_t *m, unsigned n);

/* The byte-level meaning of the memory ops, defined for every input:
 * memcpy copies forward one byte at a time (so with dst > src overlapping it
 * replicates, exactly like a byte loop); memmove copies as if through a
 * temporary buffer; memset stores the low byte of c. All return dst. */
void *hint_memcpy(void *dst, const void *src, size_t n);
void *hint_memmove(void *dst, const void *src, size_t n);
void *hint_memset(void *dst, int c, size_t n);

#endif
