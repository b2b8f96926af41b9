/* chip_mul256.c — MUL256 in one row: the 16 limbs of x and y (16 bits each),
 * the 32 product limbs Z_k and carries with sum_{i+j=k} x_i y_j + C_(k-1) =
 * Z_k + 2^16 C_k (an integer equation: every term < 2^49 < p). Invariant:
 * the 16 words written are exactly the 512-bit product of the words read. */
#include "hints_ref.h"
#include "zk_build.h"
#include "zk_memmap.h"
#include "chip_mul256.h"

#define COL(k) zk_spec(ZC_MUL256_IO, (k))
#define SPEC(k) M(COL(k)) /* a chip-specific column's expression */
#define XW(i, f) (M2_X0 + M2_IN_W * (i) + (f))
#define YW(i, f) (M2_Y0 + M2_IN_W * (i) + (f))
#define OW(i, f) (M2_O0 + M2_OUT_W * (i) + (f))

/* 16-bit limb m < 16 of the input whose word columns start at base. */
static air_expr limb(air_chip *c, unsigned base, unsigned m)
{
    return SPEC(base + M2_IN_W * (m / 2) + (m & 1 ? M2_HI : M2_LO));
}

static air_expr carry(air_chip *c, int k)
{
    if (k < 0 || k >= 31)
        return K(0); /* no carry into limb 0; none out of limb 31 (the product < 2^512) */
    return ADD(SPEC(M2_C0 + 2 * k), SC(SPEC(M2_C0 + 2 * k + 1), 1u << 16));
}

/* Input word i of base (x or y) at key 2^32 + ptr + 4i + 2^35*tag (column
 * tg), read at sub-step k. */
static void input_word(air_chip *c, air_expr real, air_expr ptr, unsigned base, unsigned i,
                       unsigned k, unsigned tg)
{
    unsigned w = base + M2_IN_W * i;
    air_expr v = ADD(SPEC(w + M2_LO), SC(SPEC(w + M2_HI), 1u << 16));
    air_expr key = zk_ro_key(c, ADD(K(ZK_KEY_RAM(4 * i)), ptr), COL(tg));
    zk_r16(c, COL(w + M2_LO));
    zk_r16(c, COL(w + M2_HI));
    zk_mem_access(c, "in_ts", real, key, v, SPEC(w + M2_T), v, k, COL(w + M2_LA), COL(w + M2_LB));
}

static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    air_expr next = zk_ret_next(c, COL(M2_QL), COL(M2_QH));
    air_expr real = zk_common(c, ZC_MUL256_IO, next, 0);
    zk_ret_split(c, "b0_bool", COL(M2_B0), COL(M2_VRA), next);
    zk_ret_limbs(c, COL(M2_QL), COL(M2_QH));
    zk_mem_access(c, "a0_ts", real, K(ZK_KEY_REG(10)), SPEC(M2_V10), SPEC(M2_T10), SPEC(M2_V10), 3,
                  COL(M2_L10A), COL(M2_L10B));
    zk_mem_access(c, "ra_ts", real, K(ZK_KEY_REG(1)), SPEC(M2_VRA), SPEC(M2_TRA), SPEC(M2_VRA), 3,
                  COL(M2_LRAA), COL(M2_LRAB));
    for (unsigned i = 0; i < 8; i++) {
        input_word(c, real, M(C_V1), M2_X0, i, 1, M2_TX);
        input_word(c, real, M(C_V2), M2_Y0, i, 2, M2_TY);
    }
    for (unsigned i = 0; i < 16; i++) {
        air_expr nw = ADD(SPEC(OW(i, M2_Z0)), SC(SPEC(OW(i, M2_Z1)), 1u << 16));
        air_expr key = ADD(K(ZK_KEY_RAM(4 * i)), SPEC(M2_V10));
        zk_r16(c, COL(OW(i, M2_Z0)));
        zk_r16(c, COL(OW(i, M2_Z1)));
        zk_mem_access(c, "out_ts", real, key, SPEC(OW(i, M2_OLD)), SPEC(OW(i, M2_OT)), nw, 3,
                      COL(OW(i, M2_OLA)), COL(OW(i, M2_OLB)));
    }
    for (unsigned k = 0; k < 62; k++)
        zk_r16(c, COL(M2_C0 + k)); /* carries < 2^32: every column term < 2^49 */
    for (int k = 0; k < 32; k++) {
        air_expr s = carry(c, k - 1);
        for (int i = 0; i < 16; i++)
            if (k - i >= 0 && k - i < 16)
                s = ADD(s, MUL(limb(c, M2_X0, (unsigned)i), limb(c, M2_Y0, (unsigned)(k - i))));
        air_expr z = SPEC(OW(k / 2, k & 1 ? M2_Z1 : M2_Z0));
        air_constrain(c, AIR_ALL_ROWS, "column", SUB(s, ADD(z, SC(carry(c, k), 1u << 16))));
    }
}

static unsigned r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    (void)ch;
    unsigned n = 0;
    static const unsigned fixed[] = {M2_QL, M2_L10A, M2_L10B, M2_LRAA, M2_LRAB};
    for (unsigned i = 0; i < 5; i++)
        cols[n++] = COL(fixed[i]);
    for (unsigned i = 0; i < 8; i++)
        for (unsigned f = M2_LO; f <= M2_LB; f++)
            if (f != M2_T) {
                cols[n++] = COL(XW(i, f));
                cols[n++] = COL(YW(i, f));
            }
    for (unsigned i = 0; i < 16; i++)
        for (unsigned f = M2_OLA; f <= M2_Z1; f++)
            cols[n++] = COL(OW(i, f));
    for (unsigned k = 0; k < 62; k++)
        cols[n++] = COL(M2_C0 + k);
    *dbl = COL(M2_QH);
    return n;
}

/* Refusals: the VM reads and writes these with LD32/ST32 at any address;
 * the proof's RAM keys are 4-aligned words below 2^32. */
static int check_ptr(const zk_prow *pr, const char *what, uint32_t p, uint32_t bytes,
                     uvm_err *err)
{
    if (p & 3)
        return uvm_errf(err, "zkvm: pc 0x%08x: MUL256 %s at 0x%08x is not 4-aligned "
                        "(not provable)", pr->pc, what, p);
    if ((uint64_t)p + bytes > ZK_TWO32)
        return uvm_errf(err, "zkvm: pc 0x%08x: MUL256 %s at 0x%08x wraps past 2^32 "
                        "(not provable)", pr->pc, what, p);
    return 0;
}

/* Reads the 8 words at ptr (sub-step k) into v and their limb columns, with
 * the read-only tag (in column tg) of their page. */
static int read_input(zk_wctx *w, const zk_prow *pr, uint32_t ptr, unsigned base, unsigned tg,
                      unsigned k, uint32_t v[8], uvm_err *err)
{
    uint64_t tag = zk_memmap_read_key(w->p, ptr) - ZK_KEY_RAM(ptr);
    w->row[COL(tg)] = tag != 0;
    for (unsigned i = 0; i < 8; i++) {
        unsigned wc = base + M2_IN_W * i;
        if (zk_memmap_read_key(w->p, ptr + 4 * i) != ZK_KEY_RAM(ptr + 4 * i) + tag)
            return uvm_errf(err, "zkvm: pc 0x%08x: MUL256 input 0x%08x lies on both a read-only "
                            "and a writable page (not provable)", pr->pc, ptr);
        if (zk_access(w, ZK_KEY_RAM(ptr + 4 * i) + tag, 0, 0, k, ~0u, COL(wc + M2_T),
                      COL(wc + M2_LA), &v[i], err))
            return -1;
        zk_limbs(w->row, COL(wc + M2_LO), v[i]);
    }
    return 0;
}

/* Witness of a MUL256 row (w->row) with x at v1, y at v2; *next = ra & ~1.
 * Refuses pointers that are not 4-aligned or whose words pass 2^32. */
static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)ch, (void)vd;
    gl_t *row = w->row;
    uint32_t o, ra, x[8], y[8], z[16];
    if (zk_access(w, ZK_KEY_REG(10), 0, 0, 3, COL(M2_V10), COL(M2_T10), COL(M2_L10A), &o, err) ||
        zk_access(w, ZK_KEY_REG(1), 0, 0, 3, COL(M2_VRA), COL(M2_TRA), COL(M2_LRAA), &ra, err) ||
        check_ptr(pr, "a", v1, 32, err) || check_ptr(pr, "b", v2, 32, err) ||
        check_ptr(pr, "out", o, 64, err) || read_input(w, pr, v1, M2_X0, M2_TX, 1, x, err) ||
        read_input(w, pr, v2, M2_Y0, M2_TY, 2, y, err))
        return -1;
    row[COL(M2_B0)] = ra & 1, row[COL(M2_QL)] = (ra >> 1) & 0xffff, row[COL(M2_QH)] = ra >> 17;
    *next = ra & ~1u;
    uint64_t cy = 0; /* the column sums over 16-bit limbs, as the constraints state them */
    uint32_t zl[32];
    for (int k = 0; k < 32; k++) {
        uint64_t s = cy;
        for (int i = 0; i < 16; i++)
            if (k - i >= 0 && k - i < 16)
                s += (uint64_t)(x[i / 2] >> (16 * (i & 1)) & 0xffff) *
                     (y[(k - i) / 2] >> (16 * ((k - i) & 1)) & 0xffff);
        zl[k] = s & 0xffff;
        cy = s >> 16;
        if (k < 31)
            zk_limbs(row, COL(M2_C0 + 2 * k), (uint32_t)cy);
    }
    hint_mul256(z, x, y);
    for (unsigned i = 0; i < 16; i++) {
        if (z[i] != (zl[2 * i] | zl[2 * i + 1] << 16) || cy)
            return uvm_errf(err, "zkvm: pc 0x%08x: MUL256 limb sums disagree with the "
                            "reference (bug)", pr->pc);
        row[COL(OW(i, M2_Z0))] = zl[2 * i], row[COL(OW(i, M2_Z1))] = zl[2 * i + 1];
        uint32_t old;
        if (zk_access(w, ZK_KEY_RAM(o + 4 * i), 1, z[i], 3, COL(OW(i, M2_OLD)), COL(OW(i, M2_OT)),
                      COL(OW(i, M2_OLA)), &old, err))
            return -1;
    }
    return 0;
}

static int present(const zk_prow *prog, uint32_t n_prog) { return zk_prog_uses(prog, n_prog, ZK_MUL256); }

const zk_chip_desc zk_chip_mul256 = {
    .name = "mul256", .n_ops = ZK_CHIP_N_OPS(ZC_MUL256_IO), .n_spec = M2_N, .r16 = r16,
    .build = build, .fill = fill, .present = present,
};
