/* core_bench.c — timings for prover/core: LDE of a 2^k x c trace (blowup 2),
 * NTT throughput, hash throughput (leaf rows of 64 elements, nodes) and the
 * Merkle commit of the LDE matrix with SHA-256 and Poseidon2.
 * Usage: core_bench [log_rows=20] [cols=64]. Set UVM_PORTABLE=1 for the
 * reference paths, UVM_SIMD=avx2|portable to cap the NTT's vector level,
 * OMP_NUM_THREADS to pick the thread count. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "hash.h"
#include "hash_internal.h"
#include "merkle.h"
#include "ntt.h"
#include "sha256.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}


/* Single-thread MB/s of leaf hashing (64-element rows) and node hashing. */
static void hash_rates(const hash_ops *h, size_t rows)
{
    gl_t *data = malloc(rows * 64 * sizeof *data);
    hash_digest *d = malloc(rows * sizeof *d);
    uint64_t s = 1;
    for (size_t i = 0; i < rows * 64; i++)
        data[i] = bench_rng(&s) % GL_P;
    /* process CPU time: this loop is single-threaded, and CPU time is less
     * disturbed than wall time on a shared machine */
    double t0 = bench_cpu();
    for (size_t i = 0; i < rows; i++)
        h->leaf(data + 64 * i, 64, &d[i]);
    double t1 = bench_cpu();
    for (size_t i = 0; i + 1 < rows; i += 2)
        h->node(&d[i], &d[i + 1], &d[i / 2]);
    double t2 = bench_cpu();
    printf("  %-10s leaf(64 el): %8.1f MB/s  %7.2f M rows/s | node: %8.1f MB/s  %7.2f M nodes/s\n",
           h->name, rows * 512.0 / (t1 - t0) / 1e6, rows / (t1 - t0) / 1e6,
           (rows / 2) * 64.0 / (t2 - t1) / 1e6, (rows / 2) / (t2 - t1) / 1e6);
    if (h->kind == HASH_SHA256) { /* the paired path merkle_commit uses */
        t0 = bench_cpu();
        for (size_t i = 0; i + 1 < rows; i += 2)
            hash_sha256_leaf2(data + 64 * i, data + 64 * (i + 1), 64, &d[i], &d[i + 1]);
        t1 = bench_cpu();
        for (size_t i = 0; i + 3 < rows; i += 4)
            hash_sha256_node2(&d[i], &d[i + 1], &d[i / 2], &d[i + 2], &d[i + 3], &d[i / 2 + 1]);
        t2 = bench_cpu();
        printf("  %-10s leaf(64 el):   %8.1f MB/s  %7.2f M rows/s | node:  %8.1f MB/s  %7.2f M nodes/s\n",
               "sha256 x2", rows * 512.0 / (t1 - t0) / 1e6, rows / (t1 - t0) / 1e6,
               (rows / 2) * 64.0 / (t2 - t1) / 1e6, (rows / 2) / (t2 - t1) / 1e6);
    }
    free(data);
    free(d);
}

/* Single-thread MB/s of the raw SHA-256 compression, both paths. */
static void compress_rates(void)
{
    size_t nb = 1 << 17; /* 8 MB: long enough to time */
    uint8_t *buf = malloc(nb * 64);
    memset(buf, 0x5a, nb * 64); /* touch the pages before timing */
    uint32_t st[8];
    memcpy(st, sha256_iv, sizeof st);
    double t0 = bench_cpu();
    sha256_compress_portable(st, buf, nb);
    double t1 = bench_cpu();
    printf("  sha256 compression, portable C: %8.1f MB/s\n", nb * 64.0 / (t1 - t0) / 1e6);
#if defined(UVM_HAVE_SHA_NI)
    if (strcmp(sha256_compress_name(), "sha-ni") == 0) {
        t0 = bench_cpu();
        sha256_compress_ni(st, buf, nb);
        t1 = bench_cpu();
        printf("  sha256 compression, SHA-NI:     %8.1f MB/s\n", nb * 64.0 / (t1 - t0) / 1e6);
    }
#endif
    free(buf);
}

static void commit_time(const hash_ops *h, const gl_matrix *m, size_t rows_used)
{
    gl_matrix sub = {m->data, rows_used, m->cols};
    merkle_tree t;
    double t0 = now(), c0 = bench_cpu();
    if (merkle_commit(&t, h, &sub)) {
        printf("  merkle_commit failed (OOM)\n");
        return;
    }
    double t1 = now(), c1 = bench_cpu();
    double scale = (double)m->rows / rows_used;
    printf("  merkle %-10s %zu x %zu: %.3f s wall, %.3f s cpu%s", h->name, rows_used, m->cols,
           t1 - t0, c1 - c0, scale > 1 ? "" : "\n");
    if (scale > 1)
        printf("  (x%.0f extrapolated to %zu rows: %.2f s)\n", scale, m->rows, (t1 - t0) * scale);
    merkle_free(&t);
}

int main(int argc, char **argv)
{
    unsigned log_n = argc > 1 ? (unsigned)atoi(argv[1]) : 20;
    size_t cols = argc > 2 ? (size_t)atol(argv[2]) : 64;
    if (log_n < 4 || log_n > 26 || cols == 0 || cols > 4096) {
        fprintf(stderr, "usage: core_bench [log_rows 4..26] [cols 1..4096]\n");
        return 2;
    }
    size_t n = (size_t)1 << log_n;
    printf("core_bench: 2^%u x %zu trace, blowup 2, %d threads, ntt path %s, sha256 path %s, "
           "UVM_PORTABLE=%s\n", log_n, cols, omp_get_max_threads(), ntt_simd_path(),
           sha256_compress_name(),
           getenv("UVM_PORTABLE") ? getenv("UVM_PORTABLE") : "unset");

    gl_matrix tr, lde;
    if (gl_matrix_alloc(&tr, n, cols)) {
        fprintf(stderr, "core_bench: out of memory\n");
        return 1;
    }
    uint64_t s = 42;
    for (size_t i = 0; i < n * cols; i++)
        tr.data[i] = bench_rng(&s) % GL_P;

    /* NTT throughput: one column of 2^log_n, forward (warm twiddles first) */
    gl_t *col = malloc(n * sizeof *col);
    memcpy(col, tr.data, n * sizeof *col);
    ntt_forward(col, log_n);
    double t0 = now(), c0n = bench_cpu();
    int reps = 3;
    for (int r = 0; r < reps; r++)
        ntt_forward(col, log_n);
    double t1 = now(), c1n = bench_cpu();
    double per = (t1 - t0) / reps, cper = (c1n - c0n) / reps;
    printf("NTT 2^%u forward (1 column): %.2f ms wall, %.2f ms cpu, %.2f ns cpu per butterfly\n",
           log_n, per * 1e3, cper * 1e3, cper / ((double)(n / 2) * log_n) * 1e9);
    free(col);

    t0 = now();
    double c0 = bench_cpu();
    if (ntt_lde(&tr, 1, GL_GENERATOR, &lde)) {
        fprintf(stderr, "core_bench: LDE failed\n");
        return 1;
    }
    t1 = now();
    double c1 = bench_cpu();
    double bf = (double)cols * ((double)(n / 2) * log_n + (double)n * log_n);
    printf("LDE 2^%u x %zu -> 2^%u x %zu: %.3f s wall, %.3f s cpu (%.2f ns cpu per butterfly)\n",
           log_n, cols, log_n + 1, cols, t1 - t0, c1 - c0, (c1 - c0) / bf * 1e9);
    gl_matrix_free(&tr);

    printf("hash rates (1 thread, cpu time):\n");
    compress_rates();
    hash_rates(hash_get(HASH_SHA256), 1 << 16);
    hash_rates(hash_get(HASH_POSEIDON2), 1 << 12);

    printf("Merkle commit of the LDE:\n");
    commit_time(hash_get(HASH_SHA256), &lde, lde.rows);
    size_t p2rows = lde.rows < ((size_t)1 << 15) ? lde.rows : (size_t)1 << 15;
    commit_time(hash_get(HASH_POSEIDON2), &lde, p2rows);
    gl_matrix_free(&lde);
    return 0;
}
