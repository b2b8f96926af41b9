/* gl.c — the out-of-line Goldilocks helpers: batch inversion (Montgomery's
 * trick) and roots of unity of exact order. Zeros invert to zero. */
#include "gl.h"

#include <string.h>

/* Chunk size for batch inversion: one field inversion (~100 muls) per chunk,
 * and a local copy of the chunk makes out == in aliasing safe without malloc. */
#define GL_INV_CHUNK 512

void gl_batch_inv(gl_t *out, const gl_t *in, size_t n)
{
    gl_t x[GL_INV_CHUNK];
    for (size_t base = 0; base < n; base += GL_INV_CHUNK) {
        size_t m = n - base < GL_INV_CHUNK ? n - base : GL_INV_CHUNK;
        memcpy(x, in + base, m * sizeof *x);
        gl_t *o = out + base;
        gl_t acc = 1;
        for (size_t i = 0; i < m; i++) {
            o[i] = acc;               /* product of the nonzero x[0..i) */
            if (x[i])
                acc = gl_mul(acc, x[i]);
        }
        gl_t inv = gl_inv(acc);       /* inverse of the product of all nonzero */
        for (size_t i = m; i-- > 0;) {
            if (!x[i]) {
                o[i] = 0;
                continue;
            }
            gl_t xi = gl_mul(inv, o[i]);
            inv = gl_mul(inv, x[i]);
            o[i] = xi;
        }
    }
}

void gl2_batch_inv(gl2_t *out, const gl2_t *in, size_t n)
{
    gl2_t x[GL_INV_CHUNK / 2];
    for (size_t base = 0; base < n; base += GL_INV_CHUNK / 2) {
        size_t m = n - base < GL_INV_CHUNK / 2 ? n - base : GL_INV_CHUNK / 2;
        memcpy(x, in + base, m * sizeof *x);
        gl2_t *o = out + base;
        gl2_t acc = gl2(1, 0);
        for (size_t i = 0; i < m; i++) {
            o[i] = acc;
            if (x[i].a || x[i].b)
                acc = gl2_mul(acc, x[i]);
        }
        gl2_t inv = gl2_inv(acc);
        for (size_t i = m; i-- > 0;) {
            if (!x[i].a && !x[i].b) {
                o[i] = gl2(0, 0);
                continue;
            }
            gl2_t xi = gl2_mul(inv, o[i]);
            inv = gl2_mul(inv, x[i]);
            o[i] = xi;
        }
    }
}

/* 7 generates F_p^*, so 7^((p-1)/2^k) has order exactly 2^k. Callers ask for
 * log_n <= GL_TWO_ADICITY; larger values are clamped (no such subgroup). */
gl_t gl_root_of_unity(unsigned log_n)
{
    if (log_n > GL_TWO_ADICITY)
        log_n = GL_TWO_ADICITY;
    return gl_pow(GL_GENERATOR, (GL_P - 1) >> log_n);
}
