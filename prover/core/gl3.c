/* gl3.c — out-of-line GF(p^3) helpers: batch inversion (Montgomery's trick).
 * Zeros invert to zero; each chunk is copied first so out may alias in. */
#include "gl3.h"

#include <string.h>

#define GL3_INV_CHUNK 256

void gl3_batch_inv(gl3_t *out, const gl3_t *in, size_t n)
{
    gl3_t x[GL3_INV_CHUNK];
    for (size_t base = 0; base < n; base += GL3_INV_CHUNK) {
        size_t m = n - base < GL3_INV_CHUNK ? n - base : GL3_INV_CHUNK;
        memcpy(x, in + base, m * sizeof *x);
        gl3_t *o = out + base, acc = {1, 0, 0};
        for (size_t i = 0; i < m; i++) {
            o[i] = acc; /* product of the nonzero x before i */
            if (!gl3_is_zero(x[i]))
                acc = gl3_mul(acc, x[i]);
        }
        gl3_t inv = gl3_inv(acc); /* inverse of the product of all nonzero */
        for (size_t i = m; i-- > 0;) {
            if (gl3_is_zero(x[i])) {
                o[i] = x[i];
                continue;
            }
            o[i] = gl3_mul(inv, o[i]);
            inv = gl3_mul(inv, x[i]);
        }
    }
}
