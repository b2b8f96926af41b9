/* stark_bench.c — proves a synthetic AIR (2^N rows x C columns, a degree-2 or
 * degree-3 transition per column, one LogUp bus permuting column 0 with its
 * rotation) and prints the prover's phases, verify time, proof size and peak
 * memory; also times the baseline "LDE + Merkle of the main trace once".
 * Usage: stark_bench [--log-rows N] [--cols C] [--hash sha256|poseidon2]
 *                    [--log-blowup B] [--queries Q] [--arity A] [--cpu]
 * --cpu reports process CPU seconds (all threads) instead of wall seconds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "stark.h"

static int use_cpu; /* --cpu: process CPU time (all threads), robust on a shared machine */

static double now(void)
{
    struct timespec ts;
    clock_gettime(use_cpu ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* x_c' = x_c * x_(c+1) + c (even c), x_c' = x_c^2 * x_(c+1) + c (odd c). */
static air_system *build(unsigned cols)
{
    air_system *s = air_system_new("bench", 0);
    air_chip *c = air_chip_new(s, "synth", cols, 0);
    for (unsigned k = 0; k < cols; k++) {
        air_expr x = air_main(c, k), y = air_main(c, (k + 1) % cols);
        air_expr f = air_mul(c, x, y);
        if (k & 1)
            f = air_mul(c, f, x);
        air_expr e = air_sub(c, air_main_next(c, k), air_add(c, f, air_const(c, k)));
        char nm[32];
        snprintf(nm, sizeof nm, "x%u", k);
        air_constrain(c, AIR_TRANSITION, nm, e);
    }
    air_expr cur = air_main(c, 0), nxt = air_main_next(c, 0), one = air_const(c, 1);
    air_send(c, 0, &cur, 1, one);
    air_receive(c, 0, &nxt, 1, one);
    return s;
}

/* Rows follow the transition; the last row wraps to row 0 only through the
 * bus (the transition is not enforced on the last row), so row 0 is chosen
 * freely and the permutation of column 0 with its rotation holds trivially. */
static int gen(gl_matrix *m, size_t n, unsigned cols)
{
    if (gl_matrix_alloc(m, n, cols))
        return -1;
    for (unsigned k = 0; k < cols; k++)
        m->data[k] = 3 + k;
    for (size_t r = 0; r + 1 < n; r++) {
        const gl_t *a = m->data + r * cols;
        gl_t *b = m->data + (r + 1) * cols;
        for (unsigned k = 0; k < cols; k++) {
            gl_t f = gl_mul(a[k], a[(k + 1) % cols]);
            if (k & 1)
                f = gl_mul(f, a[k]);
            b[k] = gl_add(f, k);
        }
    }
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: stark_bench [--log-rows N] [--cols C] [--hash sha256|poseidon2] "
                    "[--log-blowup B] [--queries Q] [--arity A] [--cpu]\n");
}

int main(int argc, char **argv)
{
    unsigned log_rows = 20, cols = 64;
    stark_prove_opts o = stark_prove_opts_default();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--cpu")) {
            use_cpu = 1;
            continue;
        }
        if (!v) {
            usage();
            return 2;
        }
        if (!strcmp(a, "--log-rows"))
            log_rows = (unsigned)atoi(v);
        else if (!strcmp(a, "--cols"))
            cols = (unsigned)atoi(v);
        else if (!strcmp(a, "--hash"))
            o.hash = !strcmp(v, "poseidon2") ? HASH_POSEIDON2 : HASH_SHA256;
        else if (!strcmp(a, "--log-blowup"))
            o.params.log_blowup = (uint8_t)atoi(v);
        else if (!strcmp(a, "--queries"))
            o.params.n_queries = (uint16_t)atoi(v);
        else if (!strcmp(a, "--arity"))
            o.params.log_arity = (uint8_t)atoi(v);
        else {
            usage();
            return 2;
        }
        i++;
    }
    if (log_rows < 4 || log_rows > 24 || cols < 2 || cols > 1024) {
        fprintf(stderr, "stark_bench: --log-rows must be 4..24 and --cols 2..1024\n");
        return 2;
    }
    uvm_err err = {{0}};
    air_system *sys = build(cols);
    if (air_system_finalize(sys, &err)) {
        fprintf(stderr, "stark_bench: %s\n", err.msg);
        return 1;
    }
    size_t n = (size_t)1 << log_rows;
    double t0 = now();
    gl_matrix tr = {0};
    if (gen(&tr, n, cols)) {
        fprintf(stderr, "stark_bench: out of memory\n");
        return 1;
    }
    double t_gen = now() - t0;

    stark_timings tm = {.cpu_time = use_cpu};
    o.timings = &tm;
    stark_proof p;
    if (stark_prove(sys, NULL, 0, &tr, &o, &p, &err)) {
        fprintf(stderr, "stark_bench: %s\n", err.msg);
        return 1;
    }
    uint8_t *buf;
    size_t len;
    if (stark_proof_save(&p, &buf, &len, &err)) {
        fprintf(stderr, "stark_bench: %s\n", err.msg);
        return 1;
    }
    stark_proof q;
    stark_policy pol = stark_policy_default();
    t0 = now();
    int vrc = stark_proof_load(buf, len, &q, &err) || stark_verify(sys, NULL, 0, &q, &pol, &err);
    double t_ver = now() - t0;
    if (vrc) {
        fprintf(stderr, "stark_bench: verify failed: %s\n", err.msg);
        return 1;
    }
    /* baseline: LDE + Merkle commitment of the main trace, once (after the
     * proof, so both see warm twiddle tables and allocator) */
    t0 = now();
    gl_matrix lde = {0};
    merkle_tree mt = {0};
    if (ntt_lde(&tr, o.params.log_blowup, GL_GENERATOR, &lde)) {
        fprintf(stderr, "stark_bench: out of memory\n");
        return 1;
    }
    double t_blde = now() - t0;
    t0 = now();
    if (merkle_commit(&mt, hash_get(o.hash), &lde)) {
        fprintf(stderr, "stark_bench: out of memory\n");
        return 1;
    }
    double t_bhash = now() - t0;
    merkle_free(&mt);
    gl_matrix_free(&lde);

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);

    double T = tm.total;
    printf("stark_bench: 2^%u rows x %u cols, degree %u, hash %s, blowup 2^%u, %u queries, arity 2^%u, "
           "grinding %u, query bits %u (queries x log_blowup + grinding; the regimes: docs/security.md)\n", log_rows, cols, air_chip_degree(air_system_chip(sys, 0)),
           hash_get(o.hash)->name, o.params.log_blowup, o.params.n_queries, o.params.log_arity,
           o.params.grinding_bits, stark_params_security(&o.params));
    air_widths wd = air_chip_widths(air_system_chip(sys, 0));
    printf("  committed columns per row: main %zu + LogUp aux %zu + quotient %zu (x blowup 2^%u)\n",
           wd.main, wd.aux, wd.quotient, o.params.log_blowup);
    printf("  times are %s seconds\n", use_cpu ? "process CPU (all threads)" : "wall");
    printf("  trace gen        %8.3f s\n", t_gen);
    struct { const char *name; double t; } ph[] = {
        {"LDE (core)", tm.lde},    {"Merkle commit (core)", tm.commit},
        {"LogUp aux trace", tm.logup}, {"quotient", tm.quotient},
        {"OOD openings", tm.ood},  {"DEEP + FRI + grind", tm.fri},
        {"query openings", tm.open},
    };
    double acc = 0;
    for (size_t k = 0; k < sizeof ph / sizeof ph[0]; k++) {
        printf("  %-20s %8.3f s  %5.1f%%\n", ph[k].name, ph[k].t, 100 * ph[k].t / T);
        acc += ph[k].t;
    }
    printf("  %-20s %8.3f s  %5.1f%%\n", "other", T - acc, 100 * (T - acc) / T);
    printf("  total prove      %8.3f s  (core LDE + Merkle: %.1f%%, prover/stark: %.1f%%)\n", T,
           100 * (tm.lde + tm.commit) / T, 100 * (T - tm.lde - tm.commit) / T);
    printf("  verify           %8.3f s\n", t_ver);
    printf("  proof size       %8zu bytes\n", len);
    printf("  peak memory      %8.1f MiB (ru_maxrss)\n", (double)ru.ru_maxrss / 1024.0);
    printf("  baseline LDE+hash of main trace once: %.3f s (LDE %.3f + Merkle %.3f); prove / baseline = %.2fx\n",
           t_blde + t_bhash, t_blde, t_bhash, T / (t_blde + t_bhash));
    free(buf);
    stark_proof_free(&q);
    stark_proof_free(&p);
    gl_matrix_free(&tr);
    air_system_free(sys);
    return 0;
}
