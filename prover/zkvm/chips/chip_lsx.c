/* chip_lsx.c — the word-crossing load/store chip: LW LH LHU SW SH whose bytes
 * span two 4-aligned words (the witness routes only those rows here, so the
 * aligned load/store chips pay nothing). Invariant: both words are accessed
 * (read; rewritten by stores with range-checked bytes of v2), and a loaded
 * value is made of those words' bytes, so every written value is 32-bit. */
#include "zk_lsx.h"
#include "zk_mem.h"
#include "zk_memmap.h"

const uint8_t zk_lsx_prog_op[5] = {ZK_LW, ZK_LH, ZK_LHU, ZK_SW, ZK_SH};

#define SPEC(k) M(zk_spec(ZC_LSX, (k))) /* a chip-specific column's expression */

/* X[i] = byte i of the 8-byte window A0..A3 B0..B3 (the two words). */
static air_expr xb(air_chip *c, unsigned i) { return i < 4 ? SPEC(LX_A0 + i) : SPEC(LX_B0 + i - 4); }

/* The two RAM words and the moved bytes. With lane = E1 + 2*E2 + 3*E3 and
 * O_j = sum_k E_k*X[k + j] (byte j of the window at the address):
 *   loads:  V_j = O_j (j < size), V_j = 0 beyond (halfwords),
 *           vd = sum_j 256^j*V_j + SG*0xffff0000 (SG: LH's sign, V1 = L7 + 128*SG);
 *   stores: v2 = V0 + 256*V1 + 2^16*R (SW: R = V2 + 256*V3; SH: V2 = V3 = 0),
 *           N0 = W0 + sum_{k+j<4} E_k*256^(k+j)*(V_j - X[k+j]),
 *           N1 = W1 + E3*(V1 - B0) + [SW]*sum_{k+j>=4, j>=2} E_k*256^(k+j-4)*(V_j - X[k+j])
 *           (SH has E3 = 1: it writes A3 and B0 only); loads: N0 = W0, N1 = W1. */
static void lsx_lanes(air_chip *c, air_expr real, air_expr addr)
{
    air_expr lw = zk_sel(c, ZC_LSX, ZK_XLW), lh = zk_sel(c, ZC_LSX, ZK_XLH);
    air_expr lhu = zk_sel(c, ZC_LSX, ZK_XLHU), sw = zk_sel(c, ZC_LSX, ZK_XSW);
    air_expr sh = zk_sel(c, ZC_LSX, ZK_XSH);
    air_expr ld = ADD(ADD(lw, lh), lhu), st = ADD(sw, sh), half = ADD(ADD(lh, lhu), sh);
    air_expr esum = K(0), lane = K(0), w0 = K(0), w1 = K(0), e[4] = {K(0)};
    for (unsigned k = 1; k < 4; k++) {
        e[k] = zk_bool(c, "lane_bool", SPEC(LX_E1 + k - 1));
        esum = ADD(esum, e[k]);
        lane = ADD(lane, SC(e[k], k));
    }
    air_constrain(c, AIR_ALL_ROWS, "lane_one", SUB(esum, real));
    air_constrain(c, AIR_ALL_ROWS, "half_lane", MUL(half, ADD(e[1], e[2])));
    for (unsigned k = 0; k < 4; k++) {
        w0 = ADD(w0, SC(SPEC(LX_A0 + k), 1u << (8 * k)));
        w1 = ADD(w1, SC(SPEC(LX_B0 + k), 1u << (8 * k)));
        zk_byte(c, SPEC(LX_A0 + k), real);
        zk_byte(c, SPEC(LX_B0 + k), real);
        zk_byte(c, SPEC(LX_V0 + k), st);
    }
    air_expr d0 = K(0), d1 = K(0), val = K(0);
    for (unsigned j = 0; j < 4; j++) {
        air_expr o = K(0), v = SPEC(LX_V0 + j);
        for (unsigned k = 1; k < 4; k++) {
            o = ADD(o, MUL(e[k], xb(c, k + j)));
            air_expr t = MUL(e[k], SUB(v, xb(c, k + j)));
            if (k + j < 4)
                d0 = ADD(d0, SC(t, 1u << (8 * (k + j))));
            else if (j >= 2)
                d1 = ADD(d1, SC(t, 1u << (8 * (k + j - 4))));
        }
        air_constrain(c, AIR_ALL_ROWS, "load_byte", MUL(j < 2 ? ld : lw, SUB(v, o)));
        if (j >= 2)
            air_constrain(c, AIR_ALL_ROWS, "half_unused", MUL(half, v));
        val = ADD(val, SC(v, 1u << (8 * j)));
    }
    air_expr n1 = ADD(ADD(w1, MUL(st, MUL(e[3], SUB(SPEC(LX_V0 + 1), SPEC(LX_B0))))), MUL(sw, d1));
    air_constrain(c, AIR_ALL_ROWS, "new0", SUB(SPEC(LX_N0), ADD(w0, MUL(st, d0))));
    air_constrain(c, AIR_ALL_ROWS, "new1", SUB(SPEC(LX_N1), n1));
    air_expr key0 = SUB(addr, lane); /* each word tagged on loads, never on stores */
    air_constrain(c, AIR_ALL_ROWS, "g0_store", MUL(st, SPEC(LX_G0)));
    air_constrain(c, AIR_ALL_ROWS, "g1_store", MUL(st, SPEC(LX_G1)));
    zk_mem_access(c, "w0_ts", real, zk_ro_key(c, key0, zk_spec(ZC_LSX, LX_G0)), w0, SPEC(LX_T0),
                  SPEC(LX_N0), 3, zk_spec(ZC_LSX, LX_L0A), zk_spec(ZC_LSX, LX_L0B));
    zk_mem_access(c, "w1_ts", real, zk_ro_key(c, ADD(key0, K(4)), zk_spec(ZC_LSX, LX_G1)), w1,
                  SPEC(LX_T1), SPEC(LX_N1), 3,
                  zk_spec(ZC_LSX, LX_L1A), zk_spec(ZC_LSX, LX_L1B));
    air_expr split = ADD(ADD(SPEC(LX_V0), SC(SPEC(LX_V0 + 1), 256)), SC(SPEC(LX_R), 1u << 16));
    air_constrain(c, AIR_ALL_ROWS, "v2_split", MUL(st, SUB(M(C_V2), split)));
    air_expr hi = ADD(SPEC(LX_V0 + 2), SC(SPEC(LX_V0 + 3), 256));
    air_constrain(c, AIR_ALL_ROWS, "sw_high", MUL(sw, SUB(SPEC(LX_R), hi)));
    air_constrain(c, AIR_ALL_ROWS, "r_unused", MUL(ld, SPEC(LX_R)));
    zk_r16(c, zk_spec(ZC_LSX, LX_R));
    air_expr sg = zk_bool(c, "sign_bool", SPEC(LX_SG)), l7 = SPEC(LX_L7);
    air_constrain(c, AIR_ALL_ROWS, "sign_unused", MUL(SUB(K(1), lh), sg));
    air_constrain(c, AIR_ALL_ROWS, "l7_unused", MUL(SUB(K(1), lh), l7));
    zk_and(c, SPEC(LX_V0 + 1), K(127), l7, lh);
    air_constrain(c, AIR_ALL_ROWS, "sign", MUL(lh, SUB(SPEC(LX_V0 + 1), ADD(l7, SC(sg, 128)))));
    air_constrain(c, AIR_ALL_ROWS, "value",
                  SUB(MUL(ld, SUB(M(C_VD), val)), SC(sg, 0xffff0000u)));
    air_constrain(c, AIR_ALL_ROWS, "store_vd", MUL(st, M(C_VD)));
}

/* key0 = v1 + imm + 2^32*(1 - c) - lane must be a touched (4-aligned) RAM
 * key, which fixes c and the lane; key1 = key0 + 4 (a crossing of 2^32 gives
 * key 2^33, not a RAM key: the VM faults there too). */
static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    air_expr real = zk_common(c, ZC_LSX, M(C_NPC), 0);
    air_expr cc = zk_bool(c, "carry_bool", SPEC(LX_C));
    air_expr addr = ADD(ADD(M(C_V1), M(C_IMM)), SC(SUB(K(1), cc), ZK_TWO32));
    lsx_lanes(c, real, addr);
}
#undef SPEC

const zk_prow *zk_lsx_route(const zk_prow *pr, const vm_trace_rec *rec, zk_prow *tmp)
{
    static const uint8_t to[5] = {ZK_XLW, ZK_XLH, ZK_XLHU, ZK_XSW, ZK_XSH};
    for (unsigned i = 0; i < 5; i++)
        if (pr->op == zk_lsx_prog_op[i]) {
            if ((rec->maddr & 3) + zk_mem_size((zk_op)pr->op) <= 4)
                return pr;
            *tmp = *pr;
            tmp->op = to[i];
            return tmp;
        }
    return pr;
}

static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)ch, (void)next;
#define COL(k) zk_spec(ZC_LSX, (k))
    gl_t *row = w->row;
    uint64_t s = (uint64_t)v1 + pr->imm;
    uint32_t a = (uint32_t)s, lane = a & 3, op = pr->op;
    uint32_t size = op == ZK_XLW || op == ZK_XSW ? 4 : 2, st = op == ZK_XSW || op == ZK_XSH;
    if (lane + size <= 4)
        return uvm_errf(err, "zkvm: pc 0x%08x: access at 0x%08x does not cross a word (bug)",
                        pr->pc, a);
    if (a - lane == 0xfffffffcu)
        return uvm_errf(err, "zkvm: pc 0x%08x: access at 0x%08x wraps past 2^32 (not provable)",
                        pr->pc, a);
    row[COL(LX_C)] = s >> 32;
    row[COL(LX_E1) + lane - 1] = 1;
    uint64_t k0 = st ? ZK_KEY_RAM(a - lane) : zk_memmap_read_key(w->p, a - lane);
    uint64_t k1 = st ? ZK_KEY_RAM(a - lane + 4) : zk_memmap_read_key(w->p, a - lane + 4);
    row[COL(LX_G0)] = k0 >= ZK_KEY_RO(0), row[COL(LX_G1)] = k1 >= ZK_KEY_RO(0);
    zk_slot *e0 = zk_sh_get(&w->sh, w->p, k0);
    zk_slot *e1 = e0 ? zk_sh_get(&w->sh, w->p, k1) : NULL;
    if (!e1)
        return uvm_errf(err, "zkvm: out of memory for the shadow memory");
    e0 = zk_sh_get(&w->sh, w->p, k0); /* the table may have grown */
    uint8_t x[8];
    for (unsigned k = 0; k < 4; k++)
        x[k] = e0->val >> (8 * k) & 255, x[4 + k] = e1->val >> (8 * k) & 255;
    for (unsigned k = 0; k < 8; k++) {
        row[COL(LX_A0) + k] = x[k]; /* LX_B0 = LX_A0 + 4 */
        zk_and_lookup(w, x[k], x[k]);
    }
    uint32_t v = 0;
    for (unsigned j = 0; j < size; j++) {
        uint32_t b = st ? v2 >> (8 * j) & 255 : x[lane + j];
        row[COL(LX_V0) + j] = b;
        v |= b << (8 * j);
        if (st) {
            x[lane + j] = (uint8_t)b;
            zk_and_lookup(w, b, b);
        }
    }
    for (unsigned j = size; st && j < 4; j++)
        zk_and_lookup(w, 0, 0); /* SH: V2 = V3 = 0, looked up on every store row */
    uint32_t n0 = 0, n1 = 0, old;
    for (unsigned k = 0; k < 4; k++)
        n0 |= (uint32_t)x[k] << (8 * k), n1 |= (uint32_t)x[4 + k] << (8 * k);
    row[COL(LX_N0)] = n0, row[COL(LX_N1)] = n1;
    if (zk_access(w, k0, st, n0, 3, ~0u, COL(LX_T0), COL(LX_L0A), &old, err) ||
        zk_access(w, k1, st, n1, 3, ~0u, COL(LX_T1), COL(LX_L1A), &old, err))
        return -1;
    *vd = 0;
    if (st) {
        row[COL(LX_R)] = v2 >> 16;
        return 0;
    }
    if (op == ZK_XLH) {
        uint32_t tb = v >> 8;
        row[COL(LX_L7)] = tb & 127;
        row[COL(LX_SG)] = tb >> 7;
        zk_and_lookup(w, tb, 127);
        if (tb >> 7)
            v |= 0xffff0000u;
    }
    *vd = v;
    return 0;
#undef COL
}

unsigned zk_lsx_r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    unsigned n = 0;
    (void)dbl;
    if (ch == ZC_LSX) {
        static const unsigned k[] = {LX_L0A, LX_L0B, LX_L1A, LX_L1B, LX_R};
        for (unsigned i = 0; i < 5; i++)
            cols[n++] = zk_spec(ch, k[i]);
    } else if (ch == ZC_AMO) {
        static const unsigned k[] = {AM_LA, AM_LB, AM_NL, AM_NH, AM_RLA, AM_RLB,
                                     AM_ALO, AM_AHI, AM_BLO, AM_BHI, AM_DLO, AM_DHI};
        for (unsigned i = 0; i < sizeof k / sizeof k[0]; i++)
            cols[n++] = zk_spec(ch, k[i]);
    }
    return n;
}

const zk_chip_desc zk_chip_lsx = {
    .name = "lsx", .n_ops = ZK_CHIP_N_OPS(ZC_LSX), .n_spec = LX_N, .r16 = zk_lsx_r16,
    .prog_op = zk_lsx_prog_op, .build = build, .fill = fill,
};
