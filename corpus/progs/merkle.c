/* merkle.c — SHA-256 Merkle root of the input cut into 32-byte leaves (a short last
 * leaf is zero-padded). Leaf hash = H(0x00 || leaf), node = H(0x01 || left || right);
 * an odd node at the end of a level is promoted unchanged. Works in place, one level
 * at a time. */
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "sha256.h"

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    size_t n = (len + 31) / 32;
    if (n == 0)
        guest_fail(GUEST_EXIT_BADINPUT, "merkle: empty input");
    uint8_t(*level)[32] = malloc(n * 32);
    if (!level)
        guest_fail(GUEST_EXIT_NOMEM, "merkle: out of memory");
    uint8_t buf[65];
    for (size_t i = 0; i < n; i++) {
        size_t k = len - 32 * i < 32 ? len - 32 * i : 32;
        memset(buf, 0, sizeof buf);
        memcpy(buf + 1, in + 32 * i, k);
        sha256(buf, 33, level[i]);
    }
    uint32_t depth = 0;
    for (size_t m = n; m > 1; m = (m + 1) / 2, depth++) {
        for (size_t i = 0; i < m / 2; i++) {
            buf[0] = 1;
            memcpy(buf + 1, level[2 * i], 32);
            memcpy(buf + 33, level[2 * i + 1], 32);
            sha256(buf, 65, level[i]);
        }
        if (m % 2)
            memmove(level[m / 2], level[m - 1], 32);
    }
    guest_printf("leaves: %lu depth: %lu\n", (unsigned long)n, (unsigned long)depth);
    guest_hex("root", level[0], 32);
    free(level);
    free(in);
    return 0;
}
