/* hashtab.c — word frequencies with an open-addressing hash table (FNV-1a, linear
 * probing, power-of-two capacity doubled above 3/4 load). A word is a maximal run of
 * ASCII letters, folded to lower case; any other byte separates words. Keys point into
 * the input (no copies). Prints totals, the three most frequent words (a tie goes to
 * the lexicographically smaller), and an order-independent digest of the table. */
#include <stdlib.h>

#include "guest.h"

struct slot {
    const uint8_t *w; /* NULL: empty */
    uint32_t len, hash, count;
};

struct table {
    struct slot *s;
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

static void add(struct table *t, const uint8_t *w, uint32_t len)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < len; i++)
        h = (h ^ (uint32_t)lower(w[i])) * 16777619u;
    uint32_t j = h & (t->cap - 1);
    for (; t->s[j].w; j = (j + 1) & (t->cap - 1))
        if (t->s[j].hash == h && t->s[j].len == len && same_word(t->s[j].w, w, len)) {
            t->s[j].count++;
            return;
        }
    t->s[j] = (struct slot){w, len, h, 1};
    if (++t->used * 4 > t->cap * 3)
        grow(t);
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
    uint32_t words = 0, longest = 0;
    for (size_t i = 0; i < len;) {
        if (!is_letter(in[i])) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < len && is_letter(in[i]))
            i++;
        add(&t, in + s, (uint32_t)(i - s));
        words++;
        longest = i - s > longest ? (uint32_t)(i - s) : longest;
    }
    if (words == 0)
        guest_fail(GUEST_EXIT_BADINPUT, "hashtab: no words in the input");
    const struct slot *top[3] = {NULL, NULL, NULL};
    uint32_t digest = 0, once = 0;
    for (uint32_t i = 0; i < t.cap; i++) {
        const struct slot *s = &t.s[i];
        if (!s->w)
            continue;
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
    free(t.s);
    free(in);
    return 0;
}
