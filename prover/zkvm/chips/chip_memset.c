/* chip_memset.c — MEMSET: the uop row ("memset_io") and one row per RAM word it
 * touches (table "memset"), chained by tokens on BUS_MEMSET; constraints and
 * witness. Invariant: the rows of a call are exactly the words meeting
 * [d, d + n), each written once with the bytes inside replaced by c. */
#include <stdlib.h>
#include <string.h>

#include "zk_build.h"
#include "chip_memset.h"
#include "zkvm.h"

_Static_assert((int)MW_TS == (int)C_TS, "zk_mem_access reads the timestamp from column C_TS");

#define COL(k) zk_spec(ZC_MEMSET_IO, (k))
#define SPEC(k) M(COL(k)) /* a chip-specific column's expression */

/* The uop row: d = a0 (rs1), n = a2 (rs2); a1 and ra are read at sub-step 3.
 * a1 = c + 256*(RL + 2^16*RH) (c, RH bytes, RL R16): c = a1 & 0xff.
 * ra = b0 + next, next = 2*(QL + 2^16*QH) (QL, 2*QH R16): the even return pc.
 * S one-hot gives s0 = d - A0 (a wrong s0 makes A0 misaligned: its key is not
 * in the touched set); T one-hot gives t. Sends the start token
 * (ts, A0, c, r0 = n + s0, s0) and receives the end (ts, d + n + t, c, -t, 0):
 * the rows keep A + r = d + n and step r by -4 while r >= 1, so the end is
 * reached after ceil(r0/4) rows, and no row at all only when n = 0. */
static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    air_expr next = zk_ret_next(c, COL(MS_QL), COL(MS_QH));
    air_expr real = zk_common(c, ZC_MEMSET_IO, next, 0);
    zk_ret_split(c, "b0_bool", COL(MS_B0), COL(MS_VRA), next);
    zk_ret_limbs(c, COL(MS_QL), COL(MS_QH));
    air_expr rest = ADD(SPEC(MS_RL), SC(SPEC(MS_RH), 1u << 16));
    air_constrain(c, AIR_ALL_ROWS, "c_split", SUB(SPEC(MS_V11), ADD(SPEC(MS_C), SC(rest, 256))));
    zk_byte(c, SPEC(MS_C), real);
    zk_byte(c, SPEC(MS_RH), real);
    zk_r16(c, zk_spec(ZC_MEMSET_IO, MS_RL));
    air_expr ss = K(0), ts = K(0), s0 = K(0), t = K(0);
    for (unsigned k = 0; k < 4; k++) {
        ss = ADD(ss, zk_bool(c, "s_bool", SPEC(MS_S0 + k)));
        ts = ADD(ts, zk_bool(c, "t_bool", SPEC(MS_T0 + k)));
        s0 = ADD(s0, SC(SPEC(MS_S0 + k), k));
        t = ADD(t, SC(SPEC(MS_T0 + k), k));
    }
    air_constrain(c, AIR_ALL_ROWS, "s_one", SUB(ss, real));
    air_constrain(c, AIR_ALL_ROWS, "t_one", SUB(ts, real));
    zk_mem_access(c, "a1_ts", real, K(ZK_KEY_REG(11)), SPEC(MS_V11), SPEC(MS_T11), SPEC(MS_V11), 3,
                  zk_spec(ZC_MEMSET_IO, MS_L11A), zk_spec(ZC_MEMSET_IO, MS_L11B));
    zk_mem_access(c, "ra_ts", real, K(ZK_KEY_REG(1)), SPEC(MS_VRA), SPEC(MS_TRA), SPEC(MS_VRA), 3,
                  zk_spec(ZC_MEMSET_IO, MS_LRAA), zk_spec(ZC_MEMSET_IO, MS_LRAB));
    air_expr e = ADD(M(C_V1), M(C_V2));
    air_expr start[5] = {M(C_TS), SUB(M(C_V1), s0), SPEC(MS_C), ADD(M(C_V2), s0), s0};
    air_expr end[5] = {M(C_TS), ADD(e, t), SPEC(MS_C), SUB(K(0), t), K(0)};
    air_send(c, BUS_MEMSET, start, 5, real);
    air_receive(c, BUS_MEMSET, end, 5, real);
}

/* A word row at aligned A (one-hot S: skip s leading bytes; r = remaining
 * bytes from A, >= 1: G = [r >= 4] with r - 4 in [0, 2^32) by limbs DL, DH,
 * else one-hot L gives r in {1, 2, 3}). Byte k is written iff s <= k < r:
 * E_k = (S_0 + .. + S_k)(G + L_(k+1) + .. + L_3). NEW = sum 256^k (B_k +
 * E_k (c - B_k)) over the old word's bytes B. Receives (ts, A, c, r, s), sends
 * (ts, A + 4, c, r - 4, 0). */
static void build_table(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    air_expr real = zk_bool(c, "real_bool", M(MW_REAL)), ss = K(0), s = K(0);
    air_expr g = zk_bool(c, "g_bool", M(MW_G)), gl = g, r3 = K(0);
    for (unsigned k = 0; k < 4; k++) {
        ss = ADD(ss, zk_bool(c, "s_bool", M(MW_S0 + k)));
        s = ADD(s, SC(M(MW_S0 + k), k));
    }
    for (unsigned k = 1; k < 4; k++) {
        gl = ADD(gl, zk_bool(c, "l_bool", M(MW_L1 + k - 1)));
        r3 = ADD(r3, SC(M(MW_L1 + k - 1), k));
    }
    air_constrain(c, AIR_ALL_ROWS, "s_one", SUB(ss, real));
    air_constrain(c, AIR_ALL_ROWS, "gl_one", SUB(gl, real));
    air_expr d = ADD(M(MW_DL), SC(M(MW_DH), 1u << 16));
    air_constrain(c, AIR_ALL_ROWS, "remaining", SUB(M(MW_R), ADD(MUL(g, ADD(K(4), d)), r3)));
    air_constrain(c, AIR_ALL_ROWS, "dl_unused", MUL(SUB(K(1), g), M(MW_DL)));
    air_constrain(c, AIR_ALL_ROWS, "dh_unused", MUL(SUB(K(1), g), M(MW_DH)));
    zk_r16(c, MW_DL);
    zk_r16(c, MW_DH);
    air_expr old = K(0), nw = K(0), lo = K(0);
    for (unsigned k = 0; k < 4; k++) {
        lo = ADD(lo, M(MW_S0 + k));
        air_expr hi = g;
        for (unsigned j = k + 1; j < 4; j++)
            hi = ADD(hi, M(MW_L1 + j - 1));
        air_constrain(c, AIR_ALL_ROWS, "mask", SUB(M(MW_E0 + k), MUL(lo, hi)));
        air_expr b = M(MW_B0 + k);
        zk_byte(c, b, real);
        old = ADD(old, SC(b, 1u << (8 * k)));
        nw = ADD(nw, SC(ADD(b, MUL(M(MW_E0 + k), SUB(M(MW_C), b))), 1u << (8 * k)));
    }
    zk_mem_access(c, "word_ts", real, ADD(M(MW_A), K(ZK_KEY_RAM(0))), old, M(MW_PT), nw, 3,
                  MW_LA, MW_LB);
    air_expr in[5] = {M(MW_TS), M(MW_A), M(MW_C), M(MW_R), s};
    air_expr out[5] = {M(MW_TS), ADD(M(MW_A), K(4)), M(MW_C), SUB(M(MW_R), K(4)), K(0)};
    air_receive(c, BUS_MEMSET, in, 5, real);
    air_send(c, BUS_MEMSET, out, 5, real);
}

/* One word row into the buffer; returns it (NULL: out of memory). */
static gl_t *new_row(zk_rowbuf *b)
{
    int64_t i = zk_rowbuf_add(b, MW_N, 1);
    return i < 0 ? NULL : &b->data[i * MW_N];
}

/* The uop row's extra columns (d = v1, n = v2) and one word row per touched
 * word, into w->memset_rows. Refuses d + n > 2^32. */
static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t d, uint32_t n,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)ch, (void)vd;
    if ((uint64_t)d + n > ZK_TWO32)
        return uvm_errf(err, "zkvm: pc 0x%08x: MEMSET of 0x%08x bytes at 0x%08x wraps past 2^32 "
                        "(not provable)", pr->pc, n, d);
    gl_t *row = w->row;
    uint32_t a1, ra;
    if (zk_access(w, ZK_KEY_REG(11), 0, 0, 3, COL(MS_V11), COL(MS_T11), COL(MS_L11A), &a1, err) ||
        zk_access(w, ZK_KEY_REG(1), 0, 0, 3, COL(MS_VRA), COL(MS_TRA), COL(MS_LRAA), &ra, err))
        return -1;
    uint32_t cb = a1 & 255, s0 = d & 3, a = d - s0;
    uint64_t e = (uint64_t)d + n;
    int64_t r = (int64_t)n + s0;
    row[COL(MS_B0)] = ra & 1, row[COL(MS_QL)] = (ra >> 1) & 0xffff, row[COL(MS_QH)] = ra >> 17;
    row[COL(MS_C)] = cb, row[COL(MS_RL)] = (a1 >> 8) & 0xffff, row[COL(MS_RH)] = a1 >> 24;
    zk_and_lookup(w, cb, cb);
    zk_and_lookup(w, a1 >> 24, a1 >> 24);
    row[COL(MS_S0 + s0)] = 1;
    row[COL(MS_T0 + (uint32_t)((4 - e % 4) % 4))] = 1; /* t: end of the last word - e */
    *next = ra & ~1u;
    if ((uint64_t)(r + 3) / 4 > ZK_MAX_COPY_WORDS - w->memset_rows.rows - w->memcpy_rows.rows)
        return uvm_errf(err, "zkvm: pc 0x%08x: MEMSET of %u bytes: a segment proves at most %u "
                        "MEMSET/MEMCPY words (not provable)", pr->pc, n, ZK_MAX_COPY_WORDS);
    for (int first = 1; r >= 1; first = 0, a += 4, r -= 4) {
        gl_t *wr = new_row(&w->memset_rows);
        if (!wr)
            return uvm_errf(err, "zkvm: out of memory for the memset rows");
        uint32_t s = first ? s0 : 0, old, nw = 0;
        wr[MW_REAL] = 1, wr[MW_TS] = w->ts, wr[MW_A] = a, wr[MW_C] = cb, wr[MW_R] = (uint64_t)r;
        wr[MW_S0 + s] = 1;
        if (r >= 4)
            wr[MW_G] = 1, wr[MW_DL] = (uint64_t)(r - 4) & 0xffff, wr[MW_DH] = (uint64_t)(r - 4) >> 16;
        else
            wr[MW_L1 + r - 1] = 1;
        zk_slot *sl = zk_sh_get(&w->sh, w->p, ZK_KEY_RAM(a));
        if (!sl)
            return uvm_errf(err, "zkvm: out of memory for the shadow memory");
        old = sl->val;
        for (uint32_t k = 0; k < 4; k++) {
            uint32_t b = old >> (8 * k) & 255, on = s <= k && (int64_t)k < r;
            wr[MW_B0 + k] = b;
            wr[MW_E0 + k] = on;
            zk_and_lookup(w, b, b);
            nw |= (on ? cb : b) << (8 * k);
        }
        gl_t *keep = w->row;
        w->row = wr;
        int rc = zk_access(w, ZK_KEY_RAM(a), 1, nw, 3, ~0u, MW_PT, MW_LA, &old, err);
        w->row = keep;
        if (rc)
            return -1;
    }
    return 0;
}

static unsigned r16(zk_chip ch, unsigned *cols, unsigned *doubled)
{
    (void)ch;
    static const unsigned k[] = {MS_QL, MS_RL, MS_L11A, MS_L11B, MS_LRAA, MS_LRAB};
    for (unsigned i = 0; i < 6; i++)
        cols[i] = zk_spec(ZC_MEMSET_IO, k[i]);
    *doubled = zk_spec(ZC_MEMSET_IO, MS_QH);
    return 6;
}


static int present(const zk_prow *prog, uint32_t n_prog) { return zk_prog_uses(prog, n_prog, ZK_MEMSET); }

const zk_chip_desc zk_chip_memset_io = {
    .name = "memset_io", .n_ops = ZK_CHIP_N_OPS(ZC_MEMSET_IO), .n_spec = MS_N, .r16 = r16,
    .build = build, .fill = fill, .present = present,
};

static int finish_table(zk_wctx *x, zk_witness *w, zk_chip c, const zk_prow *prog,
                        uint32_t n_prog, uvm_err *err)
{
    static const unsigned limbs[] = {MW_DL, MW_DH, MW_LA, MW_LB};
    return zk_rowbuf_move(&x->memset_rows, MW_N, &w->tr[c], &w->rows[c],
                          zk_chip_present(c, prog, n_prog), limbs, 4, &w->tr[ZC_RANGE], "memset",
                          err);
}

const zk_chip_desc zk_chip_memset = {
    .name = "memset", .n_main = MW_N, .build = build_table, .present = present,
    .finish = finish_table,
};
