/* keccak.c — Keccak-256 of the whole input, and of its first and second halves
 * (so unaligned starts and partial blocks are exercised too). */
#include <stdlib.h>

#include "guest.h"
#include "keccak.h"

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    uint8_t d[32];
    keccak256(in, len, d);
    guest_printf("len: %lu\n", (unsigned long)len);
    guest_hex("keccak256", d, sizeof d);
    keccak256(in, len / 2, d);
    guest_hex("first half", d, sizeof d);
    keccak256(in + len / 2, len - len / 2, d);
    guest_hex("second half", d, sizeof d);
    free(in);
    return 0;
}
