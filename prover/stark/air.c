/* air.c — building chips (expression DAG, constraints, bus interactions),
 * generating the LogUp constraints, and evaluating the DAG at one point.
 * Invariant: builder errors are sticky in the system and reported once by
 * air_system_finalize; nothing here prints or aborts. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stark_int.h"

static void sys_fail(air_system *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sys_fail(air_system *s, const char *fmt, ...)
{
    if (!s || s->failed)
        return;
    s->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
    va_end(ap);
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 16;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

air_system *air_system_new(const char *name, size_t n_public)
{
    air_system *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->name = strdup(name ? name : "air");
    s->n_public = n_public;
    if (!s->name) {
        free(s);
        return NULL;
    }
    return s;
}

void air_system_free(air_system *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_chips; i++) {
        air_chip *c = s->chips[i];
        for (size_t k = 0; k < c->n_cons; k++)
            free(c->cons[k].name);
        free(c->cons);
        free(c->nodes);
        free(c->inter);
        free(c->inter_mask);
        free(c->lu_first);
        free(c->col_ids);
        free(c->node_off);
        free(c->node_off3);
        free(c->invariant);
        free(c->name);
        free(c);
    }
    free(s->chips);
    free(s->name);
    free(s);
}

void air_system_set_max_degree(air_system *s, unsigned d, unsigned quot_share)
{
    s->quot_share = quot_share;
    if (s->finalized)
        sys_fail(s, "air: %s: degree budget set after finalize", s->name);
    else if (d < 2 || d > 33)
        sys_fail(s, "air: %s: degree budget %u outside 2..33", s->name, d);
    else
        s->max_degree = d;
}

void air_system_set_public_sum(air_system *s, air_public_fn fn, const void *ctx)
{
    s->pub_fn = fn;
    s->pub_ctx = ctx;
}

air_chip *air_chip_new(air_system *s, const char *name, unsigned n_main, unsigned n_fixed)
{
    if (s->finalized) {
        sys_fail(s, "air: chip %s added after finalize", name);
        return NULL;
    }
    if (!name || !*name || strchr(name, '/')) {
        sys_fail(s, "air: bad chip name");
        return NULL;
    }
    air_chip *c = calloc(1, sizeof *c);
    if (!c || grow((void **)&s->chips, &s->cap_chips, s->n_chips + 1, sizeof *s->chips)) {
        free(c);
        sys_fail(s, "air: out of memory adding chip %s", name);
        return NULL;
    }
    c->name = strdup(name);
    if (!c->name) {
        free(c);
        sys_fail(s, "air: out of memory adding chip %s", name);
        return NULL;
    }
    c->sys = s;
    c->n_main = n_main;
    c->n_fixed = n_fixed;
    s->chips[s->n_chips++] = c;
    return c;
}

void air_chip_set_fixed(air_chip *c, air_fixed_fn fn, const void *ctx)
{
    if (!c)
        return;
    c->fixed_fn = fn;
    c->fixed_ctx = ctx;
}

static air_expr push(air_chip *c, air_node n)
{
    if (!c)
        return -1;
    if (c->sys->finalized) {
        sys_fail(c->sys, "air: %s: expression built after finalize", c->name);
        return -1;
    }
    if (c->n_nodes >= INT32_MAX - 1
        || grow((void **)&c->nodes, &c->cap_nodes, c->n_nodes + 1, sizeof *c->nodes)) {
        sys_fail(c->sys, "air: %s: out of memory in expression", c->name);
        return -1;
    }
    c->nodes[c->n_nodes] = n;
    return (air_expr)c->n_nodes++;
}

static air_expr leaf(air_chip *c, air_op op, unsigned idx, int next, unsigned limit, const char *what)
{
    if (!c)
        return -1;
    if (idx >= limit) {
        sys_fail(c->sys, "air: %s: %s index %u out of range (%u)", c->name, what, idx, limit);
        return -1;
    }
    int ext = op == AIR_OP_AUX || op == AIR_OP_CHAL || op == AIR_OP_SUM;
    int deg = op == AIR_OP_MAIN || op == AIR_OP_FIXED || op == AIR_OP_AUX;
    return push(c, (air_node){.op = (uint8_t)op, .next = (uint8_t)!!next, .ext = (uint8_t)ext,
                              .deg = (uint8_t)deg, .a = idx});
}

/* Column references are shared: one node per (column, row offset), so the
 * prover loads each column once per block however often it is used. */
static air_expr col_ref(air_chip *c, air_op op, unsigned col, int next)
{
    if (!c)
        return -1;
    unsigned lim = op == AIR_OP_MAIN ? c->n_main : c->n_fixed;
    if (col >= lim)
        return leaf(c, op, col, next, lim, op == AIR_OP_MAIN ? "main column" : "fixed column");
    size_t slot = 2 * ((op == AIR_OP_FIXED ? c->n_main : 0) + (size_t)col) + (next ? 1 : 0);
    if (!c->col_ids) {
        size_t n = 2 * ((size_t)c->n_main + c->n_fixed);
        c->col_ids = malloc((n ? n : 1) * sizeof *c->col_ids);
        if (!c->col_ids) {
            sys_fail(c->sys, "air: %s: out of memory", c->name);
            return -1;
        }
        for (size_t k = 0; k < n; k++)
            c->col_ids[k] = -1;
    }
    if (c->col_ids[slot] < 0)
        c->col_ids[slot] = leaf(c, op, col, next, lim, "column");
    return c->col_ids[slot];
}

air_expr air_main(air_chip *c, unsigned col) { return col_ref(c, AIR_OP_MAIN, col, 0); }
air_expr air_main_next(air_chip *c, unsigned col) { return col_ref(c, AIR_OP_MAIN, col, 1); }
air_expr air_fixed(air_chip *c, unsigned col) { return col_ref(c, AIR_OP_FIXED, col, 0); }
air_expr air_fixed_next(air_chip *c, unsigned col) { return col_ref(c, AIR_OP_FIXED, col, 1); }
air_expr air_public(air_chip *c, unsigned idx)
{
    return leaf(c, AIR_OP_PUB, idx, 0, c ? (unsigned)c->sys->n_public : 0, "public input");
}

air_expr air_const(air_chip *c, gl_t v)
{
    return push(c, (air_node){.op = AIR_OP_CONST, .c = gl_from_u64(v)});
}

static int valid(air_chip *c, air_expr e)
{
    if (!c)
        return 0;
    if (e < 0 || (size_t)e >= c->n_nodes) {
        sys_fail(c->sys, "air: %s: invalid expression id %d", c->name, (int)e);
        return 0;
    }
    return 1;
}

static air_expr binop(air_chip *c, air_op op, air_expr a, air_expr b)
{
    if (!valid(c, a) || !valid(c, b))
        return -1;
    const air_node *x = &c->nodes[a], *y = &c->nodes[b];
    unsigned deg = op == AIR_OP_MUL ? (unsigned)x->deg + y->deg : (x->deg > y->deg ? x->deg : y->deg);
    if (deg > 32) {
        sys_fail(c->sys, "air: %s: expression degree %u too high", c->name, deg);
        return -1;
    }
    return push(c, (air_node){.op = (uint8_t)op, .ext = (uint8_t)(x->ext | y->ext),
                              .deg = (uint8_t)deg, .a = (uint32_t)a, .b = (uint32_t)b});
}

air_expr air_add(air_chip *c, air_expr a, air_expr b) { return binop(c, AIR_OP_ADD, a, b); }
air_expr air_sub(air_chip *c, air_expr a, air_expr b) { return binop(c, AIR_OP_SUB, a, b); }
air_expr air_mul(air_chip *c, air_expr a, air_expr b) { return binop(c, AIR_OP_MUL, a, b); }
air_expr air_neg(air_chip *c, air_expr a)
{
    if (!valid(c, a))
        return -1;
    const air_node *x = &c->nodes[a];
    return push(c, (air_node){.op = AIR_OP_NEG, .ext = x->ext, .deg = x->deg, .a = (uint32_t)a});
}

air_expr air_scale(air_chip *c, air_expr e, gl_t k) { return air_mul(c, e, air_const(c, k)); }

air_expr air_sum(air_chip *c, const air_expr *e, size_t n)
{
    if (!c)
        return -1;
    if (!n || !e) {
        sys_fail(c->sys, "air: %s: empty sum", c->name);
        return -1;
    }
    air_expr acc = e[0];
    for (size_t i = 1; i < n; i++)
        acc = air_add(c, acc, e[i]);
    return acc;
}

static const char *when_name[] = {"all", "transition", "first", "last"};

static void add_constraint(air_chip *c, air_when when, const char *mid, const char *name, air_expr e)
{
    if (!valid(c, e))
        return;
    if ((unsigned)when > AIR_LAST_ROW || !name) {
        sys_fail(c->sys, "air: %s: bad constraint", c->name);
        return;
    }
    if (grow((void **)&c->cons, &c->cap_cons, c->n_cons + 1, sizeof *c->cons)) {
        sys_fail(c->sys, "air: %s: out of memory", c->name);
        return;
    }
    size_t len = strlen(c->name) + strlen(mid) + strlen(name) + 3;
    char *full = malloc(len);
    if (!full) {
        sys_fail(c->sys, "air: %s: out of memory", c->name);
        return;
    }
    snprintf(full, len, "%s/%s/%s", c->name, mid, name);
    c->cons[c->n_cons++] = (air_constraint){.when = when, .e = e, .name = full};
}

void air_constrain(air_chip *c, air_when when, const char *name, air_expr e)
{
    if (!c)
        return;
    if (c->sys->finalized) {
        sys_fail(c->sys, "air: %s: constraint added after finalize", c->name);
        return;
    }
    add_constraint(c, when, (unsigned)when <= AIR_LAST_ROW ? when_name[when] : "?", name, e);
}

static void interact(air_chip *c, int send, unsigned bus, const air_expr *vals, size_t n, air_expr mult)
{
    if (!c)
        return;
    if (c->sys->finalized || n > AIR_MAX_TUPLE || (n && !vals)) {
        sys_fail(c->sys, "air: %s: bad bus interaction on bus %u", c->name, bus);
        return;
    }
    air_inter it = {.bus = bus, .send = send, .n_vals = n, .mult = mult};
    for (size_t j = 0; j < n; j++) {
        if (!valid(c, vals[j]))
            return;
        it.vals[j] = vals[j];
    }
    if (!valid(c, mult))
        return;
    if (grow((void **)&c->inter, &c->cap_inter, c->n_inter + 1, sizeof *c->inter)) {
        sys_fail(c->sys, "air: %s: out of memory", c->name);
        return;
    }
    c->inter[c->n_inter++] = it;
}

void air_send(air_chip *c, unsigned bus, const air_expr *v, size_t n, air_expr m) { interact(c, 1, bus, v, n, m); }
void air_receive(air_chip *c, unsigned bus, const air_expr *v, size_t n, air_expr m) { interact(c, 0, bus, v, n, m); }

/* fp = (bus + 1) + sum_j beta^(j+1) v_j, with bpow[j] = beta^(j+1): the
 * powers are row-invariant nodes, so each term is one extension-by-base
 * product (2 base multiplications) where Horner needs an extension product. */
static air_expr fingerprint(air_chip *c, const air_inter *it, const air_expr *bpow)
{
    air_expr fp = air_const(c, (gl_t)it->bus + 1);
    for (size_t j = 0; j < it->n_vals; j++)
        fp = air_add(c, fp, air_mul(c, it->vals[j], bpow[j]));
    return fp;
}

static unsigned inter_deg(const air_chip *c, const air_inter *it, unsigned *dm)
{
    unsigned d = 0;
    for (size_t j = 0; j < it->n_vals; j++)
        if (c->nodes[it->vals[j]].deg > d)
            d = c->nodes[it->vals[j]].deg;
    *dm = c->nodes[it->mult].deg;
    return d;
}

/* Packing: the interactions G of one aux column h satisfy
 *   h * prod_(i in G) d_i - sum_(i in G) t_i * prod_(j in G, j != i) d_j = 0
 * (d_i = gamma - fp_i, t_i = +-m_i), of degree max(1 + S, max_i deg m_i + S - deg fp_i),
 * S = sum_(i in G) deg fp_i. First fit: each interaction in declared order
 * goes to the first column where that degree stays <= D. Fills grp[k] with
 * the column of interaction k, *deg with the highest column degree; returns
 * the number of columns. */
static size_t pack(const unsigned *df, const unsigned *dm, size_t n, unsigned D, size_t *grp,
                   unsigned *deg)
{
    size_t ng = 0;
    *deg = 0;
    for (size_t k = 0; k < n; k++) {
        size_t g = 0;
        unsigned gd = 0;
        for (; g <= ng; g++) {
            unsigned S = df[k], mx = dm[k];
            for (size_t j = 0; j < k; j++)
                if (grp[j] == g)
                    S += df[j];
            for (size_t j = 0; j <= k; j++)
                if ((j == k || grp[j] == g) && dm[j] + S - df[j] > mx)
                    mx = dm[j] + S - df[j];
            gd = 1 + S > mx ? 1 + S : mx;
            if (gd <= D || g == ng) /* a column of its own always takes it */
                break;
        }
        grp[k] = g;
        if (g == ng)
            ng++;
        if (gd > *deg)
            *deg = gd;
    }
    return ng;
}

/* The column degree D: the one of [max(2, user degree), budget] that
 * minimises the chip's committed base columns per row: aux 2 * (columns + 1)
 * plus its share of the quotient, 2 * 2^ceil(log2(degree - 1)) / share (the
 * chips of one height share one quotient: share = how many are expected per
 * height; 0 counts the quotient as free, so packing goes to the budget);
 * ties: lower D (a smaller quotient domain for the prover). Fills grp. */
static void choose_packing(const air_chip *c, unsigned user_deg, unsigned budget, unsigned share,
                           unsigned *df, unsigned *dm, size_t *grp, size_t *tmp)
{
    size_t n = c->n_inter;
    double best = 1e300;
    for (size_t k = 0; k < n; k++)
        df[k] = inter_deg(c, &c->inter[k], &dm[k]);
    unsigned lo = user_deg > 2 ? user_deg : 2;
    for (unsigned D = lo; D <= (budget > lo ? budget : lo); D++) {
        unsigned deg;
        size_t ng = pack(df, dm, n, D, tmp, &deg);
        if (deg < user_deg)
            deg = user_deg;
        double q = share ? (double)((size_t)2 << stark_log2_ceil(deg > 1 ? deg - 1 : 1)) / share : 0;
        double cost = 2.0 * (double)(ng + 1) + q;
        if (cost < best) {
            best = cost;
            memcpy(grp, tmp, n * sizeof *grp);
        }
    }
}

/* Reorders c->inter so each column's interactions are consecutive (columns in
 * order of their first interaction); fills lu_first. Returns the column count. */
static size_t group_inters(air_chip *c, const size_t *grp, air_inter *scratch)
{
    size_t n = c->n_inter, ng = 0, k = 0;
    for (size_t j = 0; j < n; j++)
        if (grp[j] + 1 > ng)
            ng = grp[j] + 1;
    for (size_t g = 0; g < ng; g++) {
        c->lu_first[g] = k;
        for (size_t j = 0; j < n; j++)
            if (grp[j] == g)
                scratch[k++] = c->inter[j];
    }
    c->lu_first[ng] = n;
    memcpy(c->inter, scratch, n * sizeof *scratch);
    return ng;
}

/* The packed column constraint h * prod d_i - sum_i t_i prod_(j != i) d_j, by
 * prefix and suffix products of the d_i (k = interactions in the column). */
static air_expr packed_constraint(air_chip *c, air_expr h, const air_inter *it, size_t k,
                                  const air_expr *bpow, air_expr gamma)
{
    air_expr d[AIR_MAX_PACK], pre[AIR_MAX_PACK + 1], suf[AIR_MAX_PACK + 1];
    for (size_t i = 0; i < k; i++)
        d[i] = air_sub(c, gamma, fingerprint(c, &it[i], bpow));
    pre[0] = suf[k] = -1; /* -1: the empty product 1 */
    for (size_t i = 0; i < k; i++)
        pre[i + 1] = pre[i] < 0 ? d[i] : air_mul(c, pre[i], d[i]);
    for (size_t i = k; i-- > 0;)
        suf[i] = suf[i + 1] < 0 ? d[i] : air_mul(c, d[i], suf[i + 1]);
    air_expr rhs = -1;
    for (size_t i = 0; i < k; i++) {
        air_expr t = it[i].send ? it[i].mult : air_neg(c, it[i].mult);
        air_expr others = pre[i] < 0 ? suf[i + 1] : suf[i + 1] < 0 ? pre[i] : air_mul(c, pre[i], suf[i + 1]);
        air_expr term = others < 0 ? t : air_mul(c, t, others);
        rhs = rhs < 0 ? term : air_add(c, rhs, term);
    }
    return air_sub(c, air_mul(c, h, pre[k]), rhs);
}

/* LogUp: aux column g holds h_g = sum over its interactions of +-m/(gamma - fp)
 * (packed up to the degree budget: choose_packing); the running sum s:
 * s[0] = sum_g h_g[0], s[i+1] = s[i] + sum_g h_g[i+1], s[n-1] = claimed sum. */
static void add_logup(air_chip *c, unsigned user_deg, unsigned budget, unsigned share)
{
    air_expr beta = leaf(c, AIR_OP_CHAL, AIR_CHAL_BETA, 0, AIR_N_CHAL, "challenge");
    air_expr gamma = leaf(c, AIR_OP_CHAL, AIR_CHAL_GAMMA, 0, AIR_N_CHAL, "challenge");
    air_expr bpow[AIR_MAX_TUPLE];
    size_t max_vals = 0, n = c->n_inter;
    for (size_t k = 0; k < n; k++)
        if (c->inter[k].n_vals > max_vals)
            max_vals = c->inter[k].n_vals;
    for (size_t j = 0; j < max_vals; j++)
        bpow[j] = j ? air_mul(c, bpow[j - 1], beta) : beta;
    c->lu_first = calloc(n + 1, sizeof *c->lu_first);
    unsigned *df = calloc(2 * n, sizeof *df);
    size_t *grp = calloc(2 * n, sizeof *grp);
    air_inter *scr = calloc(n, sizeof *scr);
    if (!c->lu_first || !df || !grp || !scr) {
        free(df), free(grp), free(scr);
        sys_fail(c->sys, "air: %s: out of memory", c->name);
        return;
    }
    choose_packing(c, user_deg, budget, share, df, df + n, grp, grp + n);
    size_t ng = group_inters(c, grp, scr);
    free(df), free(grp), free(scr);
    c->n_lu = ng;
    c->n_aux = (unsigned)ng + 1;
    air_expr hsum = -1, hsum_next = -1;
    for (size_t g = 0; g < ng; g++) {
        size_t f = c->lu_first[g], k = c->lu_first[g + 1] - f;
        air_expr h = leaf(c, AIR_OP_AUX, (unsigned)g, 0, c->n_aux, "aux column");
        air_expr hn = leaf(c, AIR_OP_AUX, (unsigned)g, 1, c->n_aux, "aux column");
        if (k > AIR_MAX_PACK) {
            sys_fail(c->sys, "air: %s: %zu interactions in one LogUp column", c->name, k);
            return;
        }
        char nm[48];
        if (k == 1)
            snprintf(nm, sizeof nm, "i%zu_bus%u", f, c->inter[f].bus);
        else
            snprintf(nm, sizeof nm, "i%zu..i%zu", f, f + k - 1);
        add_constraint(c, AIR_ALL_ROWS, "logup", nm, packed_constraint(c, h, &c->inter[f], k, bpow, gamma));
        hsum = hsum < 0 ? h : air_add(c, hsum, h);
        hsum_next = hsum_next < 0 ? hn : air_add(c, hsum_next, hn);
    }
    air_expr s = leaf(c, AIR_OP_AUX, (unsigned)ng, 0, c->n_aux, "aux column");
    air_expr sn = leaf(c, AIR_OP_AUX, (unsigned)ng, 1, c->n_aux, "aux column");
    air_expr claim = leaf(c, AIR_OP_SUM, 0, 0, 1, "sum");
    add_constraint(c, AIR_FIRST_ROW, "logup", "sum_first", air_sub(c, s, hsum));
    add_constraint(c, AIR_TRANSITION, "logup", "sum_step", air_sub(c, air_sub(c, sn, s), hsum_next));
    add_constraint(c, AIR_LAST_ROW, "logup", "sum_last", air_sub(c, s, claim));
}

/* Node i's value does not depend on the row: a leaf constant, public input,
 * challenge or sum, or an operation on invariant children only. */
static uint8_t chip_node_invariant(const air_chip *c, size_t i)
{
    const air_node *n = &c->nodes[i];
    switch ((air_op)n->op) {
    case AIR_OP_CONST: case AIR_OP_PUB: case AIR_OP_CHAL: case AIR_OP_SUM: return 1;
    case AIR_OP_MAIN: case AIR_OP_FIXED: case AIR_OP_AUX: return 0;
    case AIR_OP_NEG: return c->invariant[n->a];
    default: return c->invariant[n->a] && c->invariant[n->b];
    }
}

static int finalize_chip(air_chip *c)
{
    unsigned d = 1;
    for (size_t k = 0; k < c->n_cons; k++)
        if (c->nodes[c->cons[k].e].deg > d)
            d = c->nodes[c->cons[k].e].deg;
    if (c->n_inter)
        add_logup(c, d, c->sys->max_degree ? c->sys->max_degree : 3,
                  c->sys->max_degree ? c->sys->quot_share : 1);
    if (c->sys->failed)
        return -1;
    for (size_t k = 0; k < c->n_cons; k++)
        if (c->nodes[c->cons[k].e].deg > d)
            d = c->nodes[c->cons[k].e].deg;
    c->max_deg = d;
    c->log_qf = stark_log2_ceil(d > 1 ? d - 1 : 1);
    c->quot_w = (size_t)2 << c->log_qf; /* alone in its height; stark_layout_build regroups */
    c->ext_d = 2;
    c->inter_mask = calloc(c->n_nodes ? c->n_nodes : 1, 1);
    c->node_off = malloc((c->n_nodes ? c->n_nodes : 1) * sizeof *c->node_off);
    c->node_off3 = malloc((c->n_nodes ? c->n_nodes : 1) * sizeof *c->node_off3);
    c->invariant = calloc(c->n_nodes ? c->n_nodes : 1, 1);
    if (!c->inter_mask || !c->node_off || !c->node_off3 || !c->invariant)
        return -1;
    for (size_t i = 0; i < c->n_nodes; i++) {
        /* an ext node holds AIR_BLOCK elements of 2 (3) coefficients */
        c->node_off[i] = c->scratch_len;
        c->scratch_len += (c->nodes[i].ext ? 2 : 1) * (size_t)AIR_BLOCK;
        c->node_off3[i] = c->scratch_len3;
        c->scratch_len3 += (c->nodes[i].ext ? 3 : 1) * (size_t)AIR_BLOCK;
        c->invariant[i] = chip_node_invariant(c, i);
    }
    for (size_t k = 0; k < c->n_inter; k++) {
        c->inter_mask[c->inter[k].mult] = 1;
        for (size_t j = 0; j < c->inter[k].n_vals; j++)
            c->inter_mask[c->inter[k].vals[j]] = 1;
    }
    /* children have smaller ids: one backward pass marks everything needed */
    for (size_t i = c->n_nodes; i-- > 0;) {
        const air_node *n = &c->nodes[i];
        if (!c->inter_mask[i] || n->op < AIR_OP_ADD)
            continue;
        c->inter_mask[n->a] = 1;
        if (n->op != AIR_OP_NEG)
            c->inter_mask[n->b] = 1;
    }
    return 0;
}

int air_system_finalize(air_system *s, uvm_err *err)
{
    if (!s)
        return uvm_errf(err, "air: no system");
    if (s->finalized)
        return uvm_errf(err, "air: %s: finalized twice", s->name);
    if (!s->failed && s->n_chips == 0)
        sys_fail(s, "air: %s: no chips", s->name);
    for (size_t i = 0; i < s->n_chips && !s->failed; i++) {
        air_chip *c = s->chips[i];
        if (c->n_main + c->n_fixed == 0)
            sys_fail(s, "air: %s: chip has no columns", c->name);
        else if (c->n_fixed && !c->fixed_fn)
            sys_fail(s, "air: %s: fixed columns without a generator", c->name);
        else if (finalize_chip(c))
            sys_fail(s, "air: %s: out of memory", c->name);
    }
    s->finalized = 1;
    if (s->failed)
        return uvm_errf(err, "%s", s->errmsg);
    return 0;
}

size_t air_system_n_chips(const air_system *s) { return s->n_chips; }
size_t air_system_n_public(const air_system *s) { return s->n_public; }
air_chip *air_system_chip(const air_system *s, size_t i) { return i < s->n_chips ? s->chips[i] : NULL; }
const char *air_chip_name(const air_chip *c) { return c->name; }
unsigned air_chip_degree(const air_chip *c) { return c->max_deg; }

air_widths air_chip_widths(const air_chip *c)
{
    return (air_widths){.main = c->n_main, .fixed = c->n_fixed, .aux = (size_t)c->ext_d * c->n_aux,
                        .quotient = c->quot_w};
}
