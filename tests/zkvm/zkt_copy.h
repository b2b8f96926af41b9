/* zkt_copy.h — hand-built programs calling MEMCPY and MEMMOVE for the zkVM
 * copy-chip tests. Invariant: each program's exit code comes from the host's
 * memcpy/memmove on the same bytes (zkt_copy_expect), never from the prover. */
#ifndef UVM_TESTS_ZKT_COPY_H
#define UVM_TESTS_ZKT_COPY_H

#include "zkt.h"

/* One call: the uop (UOP_MEMCPY or UOP_MEMMOVE), destination and source as
 * byte offsets from VMT_DATA, length. */
typedef struct zkt_copy_call { int op; uint32_t dst, src, n; } zkt_copy_call;

/* Stores ZKT_COPY_WORDS pattern words at VMT_DATA, makes the calls in order
 * (a JAL to a slot holding the uop, which returns through ra), then exits
 * with the fold s = 2s ^ word over the words. */
#define ZKT_COPY_WORDS 80
vmt *zkt_copy(const zkt_copy_call *calls, unsigned n);
/* Its exit code, from the host's memcpy (memmove where the ranges overlap). */
uint32_t zkt_copy_expect(const zkt_copy_call *calls, unsigned n);
/* The standard call list: all 16 (d & 3, s & 3) pairs for MEMCPY with n = 0,
 * 1, 2, 3 and longer, MEMMOVE overlapping both ways (and d = s), MEMCPY
 * overlapping from below. *n receives its length. */
const zkt_copy_call *zkt_copy_calls(unsigned *n);

/* MUL256: stores x (8 words at VMT_DATA), y (at +32) and eight 0xffffffff
 * words (at +192), then calls MUL256(out, a, b) for (64, 0, 32), a square
 * (128, 32, 32), an output over its own input a (0, 0, 64) and all-ones
 * (224, 192, 192); exits with the fold s = 2s ^ word over the first 72 words. */
vmt *zkt_mul256(void);
/* Its exit code, from a schoolbook product computed here on the host. */
uint32_t zkt_mul256_expect(void);

#endif
