/* chip_memcpy.c — MEMCPY/MEMMOVE: the uop row ("memcpy_io") and one row per
 * destination word ("memcpy") on BUS_MEMCPY tokens that carry the previous
 * source word's bytes: constraints, then the witness, then the descriptor.
 * Invariant: a call's rows write exactly the words meeting [d, d + n), byte
 * d + i taking the old byte s + i (memmove), and a MEMCPY row proves d <= s
 * or d >= s + n, where that is also the ascending byte copy the VM defines
 * MEMCPY as. The witness makes every source read of a call before any
 * destination write, so the shadow memory gives each write the old source
 * bytes. */
#include <stdlib.h>
#include <string.h>

#include "chip_memcpy.h"
#include "zk_build.h"
#include "zk_memmap.h"
#include "zkvm.h"

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
    unsigned ql = zk_spec(ZC_MEMCPY_IO, MC_QL), qh = zk_spec(ZC_MEMCPY_IO, MC_QH);
    air_expr next = zk_ret_next(c, ql, qh);
    zk_ret_limbs(c, ql, qh);
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
static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    air_expr next = ret_pc(c);
    air_expr real = zk_common(c, ZC_MEMCPY_IO, next, 0);
    zk_ret_split(c, "b0_bool", zk_spec(ZC_MEMCPY_IO, MC_B0), zk_spec(ZC_MEMCPY_IO, MC_VRA), next);
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
static void build_table(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
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
}

/* An access from a word row: zk_access fills w->row, so point it there. */
static int row_access(zk_wctx *w, gl_t *wr, uint64_t key, int write, uint32_t val, unsigned k,
                      unsigned tcol, unsigned la, uint32_t *old, uvm_err *err)
{
    gl_t *keep = w->row;
    w->row = wr;
    int rc = zk_access(w, key, write, val, k, ~0u, tcol, la, old, err);
    w->row = keep;
    return rc;
}

int zk_memcpy_forge_overlap;

/* Refusals: wrapping ranges, memcpy's overlap, the last source word past 2^32. */
static int check_call(const zk_prow *pr, uint32_t d, uint32_t s, uint32_t n, uint64_t sa_end,
                      uvm_err *err)
{
    const char *nm = pr->op == ZK_MEMCPY ? "MEMCPY" : "MEMMOVE";
    if ((uint64_t)d + n > ZK_TWO32 || (uint64_t)s + n > ZK_TWO32)
        return uvm_errf(err, "zkvm: pc 0x%08x: %s of 0x%08x bytes from 0x%08x to 0x%08x wraps "
                        "past 2^32 (not provable)", pr->pc, nm, n, s, d);
    if (pr->op == ZK_MEMCPY && d != s && d - s < n && !zk_memcpy_forge_overlap)
        return uvm_errf(err, "zkvm: pc 0x%08x: MEMCPY to 0x%08x overlapping its source 0x%08x + "
                        "%u from above (an ascending copy there is not memmove: not provable)",
                        pr->pc, d, s, n);
    if (sa_end > ZK_TWO32)
        return uvm_errf(err, "zkvm: pc 0x%08x: %s source 0x%08x: the word after it is past "
                        "2^32 (not provable)", pr->pc, nm, s);
    return 0;
}

static void put_bytes(gl_t *row, unsigned col, uint32_t v)
{
    for (unsigned k = 0; k < 4; k++)
        row[col + k] = v >> (8 * k) & 255;
}

static void lookup_bytes(zk_wctx *w, uint32_t v)
{
    for (unsigned k = 0; k < 4; k++)
        zk_and_lookup(w, v >> (8 * k) & 255, v >> (8 * k) & 255);
}

/* Pass 1 of the word rows: the layout columns and the source reads. */
static int fill_reads(zk_wctx *w, gl_t *rows, uint64_t nr, uint32_t a0, uint64_t sa0,
                      uint32_t sd, uint32_t wv, uint64_t r0, uint32_t *carry, uvm_err *err)
{
    for (uint64_t i = 0; i < nr; i++) {
        gl_t *wr = &rows[i * CW_N];
        int64_t r = (int64_t)r0 - 4 * (int64_t)i;
        uint32_t q;
        wr[CW_REAL] = 1, wr[CW_TS] = w->ts, wr[CW_A] = a0 + 4 * i, wr[CW_SA] = sa0 + 4 * i;
        wr[CW_R] = (uint64_t)r, wr[CW_S0 + (i ? 0 : sd)] = 1, wr[CW_W1 + wv - 1] = 1;
        if (r >= 4)
            wr[CW_G] = 1, wr[CW_DL] = (uint64_t)(r - 4) & 0xffff, wr[CW_DH] = (uint64_t)(r - 4) >> 16;
        else
            wr[CW_L1 + r - 1] = 1;
        put_bytes(wr, CW_P0, *carry);
        uint64_t key = zk_memmap_read_key(w->p, (uint32_t)(sa0 + 4 * i));
        wr[CW_QTG] = key >= ZK_KEY_RO(0);
        if (row_access(w, wr, key, 0, 0, 1, CW_QT, CW_QLA, &q, err))
            return -1;
        put_bytes(wr, CW_Q0, q);
        lookup_bytes(w, q);
        *carry = q;
    }
    return 0;
}

/* Pass 2: each destination word's bytes st <= k < r become window byte w + k. */
static int fill_writes(zk_wctx *w, gl_t *rows, uint64_t nr, uint32_t wv, uvm_err *err)
{
    for (uint64_t i = 0; i < nr; i++) {
        gl_t *wr = &rows[i * CW_N];
        uint32_t a = (uint32_t)wr[CW_A], st = 0, nw = 0, old;
        for (unsigned k = 0; k < 4; k++)
            st += k * (uint32_t)wr[CW_S0 + k];
        int64_t r = (int64_t)wr[CW_R]; /* >= 1 on a word row */
        zk_slot *sl = zk_sh_get(&w->sh, w->p, ZK_KEY_RAM(a));
        if (!sl)
            return uvm_errf(err, "zkvm: out of memory for the shadow memory");
        old = sl->val;
        for (uint32_t k = 0; k < 4; k++) {
            uint32_t b = old >> (8 * k) & 255, on = st <= k && (int64_t)k < r;
            uint32_t j = wv + k, x = (uint32_t)(j < 4 ? wr[CW_P0 + j] : wr[CW_Q0 + j - 4]);
            wr[CW_B0 + k] = b;
            wr[CW_E0 + k] = on;
            nw |= (on ? x : b) << (8 * k);
        }
        lookup_bytes(w, old);
        wr[CW_NEW] = nw;
        if (row_access(w, wr, ZK_KEY_RAM(a), 1, nw, 3, CW_DT, CW_DLA, &old, err))
            return -1;
    }
    return 0;
}

/* Witness of a MEMCPY/MEMMOVE uop row (w->row) at d = v1, n = v2 and its word
 * rows into w->memcpy_rows. Refuses d + n or s + n past 2^32, and MEMCPY with
 * d inside (s, s + n) (its ascending byte copy differs from memmove there). */
static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t d, uint32_t n,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)ch, (void)vd;
    gl_t *row = w->row;
    uint32_t s, ra, pv = 0;
#define COL(k) zk_spec(ZC_MEMCPY_IO, (k))
    if (zk_access(w, ZK_KEY_REG(11), 0, 0, 3, COL(MC_V11), COL(MC_T11), COL(MC_L11A), &s, err) ||
        zk_access(w, ZK_KEY_REG(1), 0, 0, 3, COL(MC_VRA), COL(MC_TRA), COL(MC_LRAA), &ra, err))
        return -1;
    uint32_t sd = d & 3, wv = ((s & 3) - sd) & 3, e4 = (uint32_t)(((uint64_t)d + n) % 4);
    wv = wv ? wv : 4;
    uint64_t r0 = (uint64_t)n + sd, nr = (r0 + 3) / 4, sa0 = (uint64_t)s - sd + 4 - wv;
    if (check_call(pr, d, s, n, sa0 + 4 * nr, err))
        return -1;
    row[COL(MC_B0)] = ra & 1, row[COL(MC_QL)] = (ra >> 1) & 0xffff, row[COL(MC_QH)] = ra >> 17;
    row[COL(MC_S0 + sd)] = 1;
    row[COL(MC_T0 + (4 - e4) % 4)] = 1;
    row[COL(MC_W1 + wv - 1)] = 1;
    if (wv + sd <= 3) { /* the first byte comes from the word of s, read here */
        row[COL(MC_F)] = 1;
        uint64_t key = zk_memmap_read_key(w->p, (uint32_t)(sa0 - 4));
        row[COL(MC_PTG)] = key >= ZK_KEY_RO(0);
        if (zk_access(w, key, 0, 0, 1, ~0u, COL(MC_PT), COL(MC_PLA), &pv, err))
            return -1;
    }
    if (pr->op == ZK_MEMCPY) { /* OC = [d <= s]; D = s - d or d - s - n (chip_memcpy.c) */
        row[COL(MC_OC)] = d <= s;
        zk_limbs(row, COL(MC_OL), d <= s ? s - d : d - s - n);
    }
    put_bytes(row, COL(MC_PV0), pv);
    lookup_bytes(w, pv);
    *next = ra & ~1u;
    if (nr > ZK_MAX_COPY_WORDS - w->memset_rows.rows - w->memcpy_rows.rows)
        return uvm_errf(err, "zkvm: pc 0x%08x: %s of %u bytes: a segment proves at most %u "
                        "MEMSET/MEMCPY words (not provable)", pr->pc,
                        pr->op == ZK_MEMCPY ? "MEMCPY" : "MEMMOVE", n, ZK_MAX_COPY_WORDS);
    int64_t first = zk_rowbuf_add(&w->memcpy_rows, CW_N, nr);
    if (first < 0)
        return uvm_errf(err, "zkvm: out of memory for the memcpy rows");
    gl_t *rows = &w->memcpy_rows.data[first * CW_N];
    uint32_t carry = pv;
    if (fill_reads(w, rows, nr, d - sd, sa0, sd, wv, r0, &carry, err) ||
        fill_writes(w, rows, nr, wv, err))
        return -1;
    put_bytes(row, COL(MC_PE0), carry);
#undef COL
    return 0;
}

/* *doubled: QH (2*QH looked up). */
static unsigned r16(zk_chip ch, unsigned *cols, unsigned *doubled)
{
    (void)ch;
    static const unsigned k[] = {MC_QL, MC_PLA, MC_PLB, MC_L11A, MC_L11B, MC_LRAA, MC_LRAB,
                                 MC_OL, MC_OH};
    unsigned n = sizeof k / sizeof k[0];
    for (unsigned i = 0; i < n; i++)
        cols[i] = zk_spec(ZC_MEMCPY_IO, k[i]);
    *doubled = zk_spec(ZC_MEMCPY_IO, MC_QH);
    return n;
}


const zk_chip_desc zk_chip_memcpy_io = {
    .name = "memcpy_io", .n_ops = ZK_CHIP_N_OPS(ZC_MEMCPY_IO), .n_spec = MC_N, .r16 = r16,
    .build = build, .fill = fill, .present = zk_memcpy_present,
};

static int finish_table(zk_wctx *x, zk_witness *w, zk_chip c, const zk_prow *prog,
                        uint32_t n_prog, uvm_err *err)
{
    static const unsigned limbs[] = {CW_DL, CW_DH, CW_QLA, CW_QLB, CW_DLA, CW_DLB};
    return zk_rowbuf_move(&x->memcpy_rows, CW_N, &w->tr[c], &w->rows[c],
                          zk_chip_present(c, prog, n_prog), limbs, 6, &w->tr[ZC_RANGE], "memcpy",
                          err);
}

const zk_chip_desc zk_chip_memcpy = {
    .name = "memcpy", .n_main = CW_N, .build = build_table, .present = zk_memcpy_present,
    .finish = finish_table,
};
