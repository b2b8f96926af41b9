/* test_zk_adversarial.c — the standing adversarial suite (issue 14), in the
 * style of the Arguzz zkVM fuzzer: random, reproducible faults in what the
 * prover commits (trace cells, the VM's results, instruction fields, branch
 * decisions, the statement) and metamorphic program pairs, each proved with
 * the prover's self-checks off and checked by the unchanged verifier.
 * Invariant: a mutant is named by (seed, class, index) alone — every random
 * choice is drawn from a generator seeded by those three — so the line an
 * accepted mutant prints reruns exactly it; every accepted mutant that is
 * not on the documented allow-list (docs/adversarial.md) fails the run. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "gl.h"
#include "zk_file.h"
#include "chips/chip_fused.h"
#include "chips/chip_sys.h"
#include "zk_int.h"
#include "zk_lsx.h"
#include "zk_mem.h"
#include "zk_wit.h"
#include "chips/zk_alu.h" /* the branch chip's columns */
#include "zkt_adv.h"

/* ---- mutants ---- */

typedef enum outcome { REJECTED, UNPROVABLE, SKIPPED, ACCEPTED } outcome;

typedef struct mut {
    uint64_t rng;     /* splitmix64 state: every choice of this mutant */
    unsigned subj;
    char desc[256];   /* what was changed, for the report */
    int skipped;      /* set by a hook: the change is free by design or a no-op */
    const char *why;
    char err[512];    /* why the prover made no proof (UNPROVABLE) */
    /* class-specific */
    unsigned chip, row, col;
    uint64_t rec;
    int kind;
    uint8_t buf[256]; /* a statement copy the hook points at (outlives zk_prove) */
} mut;

static uint64_t rnd(mut *m) { return adv_rnd(&m->rng); }
static unsigned pick(mut *m, unsigned n) { return (unsigned)(rnd(m) % n); }

/* A changed 32-bit value: a flipped bit, +1, -1 or a random word (never v). */
static uint32_t other_word(mut *m, uint32_t v)
{
    uint32_t r;
    switch (pick(m, 4)) {
    case 0: r = v ^ (1u << pick(m, 32)); break;
    case 1: r = v + 1; break;
    case 2: r = v - 1; break;
    default: r = (uint32_t)rnd(m); break;
    }
    return r == v ? v ^ 1 : r;
}

static zk_prove_opts base_opts(const mut *m)
{
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    o.mutate_ctx = (void *)m;
    o.input = adv_info_get(m->subj)->input; /* adv_info_get(m->subj) ran first */
    o.input_len = adv_info_get(m->subj)->input_len;
    return o;
}

/* Chip names as the prover reports them (taken from the first report). */
static const char *chip_names[ZC_COUNT];

/* Proves p with o, verifies against q: REJECTED if the verifier refuses,
 * UNPROVABLE if no proof could be made (m->err says why), ACCEPTED otherwise. */
static outcome prove_check(mut *m, const uisa_program *p, const zk_prove_opts *o,
                           const uisa_program *q)
{
    uint8_t *proof = NULL;
    size_t len = 0;
    uvm_err err = {{0}};
    zk_report rep;
    if (zk_prove(p, o, &proof, &len, &rep, &err)) {
        snprintf(m->err, sizeof m->err, "%s", err.msg);
        return UNPROVABLE;
    }
    if (!chip_names[0])
        memcpy(chip_names, rep.chip_name, sizeof chip_names);
    zk_report_free(&rep);
    int rc = zk_verify(q, proof, len, ZKT_MIN_SECURITY, NULL, &err);
    free(proof);
    return rc ? REJECTED : ACCEPTED;
}

/* Whether row of chip c is padding (its real flag is 0) and col is not one
 * of the columns that flag is made of: then every constraint and bus message
 * of the row is multiplied by real = 0, but for the R16 range lookups of the
 * execution chips, made on every row (zk_r16): a changed limb moves its
 * lookup and is rejected, so those cells are never excused. real
 * is the sum of the selectors (execution chips, zk_common), of the lane
 * one-hot E0..E3 (io, chip_sys.c), or column 3 (memfinal). */
static int inert_padding(unsigned c, const gl_t *row, unsigned col)
{
    unsigned lo, n;
    if (c < ZC_N_EXEC)
        lo = zk_base((zk_chip)c), n = zk_chips[c]->n_ops;
    else if (c == ZC_IO)
        lo = IO_E0, n = 4;
    else if (c == ZC_FINAL)
        lo = 3, n = 1;
    else
        return 0;
    gl_t real = 0;
    for (unsigned k = 0; k < n; k++)
        real = gl_add(real, row[lo + k]);
    return real == 0 && (col < lo || col >= lo + n);
}

/* Cells free by design (docs/adversarial.md, "Allow-list"): the row's value
 * in column col may be anything without changing what is proved. Every cell
 * mutant is proved; the list only excuses one the verifier accepts. */
static const char *free_cell(unsigned c, const gl_t *row, unsigned col)
{
    if (inert_padding(c, row, col))
        return "a padding row's cell outside its real flag (its terms are gated by real = 0)";
    if (c == ZC_BRANCH && col == zk_spec(ZC_BRANCH, BR_INV) && row[zk_spec(ZC_BRANCH, BR_ISZ)] == 1)
        return "branch INV with ISZ = 1 (equal operands, padding included)";
    if (c == ZC_FBR && col == zk_spec(ZC_FBR, FB_INV) && row[zk_spec(ZC_FBR, FB_ISZ)] == 1)
        return "fbr INV with ISZ = 1 (equal operands, padding included)";
    return NULL;
}

/* 1. cell: one cell of one chip's main trace, a real or a padding row. */
static void cell_hook(void *ctx, gl_matrix *tr, uint32_t *exit_code, uint8_t *output,
                      size_t output_len, uint64_t *keys, uint32_t *init, uint64_t n_touched)
{
    mut *m = ctx;
    const adv_info *in = adv_info_get(m->subj);
    (void)exit_code, (void)output, (void)output_len, (void)keys, (void)init, (void)n_touched;
    unsigned cand[ZC_COUNT], n = 0;
    for (unsigned c = 0; c < ZC_COUNT; c++)
        if (tr[c].rows && tr[c].cols && (in->rows[c] || c >= ZC_N_EXEC))
            cand[n++] = c;
    unsigned c = cand[pick(m, n)];
    const gl_matrix *t = &tr[c];
    uint64_t real = in->rows[c] < t->rows ? in->rows[c] : t->rows;
    int pad = real < t->rows && (!real || pick(m, 4) == 0);
    m->chip = c;
    m->row = pad ? (unsigned)(real + rnd(m) % (t->rows - real)) : (unsigned)(rnd(m) % real);
    m->col = pick(m, (unsigned)t->cols);
    gl_t *row = &t->data[(size_t)m->row * t->cols];
    gl_t old = row[m->col], v = old;
    static const char *const kinds[] = {"random", "+1", "-1", "from row", "from column"};
    unsigned k = 0;
    for (int tries = 0; tries < 5 && v == old; tries++) {
        k = pick(m, 5);
        if (k == 0)
            v = gl_from_u64(rnd(m));
        else if (k == 1)
            v = gl_add(old, 1);
        else if (k == 2)
            v = gl_sub(old, 1);
        else if (k == 3)
            v = t->data[(size_t)(rnd(m) % t->rows) * t->cols + m->col];
        else
            v = row[pick(m, (unsigned)t->cols)];
    }
    snprintf(m->desc, sizeof m->desc, "chip %u (%s) row %u%s col %u: %" PRIu64 " -> %" PRIu64
             " (%s)", c, chip_names[c] ? chip_names[c] : "?", m->row, pad ? " (padding)" : "", m->col, old, v, kinds[k]);
    if (v == old) {
        m->skipped = 1, m->why = "no-op";
        return;
    }
    m->why = free_cell(c, row, m->col); /* consulted only if the verifier accepts */
    row[m->col] = v;
}

/* Fills chip_names from an honest proof of subject 0 (once), so that even
 * the first (or a rerun's only) cell mutant names its chip. */
static void names_once(void)
{
    if (chip_names[0])
        return;
    mut h = {.subj = 0};
    adv_info_get(0);
    zk_prove_opts o = base_opts(&h);
    if (prove_check(&h, adv_info_get(0)->h.p, &o, adv_info_get(0)->h.p) != ACCEPTED)
        adv_fatal("honest proof", h.err);
}

static outcome run_cell(mut *m)
{
    names_once();
    adv_info *in = adv_info_get(m->subj);
    zk_prove_opts o = base_opts(m);
    o.mutate = cell_hook;
    outcome r = prove_check(m, in->h.p, &o, in->h.p);
    if (r == ACCEPTED && m->why)
        return SKIPPED; /* allow-listed: free by design */
    if (!m->skipped)
        m->why = NULL;
    return r;
}

/* The chip record i of the honest trace is proved on (after the fused and
 * word-crossing routes), or ZC_COUNT for a fused slot (filled unchecked in
 * follow mode, so a record fault there is not injected). */
static zk_chip rec_chip(const adv_info *in, uint64_t i, const zk_prow **row)
{
    const vm_trace_rec *rec = &in->tr.rec[i];
    const zk_prow *pr = &in->prog[zk_fused_route(in->prog, rec)];
    static zk_prow tmp;
    if (pr->row2 || zk_fused_chip(zk_op_chip((zk_op)pr->op)))
        return ZC_COUNT;
    *row = zk_lsx_route(pr, rec, &tmp);
    return zk_op_chip((zk_op)(*row)->op);
}

/* The executor-result kinds: the rd value written, the value a store
 * writes, the bytes a load read (memory's value as the executor saw it, rd
 * following it as the load would give it). */
enum { EX_RD, EX_STORE, EX_LOAD, EX_N };

static void exec_hook(void *ctx, uint32_t seg, vm_trace *t)
{
    mut *m = ctx;
    if (seg || m->rec >= t->n)
        return;
    vm_trace_rec *r = &t->rec[m->rec];
    size_t l = strlen(m->desc);
    if (m->kind == EX_RD) {
        uint32_t v = other_word(m, r->w);
        snprintf(m->desc + l, sizeof m->desc - l, " rd value 0x%08x -> 0x%08x", r->w, v);
        r->w = v;
        return;
    }
    zk_op op = (zk_op)adv_info_get(m->subj)->prog[r->slot].op;
    unsigned sz = zk_mem_size(op);
    uint32_t mask = sz == 4 ? ~0u : (1u << (8 * sz)) - 1, v = other_word(m, r->mval) & mask;
    if (v == (r->mval & mask))
        v ^= 1;
    snprintf(m->desc + l, sizeof m->desc - l, " %s 0x%08x -> 0x%08x",
             m->kind == EX_STORE ? "stored value" : "loaded bytes", r->mval, v);
    r->mval = v;
    if (m->kind == EX_LOAD) /* rd = the loaded bytes, sign-extended by LB/LH */
        r->w = op == ZK_LB ? (uint32_t)(int32_t)(int8_t)v
               : op == ZK_LH ? (uint32_t)(int32_t)(int16_t)v : v;
}

/* 2. executor result: one executed uop's record changed (EX_*); the witness
 * follows it. */
static outcome run_exec(mut *m)
{
    adv_info *in = adv_info_get(m->subj);
    /* candidates per kind; the kind is drawn first (half rd, a quarter each
     * store and load when the run has them: they are far fewer than rd writes) */
    uint64_t *cand[EX_N], n[EX_N] = {0, 0, 0};
    for (int k = 0; k < EX_N; k++)
        if (!(cand[k] = malloc(in->tr.n * sizeof(uint64_t))))
            adv_fatal("exec", "out of memory");
    for (uint64_t i = 0; i < in->tr.n; i++) {
        const zk_prow *r = NULL;
        zk_chip c = rec_chip(in, i, &r);
        if (c == ZC_STORE)
            cand[EX_STORE][n[EX_STORE]++] = i;
        else if (c == ZC_LOAD && r->rd != ZK_SINK)
            cand[EX_LOAD][n[EX_LOAD]++] = i;
        if (c < ZC_N_EXEC && !zk_chips[c]->no_rd && r->rd != ZK_SINK)
            cand[EX_RD][n[EX_RD]++] = i;
    }
    static const int by4[4] = {EX_RD, EX_RD, EX_STORE, EX_LOAD};
    m->kind = by4[pick(m, 4)];
    if (!n[m->kind])
        m->kind = EX_RD;
    if (n[m->kind])
        m->rec = cand[m->kind][rnd(m) % n[m->kind]];
    for (int k = 0; k < EX_N; k++)
        free(cand[k]);
    if (!n[m->kind]) {
        m->why = "no candidate record";
        return SKIPPED;
    }
    snprintf(m->desc, sizeof m->desc, "record %" PRIu64 " (pc 0x%08x)", m->rec,
             in->prog[in->tr.rec[m->rec].slot].pc);
    zk_prove_opts o = base_opts(m);
    o.fault.trace = exec_hook;
    return prove_check(m, in->h.p, &o, in->h.p);
}

/* A slot executed by the honest run, drawn by the record that ran it. */
static uint32_t executed_slot(mut *m, const adv_info *in) { return in->tr.rec[rnd(m) % in->tr.n].slot; }

/* Another base or fused op of the same format and tier as op (never op). */
static uint8_t other_op(mut *m, uint8_t op)
{
    unsigned n = 0;
    uint8_t cand[UOP_COUNT];
    for (unsigned o = 0; o < UOP_COUNT; o++)
        if (o != op && uisa_ops[o].fmt == uisa_ops[op].fmt && uisa_ops[o].tier == uisa_ops[op].tier)
            cand[n++] = (uint8_t)o;
    return n ? cand[pick(m, n)] : op;
}

/* 3. instruction field: one field of an executed slot changed in the
 * prover's program; (a) "table": the prover proves that program, the
 * verifier checks against the original; (b) "rows": the prover's VM and
 * witness run the changed slot while the proof's program table stays the
 * original's (o.fault.exec_rows). */
static outcome run_field(mut *m)
{
    adv_info *in = adv_info_get(m->subj);
    adv_prog b = adv_prog_make(m->subj); /* the prover's copy */
    uint32_t s = executed_slot(m, in);
    uisa_uop *u = &b.p->slots[s];
    static const char *const names[] = {"rd", "rs1", "rs2", "imm", "op", "rd2", "rs3", "imm2"};
    int fused = uisa_ops[u->op].tier == TIER_FUSED;
    int f = pick(m, fused ? 8 : 5);
    int32_t old, nw;
    switch (f) {
    case 0: old = u->rd, u->rd = (uint8_t)((u->rd + 1 + pick(m, 31)) % 32), nw = u->rd; break;
    case 1: old = u->rs1, u->rs1 = (uint8_t)((u->rs1 + 1 + pick(m, 31)) % 32), nw = u->rs1; break;
    case 2: old = u->rs2, u->rs2 = (uint8_t)((u->rs2 + 1 + pick(m, 31)) % 32), nw = u->rs2; break;
    case 3: old = u->imm, u->imm = (int32_t)other_word(m, (uint32_t)u->imm), nw = u->imm; break;
    case 4: old = u->op, u->op = other_op(m, u->op), nw = u->op; break;
    case 5: old = u->rd2, u->rd2 = (uint8_t)((u->rd2 + 1 + pick(m, 31)) % 32), nw = u->rd2; break;
    case 6: old = u->rs3, u->rs3 = (uint8_t)((u->rs3 + 1 + pick(m, 31)) % 32), nw = u->rs3; break;
    default: old = u->imm2, u->imm2 = (int32_t)other_word(m, (uint32_t)u->imm2), nw = u->imm2;
    }
    int rows = pick(m, 2);
    snprintf(m->desc, sizeof m->desc, "slot %u (pc 0x%08x, %s) %s %d -> %d, %s", s,
             in->prog[s].pc, uisa_ops[in->h.p->slots[s].op].name, names[f], (int)old, (int)nw,
             rows ? "rows" : "table");
    zk_prow *bp = NULL;
    uint32_t bn = 0;
    uvm_err err = {{0}};
    outcome r;
    if (zk_prog_build(b.p, &bp, &bn, &err) || bn != in->n_prog) {
        r = UNPROVABLE;
    } else if (!memcmp(bp, in->prog, bn * sizeof *bp)) {
        m->why = "the field is not decoded (same program table)";
        r = SKIPPED;
    } else {
        zk_prove_opts o = base_opts(m);
        o.max_cycles = 4 * in->tr.n + 1000; /* the changed program may not exit */
        if (rows) {
            o.fault.exec = b.p;
            o.fault.exec_rows = 1;
            r = prove_check(m, in->h.p, &o, in->h.p);
        } else {
            r = prove_check(m, b.p, &o, in->h.p);
        }
    }
    free(bp);
    adv_prog_free(&b);
    return r;
}

/* The inverse branch of a base or fused branch op (BEQ <-> BNE, BLT <-> BGE,
 * BLTU <-> BGEU), or 0 if op is not a branch. */
static uint8_t inverse_branch(uint8_t op)
{
    if (op >= UOP_BEQ && op <= UOP_BGEU)
        return (uint8_t)(UOP_BEQ + ((op - UOP_BEQ) ^ 1));
    if (op >= UOP_ALU_BEQ && op <= UOP_ALU_BGEU)
        return (uint8_t)(UOP_ALU_BEQ + ((op - UOP_ALU_BEQ) ^ 1));
    return 0;
}

/* 4. branch decision: one executed branch's outcome flipped in the prover's
 * VM (it runs a copy with that slot's condition inverted, so every run of
 * the slot goes the other way and the rest of the trace follows that path);
 * the witness decodes the original program and claims the VM's next pc. */
static outcome run_branch(mut *m)
{
    adv_info *in = adv_info_get(m->subj);
    const uisa_program *p = in->h.p;
    uint32_t n = 0, s = 0;
    for (uint32_t i = 0; i < p->n_slots; i++)
        n += in->ran[i] && inverse_branch(p->slots[i].op);
    if (!n) {
        m->why = "no branch executed";
        return SKIPPED;
    }
    for (uint32_t k = pick(m, n);; s++) /* the k-th executed branch slot */
        if (in->ran[s] && inverse_branch(p->slots[s].op) && !k--)
            break;
    adv_prog b = adv_prog_make(m->subj);
    b.p->slots[s].op = inverse_branch(b.p->slots[s].op);
    snprintf(m->desc, sizeof m->desc, "slot %u (pc 0x%08x) %s -> %s", s, in->prog[s].pc,
             uisa_ops[p->slots[s].op].name, uisa_ops[b.p->slots[s].op].name);
    zk_prove_opts o = base_opts(m);
    o.max_cycles = 4 * in->tr.n + 1000;
    o.fault.exec = b.p;
    outcome r = prove_check(m, p, &o, p);
    adv_prog_free(&b);
    return r;
}

/* 5. statement: the exit code, an output byte, an input byte or the count
 * consumed, the step count, a final value or a touched key of the boundary. */
enum { SM_EXIT, SM_OUT, SM_IN, SM_INUSED, SM_FINAL, SM_KEY, SM_STEPS, SM_ENDPC, SM_N };
static const char *const st_names[] = {"exit code", "output byte", "input byte", "input used",
                                       "final value", "touched key", "step count", "end pc"};

/* Called as each segment is proved (the current one is the first without
 * its STARK yet). The first call draws the kind and the target segment; a
 * run-level field (exit code, output, input) is changed then, so that every
 * segment is proved with it; a boundary field when the target is proved. */
static void stmt_hook(void *ctx, struct zk_file *f)
{
    mut *m = ctx;
    uint32_t cur = 0;
    while (cur + 1 < f->n_seg && f->seg[cur].stark)
        cur++;
    if (cur == 0) {
        m->row = pick(m, f->n_seg);
        int last = m->row + 1 == f->n_seg;
        int ok[SM_N] = {1, f->output_len && f->output_len <= sizeof m->buf,
                        f->input_used && f->input_used <= sizeof m->buf, f->input_len > 0, 1, 1,
                        1, /* bound in every segment, the exiting one included (959405e) */
                        !last};
        unsigned n = 0, list[SM_N];
        for (unsigned k = 0; k < SM_N; k++)
            if (ok[k])
                list[n++] = k;
        m->kind = (int)list[pick(m, n)];
    }
    if (m->kind <= SM_INUSED ? cur != 0 : cur != m->row)
        return;
    zk_seg *sg = &f->seg[cur];
    size_t l = (size_t)snprintf(m->desc, sizeof m->desc, "segment %u/%u: ", cur, f->n_seg);
    char *d = m->desc + l;
    size_t dn = sizeof m->desc - l;
    switch (m->kind) {
    case SM_EXIT: {
        uint32_t v = other_word(m, f->exit_code);
        snprintf(d, dn, "exit code %u -> %u", f->exit_code, v);
        f->exit_code = v;
        break;
    }
    case SM_OUT: case SM_IN: {
        const uint8_t **p = m->kind == SM_OUT ? &f->output : &f->input;
        uint32_t n = m->kind == SM_OUT ? f->output_len : f->input_used;
        memcpy(m->buf, *p, n);
        unsigned i = pick(m, n);
        m->buf[i] = (uint8_t)other_word(m, m->buf[i]);
        if (m->buf[i] == (*p)[i])
            m->buf[i] ^= 1;
        snprintf(d, dn, "%s %u: 0x%02x -> 0x%02x", st_names[m->kind], i, (*p)[i], m->buf[i]);
        *p = m->buf;
        break;
    }
    case SM_INUSED: {
        uint32_t v = f->input_used ? f->input_used - 1 : 1;
        snprintf(d, dn, "input used %u -> %u", f->input_used, v);
        f->input_used = v;
        break;
    }
    case SM_FINAL: {
        unsigned k = (unsigned)(rnd(m) % sg->n_touched);
        uint32_t v = other_word(m, sg->final[k]);
        snprintf(d, dn, "final value of key 0x%" PRIx64 ": 0x%08x -> 0x%08x", sg->keys[k],
                 sg->final[k], v);
        sg->final[k] = v;
        break;
    }
    case SM_KEY: { /* moved to a key not in the set (the set stays sorted) */
        unsigned k = (unsigned)(rnd(m) % sg->n_touched);
        while (k + 1 < sg->n_touched && sg->keys[k] + 4 >= sg->keys[k + 1])
            k++; /* the first key from k with a free key 4 above (the last has) */
        uint64_t v = sg->keys[k] + 4;
        snprintf(d, dn, "touched key 0x%" PRIx64 " -> 0x%" PRIx64, sg->keys[k], v);
        sg->keys[k] = v;
        break;
    }
    case SM_ENDPC: {
        uint32_t v = pick(m, 2) ? sg->end_pc + 4 : other_word(m, sg->end_pc);
        snprintf(d, dn, "end pc 0x%08x -> 0x%08x", sg->end_pc, v);
        sg->end_pc = v;
        break;
    }
    default: {
        uint64_t v = pick(m, 2) ? sg->n_steps + 1 + pick(m, 100) : 1 + rnd(m) % sg->n_steps;
        if (v == sg->n_steps)
            v++;
        snprintf(d, dn, "step count %" PRIu64 " -> %" PRIu64, sg->n_steps, v);
        sg->n_steps = v;
    }
    }
}

/* 5. statement: half the mutants prove the run in three segments, so that
 * the boundary of a segment that does not exit is attacked too. */
static outcome run_stmt(mut *m)
{
    adv_info *in = adv_info_get(m->subj);
    zk_prove_opts o = base_opts(m);
    o.mutate_stmt = stmt_hook;
    if (pick(m, 2))
        o.segment_uops = in->tr.n / 3 + 1;
    return prove_check(m, in->h.p, &o, in->h.p);
}

/* ---- 6. metamorphic pairs ---- */

/* What the VM says a program does on an input: exit code and fd 1 bytes. */
typedef struct vm_says {
    uint32_t exit_code;
    uint8_t out[4096];
    size_t n;
    int ok;
} vm_says;

static int capture(void *ctx, int fd, const void *buf, size_t len)
{
    vm_says *v = ctx;
    if (fd != 1)
        return 0;
    if (len > sizeof v->out - v->n)
        return v->ok = 0, -1;
    memcpy(v->out + v->n, buf, len);
    v->n += len;
    return 0;
}

static vm_says vm_reference(const uisa_program *p, const uint8_t *input, size_t input_len)
{
    vm_says v = {.ok = 1};
    vm_config cfg = {.input = input, .input_len = input_len, .write = capture, .write_ctx = &v};
    vm_result res;
    uvm_err err = {{0}};
    if (vm_run(p, &cfg, &res, &err) || res.stop != VM_STOP_EXIT)
        v.ok = 0;
    v.exit_code = res.exit_code;
    return v;
}

/* A hand-built program as a program handle (owned by the handle). */
static adv_prog own_vmt(vmt *t)
{
    if (!t)
        adv_fatal("pair", "no program");
    vmt_finish(t);
    return (adv_prog){.t = t, .p = &t->p};
}

/* Pair i: 0 and 1 are the -O0 program and its -O1 fusion (zkt_fused_base /
 * zkt_fused, zkt_fused_cross 0 / 1), 2 the corpus fib at -O0 and -O1 on its
 * small input (when the corpus is given); the others a random program and
 * its rewrite. Both must verify with the same exit code and output as the
 * VM's, and neither proof may verify against the other's program. */
static outcome run_pair(mut *m, unsigned i)
{
    adv_prog p[2];
    const uint8_t *input = NULL;
    size_t input_len = 0;
    const char *what = "random/rewritten";
    if (i == 0)
        p[0] = own_vmt(zkt_fused_base()), p[1] = own_vmt(zkt_fused()), what = "fused -O0/-O1";
    else if (i == 1)
        p[0] = own_vmt(zkt_fused_cross(0)), p[1] = own_vmt(zkt_fused_cross(1)),
        what = "cross -O0/-O1";
    else if (i == 2 && adv_corpus_dir) {
        adv_info *in = adv_info_get(ADV_CORPUS);
        input = in->input, input_len = in->input_len;
        p[0] = adv_prog_level(ADV_CORPUS, 0), p[1] = adv_prog_level(ADV_CORPUS, 1);
        what = "corpus -O0/-O1";
    } else {
        uint64_t seed = rnd(m);
        p[0] = own_vmt(adv_pair_prog(seed, 0)), p[1] = own_vmt(adv_pair_prog(seed, 1));
    }
    snprintf(m->desc, sizeof m->desc, "%s", what);
    uint8_t *proof[2] = {NULL, NULL};
    size_t len[2];
    zk_claim cl[2] = {{0}, {0}};
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    o.input = input, o.input_len = input_len;
    uvm_err err = {{0}};
    outcome r = REJECTED;
    size_t l;
    vm_says ref = vm_reference(p[0].p, input, input_len);
    if (!ref.ok)
        adv_fatal("pair", "the -O0 / original program does not exit on the VM");
    for (int k = 0; k < 2; k++)
        if (zk_prove(p[k].p, &o, &proof[k], &len[k], NULL, &err) ||
            zk_verify(p[k].p, proof[k], len[k], ZKT_MIN_SECURITY, &cl[k], &err)) {
            l = strlen(m->desc);
            snprintf(m->desc + l, sizeof m->desc - l, ": program %d not proved: %s", k, err.msg);
            r = ACCEPTED; /* a completeness failure fails the run too */
            goto out;
        }
    for (int k = 0; k < 2; k++)
        if (cl[k].exit_code != ref.exit_code || cl[k].output_len != ref.n ||
            memcmp(cl[k].output, ref.out, ref.n)) {
            l = strlen(m->desc);
            snprintf(m->desc + l, sizeof m->desc - l,
                     ": statement %d differs from the VM's (exit %u, VM %u)", k,
                     cl[k].exit_code, ref.exit_code);
            r = ACCEPTED;
            goto out;
        }
    for (int k = 0; k < 2; k++)
        if (!zk_verify(p[1 - k].p, proof[k], len[k], ZKT_MIN_SECURITY, NULL, &err)) {
            l = strlen(m->desc);
            snprintf(m->desc + l, sizeof m->desc - l, ": proof of %d verifies against %d", k,
                     1 - k);
            r = ACCEPTED;
        }
out:
    for (int k = 0; k < 2; k++) {
        free(proof[k]);
        zk_claim_free(&cl[k]);
        adv_prog_free(&p[k]);
    }
    return r;
}

/* ---- the runner ---- */

typedef struct cls {
    const char *name;
    outcome (*run)(mut *m);
    unsigned sample; /* mutants in the CI sample (UVM_ADV_N overrides) */
    uint32_t subjects; /* bitmask of subjects it draws from */
} cls;

static outcome run_pair_ix(mut *m) { return run_pair(m, m->row); }

#define ALL ((1u << ADV_N_SUBJ) - 1)
#define S(x) (1u << (x))
/* subjects: 0 sum 1 branches 2 bytes 3 lt 4 logic 5 shift 6 io 7 muldiv 8 fused
 * 9 cross 10 half 11 memset 12 keccak 13 fib (corpus); the CI sample leaves
 * keccak (a 2349-column table) to the soak */
static const cls classes[] = {
    {"cell", run_cell, 16, ALL},
    {"exec", run_exec, 10, ALL & ~S(11) & ~S(12)},
    {"field", run_field, 10, ALL},
    {"branch", run_branch, 6, S(0) | S(1) | S(8) | S(13)},
    {"stmt", run_stmt, 8, S(0) | S(2) | S(6) | S(8) | S(13)},
    {"pair", run_pair_ix, 3, 0},
};
enum { N_CLS = sizeof classes / sizeof classes[0] };

/* The control: the fault machinery on an honest run must not be what the
 * verifier rejects, or every count above would mean nothing. Subject s is
 * proved with mode 0: a trace hook that changes nothing; 1: the VM running a
 * fresh copy of the program (the witness decoding the original); 2: the
 * witness decoding the copy too. Each proof must be accepted. */
static void noop_trace(void *ctx, uint32_t seg, vm_trace *t) { (void)ctx, (void)seg, (void)t; }

static int control(unsigned s, int mode)
{
    mut m = {.subj = s};
    adv_info *in = adv_info_get(s);
    adv_prog b = adv_prog_make(s);
    zk_prove_opts o = base_opts(&m);
    if (mode == 0)
        o.fault.trace = noop_trace;
    else
        o.fault.exec = b.p, o.fault.exec_rows = mode == 2;
    outcome r = prove_check(&m, in->h.p, &o, in->h.p);
    adv_prog_free(&b);
    if (r != ACCEPTED)
        printf("CONTROL FAILED: %s, fault mode %d: the honest run %s%s%s\n", adv_subjects[s].name,
               mode, r == REJECTED ? "is rejected" : "is not provable", m.err[0] ? ": " : "",
               m.err);
    return r == ACCEPTED;
}

/* Mutant idx of class c under seed: its generator and subject. The subject
 * set shrinks to the sample's (no keccak) unless the run is a soak. */
static mut make_mut(uint64_t seed, unsigned c, unsigned idx, int soak)
{
    mut m = {.rng = seed * 0x100000001b3ull ^ ((uint64_t)c << 40) ^ idx};
    rnd(&m);
    uint32_t set = classes[c].subjects & (soak ? ALL : ~S(12)) & (adv_corpus_dir ? ALL : ~S(13));
    unsigned n = 0, list[ADV_N_SUBJ];
    for (unsigned s = 0; s < ADV_N_SUBJ; s++)
        if (set >> s & 1)
            list[n++] = s;
    m.subj = n ? list[pick(&m, n)] : 0;
    m.row = idx; /* the pair class's pair index */
    return m;
}

static uint64_t env_u64(const char *name, uint64_t def)
{
    const char *e = getenv(name);
    return e && *e ? strtoull(e, NULL, 0) : def;
}

int main(int argc, char **argv)
{
    adv_corpus_dir = argc > 1 ? argv[1] : NULL;
    /* A mutant may make the witness size something by a faulty value (an io
     * length, say): cap the address space, so that it fails as out of memory
     * (unprovable) instead of taking the machine down. UVM_ADV_MEM_GB: the cap. */
    struct rlimit lim;
    lim.rlim_cur = lim.rlim_max = (rlim_t)env_u64("UVM_ADV_MEM_GB", 8) << 30;
    if (setrlimit(RLIMIT_AS, &lim))
        adv_fatal("setrlimit", "cannot cap the address space");
    uint64_t seed = env_u64("UVM_ADV_SEED", 1);
    const char *only = getenv("UVM_ADV_ONLY");     /* "class:index": one mutant */
    const char *which = getenv("UVM_ADV_CLASS");   /* one class by name */
    int soak = getenv("UVM_ADV_N") != NULL;
    unsigned n_per = (unsigned)env_u64("UVM_ADV_N", 0);
    unsigned cnt[N_CLS][4] = {{0}};
    int failed = 0, n_control = 0;
    /* the sample: one mode each on sum, fused (fused branches) and io; a
     * soak: every mode on every subject. Not in a one-mutant or one-class run
     * (UVM_ADV_CLASS=control runs only it). */
    int ctl = !only && (!which || !strcmp(which, "control"));
    for (unsigned s = 0; ctl && s < ADV_N_SUBJ; s++)
        for (int mode = 0; mode < 3; mode++)
            if ((s != ADV_CORPUS || adv_corpus_dir) &&
                (soak || (s == 0 && mode == 0) || (s == 8 && mode == 1) || (s == 6 && mode == 2))) {
                failed |= !control(s, mode);
                n_control++;
            }
    for (unsigned c = 0; c < N_CLS; c++) {
        unsigned lo = 0, hi = soak ? n_per : classes[c].sample;
        if (which && strcmp(which, classes[c].name))
            continue;
        if (only) {
            size_t l = strlen(classes[c].name);
            if (strncmp(only, classes[c].name, l) || only[l] != ':')
                continue;
            lo = (unsigned)strtoul(only + l + 1, NULL, 10), hi = lo + 1;
        }
        for (unsigned i = lo; i < hi; i++) {
            mut m = make_mut(seed, c, i, soak);
            outcome r = classes[c].run(&m);
            if (m.skipped)
                r = SKIPPED;
            cnt[c][r]++;
            if (r == ACCEPTED) {
                failed = 1;
                printf("ACCEPTED %s mutant %u: %s: %s\n  rerun: UVM_ADV_SEED=%" PRIu64
                       " UVM_ADV_ONLY=%s:%u%s build/tests/zkvm/test_zk_adversarial%s%s\n",
                       classes[c].name, i, c == N_CLS - 1 ? "-" : adv_subjects[m.subj].name, m.desc,
                       seed, classes[c].name, i, soak ? " UVM_ADV_N=1" : "",
                       adv_corpus_dir ? " " : "",
                       adv_corpus_dir ? adv_corpus_dir : "");
            } else if (only || getenv("UVM_ADV_VERBOSE")) {
                static const char *const on[] = {"rejected", "unprovable", "skipped", "accepted"};
                printf("%s %u: %s: %s: %s%s%s%s%s\n", classes[c].name, i,
                       c == N_CLS - 1 ? "-" : adv_subjects[m.subj].name, m.desc, on[r],
                       m.why ? ": " : "", m.why ? m.why : "", m.err[0] ? ": " : "", m.err);
            }
            fflush(stdout);
        }
    }
    printf("control: %d honest proofs through the fault hooks%s\n", n_control,
           failed ? "" : ", all accepted");
    printf("seed %" PRIu64 "\n%-8s %7s %9s %11s %8s %9s\n", seed, "class", "tried", "rejected",
           "unprovable", "skipped", "accepted");
    for (unsigned c = 0; c < N_CLS; c++) {
        unsigned tried = cnt[c][REJECTED] + cnt[c][UNPROVABLE] + cnt[c][ACCEPTED];
        printf("%-8s %7u %9u %11u %8u %9u\n", classes[c].name, tried, cnt[c][REJECTED],
               cnt[c][UNPROVABLE], cnt[c][SKIPPED], cnt[c][ACCEPTED]);
    }
    adv_info_free_all();
    return failed;
}
