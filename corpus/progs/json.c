/* json.c — strict JSON (RFC 8259) decoder: validates the whole input and reports what
 * it holds (objects, arrays, strings, integers and other numbers, literals, maximum
 * depth, sum of integers mod 2^64, UTF-8 bytes of decoded strings, FNV-1a of the
 * decoded keys). Invalid input exits 2 naming the byte offset. Nesting is limited to 64. */
#include <stdlib.h>
#include <string.h>

#include "guest.h"

typedef struct parser {
    const uint8_t *s;
    size_t n, i;
    uint32_t objects, arrays, strings, ints, others, literals, depth, max_depth;
    uint64_t int_sum, str_bytes;
    uint32_t key_hash;
} parser;

static _Noreturn void bad(parser *p, const char *what)
{
    guest_log("json: offset %lu: %s\n", (unsigned long)p->i, what);
    uvm_exit(GUEST_EXIT_BADINPUT);
}

static void skip_ws(parser *p)
{
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
                           p->s[p->i] == '\r'))
        p->i++;
}

static int peek(parser *p)
{
    return p->i < p->n ? p->s[p->i] : -1;
}

static void expect(parser *p, char c)
{
    if (peek(p) != c)
        bad(p, "unexpected character");
    p->i++;
}

static uint32_t hex4(parser *p)
{
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
        int c = peek(p);
        uint32_t d = c >= '0' && c <= '9' ? (uint32_t)(c - '0')
                     : c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (uint32_t)(c - 'A' + 10) : 99;
        if (d == 99)
            bad(p, "bad \\u escape");
        v = v * 16 + d;
        p->i++;
    }
    return v;
}

/* Decodes a string; counts its UTF-8 length; hashes it into key_hash if is_key. */
static void string(parser *p, int is_key)
{
    expect(p, '"');
    uint64_t bytes = 0;
    for (;;) {
        int c = peek(p);
        if (c < 0)
            bad(p, "unterminated string");
        p->i++;
        if (c == '"')
            break;
        if (c < 0x20)
            bad(p, "control character in string");
        uint32_t cp = (uint32_t)c;
        if (c == '\\') {
            int e = peek(p);
            p->i++;
            switch (e) {
            case '"': case '\\': case '/': cp = (uint32_t)e; break;
            case 'b': cp = 8; break;
            case 'f': cp = 12; break;
            case 'n': cp = 10; break;
            case 'r': cp = 13; break;
            case 't': cp = 9; break;
            case 'u':
                cp = hex4(p);
                if (cp >= 0xD800 && cp < 0xDC00) {
                    if (peek(p) != '\\')
                        bad(p, "lone high surrogate");
                    p->i++;
                    expect(p, 'u');
                    uint32_t lo = hex4(p);
                    if (lo < 0xDC00 || lo >= 0xE000)
                        bad(p, "bad low surrogate");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp < 0xE000) {
                    bad(p, "lone low surrogate");
                }
                break;
            default:
                bad(p, "bad escape");
            }
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        } else {
            bytes++; /* raw UTF-8 bytes pass through */
        }
        if (is_key)
            p->key_hash = (p->key_hash ^ cp) * 16777619u;
    }
    p->strings++;
    p->str_bytes += bytes;
}

static void number(parser *p)
{
    int neg = 0, integral = 1;
    uint64_t v = 0;
    if (peek(p) == '-') {
        neg = 1;
        p->i++;
    }
    if (peek(p) == '0') {
        p->i++;
    } else if (peek(p) >= '1' && peek(p) <= '9') {
        while (peek(p) >= '0' && peek(p) <= '9')
            v = v * 10 + (uint64_t)(p->s[p->i++] - '0');
    } else {
        bad(p, "bad number");
    }
    if (peek(p) == '.') {
        integral = 0;
        p->i++;
        if (!(peek(p) >= '0' && peek(p) <= '9'))
            bad(p, "bad fraction");
        while (peek(p) >= '0' && peek(p) <= '9')
            p->i++;
    }
    if (peek(p) == 'e' || peek(p) == 'E') {
        integral = 0;
        p->i++;
        if (peek(p) == '+' || peek(p) == '-')
            p->i++;
        if (!(peek(p) >= '0' && peek(p) <= '9'))
            bad(p, "bad exponent");
        while (peek(p) >= '0' && peek(p) <= '9')
            p->i++;
    }
    if (integral) {
        p->ints++;
        p->int_sum += neg ? 0 - v : v;
    } else {
        p->others++;
    }
}

static void literal(parser *p, const char *word)
{
    size_t k = strlen(word);
    if (p->n - p->i < k || memcmp(p->s + p->i, word, k) != 0)
        bad(p, "bad literal");
    p->i += k;
    p->literals++;
}

static void value(parser *p);

static void container(parser *p, char open, char close)
{
    if (++p->depth > 64)
        bad(p, "nesting deeper than 64");
    if (p->depth > p->max_depth)
        p->max_depth = p->depth;
    expect(p, open);
    skip_ws(p);
    if (peek(p) == close) {
        p->i++;
    } else {
        for (;;) {
            skip_ws(p);
            if (open == '{') {
                string(p, 1);
                skip_ws(p);
                expect(p, ':');
            }
            value(p);
            skip_ws(p);
            if (peek(p) == ',') {
                p->i++;
                continue;
            }
            expect(p, close);
            break;
        }
    }
    p->depth--;
}

static void value(parser *p)
{
    skip_ws(p);
    switch (peek(p)) {
    case '{': p->objects++; container(p, '{', '}'); break;
    case '[': p->arrays++; container(p, '[', ']'); break;
    case '"': string(p, 0); break;
    case 't': literal(p, "true"); break;
    case 'f': literal(p, "false"); break;
    case 'n': literal(p, "null"); break;
    default: number(p);
    }
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    parser p = {.s = in, .n = len, .key_hash = 2166136261u};
    value(&p);
    skip_ws(&p);
    if (p.i != p.n)
        bad(&p, "trailing characters");
    guest_printf("objects=%lu arrays=%lu strings=%lu ints=%lu other_numbers=%lu literals=%lu "
                 "max_depth=%lu\n", (unsigned long)p.objects, (unsigned long)p.arrays,
                 (unsigned long)p.strings, (unsigned long)p.ints, (unsigned long)p.others,
                 (unsigned long)p.literals, (unsigned long)p.max_depth);
    guest_printf("int_sum=%016llx string_bytes=%llu key_fnv=%08lx\n", (unsigned long long)p.int_sum,
                 (unsigned long long)p.str_bytes, (unsigned long)p.key_hash);
    free(in);
    return 0;
}
