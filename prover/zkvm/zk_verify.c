/* zk_verify.c — zk_verify: checks that a .uvp's segments form one run of the
 * program and that each segment's STARK verifies. Invariant: the initial
 * value of every key a segment touches is derived by the verifier (the last
 * final value an earlier segment gave it, else the program image) and bound
 * into that segment's digest, so memory cannot be spliced between segments,
 * and start pc / step index chain, so segments cannot be reordered or dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "zk_bound.h"
#include "zk_file.h"
#include "zk_memmap.h"
#include "zk_security.h"
#include "zk_wit.h"
#include "zkvm.h"

/* Touched keys must be sorted, unique, and each a register (<= the sink), a
 * state key (cursors, break) or a 4-aligned RAM word. */
static int check_keys(const zk_seg *s, uvm_err *err)
{
    for (uint64_t i = 0; i < s->n_touched; i++) {
        uint64_t k = s->keys[i];
        if (!zk_key_valid(k))
            return uvm_errf(err, "touched key %llu is not a register or aligned word",
                            (unsigned long long)k);
        if (i && k <= s->keys[i - 1])
            return uvm_errf(err, "touched keys not strictly increasing at %llu",
                            (unsigned long long)i);
    }
    return 0;
}

/* Segment i continues segment i-1 (or starts the run) and only the last exits. */
static int check_chain(const zk_file *f, uint32_t i, uvm_err *err)
{
    const zk_seg *s = &f->seg[i], *prev = i ? &f->seg[i - 1] : NULL;
    uint32_t want_pc = prev ? prev->end_pc : f->entry;
    uint64_t want_step = prev ? prev->start_step + prev->n_steps : 0;
    if (s->start_pc != want_pc)
        return uvm_errf(err, "starts at pc 0x%08x, the %s at 0x%08x", s->start_pc,
                        prev ? "previous segment ended" : "program entry is", want_pc);
    if (s->start_step != want_step)
        return uvm_errf(err, "starts at step %llu, expected %llu",
                        (unsigned long long)s->start_step, (unsigned long long)want_step);
    if (!s->n_steps || s->n_steps > ZK_MAX_SEG_STEPS)
        return uvm_errf(err, "%llu steps (1 to %llu allowed)", (unsigned long long)s->n_steps,
                        (unsigned long long)ZK_MAX_SEG_STEPS);
    uint32_t last = i + 1 == f->n_seg;
    if (s->ends_exit != last)
        return uvm_errf(err, last ? "the last segment does not end in exit"
                                  : "a segment before the last ends in exit");
    if (last && s->end_pc)
        return uvm_errf(err, "the exiting segment has end pc 0x%08x (must be 0)", s->end_pc);
    return 0;
}

/* Verifies segment i's STARK; init is derived from mem, which then takes the
 * segment's final values. */
static int verify_seg(const uisa_program *p, const zk_file *f, uint32_t i, const zk_prow *prog,
                      uint32_t n_prog, zk_shadow *mem, const stark_policy *pol, uvm_err *err)
{
    const zk_seg *s = &f->seg[i];
    if (check_chain(f, i, err) || check_keys(s, err))
        return -1;
    uint32_t *init = malloc((s->n_touched + 1) * sizeof *init);
    if (!init)
        return uvm_errf(err, "out of memory");
    uint32_t brk0 = zk_mem_value(mem, p, ZK_KEY_BRK), brk_fin = brk0, brk_max;
    for (uint64_t k = 0; k < s->n_touched; k++) {
        init[k] = zk_mem_value(mem, p, s->keys[k]);
        if (s->keys[k] == ZK_KEY_BRK)
            brk_fin = s->final[k];
    }
    /* the events' chain first: they give the break at every step (their
     * receive on BUS_BRK ties them to the brk rows), then the heap keys'
     * lifetimes (births and kills on the buses, zk_memmap.h) */
    zk_heap heap = {0};
    uint32_t brk_start, brk_limit;
    abi_heap_bounds(p, &brk_start, &brk_limit);
    if (zk_memmap_brk_chain(brk0, brk_fin, s->brk, s->n_brk, s->n_steps, &brk_max, err) ||
        zk_memmap_heap(brk_start, brk_limit, brk0, s->brk, s->n_brk, s->keys, s->n_touched,
                       &heap, err) ||
        zk_memmap_check(p, &heap, s->keys, init, s->final, s->n_touched, err)) {
        zk_heap_free(&heap);
        free(init);
        return -1;
    }
    uint64_t d[8];
    zk_file_digest(f, i, init, d);
    gl_t pub[ZK_N_PUB] = {[ZK_PUB_EXIT] = f->exit_code, [ZK_PUB_ENTRY] = s->start_pc,
                          [ZK_PUB_END_PC] = s->end_pc, [ZK_PUB_END_TS] = s->n_steps,
                          [ZK_PUB_ENDS] = s->ends_exit, [ZK_PUB_INLEN] = f->input_len};
    for (int k = 0; k < 8; k++)
        pub[ZK_PUB_DIGEST + k] = d[k];
    zk_pub_ctx pc = {prog,      n_prog,        s->n_touched, s->keys,        init, s->final,
                     f->output, f->output_len, f->input,     f->input_used, 0,    0,
                     s->n_brk,  s->brk,        0,    &heap};
    pc.brk_start = brk_start, pc.brk_limit = brk_limit;
    /* the system is built for the proof's blowup (its LogUp packing depends
     * on it); parameters below policy are refused by stark_verify */
    stark_proof sp = {0};
    air_system *sys = NULL;
    int rc = -1;
    if (!stark_proof_load(s->stark, s->stark_len, &sp, err)) {
        pc.max_degree = stark_max_degree(&sp.params);
        if ((sys = zk_air_build(&pc, err)))
            stark_sec_set_public_fractions(sys, zk_pub_fractions(&pc));
    }
    if (sys && !stark_verify(sys, pub, ZK_N_PUB, &sp, pol, err))
        rc = 0;
    for (uint64_t k = 0; rc == 0 && k < s->n_touched; k++)
        if (zk_mem_set(mem, p, s->keys[k], s->final[k]))
            rc = uvm_errf(err, "out of memory");
    if (rc == 0 && zk_mem_end_seg(mem, p, heap.brk_min))
        rc = uvm_errf(err, "out of memory");
    zk_heap_free(&heap);
    stark_proof_free(&sp);
    air_system_free(sys);
    free(init);
    return rc;
}

static void hex8(char *o, const uint8_t *h)
{
    for (int i = 0; i < 8; i++)
        snprintf(o + 2 * i, 3, "%02x", h[i]);
}

/* The statement's program is p: the same table and image (the digest the
 * verifier recomputes), and the same translation record in its header. */
static int check_program(const zk_file *f, const uisa_program *p, const zk_prow *prog,
                         uint32_t n_prog, uvm_err *err)
{
    uint8_t d[32];
    char a[17], b[17];
    zk_program_digest(p, prog, n_prog, d);
    if (memcmp(d, f->prog_digest, 32)) {
        hex8(a, f->prog_digest), hex8(b, d);
        return uvm_errf(err, "proof is for a different program: program digest %s..., the "
                        "given program's is %s... (another translation of the ELF?)", a, b);
    }
    if (f->level != p->level || f->flags != p->flags || memcmp(f->hints_hash, p->hints_hash, 32))
        return uvm_errf(err, "proof is for a different translation: -O%u (flags 0x%x), the given "
                        "program is -O%u (flags 0x%x) or has other hints", f->level, f->flags, p->level,
                        p->flags);
    return 0;
}

static int fill_claim(const zk_file *f, zk_claim *claim, uvm_err *err)
{
    claim->exit_code = f->exit_code;
    sha256(f->input_len ? f->input : (const uint8_t *)"", f->input_len, claim->input_hash);
    claim->input_len = f->input_len;
    claim->input_used = f->input_used;
    memcpy(claim->elf_hash, f->elf_hash, 32);
    memcpy(claim->prog_digest, f->prog_digest, 32);
    claim->level = f->level;
    claim->flags = f->flags;
    memcpy(claim->hints_hash, f->hints_hash, 32);
    memcpy(claim->proof_id, f->id, 32);
    claim->n_seg = f->n_seg;
    const zk_seg *l = &f->seg[f->n_seg - 1];
    claim->steps = l->start_step + l->n_steps;
    claim->output = malloc(f->output_len + 1);
    if (!claim->output)
        return uvm_errf(err, "verify: out of memory");
    memcpy(claim->output, f->output, f->output_len);
    claim->output_len = f->output_len;
    return 0;
}

int zk_verify(const uisa_program *p, const uint8_t *proof, size_t len, unsigned min_security,
              zk_claim *claim, uvm_err *err)
{
    stark_policy pol = stark_policy_default();
    if (min_security) /* a bare number: the conjectured regime, as before */
        pol.min_security_bits = min_security, pol.regime = STARK_REGIME_CONJ;
    return zk_verify_policy(p, proof, len, &pol, claim, err);
}

int zk_verify_policy(const uisa_program *p, const uint8_t *proof, size_t len,
                     const stark_policy *policy, zk_claim *claim, uvm_err *err)
{
    zk_file f;
    if (claim)
        memset(claim, 0, sizeof *claim);
    if (zk_file_parse(proof, len, &f, err))
        return -1;
    zk_prow *prog = NULL;
    uint32_t n_prog = 0;
    zk_shadow mem = {0};
    int rc = -1;
    stark_policy pol = policy ? *policy : stark_policy_default();
    if (memcmp(f.elf_hash, p->elf_hash, 32) || f.entry != p->entry) {
        uvm_errf(err, "proof is for a different program (ELF hash or entry differs)");
        goto done;
    }
    if (zk_prog_build(p, &prog, &n_prog, err) || check_program(&f, p, prog, n_prog, err))
        goto done;
    for (uint32_t i = 0; i < f.n_seg; i++)
        if (verify_seg(p, &f, i, prog, n_prog, &mem, &pol, err)) {
            uvm_err_prefix(err, "proof rejected: segment %u of %u", i, f.n_seg);
            goto done;
        }
    /* each segment's OUT/IN sums cover [cursor initial, final); the last
     * finals must reach the statement's ends, so no claimed byte is unproved */
    if (zk_mem_value(&mem, p, ZK_KEY_OUTPOS) != f.output_len ||
        zk_mem_value(&mem, p, ZK_KEY_INPOS) != f.input_used) {
        uvm_errf(err, "proof rejected: the run wrote %u output bytes and read %u input bytes, "
                 "the statement claims %u and %u", zk_mem_value(&mem, p, ZK_KEY_OUTPOS),
                 zk_mem_value(&mem, p, ZK_KEY_INPOS), f.output_len, f.input_used);
        goto done;
    }
    if (claim && fill_claim(&f, claim, err))
        goto done;
    rc = 0;
done:
    zk_file_free(&f);
    zk_mem_free(&mem);
    free(prog);
    return rc;
}

void zk_claim_free(zk_claim *c)
{
    free(c->output);
    memset(c, 0, sizeof *c);
}
