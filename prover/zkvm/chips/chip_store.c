/* chip_store.c — the store chip: SW, and SB SH whose bytes lie in one
 * 4-aligned word (a halfword at lane 3 goes to the misaligned chip).
 * Invariant: the word written is v2 (SW) or the old word with one or two of
 * its bytes replaced by range-checked bytes of v2, so it lies in [0, 2^32).
 * The lanes are the piece zk_op_store / zk_fill_store (a block chip's SB, SH). */
#include "zk_alu.h"
#include "zk_mem.h"

#define SPEC(k) M(base + (k)) /* a cell of the piece */

/* E0..E3 one-hot marks the top byte written (SH: E0 = 0, the halfword is
 * lanes k-1, k); the address offset in the word is sum k*E_k - sh. With
 * v2 = VB + 256*V1 + 2^16*R (VB, V1 bytes, R 16-bit, so unique):
 *   SB: NEW = OLD + sum_k E_k*256^k*(VB - B_k)
 *   SH: NEW = OLD + sum_{k>=1} E_k*(256^(k-1)*(VB - B_{k-1}) + 256^k*(V1 - B_k))
 *   SW: NEW = v2. */
void zk_op_store(air_chip *c, unsigned base, const air_expr sel[3], air_expr real, air_expr addr,
                 air_expr v2, unsigned k_sub)
{
    air_expr sw = sel[0], sb = sel[1], sh = sel[2] >= 0 ? sel[2] : K(0);
    air_expr part = sel[2] >= 0 ? ADD(sb, sh) : sb, unused = SUB(K(1), part);
    air_expr esum = K(0), lane = K(0), word = K(0), dsb = K(0), dsh = K(0);
    for (unsigned k = 0; k < 4; k++) {
        air_expr ek = zk_bool(c, "lane_bool", SPEC(ST_E0 + k)), bk = SPEC(ST_B0 + k);
        esum = ADD(esum, ek);
        lane = ADD(lane, SC(ek, k));
        word = ADD(word, SC(bk, 1u << (8 * k)));
        dsb = ADD(dsb, SC(MUL(ek, SUB(SPEC(ST_VB), bk)), 1u << (8 * k)));
        if (k && sel[2] >= 0) {
            air_expr lo = SC(SUB(SPEC(ST_VB), SPEC(ST_B0 + k - 1)), 1u << (8 * (k - 1)));
            air_expr hi = SC(SUB(SPEC(ST_V1), bk), 1u << (8 * k));
            dsh = ADD(dsh, MUL(ek, ADD(lo, hi)));
        }
        zk_byte(c, bk, part);
        air_constrain(c, AIR_ALL_ROWS, "byte_unused", MUL(unused, bk));
    }
    air_constrain(c, AIR_ALL_ROWS, "lane_one", SUB(esum, part));
    if (sel[2] >= 0) {
        air_constrain(c, AIR_ALL_ROWS, "half_lane", MUL(sh, SPEC(ST_E0)));
        lane = SUB(lane, sh);
    }
    zk_mem_access(c, "mem_ts", real, SUB(addr, lane), SPEC(LS_OLD), SPEC(LS_TM), SPEC(ST_NEW),
                  k_sub, base + LS_LA, base + LS_LB);
    air_expr d = SUB(SPEC(ST_NEW), SPEC(LS_OLD));
    air_constrain(c, AIR_ALL_ROWS, "sw_value", MUL(sw, SUB(SPEC(ST_NEW), v2)));
    air_constrain(c, AIR_ALL_ROWS, "word_bytes", MUL(part, SUB(SPEC(LS_OLD), word)));
    air_constrain(c, AIR_ALL_ROWS, "sb_value", MUL(sb, SUB(d, dsb)));
    if (sel[2] >= 0)
        air_constrain(c, AIR_ALL_ROWS, "sh_value", MUL(sh, SUB(d, dsh)));
    air_expr split = ADD(ADD(SPEC(ST_VB), SC(SPEC(ST_V1), 256)), SC(SPEC(ST_R), 1u << 16));
    air_constrain(c, AIR_ALL_ROWS, "v2_split", MUL(part, SUB(v2, split)));
    for (unsigned k = ST_VB; k <= ST_V1; k++)
        zk_byte(c, SPEC(k), part);
    zk_r16(c, base + ST_R);
    air_constrain(c, AIR_ALL_ROWS, "vb_unused", MUL(unused, SPEC(ST_VB)));
    air_constrain(c, AIR_ALL_ROWS, "v1_unused", MUL(unused, SPEC(ST_V1)));
    air_constrain(c, AIR_ALL_ROWS, "r_unused", MUL(unused, SPEC(ST_R)));
}
#undef SPEC

void zk_store_lanes(air_chip *c, zk_chip id, const air_expr sel[3], air_expr real, air_expr addr)
{
    zk_op_store(c, zk_spec(id, 0), sel, real, addr, zk_v2(c, id), 3);
}

/* key = v1 + imm + 2^32*(1 - c) - lane, as for loads (chip_load.c). */
static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)pub;
    air_expr real = zk_common(c, id, M(C_NPC), 0);
    air_expr cc = zk_bool(c, "carry_bool", M(zk_spec(id, LS_C)));
    air_expr addr = ADD(ADD(M(C_V1), M(C_IMM)), SC(SUB(K(1), cc), ZK_TWO32));
    air_expr sel[3] = {zk_sel(c, id, ZK_SW), zk_sel(c, id, ZK_SB), zk_sel(c, id, ZK_SH)};
    zk_store_lanes(c, id, sel, real, addr);
}

int zk_fill_store_in(zk_wctx *w, zk_chip id, const zk_prow *pr, uint32_t v1, uint32_t v2,
                     uvm_err *err)
{
    gl_t *row = w->row;
    uint64_t s = (uint64_t)v1 + pr->imm;
    uint32_t a = (uint32_t)s, size = zk_mem_size((zk_op)pr->op), lane = a & 3, old = 0;
    if (lane + size > 4)
        return uvm_errf(err, "zkvm: pc 0x%08x: store at 0x%08x crosses a word (bug: the lsx chip takes it)",
                        pr->pc, a);
    row[zk_spec(id, LS_C)] = s >> 32;
    uint32_t mask = size == 4 ? ~0u : ((1u << (8 * size)) - 1) << (8 * lane);
    zk_slot *e = zk_sh_get(&w->sh, w->p, ZK_KEY_RAM(a - lane));
    if (!e)
        return uvm_errf(err, "zkvm: out of memory for the shadow memory");
    uint32_t nw = (e->val & ~mask) | (v2 << (8 * lane) & mask);
    if (zk_access(w, ZK_KEY_RAM(a - lane), 1, nw, 3, zk_spec(id, LS_OLD),
                  zk_spec(id, LS_TM), zk_spec(id, LS_LA), &old, err))
        return -1;
    zk_fill_store(w, row, zk_spec(id, 0), (zk_op)pr->op, a, old, v2);
    return 0;
}

uint32_t zk_fill_store(zk_wctx *w, gl_t *row, unsigned base, zk_op op, uint32_t a, uint32_t old,
                       uint32_t v2)
{
    uint32_t size = zk_mem_size(op), lane = a & 3;
    uint32_t mask = size == 4 ? ~0u : ((1u << (8 * size)) - 1) << (8 * lane);
    uint32_t nw = (old & ~mask) | (v2 << (8 * lane) & mask);
    row[base + ST_NEW] = nw;
    if (size == 4)
        return nw;
    for (unsigned k = 0; k < 4; k++) {
        uint32_t b = old >> (8 * k) & 255;
        row[base + ST_B0 + k] = b;
        row[base + ST_E0 + k] = k == lane + size - 1;
        zk_and_lookup(w, b, b);
    }
    row[base + ST_VB] = v2 & 255;
    row[base + ST_V1] = v2 >> 8 & 255;
    row[base + ST_R] = v2 >> 16;
    zk_and_lookup(w, v2 & 255, v2 & 255);
    zk_and_lookup(w, v2 >> 8 & 255, v2 >> 8 & 255);
    return nw;
}

static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)next, (void)vd;
    return zk_fill_store_in(w, ch, pr, v1, v2, err);
}

const zk_chip_desc zk_chip_store = {
    .name = "store", .n_ops = ZK_CHIP_N_OPS(ZC_STORE), .n_spec = ST_N, .r16 = zk_mem_r16,
    .no_rd = 1, .build = build, .fill = fill,
};
