/* air_eval.c — evaluating a chip's constraint DAG over blocks of rows (the
 * prover's quotient and LogUp passes), at one point (the verifier at zeta),
 * the debug row-by-row check and the LogUp fingerprint term; per challenge
 * degree (stark_ext.h).
 * Invariant: base-field nodes are computed in the base field and only nodes
 * touching aux columns or challenges pay for extension arithmetic; the
 * per-node loops over a block's slots are gl_vec.h kernels (AVX2 or scalar,
 * the same values either way). */
#include <stdlib.h>
#include <string.h>

#include "gl_vec.h"
#include "stark_ext.h"

static void load_col(gl_t *out, const gl_t *m, size_t stride, size_t col, const size_t *rows, size_t cnt)
{
    for (size_t t = 0; t < cnt; t++)
        out[t] = m[rows[t] * stride + col];
}

static void load_aux(glx_t *out, const air_src *s, size_t col, const size_t *rows, size_t cnt)
{
    const gl_t *m = s->aux + s->aux_off + GLX_D * col;
    for (size_t t = 0; t < cnt; t++)
        out[t] = glx_load(m + rows[t] * s->aux_stride);
}

/* out = a (op) b over cnt slots, promoting base operands to the extension.
 * The operand kinds are dispatched once per node, not per slot: a base
 * operand only touches the constant coefficient (x + 0X), and base * ext is
 * GLX_D products. */
static void ext_op(int op, glx_t *out, const void *a, int ae, const void *b, int be, size_t cnt)
{
    const glx_t *xa = a, *xb = b;
    const gl_t *ba = a, *bb = b;
    if (op == AIR_OP_MUL) {
        if (!ae)
            glx_vec_mul_base(out, xb, ba, cnt);
        else if (!be)
            glx_vec_mul_base(out, xa, bb, cnt);
        else
            glx_vec_mul(out, xa, xb, cnt);
        return;
    }
    int sub = op == AIR_OP_SUB;
    if (ae && be) { /* all coefficients at once: GLX_D cnt base elements */
        if (sub)
            gl_vec_sub((gl_t *)out, (const gl_t *)xa, (const gl_t *)xb, GLX_D * cnt);
        else
            gl_vec_add((gl_t *)out, (const gl_t *)xa, (const gl_t *)xb, GLX_D * cnt);
    } else if (ae) {
        for (size_t t = 0; t < cnt; t++)
            out[t] = sub ? glx_sub_base(xa[t], bb[t]) : glx_add_base(xa[t], bb[t]);
    } else if (be) {
        for (size_t t = 0; t < cnt; t++)
            out[t] = sub ? glx_base_sub(ba[t], xb[t]) : glx_add_base(xb[t], ba[t]);
    } else {
        for (size_t t = 0; t < cnt; t++)
            out[t] = glx_from_base(sub ? gl_sub(ba[t], bb[t]) : gl_add(ba[t], bb[t]));
    }
}

static void eval_node(const air_chip *c, size_t i, const air_src *s, const size_t *rows,
                      const size_t *nrows, size_t cnt, gl_t *scr)
{
    const air_node *n = &c->nodes[i];
    gl_t *bo = scr + AIR_NODE_OFF(c)[i];
    glx_t *xo = (glx_t *)bo;
    const size_t *rr = n->next ? nrows : rows;
    switch ((air_op)n->op) {
    case AIR_OP_CONST:
        for (size_t t = 0; t < cnt; t++)
            bo[t] = n->c;
        return;
    case AIR_OP_MAIN: load_col(bo, s->main, s->main_stride, s->main_off + n->a, rr, cnt); return;
    case AIR_OP_FIXED: load_col(bo, s->fixed, s->fixed_stride, s->fixed_off + n->a, rr, cnt); return;
    case AIR_OP_AUX:
        if (s->aux)
            load_aux(xo, s, n->a, rr, cnt);
        else
            memset(xo, 0, cnt * sizeof *xo);
        return;
    case AIR_OP_PUB:
        for (size_t t = 0; t < cnt; t++)
            bo[t] = s->pub[n->a];
        return;
    case AIR_OP_CHAL:
    case AIR_OP_SUM: {
        glx_t v = n->op == AIR_OP_SUM ? s->sum : s->chal[n->a];
        for (size_t t = 0; t < cnt; t++)
            xo[t] = v;
        return;
    }
    case AIR_OP_NEG:
        if (n->ext) {
            const glx_t *a = (const glx_t *)(scr + AIR_NODE_OFF(c)[n->a]);
            for (size_t t = 0; t < cnt; t++)
                xo[t] = glx_neg(a[t]);
        } else {
            const gl_t *a = scr + AIR_NODE_OFF(c)[n->a];
            for (size_t t = 0; t < cnt; t++)
                bo[t] = gl_neg(a[t]);
        }
        return;
    default: break;
    }
    const void *a = scr + AIR_NODE_OFF(c)[n->a], *b = scr + AIR_NODE_OFF(c)[n->b];
    if (n->ext) {
        ext_op(n->op, xo, a, c->nodes[n->a].ext, b, c->nodes[n->b].ext, cnt);
        return;
    }
    if (n->op == AIR_OP_ADD)
        gl_vec_add(bo, a, b, cnt);
    else if (n->op == AIR_OP_SUB)
        gl_vec_sub(bo, a, b, cnt);
    else
        gl_vec_mul(bo, a, b, cnt);
}

void air_eval_block(const air_chip *c, const air_src *s, size_t j0, size_t cnt,
                    const uint8_t *mask, gl_t *scr)
{
    size_t rows[AIR_BLOCK], nrows[AIR_BLOCK];
    size_t m = s->n - 1;
    for (size_t t = 0; t < cnt; t++) {
        rows[t] = ((j0 + t) * s->step) & m;
        nrows[t] = (rows[t] + s->next) & m;
    }
    for (size_t i = 0; i < c->n_nodes; i++)
        if (!mask || mask[i])
            eval_node(c, i, s, rows, nrows, cnt, scr);
}

void air_eval_block_warm(const air_chip *c, const air_src *s, size_t j0, size_t cnt, int warm,
                         gl_t *scr)
{
    size_t rows[AIR_BLOCK], nrows[AIR_BLOCK];
    size_t m = s->n - 1;
    for (size_t t = 0; t < cnt; t++) {
        rows[t] = ((j0 + t) * s->step) & m;
        nrows[t] = (rows[t] + s->next) & m;
    }
    for (size_t i = 0; i < c->n_nodes; i++) {
        if (!c->invariant[i])
            eval_node(c, i, s, rows, nrows, cnt, scr);
        else if (!warm) /* leaves of invariant nodes read no rows */
            eval_node(c, i, s, rows, nrows, AIR_BLOCK, scr);
    }
}

static void row_ext(glx_t *out, const gl_matrix *m, size_t r, size_t n)
{
    for (size_t k = 0; k < n; k++)
        out[k] = glx_from_base(m->data[r * m->cols + k]);
}

static void row_aux(glx_t *out, const gl_matrix *m, size_t r, size_t n)
{
    for (size_t k = 0; k < n; k++)
        out[k] = glx_load(m->data + r * m->cols + GLX_D * k);
}

/* Constraints whose node is ext read aux columns or challenges: without aux
 * (before the LogUp trace exists) only the others are checked. */
int air_check_rows(const air_chip *c, const gl_matrix *main, const gl_matrix *fixed,
                   const gl_matrix *aux, const gl_t *pub, const glx_t *chal, glx_t sum, uvm_err *err)
{
    size_t n = main ? main->rows : fixed->rows;
    size_t w = c->n_main + c->n_fixed + c->n_aux;
    glx_t *buf = calloc(2 * w + c->n_nodes + 1, sizeof *buf);
    if (!buf)
        return uvm_errf(err, "check: %s: out of memory", c->name);
    glx_t *mc = buf, *mn = mc + c->n_main, *fc = mn + c->n_main, *fn = fc + c->n_fixed;
    glx_t *ac = fn + c->n_fixed, *an = ac + c->n_aux, *vals = an + c->n_aux;
    air_point pt = {mc, mn, fc, fn, ac, an, pub, {chal[0], chal[1]}, sum};
    int rc = 0;
    for (size_t r = 0; r < n && !rc; r++) {
        size_t rn = (r + 1) & (n - 1);
        if (c->n_main) {
            row_ext(mc, main, r, c->n_main);
            row_ext(mn, main, rn, c->n_main);
        }
        if (c->n_fixed) {
            row_ext(fc, fixed, r, c->n_fixed);
            row_ext(fn, fixed, rn, c->n_fixed);
        }
        if (aux) {
            row_aux(ac, aux, r, c->n_aux);
            row_aux(an, aux, rn, c->n_aux);
        }
        air_eval_point(c, &pt, vals);
        for (size_t k = 0; k < c->n_cons; k++) {
            const air_constraint *cs = &c->cons[k];
            if (!aux && c->nodes[cs->e].ext)
                continue;
            if ((cs->when == AIR_TRANSITION && r == n - 1) || (cs->when == AIR_FIRST_ROW && r != 0)
                || (cs->when == AIR_LAST_ROW && r != n - 1))
                continue;
            glx_t v = vals[cs->e];
            if (!glx_is_zero(v)) {
                rc = uvm_errf(err, "check: %s: violated at row %zu", cs->name, r);
                break;
            }
        }
    }
    free(buf);
    return rc;
}

/* mult / (gamma - fp), fp = (bus + 1) + sum_j beta^(j+1) vals[j] (Horner) */
air_xe air_logup_term_x(unsigned bus, const gl_t *vals, size_t n, gl_t mult, const air_chal *ch)
{
    glx_t beta = glx_load(ch->beta.c), gamma = glx_load(ch->gamma.c);
    glx_t acc = glx_from_base(0);
    for (size_t j = n; j-- > 0;)
        acc = glx_add(glx_from_base(vals[j]), glx_mul(beta, acc));
    glx_t fp = glx_add(glx_from_base((gl_t)bus + 1), glx_mul(beta, acc));
    air_xe out = {{0, 0, 0}};
    glx_store(out.c, glx_mul_base(glx_inv(glx_sub(gamma, fp)), mult));
    return out;
}

void air_eval_point(const air_chip *c, const air_point *pt, glx_t *v)
{
    for (size_t i = 0; i < c->n_nodes; i++) {
        const air_node *n = &c->nodes[i];
        switch ((air_op)n->op) {
        case AIR_OP_CONST: v[i] = glx_from_base(n->c); break;
        case AIR_OP_MAIN: v[i] = (n->next ? pt->main_next : pt->main_cur)[n->a]; break;
        case AIR_OP_FIXED: v[i] = (n->next ? pt->fixed_next : pt->fixed_cur)[n->a]; break;
        case AIR_OP_AUX: v[i] = (n->next ? pt->aux_next : pt->aux_cur)[n->a]; break;
        case AIR_OP_PUB: v[i] = glx_from_base(pt->pub[n->a]); break;
        case AIR_OP_CHAL: v[i] = pt->chal[n->a]; break;
        case AIR_OP_SUM: v[i] = pt->sum; break;
        case AIR_OP_ADD: v[i] = glx_add(v[n->a], v[n->b]); break;
        case AIR_OP_SUB: v[i] = glx_sub(v[n->a], v[n->b]); break;
        case AIR_OP_MUL: v[i] = glx_mul(v[n->a], v[n->b]); break;
        case AIR_OP_NEG: v[i] = glx_neg(v[n->a]); break;
        }
    }
}
