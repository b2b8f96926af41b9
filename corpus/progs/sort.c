/* sort.c — sorts the input's little-endian u32 values with a bottom-up merge sort and,
 * separately, with the C library's qsort (function-pointer comparator); the two must
 * agree (exit 1 otherwise). Prints count, min, median, max, distinct count and an
 * FNV-1a hash of the sorted sequence. */
#include <stdlib.h>
#include <string.h>

#include "guest.h"

static void merge_sort(uint32_t *a, uint32_t *tmp, size_t n)
{
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = a[j] < a[i] ? a[j++] : a[i++];
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        memcpy(a, tmp, n * sizeof *a);
    }
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    size_t n = len / 4;
    if (n == 0 || len % 4 != 0)
        guest_fail(GUEST_EXIT_BADINPUT, "sort: want a non-empty sequence of u32 values");
    uint32_t *a = malloc(n * 4), *b = malloc(n * 4), *tmp = malloc(n * 4);
    if (!a || !b || !tmp)
        guest_fail(GUEST_EXIT_NOMEM, "sort: out of memory");
    for (size_t i = 0; i < n; i++)
        a[i] = b[i] = guest_le32(in + 4 * i);
    merge_sort(a, tmp, n);
    qsort(b, n, sizeof *b, cmp_u32);
    uint32_t h = 2166136261u;
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < 4; k++)
            h = (h ^ ((a[i] >> (8 * k)) & 0xff)) * 16777619u;
        distinct += i == 0 || a[i] != a[i - 1];
    }
    guest_printf("n=%lu min=%lu median=%lu max=%lu distinct=%lu fnv=%08lx\n", (unsigned long)n,
                 (unsigned long)a[0], (unsigned long)a[n / 2], (unsigned long)a[n - 1],
                 (unsigned long)distinct, (unsigned long)h);
    int same = memcmp(a, b, n * 4) == 0;
    free(a);
    free(b);
    free(tmp);
    free(in);
    return same ? 0 : 1;
}
