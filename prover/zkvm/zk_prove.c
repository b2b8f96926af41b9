/* zk_prove.c — zk_prove: a check run, then per segment trace, witness,
 * statement and STARK, then the container. Invariant: each segment's public
 * inputs carry a digest of the run's statement, its index and its whole
 * boundary (initial and final values of its touched keys), so nothing in the
 * file is unbound and no segment can be moved to another place or run. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sha256.h"
#include "trace.h"
#include "zk_file.h"
#include "zk_memmap.h"
#include "zk_wit.h"
#include "zkvm.h"

_Static_assert((int)ZK_N_CHIPS == (int)ZC_COUNT, "zkvm.h chip count");

/* Whether a test fault hook (zk_prove_opts.fault) is set: the witness then
 * follows the VM's records instead of checking them. */
static int zk_faulty(const zk_prove_opts *o)
{
    return o->fault.exec != NULL || o->fault.trace != NULL || o->fault.heap_stale;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

zk_prove_opts zk_prove_opts_default(void)
{
    return (zk_prove_opts){.params = stark_params_default(),
                           .segment_uops = ZK_DEFAULT_SEGMENT_UOPS,
                           .max_cycles = ZK_DEFAULT_MAX_CYCLES};
}

const char *zk_uop_unprovable(uisa_op op)
{
    uisa_uop u = {.op = (uint8_t)op, .len = 4};
    if (op < UOP_COUNT && uisa_ops[op].fmt == FMT_AA) /* a valid control word: addi; addi */
        u.imm2 = UISA_FX_PACK(0, UOP_ADDI, UOP_ADDI);
    else if (op < UOP_COUNT && uisa_ops[op].fmt == FMT_AB)
        u.imm2 = UISA_FX_PACK(0, UOP_ADDI, 0);
    zk_prow r;
    const char *why;
    return zk_decode(&u, 0x1000, &r, &why) == ZK_NONE ? why : NULL;
}

void zk_report_free(zk_report *r)
{
    free(r->seg);
    r->seg = NULL;
    r->n_seg = 0;
}

/* The guest's public output; too_big: the first write past a cap (nothing
 * more is kept: the run is refused when it ends). */
typedef struct outbuf { uint8_t *p; size_t n, too_big; int oom; } outbuf;

static int capture(void *ctx, int fd, const void *buf, size_t len)
{
    outbuf *o = ctx;
    if (fd != 1 || !len || o->too_big)
        return 0;
    if (len > ZK_MAX_IO_BYTES || o->n + len > ZK_MAX_OUTPUT) {
        o->too_big = len;
        return 0;
    }
    uint8_t *q = realloc(o->p, o->n + len);
    if (!q) {
        o->oom = 1;
        return -1;
    }
    memcpy(q + o->n, buf, len);
    o->p = q;
    o->n += len;
    return 0;
}

/* The state of one prove run. */
typedef struct zk_run {
    const uisa_program *p;
    const zk_prove_opts *o;
    uint64_t seg_uops;
    zk_prow *prog;
    uint32_t n_prog;
    zk_prow *wprog;    /* the table the witness decodes rows from: prog, or the
                          fault hook's exec program's (tests only) */
    uint32_t n_wprog;
    outbuf out;
    zk_file f;         /* f.seg: keys, final and stark owned here */
    zk_shadow mem;     /* every key's value after the segments proved so far */
    zk_report *rep;
    uint64_t uops_done; /* VM uops of the segments traced so far */
    double t0;
} zk_run;

static void progress(zk_run *r, const char *phase, uint32_t seg, uint64_t done, uint64_t total)
{
    if (r->o->progress) {
        zk_progress pr = {phase, seg, r->f.n_seg, done, total};
        r->o->progress(r->o->progress_ctx, &pr);
    }
}

static vm_config run_config(zk_run *r, int capture_out)
{
    return (vm_config){.max_cycles = r->o->max_cycles, .input = r->o->input,
                       .input_len = r->o->input_len, .write = capture_out ? capture : NULL,
                       .write_ctx = &r->out};
}

/* A run that stopped other than by exit is not provable: name why. */
static int stop_error(const zk_run *r, const vm_result *res, uvm_err *err)
{
    if (res->stop == VM_STOP_FAULT)
        return uvm_errf(err, "guest fault at pc 0x%08x: %s; no proof written", res->pc,
                        res->msg);
    if (res->stop == VM_STOP_CYCLE_LIMIT)
        return uvm_errf(err, "the run did not exit within %llu uops; raise --max-cycles",
                        (unsigned long long)r->o->max_cycles);
    return uvm_errf(err, "out of memory capturing the guest output; no proof written");
}

/* The check run: traced segment by segment (records reused, nothing kept) so
 * that an unprovable uop is named with its pc before any proving starts;
 * learns the exit code, output and uop count. */
static int check_run(zk_run *r, vm_result *res, uvm_err *err)
{
    vm_config cfg = run_config(r, 1);
    vm_tseg *g = vm_tseg_open(r->o->fault.exec ? r->o->fault.exec : r->p, &cfg, err);
    vm_trace t = {0};
    int more = 1, rc = g ? 0 : -1;
    while (rc == 0 && more) {
        rc = vm_tseg_next(g, r->seg_uops, &t, res, &more, err);
        for (uint64_t i = 0; rc == 0 && i < t.n; i++) {
            const zk_prow *pr = &r->wprog[t.rec[i].slot];
            if (pr->op == ZK_NONE)
                rc = uvm_errf(err, "zkvm: pc 0x%08x: uop %s: not provable yet", pr->pc,
                              uisa_ops[r->p->slots[t.rec[i].slot].op].name);
        }
    }
    vm_trace_free(&t);
    vm_tseg_close(g);
    if (rc == 0 && (res->stop != VM_STOP_EXIT || r->out.oom))
        rc = stop_error(r, res, err);
    if (rc == 0 && r->out.too_big > ZK_MAX_IO_BYTES)
        rc = uvm_errf(err, "zkvm: a write of %zu bytes to fd 1: a segment proves at most %u bytes "
                      "of io (not provable)", r->out.too_big, ZK_MAX_IO_BYTES);
    else if (rc == 0 && r->out.too_big)
        rc = uvm_errf(err, "zkvm: a write of %zu bytes to fd 1 takes the output past %u bytes, "
                      "the most a proof carries (not provable)", r->out.too_big, ZK_MAX_OUTPUT);
    return rc;
}

/* Adds a complete segment report (proved here or in another process, see
 * zk_prove_opts.dist) to the run's totals. */
static void add_seg_totals(zk_report *rep, const zk_seg_report *sr)
{
    for (int c = 0; c < ZC_COUNT; c++) {
        rep->rows[c] += sr->rows[c];
        rep->height[c] += sr->height[c];
    }
    rep->cells += sr->cells;
    rep->cells_exec += sr->cells_exec;
    rep->n_touched += sr->n_touched;
    rep->t_trace += sr->t_trace;
    rep->t_witness += sr->t_witness;
    rep->t_stark += sr->t_stark;
    const stark_timings *a = &sr->st;
    stark_timings *s = &rep->st;
    s->lde += a->lde, s->commit += a->commit, s->logup += a->logup, s->quotient += a->quotient;
    s->ood += a->ood, s->fri += a->fri, s->open += a->open, s->total += a->total;
}

static void add_seg_report(zk_report *rep, const air_system *sys, const zk_witness *w,
                           zk_seg_report *sr)
{
    sr->n_touched = w->n_touched;
    for (int c = 0; c < ZC_COUNT; c++) {
        air_widths wd = air_chip_widths(air_system_chip(sys, (size_t)c));
        rep->chip_name[c] = zk_chips[c]->name;
        rep->width[c] = wd.main + wd.fixed + wd.aux;
        sr->rows[c] = w->rows[c];
        sr->height[c] = w->tr[c].rows;
        sr->cells += sr->height[c] * rep->width[c];
        if (c < ZC_N_EXEC || zk_chips[c]->exec_cells)
            sr->cells_exec += sr->rows[c] * rep->width[c];
    }
    add_seg_totals(rep, sr);
}

/* zk_prove_opts.dist.mine for segment i: 1 (prove its STARK here) without
 * the hook; cost = sum over chips of main rows x columns. */
static int seg_here(zk_run *r, uint32_t i, const zk_witness *w, uvm_err *err)
{
    if (!r->o->dist.mine)
        return 1;
    uint64_t cost = 0;
    for (int c = 0; c < ZC_COUNT; c++)
        cost += (uint64_t)w->tr[c].rows * w->tr[c].cols;
    return r->o->dist.mine(r->o->dist.ctx, i, r->f.n_seg, cost, err);
}

/* The memory map after segment s: its touched keys' final values, and the
 * heap words its brk lifetimes release. */
static int advance_mem(zk_run *r, const zk_seg *s, const zk_heap *heap, uvm_err *err)
{
    for (uint64_t k = 0; k < s->n_touched; k++)
        if (zk_mem_set(&r->mem, r->p, s->keys[k], s->final[k]))
            return uvm_errf(err, "zkvm: out of memory for the memory map");
    if (!r->o->fault.heap_stale && zk_mem_end_seg(&r->mem, r->p, heap->brk_min))
        return uvm_errf(err, "zkvm: out of memory for the memory map");
    return 0;
}

/* Proves segment i from its witness; fills f.seg[i] (taking w's keys and
 * finals) and advances the memory map. With zk_prove_opts.dist, the STARK may
 * be left to another process: the boundary and the memory map are the same. */
static int prove_seg(zk_run *r, uint32_t i, zk_witness *w, zk_seg_report *sr, uvm_err *err)
{
    zk_seg *s = &r->f.seg[i];
    s->n_touched = w->n_touched;
    s->keys = w->keys, w->keys = NULL;
    s->final = w->final, w->final = NULL;
    s->n_brk = w->n_brk;
    s->brk = w->brk, w->brk = NULL;
    uint32_t brk0 = zk_mem_value(&r->mem, r->p, ZK_KEY_BRK), brk_start, brk_limit;
    abi_heap_bounds(r->p, &brk_start, &brk_limit);
    zk_heap heap = {0};
    /* the verifier's page check (zk_memmap.h) on the keys the run touched: a
     * key it would refuse (a word a copy reads past its source on an unmapped
     * page) is named here instead of writing a proof that does not verify;
     * off with the test hooks */
    if (zk_memmap_heap(brk_start, brk_limit, brk0, s->brk, s->n_brk, s->keys, s->n_touched,
                       &heap, err) ||
        (!r->o->mutate && !r->o->mutate_stmt &&
         zk_memmap_check(r->p, &heap, s->keys, w->init, s->final, s->n_touched, err))) {
        zk_heap_free(&heap);
        return uvm_err_prefix(err, "zkvm: segment %u: not provable", i);
    }
    if (r->o->mutate)
        r->o->mutate(r->o->mutate_ctx, w->tr, &r->f.exit_code, r->out.p, r->out.n, s->keys,
                     w->init, w->n_touched);
    if (r->o->mutate_stmt)
        r->o->mutate_stmt(r->o->mutate_ctx, &r->f);
    zk_heap forged = {0}; /* the lifetimes of the statement the verifier will see, if any */
    if ((r->o->mutate || r->o->mutate_stmt) &&
        !zk_memmap_heap(brk_start, brk_limit, brk0, s->brk, s->n_brk, s->keys, s->n_touched,
                        &forged, err)) {
        zk_heap_free(&heap);
        heap = forged;
    }
    int here = seg_here(r, i, w, err);
    if (here <= 0) { /* its STARK is another process's (or a failure) */
        int rc = here ? here : advance_mem(r, s, &heap, err);
        zk_heap_free(&heap);
        return rc;
    }
    uint64_t d[8];
    zk_file_digest(&r->f, i, w->init, d);
    gl_t pub[ZK_N_PUB] = {[ZK_PUB_EXIT] = r->f.exit_code, [ZK_PUB_ENTRY] = s->start_pc,
                          [ZK_PUB_END_PC] = s->end_pc, [ZK_PUB_END_TS] = s->n_steps,
                          [ZK_PUB_ENDS] = s->ends_exit, [ZK_PUB_INLEN] = r->f.input_len};
    for (int k = 0; k < 8; k++)
        pub[ZK_PUB_DIGEST + k] = d[k];
    zk_pub_ctx pc = {r->prog, r->n_prog, s->n_touched, s->keys, w->init, s->final,
                     r->f.output, r->f.output_len, r->f.input, r->f.input_used, 0, 0, 0, NULL, 0,
                     &heap};
    pc.brk_start = brk_start, pc.brk_limit = brk_limit;
    pc.n_brk = s->n_brk, pc.brk = s->brk;
    pc.max_degree = stark_max_degree(&r->o->params);
    air_system *sys = zk_air_build(&pc, err);
    stark_proof sp = {0};
    uint8_t *bytes = NULL;
    size_t len = 0;
    int rc = -1;
    double t = now_s();
    stark_prove_opts so = stark_prove_opts_default();
    so.params = r->o->params;
    so.check_rows = r->o->check_rows;
    so.unchecked = r->o->mutate != NULL || r->o->mutate_stmt != NULL || zk_faulty(r->o);
    so.timings = &sr->st;
    if (sys && !stark_prove(sys, pub, ZK_N_PUB, w->tr, &so, &sp, err) &&
        !stark_proof_save(&sp, &bytes, &len, err)) {
        sr->t_stark = now_s() - t;
        sr->stark_bytes = len;
        s->stark = bytes;
        s->stark_len = len;
        add_seg_report(r->rep, sys, w, sr);
        rc = advance_mem(r, s, &heap, err);
        if (rc == 0 && r->o->dist.proved)
            rc = r->o->dist.proved(r->o->dist.ctx, i, bytes, len, sr, err);
    }
    zk_heap_free(&heap);
    stark_proof_free(&sp);
    air_system_free(sys);
    return rc;
}

/* Segment i: trace the next slice of the run, witness it, prove it. */
static int do_seg(zk_run *r, vm_tseg *g, vm_trace *t, uint32_t i, uint64_t total, uvm_err *err)
{
    zk_seg *s = &r->f.seg[i];
    zk_seg_report *sr = &r->rep->seg[i];
    uint64_t done = r->uops_done;
    uint64_t insns0 = r->rep->insns;
    vm_result res;
    int more;
    progress(r, "trace", i, done, total);
    double t0 = now_s();
    if (vm_tseg_next(g, r->seg_uops, t, &res, &more, err))
        return -1;
    sr->t_trace = now_s() - t0;
    if (r->o->fault.trace)
        r->o->fault.trace(r->o->mutate_ctx, i, t);
    int last = i + 1 == r->f.n_seg;
    if (more == last || (last && (res.stop != VM_STOP_EXIT || res.uops != total)))
        return uvm_errf(err, "zkvm: segment %u: the traced run differs from the check run (bug)",
                        i);
    *s = (zk_seg){.start_pc = i ? s[-1].end_pc : r->p->entry,
                  .start_step = i ? s[-1].start_step + s[-1].n_steps : 0,
                  .end_pc = last ? 0 : res.pc, .ends_exit = (uint32_t)last};
    sr->uops = t->n;
    sr->insns = res.insns_retired - insns0;
    r->rep->insns = res.insns_retired;
    progress(r, "witness", i, done, total);
    zk_witness w;
    t0 = now_s();
    if (zk_witness_build(r->p, r->wprog, r->n_wprog, t, r->o->input, r->o->input_len, &r->mem,
                         last, s->end_pc,
                         zk_faulty(r->o) ? 1 | (r->o->fault.heap_stale ? ZK_FOLLOW_STALE : 0) : 0,
                         &w, err))
        return uvm_err_prefix(err, "segment %u", i);
    sr->t_witness = now_s() - t0;
    if (w.n_touched > ZK_MAX_TOUCHED) { /* the verifier would refuse its boundary */
        uvm_errf(err, "zkvm: segment %u touches %llu memory keys, a proof carries at most %llu "
                 "per segment; lower --segment-uops", i, (unsigned long long)w.n_touched,
                 (unsigned long long)ZK_MAX_TOUCHED);
        zk_witness_free(&w);
        return -1;
    }
    s->n_steps = w.n_steps;
    r->uops_done += t->n;
    progress(r, "prove", i, done, total);
    int rc = prove_seg(r, i, &w, sr, err);
    zk_witness_free(&w);
    return rc;
}

static int prove_run(zk_run *r, uint8_t **proof, size_t *len, uvm_err *err)
{
    vm_result res;
    progress(r, "execute", 0, 0, 0);
    if (r->o->input_len >= (1ull << 32))
        return uvm_errf(err, "zkvm: input of %zu bytes is too large (at most 2^32 - 1)",
                        r->o->input_len);
    double t0 = now_s();
    if (zk_prog_build(r->p, &r->prog, &r->n_prog, err))
        return -1;
    r->wprog = r->prog, r->n_wprog = r->n_prog;
    if (r->o->fault.exec && r->o->fault.exec_rows &&
        zk_prog_build(r->o->fault.exec, &r->wprog, &r->n_wprog, err))
        return -1;
    if (check_run(r, &res, err))
        return -1;
    r->rep->t_execute = now_s() - t0;
    uint64_t total = res.uops;
    uint64_t n = (total + r->seg_uops - 1) / r->seg_uops;
    if (!n || n > ZK_MAX_SEGMENTS)
        return uvm_errf(err, "zkvm: %llu segments (at most %u; raise --segment-uops)",
                        (unsigned long long)n, ZK_MAX_SEGMENTS);
    zk_file *f = &r->f;
    *f = (zk_file){.exit_code = res.exit_code, .entry = r->p->entry, .output = r->out.p,
                   .output_len = (uint32_t)r->out.n, .n_seg = (uint32_t)n};
    memcpy(f->elf_hash, r->p->elf_hash, 32);
    zk_program_digest(r->p, r->prog, r->n_prog, f->prog_digest);
    f->level = r->p->level;
    f->flags = r->p->flags;
    memcpy(f->hints_hash, r->p->hints_hash, 32);
    f->input = r->o->input;
    f->input_len = (uint32_t)r->o->input_len;
    f->input_used = (uint32_t)res.input_used;
    f->seg = calloc(n, sizeof *f->seg);
    r->rep->seg = calloc(n, sizeof *r->rep->seg);
    if (!f->seg || !r->rep->seg)
        return uvm_errf(err, "zkvm: out of memory for %llu segments", (unsigned long long)n);
    r->rep->n_seg = f->n_seg;
    r->rep->uops = total;
    r->rep->exit_code = res.exit_code;
    vm_config cfg = run_config(r, 0);
    vm_tseg *g = vm_tseg_open(r->o->fault.exec ? r->o->fault.exec : r->p, &cfg, err);
    vm_trace t = {0};
    int rc = g ? 0 : -1;
    for (uint32_t i = 0; rc == 0 && i < f->n_seg; i++)
        rc = do_seg(r, g, &t, i, total, err);
    vm_trace_free(&t);
    vm_tseg_close(g);
    int write = 1; /* STARKs proved elsewhere (zk_prove_opts.dist), in segment order */
    for (uint32_t i = 0; rc == 0 && write && i < f->n_seg; i++) {
        if (f->seg[i].stark)
            continue;
        uint8_t *b = NULL;
        size_t n = 0;
        int got = r->o->dist.gather
                      ? r->o->dist.gather(r->o->dist.ctx, i, &b, &n, &r->rep->seg[i], err)
                      : uvm_errf(err, "zkvm: segment %u has no STARK (bug)", i);
        if (got < 0)
            rc = -1;
        else if (got > 0)
            write = 0;
        else {
            f->seg[i].stark = b;
            f->seg[i].stark_len = n;
            add_seg_totals(r->rep, &r->rep->seg[i]);
        }
    }
    if (rc == 0 && write)
        rc = zk_file_write(f, proof, len, err);
    progress(r, "done", f->n_seg ? f->n_seg - 1 : 0, rc ? 0 : total, total);
    return rc;
}

int zk_prove(const uisa_program *p, const zk_prove_opts *o, uint8_t **proof, size_t *len,
             zk_report *rep, uvm_err *err)
{
    zk_report dummy;
    int own = !rep;
    if (own)
        rep = &dummy;
    memset(rep, 0, sizeof *rep);
    *proof = NULL;
    *len = 0;
    zk_run r = {.p = p, .o = o, .rep = rep, .t0 = now_s(),
                .seg_uops = o->segment_uops ? o->segment_uops : ZK_DEFAULT_SEGMENT_UOPS};
    int rc = -1;
    if (r.seg_uops > ZK_MAX_SEG_STEPS / 2) /* a split fused uop takes two steps */
        uvm_errf(err, "zkvm: segment size %llu uops exceeds %llu",
                 (unsigned long long)r.seg_uops, (unsigned long long)ZK_MAX_SEG_STEPS / 2);
    else
        rc = prove_run(&r, proof, len, err);
    for (uint32_t i = 0; r.f.seg && i < r.f.n_seg; i++) {
        free(r.f.seg[i].keys);
        free(r.f.seg[i].final);
        free(r.f.seg[i].brk);
        free((void *)r.f.seg[i].stark);
    }
    free(r.f.seg);
    free(r.out.p);
    if (r.wprog != r.prog)
        free(r.wprog);
    free(r.prog);
    zk_mem_free(&r.mem);
    rep->t_total = now_s() - r.t0;
    rep->proof_bytes = rc ? 0 : *len;
    if (own || rc)
        zk_report_free(rep);
    return rc;
}
