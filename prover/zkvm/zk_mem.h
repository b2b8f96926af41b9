/* zk_mem.h — what the store chip (chips/chip_store.c: SB SH SW inside one
 * word) shares with the fused fst chip, and the load chip's (chips/chip_load.c)
 * R16 descriptor, which store shares.
 * Invariant: a filler fills exactly the columns its builder reads, counts
 * every lookup it makes, and returns the value the uop writes to rd. */
#ifndef UVM_ZK_MEM_H
#define UVM_ZK_MEM_H

#include "zk_build.h"
#include "zk_wit_int.h"

/* The store chip's lanes on chip id (whose columns LS_C..ST_N follow the
 * store layout): sel = the SW-like, SB-like and SH-like selectors (sel[2] < 0:
 * the chip has no halfword store); real as from zk_common; addr = the byte
 * address + 2^32*(1 - carry). Used by the store chip and the fused fst chip. */
void zk_store_lanes(air_chip *c, zk_chip id, const air_expr sel[3], air_expr real, air_expr addr);

/* The store filler on chip id (store or fst): the chip-specific columns of
 * w->row for the uop pr with register values v1, v2. The access must lie in
 * one word (zk_mem_chip says where the others go). */
int zk_fill_store_in(zk_wctx *w, zk_chip id, const zk_prow *pr, uint32_t v1, uint32_t v2,
                     uvm_err *err);

/* Bytes an access of load/store op moves (1, 2 or 4). */
static inline unsigned zk_mem_size(zk_op op)
{
    return op == ZK_LB || op == ZK_LBU || op == ZK_SB ? 1 : op == ZK_LW || op == ZK_SW ? 4 : 2;
}

/* R16 descriptor of the load/store chips (zk_r16_fn). */
zk_r16_fn zk_mem_r16;

#endif
