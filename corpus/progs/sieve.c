/* sieve.c — linear (Euler) sieve up to N with the Möbius function: a few MB of heap
 * (grows the break well past the program), signed 64-bit division and remainder.
 * Input: text "N" (2 <= N <= 4000000). Prints pi(N), the sum of the primes, the Mertens
 * function M(N), the largest prime gap and a signed 64-bit division digest. */
#include <stdlib.h>

#include "guest.h"

int main(void)
{
    size_t len;
    char *in = (char *)guest_read_all(&len);
    char *end;
    unsigned long n = strtoul(in, &end, 10);
    if (end == in || n < 2 || n > 4000000ul)
        guest_fail(GUEST_EXIT_BADINPUT, "sieve: want N in 2..4000000");
    uint8_t *composite = calloc(n + 1, 1);
    int8_t *mu = malloc(n + 1);
    uint32_t *primes = malloc((n / 2 + 2) * sizeof *primes);
    if (!composite || !mu || !primes)
        guest_fail(GUEST_EXIT_NOMEM, "sieve: out of memory");
    uint32_t count = 0;
    mu[1] = 1;
    for (uint32_t i = 2; i <= n; i++) {
        if (!composite[i]) {
            primes[count++] = i;
            mu[i] = -1;
        }
        for (uint32_t k = 0; k < count && (uint64_t)i * primes[k] <= n; k++) {
            uint32_t c = i * primes[k];
            composite[c] = 1;
            if (i % primes[k] == 0) {
                mu[c] = 0;
                break;
            }
            mu[c] = (int8_t)-mu[i];
        }
    }
    int64_t mertens = 0;
    uint64_t sum = 0, lcg = 1, digest = 0; /* digest wraps: unsigned */
    uint32_t gap = 0;
    for (uint32_t i = 1; i <= n; i++)
        mertens += mu[i];
    for (uint32_t k = 0; k < count; k++) {
        sum += primes[k];
        if (k > 0 && primes[k] - primes[k - 1] > gap)
            gap = primes[k] - primes[k - 1];
        /* Signed 64-bit division and remainder of values of both signs. */
        lcg = lcg * 6364136223846793005ull + primes[k];
        int64_t x = (int64_t)(lcg >> 1) - ((int64_t)1 << 62) + mertens; /* |x| <= 2^62 + n */
        int64_t dv = (int64_t)(primes[k] % 97) - 48;
        if (dv != 0)
            digest = digest * 31 + (uint64_t)(x / dv) + (uint64_t)(x % dv);
    }
    guest_printf("pi(%lu)=%lu sum=%llu mertens=%lld max_gap=%lu digest=%016llx\n", n,
                 (unsigned long)count, (unsigned long long)sum, (long long)mertens,
                 (unsigned long)gap, (unsigned long long)digest);
    free(primes);
    free(mu);
    free(composite);
    free(in);
    return 0;
}
