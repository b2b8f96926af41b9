/* rlp.c — strict RLP (Ethereum recursive length prefix) decoder that drives visitors
 * through function pointers: one counts, one hashes the strings, one re-encodes. The
 * input is a sequence of top-level items; non-canonical or truncated encodings exit 2.
 * The re-encoding must equal the input byte for byte (exit 1 otherwise). */
#include <stdlib.h>
#include <string.h>

#include "guest.h"

typedef struct rlp_visitor {
    void (*string)(void *ctx, const uint8_t *p, size_t len, uint32_t depth);
    void (*list_begin)(void *ctx, size_t payload, uint32_t depth);
    void (*list_end)(void *ctx, uint32_t depth);
    void *ctx;
} rlp_visitor;

typedef struct stats {
    uint32_t strings, lists, max_depth, empty;
    uint64_t string_bytes;
} stats;

typedef struct encoder {
    uint8_t *out;
    size_t n;
} encoder;

static void st_string(void *c, const uint8_t *p, size_t len, uint32_t depth)
{
    stats *s = c;
    (void)p;
    s->strings++;
    s->string_bytes += len;
    s->empty += len == 0;
    if (depth > s->max_depth)
        s->max_depth = depth;
}

static void st_list(void *c, size_t payload, uint32_t depth)
{
    stats *s = c;
    s->lists++;
    s->empty += payload == 0;
    if (depth + 1 > s->max_depth)
        s->max_depth = depth + 1;
}

static void ignore_end(void *c, uint32_t depth)
{
    (void)c;
    (void)depth;
}

static void h_string(void *c, const uint8_t *p, size_t len, uint32_t depth)
{
    uint32_t *h = c;
    *h = (*h ^ (depth * 0x9E3779B9u)) * 16777619u;
    for (size_t i = 0; i < len; i++)
        *h = (*h ^ p[i]) * 16777619u;
}

static void h_list(void *c, size_t payload, uint32_t depth)
{
    uint32_t *h = c;
    *h = (*h ^ (uint32_t)payload ^ 0x80000000u) * 16777619u;
    (void)depth;
}

static void enc_header(encoder *e, uint8_t short_base, size_t len)
{
    if (len <= 55) {
        e->out[e->n++] = (uint8_t)(short_base + len);
        return;
    }
    int k = 0;
    for (size_t t = len; t; t >>= 8)
        k++;
    e->out[e->n++] = (uint8_t)(short_base + 55 + k);
    for (int i = k - 1; i >= 0; i--)
        e->out[e->n++] = (uint8_t)(len >> (8 * i));
}

static void enc_string(void *c, const uint8_t *p, size_t len, uint32_t depth)
{
    encoder *e = c;
    (void)depth;
    if (!(len == 1 && p[0] < 0x80))
        enc_header(e, 0x80, len);
    memcpy(e->out + e->n, p, len);
    e->n += len;
}

static void enc_list(void *c, size_t payload, uint32_t depth)
{
    (void)depth;
    enc_header(c, 0xc0, payload);
}

typedef struct decoder {
    const uint8_t *s;
    size_t n;
    const rlp_visitor *vs;
    size_t nv;
} decoder;

static _Noreturn void bad(size_t at, const char *what)
{
    guest_log("rlp: offset %lu: %s\n", (unsigned long)at, what);
    uvm_exit(GUEST_EXIT_BADINPUT);
}

/* Decodes one item at *pos (< end); returns with *pos after it. */
static void item(decoder *d, size_t *pos, size_t end, uint32_t depth)
{
    size_t at = *pos;
    uint8_t b = d->s[at];
    size_t len, hdr = 1;
    if (depth > 100)
        bad(at, "nesting deeper than 100");
    if (b < 0x80) {
        len = 1;
        hdr = 0;
    } else if (b <= 0xb7 || (b >= 0xc0 && b <= 0xf7)) {
        len = b - (b < 0xc0 ? 0x80 : 0xc0);
    } else {
        size_t k = b - (b < 0xc0 ? 0xb7 : 0xf7);
        if (k > 4 || end - at - 1 < k)
            bad(at, "truncated or oversized length");
        if (d->s[at + 1] == 0)
            bad(at, "length with a leading zero");
        len = 0;
        for (size_t i = 0; i < k; i++)
            len = len << 8 | d->s[at + 1 + i];
        if (len <= 55)
            bad(at, "long form for a short length");
        hdr = 1 + k;
    }
    if (end - at - hdr < len)
        bad(at, "item runs past its container");
    size_t body = at + hdr;
    if (b >= 0x80 && b < 0xc0 && len == 1 && d->s[body] < 0x80)
        bad(at, "single byte below 0x80 must encode itself");
    if (b < 0xc0) {
        for (size_t v = 0; v < d->nv; v++)
            d->vs[v].string(d->vs[v].ctx, d->s + body, len, depth);
    } else {
        for (size_t v = 0; v < d->nv; v++)
            d->vs[v].list_begin(d->vs[v].ctx, len, depth);
        size_t p = body;
        while (p < body + len)
            item(d, &p, body + len, depth + 1);
        for (size_t v = 0; v < d->nv; v++)
            d->vs[v].list_end(d->vs[v].ctx, depth);
    }
    *pos = body + len;
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    if (len == 0)
        guest_fail(GUEST_EXIT_BADINPUT, "rlp: empty input");
    stats st = {0};
    uint32_t h = 2166136261u;
    encoder enc = {malloc(len), 0};
    if (!enc.out)
        guest_fail(GUEST_EXIT_NOMEM, "rlp: out of memory");
    const rlp_visitor vs[] = {
        {st_string, st_list, ignore_end, &st},
        {h_string, h_list, ignore_end, &h},
        {enc_string, enc_list, ignore_end, &enc},
    };
    decoder d = {in, len, vs, sizeof vs / sizeof vs[0]};
    size_t pos = 0, items = 0;
    while (pos < len) {
        item(&d, &pos, len, 0);
        items++;
    }
    guest_printf("items=%lu strings=%lu lists=%lu empty=%lu max_depth=%lu string_bytes=%llu "
                 "fnv=%08lx\n", (unsigned long)items, (unsigned long)st.strings,
                 (unsigned long)st.lists, (unsigned long)st.empty, (unsigned long)st.max_depth,
                 (unsigned long long)st.string_bytes, (unsigned long)h);
    int same = enc.n == len && memcmp(enc.out, in, len) == 0;
    free(enc.out);
    free(in);
    return same ? 0 : 1;
}
