/* proof_stat.c — what a .uvp proof's bytes consist of: per Merkle tree (fixed,
 * main, aux, quotient groups, then FRI layers) the opened leaf values, the
 * distinct opened rows, the sibling digests; the out-of-domain values, roots,
 * final polynomial; raw body vs zstd size. Not a test.
 * Usage: stark_proof_stat PROOF.uvp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "stark.h"
#include "zk_bound.h"
#include "zk_file.h"

static size_t distinct_rows(const stark_tree_open *o)
{
    size_t d = 0;
    for (size_t q = 0; q < o->n_rows; q++) {
        size_t k = 0;
        while (k < q && memcmp(o->vals + k * o->width, o->vals + q * o->width, o->width * 8))
            k++;
        d += k == q;
    }
    return d;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: stark_proof_stat PROOF.uvp\n");
        return 2;
    }
    uvm_err err = {{0}};
    uint8_t *buf;
    size_t len;
    zk_file f;
    stark_proof p;
    if (io_read_all(argv[1], (size_t)1 << 30, &buf, &len, &err) || zk_file_parse(buf, len, &f, &err)
        || stark_proof_load(f.seg[0].stark, f.seg[0].stark_len, &p, &err)) {
        fprintf(stderr, "stark_proof_stat: %s\n", err.msg);
        return 1;
    }
    /* the first segment's STARK (all segments have the same shape but for heights) */
    printf("file %zu B, %u segment(s); segment 0: stark %zu B (zstd), %llu boundary keys; "
           "queries %u, log_blowup %u\n", len, f.n_seg, f.seg[0].stark_len,
           (unsigned long long)f.seg[0].n_touched, p.params.n_queries, p.params.log_blowup);
    /* boundary as stored (the encoding is deterministic) vs 12 bytes per key raw */
    size_t bz = 0, braw = 0;
    for (uint32_t i = 0; i < f.n_seg; i++) {
        uint8_t *z;
        size_t zl;
        if (zk_bound_encode(f.seg[i].keys, f.seg[i].final, f.seg[i].n_touched, &z, &zl, &err)) {
            fprintf(stderr, "stark_proof_stat: %s\n", err.msg);
            return 1;
        }
        bz += zl;
        braw += 12 * f.seg[i].n_touched;
        free(z);
    }
    printf("boundary (all segments): %zu B stored, %zu B as 8-byte keys + 4-byte finals\n", bz, braw);
    size_t tv = 0, tdv = 0, ts = 0;
    printf("%-6s %6s %6s %8s %9s %8s %9s\n", "tree", "width", "rows", "distinct", "vals B",
           "siblings", "sibl B");
    for (uint32_t k = 0; k < p.n_open; k++) {
        const stark_tree_open *o = &p.open[k];
        size_t d = distinct_rows(o), v = (size_t)o->width * o->n_rows * 8;
        tv += v;
        tdv += d * o->width * 8;
        ts += o->mp.n_siblings * 32;
        printf("%-6u %6u %6u %8zu %9zu %8zu %9zu\n", k, o->width, o->n_rows, d, v,
               o->mp.n_siblings, o->mp.n_siblings * 32);
    }
    size_t fs = 0, fv = 0;
    for (uint32_t k = p.n_open - p.n_fri_roots; k < p.n_open; k++)
        fs += p.open[k].mp.n_siblings * 32, fv += (size_t)p.open[k].width * p.open[k].n_rows * 8;
    printf("FRI: %u layers, siblings %zu B, values %zu B\n", p.n_fri_roots, fs, fv);
    size_t roots = 32 * (p.n_main_roots + p.n_aux_roots + p.n_quot_roots + p.n_fri_roots);
    unsigned eb = 8 * stark_ext_deg(&p.params); /* bytes of one extension element */
    printf("opened values %zu B (distinct rows only: %zu B), siblings %zu B, roots %zu B, "
           "ood %u x %u = %u B, sums %u B, final %u B\n", tv, tdv, ts, roots, p.n_ood, eb,
           eb * p.n_ood, eb * p.n_sums, eb * p.n_final);
    stark_proof_free(&p);
    zk_file_free(&f);
    free(buf);
    return 0;
}
