/* ngram.c — the `ngram` tool: runs a .uisa under the counting loop and prints the
 * dynamic n-grams (n = 1..4 consecutive instructions of one basic block) weighted by
 * execution count. Invariant: only the last instruction of an n-gram may transfer
 * control, so the n-gram at slot i executed exactly counts[i] times.
 *
 *   ngram PROG.uisa [--input FILE] [--max-cycles N]
 * Output (TSV, for tools/ngram/corpus-ngrams): "#insns\tN", then "n\tcount\tshape" lines,
 * sorted by shape. A shape names each op with canonical registers (A, B, ... in order
 * of first use, 0 for x0) and imm 0 / -1 literally (other immediates as k). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "profile.h"

#define MAX_FILE_BYTES (1u << 30)
#define NMAX 4

typedef struct gram {
    char shape[160];
    uint8_t n;
    uint64_t count;
} gram;

static int ends_block(const uisa_uop *u)
{
    uisa_format f = uisa_ops[u->op].fmt;
    return f == FMT_B || f == FMT_J || f == FMT_TRAP || u->op == UOP_JALR || u->op == UOP_ECALL ||
           u->op == UOP_EBREAK || uisa_ops[u->op].tier != TIER_BASE;
}

/* Canonical register name: letters by first use within the n-gram. */
static char canon(uint8_t r, uint8_t *seen, int *nseen)
{
    if (r == 0)
        return '0';
    for (int i = 0; i < *nseen; i++)
        if (seen[i] == r)
            return (char)('A' + i);
    seen[(*nseen)++] = r;
    return (char)('A' + *nseen - 1);
}

static const char *imm_text(int32_t imm) { return imm == 0 ? "0" : imm == -1 ? "-1" : "k"; }

static void shape_one(const uisa_uop *u, uint8_t *seen, int *ns, char *b, size_t sz)
{
    char m[24];
    size_t i = 0;
    for (const char *s = uisa_ops[u->op].name; *s && i + 1 < sizeof m; s++)
        m[i++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s == '_' ? '.' : *s;
    m[i] = 0;
    /* sources before the destination, so a dependency reads "addi A,A" */
    char d, a, c;
    switch (uisa_ops[u->op].fmt) {
    case FMT_R: case FMT_AMO:
        a = canon(u->rs1, seen, ns), c = canon(u->rs2, seen, ns), d = canon(u->rd, seen, ns);
        snprintf(b, sz, "%s %c,%c,%c", m, d, a, c);
        break;
    case FMT_I:
        a = canon(u->rs1, seen, ns), d = canon(u->rd, seen, ns);
        snprintf(b, sz, "%s %c,%c,%s", m, d, a, imm_text(u->imm));
        break;
    case FMT_S: case FMT_B:
        a = canon(u->rs1, seen, ns), c = canon(u->rs2, seen, ns);
        snprintf(b, sz, "%s %c,%c", m, a, c);
        break;
    case FMT_U: case FMT_J:
        d = canon(u->rd, seen, ns);
        snprintf(b, sz, "%s %c", m, d);
        break;
    default:
        snprintf(b, sz, "%s", m);
    }
}

static int cmp_gram(const void *x, const void *y)
{
    const gram *a = x, *b = y;
    return a->n != b->n ? a->n - b->n : strcmp(a->shape, b->shape);
}

/* Appends every n-gram starting at each executed slot; returns the count or -1. */
static ssize_t collect(const uisa_program *p, const uint64_t *cnt, gram **out)
{
    size_t cap = 1024, len = 0;
    gram *g = malloc(cap * sizeof *g);
    if (!g)
        return -1;
    for (uint32_t i = 0; i < p->n_slots; i++) {
        if (!cnt[i])
            continue;
        uint8_t seen[3 * NMAX];
        int ns = 0;
        size_t pos = 0;
        char shape[160] = "";
        uint32_t j = i;
        for (int n = 1; n <= NMAX && j < p->n_slots; n++) {
            const uisa_uop *u = &p->slots[j];
            if (u->op == UOP_TRAP || u->len == 0)
                break;
            char one[48];
            shape_one(u, seen, &ns, one, sizeof one);
            pos += (size_t)snprintf(shape + pos, sizeof shape - pos, "%s%s", n > 1 ? "; " : "", one);
            if (len == cap) {
                gram *ng = realloc(g, (cap *= 2) * sizeof *g);
                if (!ng)
                    return free(g), -1;
                g = ng;
            }
            memcpy(g[len].shape, shape, sizeof shape);
            g[len].n = (uint8_t)n;
            g[len++].count = cnt[i];
            if (ends_block(u))
                break;
            j += u->len >> p->slot_shift;
        }
    }
    qsort(g, len, sizeof *g, cmp_gram);
    *out = g;
    return (ssize_t)len;
}

static int profile(const char *prog, const char *input, uint64_t max_cycles)
{
    uvm_err err = {0};
    uint8_t *data = NULL, *in = NULL;
    size_t len, in_len = 0;
    uisa_program p = {0};
    uint64_t *cnt = NULL;
    vm_result res;
    int rc = 1;
    if (io_read_all(prog, MAX_FILE_BYTES, &data, &len, &err) || uisa_load(data, len, &p, &err))
        goto out;
    if (input && io_read_all(input, MAX_FILE_BYTES, &in, &in_len, &err))
        goto out;
    cnt = malloc(((size_t)p.n_slots + 1) * sizeof *cnt);
    vm_config cfg = {.max_cycles = max_cycles, .input = in, .input_len = in_len};
    if (!cnt) {
        uvm_errf(&err, "out of memory");
        goto out;
    }
    if (vm_profile_run(&p, &cfg, cnt, &res, &err))
        goto out;
    if (res.stop != VM_STOP_EXIT)
        fprintf(stderr, "ngram: %s: run stopped early (%s: %s); profile covers what ran\n", prog,
                vm_stop_name(res.stop), res.msg);
    gram *g;
    ssize_t n = collect(&p, cnt, &g);
    if (n < 0) {
        uvm_errf(&err, "out of memory");
        goto out;
    }
    printf("#insns\t%" PRIu64 "\n", res.insns_retired);
    for (ssize_t i = 0; i < n;) {
        ssize_t j = i;
        uint64_t sum = 0;
        for (; j < n && !cmp_gram(&g[i], &g[j]); j++)
            sum += g[j].count;
        printf("%u\t%" PRIu64 "\t%s\n", g[i].n, sum, g[i].shape);
        i = j;
    }
    free(g);
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "ngram: %s\n", err.msg);
    free(cnt);
    free(in);
    free(data);
    uisa_program_free(&p);
    return rc;
}

int main(int argc, char **argv)
{
    const char *prog = NULL, *input = NULL;
    uint64_t max_cycles = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--input") && i + 1 < argc) {
            input = argv[++i];
        } else if (!strcmp(argv[i], "--max-cycles") && i + 1 < argc) {
            char *end;
            const char *v = argv[++i];
            max_cycles = strtoull(v, &end, 10);
            if (!*v || *end || *v == '-') {
                fprintf(stderr, "ngram: --max-cycles: '%s' is not a count\n", v);
                return 2;
            }
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "usage: ngram PROG.uisa [--input FILE] [--max-cycles N]\n");
            return 2;
        } else {
            prog = argv[i];
        }
    }
    if (!prog) {
        fprintf(stderr, "usage: ngram PROG.uisa [--input FILE] [--max-cycles N]\n");
        return 2;
    }
    return profile(prog, input, max_cycles);
}
