/* hashtab.c — word and bigram frequencies with open-addressing hash tables (linear
 * probing, power-of-two capacity doubled above 3/4 load). A word is a maximal run of
 * ASCII letters, folded to lower case; any other byte separates words. Word keys point
 * into the input (no copies), hashed by FNV-1a; each new word gets the next id (0, 1,
 * ...), and a bigram (two consecutive words) is keyed by its two ids. Prints totals,
 * the three most frequent words (a tie goes to the lexicographically smaller), the most
 * frequent bigram (a tie goes to the smaller id pair) and order-independent digests. */
#include <stdlib.h>

#include "guest.h"

struct slot {
    const uint8_t *w; /* NULL: empty */
    uint32_t len, hash, count, id;
};

struct table {
    struct slot *s;
    uint32_t cap, used;
};

struct bslot {
    uint32_t a, b, count; /* word ids a + 1 (0: empty), b */
};

struct btable {
    struct bslot *s;
    uint32_t cap, used;
};

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int is_letter(int c)
{
    c = lower(c);
    return c >= 'a' && c <= 'z';
}

static int same_word(const uint8_t *a, const uint8_t *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (lower(a[i]) != lower(b[i]))
            return 0;
    return 1;
}

/* <0, 0, >0 as a (lower-cased) sorts before, equal to, after b. */
static int cmp_word(const struct slot *a, const struct slot *b)
{
    uint32_t n = a->len < b->len ? a->len : b->len;
    for (uint32_t i = 0; i < n; i++)
        if (lower(a->w[i]) != lower(b->w[i]))
            return lower(a->w[i]) - lower(b->w[i]);
    return (int)a->len - (int)b->len;
}

static struct slot *alloc_slots(uint32_t cap)
{
    struct slot *s = malloc(cap * sizeof *s);
    if (!s)
        guest_fail(GUEST_EXIT_NOMEM, "hashtab: out of memory");
    for (uint32_t i = 0; i < cap; i++)
        s[i].w = NULL;
    return s;
}

static void grow(struct table *t)
{
    struct slot *old = t->s;
    uint32_t oc = t->cap;
    t->cap *= 2;
    t->s = alloc_slots(t->cap);
    for (uint32_t i = 0; i < oc; i++) {
        if (!old[i].w)
            continue;
        uint32_t j = old[i].hash & (t->cap - 1);
        while (t->s[j].w)
            j = (j + 1) & (t->cap - 1);
        t->s[j] = old[i];
    }
    free(old);
}

/* Counts one occurrence of w; returns its id. */
static uint32_t add(struct table *t, const uint8_t *w, uint32_t len)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < len; i++)
        h = (h ^ (uint32_t)lower(w[i])) * 16777619u;
    uint32_t j = h & (t->cap - 1);
    for (; t->s[j].w; j = (j + 1) & (t->cap - 1))
        if (t->s[j].hash == h && t->s[j].len == len && same_word(t->s[j].w, w, len)) {
            t->s[j].count++;
            return t->s[j].id;
        }
    uint32_t id = t->used;
    t->s[j] = (struct slot){w, len, h, 1, id};
    if (++t->used * 4 > t->cap * 3)
        grow(t);
    return id;
}

/* Murmur3's finaliser over the id pair: a bigram's slot hash. */
static uint32_t pair_hash(uint32_t a, uint32_t b)
{
    uint32_t h = a * 0x9E3779B1u ^ b;
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    return h ^ h >> 16;
}

static struct bslot *alloc_bslots(uint32_t cap)
{
    struct bslot *s = malloc(cap * sizeof *s);
    if (!s)
        guest_fail(GUEST_EXIT_NOMEM, "hashtab: out of memory");
    for (uint32_t i = 0; i < cap; i++)
        s[i].a = 0;
    return s;
}

static void add_pair(struct btable *t, uint32_t a, uint32_t b)
{
    uint32_t j = pair_hash(a, b) & (t->cap - 1);
    for (; t->s[j].a; j = (j + 1) & (t->cap - 1))
        if (t->s[j].a == a + 1 && t->s[j].b == b) {
            t->s[j].count++;
            return;
        }
    t->s[j] = (struct bslot){a + 1, b, 1};
    if (++t->used * 4 <= t->cap * 3)
        return;
    struct bslot *old = t->s;
    uint32_t oc = t->cap;
    t->cap *= 2;
    t->s = alloc_bslots(t->cap);
    for (uint32_t i = 0; i < oc; i++) {
        if (!old[i].a)
            continue;
        uint32_t k = pair_hash(old[i].a - 1, old[i].b) & (t->cap - 1);
        while (t->s[k].a)
            k = (k + 1) & (t->cap - 1);
        t->s[k] = old[i];
    }
    free(old);
}

static void print_word(const struct slot *s)
{
    char buf[64];
    uint32_t n = s->len < 48 ? s->len : 48; /* long words are cut in the listing */
    for (uint32_t i = 0; i < n; i++)
        buf[i] = (char)lower(s->w[i]);
    buf[n] = 0;
    guest_printf(" %s:%lu", buf, (unsigned long)s->count);
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    struct table t = {alloc_slots(64), 64, 0};
    struct btable bt = {alloc_bslots(64), 64, 0};
    uint32_t words = 0, longest = 0, prev = 0;
    for (size_t i = 0; i < len;) {
        if (!is_letter(in[i])) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < len && is_letter(in[i]))
            i++;
        uint32_t id = add(&t, in + s, (uint32_t)(i - s));
        if (words > 0)
            add_pair(&bt, prev, id);
        prev = id;
        words++;
        longest = i - s > longest ? (uint32_t)(i - s) : longest;
    }
    if (words == 0)
        guest_fail(GUEST_EXIT_BADINPUT, "hashtab: no words in the input");
    const struct slot *top[3] = {NULL, NULL, NULL}, **by_id = malloc(t.used * sizeof *by_id);
    if (!by_id)
        guest_fail(GUEST_EXIT_NOMEM, "hashtab: out of memory");
    uint32_t digest = 0, once = 0;
    for (uint32_t i = 0; i < t.cap; i++) {
        const struct slot *s = &t.s[i];
        if (!s->w)
            continue;
        by_id[s->id] = s;
        digest += s->hash ^ (s->count * 2654435761u);
        once += s->count == 1;
        for (int k = 0; k < 3; k++) {
            const struct slot *o = top[k];
            if (o && (s->count < o->count || (s->count == o->count && cmp_word(s, o) > 0)))
                continue;
            for (int m = 2; m > k; m--)
                top[m] = top[m - 1];
            top[k] = s;
            break;
        }
    }
    guest_printf("words=%lu distinct=%lu once=%lu longest=%lu digest=%08lx\ntop:",
                 (unsigned long)words, (unsigned long)t.used, (unsigned long)once,
                 (unsigned long)longest, (unsigned long)digest);
    for (int k = 0; k < 3 && top[k]; k++)
        print_word(top[k]);
    guest_printf("\n");
    const struct bslot *bb = NULL;
    uint32_t bdigest = 0;
    for (uint32_t i = 0; i < bt.cap; i++) {
        const struct bslot *s = &bt.s[i];
        if (!s->a)
            continue;
        bdigest += pair_hash(s->a - 1, s->b) ^ s->count;
        if (!bb || s->count > bb->count ||
            (s->count == bb->count && (s->a < bb->a || (s->a == bb->a && s->b < bb->b))))
            bb = s;
    }
    guest_printf("bigrams=%lu distinct=%lu digest=%08lx top:", (unsigned long)(words - 1),
                 (unsigned long)bt.used, (unsigned long)bdigest);
    if (bb) {
        print_word(by_id[bb->a - 1]);
        print_word(by_id[bb->b]);
        guest_printf(" x%lu", (unsigned long)bb->count);
    }
    guest_printf("\n");
    free(by_id);
    free(bt.s);
    free(t.s);
    free(in);
    return 0;
}
