/* fib.c — fibonacci three ways: iterative mod 2^64, fast doubling mod 2^64 and the
 * naive recursion (call-heavy). Input: text "n_iter n_rec". The first two must agree. */
#include <stdlib.h>

#include "guest.h"

static uint64_t fib_iter(uint32_t n)
{
    uint64_t a = 0, b = 1;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t t = a + b;
        a = b;
        b = t;
    }
    return a;
}

/* F(2k) = F(k)(2F(k+1) - F(k)), F(2k+1) = F(k)^2 + F(k+1)^2, all mod 2^64. */
static uint64_t fib_doubling(uint32_t n)
{
    uint64_t a = 0, b = 1;
    for (int bit = 31; bit >= 0; bit--) {
        uint64_t c = a * (2 * b - a);
        uint64_t d = a * a + b * b;
        if ((n >> bit) & 1) {
            a = d;
            b = c + d;
        } else {
            a = c;
            b = d;
        }
    }
    return a;
}

__attribute__((noinline)) static uint32_t fib_rec(uint32_t n)
{
    return n < 2 ? n : fib_rec(n - 1) + fib_rec(n - 2);
}

int main(void)
{
    size_t len;
    char *in = (char *)guest_read_all(&len);
    char *end;
    unsigned long n_iter = strtoul(in, &end, 10);
    unsigned long n_rec = strtoul(end, &end, 10);
    if (end == in || n_iter > 20000000ul || n_rec > 40)
        guest_fail(GUEST_EXIT_BADINPUT, "fib: want \"n_iter n_rec\" (n_iter <= 2e7, n_rec <= 40)");
    uint64_t x = fib_iter((uint32_t)n_iter);
    uint64_t y = fib_doubling((uint32_t)n_iter);
    guest_printf("fib_iter(%lu) mod 2^64 = %llu\n", n_iter, (unsigned long long)x);
    guest_printf("fib_doubling(%lu) mod 2^64 = %llu\n", n_iter, (unsigned long long)y);
    guest_printf("fib_rec(%lu) mod 2^32 = %lu\n", n_rec, (unsigned long)fib_rec((uint32_t)n_rec));
    free(in);
    return x == y ? 0 : 1;
}
