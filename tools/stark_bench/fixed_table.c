/* fixed_table.c — prints the body of prover/stark/fixed_known.c: for each given
 * proof, the fixed-column roots (groups of at least 1024 rows) its verification
 * used, computed or already known, with a comment naming shape and blowup.
 * Usage: stark_fixed_table PROOF.uvp PROGRAM.uisa [PROOF.uvp PROGRAM.uisa ...]
 * Each proof must verify; the keys bind hash kind, blowup and column values.
 * tools/stark_bench/fixed_table.sh BUILD makes the proofs and runs this. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "stark.h"
#include "uisa.h"
#include "zk_file.h"
#include "zkvm.h"

#define MAX_BYTES ((size_t)1 << 30)
/* Smaller groups (the program table, pow2) cost the verifier little to
 * recompute, and the program table differs per program anyway. */
#define MIN_ROWS 1024

/* Verifies; *log_blowup from the first segment's STARK parameters. */
static int verify_one(const char *proof_path, const char *prog_path, unsigned *log_blowup)
{
    uvm_err err = {{0}};
    uint8_t *prog = NULL, *proof = NULL;
    size_t plen, len;
    uisa_program p;
    int rc = io_read_all(prog_path, MAX_BYTES, &prog, &plen, &err);
    if (!rc && !(rc = uisa_load(prog, plen, &p, &err))) {
        rc = io_read_all(proof_path, MAX_BYTES, &proof, &len, &err);
        if (!rc)
            rc = zk_verify(&p, proof, len, 0, NULL, &err);
        uisa_program_free(&p);
    }
    zk_file f;
    stark_proof sp;
    if (!rc && !(rc = zk_file_parse(proof, len, &f, &err))) {
        if (!(rc = stark_proof_load(f.seg[0].stark, f.seg[0].stark_len, &sp, &err))) {
            *log_blowup = sp.params.log_blowup;
            stark_proof_free(&sp);
        }
        zk_file_free(&f);
    }
    free(prog), free(proof);
    if (rc)
        fprintf(stderr, "stark_fixed_table: %s: %s\n", proof_path, err.msg);
    return rc;
}

static void put(const stark_fixed_entry *e, unsigned log_blowup)
{
    printf("    /* %u rows x %u columns, SHA-256, log_blowup %u */\n", e->rows, e->cols, log_blowup);
    printf("    {{");
    for (int i = 0; i < 32; i++)
        printf("%s0x%02x", i ? "," : "", e->key[i]);
    printf("},\n     {{");
    for (int i = 0; i < 32; i++)
        printf("%s0x%02x", i ? "," : "", e->root.b[i]);
    printf("}}, %u, %u},\n", e->rows, e->cols);
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc % 2 == 0) {
        fprintf(stderr, "usage: stark_fixed_table PROOF.uvp PROGRAM.uisa [...]\n");
        return 2;
    }
    for (int i = 1; i + 1 < argc; i += 2) {
        unsigned lb = 0;
        stark_fixed_memo_clear();
        if (verify_one(argv[i], argv[i + 1], &lb))
            return 1;
        stark_fixed_entry memo[64];
        size_t nm = stark_fixed_memo_list(memo, 64);
        for (size_t k = 0; k < nm; k++)
            if (memo[k].rows >= MIN_ROWS)
                put(&memo[k], lb);
    }
    return 0;
}
