/* chips.c — zk_chips[], the chip table: one descriptor per chip in system
 * order, expanded from the one list of chips (zk_int.h ZK_EXEC_CHIPS,
 * ZK_TABLE_CHIPS): the execution chips, then the tables. The AIR builder, the
 * witness generator, the main-column count and the reports loop over it;
 * each chip's file defines its descriptor.
 * Invariant: zk_chips[i] describes chip i (designated initializers; checked
 * by tests/zkvm/test_zk_ops.c through the names and op counts), and a chip
 * absent from a program is a one-column stub that every side agrees on
 * (zk_chip_present). */
#include "zk_build.h"

int zk_prog_uses(const zk_prow *prog, uint32_t n_prog, zk_op op)
{
    for (uint32_t i = 0; i < n_prog; i++)
        if (prog[i].op == (uint32_t)op)
            return 1;
    return 0;
}

/* The descriptors, each defined in its chip's file. */
#define ZK_CHIP_DECL_(id, desc) extern const zk_chip_desc zk_chip_##desc;
ZK_EXEC_CHIPS(ZK_CHIP_DECL_)
ZK_TABLE_CHIPS(ZK_CHIP_DECL_)
#undef ZK_CHIP_DECL_

#define ZK_CHIP_ENTRY_(id, desc) [ZC_##id] = &zk_chip_##desc,
const zk_chip_desc *const zk_chips[ZC_COUNT] = {
    ZK_EXEC_CHIPS(ZK_CHIP_ENTRY_)
    ZK_TABLE_CHIPS(ZK_CHIP_ENTRY_)
};
#undef ZK_CHIP_ENTRY_

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
