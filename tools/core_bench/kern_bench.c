/* kern_bench.c — one prover kernel per run, for `perf stat -e cycles` or
 * callgrind: each mode times only its kernel after a warm-up, so the
 * counters of a whole run compare kernels (and paths: UVM_SIMD, UVM_PORTABLE)
 * without timing noise from a shared machine. Not a test.
 * Usage: kern_bench MODE [log_n=16] [reps=20] [cols=64]; modes:
 *   inv2, inv2ref (the one-chain batch inversion), inv, lde, ntt. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "gl3.h"
#include "gl_vec.h"
#include "ntt.h"


/* The previous gl2_batch_inv (one serial chain per 256-element chunk), kept
 * here as the baseline for the interleaved one. */
static void ref_batch_inv2(gl2_t *out, const gl2_t *in, size_t n)
{
    gl2_t x[256];
    for (size_t base = 0; base < n; base += 256) {
        size_t m = n - base < 256 ? n - base : 256;
        memcpy(x, in + base, m * sizeof *x);
        gl2_t *o = out + base, acc = gl2(1, 0);
        for (size_t i = 0; i < m; i++) {
            o[i] = acc;
            if (x[i].a || x[i].b)
                acc = gl2_mul(acc, x[i]);
        }
        gl2_t inv = gl2_inv(acc);
        for (size_t i = m; i-- > 0;) {
            if (!x[i].a && !x[i].b) {
                o[i] = gl2(0, 0);
                continue;
            }
            gl2_t xi = gl2_mul(inv, o[i]);
            inv = gl2_mul(inv, x[i]);
            o[i] = xi;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: kern_bench inv2|inv2ref|inv|inv3|mul2|mul3|lde|ntt [log_n] [reps] [cols]\n");
        return 2;
    }
    const char *mode = argv[1];
    unsigned log_n = argc > 2 ? (unsigned)atoi(argv[2]) : 16;
    int reps = argc > 3 ? atoi(argv[3]) : 20;
    size_t cols = argc > 4 ? (size_t)atol(argv[4]) : 64;
    if (log_n < 4 || log_n > 24 || reps < 1 || cols < 1 || cols > 1024) {
        fprintf(stderr, "kern_bench: log_n 4..24, reps >= 1, cols 1..1024\n");
        return 2;
    }
    size_t n = (size_t)1 << log_n;
    uint64_t s = 42, sum = 0;
    double t0 = 0, t1 = 0;
    if (!strcmp(mode, "inv2") || !strcmp(mode, "inv2ref") || !strcmp(mode, "inv")) {
        gl2_t *a = malloc(n * sizeof *a), *o = malloc(n * sizeof *o);
        for (size_t i = 0; i < n; i++)
            a[i] = gl2(bench_rng(&s) % GL_P, bench_rng(&s) % GL_P);
        int ref = !strcmp(mode, "inv2ref"), base = !strcmp(mode, "inv");
        for (int r = -1; r < reps; r++) {
            if (r == 0)
                t0 = bench_cpu();
            if (base)
                gl_batch_inv((gl_t *)o, (const gl_t *)a, 2 * n);
            else if (ref)
                ref_batch_inv2(o, a, n);
            else
                gl2_batch_inv(o, a, n);
        }
        t1 = bench_cpu();
        for (size_t i = 0; i < n; i++)
            sum += o[i].a ^ o[i].b;
        free(a), free(o);
    } else if (!strcmp(mode, "inv3")) {
        gl3_t *a = malloc(n * sizeof *a), *o = malloc(n * sizeof *o);
        for (size_t i = 0; i < n; i++)
            a[i] = gl3(bench_rng(&s) % GL_P, bench_rng(&s) % GL_P, bench_rng(&s) % GL_P);
        for (int r = -1; r < reps; r++) {
            if (r == 0)
                t0 = bench_cpu();
            gl3_batch_inv(o, a, n);
        }
        t1 = bench_cpu();
        for (size_t i = 0; i < n; i++)
            sum += o[i].a ^ o[i].b ^ o[i].c;
        free(a), free(o);
    } else if (!strcmp(mode, "mul2") || !strcmp(mode, "mul3")) {
        /* the block evaluator's ext * ext kernel, gl2_vec_mul (AVX2 when
         * present) or gl3_vec_mul (portable), over n elements */
        int three = mode[3] == '3';
        size_t w = three ? 3 : 2;
        gl_t *a = malloc(n * w * sizeof *a), *b = malloc(n * w * sizeof *b), *o = malloc(n * w * sizeof *o);
        for (size_t i = 0; i < n * w; i++)
            a[i] = bench_rng(&s) % GL_P, b[i] = bench_rng(&s) % GL_P;
        for (int r = -1; r < reps; r++) {
            if (r == 0)
                t0 = bench_cpu();
            if (three)
                gl3_vec_mul((gl3_t *)o, (const gl3_t *)a, (const gl3_t *)b, n);
            else
                gl2_vec_mul((gl2_t *)o, (const gl2_t *)a, (const gl2_t *)b, n);
        }
        t1 = bench_cpu();
        for (size_t i = 0; i < n * w; i++)
            sum += o[i];
        free(a), free(b), free(o);
    } else if (!strcmp(mode, "lde")) {
        gl_matrix tr, lde;
        if (gl_matrix_alloc(&tr, n, cols))
            return 1;
        for (size_t i = 0; i < n * cols; i++)
            tr.data[i] = bench_rng(&s) % GL_P;
        for (int r = -1; r < reps; r++) {
            if (r == 0)
                t0 = bench_cpu();
            if (ntt_lde(&tr, 1, GL_GENERATOR, &lde))
                return 1;
            sum += lde.data[lde.rows * cols - 1];
            gl_matrix_free(&lde);
        }
        t1 = bench_cpu();
        gl_matrix_free(&tr);
    } else if (!strcmp(mode, "ntt")) {
        gl_t *a = malloc(n * sizeof *a);
        for (size_t i = 0; i < n; i++)
            a[i] = bench_rng(&s) % GL_P;
        for (int r = -1; r < reps; r++) {
            if (r == 0)
                t0 = bench_cpu();
            ntt_forward(a, log_n);
        }
        t1 = bench_cpu();
        sum = a[n - 1];
        free(a);
    } else {
        fprintf(stderr, "kern_bench: unknown mode %s\n", mode);
        return 2;
    }
    printf("%s 2^%u x%d (%d threads): %.3f ms cpu per rep (check %016llx)\n", mode, log_n, reps,
           omp_get_max_threads(), (t1 - t0) / reps * 1e3, (unsigned long long)sum);
    return 0;
}
