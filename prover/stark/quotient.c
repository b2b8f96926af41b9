/* quotient.c — the prover's quotient polynomials and out-of-domain openings.
 * One Q per height (all chips of 2^lh rows):
 * Q = [sum_all + (x - w^-1) sum_trans] / (x^n - 1) + sum_first / (x - 1)
 *     + sum_last / (x - w^-1), each sum = sum_k alpha^k C_k over the
 * constraints of all the height's chips (powers continue from chip to chip),
 * evaluated on the coset shift * H_(n*qf) (a sub-coset of the LDE, qf for the
 * chip of highest degree), interpolated and split into qf chunks of n
 * coefficients: Q = sum_c x^(cn) Q_c.
 * Invariant: stark_verify recomputes the same combination at zeta. */
#include <stdlib.h>
#include <string.h>

#include "core_buf.h"
#include "prove_int.h"

/* Points src at chip i's columns inside the committed LDE matrices. */
static void lde_src(const pv_state *s, size_t i, air_src *src)
{
    const stark_layout *L = &s->L;
    size_t g;
    if ((g = L->chip_group[ST_MAIN][i]) != SIZE_MAX) {
        src->main = s->trees[ST_MAIN][g].lde.data;
        src->main_stride = L->group_width[ST_MAIN][g];
        src->main_off = L->chip_off[ST_MAIN][i];
    }
    if ((g = L->chip_group[ST_FIXED][i]) != SIZE_MAX) {
        src->fixed = s->trees[ST_FIXED][g].lde.data;
        src->fixed_stride = L->group_width[ST_FIXED][g];
        src->fixed_off = L->chip_off[ST_FIXED][i];
    }
    if ((g = L->chip_group[ST_AUX][i]) != SIZE_MAX) {
        src->aux = s->trees[ST_AUX][g].lde.data;
        src->aux_stride = L->group_width[ST_AUX][g];
        src->aux_off = L->chip_off[ST_AUX][i];
    }
}

/* The constraints regrouped for the combination loop: per kind (when), the
 * scratch offsets and alpha powers of base constraints, then ext ones. */
typedef struct comb_plan {
    size_t n[4], n_ext[4];
    size_t *off[4];
    glx_t *ap[4];
} comb_plan;

static void plan_free(comb_plan *pl)
{
    for (int w = 0; w < 4; w++)
        free(pl->off[w]), free(pl->ap[w]);
}

static int plan_build(const air_chip *c, const glx_t *apow, comb_plan *pl)
{
    memset(pl, 0, sizeof *pl);
    for (int w = 0; w < 4; w++) {
        pl->off[w] = malloc((c->n_cons + 1) * sizeof(size_t));
        pl->ap[w] = malloc((c->n_cons + 1) * sizeof(glx_t));
        if (!pl->off[w] || !pl->ap[w])
            return -1;
    }
    for (int ext = 0; ext < 2; ext++)
        for (size_t k = 0; k < c->n_cons; k++) {
            const air_constraint *cs = &c->cons[k];
            if (c->nodes[cs->e].ext != ext)
                continue;
            size_t j = pl->n[cs->when] + pl->n_ext[cs->when];
            pl->off[cs->when][j] = AIR_NODE_OFF(c)[cs->e];
            pl->ap[cs->when][j] = apow[k];
            if (ext)
                pl->n_ext[cs->when]++;
            else
                pl->n[cs->when]++;
        }
    return 0;
}

/* acc[w] = sum of alpha^k C_k(row t of the block) over constraints of kind w;
 * base-field constraints use lazy 128-bit accumulation in registers. */
static void combine(const comb_plan *pl, const gl_t *scr, size_t t, glx_t acc[4])
{
    for (int w = 0; w < 4; w++) {
        gl_acc la[GLX_D] = {{0, 0}};
        const size_t *off = pl->off[w];
        const glx_t *ap = pl->ap[w];
        size_t nb = pl->n[w], j = 0;
        for (; j < nb; j++) {
            gl_t v = scr[off[j] + t];
            for (int d = 0; d < GLX_D; d++)
                gl_acc_mul_add(&la[d], glx_c(ap[j])[d], v);
        }
        glx_t x;
        for (int d = 0; d < GLX_D; d++)
            glx_c(x)[d] = gl_acc_get(&la[d]);
        for (; j < nb + pl->n_ext[w]; j++)
            x = glx_add(x, glx_mul(ap[j], ((const glx_t *)(scr + off[j]))[t]));
        acc[w] = x;
    }
}

/* The quotient domain of one height group: shift * H_(n * qf) and the
 * selector inverses on it, shared by the group's chips. */
typedef struct qdom {
    unsigned lh, lq;
    size_t n, nq, qf;
    gl_t wq, w_inv, zh_inv[16];
    gl_t *inv_first, *inv_last;
} qdom;

static int qdom_init(qdom *d, unsigned lh, unsigned lq)
{
    *d = (qdom){.lh = lh, .lq = lq, .n = (size_t)1 << lh, .nq = (size_t)1 << (lh + lq),
                .qf = (size_t)1 << lq, .wq = gl_root_of_unity(lh + lq),
                .w_inv = gl_inv(gl_root_of_unity(lh))};
    d->inv_first = malloc(d->nq * sizeof(gl_t));
    d->inv_last = malloc(d->nq * sizeof(gl_t));
    if (!d->inv_first || !d->inv_last)
        return -1;
    gl_t shift = stark_lde_shift(), sn = gl_pow(shift, d->n), wqf = gl_root_of_unity(lq);
    for (size_t k = 0; k < d->qf; k++)
        d->zh_inv[k] = gl_inv(gl_sub(gl_mul(sn, gl_pow(wqf, k)), 1));
    #pragma omp parallel for schedule(static)
    for (size_t j0 = 0; j0 < d->nq; j0 += 4096) {
        gl_t x = gl_mul(shift, gl_pow(d->wq, j0));
        for (size_t j = j0; j < j0 + 4096 && j < d->nq; j++, x = gl_mul(x, d->wq)) {
            d->inv_first[j] = gl_sub(x, 1);
            d->inv_last[j] = gl_sub(x, d->w_inv);
        }
    }
    gl_batch_inv(d->inv_first, d->inv_first, d->nq);
    gl_batch_inv(d->inv_last, d->inv_last, d->nq);
    return 0;
}

static void qdom_free(qdom *d) { free(d->inv_first), free(d->inv_last); }

/* Adds chip i's part of its group's quotient on the domain d, as evaluations
 * sum_e qe[e] X^e; its constraint k has weight a0 * alpha^k. */
static int quotient_evals(pv_state *s, size_t i, const qdom *d, glx_t a0, gl_t *const *qe,
                          uvm_err *err)
{
    const air_chip *c = s->sys->chips[i];
    unsigned lb = s->P.log_blowup;
    size_t nq = d->nq, qf = d->qf;
    gl_t shift = stark_lde_shift();
    glx_t *apow = malloc((c->n_cons + 1) * sizeof(glx_t));
    comb_plan pl;
    if (apow) {
        apow[0] = a0;
        for (size_t k = 1; k <= c->n_cons; k++)
            apow[k] = glx_mul(apow[k - 1], s->alpha);
    }
    if (!apow || plan_build(c, apow, &pl)) {
        if (apow)
            plan_free(&pl);
        free(apow);
        return uvm_errf(err, "prove: %s: out of memory (quotient)", c->name);
    }
    air_src src = {.n = d->n << lb, .step = (size_t)1 << (lb - d->lq), .next = (size_t)1 << lb,
                   .pub = s->pub, .chal = {s->chal[0], s->chal[1]}, .sum = s->sums[i]};
    lde_src(s, i, &src);
    int oom = 0;
    #pragma omp parallel
    {
        gl_t *scr = malloc((AIR_SCRATCH_LEN(c) + 1) * sizeof *scr);
        int warm = 0;
        if (!scr) {
            #pragma omp atomic write
            oom = 1;
        }
        #pragma omp for schedule(dynamic, 4)
        for (size_t j0 = 0; j0 < nq; j0 += AIR_BLOCK) {
            if (!scr)
                continue;
            size_t cnt = nq - j0 < AIR_BLOCK ? nq - j0 : AIR_BLOCK;
            air_eval_block_warm(c, &src, j0, cnt, warm, scr);
            warm = 1;
            gl_t x = gl_mul(shift, gl_pow(d->wq, j0));
            for (size_t t = 0; t < cnt; t++, x = gl_mul(x, d->wq)) {
                glx_t acc[4];
                combine(&pl, scr, t, acc);
                size_t j = j0 + t;
                glx_t q = glx_add(acc[AIR_ALL_ROWS], glx_mul_base(acc[AIR_TRANSITION], gl_sub(x, d->w_inv)));
                q = glx_mul_base(q, d->zh_inv[j & (qf - 1)]);
                q = glx_add(q, glx_mul_base(acc[AIR_FIRST_ROW], d->inv_first[j]));
                q = glx_add(q, glx_mul_base(acc[AIR_LAST_ROW], d->inv_last[j]));
                for (int e = 0; e < GLX_D; e++)
                    qe[e][j] = gl_add(qe[e][j], glx_c(q)[e]);
            }
        }
        free(scr);
    }
    plan_free(&pl);
    free(apow);
    if (oom)
        return uvm_errf(err, "prove: %s: out of memory (quotient scratch)", c->name);
    return 0;
}

/* The quotient of quotient group g (one height): the sum of its chips' parts,
 * alpha powers continuing in chip order, interpolated into s->qcoef[lead] of
 * the chip carrying it: column GLX_D c + e holds the n coefficients of the
 * X^e part of chunk c. */
static int quotient_group(pv_state *s, size_t g, uvm_err *err)
{
    const stark_layout *L = &s->L;
    size_t lead = 0;
    while (L->chip_group[ST_QUOT][lead] != g)
        lead++;
    unsigned lh = L->group_log_h[ST_QUOT][g];
    unsigned lq = stark_log2_ceil((unsigned)(L->group_width[ST_QUOT][g] / GLX_D));
    qdom d;
    int rc = qdom_init(&d, lh, lq), oom = 0;
    gl_t *qe[GLX_D];
    for (int e = 0; e < GLX_D; e++)
        oom |= !(qe[e] = core_buf_alloc(d.nq * sizeof(gl_t), 1));
    s->qcoef[lead] = malloc(GLX_D * d.nq * sizeof(gl_t));
    if (rc || oom || !s->qcoef[lead]) {
        qdom_free(&d);
        for (int e = 0; e < GLX_D; e++)
            core_buf_free(qe[e]);
        return uvm_errf(err, "prove: %s: out of memory (quotient)", s->sys->chips[lead]->name);
    }
    glx_t a0 = glx_from_base(1);
    for (size_t i = lead; !rc && i < L->n_chips; i++) {
        if (L->log_h[i] != lh)
            continue;
        rc = quotient_evals(s, i, &d, a0, qe, err);
        a0 = glx_mul(a0, glx_pow(s->alpha, s->sys->chips[i]->n_cons));
    }
    if (!rc) {
        gl_t shift = stark_lde_shift();
        for (int e = 0; e < GLX_D; e++)
            ntt_coset_inverse(qe[e], lh + lq, shift);
        for (size_t ch = 0; ch < d.qf; ch++)
            for (int e = 0; e < GLX_D; e++)
                memcpy(s->qcoef[lead] + (GLX_D * ch + e) * d.n, qe[e] + ch * d.n, d.n * sizeof(gl_t));
    }
    qdom_free(&d);
    for (int e = 0; e < GLX_D; e++)
        core_buf_free(qe[e]);
    return rc;
}

/* LDE of the quotient chunks of every chip in group g (the stage's mixed
 * tree is built once all groups have theirs: pv_commit_mixed). */
static int quotient_commit(pv_state *s, size_t g, uvm_err *err)
{
    const stark_layout *L = &s->L;
    unsigned lh = L->group_log_h[ST_QUOT][g], l = lh + s->P.log_blowup;
    size_t n = (size_t)1 << lh, N = (size_t)1 << l, w = L->group_width[ST_QUOT][g];
    pv_tree *t = &s->trees[ST_QUOT][g];
    double t0 = pv_now(s->tm);
    if (gl_matrix_alloc_uninit(&t->lde, N, w)) /* the chips' columns tile it */
        return uvm_errf(err, "prove: out of memory (quotient LDE)");
    gl_t shift = stark_lde_shift();
    int oom = 0;
    for (size_t i = 0; i < L->n_chips; i++) {
        if (L->chip_group[ST_QUOT][i] != g)
            continue;
        size_t off = L->chip_off[ST_QUOT][i], nc = stark_stage_width(s->sys->chips[i], ST_QUOT);
        #pragma omp parallel for schedule(dynamic, 1)
        for (size_t col = 0; col < nc; col++) {
            gl_t *tmp = core_buf_alloc(N * sizeof(gl_t), 0);
            if (!tmp) {
                #pragma omp atomic write
                oom = 1;
                continue;
            }
            memcpy(tmp, s->qcoef[i] + col * n, n * sizeof(gl_t));
            memset(tmp + n, 0, (N - n) * sizeof(gl_t)); /* coefficients past n are zero */
            ntt_coset_forward(tmp, l, shift);
            for (size_t r = 0; r < N; r++)
                t->lde.data[r * w + off + col] = tmp[r];
            core_buf_free(tmp);
        }
    }
    if (oom)
        return uvm_errf(err, "prove: out of memory (quotient LDE)");
    s->tm->lde += pv_now(s->tm) - t0;
    return 0;
}

int pv_quotients(pv_state *s, uvm_err *err)
{
    double t0 = pv_now(s->tm);
    for (size_t g = 0; g < s->L.n_groups[ST_QUOT]; g++)
        if (quotient_group(s, g, err))
            return -1;
    s->tm->quotient += pv_now(s->tm) - t0;
    s->trees[ST_QUOT] = calloc(s->L.n_groups[ST_QUOT] + 1, sizeof(pv_tree));
    if (!s->trees[ST_QUOT])
        return uvm_errf(err, "prove: out of memory");
    for (size_t g = 0; g < s->L.n_groups[ST_QUOT]; g++)
        if (quotient_commit(s, g, err))
            return -1;
    return 0;
}

/* Barycentric evaluation of the columns of m (n rows) at z and z*w:
 * f(z) = sum_i f_i L_i(z), f(z w) = sum_i f_(i+1) L_i(z),
 * L_i(z) = (z^n - 1)/n * w^i / (z - w^i). */
static int bary(const gl_matrix *m, const glx_t *lw, glx_t *cur, glx_t *next)
{
    size_t n = m->rows, w = m->cols;
    if (!w)
        return 0;
    int oom = 0;
    memset(cur, 0, w * sizeof *cur);
    memset(next, 0, w * sizeof *next);
    #pragma omp parallel
    {
        gl_acc *ac = calloc(2 * GLX_D * w, sizeof *ac);
        if (!ac) {
            #pragma omp atomic write
            oom = 1;
        }
        #pragma omp for schedule(static)
        for (size_t r = 0; r < n; r++) {
            if (!ac)
                continue;
            const gl_t *row = m->data + r * w;
            glx_t lc = lw[r], ln = lw[(r + n - 1) & (n - 1)];
            for (size_t k = 0; k < w; k++)
                for (int e = 0; e < GLX_D; e++) {
                    gl_acc_mul_add(&ac[2 * GLX_D * k + e], glx_c(lc)[e], row[k]);
                    gl_acc_mul_add(&ac[2 * GLX_D * k + GLX_D + e], glx_c(ln)[e], row[k]);
                }
        }
        #pragma omp critical
        if (ac)
            for (size_t k = 0; k < w; k++) {
                glx_t vc, vn;
                for (int e = 0; e < GLX_D; e++) {
                    glx_c(vc)[e] = gl_acc_get(&ac[2 * GLX_D * k + e]);
                    glx_c(vn)[e] = gl_acc_get(&ac[2 * GLX_D * k + GLX_D + e]);
                }
                cur[k] = glx_add(cur[k], vc);
                next[k] = glx_add(next[k], vn);
            }
        free(ac);
    }
    return oom ? -1 : 0;
}

#define OOD_CHUNK 4096

/* lw[r] = L_r(zeta) = (zeta^n - 1)/n * w^r / (zeta - w^r), n = 2^lh, in
 * parallel chunks (each starts its powers of w afresh: exact arithmetic, so
 * the same values as one sequential pass). */
static void bary_weights(glx_t *lw, unsigned lh, glx_t zeta)
{
    size_t n = (size_t)1 << lh;
    gl_t w = gl_root_of_unity(lh);
    glx_t k = glx_mul_base(glx_sub(glx_pow(zeta, n), glx_from_base(1)), gl_inv((gl_t)n));
    #pragma omp parallel for schedule(static) if (n > OOD_CHUNK)
    for (size_t r0 = 0; r0 < n; r0 += OOD_CHUNK) {
        size_t r1 = r0 + OOD_CHUNK < n ? r0 + OOD_CHUNK : n;
        gl_t w0 = gl_pow(w, r0), wi = w0;
        for (size_t r = r0; r < r1; r++, wi = gl_mul(wi, w))
            lw[r] = glx_sub(zeta, glx_from_base(wi));
        glx_batch_inv(lw + r0, lw + r0, r1 - r0);
        wi = w0;
        for (size_t r = r0; r < r1; r++, wi = gl_mul(wi, w))
            lw[r] = glx_mul(glx_mul_base(lw[r], wi), k);
    }
}

/* sum_r cf[r] z^r: Horner per chunk in parallel, the chunks combined with
 * z^(chunk start) in order (was one Horner chain over n, the OOD phase's
 * serial part). */
static glx_t poly_eval_par(const gl_t *cf, size_t n, glx_t z)
{
    size_t csz = n / 64 > OOD_CHUNK ? n / 64 : OOD_CHUNK, nch = (n + csz - 1) / csz; /* <= 64 */
    glx_t part[64], zc = glx_pow(z, csz);
    #pragma omp parallel for schedule(static) if (nch > 1)
    for (size_t ch = 0; ch < nch; ch++) {
        size_t r0 = ch * csz, r1 = r0 + csz < n ? r0 + csz : n;
        glx_t acc = glx_from_base(0);
        for (size_t r = r1; r-- > r0;)
            acc = glx_add(glx_mul(acc, z), glx_from_base(cf[r]));
        part[ch] = acc;
    }
    glx_t acc = glx_from_base(0);
    for (size_t ch = nch; ch-- > 0;)
        acc = glx_add(glx_mul(acc, zc), part[ch]);
    return acc;
}

static int ood_chip(pv_state *s, size_t i, glx_t *out, uvm_err *err)
{
    const air_chip *c = s->sys->chips[i];
    unsigned lh = s->L.log_h[i];
    size_t n = (size_t)1 << lh;
    glx_t *lw = malloc(n * sizeof *lw);
    if (!lw)
        return uvm_errf(err, "prove: out of memory (openings)");
    bary_weights(lw, lh, s->zeta);
    const gl_matrix *mats[3] = {&s->fixed[i], &s->main[i], &s->aux[i]};
    int rc = 0;
    for (int st = 0; st < 3 && !rc; st++) {
        size_t wd = stark_stage_width(c, st);
        if (wd && bary(mats[st], lw, out, out + wd))
            rc = uvm_errf(err, "prove: out of memory (openings)");
        out += 2 * wd;
    }
    free(lw);
    for (size_t col = 0; !rc && col < stark_stage_width(c, ST_QUOT); col++)
        out[col] = poly_eval_par(s->qcoef[i] + col * n, n, s->zeta);
    return rc;
}

int pv_ood(pv_state *s, uvm_err *err)
{
    size_t tot = 0;
    for (size_t i = 0; i < s->L.n_chips; i++)
        tot += stark_chip_n_ood(s->sys->chips[i]);
    s->ood = malloc(tot * sizeof *s->ood);
    if (!s->ood)
        return uvm_errf(err, "prove: out of memory (openings)");
    s->n_ood = tot;
    glx_t *p = s->ood;
    for (size_t i = 0; i < s->L.n_chips; i++) {
        if (ood_chip(s, i, p, err))
            return -1;
        p += stark_chip_n_ood(s->sys->chips[i]);
    }
    return 0;
}
