/* air_eval.c — evaluating a chip's constraint DAG over blocks of rows (the
 * prover's quotient and LogUp passes) and the debug row-by-row check.
 * Invariant: base-field nodes are computed in the base field and only nodes
 * touching aux columns or challenges pay for extension arithmetic; the
 * per-node loops over a block's slots are gl_vec.h kernels (AVX2 or scalar,
 * the same values either way). */
#include <stdlib.h>
#include <string.h>

#include "gl_vec.h"
#include "stark_int.h"

static void load_col(gl_t *out, const gl_t *m, size_t stride, size_t col, const size_t *rows, size_t cnt)
{
    for (size_t t = 0; t < cnt; t++)
        out[t] = m[rows[t] * stride + col];
}

static void load_aux(gl2_t *out, const air_src *s, size_t col, const size_t *rows, size_t cnt)
{
    const gl_t *m = s->aux + s->aux_off + 2 * col;
    for (size_t t = 0; t < cnt; t++) {
        const gl_t *p = m + rows[t] * s->aux_stride;
        out[t] = (gl2_t){p[0], p[1]};
    }
}

/* out = a (op) b over cnt slots, promoting base operands to the extension.
 * The operand kinds are dispatched once per node, not per slot: a base
 * operand only touches the a-part (x + 0X), and base * ext is two products. */
static void ext_op(int op, gl2_t *out, const void *a, int ae, const void *b, int be, size_t cnt)
{
    const gl2_t *xa = a, *xb = b;
    const gl_t *ba = a, *bb = b;
    if (op == AIR_OP_MUL) {
        if (!ae)
            gl2_vec_mul_base(out, xb, ba, cnt);
        else if (!be)
            gl2_vec_mul_base(out, xa, bb, cnt);
        else
            gl2_vec_mul(out, xa, xb, cnt);
        return;
    }
    int sub = op == AIR_OP_SUB;
    if (ae && be) { /* both parts at once: 2 cnt base elements */
        if (sub)
            gl_vec_sub((gl_t *)out, (const gl_t *)xa, (const gl_t *)xb, 2 * cnt);
        else
            gl_vec_add((gl_t *)out, (const gl_t *)xa, (const gl_t *)xb, 2 * cnt);
    } else if (ae) {
        for (size_t t = 0; t < cnt; t++)
            out[t] = (gl2_t){sub ? gl_sub(xa[t].a, bb[t]) : gl_add(xa[t].a, bb[t]), xa[t].b};
    } else if (be) {
        for (size_t t = 0; t < cnt; t++)
            out[t] = sub ? (gl2_t){gl_sub(ba[t], xb[t].a), gl_neg(xb[t].b)}
                         : (gl2_t){gl_add(ba[t], xb[t].a), xb[t].b};
    } else {
        for (size_t t = 0; t < cnt; t++)
            out[t] = gl2_from_base(sub ? gl_sub(ba[t], bb[t]) : gl_add(ba[t], bb[t]));
    }
}

static void eval_node(const air_chip *c, size_t i, const air_src *s, const size_t *rows,
                      const size_t *nrows, size_t cnt, gl_t *scr)
{
    const air_node *n = &c->nodes[i];
    gl_t *bo = scr + c->node_off[i];
    gl2_t *xo = (gl2_t *)bo;
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
        gl2_t v = n->op == AIR_OP_SUM ? s->sum : s->chal[n->a];
        for (size_t t = 0; t < cnt; t++)
            xo[t] = v;
        return;
    }
    case AIR_OP_NEG:
        if (n->ext) {
            const gl2_t *a = (const gl2_t *)(scr + c->node_off[n->a]);
            for (size_t t = 0; t < cnt; t++)
                xo[t] = gl2_neg(a[t]);
        } else {
            const gl_t *a = scr + c->node_off[n->a];
            for (size_t t = 0; t < cnt; t++)
                bo[t] = gl_neg(a[t]);
        }
        return;
    default: break;
    }
    const void *a = scr + c->node_off[n->a], *b = scr + c->node_off[n->b];
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

static void row_ext(gl2_t *out, const gl_matrix *m, size_t r, size_t n)
{
    for (size_t k = 0; k < n; k++)
        out[k] = gl2_from_base(m->data[r * m->cols + k]);
}

static void row_aux(gl2_t *out, const gl_matrix *m, size_t r, size_t n)
{
    for (size_t k = 0; k < n; k++)
        out[k] = (gl2_t){m->data[r * m->cols + 2 * k], m->data[r * m->cols + 2 * k + 1]};
}

/* Constraints whose node is ext read aux columns or challenges: without aux
 * (before the LogUp trace exists) only the others are checked. */
int air_check_rows(const air_chip *c, const gl_matrix *main, const gl_matrix *fixed,
                   const gl_matrix *aux, const gl_t *pub, const gl2_t *chal, gl2_t sum, uvm_err *err)
{
    size_t n = main ? main->rows : fixed->rows;
    size_t w = c->n_main + c->n_fixed + c->n_aux;
    gl2_t *buf = calloc(2 * w + c->n_nodes + 1, sizeof *buf);
    if (!buf)
        return uvm_errf(err, "check: %s: out of memory", c->name);
    gl2_t *mc = buf, *mn = mc + c->n_main, *fc = mn + c->n_main, *fn = fc + c->n_fixed;
    gl2_t *ac = fn + c->n_fixed, *an = ac + c->n_aux, *vals = an + c->n_aux;
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
            gl2_t v = vals[cs->e];
            if (v.a || v.b) {
                rc = uvm_errf(err, "check: %s: violated at row %zu", cs->name, r);
                break;
            }
        }
    }
    free(buf);
    return rc;
}
