/* transcript.c — Fiat-Shamir transcript over the proof's hash: absorbed bytes
 * are appended after a 32-byte state; a squeeze hashes state || bytes || 0x01
 * into the new state. Grinding hashes state || nonce || 0x02.
 * Invariant: both sides absorb exactly the same bytes in the same order, so a
 * challenge depends on everything sent before it. */
#include <stdlib.h>
#include <string.h>

#include "stark_int.h"

static void put(stark_tr *t, const void *d, size_t n)
{
    if (t->oom)
        return;
    if (t->len + n > t->cap) {
        size_t nc = t->cap * 2;
        while (nc < t->len + n)
            nc *= 2;
        uint8_t *q = realloc(t->buf, nc);
        if (!q) {
            t->oom = 1;
            return;
        }
        t->buf = q;
        t->cap = nc;
    }
    memcpy(t->buf + t->len, d, n);
    t->len += n;
}

int tr_init(stark_tr *t, const hash_ops *h, const char *label)
{
    memset(t, 0, sizeof *t);
    t->h = h;
    t->cap = 4096;
    t->buf = calloc(1, t->cap);
    if (!t->buf)
        return -1;
    t->len = 32;
    tr_absorb(t, label, strlen(label));
    return 0;
}

void tr_free(stark_tr *t)
{
    free(t->buf);
    t->buf = NULL;
}

void tr_absorb(stark_tr *t, const void *d, size_t n)
{
    uint64_t len = n;
    uint8_t le[8];
    for (int i = 0; i < 8; i++)
        le[i] = (uint8_t)(len >> (8 * i));
    put(t, le, 8); /* length prefix: no two absorb sequences collide */
    put(t, d, n);
}

void tr_absorb_u64(stark_tr *t, uint64_t v)
{
    uint8_t le[8];
    for (int i = 0; i < 8; i++)
        le[i] = (uint8_t)(v >> (8 * i));
    tr_absorb(t, le, 8);
}

void tr_absorb_digests(stark_tr *t, const hash_digest *d, size_t n)
{
    tr_absorb_u64(t, n);
    for (size_t i = 0; i < n; i++)
        tr_absorb(t, d[i].b, 32);
}

static void squeeze(stark_tr *t, hash_digest *out)
{
    uint8_t one = 1;
    put(t, &one, 1);
    t->h->bytes(t->buf, t->len, out);
    memcpy(t->buf, out->b, 32);
    t->len = 32;
}

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* Uniform field elements by rejection (a 64-bit word is >= p with
 * probability 2^-32). */
gl_t tr_gl(stark_tr *t)
{
    for (;;) {
        hash_digest d;
        squeeze(t, &d);
        for (int i = 0; i < 4; i++) {
            uint64_t v = le64(d.b + 8 * i);
            if (v < GL_P)
                return v;
        }
    }
}

uint64_t tr_u64(stark_tr *t)
{
    hash_digest d;
    squeeze(t, &d);
    return le64(d.b);
}

static int pow_ok(const stark_tr *t, unsigned bits, uint64_t nonce)
{
    uint8_t in[32 + 9];
    memcpy(in, t->buf, 32);
    for (int i = 0; i < 8; i++)
        in[32 + i] = (uint8_t)(nonce >> (8 * i));
    in[40] = 2;
    hash_digest d;
    t->h->bytes(in, sizeof in, &d);
    /* leading zero bits of the first 64-bit word, big-endian view */
    uint64_t w = 0;
    for (int i = 0; i < 8; i++)
        w = w << 8 | d.b[i];
    return bits == 0 || (w >> (64 - bits)) == 0;
}

/* Nonces are tried in rounds of GRIND_ROUND, split among the threads; the
 * smallest valid nonce of the first round holding one is kept, so the result
 * (the smallest valid nonce overall) does not depend on the thread count. */
#define GRIND_ROUND ((uint64_t)1 << 16)

uint64_t tr_grind(stark_tr *t, unsigned bits)
{
    hash_digest d;
    squeeze(t, &d);
    uint64_t best = UINT64_MAX;
    for (uint64_t base = 0; best == UINT64_MAX; base += GRIND_ROUND) {
#pragma omp parallel for schedule(static) reduction(min : best) if (bits > 12)
        for (uint64_t k = 0; k < GRIND_ROUND; k++)
            if (k + base < best && pow_ok(t, bits, base + k))
                best = base + k;
    }
    tr_absorb_u64(t, best);
    return best;
}

int tr_check_grind(stark_tr *t, unsigned bits, uint64_t nonce)
{
    hash_digest d;
    squeeze(t, &d);
    int ok = pow_ok(t, bits, nonce);
    tr_absorb_u64(t, nonce);
    return ok ? 0 : -1;
}
