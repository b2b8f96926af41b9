/* dsp.c — integer signal processing on int16 little-endian samples: a 31-tap
 * symmetric FIR in Q15 (int32 accumulator: the taps' absolute sum is below 2^15, so
 * |acc| < 2^30), a direct-form-I biquad in Q14 (int64 accumulator) fed by the FIR, and
 * the RMS of 64-sample blocks by an integer square root. Results saturate to int16;
 * shifts of negative values are arithmetic (floor). Prints hashes and statistics. */
#include <stdlib.h>

#include "guest.h"

enum { TAPS = 31, BLOCK = 64 };

/* FIR taps, Q15: h[k] = h[TAPS-1-k]; the centre tap is 1010. */
static const int16_t fir_half[TAPS / 2 + 1] = {-38, -61, -72, -55, 0, 98, 232, 388, 550, 698,
                                               818, 905, 960, 990, 1002, 1010};

/* Biquad, Q14: y = (b0 x + b1 x1 + b2 x2 - a1 y1 - a2 y2) >> 14 (poles at r = 0.9). */
static const int32_t bq_b[3] = {1024, 2048, 1024}, bq_a1 = -23593, bq_a2 = 13271;

static int16_t sat16(int64_t v)
{
    return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

static uint32_t isqrt64(uint64_t v)
{
    uint64_t r = 0, bit = (uint64_t)1 << 62;
    while (bit > v)
        bit >>= 2;
    while (bit) {
        if (v >= r + bit) {
            v -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return (uint32_t)r;
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    if (len < 2 || len % 2)
        guest_fail(GUEST_EXIT_BADINPUT, "dsp: want a non-empty sequence of int16 samples");
    uint32_t n = (uint32_t)(len / 2);
    int16_t *x = malloc(n * sizeof *x);
    if (!x)
        guest_fail(GUEST_EXIT_NOMEM, "dsp: out of memory");
    for (uint32_t i = 0; i < n; i++)
        x[i] = (int16_t)(in[2 * i] | in[2 * i + 1] << 8);
    int32_t h[TAPS];
    for (int k = 0; k < TAPS; k++)
        h[k] = fir_half[k <= TAPS / 2 ? k : TAPS - 1 - k];

    uint32_t fir_h = 2166136261u, iir_h = 2166136261u, zc = 0, rms_sum = 0;
    uint64_t energy = 0, block_sq = 0;
    int32_t peak = 0, x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (uint32_t i = 0; i < n; i++) {
        int32_t acc = 0;
        for (int k = 0; k < TAPS && k <= (int)i; k++) /* samples before 0 are zero */
            acc += h[k] * x[i - (uint32_t)k];
        int16_t f = sat16((acc + (1 << 14)) >> 15);
        fir_h = (fir_h ^ (uint16_t)f) * 16777619u;

        int64_t a = (int64_t)bq_b[0] * f + (int64_t)bq_b[1] * x1 + (int64_t)bq_b[2] * x2 -
                    (int64_t)bq_a1 * y1 - (int64_t)bq_a2 * y2;
        int16_t y = sat16(a >> 14);
        x2 = x1;
        x1 = f;
        y2 = y1;
        y1 = y;
        iir_h = (iir_h ^ (uint16_t)y) * 16777619u;
        int32_t mag = y < 0 ? -y : y;
        peak = mag > peak ? mag : peak;
        energy += (uint64_t)((int32_t)y * y);
        zc += i > 0 && ((y < 0) != (y2 < 0)); /* y2 now holds the previous output */
        block_sq += (uint64_t)((int32_t)y * y);
        if (i % BLOCK == BLOCK - 1 || i == n - 1) {
            rms_sum += isqrt64(block_sq / (i % BLOCK + 1));
            block_sq = 0;
        }
    }
    guest_printf("samples=%lu fir_fnv=%08lx iir_fnv=%08lx\n", (unsigned long)n,
                 (unsigned long)fir_h, (unsigned long)iir_h);
    guest_printf("peak=%ld energy=%016llx zero_crossings=%lu rms_sum=%lu\n", (long)peak,
                 (unsigned long long)energy, (unsigned long)zc, (unsigned long)rms_sum);
    free(x);
    free(in);
    return 0;
}
