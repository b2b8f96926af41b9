/* chip_memcpy.c — constraints of MEMCPY/MEMMOVE: the uop row ("memcpy_io")
 * and one row per destination word ("memcpy") on BUS_MEMCPY tokens that carry
 * the previous source word's bytes. Invariant: a call's rows write exactly the
 * words meeting [d, d + n), byte d + i taking the old byte s + i (memmove),
 * and a MEMCPY row proves d <= s or d >= s + n, where that is also the
 * ascending byte copy the VM defines MEMCPY as. */
#include "zk_build.h"
#include "zk_copy.h"
#include "zk_native.h"

_Static_assert((int)CW_TS == (int)C_TS, "zk_mem_access reads the timestamp from column C_TS");

#define SPEC(k) M(zk_spec(ZC_MEMCPY_IO, (k))) /* a chip-specific column's expression */

int zk_memcpy_present(const zk_prow *prog, uint32_t n_prog)
{
    return zk_prog_uses(prog, n_prog, ZK_MEMCPY) || zk_prog_uses(prog, n_prog, ZK_MEMMOVE);
}

/* x = sum 256^k col[k] (k < 4) */
static air_expr word_of(air_chip *c, air_expr x0, air_expr x1, air_expr x2, air_expr x3)
{
    return ADD(ADD(x0, SC(x1, 1u << 8)), ADD(SC(x2, 1u << 16), SC(x3, 1u << 24)));
}

static void byte_lookup(air_chip *c, air_expr b, air_expr mult) { zk_byte(c, b, mult); }

/* ra = b0 + next, next = 2*(QL + 2^16*QH) (QL, 2*QH R16): the even return pc. */
static air_expr ret_pc(air_chip *c)
{
    air_expr next = SC(ADD(SPEC(MC_QL), SC(SPEC(MC_QH), 1u << 16)), 2);
    zk_r16(c, zk_spec(ZC_MEMCPY_IO, MC_QL));
    air_expr qh2 = SC(SPEC(MC_QH), 2);
    air_receive(c, BUS_R16, &qh2, 1, K(1));
    return next;
}

/* MEMCPY is the ascending byte copy (vm/uop_exec_native.h) on every input;
 * the rows give memmove's result, and the two differ exactly when
 * s < d < s + n (d <= s: each byte is read before it is overwritten; d >= s + n:
 * no overlap). Neither range wraps in a proof: a word row's key 2^32 + A (or
 * 2^32 + SA) with A >= 2^32 is no key the verifier accepts in a touched set
 * (zk_verify), so its accesses cannot balance; for such ranges the VM's
 * test (d != s and d - s mod 2^32 < n) is s < d < s + n over the integers. So
 * a MEMCPY row proves d <= s (OC = 1) or d >= s + n (OC = 0):
 *   D = OC*(s - d) + (1 - OC)*(d - s - n) = OL + 2^16*OH  (R16 limbs).
 * d, s, n < 2^32 (register values), so D's integer value is in (-2^33, 2^32)
 * and a negative one is a field element >= p - 2^33, never a limb pair. n = 0
 * needs no case of its own (d <= s or d >= s holds). OC = 0 off MEMCPY rows
 * (MEMMOVE, padding), so with sel = [MEMCPY] the same D is, of degree 2,
 *   D = sel*(d - s - n) + OC*(2*(s - d) + n),  0 on every other row.
 * Three columns per call, none per word. */
static void no_overlap_from_above(air_chip *c, air_expr d, air_expr s, air_expr n)
{
    air_expr sel = zk_sel(c, ZC_MEMCPY_IO, ZK_MEMCPY), oc = zk_bool(c, "oc_bool", SPEC(MC_OC));
    air_constrain(c, AIR_ALL_ROWS, "oc_memcpy", MUL(oc, SUB(K(1), sel)));
    air_expr dd = ADD(MUL(sel, SUB(SUB(d, s), n)), MUL(oc, ADD(SC(SUB(s, d), 2), n)));
    air_constrain(c, AIR_ALL_ROWS, "no_overlap",
                  SUB(ADD(SPEC(MC_OL), SC(SPEC(MC_OH), 1u << 16)), dd));
    zk_r16(c, zk_spec(ZC_MEMCPY_IO, MC_OL));
    zk_r16(c, zk_spec(ZC_MEMCPY_IO, MC_OH));
}

/* The uop row. With sd = sum k S_k, t = sum k T_k, w = sum (k+1) W_k:
 * F = sum_{i + j <= 3} S_i W_j (the first written byte d comes from the
 * carry, i.e. from the word of s = SA0 - 4); when F the row reads that word
 * (key 2^32 + s - sd - w) at sub-step 1, else its columns are 0. Start token
 * (ts, A0 = d - sd, SA0 = s - sd + 4 - w, n + sd, sd, w, PV), end token
 * (ts, d + n + t, s + 4 - w + n + t, -t, 0, w, PE). A wrong w (not = s - d
 * mod 4) makes every source key misaligned, which cannot balance. */
void zk_chip_memcpy_io(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    air_expr next = ret_pc(c);
    air_expr real = zk_common(c, ZC_MEMCPY_IO, next, 0);
    zk_bool(c, "b0_bool", SPEC(MC_B0));
    air_constrain(c, AIR_ALL_ROWS, "ret_split", SUB(SPEC(MC_VRA), ADD(SPEC(MC_B0), next)));
    air_expr ss = K(0), ts = K(0), ws = K(0), sd = K(0), t = K(0), w = K(0), f = K(0);
    for (unsigned k = 0; k < 4; k++) {
        ss = ADD(ss, zk_bool(c, "s_bool", SPEC(MC_S0 + k)));
        ts = ADD(ts, zk_bool(c, "t_bool", SPEC(MC_T0 + k)));
        ws = ADD(ws, zk_bool(c, "w_bool", SPEC(MC_W1 + k)));
        sd = ADD(sd, SC(SPEC(MC_S0 + k), k));
        t = ADD(t, SC(SPEC(MC_T0 + k), k));
        w = ADD(w, SC(SPEC(MC_W1 + k), k + 1));
    }
    for (unsigned i = 0; i < 3; i++)
        for (unsigned j = 0; i + j + 1 <= 3; j++)
            f = ADD(f, MUL(SPEC(MC_S0 + i), SPEC(MC_W1 + j)));
    air_constrain(c, AIR_ALL_ROWS, "s_one", SUB(ss, real));
    air_constrain(c, AIR_ALL_ROWS, "t_one", SUB(ts, real));
    air_constrain(c, AIR_ALL_ROWS, "w_one", SUB(ws, real));
    air_constrain(c, AIR_ALL_ROWS, "f_def", SUB(SPEC(MC_F), f));
    air_expr nf = SUB(K(1), SPEC(MC_F));
    for (unsigned k = 0; k < 4; k++) {
        air_constrain(c, AIR_ALL_ROWS, "pv_unused", MUL(nf, SPEC(MC_PV0 + k)));
        byte_lookup(c, SPEC(MC_PV0 + k), real);
    }
    air_constrain(c, AIR_ALL_ROWS, "pt_unused", MUL(nf, SPEC(MC_PT)));
    air_constrain(c, AIR_ALL_ROWS, "pla_unused", MUL(nf, SPEC(MC_PLA)));
    air_constrain(c, AIR_ALL_ROWS, "plb_unused", MUL(nf, SPEC(MC_PLB)));
    air_expr pw = word_of(c, SPEC(MC_PV0), SPEC(MC_PV0 + 1), SPEC(MC_PV0 + 2), SPEC(MC_PV0 + 3));
    air_expr s = SPEC(MC_V11);
    air_expr pkey = zk_ro_key(c, ADD(K(ZK_KEY_RAM(0)), SUB(SUB(s, sd), w)),
                              zk_spec(ZC_MEMCPY_IO, MC_PTG));
    air_constrain(c, AIR_ALL_ROWS, "ptg_unused", MUL(nf, SPEC(MC_PTG)));
    zk_mem_access(c, "pf_ts", SPEC(MC_F), pkey, pw, SPEC(MC_PT), pw, 1,
                  zk_spec(ZC_MEMCPY_IO, MC_PLA), zk_spec(ZC_MEMCPY_IO, MC_PLB));
    zk_mem_access(c, "a1_ts", real, K(ZK_KEY_REG(11)), s, SPEC(MC_T11), s, 3,
                  zk_spec(ZC_MEMCPY_IO, MC_L11A), zk_spec(ZC_MEMCPY_IO, MC_L11B));
    zk_mem_access(c, "ra_ts", real, K(ZK_KEY_REG(1)), SPEC(MC_VRA), SPEC(MC_TRA), SPEC(MC_VRA), 3,
                  zk_spec(ZC_MEMCPY_IO, MC_LRAA), zk_spec(ZC_MEMCPY_IO, MC_LRAB));
    air_expr d = M(C_V1), n = M(C_V2), sa0 = SUB(ADD(SUB(s, sd), K(4)), w);
    air_expr start[10] = {M(C_TS), SUB(d, sd), sa0, ADD(n, sd), sd, w,
                          SPEC(MC_PV0), SPEC(MC_PV0 + 1), SPEC(MC_PV0 + 2), SPEC(MC_PV0 + 3)};
    air_expr end[10] = {M(C_TS), ADD(ADD(d, n), t), ADD(ADD(sa0, ADD(n, sd)), t), SUB(K(0), t),
                        K(0), w, SPEC(MC_PE0), SPEC(MC_PE0 + 1), SPEC(MC_PE0 + 2), SPEC(MC_PE0 + 3)};
    air_send(c, BUS_MEMCPY, start, 10, real);
    air_receive(c, BUS_MEMCPY, end, 10, real);
    no_overlap_from_above(c, d, s, n);
}

/* Byte i of the window [P0..P3, Q0..Q3] (i < 8). */
static air_expr window(air_chip *c, unsigned i)
{
    return i < 4 ? M(CW_P0 + i) : M(CW_Q0 + i - 4);
}

/* A word row: r = G*(4 + DL + 2^16*DH) + sum k L_k >= 1, byte k written iff
 * st <= k < r: E_k = (S_0 + .. + S_k)(G + L_(k+1) + .. + L_3) (as memset).
 * Written byte k = X_k = sum_j W_j * window(w_j + k) (source address
 * SA - 4 + w + k = A + k + s - d, since SA - A = s - d + 4 - w on every row);
 * NEW = sum 256^k (B_k + E_k (X_k - B_k)), each term a byte. Reads Q at
 * 2^32 + SA (sub-step 1), writes NEW over B at 2^32 + A (sub-step 3).
 * Receives (ts, A, SA, r, st, w, P), sends (ts, A + 4, SA + 4, r - 4, 0, w, Q). */
air_chip *zk_chip_memcpy(air_system *sys, int present)
{
    air_chip *c = air_chip_new(sys, "memcpy", present ? CW_N : 1, 0);
    if (!c)
        return NULL;
    if (!present) {
        air_constrain(c, AIR_ALL_ROWS, "unused", M(0));
        return c;
    }
    air_expr real = zk_bool(c, "real_bool", M(CW_REAL)), ss = K(0), st = K(0), ws = K(0);
    air_expr w = K(0), g = zk_bool(c, "g_bool", M(CW_G)), gl = g, r3 = K(0);
    for (unsigned k = 0; k < 4; k++) {
        ss = ADD(ss, zk_bool(c, "s_bool", M(CW_S0 + k)));
        st = ADD(st, SC(M(CW_S0 + k), k));
        ws = ADD(ws, zk_bool(c, "w_bool", M(CW_W1 + k)));
        w = ADD(w, SC(M(CW_W1 + k), k + 1));
    }
    for (unsigned k = 1; k < 4; k++) {
        gl = ADD(gl, zk_bool(c, "l_bool", M(CW_L1 + k - 1)));
        r3 = ADD(r3, SC(M(CW_L1 + k - 1), k));
    }
    air_constrain(c, AIR_ALL_ROWS, "s_one", SUB(ss, real));
    air_constrain(c, AIR_ALL_ROWS, "w_one", SUB(ws, real));
    air_constrain(c, AIR_ALL_ROWS, "gl_one", SUB(gl, real));
    air_expr dd = ADD(M(CW_DL), SC(M(CW_DH), 1u << 16));
    air_constrain(c, AIR_ALL_ROWS, "remaining", SUB(M(CW_R), ADD(MUL(g, ADD(K(4), dd)), r3)));
    air_constrain(c, AIR_ALL_ROWS, "dl_unused", MUL(SUB(K(1), g), M(CW_DL)));
    air_constrain(c, AIR_ALL_ROWS, "dh_unused", MUL(SUB(K(1), g), M(CW_DH)));
    zk_r16(c, CW_DL);
    zk_r16(c, CW_DH);
    air_expr nw = K(0), lo = K(0);
    for (unsigned k = 0; k < 4; k++) {
        lo = ADD(lo, M(CW_S0 + k));
        air_expr hi = g;
        for (unsigned j = k + 1; j < 4; j++)
            hi = ADD(hi, M(CW_L1 + j - 1));
        air_constrain(c, AIR_ALL_ROWS, "mask", SUB(M(CW_E0 + k), MUL(lo, hi)));
        air_expr x = K(0), b = M(CW_B0 + k);
        for (unsigned j = 0; j < 4; j++)
            x = ADD(x, MUL(M(CW_W1 + j), window(c, j + 1 + k)));
        nw = ADD(nw, SC(ADD(b, MUL(M(CW_E0 + k), SUB(x, b))), 1u << (8 * k)));
        byte_lookup(c, M(CW_Q0 + k), real);
        byte_lookup(c, b, real);
    }
    air_constrain(c, AIR_ALL_ROWS, "new", SUB(M(CW_NEW), nw));
    air_expr qw = word_of(c, M(CW_Q0), M(CW_Q0 + 1), M(CW_Q0 + 2), M(CW_Q0 + 3));
    air_expr old = word_of(c, M(CW_B0), M(CW_B0 + 1), M(CW_B0 + 2), M(CW_B0 + 3));
    air_expr skey = zk_ro_key(c, ADD(M(CW_SA), K(ZK_KEY_RAM(0))), CW_QTG);
    zk_mem_access(c, "src_ts", real, skey, qw, M(CW_QT), qw, 1,
                  CW_QLA, CW_QLB);
    zk_mem_access(c, "dst_ts", real, ADD(M(CW_A), K(ZK_KEY_RAM(0))), old, M(CW_DT), M(CW_NEW), 3,
                  CW_DLA, CW_DLB);
    air_expr in[10] = {M(CW_TS), M(CW_A), M(CW_SA), M(CW_R), st, w,
                       M(CW_P0), M(CW_P0 + 1), M(CW_P0 + 2), M(CW_P0 + 3)};
    air_expr out[10] = {M(CW_TS), ADD(M(CW_A), K(4)), ADD(M(CW_SA), K(4)), SUB(M(CW_R), K(4)),
                        K(0), w, M(CW_Q0), M(CW_Q0 + 1), M(CW_Q0 + 2), M(CW_Q0 + 3)};
    air_receive(c, BUS_MEMCPY, in, 10, real);
    air_send(c, BUS_MEMCPY, out, 10, real);
    return c;
}
