/* div64.c — 64-bit arithmetic on a 32-bit machine: for each input pair (a, b) of
 * little-endian u64: a / b and a % b, gcd(a, b), a * b mod (2^61 - 1) by shift-and-add,
 * and the decimal digits of a (repeated division by 10). Pairs with b = 0 are counted,
 * not divided. Prints running digests. */
#include <stdlib.h>

#include "guest.h"

static uint64_t gcd64(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static uint64_t mulmod61(uint64_t a, uint64_t b)
{
    const uint64_t m = (1ull << 61) - 1;
    uint64_t r = 0;
    a %= m;
    b %= m;
    while (b) {
        if (b & 1) {
            r += a;
            if (r >= m)
                r -= m;
        }
        a <<= 1;
        if (a >= m)
            a -= m;
        b >>= 1;
    }
    return r;
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    if (len == 0 || len % 16 != 0)
        guest_fail(GUEST_EXIT_BADINPUT, "div64: want pairs of u64");
    uint64_t qsum = 0, rsum = 0, gsum = 0, msum = 0, digits = 0, dsum = 0;
    uint32_t zero_div = 0;
    for (size_t off = 0; off < len; off += 16) {
        uint64_t a = guest_le64(in + off), b = guest_le64(in + off + 8);
        if (b == 0) {
            zero_div++;
        } else {
            qsum += a / b;
            rsum ^= (a % b) * 0x9E3779B97F4A7C15ull;
        }
        gsum += gcd64(a, b);
        msum ^= mulmod61(a, b) + (msum << 7);
        for (uint64_t x = a; x; x /= 10) {
            digits++;
            dsum = dsum * 31 + x % 10;
        }
    }
    guest_printf("pairs=%lu zero_div=%lu digits=%llu\n", (unsigned long)(len / 16),
                 (unsigned long)zero_div, (unsigned long long)digits);
    guest_printf("qsum=%016llx rsum=%016llx gsum=%016llx\n", (unsigned long long)qsum,
                 (unsigned long long)rsum, (unsigned long long)gsum);
    guest_printf("msum=%016llx dsum=%016llx\n", (unsigned long long)msum, (unsigned long long)dsum);
    free(in);
    return 0;
}
