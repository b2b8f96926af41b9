/* gl.c — the out-of-line Goldilocks helpers: batch inversion (Montgomery's
 * trick) and roots of unity of exact order. Zeros invert to zero. */
#include "gl.h"

#include "gl_vec.h"

#include <string.h>

/* Chunk size for batch inversion: one field inversion (~100 muls) per chunk,
 * and a local copy of the chunk makes out == in aliasing safe without malloc.
 * Each chunk runs GL_INV_LANES independent Montgomery chains (element i in
 * chain i % LANES): a single chain is one long serial product, so it waits on
 * the multiplier's latency; four chains keep it busy. The inverse is unique,
 * so the result is the same as with one chain, bit for bit. gl2_batch_inv
 * runs the chains on AVX2 lanes when gl_vec.c has them. */
#define GL_INV_CHUNK 512
#define GL_INV_LANES 4

/* inv[l] = 1 / acc[l] (all nonzero) with one field inversion. */
static void inv4(gl_t inv[4], const gl_t acc[4])
{
    gl_t p01 = gl_mul(acc[0], acc[1]), p23 = gl_mul(acc[2], acc[3]);
    gl_t t = gl_inv(gl_mul(p01, p23));
    gl_t i01 = gl_mul(t, p23), i23 = gl_mul(t, p01);
    inv[0] = gl_mul(i01, acc[1]), inv[1] = gl_mul(i01, acc[0]);
    inv[2] = gl_mul(i23, acc[3]), inv[3] = gl_mul(i23, acc[2]);
}

static void inv4_2(gl2_t inv[4], const gl2_t acc[4])
{
    gl2_t p01 = gl2_mul(acc[0], acc[1]), p23 = gl2_mul(acc[2], acc[3]);
    gl2_t t = gl2_inv(gl2_mul(p01, p23));
    gl2_t i01 = gl2_mul(t, p23), i23 = gl2_mul(t, p01);
    inv[0] = gl2_mul(i01, acc[1]), inv[1] = gl2_mul(i01, acc[0]);
    inv[2] = gl2_mul(i23, acc[3]), inv[3] = gl2_mul(i23, acc[2]);
}

void gl_batch_inv(gl_t *out, const gl_t *in, size_t n)
{
    gl_t x[GL_INV_CHUNK];
    for (size_t base = 0; base < n; base += GL_INV_CHUNK) {
        size_t m = n - base < GL_INV_CHUNK ? n - base : GL_INV_CHUNK;
        memcpy(x, in + base, m * sizeof *x);
        gl_t *o = out + base;
        gl_t acc[GL_INV_LANES] = {1, 1, 1, 1}, inv[GL_INV_LANES];
        for (size_t i = 0; i < m; i += GL_INV_LANES)
            for (size_t l = 0; l < GL_INV_LANES && i + l < m; l++) {
                o[i + l] = acc[l]; /* product of the chain's nonzero x before i + l */
                if (x[i + l])
                    acc[l] = gl_mul(acc[l], x[i + l]);
            }
        inv4(inv, acc); /* inverses of the chains' products of all nonzero */
        for (size_t i = (m - 1) & ~(size_t)(GL_INV_LANES - 1);; i -= GL_INV_LANES) {
            for (size_t l = 0; l < GL_INV_LANES && i + l < m; l++) {
                gl_t xi = x[i + l];
                o[i + l] = xi ? gl_mul(inv[l], o[i + l]) : 0;
                if (xi)
                    inv[l] = gl_mul(inv[l], xi);
            }
            if (i == 0)
                break;
        }
    }
}

void gl2_batch_inv(gl2_t *out, const gl2_t *in, size_t n)
{
    gl2_t x[GL_VEC_INV_CHUNK];
    for (size_t base = 0; base < n; base += GL_VEC_INV_CHUNK) {
        size_t m = n - base < GL_VEC_INV_CHUNK ? n - base : GL_VEC_INV_CHUNK;
        memcpy(x, in + base, m * sizeof *x);
        gl2_t *o = out + base;
        if (gl2_vec_inv_chunk(o, x, m)) /* the same chains on AVX2 lanes */
            continue;
        gl2_t acc[GL_INV_LANES] = {{1, 0}, {1, 0}, {1, 0}, {1, 0}}, inv[GL_INV_LANES];
        for (size_t i = 0; i < m; i += GL_INV_LANES)
            for (size_t l = 0; l < GL_INV_LANES && i + l < m; l++) {
                o[i + l] = acc[l];
                if (x[i + l].a || x[i + l].b)
                    acc[l] = gl2_mul(acc[l], x[i + l]);
            }
        inv4_2(inv, acc);
        for (size_t i = (m - 1) & ~(size_t)(GL_INV_LANES - 1);; i -= GL_INV_LANES) {
            for (size_t l = 0; l < GL_INV_LANES && i + l < m; l++) {
                gl2_t xi = x[i + l];
                if (!xi.a && !xi.b) {
                    o[i + l] = gl2(0, 0);
                    continue;
                }
                o[i + l] = gl2_mul(inv[l], o[i + l]);
                inv[l] = gl2_mul(inv[l], xi);
            }
            if (i == 0)
                break;
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
