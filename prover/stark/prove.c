/* prove.c — the prover's phases: checks, preprocessed/main commitments, LogUp
 * aux trace, then quotient, out-of-domain openings and FRI (other files).
 * Invariant: the transcript absorbs each commitment before any challenge
 * that depends on it is drawn, in the order stark_verify replays. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core_buf.h"
#include "prove_int.h"

double pv_now(const stark_timings *tm)
{
    struct timespec ts;
    clock_gettime(tm && tm->cpu_time ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* LDE of one group matrix; its own Merkle tree only for the fixed stage
 * (whose per-group roots the verifier knows); other stages share one mixed
 * tree (pv_commit_mixed). */
int pv_commit_matrix(pv_state *s, const gl_matrix *trace, pv_tree *t, int own_tree, uvm_err *err)
{
    double t0 = pv_now(s->tm);
    if (ntt_lde(trace, s->P.log_blowup, stark_lde_shift(), &t->lde))
        return uvm_errf(err, "prove: out of memory (LDE of %zu x %zu)", trace->rows, trace->cols);
    double t1 = pv_now(s->tm);
    s->tm->lde += t1 - t0;
    if (own_tree && merkle_commit(&t->mt, s->h, &t->lde))
        return uvm_errf(err, "prove: out of memory (Merkle tree of %zu rows)", t->lde.rows);
    s->tm->commit += pv_now(s->tm) - t1;
    return 0;
}

int pv_commit_mixed(pv_state *s, int st, hash_digest *root, uvm_err *err)
{
    size_t ng = s->L.n_groups[st];
    const gl_matrix *mats[64];
    if (ng == 0)
        return 0;
    if (ng > 64)
        return uvm_errf(err, "prove: %zu heights in one stage (max 64)", ng);
    double t0 = pv_now(s->tm);
    for (size_t g = 0; g < ng; g++)
        mats[g] = &s->trees[st][g].lde;
    if (merkle_commit_mixed(&s->trees[st][0].mt, s->h, mats, ng))
        return uvm_errf(err, "prove: out of memory (mixed Merkle tree of %zu rows)", mats[0]->rows);
    *root = merkle_root(&s->trees[st][0].mt);
    s->tm->commit += pv_now(s->tm) - t0;
    return 0;
}

/* Concatenates the stage's columns of every chip in group g into one trace. */
static int group_trace(pv_state *s, int st, size_t g, gl_matrix *out, uvm_err *err)
{
    const stark_layout *L = &s->L;
    size_t n = (size_t)1 << L->group_log_h[st][g];
    if (gl_matrix_alloc_uninit(out, n, L->group_width[st][g])) /* chips tile the width */
        return uvm_errf(err, "prove: out of memory (trace group)");
    for (size_t i = 0; i < L->n_chips; i++) {
        if (L->chip_group[st][i] != g)
            continue;
        const gl_matrix *m = st == ST_FIXED ? &s->fixed[i] : st == ST_MAIN ? &s->main[i] : &s->aux[i];
        size_t off = L->chip_off[st][i];
        for (size_t r = 0; r < n; r++)
            memcpy(out->data + r * out->cols + off, m->data + r * m->cols, m->cols * sizeof(gl_t));
    }
    return 0;
}

/* The group's only chip's matrix, when the group is exactly one chip (no
 * copy needed: traces up to 2^22 x 100 are gigabytes). */
static const gl_matrix *single_chip(pv_state *s, int st, size_t g)
{
    const gl_matrix *only = NULL;
    for (size_t i = 0; i < s->L.n_chips; i++) {
        if (s->L.chip_group[st][i] != g)
            continue;
        if (only)
            return NULL;
        only = st == ST_FIXED ? &s->fixed[i] : st == ST_MAIN ? &s->main[i] : &s->aux[i];
    }
    return only && only->cols == s->L.group_width[st][g] ? only : NULL;
}

/* Commits stage st: the fixed stage one tree per group (roots not sent),
 * the others one mixed tree (*roots gets 1 digest, or none without groups). */
static int commit_stage(pv_state *s, int st, hash_digest **roots, uint32_t *n_roots, uvm_err *err)
{
    size_t ng = s->L.n_groups[st];
    int own = !stark_stage_mixed(st);
    s->trees[st] = calloc(ng ? ng : 1, sizeof(pv_tree));
    hash_digest *r = calloc(ng ? ng : 1, sizeof *r);
    if (!s->trees[st] || !r) {
        free(r);
        return uvm_errf(err, "prove: out of memory");
    }
    for (size_t g = 0; g < ng; g++) {
        gl_matrix tr = {0};
        const gl_matrix *src = single_chip(s, st, g);
        int rc = src ? 0 : group_trace(s, st, g, &tr, err);
        if (!rc)
            rc = pv_commit_matrix(s, src ? src : &tr, &s->trees[st][g], own, err);
        gl_matrix_free(&tr);
        if (rc) {
            free(r);
            return -1;
        }
        if (own)
            r[g] = merkle_root(&s->trees[st][g].mt);
    }
    size_t nr = own ? ng : ng > 0;
    if (!own && pv_commit_mixed(s, st, &r[0], err)) {
        free(r);
        return -1;
    }
    tr_absorb_digests(&s->tr, r, nr);
    if (roots) {
        *roots = r;
        *n_roots = (uint32_t)nr;
    } else {
        free(r);
    }
    return 0;
}

#define LU_CHUNK 1024 /* rows per task; <= 65536 (invert_used's uint16_t) */

/* For one interaction over a block of cnt rows: den[t] = gamma - fp(t),
 * fp = (bus + 1) + sum_j beta^(j+1) v_j (each coefficient a lazy dot
 * product), and the signed multiplicity. The value columns are located once
 * per block (the stores could alias the offset tables, so the compiler would
 * reload them per row). */
static void fingerprints(const air_chip *c, const air_inter *it, const gl_t *scr, size_t cnt,
                         const glx_t *pw, glx_t gamma, glx_t *restrict den, gl_t *restrict mult)
{
    const gl_t *vp[AIR_MAX_TUPLE];
    size_t nv = it->n_vals;
    for (size_t j = 0; j < nv; j++)
        vp[j] = air_blk_base(c, scr, it->vals[j]);
    const gl_t *mp = air_blk_base(c, scr, it->mult);
    gl_t bus1 = (gl_t)it->bus + 1;
    for (size_t t = 0; t < cnt; t++) {
        gl_acc la[GLX_D] = {{0, 0}};
        for (size_t j = 0; j < nv; j++)
            for (int d = 0; d < GLX_D; d++)
                gl_acc_mul_add(&la[d], glx_c(pw[j])[d], vp[j][t]);
        glx_t fp;
        for (int d = 0; d < GLX_D; d++)
            glx_c(fp)[d] = gl_acc_get(&la[d]);
        den[t] = glx_sub(gamma, glx_add_base(fp, bus1));
        mult[t] = it->send ? mp[t] : gl_neg(mp[t]);
    }
}

/* den[t] = 1 / den[t] where mult[t] != 0; where mult[t] == 0 (padding rows,
 * inactive lookups) den[t] is left as is: its term mult/den is zero either
 * way, so only the used rows pay for the batch inversion. */
static void invert_used(glx_t *den, const gl_t *mult, size_t cnt)
{
    glx_t used[LU_CHUNK];
    uint16_t at[LU_CHUNK];
    size_t nu = 0;
    for (size_t t = 0; t < cnt; t++)
        if (mult[t]) {
            used[nu] = den[t];
            at[nu++] = (uint16_t)t;
        }
    if (nu == cnt) {
        glx_batch_inv(den, den, cnt);
        return;
    }
    glx_batch_inv(used, used, nu);
    for (size_t u = 0; u < nu; u++)
        den[at[u]] = used[u];
}

/* Rows [r0, r0 + cnt) of chip i's LogUp helper columns: every interaction's
 * gamma - fp and signed multiplicity from one DAG pass per block, one batch
 * inversion per interaction; returns the chunk's sum of all h_g. */
static glx_t logup_chunk(pv_state *s, size_t i, size_t r0, size_t cnt, glx_t *den, gl_t *mult,
                         gl_t *scr)
{
    const air_chip *c = s->sys->chips[i];
    size_t ni = c->n_inter;
    gl_matrix *A = &s->aux[i];
    air_src src = {.main = s->main[i].data, .main_stride = c->n_main, .fixed = s->fixed[i].data,
                   .fixed_stride = c->n_fixed, .n = s->main[i].rows, .step = 1, .next = 1, .pub = s->pub};
    glx_t gamma = s->chal[AIR_CHAL_GAMMA], pw[AIR_MAX_TUPLE]; /* pw[j] = beta^(j+1) */
    for (size_t j = 0; j < AIR_MAX_TUPLE; j++)
        pw[j] = j ? glx_mul(pw[j - 1], s->chal[AIR_CHAL_BETA]) : s->chal[AIR_CHAL_BETA];
    for (size_t j0 = 0; j0 < cnt; j0 += AIR_BLOCK) {
        size_t bc = cnt - j0 < AIR_BLOCK ? cnt - j0 : AIR_BLOCK;
        air_eval_block(c, &src, r0 + j0, bc, c->inter_mask, scr);
        for (size_t k = 0; k < ni; k++)
            fingerprints(c, &c->inter[k], scr, bc, pw, gamma, den + k * LU_CHUNK + j0,
                         mult + k * LU_CHUNK + j0);
    }
    glx_t tot = glx_from_base(0);
    for (size_t k = 0; k < ni; k++)
        invert_used(den + k * LU_CHUNK, mult + k * LU_CHUNK, cnt);
    for (size_t g = 0; g < c->n_lu; g++)
        for (size_t r = 0; r < cnt; r++) {
            glx_t h = glx_from_base(0);
            for (size_t k = c->lu_first[g]; k < c->lu_first[g + 1]; k++)
                h = glx_add(h, glx_mul_base(den[k * LU_CHUNK + r], mult[k * LU_CHUNK + r]));
            glx_store(A->data + (r0 + r) * A->cols + GLX_D * g, h);
            tot = glx_add(tot, h);
        }
    return tot;
}

/* LogUp aux trace of chip i: h_g = sum over group g of +-m / (gamma - fp);
 * last column the running sum. Parallel over chunks of rows; the running sum
 * is a prefix over per-chunk totals. */
static int logup_trace(pv_state *s, size_t i, uvm_err *err)
{
    const air_chip *c = s->sys->chips[i];
    size_t n = s->main[i].rows, ng = c->n_lu, nch = (n + LU_CHUNK - 1) / LU_CHUNK;
    gl_matrix *A = &s->aux[i];
    glx_t *ctot = malloc(nch * sizeof *ctot);
    if (!ctot || gl_matrix_alloc_uninit(A, n, GLX_D * (size_t)c->n_aux)) { /* all written */
        free(ctot);
        return uvm_errf(err, "prove: %s: out of memory (LogUp trace)", c->name);
    }
    int oom = 0;
    #pragma omp parallel
    {
        glx_t *den = malloc(c->n_inter * LU_CHUNK * sizeof *den);
        gl_t *mult = malloc(c->n_inter * LU_CHUNK * sizeof *mult);
        gl_t *scr = malloc((AIR_SCRATCH_LEN(c) + 1) * sizeof *scr);
        if (!den || !mult || !scr) {
            #pragma omp atomic write
            oom = 1;
        }
        #pragma omp for schedule(dynamic, 1)
        for (size_t ch = 0; ch < nch; ch++) {
            size_t r0 = ch * LU_CHUNK, cnt = n - r0 < LU_CHUNK ? n - r0 : LU_CHUNK;
            if (den && mult && scr)
                ctot[ch] = logup_chunk(s, i, r0, cnt, den, mult, scr);
        }
        free(den), free(mult), free(scr);
    }
    if (oom) {
        free(ctot);
        return uvm_errf(err, "prove: %s: out of memory (LogUp)", c->name);
    }
    glx_t run = glx_from_base(0);
    for (size_t ch = 0; ch < nch; ch++) {
        glx_t t = ctot[ch];
        ctot[ch] = run; /* sum of all earlier chunks */
        run = glx_add(run, t);
    }
    #pragma omp parallel for schedule(static)
    for (size_t ch = 0; ch < nch; ch++) {
        glx_t sum = ctot[ch];
        for (size_t r = ch * LU_CHUNK; r < n && r < (ch + 1) * LU_CHUNK; r++) {
            gl_t *row = A->data + r * A->cols;
            for (size_t g = 0; g < ng; g++)
                sum = glx_add(sum, glx_load(row + GLX_D * g));
            glx_store(row + GLX_D * ng, sum);
        }
    }
    s->sums[i] = run;
    free(ctot);
    return 0;
}

static int check_inputs(const air_system *sys, size_t n_pub, const gl_matrix *traces,
                        const stark_prove_opts *o, uint32_t *log_h, uvm_err *err)
{
    if (!sys->finalized || sys->failed)
        return uvm_errf(err, "prove: system not finalized");
    if (n_pub != sys->n_public)
        return uvm_errf(err, "prove: %zu public inputs, system takes %zu", n_pub, sys->n_public);
    if (stark_params_check(&o->params, 0, err))
        return -1;
    if (!hash_get(o->hash))
        return uvm_errf(err, "prove: unknown hash kind %d", (int)o->hash);
    unsigned min_log = o->params.log_final > 1 ? o->params.log_final : 1;
    for (size_t i = 0; i < sys->n_chips; i++) {
        const air_chip *c = sys->chips[i];
        const gl_matrix *m = &traces[i];
        unsigned l = stark_log2_ceil((unsigned)(m->rows ? m->rows : 1));
        if (m->rows == 0 || m->rows != ((size_t)1 << l) || m->rows > ((size_t)1 << STARK_MAX_LOG_HEIGHT))
            return uvm_errf(err, "prove: %s: trace height %zu is not a power of two <= 2^%d",
                            c->name, m->rows, STARK_MAX_LOG_HEIGHT);
        if (l < min_log)
            return uvm_errf(err, "prove: %s: trace height 2^%u below minimum 2^%u", c->name, l, min_log);
        if (m->cols != c->n_main || (c->n_main && !m->data))
            return uvm_errf(err, "prove: %s: trace has %zu columns, chip has %u", c->name, m->cols, c->n_main);
        for (size_t k = 0; k < m->rows * m->cols; k++)
            if (m->data[k] >= GL_P)
                return uvm_errf(err, "prove: %s: trace value at row %zu column %zu is not canonical",
                                c->name, k / m->cols, k % m->cols);
        if (c->log_qf > o->params.log_blowup)
            return uvm_errf(err, "prove: %s: constraint degree %u needs log_blowup >= %u", c->name,
                            c->max_deg, c->log_qf);
        log_h[i] = l;
    }
    return 0;
}

static int make_fixed(pv_state *s, uvm_err *err)
{
    for (size_t i = 0; i < s->sys->n_chips; i++) {
        const air_chip *c = s->sys->chips[i];
        if (!c->n_fixed)
            continue;
        if (c->fixed_fn(c->fixed_ctx, s->L.log_h[i], &s->fixed[i], err))
            return uvm_err_prefix(err, "prove: %s: fixed columns", c->name);
        if (s->fixed[i].rows != ((size_t)1 << s->L.log_h[i]) || s->fixed[i].cols != c->n_fixed)
            return uvm_errf(err, "prove: %s: fixed generator returned %zu x %zu", c->name,
                            s->fixed[i].rows, s->fixed[i].cols);
    }
    return 0;
}

static int check_balance(pv_state *s, uvm_err *err);

static int check_all(pv_state *s, int with_aux, uvm_err *err)
{
    for (size_t i = 0; i < s->sys->n_chips; i++) {
        const air_chip *c = s->sys->chips[i];
        if (air_check_rows(c, &s->main[i], &s->fixed[i], with_aux && c->n_aux ? &s->aux[i] : NULL,
                           s->pub, s->chal, s->sums[i], err))
            return -1;
    }
    return with_aux ? check_balance(s, err) : 0;
}

static int check_balance(pv_state *s, uvm_err *err)
{
    air_chal ch = glx_air_chal(s->chal[AIR_CHAL_BETA], s->chal[AIR_CHAL_GAMMA]);
    air_xe pub = {{0, 0, 0}};
    if (s->sys->pub_fn && s->sys->pub_fn(s->sys->pub_ctx, s->pub, s->sys->n_public, &ch, &pub, err))
        return uvm_err_prefix(err, "prove: public bus sum");
    glx_t tot = glx_load(pub.c);
    for (size_t i = 0; i < s->sys->n_chips; i++)
        tot = glx_add(tot, s->sums[i]);
    if (!glx_is_zero(tot))
        return uvm_errf(err, "prove: logup: bus sums do not balance");
    return 0;
}

static void free_state(pv_state *s)
{
    size_t n = s->sys->n_chips;
    for (size_t i = 0; i < n; i++) {
        if (s->fixed)
            gl_matrix_free(&s->fixed[i]);
        if (s->aux)
            gl_matrix_free(&s->aux[i]);
        if (s->qcoef)
            free(s->qcoef[i]);
    }
    for (int st = 0; st < ST_N; st++) {
        for (size_t g = 0; s->trees[st] && g < s->L.n_groups[st]; g++) {
            gl_matrix_free(&s->trees[st][g].lde);
            merkle_free(&s->trees[st][g].mt);
        }
        free(s->trees[st]);
    }
    free(s->fixed), free(s->aux), free(s->qcoef), free(s->sums), free(s->ood);
    stark_layout_free(&s->L);
    tr_free(&s->tr);
}

static int prove_phases(pv_state *s, const stark_prove_opts *o, stark_proof *out, stark_timings *tm,
                        uvm_err *err)
{
    if (make_fixed(s, err) || (o->check_rows && check_all(s, 0, err)))
        return -1;
    if (commit_stage(s, ST_FIXED, NULL, NULL, err)
        || commit_stage(s, ST_MAIN, &out->main_roots, &out->n_main_roots, err))
        return -1;
    double t1 = pv_now(s->tm);
    s->chal[AIR_CHAL_BETA] = tr_challenge(&s->tr);
    s->chal[AIR_CHAL_GAMMA] = tr_challenge(&s->tr);
    for (size_t i = 0; i < s->sys->n_chips; i++)
        if (s->sys->chips[i]->n_inter && logup_trace(s, i, err))
            return -1;
    if (o->check_rows && check_all(s, 1, err))
        return -1;
    if (!o->unchecked && check_balance(s, err))
        return -1;
    tm->logup += pv_now(s->tm) - t1;
    if (commit_stage(s, ST_AUX, &out->aux_roots, &out->n_aux_roots, err))
        return -1;
    tr_absorb_ext(&s->tr, s->sums, s->sys->n_chips);
    s->alpha = tr_challenge(&s->tr);
    if (pv_quotients(s, err))
        return -1;
    /* the LDE scratch and quotient temporaries are not reused from here on:
     * pooled, they would sit idle on top of FRI's peak */
    core_buf_trim();
    out->quot_roots = calloc(1, sizeof(hash_digest));
    if (!out->quot_roots)
        return uvm_errf(err, "prove: out of memory");
    if (pv_commit_mixed(s, ST_QUOT, &out->quot_roots[0], err))
        return -1;
    out->n_quot_roots = s->L.n_groups[ST_QUOT] > 0;
    tr_absorb_digests(&s->tr, out->quot_roots, out->n_quot_roots);
    s->zeta = tr_challenge(&s->tr);
    if (glx_in_base(s->zeta))
        return uvm_errf(err, "prove: zeta fell in the base field (retry)");
    double t3 = pv_now(s->tm);
    if (pv_ood(s, err))
        return -1;
    tm->ood += pv_now(s->tm) - t3;
    if (!o->unchecked
        && stark_ood_check(s->sys, &s->L, s->ood, s->pub, s->chal, s->sums, s->alpha, s->zeta, err))
        return uvm_err_prefix(err, "prove: constraints do not hold (prove with check_rows to name the row)");
    tr_absorb_ext(&s->tr, s->ood, s->n_ood);
    return pv_fri(s, out, tm, err);
}

int stark_prove_x(const air_system *sys, const gl_t *pub, size_t n_pub, const gl_matrix *traces,
                  const stark_prove_opts *o, stark_proof *out, uvm_err *err)
{
    memset(out, 0, sizeof *out);
    size_t n = sys->n_chips;
    uint32_t *log_h = calloc(n ? n : 1, sizeof *log_h);
    if (!log_h)
        return uvm_errf(err, "prove: out of memory");
    if (check_inputs(sys, n_pub, traces, o, log_h, err)) {
        free(log_h);
        return -1;
    }
    stark_timings local = {0}, *tm = o->timings ? o->timings : &local;
    int cpu = tm->cpu_time;
    memset(tm, 0, sizeof *tm);
    tm->cpu_time = cpu;
    double t0 = pv_now(tm);
    pv_state s = {.sys = sys, .pub = pub, .P = o->params, .h = hash_get(o->hash), .main = traces,
                  .tm = tm};
    out->version = STARK_PROOF_VERSION;
    out->hash_kind = (uint32_t)o->hash;
    out->params = o->params;
    out->params.ext_degree = GLX_D;
    out->n_chips = (uint32_t)n;
    out->log_heights = log_h;
    int rc = stark_layout_build(&s.L, sys, log_h, o->params.log_blowup, GLX_D, err);
    if (rc)
        goto done;
    s.fixed = calloc(n, sizeof *s.fixed);
    s.aux = calloc(n, sizeof *s.aux);
    s.qcoef = calloc(n, sizeof *s.qcoef);
    s.sums = calloc(n, sizeof *s.sums);
    if (!s.fixed || !s.aux || !s.qcoef || !s.sums || tr_init(&s.tr, s.h, "uvm-stark-v1")) {
        rc = uvm_errf(err, "prove: out of memory");
        goto done;
    }
    stark_absorb_header(&s.tr, sys, &o->params, out->hash_kind, log_h, pub, n_pub);
    rc = prove_phases(&s, o, out, tm, err);
    if (!rc && s.tr.oom)
        rc = uvm_errf(err, "prove: out of memory (transcript)");
done:
    free_state(&s);
    core_buf_trim(); /* the next segment's witness and VM are not pooled */
    if (rc)
        stark_proof_free(out);
    tm->total = pv_now(tm) - t0;
    return rc;
}
