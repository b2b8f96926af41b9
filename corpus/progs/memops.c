/* memops.c — memcpy/memmove/memset/memcmp-heavy workload on an arena initialised from
 * the input. Input: u32 seed, u32 op count, then the arena bytes (>= 256). A xorshift
 * stream picks each op, offsets (unaligned) and lengths. Prints an FNV-1a hash of the
 * final arena and a digest of the memcmp signs (magnitudes are libc-specific). */
#include <stdlib.h>
#include <string.h>

#include "guest.h"

static uint32_t xs(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    if (len < 8 + 256)
        guest_fail(GUEST_EXIT_BADINPUT, "memops: want seed, count and at least 256 arena bytes");
    uint32_t seed = guest_le32(in) | 1, nops = guest_le32(in + 4);
    if (nops > 1000000) /* a bound keeps a corrupted count from running for hours */
        guest_fail(GUEST_EXIT_BADINPUT, "memops: more than 1000000 ops");
    size_t n = len - 8;
    uint8_t *a = in + 8;
    uint32_t cmp_digest = 0, counts[4] = {0};
    size_t maxlen = n / 8;
    for (uint32_t op = 0; op < nops; op++) {
        uint32_t kind = xs(&seed) % 4;
        /* Lengths skew small (most calls are short) with occasional long ones. */
        size_t l = xs(&seed) % 4 == 0 ? xs(&seed) % maxlen : xs(&seed) % 64;
        size_t src = xs(&seed) % (n - l), dst = xs(&seed) % (n - l);
        counts[kind]++;
        switch (kind) {
        case 0:
            if (src + l <= dst || dst + l <= src)
                memcpy(a + dst, a + src, l);
            else
                memmove(a + dst, a + src, l);
            break;
        case 1:
            memmove(a + dst, a + src, l);
            break;
        case 2:
            memset(a + dst, (int)(xs(&seed) & 0xff), l);
            break;
        default: {
            int c = memcmp(a + dst, a + src, l);
            cmp_digest = cmp_digest * 3 + (uint32_t)(c < 0 ? 0 : c == 0 ? 1 : 2);
            break;
        }
        }
    }
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ a[i]) * 16777619u;
    guest_printf("ops=%lu copy=%lu move=%lu set=%lu cmp=%lu\n", (unsigned long)nops,
                 (unsigned long)counts[0], (unsigned long)counts[1], (unsigned long)counts[2],
                 (unsigned long)counts[3]);
    guest_printf("arena fnv=%08lx cmp digest=%08lx\n", (unsigned long)h, (unsigned long)cmp_digest);
    free(in);
    return 0;
}
