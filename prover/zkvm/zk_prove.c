/* zk_prove.c — zk_prove and zk_verify: trace, witness, statement, STARK,
 * container. Invariant: prover and verifier build the AIR with the same
 * zk_air_build from the same program table, and the public inputs carry a
 * digest of the whole statement, so nothing in the file is unbound. */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "sha256.h"
#include "zk_file.h"
#include "zk_wit.h"
#include "zkvm.h"

_Static_assert((int)ZK_N_CHIPS == (int)ZC_COUNT, "zkvm.h chip count");

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

zk_prove_opts zk_prove_opts_default(void)
{
    return (zk_prove_opts){.params = stark_params_default(), .max_rows = ZK_DEFAULT_MAX_ROWS};
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

typedef struct outbuf { uint8_t *p; size_t n; int oom; } outbuf;

static int capture(void *ctx, int fd, const void *buf, size_t len)
{
    outbuf *o = ctx;
    if (fd != 1)
        return 0;
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

static void make_pub(const zk_file *f, gl_t pub[ZK_N_PUB])
{
    uint64_t d[8];
    zk_file_digest(f, d);
    pub[ZK_PUB_EXIT] = f->exit_code;
    pub[ZK_PUB_ENTRY] = f->entry;
    pub[ZK_PUB_INLEN] = f->input_len;
    for (int i = 0; i < 8; i++)
        pub[ZK_PUB_DIGEST + i] = d[i];
}

static int run_traced(const uisa_program *p, const zk_prove_opts *o, vm_trace *t,
                      vm_result *res, outbuf *out, uvm_err *err)
{
    uint64_t max_rows = o->max_rows ? o->max_rows : ZK_DEFAULT_MAX_ROWS;
    vm_config cfg = {.max_cycles = o->max_cycles, .input = o->input,
                     .input_len = o->input_len, .write = capture, .write_ctx = out};
    if (vm_trace_run(p, &cfg, max_rows, t, res, err))
        return -1;
    if (res->stop == VM_STOP_EXIT && !out->oom)
        return 0;
    int hit_rows = res->stop == VM_STOP_CYCLE_LIMIT &&
                   (!o->max_cycles || o->max_cycles > max_rows) && res->uops == max_rows;
    if (res->stop == VM_STOP_FAULT)
        uvm_errf(err, "guest fault at pc 0x%08x: %s; no proof written", res->pc, res->msg);
    else if (hit_rows)
        uvm_errf(err, "run exceeds one segment of %llu uops (continuations are not implemented "
                 "yet; raise --max-rows); no proof written", (unsigned long long)max_rows);
    else if (res->stop == VM_STOP_CYCLE_LIMIT)
        uvm_errf(err, "run exceeds --max-cycles %llu; no proof written",
                 (unsigned long long)o->max_cycles);
    else
        uvm_errf(err, "out of memory capturing the guest output");
    vm_trace_free(t);
    return -1;
}

static void fill_report(zk_report *rep, const air_system *sys, const zk_witness *w,
                        const vm_result *res)
{
    rep->uops = res->uops;
    rep->insns = res->insns_retired;
    rep->exit_code = res->exit_code;
    rep->n_touched = w->n_touched;
    rep->cells = rep->cells_exec = 0;
    for (int c = 0; c < ZC_COUNT; c++) {
        const air_chip *ch = air_system_chip(sys, (size_t)c);
        air_widths wd = air_chip_widths(ch);
        static const char *const tail[] = {"program", "range16", "bytes", "pow2", "memfinal",
                                           "keccak", "io"};
        rep->chip_name[c] = c < ZC_N_EXEC ? zk_chips[c].name : tail[c - ZC_N_EXEC];
        rep->rows[c] = w->rows[c];
        rep->height[c] = w->tr[c].rows;
        rep->width[c] = wd.main + wd.fixed + wd.aux;
        rep->cells += rep->height[c] * rep->width[c];
        if (c < ZC_N_EXEC || c == ZC_IO) /* io rows are per byte moved: execution too */
            rep->cells_exec += rep->rows[c] * rep->width[c];
    }
}

/* The value of key at the end of the run (memfinal's row), 0 if untouched. */
static uint64_t final_value(const zk_witness *w, uint64_t key)
{
    for (uint64_t i = 0; i < w->n_touched; i++)
        if (w->keys[i] == key)
            return w->tr[ZC_FINAL].data[4 * i + 1];
    return 0;
}

int zk_prove(const uisa_program *p, const zk_prove_opts *o, uint8_t **proof, size_t *len,
             zk_report *rep, uvm_err *err)
{
    zk_report dummy;
    if (!rep)
        rep = &dummy;
    memset(rep, 0, sizeof *rep);
    double t0 = now_s();
    vm_trace t;
    vm_result res;
    outbuf out = {0};
    zk_witness w = {0};
    zk_prow *prog = NULL;
    uint32_t n_prog = 0;
    air_system *sys = NULL;
    stark_proof sp = {0};
    uint8_t *sbytes = NULL;
    size_t slen = 0;
    int rc = -1;
    if (o->input_len >= (1ull << 32)) {
        uvm_errf(err, "zkvm: input of %zu bytes is too large (at most 2^32 - 1)", o->input_len);
        goto done_out;
    }
    if (run_traced(p, o, &t, &res, &out, err))
        goto done_out;
    rep->t_trace = now_s() - t0;
    double t1 = now_s();
    if (zk_prog_build(p, &prog, &n_prog, err) ||
        zk_witness_build(p, prog, n_prog, &t, o->input, o->input_len, &w, err))
        goto done;
    rep->t_witness = now_s() - t1;
    zk_file f = {.exit_code = res.exit_code, .entry = p->entry, .output = out.p,
                 .output_len = (uint32_t)out.n, .n_touched = w.n_touched, .keys = w.keys};
    memcpy(f.elf_hash, p->elf_hash, 32);
    f.input = o->input;
    f.input_len = (uint32_t)o->input_len;
    f.input_used = (uint32_t)final_value(&w, ZK_KEY_INPOS);
    if (o->mutate)
        o->mutate(o->mutate_ctx, w.tr, &f.exit_code, out.p, out.n, w.keys, w.init, w.n_touched);
    if (o->mutate_stmt)
        o->mutate_stmt(o->mutate_ctx, &f);
    gl_t pub[ZK_N_PUB];
    make_pub(&f, pub);
    zk_pub_ctx pc = {prog, n_prog, w.n_touched, w.keys, w.init, f.output, f.output_len, f.input,
                     f.input_used, 0, 0};
    vm_heap_bounds(p, NULL, &pc.brk_start, &pc.brk_limit);
    if (!(sys = zk_air_build(&pc, err)))
        goto done;
    double t2 = now_s();
    stark_prove_opts so = stark_prove_opts_default();
    so.params = o->params;
    so.check_rows = o->check_rows;
    so.unchecked = o->mutate != NULL || o->mutate_stmt != NULL;
    so.timings = &rep->st;
    if (stark_prove(sys, pub, ZK_N_PUB, w.tr, &so, &sp, err) ||
        stark_proof_save(&sp, &sbytes, &slen, err))
        goto done;
    rep->t_stark = now_s() - t2;
    f.stark = sbytes;
    f.stark_len = slen;
    if (zk_file_write(&f, proof, len, err))
        goto done;
    fill_report(rep, sys, &w, &res);
    rep->proof_bytes = *len;
    rc = 0;
done:
    vm_trace_free(&t);
done_out:
    rep->t_total = now_s() - t0;
    free(out.p);
    free(prog);
    free(sbytes);
    stark_proof_free(&sp);
    air_system_free(sys);
    zk_witness_free(&w);
    return rc;
}

/* Touched keys must be sorted, unique, and each a register (<= the sink), a
 * state key (cursors, break) or a 4-aligned RAM word. */
static int check_keys(const zk_file *f, uvm_err *err)
{
    for (uint64_t i = 0; i < f->n_touched; i++) {
        uint64_t k = f->keys[i];
        int reg = k >= ZK_KEY_REG(0) && k <= ZK_KEY_LAST;
        int ram = k >= ZK_KEY_RAM(0) && k < ZK_KEY_RAM(0) + ZK_TWO32 && !(k & 3);
        if (!reg && !ram)
            return uvm_errf(err, "proof: touched key %llu is not a register or aligned word",
                            (unsigned long long)k);
        if (i && k <= f->keys[i - 1])
            return uvm_errf(err, "proof: touched keys not strictly increasing at %llu",
                            (unsigned long long)i);
    }
    return 0;
}

int zk_verify(const uisa_program *p, const uint8_t *proof, size_t len, unsigned min_security,
              zk_claim *claim, uvm_err *err)
{
    zk_file f;
    if (claim)
        memset(claim, 0, sizeof *claim);
    if (zk_file_parse(proof, len, &f, err))
        return -1;
    zk_prow *prog = NULL;
    uint32_t n_prog = 0, *init = NULL;
    air_system *sys = NULL;
    stark_proof sp = {0};
    int rc = -1;
    if (memcmp(f.elf_hash, p->elf_hash, 32) || f.entry != p->entry) {
        uvm_errf(err, "proof is for a different program (ELF hash or entry differs)");
        goto done;
    }
    if (check_keys(&f, err))
        goto done;
    init = malloc((f.n_touched + 1) * sizeof *init);
    if (!init) {
        uvm_errf(err, "verify: out of memory");
        goto done;
    }
    for (uint64_t i = 0; i < f.n_touched; i++)
        init[i] = zk_init_value(p, f.keys[i]);
    if (zk_prog_build(p, &prog, &n_prog, err))
        goto done;
    zk_pub_ctx pc = {prog, n_prog, f.n_touched, f.keys, init, f.output, f.output_len, f.input,
                     f.input_used, 0, 0};
    vm_heap_bounds(p, NULL, &pc.brk_start, &pc.brk_limit);
    if (!(sys = zk_air_build(&pc, err)))
        goto done;
    gl_t pub[ZK_N_PUB];
    make_pub(&f, pub);
    stark_policy pol = stark_policy_default();
    if (min_security)
        pol.min_security_bits = min_security;
    if (stark_proof_load(f.stark, f.stark_len, &sp, err) ||
        stark_verify(sys, pub, ZK_N_PUB, &sp, &pol, err)) {
        uvm_err_prefix(err, "proof rejected");
        goto done;
    }
    if (claim) {
        claim->exit_code = f.exit_code;
        sha256(f.input_len ? f.input : (const uint8_t *)"", f.input_len, claim->input_hash);
        claim->input_len = f.input_len;
        claim->input_used = f.input_used;
        memcpy(claim->elf_hash, f.elf_hash, 32);
        claim->output = malloc(f.output_len + 1);
        if (!claim->output) {
            uvm_errf(err, "verify: out of memory");
            goto done;
        }
        memcpy(claim->output, f.output, f.output_len);
        claim->output_len = f.output_len;
    }
    rc = 0;
done:
    free(f.keys);
    free(init);
    free(prog);
    stark_proof_free(&sp);
    air_system_free(sys);
    return rc;
}

void zk_claim_free(zk_claim *c)
{
    free(c->output);
    memset(c, 0, sizeof *c);
}
