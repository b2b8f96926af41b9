/* checksum.c — checksums of the input: CRC-32 (IEEE 802.3, reflected, polynomial
 * 0xEDB88320, table built at start-up), Adler-32 (mod 65521, reduced every 5552 bytes
 * so the sums cannot overflow), CRC-16/CCITT-FALSE bit by bit (0x1021, initial 0xFFFF)
 * and Fletcher-32 on 16-bit LE words. Whole input, plus the CRC-32 of each 1 KiB block
 * folded into one hash. */
#include <stdlib.h>

#include "guest.h"

static uint32_t crc_table[256];

static void crc32_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static uint32_t adler32(const uint8_t *p, size_t n)
{
    uint32_t a = 1, b = 0;
    while (n > 0) {
        size_t k = n < 5552 ? n : 5552; /* 5552: largest k with 255k(k+1)/2 + (k+1)(65520) < 2^32 */
        n -= k;
        while (k--) {
            a += *p++;
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    return b << 16 | a;
}

static uint16_t crc16_ccitt(const uint8_t *p, size_t n)
{
    uint16_t c = 0xFFFF;
    for (size_t i = 0; i < n; i++) {
        c ^= (uint16_t)(p[i] << 8);
        for (int k = 0; k < 8; k++)
            c = c & 0x8000 ? (uint16_t)(c << 1 ^ 0x1021) : (uint16_t)(c << 1);
    }
    return c;
}

/* Fletcher-32 over 16-bit LE words (an odd last byte is a word with high byte 0). */
static uint32_t fletcher32(const uint8_t *p, size_t n)
{
    uint32_t s1 = 0xFFFF, s2 = 0xFFFF;
    size_t words = (n + 1) / 2;
    while (words) {
        size_t k = words < 359 ? words : 359; /* 359: no 32-bit overflow before reducing */
        words -= k;
        while (k--) {
            uint32_t w = p[0] | (n > 1 ? (uint32_t)p[1] << 8 : 0);
            p += 2;
            n = n > 2 ? n - 2 : 0;
            s1 += w;
            s2 += s1;
        }
        s1 = (s1 & 0xFFFF) + (s1 >> 16);
        s2 = (s2 & 0xFFFF) + (s2 >> 16);
    }
    s1 = (s1 & 0xFFFF) + (s1 >> 16);
    s2 = (s2 & 0xFFFF) + (s2 >> 16);
    return s2 << 16 | s1;
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    if (len == 0)
        guest_fail(GUEST_EXIT_BADINPUT, "checksum: empty input");
    crc32_init();
    uint32_t blocks = 0, bh = 2166136261u;
    for (size_t off = 0; off < len; off += 1024, blocks++) {
        uint32_t c = crc32(in + off, len - off < 1024 ? len - off : 1024);
        bh = (bh ^ c) * 16777619u;
    }
    guest_printf("len=%lu crc32=%08lx adler32=%08lx crc16=%04x fletcher32=%08lx\n",
                 (unsigned long)len, (unsigned long)crc32(in, len),
                 (unsigned long)adler32(in, len), (unsigned)crc16_ccitt(in, len),
                 (unsigned long)fletcher32(in, len));
    guest_printf("blocks=%lu block_crc_fnv=%08lx\n", (unsigned long)blocks, (unsigned long)bh);
    free(in);
    return 0;
}
