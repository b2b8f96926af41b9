/* guest_suggest.c — guests for --suggest-hints (suggest_guests.py), no libc.
 * -DREPRO: issue 18's reproducer: Keccak-f[1600] with the usual round-constant
 *   table, inlined into main, so the constant rule points at main; main is not
 *   keccak_f1600 and the hint check must reject it (no hint line).
 * default: the ops under names no rule knows and without telltale constants:
 *   permute (Keccak-f[1600] with the round constants from the LFSR and the rho
 *   offsets computed), copy_fwd (forward byte copy, two bytes a step, so not the
 *   one-load-one-store shape), fill (memset, two stores a step). Only behaviour
 *   finds them. Exit code: a checksum, so nothing is dead code. */
#include <stddef.h>
#include <stdint.h>

static uint64_t rol(uint64_t x, unsigned n)
{
    n &= 63;
    return n ? x << n | x >> (64 - n) : x;
}

static uint64_t state[25];
static uint8_t buf[200], buf2[200];

#ifdef REPRO
static const uint64_t RC[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull, 0x8000000080008000ull,
    0x000000000000808bull, 0x0000000080000001ull, 0x8000000080008081ull, 0x8000000000008009ull,
    0x000000000000008aull, 0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
    0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull, 0x8000000000008003ull,
    0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800aull, 0x800000008000000aull,
    0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull};
#define IOTA(a, round, R) ((a)[0] ^= RC[round])
#define PERMUTE_ATTR static inline __attribute__((always_inline))
#else
/* iota from the LFSR x^8 + x^6 + x^5 + x^4 + 1 (FIPS 202, rc(t)) */
#define IOTA(a, round, R)                                     \
    for (int j = 0; j < 7; j++) {                             \
        if (R & 1)                                            \
            (a)[0] ^= 1ull << ((1u << j) - 1);                \
        R = (uint8_t)((R << 1) ^ ((R & 0x80) ? 0x71 : 0));    \
    }
#define PERMUTE_ATTR __attribute__((noipa))
#endif

/* Keccak-f[1600] (FIPS 202), the compact form: theta, rho+pi, chi, iota. */
PERMUTE_ATTR void permute(uint64_t *a)
{
    uint8_t R = 1;
    (void)R;
    for (int round = 0; round < 24; round++) {
        uint64_t C[5], T[5];
        for (int x = 0; x < 5; x++)
            C[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        for (int x = 0; x < 5; x++) {
            uint64_t D = C[(x + 4) % 5] ^ rol(C[(x + 1) % 5], 1);
            for (int y = 0; y < 25; y += 5)
                a[x + y] ^= D;
        }
        unsigned x = 1, y = 0;
        uint64_t cur = a[1];
        for (unsigned t = 0; t < 24; t++) {
            unsigned X = y;
            y = (2 * x + 3 * y) % 5, x = X;
            uint64_t tmp = a[x + 5 * y];
            a[x + 5 * y] = rol(cur, (t + 1) * (t + 2) / 2);
            cur = tmp;
        }
        for (int yy = 0; yy < 25; yy += 5) {
            for (int i = 0; i < 5; i++)
                T[i] = a[yy + i];
            for (int i = 0; i < 5; i++)
                a[yy + i] = T[i] ^ (~T[(i + 1) % 5] & T[(i + 2) % 5]);
        }
        IOTA(a, round, R);
    }
}

__attribute__((noipa)) void *copy_fwd(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    for (; n >= 2; n -= 2, d += 2, s += 2) {
        d[0] = s[0];
        d[1] = s[1];
    }
    if (n)
        d[0] = s[0];
    return dst;
}

__attribute__((noipa)) void *fill(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    for (; n >= 2; n -= 2, d += 2)
        d[0] = d[1] = (uint8_t)c;
    if (n)
        d[0] = (uint8_t)c;
    return dst;
}

/* copy_rvc: a byte copy (memcpy's one-load-one-store shape) in RVC with one
 * 4-byte instruction whose upper half, read as a 2-byte slot, is c.jal (lui's
 * imm 0x20010 puts 0x2001 in bits 31:16). A walk by slot sees a call there and
 * misses the shape; the walk by instruction length finds it (byte-loop shape). */
void *copy_rvc(void *dst, const void *src, size_t n);
__asm__(".text\n.globl copy_rvc\n.type copy_rvc, @function\n.option push\n.option rvc\n"
        "copy_rvc:\n"
        "  mv a3, a0\n"
        "  beqz a2, 2f\n"
        "  lui a5, 0x20010\n"
        "1: lbu a4, 0(a1)\n"
        "  sb a4, 0(a3)\n"
        "  addi a1, a1, 1\n"
        "  addi a3, a3, 1\n"
        "  addi a2, a2, -1\n"
        "  bnez a2, 1b\n"
        "2: ret\n"
        ".size copy_rvc, .-copy_rvc\n.option pop\n");

/* Big enough for the hint check's harness stub (it goes over main or the
 * largest other function). */
__attribute__((noipa)) uint32_t checksum(const uint8_t *p, size_t n, uint32_t h)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
        h = h << 5 | h >> 27;
        h += (uint32_t)i * 2654435761u;
        h ^= h >> 13;
        if ((h & 7) == 3)
            h = ~h + 0x9e3779b9u;
        else if ((h & 7) == 5)
            h = h * 3u + 0x7f4a7c15u;
    }
    return h;
}

int main(void)
{
    uint32_t h = 2166136261u;
    fill(buf, 0x5a, sizeof buf);
    for (int k = 0; k < 4; k++) {
        for (int i = 0; i < 25; i++)
            state[i] ^= (uint64_t)buf[i] << (i % 8 * 8);
        permute(state);
        copy_fwd(buf2, state, sizeof state);
        h = checksum(buf2, sizeof buf2, h);
        copy_fwd(buf, buf2 + 1, 150);
        copy_rvc(buf2 + 3, buf, 97);
    }
    return (int)(h & 0x7f);
}

__attribute__((naked, noreturn)) void _start(void)
{
    __asm__ volatile("li sp, 0x7ff00000\n"
                     "call main\n"
                     "li a7, 93\n"
                     "ecall\n");
}
