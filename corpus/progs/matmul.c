/* matmul.c — C = A * B over 32-bit integers (mod 2^32), n x n. Input: u32 n (<= 512)
 * then A and B row-major as little-endian u32. Prints the trace, C[0][n-1], C[n-1][0]
 * and an FNV-1a hash of C. */
#include <stdlib.h>

#include "guest.h"

static void matmul(uint32_t *c, const uint32_t *a, const uint32_t *b, uint32_t n)
{
    for (uint32_t i = 0; i < n * n; i++)
        c[i] = 0;
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t k = 0; k < n; k++) {
            uint32_t aik = a[i * n + k];
            const uint32_t *brow = b + k * n;
            uint32_t *crow = c + i * n;
            for (uint32_t j = 0; j < n; j++)
                crow[j] += aik * brow[j];
        }
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    if (len < 4)
        guest_fail(GUEST_EXIT_BADINPUT, "matmul: missing n");
    uint32_t n = guest_le32(in);
    if (n == 0 || n > 512 || len != 4 + 8 * (size_t)n * n)
        guest_fail(GUEST_EXIT_BADINPUT, "matmul: want n in 1..512 then 2*n*n u32 values");
    size_t nn = (size_t)n * n;
    uint32_t *a = malloc(3 * nn * sizeof *a);
    if (!a)
        guest_fail(GUEST_EXIT_NOMEM, "matmul: out of memory");
    uint32_t *b = a + nn, *c = b + nn;
    for (size_t i = 0; i < 2 * nn; i++)
        a[i] = guest_le32(in + 4 + 4 * i);
    matmul(c, a, b, n);
    uint32_t trace = 0, h = 2166136261u;
    for (uint32_t i = 0; i < n; i++)
        trace += c[i * n + i];
    for (size_t i = 0; i < nn; i++)
        for (int k = 0; k < 4; k++)
            h = (h ^ ((c[i] >> (8 * k)) & 0xff)) * 16777619u;
    guest_printf("n=%lu trace=%08lx c[0][n-1]=%08lx c[n-1][0]=%08lx fnv=%08lx\n",
                 (unsigned long)n, (unsigned long)trace, (unsigned long)c[n - 1],
                 (unsigned long)c[(size_t)(n - 1) * n], (unsigned long)h);
    free(a);
    free(in);
    return 0;
}
