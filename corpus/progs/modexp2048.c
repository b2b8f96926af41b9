/* modexp2048.c — 2048-bit modular exponentiation b^e mod m by left-to-right square and
 * multiply, each product reduced with Knuth's long division (algorithm D, 32-bit
 * digits, 64-bit intermediates: exercises mulhu and 64-bit division helpers).
 * Input records: b (256 B, big-endian), m (256 B, top bit set), u32 LE elen, e (elen B). */
#include <stdlib.h>
#include <string.h>

#include "guest.h"

enum { L = 64 };

static void load_be(uint32_t *r, const uint8_t *p, size_t nbytes)
{
    size_t n = (nbytes + 3) / 4;
    memset(r, 0, n * 4);
    for (size_t i = 0; i < nbytes; i++)
        r[i / 4] |= (uint32_t)p[nbytes - 1 - i] << (8 * (i % 4));
}

static int clz32(uint32_t x)
{
    int n = 0;
    while (!(x & 0x80000000u)) {
        x <<= 1;
        n++;
    }
    return n;
}

/* r = u mod v, u has 2L digits, v has L digits with v[L-1] != 0. */
static void reduce(uint32_t r[L], const uint32_t u[2 * L], const uint32_t v[L])
{
    uint32_t un[2 * L + 1], vn[L];
    int s = clz32(v[L - 1]);
    for (int i = L - 1; i > 0; i--)
        vn[i] = s ? (v[i] << s | v[i - 1] >> (32 - s)) : v[i];
    vn[0] = v[0] << s;
    un[2 * L] = s ? u[2 * L - 1] >> (32 - s) : 0;
    for (int i = 2 * L - 1; i > 0; i--)
        un[i] = s ? (u[i] << s | u[i - 1] >> (32 - s)) : u[i];
    un[0] = u[0] << s;
    for (int j = L; j >= 0; j--) {
        uint64_t num = (uint64_t)un[j + L] << 32 | un[j + L - 1];
        uint64_t qhat = num / vn[L - 1], rhat = num % vn[L - 1];
        while (qhat >> 32 || qhat * vn[L - 2] > (rhat << 32 | un[j + L - 2])) {
            qhat--;
            rhat += vn[L - 1];
            if (rhat >> 32)
                break;
        }
        uint32_t carry = 0, borrow = 0;
        for (int i = 0; i < L; i++) {
            uint64_t p = qhat * vn[i] + carry;
            carry = (uint32_t)(p >> 32);
            uint64_t t = (uint64_t)un[i + j] - (uint32_t)p - borrow;
            un[i + j] = (uint32_t)t;
            borrow = (uint32_t)(t >> 63);
        }
        uint64_t t = (uint64_t)un[j + L] - carry - borrow;
        un[j + L] = (uint32_t)t;
        if (t >> 63) { /* qhat was one too large: add v back */
            uint64_t c = 0;
            for (int i = 0; i < L; i++) {
                c += (uint64_t)un[i + j] + vn[i];
                un[i + j] = (uint32_t)c;
                c >>= 32;
            }
            un[j + L] += (uint32_t)c;
        }
    }
    for (int i = 0; i < L; i++)
        r[i] = s ? (un[i] >> s | un[i + 1] << (32 - s)) : un[i];
}

/* r = a * b mod m; r may alias a or b. */
static void mulmod(uint32_t r[L], const uint32_t a[L], const uint32_t b[L], const uint32_t m[L])
{
    uint32_t w[2 * L] = {0};
    for (int i = 0; i < L; i++) {
        uint64_t c = 0;
        for (int j = 0; j < L; j++) {
            c += (uint64_t)a[i] * b[j] + w[i + j];
            w[i + j] = (uint32_t)c;
            c >>= 32;
        }
        w[i + L] = (uint32_t)c;
    }
    reduce(r, w, m);
}

int main(void)
{
    size_t len, off = 0;
    uint8_t *in = guest_read_all(&len);
    if (len == 0)
        guest_fail(GUEST_EXIT_BADINPUT, "modexp2048: empty input");
    while (off < len) {
        if (len - off < 516)
            guest_fail(GUEST_EXIT_BADINPUT, "modexp2048: truncated record");
        uint32_t b[L], m[L], w[2 * L] = {0}, acc[L] = {1}, x[L];
        load_be(w, in + off, 256);
        load_be(m, in + off + 256, 256);
        uint32_t elen = guest_le32(in + off + 512);
        off += 516;
        if (!(m[L - 1] >> 31) || elen > len - off)
            guest_fail(GUEST_EXIT_BADINPUT, "modexp2048: modulus below 2^2047 or exponent truncated");
        reduce(b, w, m);
        memcpy(x, b, sizeof x);
        size_t bit = 8 * (size_t)elen; /* skip the exponent's leading zero bits */
        while (bit > 0 && !((in[off + elen - 1 - (bit - 1) / 8] >> ((bit - 1) % 8)) & 1))
            bit--;
        while (bit-- > 0) {
            mulmod(acc, acc, acc, m);
            if ((in[off + elen - 1 - bit / 8] >> (bit % 8)) & 1)
                mulmod(acc, acc, x, m);
        }
        off += elen;
        uint8_t out[256];
        for (int i = 0; i < 256; i++)
            out[255 - i] = (uint8_t)(acc[i / 4] >> (8 * (i % 4)));
        guest_hex("b^e mod m", out, sizeof out);
    }
    free(in);
    return 0;
}
