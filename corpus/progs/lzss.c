/* lzss.c — LZSS compression with hash chains, then decompression and comparison.
 * The compressor is greedy: at each position the longest match of length 3..18 that
 * starts 1..4096 bytes back (the nearest on a tie) or else a literal. Chains link every
 * earlier position by the hash of its first three bytes and are walked in full within
 * the window, so the choice is exactly that definition. Stream: a flag byte per group
 * of eight items (bit k set = item k is a match), a literal is one byte, a match two:
 * (distance-1) in 12 bits, (length-3) in 4. Exit 1 if the round trip differs. */
#include <stdlib.h>

#include "guest.h"

enum { WINDOW = 4096, MIN_MATCH = 3, MAX_MATCH = 18, HASH_BITS = 12, NIL = UINT32_MAX };

static uint32_t hash3(const uint8_t *p)
{
    return ((uint32_t)p[0] << 8 ^ (uint32_t)p[1] << 4 ^ p[2]) * 2654435761u >> (32 - HASH_BITS);
}

struct stats {
    uint32_t literals, matches;
};

/* Compresses in[0..n) into out (room for n + n / 8 + 1 bytes); returns its length. */
static uint32_t compress(const uint8_t *in, uint32_t n, uint8_t *out, struct stats *st)
{
    uint32_t head[1u << HASH_BITS], *prev = malloc((n + 1) * sizeof *prev);
    if (!prev)
        guest_fail(GUEST_EXIT_NOMEM, "lzss: out of memory");
    for (uint32_t i = 0; i < (1u << HASH_BITS); i++)
        head[i] = NIL;
    uint32_t o = 0, flag_at = 0, items = 0, i = 0, inserted = 0;
    while (i < n) {
        if (items % 8 == 0) {
            flag_at = o++;
            out[flag_at] = 0;
        }
        uint32_t best = 0, dist = 0;
        if (i + MIN_MATCH <= n) {
            uint32_t limit = n - i < MAX_MATCH ? n - i : MAX_MATCH;
            for (uint32_t j = head[hash3(in + i)]; j != NIL && i - j <= WINDOW; j = prev[j]) {
                uint32_t k = 0;
                while (k < limit && in[j + k] == in[i + k])
                    k++;
                if (k > best) { /* chains run nearest first: a tie keeps the nearer */
                    best = k;
                    dist = i - j;
                    if (k == limit)
                        break;
                }
            }
        }
        uint32_t step = best >= MIN_MATCH ? best : 1;
        if (best >= MIN_MATCH) {
            out[flag_at] |= (uint8_t)(1u << (items % 8));
            uint32_t code = (dist - 1) << 4 | (best - MIN_MATCH);
            out[o++] = (uint8_t)(code >> 8);
            out[o++] = (uint8_t)code;
            st->matches++;
        } else {
            out[o++] = in[i];
            st->literals++;
        }
        items++;
        for (i += step; inserted < i && inserted + MIN_MATCH <= n; inserted++) {
            uint32_t h = hash3(in + inserted);
            prev[inserted] = head[h];
            head[h] = inserted;
        }
    }
    free(prev);
    return o;
}

/* Decodes src[0..n) into dst (capacity cap); returns the length or -1 if malformed. */
static int32_t decompress(const uint8_t *src, uint32_t n, uint8_t *dst, uint32_t cap)
{
    uint32_t i = 0, o = 0;
    while (i < n) {
        uint8_t flags = src[i++];
        for (int k = 0; k < 8 && i < n; k++) {
            if (flags >> k & 1) {
                if (i + 2 > n)
                    return -1;
                uint32_t code = (uint32_t)src[i] << 8 | src[i + 1];
                uint32_t dist = (code >> 4) + 1, ln = (code & 15) + MIN_MATCH;
                i += 2;
                if (dist > o || o + ln > cap)
                    return -1;
                for (uint32_t j = 0; j < ln; j++, o++)
                    dst[o] = dst[o - dist];
            } else {
                if (o >= cap)
                    return -1;
                dst[o++] = src[i++];
            }
        }
    }
    return (int32_t)o;
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    if (len == 0 || len > (1u << 24))
        guest_fail(GUEST_EXIT_BADINPUT, "lzss: want 1 byte to 16 MiB of input");
    uint32_t n = (uint32_t)len;
    uint8_t *packed = malloc(n + n / 8 + 1), *back = malloc(n);
    if (!packed || !back)
        guest_fail(GUEST_EXIT_NOMEM, "lzss: out of memory");
    struct stats st = {0};
    uint32_t plen = compress(in, n, packed, &st);
    int32_t blen = decompress(packed, plen, back, n);
    int same = blen == (int32_t)n;
    for (uint32_t i = 0; same && i < n; i++)
        same = back[i] == in[i];
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < plen; i++)
        h = (h ^ packed[i]) * 16777619u;
    guest_printf("in=%lu packed=%lu literals=%lu matches=%lu round_trip=%s\n", (unsigned long)n,
                 (unsigned long)plen, (unsigned long)st.literals, (unsigned long)st.matches,
                 same ? "ok" : "DIFFERS");
    guest_printf("packed_fnv=%08lx\n", (unsigned long)h);
    free(packed);
    free(back);
    free(in);
    return same ? 0 : 1;
}
