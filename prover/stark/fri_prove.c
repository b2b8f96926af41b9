/* fri_prove.c — DEEP batching of every committed column into one reduced
 * opening per height, the smaller heights lifted onto the top LDE and added
 * (powers of the challenge lift), FRI commit phase on that one polynomial
 * (folding by 2^log_arity, the last fold partial), grinding, query sampling
 * and the Merkle openings.
 * Invariant: column order and alpha powers follow stark_deep_cols, which the
 * verifier uses too. */
#include <stdlib.h>
#include <string.h>

#include "core_buf.h"
#include "prove_int.h"

#define GL_INV2 0x7fffffff80000001ull

/* Coefficients of the reduced opening of height log_h: for every group of
 * that height (stages in order), coef[col] = alpha^k; returns K (all columns)
 * and *k_nq (non-quotient columns); the opened values combine into A (at
 * zeta) and B (at zeta*w). */
static size_t deep_combine(const stark_layout *L, const air_system *sys, const glx_t *ood,
                           unsigned log_h, glx_t alpha, glx_t **coef, size_t *k_nq, glx_t *A, glx_t *B)
{
    glx_t ap = glx_from_base(1);
    size_t k = 0;
    *A = *B = glx_from_base(0);
    for (int st = 0; st < ST_N; st++) {
        if (st == ST_QUOT)
            *k_nq = k;
        for (size_t g = 0; g < L->n_groups[st]; g++) {
            if (L->group_log_h[st][g] != log_h)
                continue;
            const glx_t *o = ood;
            for (size_t i = 0; i < L->n_chips; i++) {
                const air_chip *c = sys->chips[i];
                size_t w = stark_stage_width(c, st);
                if (L->chip_group[st][i] == g) {
                    const glx_t *oc = o;
                    for (int s2 = 0; s2 < st; s2++)
                        oc += 2 * stark_stage_width(c, s2);
                    for (size_t col = 0; col < w; col++, k++) {
                        if (coef)
                            coef[st][L->chip_off[st][i] + col] = ap;
                        *A = glx_add(*A, glx_mul(ap, oc[col]));
                        if (st != ST_QUOT)
                            *B = glx_add(*B, glx_mul(ap, oc[w + col]));
                        ap = glx_mul(ap, alpha);
                    }
                }
                o += stark_chip_n_ood(c);
            }
        }
    }
    return k;
}

size_t stark_deep_cols(const stark_layout *L, const air_system *sys, const glx_t *ood,
                       unsigned log_h, glx_t alpha, glx_t **coef, size_t *k_nq, glx_t *A, glx_t *B)
{
    return deep_combine(L, sys, ood, log_h, alpha, coef, k_nq, A, B);
}

/* ro(x) = (S(x) - A)/(x - z) + alpha^K (S_nq(x) - B)/(x - z w) over the LDE. */
static int reduced_opening(pv_state *s, unsigned lh, glx_t fa, glx_t *ro, uvm_err *err)
{
    const stark_layout *L = &s->L;
    unsigned l = lh + s->P.log_blowup;
    size_t N = (size_t)1 << l, knq = 0;
    glx_t *coef[ST_N] = {0}, A, B;
    int rc = 0;
    for (int st = 0; st < ST_N; st++)
        for (size_t g = 0; g < L->n_groups[st]; g++)
            if (L->group_log_h[st][g] == lh && !(coef[st] = calloc(L->group_width[st][g], sizeof(glx_t))))
                rc = -1;
    glx_t *d1 = core_buf_alloc(N * sizeof *d1, 0), *d2 = core_buf_alloc(N * sizeof *d2, 0);
    if (rc || !d1 || !d2) {
        rc = uvm_errf(err, "prove: out of memory (DEEP)");
        goto out;
    }
    size_t K = deep_combine(L, s->sys, s->ood, lh, fa, coef, &knq, &A, &B);
    glx_t aK = glx_pow(fa, K), zw = glx_mul_base(s->zeta, gl_root_of_unity(lh));
    gl_t shift = stark_lde_shift(), w = gl_root_of_unity(l);
    #pragma omp parallel for schedule(static)
    for (size_t j0 = 0; j0 < N; j0 += 4096) {
        gl_t x = gl_mul(shift, gl_pow(w, j0));
        for (size_t j = j0; j < j0 + 4096 && j < N; j++, x = gl_mul(x, w)) {
            d1[j] = glx_sub(glx_from_base(x), s->zeta);
            d2[j] = glx_sub(glx_from_base(x), zw);
        }
    }
    glx_batch_inv(d1, d1, N);
    glx_batch_inv(d2, d2, N);
    const pv_tree *tr[ST_N] = {0};
    size_t wd[ST_N] = {0};
    for (int st = 0; st < ST_N; st++)
        for (size_t g = 0; g < L->n_groups[st]; g++)
            if (L->group_log_h[st][g] == lh) {
                tr[st] = &s->trees[st][g];
                wd[st] = L->group_width[st][g];
            }
    #pragma omp parallel for schedule(static)
    for (size_t j = 0; j < N; j++) {
        glx_t snq = glx_from_base(0), sq = glx_from_base(0);
        for (int st = 0; st < ST_N; st++) {
            if (!tr[st])
                continue;
            const gl_t *row = tr[st]->lde.data + j * wd[st];
            gl_acc la[GLX_D] = {{0, 0}};
            for (size_t c = 0; c < wd[st]; c++)
                for (int e = 0; e < GLX_D; e++)
                    gl_acc_mul_add(&la[e], glx_c(coef[st][c])[e], row[c]);
            glx_t acc;
            for (int e = 0; e < GLX_D; e++)
                glx_c(acc)[e] = gl_acc_get(&la[e]);
            if (st == ST_QUOT)
                sq = acc;
            else
                snq = glx_add(snq, acc);
        }
        glx_t t1 = glx_mul(glx_sub(glx_add(snq, sq), A), d1[j]);
        glx_t t2 = glx_mul(glx_mul(glx_sub(snq, B), d2[j]), aK);
        ro[j] = glx_add(t1, t2);
    }
out:
    for (int st = 0; st < ST_N; st++)
        free(coef[st]);
    core_buf_free(d1), core_buf_free(d2);
    return rc;
}

/* One halving: out[i] = (v[i] + v[i+M/2])/2 + beta (v[i] - v[i+M/2]) / (2 x_i). */
static void fold_half(const glx_t *v, glx_t *out, unsigned l, gl_t shift, glx_t beta)
{
    size_t half = (size_t)1 << (l - 1);
    gl_t winv = gl_inv(gl_root_of_unity(l)), sinv2 = gl_mul(gl_inv(shift), GL_INV2);
    #pragma omp parallel for schedule(static)
    for (size_t i0 = 0; i0 < half; i0 += 4096) {
        gl_t ix = gl_mul(sinv2, gl_pow(winv, i0));
        for (size_t i = i0; i < i0 + 4096 && i < half; i++, ix = gl_mul(ix, winv)) {
            glx_t e = glx_mul_base(glx_add(v[i], v[i + half]), GL_INV2);
            glx_t o = glx_mul_base(glx_sub(v[i], v[i + half]), ix);
            out[i] = glx_add(e, glx_mul(beta, o));
        }
    }
}

typedef struct fri_layer {
    gl_matrix m;
    merkle_tree t;
} fri_layer;

/* Lifting: top[i] += lift^k ro_k[i mod M_k] for each smaller height k (M_k
 * LDE points). Row i of the top LDE is x = g w_N^i; x^(N/M) g^(1 - N/M) =
 * g w_M^i, so ro_k(y(x)) is ro_k's row i mod M_k (natural order, the row the
 * mixed trees open with row i) and a polynomial in x of degree below the top's. */
static void lift_all(glx_t *top, size_t N, glx_t *const *ro, const unsigned *l_ro, size_t nh,
                     glx_t lift)
{
    glx_t lk[64];
    lk[0] = glx_from_base(1);
    for (size_t k = 1; k < nh; k++)
        lk[k] = glx_mul(lk[k - 1], lift);
    #pragma omp parallel for schedule(static)
    for (size_t i = 0; i < N; i++) {
        glx_t acc = top[i];
        for (size_t k = 1; k < nh; k++)
            acc = glx_add(acc, glx_mul(lk[k], ro[k][i & (((size_t)1 << l_ro[k]) - 1)]));
        top[i] = acc;
    }
}

/* FRI over the lifted polynomial cur (2^lmax values; freed here). */
static int fri_commit(pv_state *s, glx_t *cur, const fri_sched *sc, fri_layer *lay,
                      stark_proof *out, uvm_err *err)
{
    const stark_layout *L = &s->L;
    gl_t shift = stark_shift(L->lmax, L->lmax);
    for (size_t t = 0; t < sc->n_layers; t++) {
        unsigned l = sc->lay_log[t], a = sc->lay_arity[t];
        size_t R = (size_t)1 << (l - a), m = (size_t)1 << a;
        if (gl_matrix_alloc_uninit(&lay[t].m, R, GLX_D * m))
            goto oom;
        for (size_t r = 0; r < R; r++)
            for (size_t j = 0; j < m; j++)
                glx_store(lay[t].m.data + (r * m + j) * GLX_D, cur[r + j * R]);
        if (merkle_commit(&lay[t].t, s->h, &lay[t].m))
            goto oom;
        out->fri_roots[t] = merkle_root(&lay[t].t);
        tr_absorb_digests(&s->tr, &out->fri_roots[t], 1);
        glx_t beta = tr_challenge(&s->tr);
        for (unsigned h = 0; h < a; h++) {
            fold_half(cur, cur, l - h, shift, beta);  /* in place: out[i] only reads i, i+half */
            shift = gl_sqr(shift);
            beta = glx_sqr(beta);
        }
    }
    /* final polynomial: interpolate the last layer, keep the low coefficients
     * (each coefficient of the extension separately) */
    size_t nf = (size_t)1 << sc->l_final, nk = (size_t)1 << s->P.log_final;
    gl_t *fe = malloc(nf * sizeof(gl_t));
    glx_t *fin = malloc(nk * sizeof(glx_t));
    if (!fe || !fin) {
        free(fe), free(fin);
        goto oom;
    }
    for (int e = 0; e < GLX_D; e++) {
        for (size_t i = 0; i < nf; i++)
            fe[i] = glx_c(cur[i])[e];
        ntt_coset_inverse(fe, sc->l_final, shift);
        for (size_t i = 0; i < nk; i++)
            glx_c(fin[i])[e] = fe[i];
    }
    out->final_poly = (gl_t *)fin;
    out->n_final = (uint32_t)nk;
    free(fe), core_buf_free(cur);
    tr_absorb_ext(&s->tr, fin, nk);
    return 0;
oom:
    core_buf_free(cur);
    return uvm_errf(err, "prove: out of memory (FRI)");
}

/* The rows idx[0..nq) of m into o; with the tree t (NULL: no path, the
 * rows are bound by a mixed tree opened elsewhere) the batched path of the
 * leaves leaf[0..nq). */
static int open_tree(const merkle_tree *t, const gl_matrix *m, const size_t *idx,
                     const size_t *leaf, size_t nq, stark_tree_open *o, uvm_err *err)
{
    o->width = (uint32_t)m->cols;
    o->n_rows = (uint32_t)nq;
    o->vals = malloc((nq * m->cols + 1) * sizeof(gl_t));
    if (!o->vals || (t && merkle_open(t, leaf, nq, &o->mp)))
        return uvm_errf(err, "prove: out of memory (openings)");
    for (size_t q = 0; q < nq; q++)
        memcpy(o->vals + q * m->cols, m->data + idx[q] * m->cols, m->cols * sizeof(gl_t));
    return 0;
}

/* Stage st's openings: each group's rows qi mod its LDE size; the path in
 * the group's own tree (fixed) or, with the first group, in the stage's mixed
 * tree (leaf of row qi mod 2^L at bit-reversed position). */
static int open_stage(pv_state *s, int st, const uint64_t *qi, size_t *idx, size_t *leaf,
                      stark_tree_open *o, uvm_err *err)
{
    size_t nq = s->P.n_queries;
    int mixed = stark_stage_mixed(st);
    unsigned L = s->L.n_groups[st] ? s->L.group_log_h[st][0] + s->P.log_blowup : 0;
    for (size_t g = 0; g < s->L.n_groups[st]; g++) {
        const pv_tree *t = &s->trees[st][g];
        for (size_t q = 0; q < nq; q++) {
            idx[q] = qi[q] & (t->lde.rows - 1);
            leaf[q] = mixed ? merkle_mixed_leaf(L, qi[q] & (((size_t)1 << L) - 1)) : idx[q];
        }
        const merkle_tree *mt = !mixed ? &t->mt : g == 0 ? &s->trees[st][0].mt : NULL;
        if (open_tree(mt, &t->lde, idx, leaf, nq, &o[g], err))
            return -1;
    }
    return 0;
}

static int open_all(pv_state *s, const fri_sched *sc, const fri_layer *lay, const uint64_t *qi,
                    stark_proof *out, uvm_err *err)
{
    size_t nq = s->P.n_queries, nt = 0;
    for (int st = 0; st < ST_N; st++)
        nt += s->L.n_groups[st];
    out->open = calloc(nt + sc->n_layers + 1, sizeof *out->open);
    size_t *idx = malloc(2 * nq * sizeof *idx);
    if (!out->open || !idx) {
        free(idx);
        return uvm_errf(err, "prove: out of memory (openings)");
    }
    out->n_open = (uint32_t)(nt + sc->n_layers);
    size_t k = 0;
    int rc = 0;
    for (int st = 0; st < ST_N && !rc; k += s->L.n_groups[st], st++)
        rc = open_stage(s, st, qi, idx, idx + nq, &out->open[k], err);
    for (size_t t = 0; t < sc->n_layers && !rc; t++, k++) {
        for (size_t q = 0; q < nq; q++)
            idx[q] = qi[q] & (lay[t].m.rows - 1);
        rc = open_tree(&lay[t].t, &lay[t].m, idx, idx, nq, &out->open[k], err);
    }
    free(idx);
    return rc;
}

int pv_fri(pv_state *s, stark_proof *out, stark_timings *tm, uvm_err *err)
{
    const stark_layout *L = &s->L;
    double t0 = pv_now(tm);
    glx_t fa = tr_challenge(&s->tr), lift = tr_challenge(&s->tr);
    unsigned l_ro[64];
    size_t nh = L->n_heights;
    fri_sched sc;
    fri_schedule(&sc, L->lmax, &s->P);
    glx_t **ro = calloc(nh, sizeof *ro);
    fri_layer *lay = calloc(sc.n_layers + 1, sizeof *lay);
    uint64_t *qi = malloc(s->P.n_queries * sizeof *qi);
    out->fri_roots = calloc(sc.n_layers + 1, sizeof(hash_digest));
    int rc = 0;
    if (nh > 64 || !ro || !lay || !qi || !out->fri_roots) {
        rc = uvm_errf(err, "prove: out of memory (FRI)");
        goto done;
    }
    out->n_fri_roots = (uint32_t)sc.n_layers;
    for (size_t k = 0; k < nh && !rc; k++) {
        l_ro[k] = L->heights[k] + s->P.log_blowup;
        ro[k] = core_buf_alloc(((size_t)1 << l_ro[k]) * sizeof(glx_t), 0);
        rc = ro[k] ? reduced_opening(s, L->heights[k], fa, ro[k], err)
                   : uvm_errf(err, "prove: out of memory (FRI)");
    }
    if (rc)
        goto done;
    lift_all(ro[0], (size_t)1 << L->lmax, ro, l_ro, nh, lift);
    glx_t *top = ro[0];
    ro[0] = NULL;
    if ((rc = fri_commit(s, top, &sc, lay, out, err)))
        goto done;
    out->pow_nonce = tr_grind(&s->tr, s->P.grinding_bits);
    for (size_t q = 0; q < s->P.n_queries; q++)
        qi[q] = tr_u64(&s->tr) & (((uint64_t)1 << L->lmax) - 1);
    double t1 = pv_now(tm);
    tm->fri += t1 - t0;
    rc = open_all(s, &sc, lay, qi, out, err);
    tm->open += pv_now(tm) - t1;
    if (!rc) {
        out->n_sums = (uint32_t)L->n_chips;
        out->sums = (gl_t *)s->sums;
        s->sums = NULL;
        out->n_ood = (uint32_t)s->n_ood;
        out->ood = (gl_t *)s->ood;
        s->ood = NULL;
    }
done:
    for (size_t k = 0; ro && k < nh; k++)
        core_buf_free(ro[k]);
    for (size_t t = 0; lay && t < sc.n_layers; t++) {
        gl_matrix_free(&lay[t].m);
        merkle_free(&lay[t].t);
    }
    free(ro), free(lay), free(qi);
    return rc;
}
