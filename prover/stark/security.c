/* security.c — soundness bits of a STARK proof in three regimes, following
 * soundcalc's published formulas (docs/security.md cites each one), and the
 * shape of a proof as the verifier knows it.
 * Invariant: every figure is floor(-log2 error) of an upper bound on the
 * error, computed in the log domain (errors reach 2^-200); a regime's bits
 * are the minimum over all its terms, never the query phase alone. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "security.h"
#include "stark_int.h"

/* log2 of the Goldilocks prime p = 2^64 - 2^32 + 1 (64 - 2^-32/ln 2, to double precision) */
#define SEC_LN2 0.69314718055994530942

static double log2_p(void) { return 64.0 + log1p(-0x1p-32 + 0x1p-64) / SEC_LN2; }

/* floor(-log2 eps) from log2 eps, clamped to 0..999 */
static unsigned bits_of(double log2_eps)
{
    double b = floor(-log2_eps);
    return b < 0 ? 0 : b > 999 ? 999 : (unsigned)b;
}

/* log2(a + b) from log2 a and log2 b */
static double log2_add(double la, double lb)
{
    double hi = la > lb ? la : lb, lo = la > lb ? lb : la;
    return hi + log2(1.0 + exp2(lo - hi));
}

/* One regime: its proximity parameter theta, list size l and the log2 of the
 * linear-combination (correlated agreement) error at dimension k. */
typedef struct regime_ctx {
    stark_regime r;
    double rho, sqrt_rho, log2_F;
    double theta, list, gap;
    unsigned m; /* Johnson: BCHKS25 Thm 4.2's m */
} regime_ctx;

/* log2 eps_lin(k), n = k / rho:
 *   UD (BCHKS25 Cor. 1.4): (gamma n + 1) / |F|, gamma = (1 - rho)/2;
 *   Johnson (BCHKS25 Thm 4.2): [(2 m'^5 + 3 m' theta rho) n / (3 rho^1.5) + m'/sqrt(rho)] / |F|, m' = m + 1/2;
 *   conjectured (up to capacity, list size 1): n / |F|. */
static double log2_eps_lin(const regime_ctx *c, double log2_k)
{
    double log2_n = log2_k - log2(c->rho);
    switch (c->r) {
    case STARK_REGIME_UD:
        return log2_add(log2((1 - c->rho) / 2) + log2_n, 0) - c->log2_F;
    case STARK_REGIME_JOHNSON: {
        double mp = c->m + 0.5;
        double first = log2(2 * pow(mp, 5) + 3 * mp * c->theta * c->rho) + log2_n
                       - log2(3 * c->rho * c->sqrt_rho);
        return log2_add(first, log2(mp / c->sqrt_rho)) - c->log2_F;
    }
    default:
        return log2_n - c->log2_F;
    }
}

/* log2 of the folding of `count` functions with powers of one challenge:
 * (count - 1) eps_lin (soundcalc get_error_powers). */
static double log2_eps_powers(const regime_ctx *c, double log2_k, double count)
{
    return count > 1 ? log2(count - 1) + log2_eps_lin(c, log2_k) : -1e9;
}

static const char *term_name[STARK_SEC_N_TERMS] = {
    "constraint combination", "DEEP point", "DEEP/FRI batching", "FRI folding", "LogUp",
    "FRI queries",
};

static void set_why(const stark_sec_shape *s, stark_sec_result *o)
{
    switch (o->binding) {
    case STARK_SEC_BATCH:
        snprintf(o->why, sizeof o->why, "DEEP/FRI batching of %llu functions",
                 (unsigned long long)s->n_batched);
        break;
    case STARK_SEC_LOGUP:
        snprintf(o->why, sizeof o->why, "LogUp 2^%.1f fractions", log2(s->logup_fractions));
        break;
    case STARK_SEC_ALI:
        snprintf(o->why, sizeof o->why, "constraint combination (%llu constraints)",
                 (unsigned long long)s->n_constraints);
        break;
    case STARK_SEC_COMMIT:
        snprintf(o->why, sizeof o->why, "FRI folding round %u", o->commit_round);
        break;
    default:
        snprintf(o->why, sizeof o->why, "%s", term_name[o->binding]);
    }
}

/* The terms of one regime; c has theta, list and (Johnson) m set. */
static void regime_terms(const stark_sec_shape *s, const regime_ctx *c, stark_sec_result *o)
{
    double lF = c->log2_F, l2l = log2(c->list);
    double log2_N = s->log_h[0], log2_D = log2_N + s->log_blowup;
    memset(o, 0, sizeof *o);
    o->theta = c->theta;
    o->list_size = c->list;
    o->gap = c->gap;
    /* ALI (Ha22 Thm 8 as soundcalc uses it): l C / |F| */
    o->term[STARK_SEC_ALI] = bits_of(l2l + log2((double)s->n_constraints) - lF);
    /* DEEP: l (d (N + m - 1) + N - 1) / (|F| - N - D), summed over the
     * heights (one constraint identity at zeta per height) */
    double deep = 0;
    for (unsigned h = 0; h < s->n_heights; h++) {
        double N = exp2(s->log_h[h]);
        deep += s->max_degree * (N + s->opening_points - 1) + (N - 1);
    }
    double lden = lF + log1p(-exp2(log2_N - lF) - exp2(log2_D - lF)) / SEC_LN2;
    o->term[STARK_SEC_DEEP] = bits_of(l2l + log2(deep) - lden);
    /* batching: B functions with powers, dimension = the top height */
    o->term[STARK_SEC_BATCH] = bits_of(log2_eps_powers(c, log2_N, (double)s->n_batched));
    /* folding: round i by a_i at dimension N / (a_1 ... a_i) */
    o->term[STARK_SEC_COMMIT] = 999;
    double lk = log2_N;
    for (unsigned i = 0; i < s->n_rounds; i++) {
        lk -= s->fold_log[i];
        unsigned b = bits_of(log2_eps_powers(c, lk, exp2(s->fold_log[i])));
        if (b < o->term[STARK_SEC_COMMIT])
            o->term[STARK_SEC_COMMIT] = b, o->commit_round = i + 1;
    }
    /* LogUp (soundcalc lookup section, univariate aggregation): fractions x tuple width / |F| */
    double frac = s->logup_fractions > 1 ? s->logup_fractions : 1;
    o->term[STARK_SEC_LOGUP] = bits_of(log2(frac) + log2(s->logup_tuple ? s->logup_tuple : 1) - lF);
    /* queries: (1 - theta)^t 2^-g; the conjectured regime's rho^t 2^-g exactly */
    if (c->r == STARK_REGIME_CONJ)
        o->term[STARK_SEC_QUERY] = s->n_queries * s->log_blowup + s->grinding_bits;
    else
        o->term[STARK_SEC_QUERY] = bits_of(s->n_queries * log2(1 - c->theta) - s->grinding_bits);
    o->bits = 999;
    for (int t = 0; t < STARK_SEC_N_TERMS; t++)
        if (o->term[t] < o->bits)
            o->bits = o->term[t], o->binding = (stark_sec_term)t;
    set_why(s, o);
}

/* Johnson: theta = 1 - sqrt(rho) - gap, l = 1/(2 gap sqrt(rho)),
 * m = max(ceil(sqrt(rho)/gap), 3); with no gap given, the best over
 * gap = sqrt(rho)/m, m = 3 .. 4096 (the first best m). */
static void johnson(const stark_sec_shape *s, regime_ctx *c, stark_sec_result *o)
{
    unsigned m_lo = 3, m_hi = 4096;
    if (s->johnson_gap > 0) {
        double mm = ceil(c->sqrt_rho / s->johnson_gap);
        m_lo = m_hi = mm < 3 ? 3 : mm > 1e6 ? 1000000 : (unsigned)mm;
    }
    stark_sec_result best = {0}, cur;
    for (unsigned m = m_lo; m <= m_hi; m++) {
        c->m = m;
        c->gap = s->johnson_gap > 0 ? s->johnson_gap : c->sqrt_rho / m;
        c->theta = 1 - c->sqrt_rho - c->gap;
        c->list = 1 / (2 * c->gap * c->sqrt_rho);
        if (c->theta <= 0)
            continue;
        regime_terms(s, c, &cur);
        if (m == m_lo || cur.bits > best.bits)
            best = cur;
    }
    *o = best;
}

int stark_security_compute(const stark_sec_shape *s, stark_security *out, uvm_err *err)
{
    if (s->ext_degree < 1 || s->ext_degree > 8)
        return uvm_errf(err, "security: extension degree %u outside 1..8", s->ext_degree);
    if (s->log_blowup < 1 || s->log_blowup > 10)
        return uvm_errf(err, "security: log_blowup %u outside 1..10", s->log_blowup);
    if (!s->n_heights || s->n_heights > STARK_SEC_MAX_HEIGHTS || s->n_rounds > STARK_SEC_MAX_ROUNDS)
        return uvm_errf(err, "security: %u heights, %u FRI rounds", s->n_heights, s->n_rounds);
    for (unsigned h = 0; h < s->n_heights; h++)
        if (s->log_h[h] > 40 || (h && s->log_h[h] > s->log_h[0]))
            return uvm_errf(err, "security: height 2^%u not below the top 2^%u", s->log_h[h], s->log_h[0]);
    if (!s->n_constraints || !s->max_degree || !s->n_batched || !(s->johnson_gap >= 0))
        return uvm_errf(err, "security: no constraints, degree or batched functions");
    memset(out, 0, sizeof *out);
    out->ext_degree = s->ext_degree;
    out->log_blowup = s->log_blowup;
    out->n_queries = s->n_queries;
    out->grinding_bits = s->grinding_bits;
    out->log_top = s->log_h[0];
    regime_ctx c = {.rho = exp2(-(double)s->log_blowup), .log2_F = s->ext_degree * log2_p()};
    c.sqrt_rho = sqrt(c.rho);
    c.r = STARK_REGIME_UD;
    c.theta = (1 - c.rho) / 2, c.list = 1;
    regime_terms(s, &c, &out->r[STARK_REGIME_UD]);
    c.r = STARK_REGIME_JOHNSON;
    johnson(s, &c, &out->r[STARK_REGIME_JOHNSON]);
    c.r = STARK_REGIME_CONJ;
    c.theta = 1 - c.rho, c.list = 1, c.gap = 0;
    regime_terms(s, &c, &out->r[STARK_REGIME_CONJ]);
    return 0;
}

void stark_sec_set_public_fractions(air_system *sys, uint64_t n) { sys->n_pub_fractions = n; }

int stark_sec_shape_of(const air_system *sys, const stark_params *p, const uint32_t *log_h,
                       stark_sec_shape *out, uvm_err *err)
{
    memset(out, 0, sizeof *out);
    if (!sys->finalized || sys->failed || !sys->n_chips)
        return uvm_errf(err, "security: system not finalized");
    stark_layout L;
    if (stark_layout_build(&L, sys, log_h, p->log_blowup, stark_ext_deg(p), err))
        return -1;
    out->ext_degree = stark_ext_deg(p);
    out->log_blowup = p->log_blowup;
    out->n_queries = p->n_queries;
    out->grinding_bits = p->grinding_bits;
    out->log_final = p->log_final;
    out->opening_points = 2;
    out->n_heights = L.n_heights < STARK_SEC_MAX_HEIGHTS ? (unsigned)L.n_heights : STARK_SEC_MAX_HEIGHTS;
    for (unsigned h = 0; h < out->n_heights; h++)
        out->log_h[h] = L.heights[h];
    double frac = (double)sys->n_pub_fractions;
    for (size_t i = 0; i < sys->n_chips; i++) {
        const air_chip *c = sys->chips[i];
        out->n_constraints += c->n_cons;
        if (c->max_deg > out->max_degree)
            out->max_degree = c->max_deg;
        for (int st = 0; st < ST_N; st++)
            out->cols[st] += stark_stage_width(c, st);
        /* DEEP terms: every column at zeta and zeta*w, quotient chunks at zeta */
        out->n_batched += stark_chip_n_ood(c);
        frac += (double)c->n_inter * exp2(log_h[i]);
        for (size_t k = 0; k < c->n_inter; k++)
            if (c->inter[k].n_vals > out->logup_tuple)
                out->logup_tuple = (unsigned)c->inter[k].n_vals;
    }
    out->logup_fractions = frac;
    fri_sched sc;
    fri_schedule(&sc, L.lmax, p);
    out->n_rounds = (unsigned)sc.n_layers;
    for (size_t t = 0; t < sc.n_layers; t++)
        out->fold_log[t] = sc.lay_arity[t];
    stark_layout_free(&L);
    return 0;
}

int stark_proof_security(const air_system *sys, const stark_proof *p, stark_security *out,
                         uvm_err *err)
{
    stark_sec_shape s;
    if (p->n_chips != sys->n_chips || !p->log_heights)
        return uvm_errf(err, "security: proof has %u chips, system %zu", p->n_chips, sys->n_chips);
    for (size_t i = 0; i < sys->n_chips; i++)
        if (p->log_heights[i] > STARK_MAX_LOG_HEIGHT)
            return uvm_errf(err, "security: chip height 2^%u out of range", p->log_heights[i]);
    if (stark_sec_shape_of(sys, &p->params, p->log_heights, &s, err))
        return -1;
    return stark_security_compute(&s, out, err);
}

void stark_security_min(stark_security *acc, const stark_security *seg)
{
    unsigned top = acc->log_top > seg->log_top ? acc->log_top : seg->log_top;
    for (int r = 0; r < STARK_N_REGIMES; r++)
        if (seg->r[r].bits < acc->r[r].bits)
            acc->r[r] = seg->r[r];
    acc->log_top = top;
}

static const char *reg_short[STARK_N_REGIMES] = {
    [STARK_REGIME_UD] = "ud", [STARK_REGIME_JOHNSON] = "johnson", [STARK_REGIME_CONJ] = "conjectured"};
static const char *reg_long[STARK_N_REGIMES] = {
    [STARK_REGIME_UD] = "unique-decoding", [STARK_REGIME_JOHNSON] = "Johnson",
    [STARK_REGIME_CONJ] = "conjectured"};

const char *stark_regime_name(stark_regime r) { return r < STARK_N_REGIMES ? reg_short[r] : "?"; }
const char *stark_regime_long(stark_regime r) { return r < STARK_N_REGIMES ? reg_long[r] : "?"; }

int stark_regime_parse(const char *s, stark_regime *r, unsigned *bits)
{
    const char *colon = strchr(s, ':'), *num = s;
    *r = STARK_REGIME_CONJ;
    if (colon) {
        size_t n = (size_t)(colon - s);
        int found = 0;
        for (int k = 0; k < STARK_N_REGIMES; k++)
            if (strlen(reg_short[k]) == n && !strncmp(s, reg_short[k], n))
                *r = (stark_regime)k, found = 1;
        if (!found)
            return -1;
        num = colon + 1;
    }
    char *end;
    if (*num < '0' || *num > '9')
        return -1;
    unsigned long v = strtoul(num, &end, 10);
    if (*end || v > 256)
        return -1;
    *bits = (unsigned)v;
    return 0;
}

const char *stark_security_line(const stark_security *s, char *buf, size_t n)
{
    const stark_sec_result *u = &s->r[STARK_REGIME_UD], *j = &s->r[STARK_REGIME_JOHNSON],
                           *c = &s->r[STARK_REGIME_CONJ];
    snprintf(buf, n, "%u bits unique-decoding, %u Johnson, %u conjectured (blowup %u, %u queries, "
             "%u grinding, GF(p^%u), top height 2^%u; binding: %s / %s / %s)", u->bits, j->bits,
             c->bits, 1u << s->log_blowup, s->n_queries, s->grinding_bits, s->ext_degree,
             s->log_top, u->why, j->why, c->why);
    return buf;
}
