/* common.c — what prover and verifier must compute identically: parameters,
 * the commitment layout (which chips share a Merkle tree), LDE shifts, the
 * transcript header and the FRI layer schedule (coset folding: stark_ext.c).
 * Invariant: a function here depends only on the system, the parameters and
 * the chip heights, never on prover-only data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stark_int.h"

stark_params stark_params_default(void)
{
    stark_params p = {.log_blowup = 1, .log_arity = 3, .n_queries = 84, .log_final = 3,
                      .grinding_bits = 16};
    /* benchmarking switch: UVM_STARK_PARAMS=log_blowup/queries/grinding, or
     * log_blowup/queries/grinding/ext_degree (2 or 3); a malformed value
     * gives log_blowup 0, which stark_params_check refuses */
    const char *e = getenv("UVM_STARK_PARAMS");
    if (e && *e) {
        unsigned lb, q, g, d = 2;
        char tail;
        int n = sscanf(e, "%u/%u/%u/%u%c", &lb, &q, &g, &d, &tail);
        if ((n == 3 || n == 4) && lb <= 4 && q <= STARK_MAX_QUERIES && g <= 32 && (d == 2 || d == 3))
            p.log_blowup = (uint8_t)lb, p.n_queries = (uint16_t)q, p.grinding_bits = (uint8_t)g,
            p.ext_degree = (uint8_t)d;
        else
            p.log_blowup = 0;
    }
    return p;
}

/* The named sets beside fast (= stark_params_default()): what each changes.
 * Bits per set and height: docs/security.md (tests/zkvm/zk_security_table). */
static const struct {
    const char *name;
    uint8_t log_blowup, grinding_bits, ext_degree;
    uint16_t n_queries;
} named_sets[] = {
    /* 26 x 3 + 22 = 100 query bits conjectured; README "Proof size" */
    {"small", 3, 22, 2, 26},
    /* >= 100 Johnson bits for chips up to 2^24 rows: needs GF(p^3) */
    {"secure100", 1, 16, 3, 170},
    /* >= 128 Johnson bits for chips up to 2^24 rows: needs GF(p^3) (ZisK:
     * 230 queries with ~60 batched functions; uvm batches ~2 000) */
    {"secure128", 1, 20, 3, 240},
};

int stark_params_named(const char *name, stark_params *out)
{
    stark_params p = stark_params_default();
    size_t i = 0, n = sizeof named_sets / sizeof named_sets[0];
    if (strcmp(name, "fast")) {
        while (i < n && strcmp(name, named_sets[i].name))
            i++;
        if (i == n)
            return -1;
        p.log_blowup = named_sets[i].log_blowup;
        p.n_queries = named_sets[i].n_queries;
        p.grinding_bits = named_sets[i].grinding_bits;
        p.ext_degree = named_sets[i].ext_degree;
    }
    *out = p;
    return 0;
}

const char *stark_params_names(void) { return "fast, small, secure100, secure128"; }

unsigned stark_params_security(const stark_params *p)
{
    return (unsigned)p->n_queries * p->log_blowup + p->grinding_bits;
}

unsigned stark_max_degree(const stark_params *p)
{
    return p->log_blowup >= 1 && p->log_blowup <= 4 ? (1u << p->log_blowup) + 1 : 3;
}

int stark_params_check(const stark_params *p, unsigned min_bits, uvm_err *err)
{
    if (p->log_blowup < 1 || p->log_blowup > 4)
        return uvm_errf(err, "params: log_blowup %u outside 1..4", p->log_blowup);
    if (p->log_arity < 1 || p->log_arity > 3)
        return uvm_errf(err, "params: log_arity %u outside 1..3", p->log_arity);
    if (p->n_queries < 1 || p->n_queries > STARK_MAX_QUERIES)
        return uvm_errf(err, "params: %u queries outside 1..%u", p->n_queries, STARK_MAX_QUERIES);
    if (p->log_final > 10)
        return uvm_errf(err, "params: log_final %u above 10", p->log_final);
    if (p->grinding_bits > 32)
        return uvm_errf(err, "params: %u grinding bits above 32", p->grinding_bits);
    if (p->ext_degree && p->ext_degree != 2 && p->ext_degree != 3)
        return uvm_errf(err, "params: challenge field GF(p^%u): only GF(p^2) and GF(p^3) exist",
                        p->ext_degree);
    if (stark_params_security(p) < min_bits)
        return uvm_errf(err, "params: conjectured query phase %u bits below %u (queries %u x log_blowup %u + grinding %u)",
                        stark_params_security(p), min_bits, p->n_queries, p->log_blowup, p->grinding_bits);
    return 0;
}

stark_policy stark_policy_default(void)
{
    /* the default set reaches 93 conjectured bits with every chip at 2^22
     * rows, 91 at 2^24 (docs/security.md); test parameters (~28) fail */
    return (stark_policy){.min_security_bits = 90, .regime = STARK_REGIME_CONJ,
                          .max_log_height = STARK_MAX_LOG_HEIGHT};
}

stark_prove_opts stark_prove_opts_default(void)
{
    return (stark_prove_opts){.params = stark_params_default(), .hash = HASH_SHA256,
                              .check_rows = 0, .timings = NULL};
}

size_t stark_stage_width(const air_chip *c, int st)
{
    switch (st) {
    case ST_FIXED: return c->n_fixed;
    case ST_MAIN: return c->n_main;
    case ST_AUX: return (size_t)c->ext_d * c->n_aux;
    default: return c->quot_w;
    }
}

size_t stark_chip_n_ood(const air_chip *c)
{
    return 2 * ((size_t)c->n_fixed + c->n_main + (size_t)c->ext_d * c->n_aux) + c->quot_w;
}

gl_t stark_shift(unsigned lmax, unsigned l_lde)
{
    gl_t s = GL_GENERATOR;
    for (unsigned i = l_lde; i < lmax; i++)
        s = gl_sqr(s);
    return s;
}

void stark_layout_free(stark_layout *L)
{
    for (int st = 0; st < ST_N; st++) {
        free(L->group_log_h[st]);
        free(L->group_width[st]);
        free(L->chip_group[st]);
        free(L->chip_off[st]);
    }
    free(L->log_h);
    free(L->heights);
    memset(L, 0, sizeof *L);
}

static int has_height(const unsigned *v, size_t n, unsigned h)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == h)
            return 1;
    return 0;
}

static void sort_desc(unsigned *v, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && v[j] > v[j - 1]; j--) {
            unsigned t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
}

int stark_layout_build(stark_layout *L, const air_system *sys, const uint32_t *log_h,
                       unsigned log_blowup, unsigned ext_d, uvm_err *err)
{
    memset(L, 0, sizeof *L);
    size_t n = sys->n_chips;
    L->n_chips = n;
    L->log_blowup = log_blowup;
    L->log_h = calloc(n, sizeof *L->log_h);
    L->heights = calloc(n, sizeof *L->heights);
    if (!L->log_h || !L->heights)
        goto oom;
    for (size_t i = 0; i < n; i++) {
        L->log_h[i] = log_h[i];
        if (!has_height(L->heights, L->n_heights, log_h[i]))
            L->heights[L->n_heights++] = log_h[i];
        if (log_h[i] + log_blowup > L->lmax)
            L->lmax = log_h[i] + log_blowup;
    }
    sort_desc(L->heights, L->n_heights);
    /* one quotient per height: carried by the first chip of that height */
    for (size_t i = 0; i < n; i++) {
        air_chip *c = sys->chips[i];
        unsigned lq = c->log_qf;
        size_t lead = i;
        for (size_t j = 0; j < n; j++)
            if (log_h[j] == log_h[i]) {
                if (j < lead)
                    lead = j;
                if (sys->chips[j]->log_qf > lq)
                    lq = sys->chips[j]->log_qf;
            }
        c->quot_w = lead == i ? (size_t)ext_d << lq : 0;
        c->ext_d = ext_d;
    }
    for (int st = 0; st < ST_N; st++) {
        L->group_log_h[st] = calloc(n, sizeof(unsigned));
        L->group_width[st] = calloc(n, sizeof(size_t));
        L->chip_group[st] = calloc(n, sizeof(size_t));
        L->chip_off[st] = calloc(n, sizeof(size_t));
        if (!L->group_log_h[st] || !L->group_width[st] || !L->chip_group[st] || !L->chip_off[st])
            goto oom;
        for (size_t i = 0; i < n; i++)
            L->chip_group[st][i] = SIZE_MAX;
        for (size_t h = 0; h < L->n_heights; h++) {
            size_t g = L->n_groups[st], width = 0;
            for (size_t i = 0; i < n; i++) {
                size_t w = stark_stage_width(sys->chips[i], st);
                if (log_h[i] != L->heights[h] || !w)
                    continue;
                L->chip_group[st][i] = g;
                L->chip_off[st][i] = width;
                width += w;
            }
            if (width) {
                L->group_log_h[st][g] = L->heights[h];
                L->group_width[st][g] = width;
                L->n_groups[st]++;
            }
        }
    }
    return 0;
oom:
    stark_layout_free(L);
    return uvm_errf(err, "stark: out of memory (layout)");
}

/* The canonical form of a chip's constraint system, what the transcript binds:
 * every expression reachable from a constraint root (constraints in order,
 * then the bus interactions' values and multiplicities in order), walked in
 * post-order with children in operand order and structurally shared (hash
 * consing: two nodes with the same operation and the same canonical children
 * get one number). Two builders that produce the same constraint list and the
 * same interactions absorb the same bytes, whatever order they created nodes
 * in and however they shared them (K(1) made twice or once). Nodes reachable
 * from no root are not absorbed: nothing the verifier checks evaluates them.
 * The interactions are roots of their own although the LogUp constraints
 * (added by finalize) already reach them: the prover fills the aux columns
 * from them, so they are bound directly. */
typedef struct canon_node {
    uint8_t op, next;
    uint32_t a, b; /* canonical children, or the leaf's column / index */
    gl_t c;
} canon_node;

typedef struct canon {
    const air_chip *c;
    uint32_t *num;      /* node id -> canonical number + 1 (0: not visited yet) */
    canon_node *out;    /* canonical nodes, in numbering order */
    uint32_t *slot;     /* hash table of canonical numbers + 1 (0: empty) */
    size_t n_out, mask;
    int32_t *stack;
} canon;

static uint64_t canon_hash(const canon_node *k)
{
    uint64_t h = ((uint64_t)k->op << 8 | k->next) ^ ((uint64_t)k->a << 16) ^ ((uint64_t)k->b << 40)
                 ^ k->c * 0x9e3779b97f4a7c15ull;
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 29);
}

/* The canonical number of k: an existing equal node's, or a new one. */
static uint32_t canon_intern(canon *z, const canon_node *k)
{
    size_t i = canon_hash(k) & z->mask;
    for (; z->slot[i]; i = (i + 1) & z->mask) {
        const canon_node *o = &z->out[z->slot[i] - 1];
        if (o->op == k->op && o->next == k->next && o->a == k->a && o->b == k->b && o->c == k->c)
            return z->slot[i] - 1;
    }
    z->out[z->n_out] = *k;
    z->slot[i] = (uint32_t)++z->n_out;
    return (uint32_t)(z->n_out - 1);
}

static int canon_is_op(uint8_t op) { return op >= AIR_OP_ADD; }

/* Numbers root's subtree: post-order, operand a's subtree before b's. */
static uint32_t canon_walk(canon *z, air_expr root)
{
    size_t sp = 0;
    z->stack[sp++] = root;
    while (sp) {
        int32_t id = z->stack[sp - 1];
        const air_node *n = &z->c->nodes[id];
        if (z->num[id]) {
            sp--;
            continue;
        }
        int binary = canon_is_op(n->op) && n->op != AIR_OP_NEG;
        if (canon_is_op(n->op) && !z->num[n->a]) {
            z->stack[sp++] = (int32_t)n->a;
            continue;
        }
        if (binary && !z->num[n->b]) {
            z->stack[sp++] = (int32_t)n->b;
            continue;
        }
        canon_node k = {.op = n->op, .next = n->next, .a = n->a};
        if (n->op == AIR_OP_CONST)
            k.c = n->c, k.a = 0;
        else if (canon_is_op(n->op)) {
            k.a = z->num[n->a] - 1;
            k.b = binary ? z->num[n->b] - 1 : 0;
        }
        z->num[id] = canon_intern(z, &k) + 1;
        sp--;
    }
    return z->num[root] - 1;
}

static void canon_free(canon *z)
{
    free(z->num), free(z->out), free(z->slot), free(z->stack);
}

static int canon_init(canon *z, const air_chip *c)
{
    size_t n = c->n_nodes ? c->n_nodes : 1, cap = 2;
    while (cap < 2 * n)
        cap *= 2;
    *z = (canon){.c = c, .mask = cap - 1};
    z->num = calloc(n, sizeof *z->num);
    z->out = malloc(n * sizeof *z->out);
    z->slot = calloc(cap, sizeof *z->slot);
    z->stack = malloc(n * sizeof *z->stack); /* each node is on the stack at most once */
    if (z->num && z->out && z->slot && z->stack)
        return 0;
    canon_free(z);
    return -1;
}

static void put_le(uint8_t *b, uint64_t v, int n)
{
    for (int k = 0; k < n; k++)
        b[k] = (uint8_t)(v >> (8 * k));
}

static void absorb_canon_nodes(stark_tr *t, const canon *z)
{
    tr_absorb_u64(t, z->n_out);
    for (size_t i = 0; i < z->n_out; i++) {
        const canon_node *k = &z->out[i];
        uint8_t b[18] = {k->op, k->next};
        put_le(b + 2, k->a, 4);
        put_le(b + 6, k->b, 4);
        put_le(b + 10, k->c, 8);
        tr_absorb(t, b, sizeof b);
    }
}

static void absorb_chip(stark_tr *t, const air_chip *c)
{
    canon z;
    if (canon_init(&z, c)) {
        t->oom = 1; /* the prover and verifier fail on a transcript out of memory */
        return;
    }
    uint32_t *roots = malloc((c->n_cons + c->n_inter * (AIR_MAX_TUPLE + 1) + 1) * sizeof *roots);
    if (!roots) {
        canon_free(&z);
        t->oom = 1;
        return;
    }
    size_t nr = 0;
    for (size_t k = 0; k < c->n_cons; k++)
        roots[nr++] = canon_walk(&z, c->cons[k].e);
    for (size_t k = 0; k < c->n_inter; k++) {
        for (size_t j = 0; j < c->inter[k].n_vals; j++)
            roots[nr++] = canon_walk(&z, c->inter[k].vals[j]);
        roots[nr++] = canon_walk(&z, c->inter[k].mult);
    }
    tr_absorb(t, c->name, strlen(c->name));
    tr_absorb_u64(t, c->n_main);
    tr_absorb_u64(t, c->n_fixed);
    tr_absorb_u64(t, c->n_aux);
    tr_absorb_u64(t, c->n_cons);
    tr_absorb_u64(t, c->n_inter);
    tr_absorb_u64(t, c->max_deg);
    absorb_canon_nodes(t, &z);
    nr = 0;
    for (size_t k = 0; k < c->n_cons; k++) {
        tr_absorb_u64(t, c->cons[k].when);
        tr_absorb_u64(t, roots[nr++]);
    }
    for (size_t k = 0; k < c->n_inter; k++) {
        const air_inter *it = &c->inter[k];
        tr_absorb_u64(t, (uint64_t)it->bus << 8 | (uint64_t)it->send << 7 | it->n_vals);
        for (size_t j = 0; j <= it->n_vals; j++)
            tr_absorb_u64(t, roots[nr++]);
    }
    free(roots);
    canon_free(&z);
}

void stark_absorb_header(stark_tr *t, const air_system *sys, const stark_params *p,
                         uint32_t hash_kind, const uint32_t *log_h, const gl_t *pub, size_t n_pub)
{
    tr_absorb_u64(t, STARK_PROOF_VERSION);
    tr_absorb_u64(t, hash_kind);
    uint8_t pb[7] = {p->log_blowup, p->log_arity, (uint8_t)p->n_queries,
                     (uint8_t)(p->n_queries >> 8), p->log_final, p->grinding_bits,
                     (uint8_t)stark_ext_deg(p)};
    tr_absorb(t, pb, sizeof pb);
    tr_absorb(t, sys->name, strlen(sys->name));
    tr_absorb_u64(t, sys->n_chips);
    for (size_t i = 0; i < sys->n_chips; i++) {
        absorb_chip(t, sys->chips[i]);
        tr_absorb_u64(t, log_h[i]);
    }
    tr_absorb_u64(t, n_pub);
    for (size_t i = 0; i < n_pub; i++)
        tr_absorb_u64(t, pub[i]);
}

void fri_schedule(fri_sched *s, unsigned lmax, const stark_params *p)
{
    /* one lifted polynomial (every height batched into the top before FRI):
     * folds by 2^log_arity all the way, the last fold partial if needed */
    memset(s, 0, sizeof *s);
    s->l_final = p->log_final + p->log_blowup;
    unsigned l = lmax;
    while (l > s->l_final && s->n_layers < 40) {
        unsigned a = p->log_arity;
        if (a > l - s->l_final)
            a = l - s->l_final;
        s->lay_log[s->n_layers] = l;
        s->lay_arity[s->n_layers] = a;
        s->n_layers++;
        l -= a;
    }
}

void stark_proof_free(stark_proof *p)
{
    if (!p)
        return;
    free(p->log_heights);
    free(p->main_roots);
    free(p->aux_roots);
    free(p->quot_roots);
    free(p->fri_roots);
    free(p->sums);
    free(p->ood);
    free(p->final_poly);
    for (uint32_t i = 0; p->open && i < p->n_open; i++) {
        free(p->open[i].vals);
        merkle_proof_free(&p->open[i].mp);
    }
    free(p->open);
    memset(p, 0, sizeof *p);
}

int stark_prove(const air_system *sys, const gl_t *pub, size_t n_pub, const gl_matrix *traces,
                const stark_prove_opts *opts, stark_proof *out, uvm_err *err)
{
    if (stark_ext_deg(&opts->params) == 3)
        return stark_prove_d3(sys, pub, n_pub, traces, opts, out, err);
    return stark_prove_d2(sys, pub, n_pub, traces, opts, out, err);
}

int stark_verify(const air_system *sys, const gl_t *pub, size_t n_pub, const stark_proof *p,
                 const stark_policy *pol, uvm_err *err)
{
    /* the degree comes from the proof; stark_verify_dN checks the rest */
    if (stark_ext_deg(&p->params) == 3)
        return stark_verify_d3(sys, pub, n_pub, p, pol, err);
    return stark_verify_d2(sys, pub, n_pub, p, pol, err);
}

air_xe air_logup_term(unsigned bus, const gl_t *vals, size_t n_vals, gl_t mult, const air_chal *ch)
{
    if (ch->deg == 3)
        return air_logup_term_d3(bus, vals, n_vals, mult, ch);
    return air_logup_term_d2(bus, vals, n_vals, mult, ch);
}
