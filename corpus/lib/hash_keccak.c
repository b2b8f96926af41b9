/* keccak.c — Keccak-f[1600] (24 rounds) and the Keccak-256 sponge (rate 136 bytes).
 * Lanes are absorbed little-endian, so the result is independent of host byte order. */
#include "guest.h"
#include "uvm_hints.h"
#include "keccak.h"

static const uint64_t round_consts[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull, 0x8000000080008000ull,
    0x000000000000808bull, 0x0000000080000001ull, 0x8000000080008081ull, 0x8000000000008009ull,
    0x000000000000008aull, 0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
    0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull, 0x8000000000008003ull,
    0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800aull, 0x800000008000000aull,
    0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull,
};

/* rho offsets and pi destinations, walked along the pi cycle starting at lane 1. */
static const uint8_t rho[24] = {1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14,
                                27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44};
static const uint8_t pi_lane[24] = {10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4,
                                    15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1};

static uint64_t rotl64(uint64_t x, unsigned n)
{
    return (x << n) | (x >> (64 - n));
}

/* Native-op hint: xlate --native / -O2 runs this function as one uop. */
UISA_NATIVE(keccak_f1600, keccak_f1600)

GUEST_NOINLINE void keccak_f1600(uint64_t st[25])
{
    /* (x + 1) % 5 and (x + 4) % 5 as tables, so no loop computes a remainder. */
    static const uint8_t next[5] = {1, 2, 3, 4, 0}, prev[5] = {4, 0, 1, 2, 3};
    for (int round = 0; round < 24; round++) {
        uint64_t c[5], t;
        for (int x = 0; x < 5; x++)
            c[x] = st[x] ^ st[x + 5] ^ st[x + 10] ^ st[x + 15] ^ st[x + 20];
        for (int x = 0; x < 5; x++) {
            t = c[prev[x]] ^ rotl64(c[next[x]], 1);
            st[x] ^= t;
            st[x + 5] ^= t;
            st[x + 10] ^= t;
            st[x + 15] ^= t;
            st[x + 20] ^= t;
        }
        t = st[1];
        for (int i = 0; i < 24; i++) {
            uint64_t nx = st[pi_lane[i]];
            st[pi_lane[i]] = rotl64(t, rho[i]);
            t = nx;
        }
        for (int y = 0; y < 25; y += 5) {
            for (int x = 0; x < 5; x++)
                c[x] = st[y + x];
            for (int x = 0; x < 5; x++)
                st[y + x] = c[x] ^ (~c[next[x]] & c[next[next[x]]]);
        }
        st[0] ^= round_consts[round];
    }
}

static void absorb_block(uint64_t st[25], const uint8_t *p, size_t nbytes)
{
    for (size_t i = 0; i < nbytes; i++)
        st[i / 8] ^= (uint64_t)p[i] << (8 * (i % 8));
}

void keccak256(const uint8_t *in, size_t len, uint8_t out[32])
{
    enum { RATE = 136 };
    uint64_t st[25] = {0};
    uint8_t last[RATE] = {0};
    while (len >= RATE) {
        absorb_block(st, in, RATE);
        keccak_f1600(st);
        in += RATE;
        len -= RATE;
    }
    for (size_t i = 0; i < len; i++)
        last[i] = in[i];
    last[len] ^= 0x01;
    last[RATE - 1] ^= 0x80;
    absorb_block(st, last, RATE);
    keccak_f1600(st);
    for (int i = 0; i < 32; i++)
        out[i] = (uint8_t)(st[i / 8] >> (8 * (i % 8)));
}
