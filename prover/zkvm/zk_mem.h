/* zk_mem.h — the memory chips of the zkVM: load (LB LBU LH LHU LW inside one
 * word), store (SB SH SW inside one word), their builders and witness fillers.
 * Invariant: a filler fills exactly the columns its builder reads, counts
 * every lookup it makes, and returns the value the uop writes to rd. */
#ifndef UVM_ZK_MEM_H
#define UVM_ZK_MEM_H

#include "zk_build.h"
#include "zk_wit_int.h"

/* Builders (zk_air.c calls them from its chip dispatch). */
void zk_chip_load(air_chip *c);
void zk_chip_store(air_chip *c);

/* The store chip's lanes on chip id (whose columns LS_C..ST_N follow the
 * store layout): sel = the SW-like, SB-like and SH-like selectors (sel[2] < 0:
 * the chip has no halfword store); real as from zk_common; addr = the byte
 * address + 2^32*(1 - carry). Used by the store chip and the fused fst chip. */
void zk_store_lanes(air_chip *c, zk_chip id, const air_expr sel[3], air_expr real, air_expr addr);

/* Fillers: the chip-specific columns of w->row for the uop pr with register
 * values v1, v2; *vd = the rd value (0 for stores). The access must lie in one
 * word (zk_mem_chip says where the others go). */
int zk_fill_load(zk_wctx *w, const zk_prow *pr, uint32_t v1, uint32_t *vd, uvm_err *err);
int zk_fill_store_in(zk_wctx *w, zk_chip id, const zk_prow *pr, uint32_t v1, uint32_t v2,
                     uvm_err *err);
static inline int zk_fill_store(zk_wctx *w, const zk_prow *pr, uint32_t v1, uint32_t v2,
                                uvm_err *err)
{
    return zk_fill_store_in(w, ZC_STORE, pr, v1, v2, err);
}

/* Bytes an access of load/store op moves (1, 2 or 4). */
static inline unsigned zk_mem_size(zk_op op)
{
    return op == ZK_LB || op == ZK_LBU || op == ZK_SB ? 1 : op == ZK_LW || op == ZK_SW ? 4 : 2;
}

/* R16 descriptor of the load/store chips (zk_r16_fn). */
zk_r16_fn zk_mem_r16;

#endif
