/* chip_load.c — the load chip: LW, and LB LBU LH LHU whose bytes lie in one
 * 4-aligned word W (the accessed RAM word; a halfword at lane 3 goes to the
 * misaligned chip). Invariant: vd is a byte/halfword of W, sign- or
 * zero-extended, or W itself, so it lies in [0, 2^32) with no extra check.
 * The lanes are the piece zk_op_load / zk_fill_load (a block chip's LB..LHU). */
#include "zk_alu.h"
#include "zk_mem.h"
#include "zk_memmap.h"

/* Lanes: E0..E3 one-hot marks the TOP byte of a byte/halfword load (the
 * byte holding the sign), so the byte offset of the address in W is
 * lane = sum k*E_k - ish and E0 = 0 on halfword rows. With top = sum E_k*B_k
 * and low = sum_{k>=1} E_k*B_{k-1} (degree 2):
 *   vd = lw*W + isb*top + ish*(low + 256*top) + SG*(lb*0xffffff00 + lh*0xffff0000)
 * and for LB/LH: top = L7 + 128*SG with (AND, top, 127, L7) looked up. */
air_expr zk_op_load(air_chip *c, unsigned base, const air_expr sel[5], air_expr real,
                    air_expr addr, unsigned k_sub, air_expr out)
{
#define SPEC(k) M(base + (k)) /* a cell of the piece */
    unsigned e = base + LD_E0, b = base + LD_B0;
    air_expr lw = sel[0], lb = sel[1], lh = sel[2];
    air_expr isb = ADD(sel[3], lb), ish = ADD(sel[4], lh);
    air_expr part = ADD(isb, ish), sg = ADD(lb, lh), unused = SUB(K(1), part);
    air_expr esum = K(0), lane = K(0), word = K(0), top = K(0), low = K(0);
    for (unsigned k = 0; k < 4; k++) {
        air_expr ek = zk_bool(c, "lane_bool", M(e + k));
        esum = ADD(esum, ek);
        lane = ADD(lane, SC(ek, k));
        word = ADD(word, SC(M(b + k), 1u << (8 * k)));
        top = ADD(top, MUL(ek, M(b + k)));
        if (k)
            low = ADD(low, MUL(ek, M(b + k - 1)));
        zk_byte(c, M(b + k), part);
        /* unused on LW rows: pinned to 0 so no cell of a real row is free */
        air_constrain(c, AIR_ALL_ROWS, "byte_unused", MUL(unused, M(b + k)));
    }
    air_constrain(c, AIR_ALL_ROWS, "lane_one", SUB(esum, part));
    air_constrain(c, AIR_ALL_ROWS, "half_lane", MUL(ish, M(e)));
    air_expr key = zk_ro_key(c, ADD(SUB(addr, lane), ish), base + LD_TG);
    zk_mem_access(c, "mem_ts", real, key, SPEC(LD_W), SPEC(LS_TM), SPEC(LD_W), k_sub,
                  base + LS_LA, base + LS_LB);
    air_constrain(c, AIR_ALL_ROWS, "word_bytes", MUL(part, SUB(SPEC(LD_W), word)));
    air_expr l7 = SPEC(LD_L7), sgn = zk_bool(c, "sign_bool", SPEC(LD_SG));
    air_constrain(c, AIR_ALL_ROWS, "sign_unused", MUL(SUB(K(1), sg), sgn));
    air_constrain(c, AIR_ALL_ROWS, "l7_unused", MUL(SUB(K(1), sg), l7));
    zk_and(c, top, K(127), l7, sg);
    air_constrain(c, AIR_ALL_ROWS, "sign", MUL(sg, SUB(top, ADD(l7, SC(sgn, 128)))));
    air_expr ext = MUL(sgn, ADD(SC(lb, 0xffffff00u), SC(lh, 0xffff0000u)));
    air_expr val = ADD(ADD(MUL(lw, SPEC(LD_W)), MUL(isb, top)),
                       ADD(MUL(ish, ADD(low, SC(top, 256))), ext));
    if (out < 0)
        return val;
    air_constrain(c, AIR_ALL_ROWS, "value", SUB(out, val));
    return out;
#undef SPEC
}

/* key = v1 + imm + 2^32*(1 - c) - lane + 2^35*TG: only 4-aligned RAM keys are
 * in the touched set, so a wrong carry or lane cannot balance the memory bus,
 * and TG must be the page's read-only tag (zk_int.h, zk_memmap.h). */
static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    unsigned base = zk_spec(ZC_LOAD, 0);
    air_expr real = zk_common(c, ZC_LOAD, M(C_NPC), 0);
    air_expr cc = zk_bool(c, "carry_bool", M(base + LS_C));
    air_expr addr = ADD(ADD(M(C_V1), M(C_IMM)), SC(SUB(K(1), cc), ZK_TWO32));
    air_expr sel[5] = {zk_sel(c, ZC_LOAD, ZK_LW), zk_sel(c, ZC_LOAD, ZK_LB),
                       zk_sel(c, ZC_LOAD, ZK_LH), zk_sel(c, ZC_LOAD, ZK_LBU),
                       zk_sel(c, ZC_LOAD, ZK_LHU)};
    zk_op_load(c, base, sel, real, addr, 3, M(C_VD));
}

uint32_t zk_fill_load(zk_wctx *w, gl_t *row, unsigned base, zk_op op, uint32_t a, uint32_t word)
{
    uint32_t size = zk_mem_size(op), lane = a & 3;
    if (size == 4)
        return word;
    uint32_t top = lane + size - 1, tb = word >> (8 * top) & 255;
    for (unsigned k = 0; k < 4; k++) {
        uint32_t b = word >> (8 * k) & 255;
        row[base + LD_B0 + k] = b;
        row[base + LD_E0 + k] = k == top;
        zk_and_lookup(w, b, b);
    }
    uint32_t v = word >> (8 * lane) & (size == 1 ? 0xffu : 0xffffu);
    if (op == ZK_LB || op == ZK_LH) {
        row[base + LD_L7] = tb & 127;
        row[base + LD_SG] = tb >> 7;
        zk_and_lookup(w, tb, 127);
        if (tb >> 7)
            v |= size == 1 ? 0xffffff00u : 0xffff0000u;
    }
    return v;
}

static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)ch, (void)v2, (void)next;
    gl_t *row = w->row;
    uint64_t s = (uint64_t)v1 + pr->imm;
    uint32_t a = (uint32_t)s, size = zk_mem_size((zk_op)pr->op), lane = a & 3, word = 0;
    if (lane + size > 4)
        return uvm_errf(err, "zkvm: pc 0x%08x: load at 0x%08x crosses a word (bug: the lsx chip takes it)",
                        pr->pc, a);
    row[zk_spec(ZC_LOAD, LS_C)] = s >> 32;
    uint64_t key = zk_memmap_read_key(w->p, a - lane);
    row[zk_spec(ZC_LOAD, LD_TG)] = key >= ZK_KEY_RO(0);
    if (zk_access(w, key, 0, 0, 3, zk_spec(ZC_LOAD, LD_W),
                  zk_spec(ZC_LOAD, LS_TM), zk_spec(ZC_LOAD, LS_LA), &word, err))
        return -1;
    *vd = zk_fill_load(w, row, zk_spec(ZC_LOAD, 0), (zk_op)pr->op, a, word);
    return 0;
}

unsigned zk_mem_r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    unsigned n = 0;
    (void)dbl;
    cols[n++] = zk_spec(ch, LS_LA), cols[n++] = zk_spec(ch, LS_LB);
    if (ch == ZC_STORE)
        cols[n++] = zk_spec(ch, ST_R);
    return n;
}

const zk_chip_desc zk_chip_load = {
    .name = "load", .n_ops = ZK_CHIP_N_OPS(ZC_LOAD), .n_spec = LD_N, .r16 = zk_mem_r16,
    .no_rs2 = 1, .build = build, .fill = fill,
};
