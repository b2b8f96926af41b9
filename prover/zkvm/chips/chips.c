/* chips.c — THE list of chips: zk_chips[], one descriptor per chip in system
 * order (the zk_chip enum's): the execution chips, then the tables. The AIR
 * builder, the witness generator, the main-column count and the reports loop
 * over it. Each chip's file defines its descriptor.
 * Invariant: zk_chips[i] describes chip i (checked by tests/zkvm/test_zk_ops.c
 * through the names and op counts), and a chip absent from a program is a
 * one-column stub that every side agrees on (zk_chip_present). */
#include "zk_build.h"

int zk_prog_uses(const zk_prow *prog, uint32_t n_prog, zk_op op)
{
    for (uint32_t i = 0; i < n_prog; i++)
        if (prog[i].op == (uint32_t)op)
            return 1;
    return 0;
}

/* The descriptors, each defined in its chip's file. */
extern const zk_chip_desc zk_chip_add, zk_chip_addi, zk_chip_branch, zk_chip_lt, zk_chip_logic,
    zk_chip_shift, zk_chip_jump, zk_chip_load, zk_chip_store, zk_chip_sys, zk_chip_keccak_io,
    zk_chip_mul, zk_chip_mulh, zk_chip_div, zk_chip_fbr, zk_chip_fst, zk_chip_faa,
    zk_chip_memset_io, zk_chip_sha_io, zk_chip_memcpy_io, zk_chip_lsx, zk_chip_amo,
    zk_chip_mul256, zk_chip_prog, zk_chip_range, zk_chip_bytes, zk_chip_pow, zk_chip_memfinal,
    zk_chip_keccak, zk_chip_memset, zk_chip_io, zk_chip_sha, zk_chip_memcpy;

const zk_chip_desc *const zk_chips[ZC_COUNT] = {
    [ZC_ADD] = &zk_chip_add,
    [ZC_ADDI] = &zk_chip_addi,
    [ZC_BRANCH] = &zk_chip_branch,
    [ZC_LT] = &zk_chip_lt,
    [ZC_LOGIC] = &zk_chip_logic,
    [ZC_SHIFT] = &zk_chip_shift,
    [ZC_JUMP] = &zk_chip_jump,
    [ZC_LOAD] = &zk_chip_load,
    [ZC_STORE] = &zk_chip_store,
    [ZC_SYS] = &zk_chip_sys,
    [ZC_KECCAK_IO] = &zk_chip_keccak_io,
    [ZC_MUL] = &zk_chip_mul,
    [ZC_MULH] = &zk_chip_mulh,
    [ZC_DIV] = &zk_chip_div,
    [ZC_FBR] = &zk_chip_fbr,
    [ZC_FST] = &zk_chip_fst,
    [ZC_FAA] = &zk_chip_faa,
    [ZC_MEMSET_IO] = &zk_chip_memset_io,
    [ZC_SHA_IO] = &zk_chip_sha_io,
    [ZC_MEMCPY_IO] = &zk_chip_memcpy_io,
    [ZC_LSX] = &zk_chip_lsx,
    [ZC_AMO] = &zk_chip_amo,
    [ZC_MUL256_IO] = &zk_chip_mul256,
    [ZC_PROG] = &zk_chip_prog,
    [ZC_RANGE] = &zk_chip_range,
    [ZC_BYTES] = &zk_chip_bytes,
    [ZC_POW] = &zk_chip_pow,
    [ZC_FINAL] = &zk_chip_memfinal,
    [ZC_KECCAK] = &zk_chip_keccak,
    [ZC_MEMSET] = &zk_chip_memset,
    [ZC_IO] = &zk_chip_io,
    [ZC_SHA] = &zk_chip_sha,
    [ZC_MEMCPY] = &zk_chip_memcpy,
};

int zk_chip_present(zk_chip c, const zk_prow *prog, uint32_t n_prog)
{
    return !zk_chips[c]->present || zk_chips[c]->present(prog, n_prog);
}

unsigned zk_chip_main_cols(zk_chip c, const zk_prow *prog, uint32_t n_prog)
{
    if (!zk_chip_present(c, prog, n_prog))
        return 1;
    return c < ZC_N_EXEC ? zk_ncols(c) : zk_chips[c]->n_main;
}

void zk_chip_stub(air_chip *c) { air_constrain(c, AIR_ALL_ROWS, "unused", M(0)); }
