/* verify_query.c — the verifier's query phase: Merkle openings of every
 * tree, the DEEP reduced opening of each height at each query lifted into
 * one value (fri_prove.c lift_all), and the FRI folding chain down to the
 * final polynomial.
 * Invariant: shapes were checked by stark_verify (check_counts) before this
 * runs; indices are masked to each tree's size. */
#include <stdlib.h>
#include <string.h>

#include "stark_ext.h"

typedef struct vf_height {
    glx_t *coef[ST_N];
    const stark_tree_open *open[ST_N];
    size_t width[ST_N];
    glx_t A, B, aK, zw;
    unsigned l;
} vf_height;

static int check_tree(const hash_ops *h, const hash_digest *root, size_t n_leaves,
                      const stark_tree_open *o, const uint64_t *qi, size_t nq, size_t *idx,
                      hash_digest *leaf)
{
    for (size_t q = 0; q < nq; q++) {
        idx[q] = qi[q] & (n_leaves - 1);
        h->leaf(o->vals + q * o->width, o->width, &leaf[q]);
    }
    return merkle_verify(h, root, n_leaves, idx, leaf, nq, &o->mp);
}

static const char *stage_name[ST_N] = {"fixed", "main", "aux", "quotient"};

/* Stage st's mixed tree: every group's opened rows bound to one root. */
static int check_mixed(const stark_layout *L, int st, const hash_ops *h, const hash_digest *root,
                       const stark_tree_open *o, const uint64_t *qi, size_t nq, size_t *rows,
                       hash_digest *dig)
{
    size_t ng = L->n_groups[st];
    unsigned lr[64];
    const hash_digest *d[64];
    if (ng > 64)
        return -1;
    for (size_t g = 0; g < ng; g++) {
        lr[g] = L->group_log_h[st][g] + L->log_blowup;
        d[g] = dig + g * nq;
        for (size_t q = 0; q < nq; q++)
            h->leaf(o[g].vals + q * o[g].width, o[g].width, &dig[g * nq + q]);
    }
    for (size_t q = 0; q < nq; q++)
        rows[q] = qi[q] & (((size_t)1 << lr[0]) - 1);
    return merkle_verify_mixed(h, root, lr, ng, rows, d, nq, &o[0].mp);
}

static int check_trees(const stark_proof *p, const hash_ops *h, const stark_layout *L,
                       const fri_sched *sc, const hash_digest *fixed_roots, const uint64_t *qi,
                       uvm_err *err)
{
    size_t nq = p->params.n_queries, k = 0, ngmax = 1;
    for (int st = 0; st < ST_N; st++)
        ngmax = L->n_groups[st] > ngmax ? L->n_groups[st] : ngmax;
    size_t *idx = malloc(nq * sizeof *idx);
    hash_digest *leaf = malloc(ngmax * nq * sizeof *leaf);
    const hash_digest *roots[ST_N] = {fixed_roots, p->main_roots, p->aux_roots, p->quot_roots};
    int rc = 0;
    if (!idx || !leaf)
        rc = uvm_errf(err, "verify: out of memory");
    for (int st = 0; st < ST_N && !rc; st++) {
        if (stark_stage_mixed(st) && L->n_groups[st]) {
            if (check_mixed(L, st, h, &roots[st][0], &p->open[k], qi, nq, idx, leaf))
                rc = uvm_errf(err, "query openings: %s tree: merkle path mismatch", stage_name[st]);
            k += L->n_groups[st];
            continue;
        }
        for (size_t g = 0; g < L->n_groups[st] && !rc; g++, k++) {
            size_t nl = (size_t)1 << (L->group_log_h[st][g] + L->log_blowup);
            if (check_tree(h, &roots[st][g], nl, &p->open[k], qi, nq, idx, leaf))
                rc = uvm_errf(err, "query openings: %s tree %zu: merkle path mismatch", stage_name[st], g);
        }
    }
    for (size_t t = 0; t < sc->n_layers && !rc; t++, k++) {
        size_t nl = (size_t)1 << (sc->lay_log[t] - sc->lay_arity[t]);
        if (check_tree(h, &p->fri_roots[t], nl, &p->open[k], qi, nq, idx, leaf))
            rc = uvm_errf(err, "fri: layer %zu: merkle path mismatch", t);
    }
    free(idx);
    free(leaf);
    return rc;
}

static int setup_heights(const air_system *sys, const stark_proof *p, const stark_layout *L,
                         glx_t fa, glx_t zeta, vf_height *H)
{
    for (size_t k = 0; k < L->n_heights; k++) {
        vf_height *hh = &H[k];
        unsigned lh = L->heights[k];
        size_t ti = 0;
        for (int st = 0; st < ST_N; st++)
            for (size_t g = 0; g < L->n_groups[st]; g++, ti++)
                if (L->group_log_h[st][g] == lh) {
                    hh->open[st] = &p->open[ti];
                    hh->width[st] = L->group_width[st][g];
                    if (!(hh->coef[st] = calloc(hh->width[st], sizeof(glx_t))))
                        return -1;
                }
        size_t knq;
        size_t K = stark_deep_cols(L, sys, (const glx_t *)p->ood, lh, fa, hh->coef, &knq, &hh->A, &hh->B);
        hh->aK = glx_pow(fa, K);
        hh->zw = glx_mul_base(zeta, gl_root_of_unity(lh));
        hh->l = lh + L->log_blowup;
    }
    return 0;
}

static glx_t reduced_at(const vf_height *hh, size_t q, uint64_t qidx, glx_t zeta)
{
    size_t j = qidx & (((uint64_t)1 << hh->l) - 1);
    gl_t x = gl_mul(stark_lde_shift(), gl_pow(gl_root_of_unity(hh->l), j));
    glx_t snq = glx_from_base(0), sq = glx_from_base(0);
    for (int st = 0; st < ST_N; st++) {
        if (!hh->open[st])
            continue;
        const gl_t *row = hh->open[st]->vals + q * hh->width[st];
        glx_t acc = glx_from_base(0);
        for (size_t c = 0; c < hh->width[st]; c++)
            acc = glx_add(acc, glx_mul_base(hh->coef[st][c], row[c]));
        if (st == ST_QUOT)
            sq = acc;
        else
            snq = glx_add(snq, acc);
    }
    glx_t xe = glx_from_base(x);
    glx_t t1 = glx_mul(glx_sub(glx_add(snq, sq), hh->A), glx_inv(glx_sub(xe, zeta)));
    glx_t t2 = glx_mul(glx_mul(glx_sub(snq, hh->B), glx_inv(glx_sub(xe, hh->zw))), hh->aK);
    return glx_add(t1, t2);
}

/* The lifted polynomial at query row qidx of the top LDE: sum_k lift^k
 * ro_k(row qidx mod 2^l_k), from the rows the mixed trees opened. */
static int fri_query(const stark_proof *p, const stark_layout *L, const fri_sched *sc,
                     const vf_height *H, const glx_t *betas, glx_t lift, glx_t zeta, size_t q,
                     uint64_t qidx, uvm_err *err)
{
    size_t nt = 0;
    for (int st = 0; st < ST_N; st++)
        nt += L->n_groups[st];
    glx_t val = glx_from_base(0);
    for (size_t k = L->n_heights; k-- > 0;)
        val = glx_add(glx_mul(val, lift), reduced_at(&H[k], q, qidx, zeta));
    for (size_t t = 0; t < sc->n_layers; t++) {
        unsigned l = sc->lay_log[t], a = sc->lay_arity[t];
        size_t it = qidx & (((uint64_t)1 << l) - 1), R = (size_t)1 << (l - a);
        size_t r = it & (R - 1), j = it >> (l - a);
        const gl_t *row = p->open[nt + t].vals + q * ((size_t)GLX_D << a);
        if (!glx_eq(glx_load(row + GLX_D * j), val))
            return uvm_errf(err, "fri: query %zu: layer %zu: value does not match the previous fold", q, t);
        glx_t cs[8];
        for (size_t m = 0; m < ((size_t)1 << a); m++)
            cs[m] = glx_load(row + GLX_D * m);
        val = fri_fold_coset(cs, a, l, stark_shift(L->lmax, l), r, betas[t]);
    }
    size_t jf = qidx & (((uint64_t)1 << sc->l_final) - 1);
    gl_t x = gl_mul(stark_shift(L->lmax, sc->l_final), gl_pow(gl_root_of_unity(sc->l_final), jf));
    if (!glx_eq(fri_poly_eval((const glx_t *)p->final_poly, p->n_final, glx_from_base(x)), val))
        return uvm_errf(err, "fri: query %zu: final polynomial mismatch", q);
    return 0;
}

int vf_queries(const air_system *sys, const stark_proof *p, const hash_ops *h, const stark_layout *L,
               const fri_sched *sc, const hash_digest *fixed_roots, const uint64_t *qi,
               const glx_t *betas, glx_t fa, glx_t lift, glx_t zeta, uvm_err *err)
{
    if (check_trees(p, h, L, sc, fixed_roots, qi, err))
        return -1;
    vf_height *H = calloc(L->n_heights, sizeof *H);
    int rc = 0;
    if (!H || setup_heights(sys, p, L, fa, zeta, H))
        rc = uvm_errf(err, "verify: out of memory");
    for (size_t q = 0; q < p->params.n_queries && !rc; q++)
        rc = fri_query(p, L, sc, H, betas, lift, zeta, q, qi[q], err);
    for (size_t k = 0; H && k < L->n_heights; k++)
        for (int st = 0; st < ST_N; st++)
            free(H[k].coef[st]);
    free(H);
    return rc;
}
