/* ecmul.c — secp256k1 scalar multiplication k*G (double-and-add in Jacobian
 * coordinates, mixed additions, one Fermat inversion). Input: 32-byte big-endian
 * scalars. Output per scalar: the affine x and y, or "infinity".
 * Field elements are 8 little-endian 32-bit limbs, always fully reduced (< p). */
#include <stdlib.h>
#include <string.h>

#include "guest.h"

enum { L = 8 };
typedef struct { uint32_t v[L]; } fe;
typedef struct { fe x, y, z; int inf; } jpoint;

/* p = 2^256 - 2^32 - 977, so 2^256 = 2^32 + 977 (mod p). */
static const fe P = {{0xFFFFFC2F, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF,
                      0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}};
static const fe GX = {{0x16F81798, 0x59F2815B, 0x2DCE28D9, 0x029BFCDB,
                       0xCE870B07, 0x55A06295, 0xF9DCBBAC, 0x79BE667E}};
static const fe GY = {{0xFB10D4B8, 0x9C47D08F, 0xA6855419, 0xFD17B448,
                       0x0E1108A8, 0x5DA4FBFC, 0x26A3C465, 0x483ADA77}};

static int fe_geq(const fe *a, const fe *b)
{
    for (int i = L - 1; i >= 0; i--)
        if (a->v[i] != b->v[i])
            return a->v[i] > b->v[i];
    return 1;
}

static int fe_is_zero(const fe *a)
{
    uint32_t acc = 0;
    for (int i = 0; i < L; i++)
        acc |= a->v[i];
    return acc == 0;
}

/* r = a - b over 256 bits; returns the borrow. */
static uint32_t sub256(fe *r, const fe *a, const fe *b)
{
    uint32_t borrow = 0;
    for (int i = 0; i < L; i++) {
        uint64_t t = (uint64_t)a->v[i] - b->v[i] - borrow;
        r->v[i] = (uint32_t)t;
        borrow = (uint32_t)(t >> 63);
    }
    return borrow;
}

static void fe_add(fe *r, const fe *a, const fe *b)
{
    uint64_t c = 0;
    for (int i = 0; i < L; i++) {
        c += (uint64_t)a->v[i] + b->v[i];
        r->v[i] = (uint32_t)c;
        c >>= 32;
    }
    if (c || fe_geq(r, &P))
        sub256(r, r, &P);
}

static void fe_sub(fe *r, const fe *a, const fe *b)
{
    if (sub256(r, a, b)) {
        uint64_t c = 0;
        for (int i = 0; i < L; i++) {
            c += (uint64_t)r->v[i] + P.v[i];
            r->v[i] = (uint32_t)c;
            c >>= 32;
        }
    }
}

/* Folds t (t[0..L) plus hi * 2^256, hi < 2^44) below 2^256 + small, then below p. */
static void fe_fold(fe *r, uint32_t t[L], uint64_t hi)
{
    uint64_t c = (uint64_t)t[0] + (hi & 0xFFFFFFFF) * 977;
    t[0] = (uint32_t)c;
    c >>= 32;
    c += (uint64_t)t[1] + (hi >> 32) * 977 + (hi & 0xFFFFFFFF);
    t[1] = (uint32_t)c;
    c >>= 32;
    c += (uint64_t)t[2] + (hi >> 32);
    t[2] = (uint32_t)c;
    c >>= 32;
    for (int i = 3; i < L; i++) {
        c += t[i];
        t[i] = (uint32_t)c;
        c >>= 32;
    }
    if (c) { /* wrapped past 2^256 once more: the rest is tiny, add 2^32 + 977 */
        uint64_t d = (uint64_t)t[0] + 977;
        t[0] = (uint32_t)d;
        d = (d >> 32) + t[1] + 1;
        t[1] = (uint32_t)d;
        for (int i = 2; i < L && (d >> 32); i++) {
            d = (d >> 32) + t[i];
            t[i] = (uint32_t)d;
        }
    }
    memcpy(r->v, t, sizeof r->v);
    if (fe_geq(r, &P))
        sub256(r, r, &P);
}

static void fe_mul(fe *r, const fe *a, const fe *b)
{
    uint32_t w[2 * L] = {0};
    for (int i = 0; i < L; i++) {
        uint64_t c = 0;
        for (int j = 0; j < L; j++) {
            c += (uint64_t)a->v[i] * b->v[j] + w[i + j];
            w[i + j] = (uint32_t)c;
            c >>= 32;
        }
        w[i + L] = (uint32_t)c;
    }
    /* w = lo + hi * 2^256 = lo + hi * 977 + hi * 2^32 (mod p) */
    uint32_t t[L];
    uint64_t c = 0;
    for (int i = 0; i < L; i++) {
        c += (uint64_t)w[i] + (uint64_t)w[L + i] * 977 + (i ? w[L + i - 1] : 0);
        t[i] = (uint32_t)c;
        c >>= 32;
    }
    c += w[2 * L - 1];
    fe_fold(r, t, c);
}

static void fe_sqr(fe *r, const fe *a)
{
    fe_mul(r, a, a);
}

/* r = a^(p-2) = a^-1 for a != 0. */
static void fe_inv(fe *r, const fe *a)
{
    fe e = P, acc = {{1}};
    e.v[0] -= 2;
    for (int bit = 255; bit >= 0; bit--) {
        fe_sqr(&acc, &acc);
        if ((e.v[bit / 32] >> (bit % 32)) & 1)
            fe_mul(&acc, &acc, a);
    }
    *r = acc;
}

static void pt_double(jpoint *p)
{
    if (p->inf || fe_is_zero(&p->y)) {
        p->inf = 1;
        return;
    }
    fe a, b, c, d, e, f, t;
    fe_sqr(&a, &p->x);
    fe_sqr(&b, &p->y);
    fe_sqr(&c, &b);
    fe_add(&t, &p->x, &b);
    fe_sqr(&t, &t);
    fe_sub(&t, &t, &a);
    fe_sub(&t, &t, &c);
    fe_add(&d, &t, &t);
    fe_add(&e, &a, &a);
    fe_add(&e, &e, &a);
    fe_sqr(&f, &e);
    fe_mul(&p->z, &p->y, &p->z);
    fe_add(&p->z, &p->z, &p->z);
    fe_sub(&p->x, &f, &d);
    fe_sub(&p->x, &p->x, &d);
    fe_sub(&t, &d, &p->x);
    fe_mul(&t, &e, &t);
    fe_add(&c, &c, &c);
    fe_add(&c, &c, &c);
    fe_add(&c, &c, &c);
    fe_sub(&p->y, &t, &c);
}

/* p += (qx, qy), q affine and not infinity. */
static void pt_add_affine(jpoint *p, const fe *qx, const fe *qy)
{
    if (p->inf) {
        p->x = *qx;
        p->y = *qy;
        p->z = (fe){{1}};
        p->inf = 0;
        return;
    }
    fe z1z1, u2, s2, h, hh, i, j, r, v, t;
    fe_sqr(&z1z1, &p->z);
    fe_mul(&u2, qx, &z1z1);
    fe_mul(&s2, qy, &p->z);
    fe_mul(&s2, &s2, &z1z1);
    fe_sub(&h, &u2, &p->x);
    fe_sub(&r, &s2, &p->y);
    if (fe_is_zero(&h)) {
        if (fe_is_zero(&r))
            pt_double(p);
        else
            p->inf = 1;
        return;
    }
    fe_add(&r, &r, &r);
    fe_sqr(&hh, &h);
    fe_add(&i, &hh, &hh);
    fe_add(&i, &i, &i);
    fe_mul(&j, &h, &i);
    fe_mul(&v, &p->x, &i);
    fe_add(&t, &p->z, &h);
    fe_sqr(&t, &t);
    fe_sub(&t, &t, &z1z1);
    fe_sub(&p->z, &t, &hh);
    fe_sqr(&t, &r);
    fe_sub(&t, &t, &j);
    fe_sub(&t, &t, &v);
    fe_sub(&t, &t, &v);
    fe_sub(&v, &v, &t);
    fe_mul(&v, &r, &v);
    fe_mul(&j, &p->y, &j);
    fe_add(&j, &j, &j);
    fe_sub(&p->y, &v, &j);
    p->x = t;
}

static void store_be(uint8_t *out, const fe *a)
{
    for (int i = 0; i < 32; i++)
        out[31 - i] = (uint8_t)(a->v[i / 4] >> (8 * (i % 4)));
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    if (len == 0 || len % 32 != 0)
        guest_fail(GUEST_EXIT_BADINPUT, "ecmul: input is not a sequence of 32-byte scalars");
    for (size_t off = 0; off < len; off += 32) {
        jpoint r = {.inf = 1};
        for (int bit = 255; bit >= 0; bit--) {
            pt_double(&r);
            if ((in[off + 31 - bit / 8] >> (bit % 8)) & 1)
                pt_add_affine(&r, &GX, &GY);
        }
        if (r.inf) {
            guest_puts("k*G: infinity\n");
            continue;
        }
        fe zi, zi2, x, y;
        fe_inv(&zi, &r.z);
        fe_sqr(&zi2, &zi);
        fe_mul(&x, &r.x, &zi2);
        fe_mul(&zi2, &zi2, &zi);
        fe_mul(&y, &r.y, &zi2);
        uint8_t xy[64];
        store_be(xy, &x);
        store_be(xy + 32, &y);
        guest_hex("k*G", xy, 64);
    }
    free(in);
    return 0;
}
