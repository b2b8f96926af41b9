/* glx.h — the challenge field of extension-generic code, chosen per
 * translation unit by GLX_DEG (define it before including): 2 maps glx_* to
 * gl2_* (GF(p^2), X^2 = 7), 3 to gl3_* (GF(p^3), X^3 = 7). A file written
 * over glx_* is compiled once per degree; GLX_NAME(f) gives its exported
 * symbols per-degree names (f_d2, f_d3) so both copies link into one binary,
 * and callers dispatch on the proof's degree. Define once, compile twice.
 * Invariant: a glx_t is GLX_D canonical gl_t coefficients, low first, with no
 * padding, so a row of GLX_D base columns holds one element (glx_load/store).
 * Re-includable: each inclusion re-maps every name to the current GLX_DEG. */
#include <string.h>

#include "gl.h"
#include "gl3.h"
#include "gl_vec.h"

#undef glx_t
#undef GLX_D
#undef GLX_NAME
#undef GLX_SUFFIX
#undef glx_add
#undef glx_sub
#undef glx_neg
#undef glx_mul
#undef glx_sqr
#undef glx_inv
#undef glx_pow
#undef glx_mul_base
#undef glx_from_base
#undef glx_eq
#undef glx_batch_inv
#undef glx_load
#undef glx_add_base
#undef glx_sub_base
#undef glx_base_sub
#undef glx_mul_x
#undef glx_is_zero
#undef glx_in_base
#undef glx_vec_mul
#undef glx_vec_mul_base
#undef glx_store

#define GLX_CAT_(a, b) a##b
#define GLX_CAT(a, b) GLX_CAT_(a, b)

#if GLX_DEG == 2
#define glx_t gl2_t
#define GLX_D 2
#define GLX_SUFFIX _d2
#define glx_add gl2_add
#define glx_sub gl2_sub
#define glx_neg gl2_neg
#define glx_mul gl2_mul
#define glx_sqr gl2_sqr
#define glx_inv gl2_inv
#define glx_pow gl2_pow
#define glx_mul_base gl2_mul_base
#define glx_from_base gl2_from_base
#define glx_eq gl2_eq
#define glx_batch_inv gl2_batch_inv
#define glx_add_base gl2_add_base
#define glx_sub_base gl2_sub_base
#define glx_base_sub gl2_base_sub
#define glx_mul_x gl2_mul_x
#define glx_is_zero gl2_is_zero
#define glx_in_base gl2_in_base
#define glx_vec_mul gl2_vec_mul
#define glx_vec_mul_base gl2_vec_mul_base
#elif GLX_DEG == 3
#define glx_t gl3_t
#define GLX_D 3
#define GLX_SUFFIX _d3
#define glx_add gl3_add
#define glx_sub gl3_sub
#define glx_neg gl3_neg
#define glx_mul gl3_mul
#define glx_sqr gl3_sqr
#define glx_inv gl3_inv
#define glx_pow gl3_pow
#define glx_mul_base gl3_mul_base
#define glx_from_base gl3_from_base
#define glx_eq gl3_eq
#define glx_batch_inv gl3_batch_inv
#define glx_add_base gl3_add_base
#define glx_sub_base gl3_sub_base
#define glx_base_sub gl3_base_sub
#define glx_mul_x gl3_mul_x
#define glx_is_zero gl3_is_zero
#define glx_in_base gl3_in_base
#define glx_vec_mul gl3_vec_mul
#define glx_vec_mul_base gl3_vec_mul_base
#else
#error "glx.h: GLX_DEG must be 2 or 3"
#endif

#define GLX_NAME(f) GLX_CAT(f, GLX_SUFFIX)
/* the coefficients of an lvalue x, low first: glx_c(x)[0 .. GLX_D) */
#define glx_c(x) ((gl_t *)&(x))
/* an element from / to GLX_D consecutive base-field coefficients */
#define glx_load GLX_NAME(glx_load)
#define glx_store GLX_NAME(glx_store)

#ifndef UVM_GLX_LAYOUT_CHECKED
#define UVM_GLX_LAYOUT_CHECKED
_Static_assert(sizeof(gl2_t) == 2 * sizeof(gl_t), "gl2_t is two packed coefficients");
_Static_assert(sizeof(gl3_t) == 3 * sizeof(gl_t), "gl3_t is three packed coefficients");
static inline gl2_t glx_load_d2(const gl_t *p) { gl2_t x; memcpy(&x, p, sizeof x); return x; }
static inline gl3_t glx_load_d3(const gl_t *p) { gl3_t x; memcpy(&x, p, sizeof x); return x; }
static inline void glx_store_d2(gl_t *p, gl2_t x) { memcpy(p, &x, sizeof x); }
static inline void glx_store_d3(gl_t *p, gl3_t x) { memcpy(p, &x, sizeof x); }
#endif
