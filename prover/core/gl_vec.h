/* gl_vec.h — element-wise Goldilocks and GF(p^2) ops over arrays (the
 * constraint evaluator's block kernels). AVX2 when the CPU has it, unless
 * UVM_PORTABLE=1 (core_env.h); both paths give the same canonical results,
 * bit for bit. out may alias an input exactly (not overlap it partially).
 * gl2_t arrays are pairs (a, b) of gl_t, so an extension add or sub over n
 * elements is gl_vec_add / gl_vec_sub over 2n base elements. */
#ifndef UVM_GL_VEC_H
#define UVM_GL_VEC_H

#include <stddef.h>

#include "gl.h"
#include "gl3.h"

void gl_vec_add(gl_t *out, const gl_t *a, const gl_t *b, size_t n);
void gl_vec_sub(gl_t *out, const gl_t *a, const gl_t *b, size_t n);
void gl_vec_mul(gl_t *out, const gl_t *a, const gl_t *b, size_t n);
/* out[i] = a[i] * b[i] in GF(p^2) */
void gl2_vec_mul(gl2_t *out, const gl2_t *a, const gl2_t *b, size_t n);
/* out[i] = a[i] * s[i], s in the base field */
void gl2_vec_mul_base(gl2_t *out, const gl2_t *a, const gl_t *s, size_t n);

/* The same in GF(p^3) (portable C: degree-3 challenges are the rarer set) */
void gl3_vec_mul(gl3_t *out, const gl3_t *a, const gl3_t *b, size_t n);
void gl3_vec_mul_base(gl3_t *out, const gl3_t *a, const gl_t *s, size_t n);

/* Internal to gl.c (gl2_batch_inv): inverts one chunk x[0..m) into o[0..m)
 * (zeros to zero) with 4 AVX2 lanes as 4 Montgomery chains, using x as
 * scratch: x must have room for m rounded up to 4 elements, m <= chunk.
 * Returns 0 without touching o when the AVX2 path is off (scalar fallback). */
#define GL_VEC_INV_CHUNK 256
int gl2_vec_inv_chunk(gl2_t *o, gl2_t *x, size_t m);

#endif
