/* poseidon2.h — the Poseidon2 permutation over Goldilocks, width 8, with the
 * HorizenLabs reference parameters (x^7 S-box, 4+4 full rounds, 22 partial
 * rounds, their round constants and internal diagonal). The hash_ops built on
 * it are reached through hash_get(HASH_POSEIDON2).
 * Invariant: state elements are canonical on input and on output. */
#ifndef UVM_POSEIDON2_H
#define UVM_POSEIDON2_H

#include "gl.h"

#define POSEIDON2_WIDTH 8
#define POSEIDON2_RATE 4 /* sponge rate; capacity = 4 elements (~128-bit) */

void poseidon2_permute(gl_t st[POSEIDON2_WIDTH]);

#endif
