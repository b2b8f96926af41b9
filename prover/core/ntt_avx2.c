/* ntt_avx2.c — the NTT layers on 4 AVX2 lanes (arithmetic in gl_avx2.h).
 * Compiled for AVX2 per function (target attribute), so the rest of the
 * library stays baseline x86-64. */
#include "ntt_avx2.h"

#include <stdint.h>

#include "core_env.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#include "gl_avx2.h"

int ntt_avx2_available(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}

AVX2 void ntt_avx2_layer8_range(gl_t *a, size_t h, size_t S, const gl_t *tw, int dit, size_t j0,
                                size_t j1)
{
    for (size_t j = j0; j < j1; j++) {
        __m256i *x = (__m256i *)(a + j * S), *y = (__m256i *)(a + (j + h) * S);
        __m256i x0 = _mm256_loadu_si256(x), x1 = _mm256_loadu_si256(x + 1);
        __m256i y0 = _mm256_loadu_si256(y), y1 = _mm256_loadu_si256(y + 1);
        if (j == 0) { /* twiddle 1 */
            _mm256_storeu_si256(x, v_add(x0, y0));
            _mm256_storeu_si256(x + 1, v_add(x1, y1));
            _mm256_storeu_si256(y, v_sub(x0, y0));
            _mm256_storeu_si256(y + 1, v_sub(x1, y1));
            continue;
        }
        __m256i T = _mm256_set1_epi64x((long long)tw[j]);
        __m256i Th = _mm256_srli_epi64(T, 32);
        if (dit) {
            y0 = v_mul(y0, T, Th);
            y1 = v_mul(y1, T, Th);
            _mm256_storeu_si256(x, v_add(x0, y0));
            _mm256_storeu_si256(x + 1, v_add(x1, y1));
            _mm256_storeu_si256(y, v_sub(x0, y0));
            _mm256_storeu_si256(y + 1, v_sub(x1, y1));
        } else {
            _mm256_storeu_si256(x, v_add(x0, y0));
            _mm256_storeu_si256(x + 1, v_add(x1, y1));
            _mm256_storeu_si256(y, v_mul(v_sub(x0, y0), T, Th));
            _mm256_storeu_si256(y + 1, v_mul(v_sub(x1, y1), T, Th));
        }
    }
}

AVX2 void ntt_avx2_layer8(gl_t *a, size_t n, size_t h, size_t S, const gl_t *tw, int dit)
{
    for (size_t blk = 0; blk < n; blk += 2 * h)
        ntt_avx2_layer8_range(a + blk * S, h, S, tw, dit, 0, h);
}

/* One column (S = 1): 4 consecutive butterflies per vector, twiddles
 * tw[j..j+4) loaded as a vector; j0, j1 multiples of 4. */
AVX2 void ntt_avx2_layer1_range(gl_t *a, size_t h, const gl_t *tw, int dit, size_t j0, size_t j1)
{
    for (size_t j = j0; j < j1; j += 4) {
        __m256i *x = (__m256i *)(a + j), *y = (__m256i *)(a + j + h);
        __m256i T = _mm256_loadu_si256((const __m256i *)(tw + j));
        __m256i Th = _mm256_srli_epi64(T, 32);
        __m256i u = _mm256_loadu_si256(x), v = _mm256_loadu_si256(y);
        if (dit) {
            v = v_mul(v, T, Th);
            _mm256_storeu_si256(x, v_add(u, v));
            _mm256_storeu_si256(y, v_sub(u, v));
        } else {
            _mm256_storeu_si256(x, v_add(u, v));
            _mm256_storeu_si256(y, v_mul(v_sub(u, v), T, Th));
        }
    }
}

AVX2 void ntt_avx2_layer1(gl_t *a, size_t n, size_t h, const gl_t *tw, int dit)
{
    for (size_t blk = 0; blk < n; blk += 2 * h)
        ntt_avx2_layer1_range(a + blk, h, tw, dit, 0, h);
}

/* Copies rows of 8 elements from a contiguous buffer to dst rows `stride`
 * elements apart with non-temporal stores: the LDE output is far larger than
 * the caches, and streaming stores skip reading each line before writing it.
 * Falls back to ordinary stores when dst rows are not 32-byte aligned. */
AVX2 void ntt_avx2_store_rows8(gl_t *dst, size_t stride, const gl_t *src, size_t rows)
{
    int aligned = ((uintptr_t)dst % 32 == 0) && (stride % 4 == 0);
    for (size_t i = 0; i < rows; i++) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(src + 8 * i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(src + 8 * i + 4));
        __m256i *d = (__m256i *)(dst + i * stride);
        if (aligned) {
            _mm256_stream_si256(d, a);
            _mm256_stream_si256(d + 1, b);
        } else {
            _mm256_storeu_si256(d, a);
            _mm256_storeu_si256(d + 1, b);
        }
    }
    _mm_sfence(); /* order the streaming stores before anyone reads them */
}

/* big row (j << b) + r = small row j * f[j] for r < 2^b (8 columns a row):
 * the LDE's hand-off from the inverse transform to the zero-padded DIT. */
AVX2 void ntt_avx2_scale_spread8(gl_t *big, const gl_t *small, const gl_t *f, size_t n, unsigned b)
{
    size_t rep = (size_t)1 << b;
    for (size_t j = 0; j < n; j++) {
        __m256i T = _mm256_set1_epi64x((long long)f[j]), Th = _mm256_srli_epi64(T, 32);
        __m256i v0 = v_mul(_mm256_loadu_si256((const __m256i *)(small + 8 * j)), T, Th);
        __m256i v1 = v_mul(_mm256_loadu_si256((const __m256i *)(small + 8 * j + 4)), T, Th);
        for (size_t r = 0; r < rep; r++) {
            gl_t *d = big + ((j << b) + r) * 8;
            _mm256_storeu_si256((__m256i *)d, v0);
            _mm256_storeu_si256((__m256i *)(d + 4), v1);
        }
    }
}

AVX2 void gl_avx2_ops4(const gl_t a[4], const gl_t b[4], gl_t add[4], gl_t sub[4], gl_t mul[4])
{
    __m256i va = _mm256_loadu_si256((const __m256i *)a), vb = _mm256_loadu_si256((const __m256i *)b);
    _mm256_storeu_si256((__m256i *)add, v_add(va, vb));
    _mm256_storeu_si256((__m256i *)sub, v_sub(va, vb));
    _mm256_storeu_si256((__m256i *)mul, v_mul(va, vb, _mm256_srli_epi64(vb, 32)));
}

#else /* no AVX2 build: never available; the stubs keep the link whole */

int ntt_avx2_available(void) { return 0; }

void ntt_avx2_layer8(gl_t *a, size_t n, size_t h, size_t S, const gl_t *tw, int dit)
{
    (void)a, (void)n, (void)h, (void)S, (void)tw, (void)dit;
}

void ntt_avx2_layer8_range(gl_t *a, size_t h, size_t S, const gl_t *tw, int dit, size_t j0,
                           size_t j1)
{
    (void)a, (void)h, (void)S, (void)tw, (void)dit, (void)j0, (void)j1;
}

void ntt_avx2_layer1(gl_t *a, size_t n, size_t h, const gl_t *tw, int dit)
{
    (void)a, (void)n, (void)h, (void)tw, (void)dit;
}

void ntt_avx2_store_rows8(gl_t *dst, size_t stride, const gl_t *src, size_t rows)
{
    (void)dst, (void)stride, (void)src, (void)rows;
}

void ntt_avx2_layer1_range(gl_t *a, size_t h, const gl_t *tw, int dit, size_t j0, size_t j1)
{
    (void)a, (void)h, (void)tw, (void)dit, (void)j0, (void)j1;
}

void ntt_avx2_scale_spread8(gl_t *big, const gl_t *small, const gl_t *f, size_t n, unsigned b)
{
    (void)big, (void)small, (void)f, (void)n, (void)b;
}

void gl_avx2_ops4(const gl_t a[4], const gl_t b[4], gl_t add[4], gl_t sub[4], gl_t mul[4])
{
    for (int i = 0; i < 4; i++) {
        add[i] = gl_add(a[i], b[i]);
        sub[i] = gl_sub(a[i], b[i]);
        mul[i] = gl_mul(a[i], b[i]);
    }
}
#endif

/* Cached after the first call; racing first calls compute the same value. */
int ntt_avx2_enabled(void)
{
    static _Atomic int cached = -1;
    int v = cached;
    if (v < 0) {
        v = core_simd() >= CORE_SIMD_AVX2 && ntt_avx2_available();
        cached = v;
    }
    return v;
}
