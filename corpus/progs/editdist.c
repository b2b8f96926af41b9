/* editdist.c — string dynamic programming on pairs of lines: Levenshtein distance
 * (unit costs, two rows) and longest common subsequence length (two rows). Input:
 * text, an even number of newline-terminated lines of at most 4096 bytes, taken in
 * pairs. Prints the sums, the maximum distance, a hash of every (distance, lcs) pair
 * and the count of pairs within distance 3. */
#include <stdlib.h>

#include "guest.h"

enum { MAX_LINE = 4096 };

static uint32_t min3(uint32_t a, uint32_t b, uint32_t c)
{
    uint32_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* row[] and alt[] have room for nb + 1 entries. */
static uint32_t levenshtein(const uint8_t *a, uint32_t na, const uint8_t *b, uint32_t nb,
                            uint32_t *row, uint32_t *alt)
{
    for (uint32_t j = 0; j <= nb; j++)
        row[j] = j;
    for (uint32_t i = 1; i <= na; i++) {
        alt[0] = i;
        for (uint32_t j = 1; j <= nb; j++)
            alt[j] = min3(row[j] + 1, alt[j - 1] + 1, row[j - 1] + (a[i - 1] != b[j - 1]));
        uint32_t *t = row;
        row = alt;
        alt = t;
    }
    return row[nb];
}

static uint32_t lcs(const uint8_t *a, uint32_t na, const uint8_t *b, uint32_t nb,
                    uint32_t *row, uint32_t *alt)
{
    for (uint32_t j = 0; j <= nb; j++)
        row[j] = 0;
    for (uint32_t i = 1; i <= na; i++) {
        alt[0] = 0;
        for (uint32_t j = 1; j <= nb; j++) {
            uint32_t up = row[j], left = alt[j - 1];
            alt[j] = a[i - 1] == b[j - 1] ? row[j - 1] + 1 : up > left ? up : left;
        }
        uint32_t *t = row;
        row = alt;
        alt = t;
    }
    return row[nb];
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    /* static: the loader's zero pages, no allocation cost per run */
    static uint32_t row[MAX_LINE + 1], alt[MAX_LINE + 1];
    const uint8_t *line[2];
    uint32_t ln[2], k = 0, pairs = 0, dsum = 0, lsum = 0, dmax = 0, close = 0;
    uint32_t h = 2166136261u;
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (in[i] != '\n')
            continue;
        if (i - start > MAX_LINE)
            guest_fail(GUEST_EXIT_BADINPUT, "editdist: line longer than 4096 bytes");
        line[k] = in + start;
        ln[k] = (uint32_t)(i - start);
        start = i + 1;
        if (++k < 2)
            continue;
        k = 0;
        uint32_t d = levenshtein(line[0], ln[0], line[1], ln[1], row, alt);
        uint32_t c = lcs(line[0], ln[0], line[1], ln[1], row, alt);
        pairs++;
        dsum += d;
        lsum += c;
        dmax = d > dmax ? d : dmax;
        close += d <= 3;
        h = (h ^ d) * 16777619u;
        h = (h ^ c) * 16777619u;
    }
    if (pairs == 0 || k != 0 || start != len)
        guest_fail(GUEST_EXIT_BADINPUT, "editdist: want pairs of newline-terminated lines");
    guest_printf("pairs=%lu dist_sum=%lu lcs_sum=%lu dist_max=%lu within3=%lu fnv=%08lx\n",
                 (unsigned long)pairs, (unsigned long)dsum, (unsigned long)lsum,
                 (unsigned long)dmax, (unsigned long)close, (unsigned long)h);
    free(in);
    return 0;
}
