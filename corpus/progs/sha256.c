/* sha256.c — SHA-256 of the whole input in one call, then again streamed in chunks
 * of varying size; the two digests must agree (exit 1 otherwise). */
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "sha256.h"

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    uint8_t d1[32], d2[32];
    sha256(in, len, d1);
    sha256_ctx c;
    sha256_init(&c);
    size_t off = 0, step = 1;
    while (off < len) {
        size_t k = step < len - off ? step : len - off;
        sha256_update(&c, in + off, k);
        off += k;
        step = step * 3 % 257 + 1;
    }
    sha256_final(&c, d2);
    guest_printf("len: %lu\n", (unsigned long)len);
    guest_hex("sha256", d1, sizeof d1);
    free(in);
    return memcmp(d1, d2, sizeof d1) == 0 ? 0 : 1;
}
