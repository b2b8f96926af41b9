/* fixed_table.c — prints the body of prover/stark/fixed_known.c: the known
 * fixed-column roots, plus every root computed while verifying the given
 * proofs (so each fixed group those proofs use becomes a constant).
 * (groups of at least 1024 rows only).
 * Usage: stark_fixed_table PROOF.uvp PROGRAM.uisa [PROOF.uvp PROGRAM.uisa ...]
 * Each proof must verify; the keys bind hash kind, blowup and column values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "stark.h"
#include "uisa.h"
#include "zkvm.h"

#define MAX_BYTES ((size_t)1 << 30)
/* Smaller groups (the program table, pow2) cost the verifier little to
 * recompute, and the program table differs per program anyway. */
#define MIN_ROWS 1024

static int verify_one(const char *proof_path, const char *prog_path)
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
    free(prog), free(proof);
    if (rc)
        fprintf(stderr, "stark_fixed_table: %s: %s\n", proof_path, err.msg);
    return rc;
}

static void put(const stark_fixed_entry *e)
{
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
    for (int i = 1; i + 1 < argc; i += 2)
        if (verify_one(argv[i], argv[i + 1]))
            return 1;
    size_t nk;
    const stark_fixed_entry *k = stark_fixed_known(&nk);
    stark_fixed_entry memo[64];
    size_t nm = stark_fixed_memo_list(memo, 64);
    for (size_t i = 0; i < nk; i++)
        put(&k[i]);
    for (size_t i = 0; i < nm; i++)
        if (memo[i].rows >= MIN_ROWS)
            put(&memo[i]);
    return 0;
}
