/* verify.c — the STARK verifier: policy and shape checks, transcript replay,
 * LogUp balance, the constraint identity at zeta, Merkle openings, DEEP
 * reduced openings and FRI folding at every query; per challenge degree
 * (stark_ext.h), the degree taken from the proof (common.c stark_verify).
 * Invariant: every length and index from the proof is checked before use;
 * a rejection returns -1 with a named reason, never asserts. */
#include <stdlib.h>
#include <string.h>

#include "security.h"
#include "stark_ext.h"

typedef struct vf_state {
    const air_system *sys;
    const stark_proof *p;
    const hash_ops *h;
    stark_layout L;
    fri_sched sc;
    hash_digest *fixed_roots;
    stark_tr tr;
    glx_t chal[AIR_N_CHAL], alpha, zeta, fa, lift;
    glx_t betas[40];
    /* the proof's extension arrays in this degree (stark_proof: GLX_D
     * coefficients per element) */
    const glx_t *sums, *ood;
    uint64_t *qi;
} vf_state;

static int check_shape(vf_state *v, size_t n_pub, const stark_policy *pol, uvm_err *err)
{
    const stark_proof *p = v->p;
    const air_system *sys = v->sys;
    if (!sys->finalized || sys->failed)
        return uvm_errf(err, "verify: system not finalized");
    if (p->version != STARK_PROOF_VERSION)
        return uvm_errf(err, "verify: proof version %u, expected %u", p->version, STARK_PROOF_VERSION);
    if (!(v->h = hash_get((hash_kind)p->hash_kind)))
        return uvm_errf(err, "verify: unknown hash kind %u", p->hash_kind);
    if (stark_params_check(&p->params, 0, err))
        return uvm_err_prefix(err, "verify");
    if (n_pub != sys->n_public)
        return uvm_errf(err, "verify: %zu public inputs, system takes %zu", n_pub, sys->n_public);
    if (p->n_chips != sys->n_chips || !p->log_heights)
        return uvm_errf(err, "verify: proof has %u chips, system %zu", p->n_chips, sys->n_chips);
    unsigned min_log = p->params.log_final > 1 ? p->params.log_final : 1;
    unsigned max_log = pol->max_log_height && pol->max_log_height < STARK_MAX_LOG_HEIGHT
                           ? pol->max_log_height : STARK_MAX_LOG_HEIGHT;
    for (size_t i = 0; i < sys->n_chips; i++) {
        const air_chip *c = sys->chips[i];
        if (p->log_heights[i] < min_log || p->log_heights[i] > max_log)
            return uvm_errf(err, "verify: %s: height 2^%u out of range", c->name, p->log_heights[i]);
        if (c->log_qf > p->params.log_blowup)
            return uvm_errf(err, "verify: %s: degree %u needs a larger blowup", c->name, c->max_deg);
    }
    return 0;
}

static int check_counts(vf_state *v, uvm_err *err)
{
    const stark_proof *p = v->p;
    const stark_layout *L = &v->L;
    size_t n_ood = 0;
    for (size_t i = 0; i < L->n_chips; i++)
        n_ood += stark_chip_n_ood(v->sys->chips[i]);
    /* one mixed tree per non-fixed stage that has any columns */
    if (p->n_main_roots != (L->n_groups[ST_MAIN] > 0) || p->n_aux_roots != (L->n_groups[ST_AUX] > 0)
        || p->n_quot_roots != (L->n_groups[ST_QUOT] > 0))
        return uvm_errf(err, "verify: wrong number of trace commitments");
    if (p->n_sums != L->n_chips || p->n_ood != n_ood)
        return uvm_errf(err, "verify: wrong number of sums or opened values (%u, expected %zu)",
                        p->n_ood, n_ood);
    if (p->n_fri_roots != v->sc.n_layers || p->n_final != (1u << p->params.log_final))
        return uvm_errf(err, "fri: wrong number of layers or final coefficients");
    size_t nt = 0;
    for (int st = 0; st < ST_N; st++)
        nt += L->n_groups[st];
    if (p->n_open != nt + v->sc.n_layers || !p->open)
        return uvm_errf(err, "verify: wrong number of tree openings");
    size_t k = 0;
    for (int st = 0; st < ST_N; st++)
        for (size_t g = 0; g < L->n_groups[st]; g++, k++)
            if (p->open[k].width != L->group_width[st][g] || p->open[k].n_rows != p->params.n_queries
                || (stark_stage_mixed(st) && g > 0 && p->open[k].mp.n_siblings))
                return uvm_errf(err, "verify: opening %zu has wrong shape", k);
    for (size_t t = 0; t < v->sc.n_layers; t++, k++)
        if (p->open[k].width != ((unsigned)GLX_D << v->sc.lay_arity[t])
            || p->open[k].n_rows != p->params.n_queries)
            return uvm_errf(err, "fri: layer %zu opening has wrong shape", t);
    for (size_t i = 0; i < L->n_chips; i++)
        if (!v->sys->chips[i]->n_inter && !glx_is_zero(v->sums[i]))
            return uvm_errf(err, "logup: %s has no bus but claims a sum", v->sys->chips[i]->name);
    return 0;
}

/* The policy: the proof's bits in the policy's regime, from its shape
 * (security.h), before any expensive work. */
static int check_policy(vf_state *v, const stark_policy *pol, uvm_err *err)
{
    if (!pol->min_security_bits)
        return 0;
    if (pol->regime >= STARK_N_REGIMES)
        return uvm_errf(err, "verify: policy names no security regime (%d)", (int)pol->regime);
    stark_security s;
    if (stark_proof_security(v->sys, v->p, &s, err))
        return uvm_err_prefix(err, "verify");
    const stark_sec_result *r = &s.r[pol->regime];
    if (r->bits < pol->min_security_bits)
        return uvm_errf(err, "verify: security %u bits %s, below the policy's %u (binding: %s)",
                        r->bits, stark_regime_long(pol->regime), pol->min_security_bits, r->why);
    return 0;
}

/* The preprocessed commitments, from the chip definitions (stark_fixed_root:
 * a known constant when the columns match, else recomputed). */
static int fixed_roots(vf_state *v, uvm_err *err)
{
    const stark_layout *L = &v->L;
    size_t ng = L->n_groups[ST_FIXED];
    v->fixed_roots = calloc(ng + 1, sizeof(hash_digest));
    if (!v->fixed_roots)
        return uvm_errf(err, "verify: out of memory");
    for (size_t g = 0; g < ng; g++) {
        unsigned lh = L->group_log_h[ST_FIXED][g];
        size_t n = (size_t)1 << lh, w = L->group_width[ST_FIXED][g];
        gl_matrix tr = {0};
        if (gl_matrix_alloc(&tr, n, w))
            return uvm_errf(err, "verify: out of memory (fixed columns)");
        int rc = 0;
        for (size_t i = 0; i < L->n_chips && !rc; i++) {
            const air_chip *c = v->sys->chips[i];
            if (L->chip_group[ST_FIXED][i] != g)
                continue;
            gl_matrix f = {0};
            if (c->fixed_fn(c->fixed_ctx, lh, &f, err))
                rc = uvm_err_prefix(err, "verify: %s: fixed columns", c->name);
            else if (f.rows != n || f.cols != c->n_fixed)
                rc = uvm_errf(err, "verify: %s: fixed generator returned wrong shape", c->name);
            for (size_t r = 0; !rc && r < n; r++)
                memcpy(tr.data + r * w + L->chip_off[ST_FIXED][i], f.data + r * f.cols,
                       f.cols * sizeof(gl_t));
            gl_matrix_free(&f);
        }
        if (!rc)
            rc = stark_fixed_root(v->h, L->log_blowup, &tr, &v->fixed_roots[g], err);
        gl_matrix_free(&tr);
        if (rc)
            return rc;
    }
    return 0;
}

static int check_balance(vf_state *v, const gl_t *pub, uvm_err *err)
{
    const air_system *sys = v->sys;
    air_chal ch = glx_air_chal(v->chal[AIR_CHAL_BETA], v->chal[AIR_CHAL_GAMMA]);
    air_xe pub_sum = {{0, 0, 0}};
    if (sys->pub_fn && sys->pub_fn(sys->pub_ctx, pub, sys->n_public, &ch, &pub_sum, err))
        return uvm_err_prefix(err, "verify: public bus contribution");
    glx_t tot = glx_load(pub_sum.c);
    for (size_t i = 0; i < v->L.n_chips; i++)
        tot = glx_add(tot, v->sums[i]);
    if (!glx_is_zero(tot))
        return uvm_errf(err, "logup: bus sums do not balance");
    return 0;
}

/* An extension column's value from the opened values of its GLX_D base
 * columns: sum_e X^e v[e] (Horner in X). */
static glx_t ext_col(const glx_t *v)
{
    glx_t r = v[GLX_D - 1];
    for (int e = GLX_D - 2; e >= 0; e--)
        r = glx_add(v[e], glx_mul_x(r));
    return r;
}

/* Adds chip c's constraints, weighted a0 * alpha^k, into acc[when]; o is the
 * chip's ood slot. Returns a0 * alpha^(n_cons), or {0, 0} on OOM. */
static glx_t chip_combine(const air_chip *c, const glx_t *o, const gl_t *pub, const glx_t *chal,
                          glx_t sum, glx_t alpha, glx_t a0, glx_t acc[4])
{
    size_t nf = c->n_fixed, nm = c->n_main, na = c->n_aux;
    glx_t *buf = malloc((2 * na + c->n_nodes + 1) * sizeof *buf);
    if (!buf)
        return glx_from_base(0);
    glx_t *ac = buf, *an = ac + na, *vals = an + na;
    const glx_t *fx = o, *mn = fx + 2 * nf, *ax = mn + 2 * nm;
    for (size_t k = 0; k < na; k++) {
        ac[k] = ext_col(ax + GLX_D * k);
        an[k] = ext_col(ax + GLX_D * (na + k));
    }
    air_point pt = {mn, mn + nm, fx, fx + nf, ac, an, pub, {chal[0], chal[1]}, sum};
    air_eval_point(c, &pt, vals);
    glx_t ap = a0;
    for (size_t k = 0; k < c->n_cons; k++, ap = glx_mul(ap, alpha))
        acc[c->cons[k].when] = glx_add(acc[c->cons[k].when], glx_mul(ap, vals[c->cons[k].e]));
    free(buf);
    return ap;
}

/* The identity at zeta for the chips of height 2^lh; qt: their quotient
 * chunks' opened values (base pairs). */
static int group_check(const air_system *sys, const stark_layout *L, unsigned lh, const glx_t *ood,
                       const gl_t *pub, const glx_t *chal, const glx_t *sums, glx_t alpha,
                       glx_t zeta, uvm_err *err)
{
    glx_t acc[4], ap = glx_from_base(1);
    for (int w = 0; w < 4; w++)
        acc[w] = glx_from_base(0);
    const glx_t *o = ood, *qt = NULL;
    size_t nqt = 0;
    const char *first = NULL;
    for (size_t i = 0; i < L->n_chips; i++) {
        const air_chip *c = sys->chips[i];
        if (L->log_h[i] == lh) {
            if (!first) {
                first = c->name;
                qt = o + 2 * ((size_t)c->n_fixed + c->n_main + GLX_D * (size_t)c->n_aux);
                nqt = c->quot_w;
            }
            ap = chip_combine(c, o, pub, chal, sums[i], alpha, ap, acc);
            if (glx_is_zero(ap))
                return uvm_errf(err, "verify: out of memory");
        }
        o += stark_chip_n_ood(c);
    }
    if (!first)
        return 0;
    size_t n = (size_t)1 << lh;
    glx_t z = zeta, one = glx_from_base(1);
    glx_t zn = glx_pow(z, n);
    glx_t zlast = glx_sub(z, glx_from_base(gl_inv(gl_root_of_unity(lh))));
    glx_t lhs = glx_add(acc[AIR_ALL_ROWS], glx_mul(acc[AIR_TRANSITION], zlast));
    lhs = glx_mul(lhs, glx_inv(glx_sub(zn, one)));
    lhs = glx_add(lhs, glx_mul(acc[AIR_FIRST_ROW], glx_inv(glx_sub(z, one))));
    lhs = glx_add(lhs, glx_mul(acc[AIR_LAST_ROW], glx_inv(zlast)));
    glx_t rhs = glx_from_base(0), zp = one;
    for (size_t ch = 0; ch < nqt / GLX_D; ch++, zp = glx_mul(zp, zn))
        rhs = glx_add(rhs, glx_mul(zp, ext_col(qt + GLX_D * ch)));
    if (!glx_eq(lhs, rhs))
        return uvm_errf(err, "height 2^%u (%s and the chips of its height): constraints do not match the quotient at zeta",
                        lh, first);
    return 0;
}

int stark_ood_check(const air_system *sys, const stark_layout *L, const glx_t *ood,
                    const gl_t *pub, const glx_t *chal, const glx_t *sums, glx_t alpha,
                    glx_t zeta, uvm_err *err)
{
    for (size_t h = 0; h < L->n_heights; h++)
        if (group_check(sys, L, L->heights[h], ood, pub, chal, sums, alpha, zeta, err))
            return -1;
    return 0;
}

static int replay(vf_state *v, const gl_t *pub, size_t n_pub, uvm_err *err)
{
    const stark_proof *p = v->p;
    if (tr_init(&v->tr, v->h, "uvm-stark-v1"))
        return uvm_errf(err, "verify: out of memory");
    stark_absorb_header(&v->tr, v->sys, &p->params, p->hash_kind, p->log_heights, pub, n_pub);
    tr_absorb_digests(&v->tr, v->fixed_roots, v->L.n_groups[ST_FIXED]);
    tr_absorb_digests(&v->tr, p->main_roots, p->n_main_roots);
    v->chal[AIR_CHAL_BETA] = tr_challenge(&v->tr);
    v->chal[AIR_CHAL_GAMMA] = tr_challenge(&v->tr);
    tr_absorb_digests(&v->tr, p->aux_roots, p->n_aux_roots);
    tr_absorb_ext(&v->tr, v->sums, p->n_sums);
    if (check_balance(v, pub, err))
        return -1;
    v->alpha = tr_challenge(&v->tr);
    tr_absorb_digests(&v->tr, p->quot_roots, p->n_quot_roots);
    v->zeta = tr_challenge(&v->tr);
    if (glx_in_base(v->zeta))
        return uvm_errf(err, "verify: zeta in the base field");
    tr_absorb_ext(&v->tr, v->ood, p->n_ood);
    if (stark_ood_check(v->sys, &v->L, v->ood, pub, v->chal, v->sums, v->alpha, v->zeta, err))
        return uvm_err_prefix(err, "verify");
    v->fa = tr_challenge(&v->tr);
    v->lift = tr_challenge(&v->tr);
    for (size_t t = 0; t < v->sc.n_layers; t++) {
        tr_absorb_digests(&v->tr, &p->fri_roots[t], 1);
        v->betas[t] = tr_challenge(&v->tr);
    }
    tr_absorb_ext(&v->tr, (const glx_t *)p->final_poly, p->n_final);
    if (tr_check_grind(&v->tr, p->params.grinding_bits, p->pow_nonce))
        return uvm_errf(err, "fri: proof of work does not meet %u bits", p->params.grinding_bits);
    v->qi = malloc(p->params.n_queries * sizeof *v->qi);
    if (!v->qi || v->tr.oom)
        return uvm_errf(err, "verify: out of memory");
    for (size_t q = 0; q < p->params.n_queries; q++)
        v->qi[q] = tr_u64(&v->tr) & (((uint64_t)1 << v->L.lmax) - 1);
    return 0;
}

int stark_verify_x(const air_system *sys, const gl_t *pub, size_t n_pub, const stark_proof *p,
                   const stark_policy *pol, uvm_err *err)
{
    stark_policy def = stark_policy_default();
    vf_state v = {.sys = sys, .p = p, .sums = (const glx_t *)p->sums, .ood = (const glx_t *)p->ood};
    if (stark_ext_deg(&p->params) != GLX_D)
        return uvm_errf(err, "verify: proof over GF(p^%u) given to the GF(p^%d) verifier",
                        stark_ext_deg(&p->params), GLX_D);
    int rc = check_shape(&v, n_pub, pol ? pol : &def, err);
    if (rc)
        return rc;
    if ((rc = stark_layout_build(&v.L, sys, p->log_heights, p->params.log_blowup, GLX_D, err)))
        return rc;
    fri_schedule(&v.sc, v.L.lmax, &p->params);
    if (!(rc = check_counts(&v, err)) && !(rc = check_policy(&v, pol ? pol : &def, err))
        && !(rc = fixed_roots(&v, err)) && !(rc = replay(&v, pub, n_pub, err)))
        rc = vf_queries(sys, p, v.h, &v.L, &v.sc, v.fixed_roots, v.qi, v.betas, v.fa, v.lift, v.zeta, err);
    free(v.fixed_roots);
    free(v.qi);
    tr_free(&v.tr);
    stark_layout_free(&v.L);
    return rc;
}
