/* hints.c — the catalogue table and the reference implementations of the native ops.
 * Each is written from its specification (FIPS 202, FIPS 180-4), straightforwardly:
 * these are the definitions the VM and the hint checker trust, not fast paths. */
#include <stdlib.h>
#include <string.h>

#include "hints.h"
#include "sha256.h"

const hint_info hint_ops[HINT_COUNT] = {
#define UOP(name, tier, fmt, cls, prover, ninsn, doc)
#define NATIVE_UOP(name, cls, prover, hint, args, conv, doc) \
    [HINT_##name] = {#hint, UOP_##name, conv},
#include "ops.def"
#undef NATIVE_UOP
#undef UOP
};

hint_op hint_by_name(const char *name)
{
    for (int i = 0; i < HINT_COUNT; i++)
        if (!strcmp(hint_ops[i].name, name))
            return (hint_op)i;
    return HINT_COUNT;
}

hint_op hint_parse(const char *text, unsigned *limbs)
{
    *limbs = 0;
    hint_op h = hint_by_name(text);
    if (h != HINT_COUNT)
        return uisa_ops[hint_ops[h].uop].max_limbs ? HINT_COUNT : h;
    const char *us = strrchr(text, '_');
    if (!us || us[1] < '1' || us[1] > '9' || strspn(us + 1, "0123456789") != strlen(us + 1) ||
        strlen(us + 1) > 3)
        return HINT_COUNT;
    for (int i = 0; i < HINT_COUNT; i++) {
        unsigned max = uisa_ops[hint_ops[i].uop].max_limbs, n = (unsigned)atoi(us + 1);
        if (max && strlen(hint_ops[i].name) == (size_t)(us - text) &&
            !strncmp(hint_ops[i].name, text, (size_t)(us - text)) && n <= max) {
            *limbs = n;
            return (hint_op)i;
        }
    }
    return HINT_COUNT;
}

static uint64_t rotl64(uint64_t x, unsigned n)
{
    return n ? (x << n) | (x >> (64 - n)) : x;
}

/* FIPS 202, 3.2: theta, rho, pi, chi, iota, with rho offsets and iota round
 * constants computed from their definitions (3.2.2 and the rc LFSR of 3.2.5)
 * rather than typed in, so this file shares no table with the guests. */
void hint_keccak_f1600(uint64_t st[25])
{
    int rho[25] = {0};
    for (int t = 0, x = 1, y = 0; t < 24; t++) {
        rho[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
        int nx = y, ny = (2 * x + 3 * y) % 5;
        x = nx, y = ny;
    }
    uint8_t lfsr = 1; /* rc(t) of 3.2.5: x^8 + x^6 + x^5 + x^4 + 1 */
    for (int round = 0; round < 24; round++) {
        uint64_t c[5], d[5], b[25];
        for (int x = 0; x < 5; x++)
            c[x] = st[x] ^ st[x + 5] ^ st[x + 10] ^ st[x + 15] ^ st[x + 20];
        for (int x = 0; x < 5; x++)
            d[x] = c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
        for (int i = 0; i < 25; i++)
            st[i] ^= d[i % 5];
        for (int x = 0; x < 5; x++)      /* pi: B[y][2x+3y] = rot(A[x][y]) */
            for (int y = 0; y < 5; y++)
                b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl64(st[x + 5 * y], (unsigned)rho[x + 5 * y]);
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 5; x++)
                st[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
        uint64_t rc = 0;
        for (int j = 0; j < 7; j++) {
            if (lfsr & 1)
                rc |= 1ull << ((1u << j) - 1);
            lfsr = (uint8_t)((lfsr << 1) ^ ((lfsr & 0x80) ? 0x71 : 0));
        }
        st[0] ^= rc;
    }
}

/* The SHA-256 compression of common/ (SHA-NI when the CPU has it, tested
 * against the portable path and FIPS vectors there, and again in tests/hints). */
void hint_sha256_compress(uint32_t state[8], const uint8_t block[64])
{
    sha256_compress(state, block, 1);
}

void hint_mul256(uint32_t out[16], const uint32_t a[8], const uint32_t b[8])
{
    uint32_t r[16] = {0};
    for (int i = 0; i < 8; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 8; j++) {
            uint64_t t = (uint64_t)a[i] * b[j] + r[i + j] + carry;
            r[i + j] = (uint32_t)t;
            carry = t >> 32;
        }
        r[i + 8] = (uint32_t)carry;
    }
    memcpy(out, r, sizeof r);
}

void *hint_memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    for (size_t i = 0; i < n; i++) /* byte by byte on purpose: defined on overlap */
        d[i] = s[i];
    return dst;
}

void *hint_memmove(void *dst, const void *src, size_t n)
{
    return memmove(dst, src, n);
}

void *hint_memset(void *dst, int c, size_t n)
{
    return memset(dst, c, n);
}

/* ---- big numbers: straight from the definitions, limb by limb ---- */

/* w[0..2n) = a * b (schoolbook). */
static void big_mul(uint32_t *w, const uint32_t *a, const uint32_t *b, unsigned n)
{
    memset(w, 0, 2 * n * sizeof *w);
    for (unsigned i = 0; i < n; i++) {
        uint64_t carry = 0;
        for (unsigned j = 0; j < n; j++) {
            uint64_t t = (uint64_t)a[i] * b[j] + w[i + j] + carry;
            w[i + j] = (uint32_t)t;
            carry = t >> 32;
        }
        w[i + n] = (uint32_t)carry;
    }
}

/* t >= m, t with n + 1 limbs, m with n. */
static int big_geq(const uint32_t *t, const uint32_t *m, unsigned n)
{
    if (t[n])
        return 1;
    for (unsigned i = n; i-- > 0;)
        if (t[i] != m[i])
            return t[i] > m[i];
    return 1;
}

/* t -= m (t with n + 1 limbs, t >= m). */
static void big_sub(uint32_t *t, const uint32_t *m, unsigned n)
{
    uint64_t borrow = 0;
    for (unsigned i = 0; i <= n; i++) {
        uint64_t d = (uint64_t)t[i] - (i < n ? m[i] : 0) - borrow;
        t[i] = (uint32_t)d;
        borrow = d >> 63;
    }
}

/* r = w mod m, w with 2n limbs, m != 0: binary long division, one bit of w at a
 * time from the top (t = 2t + bit; if t >= m: t -= m), so t < m throughout. */
static void big_mod(uint32_t *r, const uint32_t *w, const uint32_t *m, unsigned n)
{
    uint32_t t[HINT_MAX_LIMBS + 1] = {0};
    for (unsigned bit = 64 * n; bit-- > 0;) {
        uint32_t in = w[bit / 32] >> (bit % 32) & 1;
        for (unsigned i = n + 1; i-- > 1;)
            t[i] = t[i] << 1 | t[i - 1] >> 31;
        t[0] = t[0] << 1 | in;
        if (big_geq(t, m, n))
            big_sub(t, m, n);
    }
    memcpy(r, t, n * sizeof *r);
}

static int big_is_zero(const uint32_t *m, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (m[i])
            return 0;
    return 1;
}

void hint_modred(uint32_t *r, const uint32_t *u, const uint32_t *m, unsigned n)
{
    if (big_is_zero(m, n))
        memmove(r, u, n * sizeof *r);
    else
        big_mod(r, u, m, n);
}

void hint_modmul(uint32_t *r, const uint32_t *a, const uint32_t *b, const uint32_t *m, unsigned n)
{
    uint32_t w[2 * HINT_MAX_LIMBS];
    big_mul(w, a, b, n);
    hint_modred(r, w, m, n);
}

/* r * R = a * b (mod m): t = a * b mod m, then 32n halvings mod m (m odd: t
 * even -> t / 2, t odd -> (t + m) / 2), each the unique x < m with 2x = t. */
void hint_montmul(uint32_t *r, const uint32_t *a, const uint32_t *b, const uint32_t *m, unsigned n)
{
    uint32_t t[HINT_MAX_LIMBS + 1] = {0};
    if (!(m[0] & 1)) {
        memset(r, 0, n * sizeof *r);
        return;
    }
    hint_modmul(t, a, b, m, n);
    for (unsigned k = 0; k < 32 * n; k++) {
        uint64_t c = 0;
        if (t[0] & 1)
            for (unsigned i = 0; i < n; i++) {
                c += (uint64_t)t[i] + m[i];
                t[i] = (uint32_t)c;
                c >>= 32;
            }
        t[n] = (uint32_t)c;
        for (unsigned i = 0; i < n; i++)
            t[i] = t[i] >> 1 | t[i + 1] << 31;
    }
    memcpy(r, t, n * sizeof *r);
}
