/* gen_zk.c — writes the zkt test programs as .uisa files for the CLI test:
 * gen_zk sum|bytes|branches|lt|logic|muldiv|amo|io|spin|loopN|keccakN|memset|shaN OUT.uisa ("amo" uses
 * a uop that is not provable yet; "muldiv": every M op on edge operands, exit =
 * the checksum of tests/zkvm/test_zk_muldiv.c; io: write/read/brk, run with the
 * input "abcdefg"; loopN: a counted loop of N iterations of add/xor/sw/lw/bne,
 * for throughput measurements). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "zkt.h"
#include "zkt_native.h"
#include "zkt_sha.h"

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    vmt *t;
    if (!strcmp(argv[1], "sum")) {
        t = zkt_sum();
    } else if (!strcmp(argv[1], "bytes")) {
        t = zkt_bytes();
    } else if (!strcmp(argv[1], "branches")) {
        t = zkt_branches();
    } else if (!strcmp(argv[1], "lt")) {
        t = zkt_lt();
    } else if (!strcmp(argv[1], "io")) {
        t = zkt_io();
    } else if (!strcmp(argv[1], "logic")) {
        t = zkt_logic();
    } else if (!strcmp(argv[1], "spin")) { /* never exits: jal x0, 0 */
        t = vmt_new();
        vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 0);
    } else if (!strcmp(argv[1], "memset")) {
        t = zkt_memset();
    } else if (!strncmp(argv[1], "keccak", 6)) { /* keccakN: N KECCAK_F1600 calls */
        t = zkt_keccak((unsigned)strtoul(argv[1] + 6, NULL, 10), 8);
    } else if (!strncmp(argv[1], "sha", 3)) { /* shaN: N <= 4 SHA256_COMPRESS calls (zkt_sha.h) */
        unsigned n = (unsigned)strtoul(argv[1] + 3, NULL, 10);
        t = zkt_sha(n && n <= ZKT_SHA_CALLS ? n : 1, 0, 0);
    } else if (!strcmp(argv[1], "muldiv")) {
        static const uint32_t v[] = {0, 1, 0xffffffffu, 0x80000000u, 0x7fffffffu, 2,
                                     0xfffffff9u, 0x9abcdef1u, 0x00012345u};
        t = zkt_muldiv(v, sizeof v / sizeof v[0]);
    } else if (!strncmp(argv[1], "loop", 4)) {
        t = vmt_new();
        vmt_li(t, X_T0, (uint32_t)strtoul(argv[1] + 4, NULL, 10));
        vmt_li(t, X_T2, VMT_DATA);
        uint32_t top = vmt_pc(t);
        vmt_op(t, UOP_ADD, X_T1, X_T1, X_T0, 0);
        vmt_op(t, UOP_XOR, X_S2, X_S2, X_T1, 0);
        vmt_op(t, UOP_SW, 0, X_T2, X_S2, 0);
        vmt_op(t, UOP_LW, X_S3, X_T2, 0, 0);
        vmt_op(t, UOP_ADDI, X_T0, X_T0, 0, -1);
        vmt_op(t, UOP_BNE, 0, X_T0, X_ZERO, (int32_t)(top - vmt_pc(t)));
        vmt_op(t, UOP_ANDI, X_A0, X_S3, 0, 0xff);
        vmt_li(t, X_A7, 93);
        vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
    } else {
        t = vmt_new(); /* a uop the prover refuses: MUL256 of a misaligned a (the VM runs it) */
        vmt_li(t, X_A0, VMT_DATA);
        vmt_li(t, X_A1, VMT_DATA + 2);
        vmt_li(t, X_A2, VMT_DATA);
        vmt_op(t, UOP_AUIPC, X_RA, 0, 0, 8); /* returns past the MUL256 */
        vmt_op(t, UOP_MUL256, 0, 0, 0, 0);
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
