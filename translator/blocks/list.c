/* list.c — the block list file: "PC COUNT [evidence...]" per line, '#'
 * comments (docs/blocks.md). Invariant: a parsed list holds exactly the file's
 * entries in file order; anything else in a line's first two fields is an
 * error naming the file and line. */
#include "blocks.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 4096u
#define MAX_ENTRIES (1u << 20)

static const char *skip_space(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
        s++;
    return s;
}

/* A token [s, e): hex "0x..." (hex = 1) or decimal, fitting 32 bits. */
static int number(const char *s, const char *e, int hex, uint32_t *v)
{
    uint64_t x = 0;
    if (hex) {
        if (e - s < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
            return -1;
        s += 2;
    }
    if (s == e || e - s > (hex ? 8 : 10))
        return -1;
    for (; s < e; s++) {
        int d = hex && isxdigit((unsigned char)*s) ? (isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a' + 10))
              : !hex && isdigit((unsigned char)*s) ? *s - '0' : -1;
        if (d < 0)
            return -1;
        x = x * (hex ? 16 : 10) + (uint64_t)d;
    }
    if (x > UINT32_MAX)
        return -1;
    *v = (uint32_t)x;
    return 0;
}

static const char *token_end(const char *s, const char *end)
{
    while (s < end && *s != ' ' && *s != '\t' && *s != '\r' && *s != '#')
        s++;
    return s;
}

/* One line [s, end) without its newline: 0 (entry in *r, or blank: r->line 0), or -1. */
static int parse_line(const char *s, const char *end, uint32_t line, const char *name,
                      xl_block_req *r, uvm_err *err)
{
    if (memchr(s, 0, (size_t)(end - s)))
        return uvm_errf(err, "%s:%u: NUL byte in the line", name, line);
    if ((size_t)(end - s) > MAX_LINE)
        return uvm_errf(err, "%s:%u: line longer than %u bytes", name, line, MAX_LINE);
    r->line = 0;
    s = skip_space(s, end);
    if (s == end || *s == '#')
        return 0;
    const char *e1 = token_end(s, end);
    const char *s2 = skip_space(e1, end);
    const char *e2 = token_end(s2, end);
    if (number(s, e1, 1, &r->pc) || number(s2, e2, 0, &r->n))
        return uvm_errf(err, "%s:%u: expected 'PC COUNT' (PC as 0x..., COUNT decimal), got '%.*s'",
                        name, line, (int)(end - s > 40 ? 40 : end - s), s);
    if (r->n < 2 || r->n > UISA_BLOCK_MAX)
        return uvm_errf(err, "%s:%u: block at pc 0x%08x of %u instructions (a block has 2..%u)",
                        name, line, r->pc, r->n, UISA_BLOCK_MAX);
    r->line = line;
    return 0;
}

int xl_block_list_parse(const char *text, size_t len, const char *name, xl_block_list *out,
                        uvm_err *err)
{
    memset(out, 0, sizeof *out);
    uint32_t cap = 0, line = 0;
    const char *s = text, *end = text + len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *le = nl ? nl : end;
        xl_block_req r;
        if (parse_line(s, le, ++line, name, &r, err))
            goto fail;
        s = nl ? nl + 1 : end;
        if (!r.line)
            continue;
        if (out->n == MAX_ENTRIES) {
            uvm_errf(err, "%s:%u: more than %u blocks", name, line, MAX_ENTRIES);
            goto fail;
        }
        if (out->n == cap) {
            cap = cap ? 2 * cap : 64;
            xl_block_req *v = realloc(out->v, (size_t)cap * sizeof *v);
            if (!v) {
                uvm_errf(err, "%s: out of memory", name);
                goto fail;
            }
            out->v = v;
        }
        out->v[out->n++] = r;
    }
    return 0;
fail:
    xl_block_list_free(out);
    return -1;
}

void xl_block_list_free(xl_block_list *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}
