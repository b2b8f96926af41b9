/* gen_zk.c — writes the zkt test programs as .uisa files for the CLI test:
 * gen_zk sum|branches|mul OUT.uisa ("mul" uses a uop that is not provable yet). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "zkt.h"

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    vmt *t;
    if (!strcmp(argv[1], "sum")) {
        t = zkt_sum();
    } else if (!strcmp(argv[1], "branches")) {
        t = zkt_branches();
    } else {
        t = vmt_new();
        vmt_op(t, UOP_MUL, X_A0, X_A0, X_A0, 0);
        vmt_exit(t, 0);
    }
    vmt_finish(t);
    t->p.elf_hash[0] = (uint8_t)argv[1][0]; /* distinct "ELF" per program */
    uint8_t *buf;
    size_t len;
    uvm_err err;
    if (uisa_save(&t->p, 1, &buf, &len, &err) || io_write_all(argv[2], buf, len, &err)) {
        fprintf(stderr, "gen_zk: %s\n", err.msg);
        return 1;
    }
    free(buf);
    vmt_free(t);
    return 0;
}
