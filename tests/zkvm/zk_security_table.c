/* zk_security_table.c — prints the security (security.h) of model segments
 * of a program: every chip at 2^h rows, for named parameter sets or
 * lb/queries/grinding[/ext]; the tables of docs/security.md come from it.
 * Usage: zk_security_table P.uisa SET[,SET...] H[,H...] [LOG2_FRACTIONS]
 * Invariant: a tool, not a test: it only reads and prints. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "zkvm.h"

static int params_of(const char *s, stark_params *P)
{
    unsigned lb, q, g, e = 2;
    if (!stark_params_named(s, P))
        return 0;
    *P = stark_params_default();
    if (sscanf(s, "%u/%u/%u/%u", &lb, &q, &g, &e) < 3)
        return -1;
    P->log_blowup = (uint8_t)lb, P->n_queries = (uint16_t)q, P->grinding_bits = (uint8_t)g;
    P->ext_degree = (uint8_t)e;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s P.uisa SET[,SET..] H[,H..] [LOG2_FRACTIONS]\n", argv[0]);
        return 2;
    }
    uvm_err err = {{0}};
    uint8_t *data;
    size_t len;
    uisa_program p;
    memset(&p, 0, sizeof p);
    if (io_read_all(argv[1], 1u << 30, &data, &len, &err) || uisa_load(data, len, &p, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    free(data);
    double frac = argc > 4 ? exp2(atof(argv[4])) : 0;
    char sets[256], hs[256];
    snprintf(sets, sizeof sets, "%s", argv[2]);
    for (char *set = strtok(sets, ","); set; set = strtok(NULL, ",")) {
        stark_params P;
        if (params_of(set, &P)) {
            fprintf(stderr, "bad set %s\n", set);
            return 2;
        }
        snprintf(hs, sizeof hs, "%s", argv[3]);
        char *save;
        for (char *h = strtok_r(hs, ",", &save); h; h = strtok_r(NULL, ",", &save)) {
            stark_security s;
            char line[512];
            if (zk_security_model(&p, &P, (unsigned)atoi(h), frac, &s, &err)) {
                fprintf(stderr, "%s\n", err.msg);
                return 2;
            }
            printf("%-14s 2^%-2s %s\n", set, h, stark_security_line(&s, line, sizeof line));
        }
    }
    uisa_program_free(&p);
    return 0;
}
