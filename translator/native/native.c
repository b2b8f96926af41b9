/* native.c — the native-op pass: collects hints (UISA_NATIVE symbols in the ELF and
 * the --hints file), then puts each hinted function's native uop in its ENTRY slot.
 * Invariant: only a base, non-trap entry slot is replaced, one op per address, and the
 * result depends only on the set of hints (not on where they came from or their order). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hints.h"
#include "io.h"
#include "native.h"
#include "passes.h"
#include "sha256.h"

#define MAX_HINTS 4096
#define MAX_LINE 1024

typedef struct hint {
    uint32_t addr;
    int uop;
    int32_t limbs;  /* the limb count of a sized op (its uop's imm), else 0 */
    uint32_t seq;   /* order of collection: annotations first, then the file's lines */
    char where[96]; /* "hints.txt:3" or "symbol __uvm_native.x.y", for conflicts */
} hint;

typedef struct hint_set {
    hint *v;
    uint32_t n, cap;
} hint_set;

int xl_native_uop(const char *hint_text, int32_t *limbs)
{
    unsigned n;
    hint_op h = hint_parse(hint_text, &n);
    *limbs = (int32_t)n;
    return h == HINT_COUNT ? UOP_COUNT : (int)hint_ops[h].uop;
}

const char *xl_native_text(int op, int32_t limbs, char *buf, size_t size)
{
    const char *name = xl_native_name(op);
    if (limbs)
        snprintf(buf, size, "%s_%d", name ? name : "?", (int)limbs);
    else
        snprintf(buf, size, "%s", name ? name : "?");
    return buf;
}

const char *xl_native_name(int op)
{
    if (op < 0 || op >= UOP_COUNT || uisa_ops[op].tier != TIER_NATIVE)
        return NULL;
    return uisa_ops[op].hint; /* the row's hint name (ops_native.def) */
}

static int add_hint(hint_set *s, uint32_t addr, int uop, int32_t limbs, const char *where,
                    uvm_err *err)
{
    if (s->n == MAX_HINTS)
        return uvm_errf(err, "%s: more than %d hints", where, MAX_HINTS);
    if (s->n == s->cap) {
        uint32_t cap = s->cap ? 2 * s->cap : 16;
        hint *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return uvm_errf(err, "out of memory for hints");
        s->v = v, s->cap = cap;
    }
    hint *h = &s->v[s->n];
    h->addr = addr, h->uop = uop, h->limbs = limbs, h->seq = s->n++;
    snprintf(h->where, sizeof h->where, "%s", where);
    return 0;
}

static void known_ops(char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = 0;
    for (int i = 0; i < HINT_COUNT && k < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%s%s%s", i ? ", " : "", hint_ops[i].name,
                              uisa_ops[hint_ops[i].uop].max_limbs ? "_N" : "");
}

/* The address of symbol name: a function symbol if there is one, else any. */
static int find_symbol(const xl_image *img, const char *name, uint32_t *addr)
{
    int found = 0;
    for (uint32_t i = 0; i < img->n_symbols; i++) {
        const uisa_symbol *s = &img->symbols[i];
        if (strcmp(s->name, name))
            continue;
        if (s->is_func) {
            *addr = s->addr;
            return 1;
        }
        if (!found)
            *addr = s->addr, found = 1;
    }
    return found;
}

/* UISA_NATIVE(op, fn) in the source: symbols "__uvm_native.<op>.<fn>". */
static int hints_from_symbols(const xl_image *img, hint_set *s, uvm_err *err)
{
    const size_t plen = strlen(XL_NATIVE_SYM_PREFIX);
    for (uint32_t i = 0; i < img->n_symbols; i++) {
        const char *sym = img->symbols[i].name;
        if (strncmp(sym, XL_NATIVE_SYM_PREFIX, plen))
            continue;
        char op[64];
        const char *dot = strchr(sym + plen, '.');
        size_t n = dot ? (size_t)(dot - (sym + plen)) : strlen(sym + plen);
        if (n >= sizeof op)
            n = sizeof op - 1;
        memcpy(op, sym + plen, n);
        op[n] = 0;
        int32_t limbs;
        int uop = xl_native_uop(op, &limbs);
        if (uop == UOP_COUNT)
            return uvm_errf(err, "annotation symbol %s: unknown native op '%s'", sym, op);
        char where[96];
        snprintf(where, sizeof where, "annotation %.80s", sym);
        if (add_hint(s, img->symbols[i].addr, uop, limbs, where, err))
            return -1;
    }
    return 0;
}

/* One line of a hints file ("OP TARGET"), comments already removed. */
static int parse_line(const xl_image *img, char *line, const char *where, hint_set *s, uvm_err *err)
{
    char *save = NULL;
    char *op = strtok_r(line, " \t\r", &save);
    if (!op)
        return 0;
    char *target = strtok_r(NULL, " \t\r", &save);
    char *extra = strtok_r(NULL, " \t\r", &save);
    if (!target || extra)
        return uvm_errf(err, "%s: expected 'OP SYMBOL' or 'OP 0xADDRESS'", where);
    int32_t limbs;
    int uop = xl_native_uop(op, &limbs);
    if (uop == UOP_COUNT) {
        char known[256];
        known_ops(known, sizeof known);
        return uvm_errf(err, "%s: unknown native op '%s' (known: %s; N a limb count 1..%d)", where,
                        op, known, HINT_MAX_LIMBS);
    }
    uint32_t addr = 0;
    if (target[0] == '0' && (target[1] == 'x' || target[1] == 'X')) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(target + 2, &end, 16);
        if (!target[2] || *end || errno || v > 0xffffffffull)
            return uvm_errf(err, "%s: bad address '%s'", where, target);
        addr = (uint32_t)v;
    } else if (!find_symbol(img, target, &addr)) {
        return uvm_errf(err, "%s: no symbol '%s' in the ELF", where, target);
    }
    return add_hint(s, addr, uop, limbs, where, err);
}

/* The hints file's text (len bytes, already read once by the caller: a pipe or
 * FIFO cannot be read twice), one "OP TARGET" per line, '#' comments. */
static int hints_from_text(const xl_image *img, const char *path, const char *text, size_t len,
                           hint_set *s, uvm_err *err)
{
    char line[MAX_LINE + 1];
    size_t at = 0;
    for (unsigned no = 1; at < len; no++) {
        char where[96];
        snprintf(where, sizeof where, "%.80s:%u", path, no);
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = (nl ? (size_t)(nl - text) : len) - at;
        if (memchr(text + at, 0, n))
            return uvm_errf(err, "%s: a NUL byte in the line (not a text file?)", where);
        if (n > MAX_LINE)
            return uvm_errf(err, "%s: line longer than %d bytes", where, MAX_LINE);
        memcpy(line, text + at, n);
        line[n] = 0;
        at += n + 1;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        if (parse_line(img, line, where, s, err))
            return -1;
    }
    return 0;
}

/* By address, then in the order the hints were given, so that a conflict is
 * reported at the later of the two hints. */
static int cmp_hint(const void *a, const void *b)
{
    const hint *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Puts the native uop at each hinted entry: the slot keeps its len (the entry
 * instruction's), so the uop covers exactly that instruction's bytes. Hashes
 * the applied set into p->hints_hash (native.h: the canonical hints file). */
static int apply(const hint_set *s, uisa_program *p, uvm_err *err)
{
    sha256_ctx hc;
    sha256_init(&hc);
    for (uint32_t i = 0; i < s->n; i++) {
        const hint *h = &s->v[i];
        char text[40], prev[40];
        xl_native_text(h->uop, h->limbs, text, sizeof text);
        if (i && s->v[i - 1].addr == h->addr) {
            xl_native_text(s->v[i - 1].uop, s->v[i - 1].limbs, prev, sizeof prev);
            if (strcmp(prev, text))
                return uvm_errf(err, "%s: 0x%08x hinted as both %s and %s (%s by %s)",
                                h->where, h->addr, prev, text, prev, s->v[i - 1].where);
            continue;
        }
        uisa_uop *u = (uisa_uop *)uisa_slot(p, h->addr);
        if (!u || u->op == UOP_TRAP || uisa_ops[u->op].tier != TIER_BASE)
            return uvm_errf(err, "%s: 0x%08x is not the start of a translated instruction",
                            h->where, h->addr);
        char line[64];
        int ll = snprintf(line, sizeof line, "%s 0x%08x\n", text, h->addr);
        sha256_update(&hc, line, (size_t)ll);
        uint8_t len = u->len;
        memset(u, 0, sizeof *u);
        u->op = (uint8_t)h->uop;
        u->imm = h->limbs;
        u->len = len;
        u->ninsn = uisa_ops[h->uop].ninsn;
    }
    sha256_final(&hc, p->hints_hash);
    return 0;
}

int xl_native_pass(const xl_image *img, const xl_options *opt, uisa_program *p, uvm_err *err)
{
    hint_set s = {0}; /* errors name no ELF: xl_translate prefixes it */
    int rc = hints_from_symbols(img, &s, err);
    if (!rc && opt->hints_text)
        rc = hints_from_text(img, opt->hints_path ? opt->hints_path : "<hints>",
                             opt->hints_text, opt->hints_len, &s, err);
    else if (!rc && opt->hints_path) {
        uint8_t *text = NULL;
        size_t len = 0;
        rc = io_read_all(opt->hints_path, XL_MAX_HINTS_BYTES, &text, &len, err);
        if (!rc)
            rc = hints_from_text(img, opt->hints_path, (const char *)text, len, &s, err);
        free(text);
    }
    if (!rc) {
        if (s.n) /* qsort's pointer must not be NULL, even for 0 elements (C11 7.22.5) */
            qsort(s.v, s.n, sizeof *s.v, cmp_hint);
        rc = apply(&s, p, err);
    }
    free(s.v);
    return rc;
}
