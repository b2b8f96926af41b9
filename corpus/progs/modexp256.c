/* modexp256.c — 256-bit modular exponentiation b^e mod m with Montgomery multiplication
 * (CIOS, 8 x 32-bit limbs). Input: records of 96 bytes, big-endian b, e, m; m must be
 * odd and > 1. Output: one line per record with the 32-byte big-endian result. */
#include <stdlib.h>
#include <string.h>

#include "guest.h"

enum { L = 8 };

static void load_be(uint32_t r[L], const uint8_t *p)
{
    for (int i = 0; i < L; i++)
        r[i] = (uint32_t)p[31 - 4 * i] | (uint32_t)p[30 - 4 * i] << 8 |
               (uint32_t)p[29 - 4 * i] << 16 | (uint32_t)p[28 - 4 * i] << 24;
}

static void store_be(uint8_t *p, const uint32_t r[L])
{
    for (int i = 0; i < L; i++)
        for (int k = 0; k < 4; k++)
            p[31 - 4 * i - k] = (uint8_t)(r[i] >> (8 * k));
}

/* r -= m; returns the borrow. */
static uint32_t sub_n(uint32_t r[L], const uint32_t m[L])
{
    uint32_t borrow = 0;
    for (int i = 0; i < L; i++) {
        uint64_t t = (uint64_t)r[i] - m[i] - borrow;
        r[i] = (uint32_t)t;
        borrow = (uint32_t)(t >> 63);
    }
    return borrow;
}

static int geq(const uint32_t a[L], const uint32_t b[L])
{
    for (int i = L - 1; i >= 0; i--)
        if (a[i] != b[i])
            return a[i] > b[i];
    return 1;
}

/* r = a * b / 2^256 mod m, for a * b < m * 2^256; r may alias a or b. */
static void montmul(uint32_t r[L], const uint32_t a[L], const uint32_t b[L], const uint32_t m[L],
                    uint32_t minv)
{
    uint32_t t[L + 2] = {0};
    for (int i = 0; i < L; i++) {
        uint64_t c = 0;
        for (int j = 0; j < L; j++) {
            c += (uint64_t)a[j] * b[i] + t[j];
            t[j] = (uint32_t)c;
            c >>= 32;
        }
        c += t[L];
        t[L] = (uint32_t)c;
        t[L + 1] = (uint32_t)(c >> 32);
        uint32_t q = t[0] * minv;
        c = ((uint64_t)q * m[0] + t[0]) >> 32;
        for (int j = 1; j < L; j++) {
            c += (uint64_t)q * m[j] + t[j];
            t[j - 1] = (uint32_t)c;
            c >>= 32;
        }
        c += t[L];
        t[L - 1] = (uint32_t)c;
        t[L] = t[L + 1] + (uint32_t)(c >> 32);
    }
    if (t[L] || geq(t, m))
        sub_n(t, m);
    memcpy(r, t, sizeof(uint32_t) * L);
}

static void modexp(uint32_t r[L], const uint32_t b[L], const uint32_t e[L], const uint32_t m[L])
{
    /* minv = -m^-1 mod 2^32 by Newton's iteration (each step doubles the good bits). */
    uint32_t inv = m[0];
    for (int i = 0; i < 5; i++)
        inv *= 2 - m[0] * inv;
    uint32_t minv = 0 - inv;
    /* r2 = 2^512 mod m by 512 modular doublings from 1. */
    uint32_t r2[L] = {1}, one[L] = {1}, x[L], acc[L];
    for (int k = 0; k < 512; k++) {
        uint32_t top = r2[L - 1] >> 31;
        for (int i = L - 1; i > 0; i--)
            r2[i] = r2[i] << 1 | r2[i - 1] >> 31;
        r2[0] <<= 1;
        if (top || geq(r2, m))
            sub_n(r2, m);
    }
    montmul(x, b, r2, m, minv);
    /* Start at the exponent's top set bit: squaring 1 costs as much as any square. */
    int top = 255;
    while (top >= 0 && !((e[top / 32] >> (top % 32)) & 1))
        top--;
    montmul(acc, one, r2, m, minv);
    for (int bit = top; bit >= 0; bit--) {
        montmul(acc, acc, acc, m, minv);
        if ((e[bit / 32] >> (bit % 32)) & 1)
            montmul(acc, acc, x, m, minv);
    }
    montmul(r, acc, one, m, minv);
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    if (len == 0 || len % 96 != 0)
        guest_fail(GUEST_EXIT_BADINPUT, "modexp256: input is not a multiple of 96 bytes");
    for (size_t off = 0; off < len; off += 96) {
        uint32_t b[L], e[L], m[L], r[L];
        load_be(b, in + off);
        load_be(e, in + off + 32);
        load_be(m, in + off + 64);
        uint32_t one[L] = {1};
        if (!(m[0] & 1) || !geq(m, one) || (memcmp(m, one, sizeof one) == 0))
            guest_fail(GUEST_EXIT_BADINPUT, "modexp256: modulus must be odd and > 1");
        modexp(r, b, e, m);
        uint8_t out[32];
        store_be(out, r);
        guest_hex("b^e mod m", out, 32);
    }
    free(in);
    return 0;
}
