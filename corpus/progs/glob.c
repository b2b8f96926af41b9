/* glob.c — shell-style wildcard matching: every pattern against every subject.
 * Input: text lines, the patterns, one empty line, then the subjects. A pattern has
 * '*' (any run), '?' (any byte), '[...]' classes with ranges and '!' negation, and
 * '\x' for a literal x. The matcher is the two-pointer backtracking one: on a mismatch
 * it resumes after the last '*' one subject byte further on, which is exact for globs
 * (a later star can absorb whatever an earlier one could). Bad patterns exit 2. */
#include <stdlib.h>

#include "guest.h"

struct line {
    const uint8_t *s;
    uint32_t n;
};

/* Matches one pattern element at p (not '*') against byte c. *adv = its length in
 * the pattern. Returns 1 match, 0 no match, -1 malformed. */
static int elem(const uint8_t *p, uint32_t left, uint8_t c, uint32_t *adv)
{
    if (p[0] == '?') {
        *adv = 1;
        return 1;
    }
    if (p[0] == '\\') {
        if (left < 2)
            return -1;
        *adv = 2;
        return p[1] == c;
    }
    if (p[0] != '[') {
        *adv = 1;
        return p[0] == c;
    }
    uint32_t i = 1;
    int neg = 0, hit = 0;
    if (i < left && p[i] == '!') {
        neg = 1;
        i++;
    }
    int first = 1;
    while (i < left && (p[i] != ']' || first)) {
        uint8_t lo = p[i], hi = lo;
        if (i + 2 < left && p[i + 1] == '-' && p[i + 2] != ']') {
            hi = p[i + 2];
            i += 3;
        } else {
            i++;
        }
        hit |= lo <= c && c <= hi;
        first = 0;
    }
    if (i >= left)
        return -1;
    *adv = i + 1;
    return hit != neg;
}

/* Checks a pattern's syntax once, so the matcher may assume it is well formed. */
static int valid(const struct line *p)
{
    uint32_t i = 0, adv;
    while (i < p->n) {
        if (p->s[i] == '*') {
            i++;
            continue;
        }
        if (elem(p->s + i, p->n - i, 0, &adv) < 0)
            return 0;
        i += adv;
    }
    return 1;
}

static int match(const struct line *pat, const struct line *sub)
{
    const uint8_t *p = pat->s, *s = sub->s;
    uint32_t pn = pat->n, sn = sub->n, pi = 0, si = 0, adv;
    uint32_t star_p = UINT32_MAX, star_s = 0;
    while (si < sn) {
        if (pi < pn && p[pi] == '*') {
            star_p = ++pi;
            star_s = si;
        } else if (pi < pn && elem(p + pi, pn - pi, s[si], &adv) == 1) {
            pi += adv;
            si++;
        } else if (star_p != UINT32_MAX) {
            pi = star_p;
            si = ++star_s;
        } else {
            return 0;
        }
    }
    while (pi < pn && p[pi] == '*')
        pi++;
    return pi == pn;
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    uint32_t nl = 0;
    for (size_t i = 0; i < len; i++)
        nl += in[i] == '\n';
    struct line *ln = malloc((nl + 1) * sizeof *ln);
    if (!ln)
        guest_fail(GUEST_EXIT_NOMEM, "glob: out of memory");
    uint32_t n = 0, start = 0, sep = UINT32_MAX;
    for (size_t i = 0; i < len; i++)
        if (in[i] == '\n') {
            ln[n] = (struct line){in + start, (uint32_t)i - start};
            if (ln[n].n == 0 && sep == UINT32_MAX)
                sep = n;
            n++;
            start = (uint32_t)i + 1;
        }
    if (start != len || sep == UINT32_MAX || sep == 0 || sep + 1 == n)
        guest_fail(GUEST_EXIT_BADINPUT, "glob: want patterns, an empty line, subjects, "
                   "each line ending in a newline");
    struct line *pats = ln, *subs = ln + sep + 1;
    uint32_t np = sep, ns = n - sep - 1, total = 0, best = 0, best_i = 0;
    for (uint32_t i = 0; i < np; i++)
        if (!valid(&pats[i]))
            guest_fail(GUEST_EXIT_BADINPUT, "glob: malformed pattern");
    uint32_t ph = 2166136261u, sh = 2166136261u;
    uint32_t *per_sub = calloc(ns, sizeof *per_sub);
    if (!per_sub)
        guest_fail(GUEST_EXIT_NOMEM, "glob: out of memory");
    for (uint32_t i = 0; i < np; i++) {
        uint32_t c = 0;
        for (uint32_t j = 0; j < ns; j++)
            if (match(&pats[i], &subs[j])) {
                c++;
                per_sub[j]++;
            }
        ph = (ph ^ c) * 16777619u;
        total += c;
        if (c > best) {
            best = c;
            best_i = i;
        }
    }
    for (uint32_t j = 0; j < ns; j++)
        sh = (sh ^ per_sub[j]) * 16777619u;
    guest_printf("patterns=%lu subjects=%lu matches=%lu best=%lu (pattern %lu)\n",
                 (unsigned long)np, (unsigned long)ns, (unsigned long)total,
                 (unsigned long)best, (unsigned long)best_i);
    guest_printf("per_pattern_fnv=%08lx per_subject_fnv=%08lx\n", (unsigned long)ph,
                 (unsigned long)sh);
    free(per_sub);
    free(ln);
    free(in);
    return 0;
}
