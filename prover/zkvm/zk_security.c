/* zk_security.c — the soundness bits of a .uvp (security.h over every
 * segment's STARK shape; a run is as strong as its weakest segment, per
 * regime), and of a model segment whose chips all have one height.
 * Invariant: the shape is what the verifier knows (the system built from the
 * program table for the proof's blowup, the proof's heights and parameters),
 * and the public LogUp fractions are counted as the verifier adds them. */
#include <stdlib.h>
#include <string.h>

#include "security.h"
#include "zk_file.h"
#include "zk_security.h"
#include "zk_wit.h"
#include "zkvm.h"

uint64_t zk_pub_fractions(const zk_pub_ctx *pc)
{
    /* zk_air.c public_sum: EXEC start and end, per touched key one MEM send
     * and one TOUCH receive (an upper bound: a heap key unmapped at the start
     * or end has fewer), one per heap birth or kill; chip_sys.c: one per output
     * and input byte (an upper bound: the segment moves a sub-range of them)
     * and one BRK receive per brk event */
    return 2 + 2 * pc->n_touched + pc->output_len + pc->input_used + pc->n_brk +
           (pc->heap ? pc->heap->n_life : 0);
}

/* The segment's system as the verifier builds it (zk_verify.c verify_seg). */
static air_system *seg_system(const uisa_program *p, const zk_file *f, const zk_seg *s,
                              const zk_prow *prog, uint32_t n_prog, const stark_params *P,
                              uint32_t brk_before, uvm_err *err)
{
    zk_pub_ctx pc;
    zk_heap heap = {0};
    memset(&pc, 0, sizeof pc);
    pc.prog = prog, pc.n_prog = n_prog;
    if (s)
        pc.n_touched = s->n_touched, pc.keys = s->keys, pc.final = s->final,
        pc.n_brk = s->n_brk, pc.brk = s->brk;
    if (f)
        pc.output = f->output, pc.output_len = f->output_len, pc.input = f->input,
        pc.input_used = f->input_used;
    abi_heap_bounds(p, &pc.brk_start, &pc.brk_limit);
    /* the heap lifetimes (memfinal's width, the births' and kills' fractions) */
    if (s && zk_memmap_heap(pc.brk_start, pc.brk_limit, brk_before, s->brk, s->n_brk, s->keys,
                            s->n_touched, &heap, err))
        return NULL;
    pc.heap = &heap;
    pc.max_degree = stark_max_degree(P);
    air_system *sys = zk_air_build(&pc, err);
    if (sys) {
        stark_sec_set_public_fractions(sys, zk_pub_fractions(&pc));
        air_system_set_public_sum(sys, NULL, NULL); /* pc and heap are this frame's */
    }
    zk_heap_free(&heap);
    return sys;
}

int zk_security(const uisa_program *p, const uint8_t *proof, size_t len, stark_security *out,
                uvm_err *err)
{
    zk_file f;
    if (zk_file_parse(proof, len, &f, err))
        return -1;
    zk_prow *prog = NULL;
    uint32_t n_prog = 0;
    int rc = f.n_seg ? zk_prog_build(p, &prog, &n_prog, err) : uvm_errf(err, "security: no segment");
    uint32_t brk = 0, lim; /* the break at each segment's start, from the events */
    abi_heap_bounds(p, &brk, &lim);
    for (uint32_t i = 0; !rc && i < f.n_seg; i++) {
        stark_proof sp = {0};
        stark_security s;
        air_system *sys = NULL;
        rc = stark_proof_load(f.seg[i].stark, f.seg[i].stark_len, &sp, err);
        if (!rc && !(sys = seg_system(p, &f, &f.seg[i], prog, n_prog, &sp.params, brk, err)))
            rc = -1;
        if (f.seg[i].n_brk)
            brk = f.seg[i].brk[f.seg[i].n_brk - 1].brk;
        if (!rc)
            rc = stark_proof_security(sys, &sp, &s, err);
        if (!rc && i == 0)
            *out = s;
        else if (!rc)
            stark_security_min(out, &s);
        if (rc)
            uvm_err_prefix(err, "security: segment %u of %u", i, f.n_seg);
        air_system_free(sys);
        stark_proof_free(&sp);
    }
    free(prog);
    zk_file_free(&f);
    return rc;
}

int zk_security_model(const uisa_program *p, const stark_params *P, unsigned log_h,
                      double fractions, stark_security *out, uvm_err *err)
{
    zk_prow *prog = NULL;
    uint32_t n_prog = 0;
    if (zk_prog_build(p, &prog, &n_prog, err))
        return -1;
    air_system *sys = seg_system(p, NULL, NULL, prog, n_prog, P, 0, err);
    int rc = sys ? 0 : -1;
    stark_sec_shape s;
    uint32_t h[ZK_N_CHIPS + 8];
    size_t n = sys ? air_system_n_chips(sys) : 0;
    if (!rc && n > sizeof h / sizeof h[0])
        rc = uvm_errf(err, "security: %zu chips", n);
    for (size_t i = 0; !rc && i < n; i++)
        h[i] = log_h;
    if (!rc)
        rc = stark_sec_shape_of(sys, P, h, &s, err);
    if (!rc && fractions > 0)
        s.logup_fractions = fractions;
    if (!rc)
        rc = stark_security_compute(&s, out, err);
    air_system_free(sys);
    free(prog);
    return rc;
}
