/* chip_sha256_wit.c — witness of SHA256_COMPRESS: the uop row's accesses
 * from the shadow memory and the 64 round rows of the compression table.
 * Invariant: the state written equals hints/ reference sha256_compress of the
 * words read (checked per call), so a mismatch is a reported bug, never proved. */
#include <string.h>

#include "hints_ref.h"
#include "zk_memmap.h"
#include "zk_sha.h"

static uint32_t rotr(uint32_t x, unsigned n) { return x >> n | x << (32 - n); }

static void bits(gl_t *row, unsigned first, uint32_t v)
{
    for (unsigned k = 0; k < 32; k++)
        row[first + k] = v >> k & 1;
}

/* The 64 rows of one compression of state st (a..h) with message words w[16]
 * (big-endian values); st receives the unreduced final a..h (see zk_sha.h). */
static void fill_block(gl_t *rows, size_t cols, const uint32_t st_in[8], const uint32_t w16[16],
                       uint64_t ts, int real, uint64_t fin[8])
{
    uint64_t x[80]; /* the schedule; x[78] unreduced (row 63's X15, never reduced) */
    for (unsigned j = 0; j < 16; j++)
        x[j] = w16[j];
    for (unsigned j = 16; j < 79; j++) {
        uint32_t a = (uint32_t)x[j - 15], b = (uint32_t)x[j - 2];
        uint64_t s = (uint64_t)(rotr(b, 17) ^ rotr(b, 19) ^ (b >> 10)) + x[j - 7] +
                     (rotr(a, 7) ^ rotr(a, 18) ^ (a >> 3)) + x[j - 16];
        x[j] = j == 78 ? s : (uint32_t)s;
    }
    uint32_t v[8];
    memcpy(v, st_in, sizeof v);
    for (unsigned t = 0; t < ZK_SHA_ROUNDS; t++) {
        gl_t *r = rows + (size_t)t * cols;
        uint32_t a = v[0], b = v[1], c = v[2], d = v[3], e = v[4], f = v[5], g = v[6], h = v[7];
        bits(r, SP_A(0), a), bits(r, SP_B(0), b), bits(r, SP_C(0), c);
        bits(r, SP_E(0), e), bits(r, SP_F(0), f), bits(r, SP_G(0), g);
        r[SP_D] = d, r[SP_H] = h;
        for (unsigned i = 0; i < 16; i++)
            r[SP_X(i)] = x[t + i];
        uint32_t x1 = (uint32_t)x[t + 1], x14 = (uint32_t)x[t + 14];
        bits(r, SP_P(0), x1), bits(r, SP_Q(0), x14);
        uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22), mj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25), ch = (e & f) ^ (~e & g);
        uint32_t ss0 = rotr(x1, 7) ^ rotr(x1, 18) ^ (x1 >> 3);
        uint32_t ss1 = rotr(x14, 17) ^ rotr(x14, 19) ^ (x14 >> 10);
        r[SP_S0] = s0, r[SP_MAJ] = mj, r[SP_S1] = s1, r[SP_CH] = ch;
        r[SP_SS0] = ss0, r[SP_SS1] = ss1;
        uint64_t t1 = (uint64_t)h + s1 + ch + zk_sha_k(t) + (uint32_t)x[t];
        uint64_t an = t1 + s0 + mj, en = t1 + d;
        int last = t == ZK_SHA_ROUNDS - 1;
        uint64_t ca = last ? 0 : an >> 32, ce = last ? 0 : en >> 32;
        r[SP_AN] = an - (ca << 32), r[SP_EN] = en - (ce << 32);
        for (unsigned k = 0; k < 3; k++)
            r[SP_CA + k] = ca >> k & 1, r[SP_CE + k] = ce >> k & 1;
        if (t + 16 < 78) { /* the carry of x[t + 16]; rows 62, 63: 0 */
            uint64_t s = (uint64_t)ss1 + x[t + 9] + ss0 + x[t];
            r[SP_WC] = s >> 32 & 1, r[SP_WC + 1] = s >> 33 & 1;
        }
        r[SP_TS] = ts, r[SP_REAL] = (gl_t)real;
        if (last) {
            uint64_t f8[8] = {an, a, b, c, en, e, f, g};
            memcpy(fin, f8, sizeof f8);
        }
        v[7] = g, v[6] = f, v[5] = e, v[4] = (uint32_t)en;
        v[3] = c, v[2] = b, v[1] = a, v[0] = (uint32_t)an;
    }
}

void zk_sha_pad(gl_matrix *t, uint64_t n_used)
{
    if (t->cols != SP_N)
        return; /* the one-column stub: zeros */
    uint32_t z[16] = {0};
    uint64_t fin[8];
    for (uint64_t r = n_used * ZK_SHA_ROUNDS; r < t->rows; r += ZK_SHA_ROUNDS) {
        if (t->rows - r < ZK_SHA_ROUNDS) { /* an 8-row table: the first rounds only */
            gl_t tmp[ZK_SHA_ROUNDS * SP_N];
            fill_block(tmp, SP_N, z, z, 0, 0, fin);
            memcpy(&t->data[r * SP_N], tmp, (t->rows - r) * SP_N * sizeof *tmp);
            break;
        }
        fill_block(&t->data[r * SP_N], SP_N, z, z, 0, 0, fin);
    }
}

unsigned zk_sha_io_r16(zk_chip ch, unsigned *cols, unsigned *doubled)
{
    (void)ch;
    unsigned n = 0;
    *doubled = zk_spec(ZC_SHA_IO, SIO_QH);
    cols[n++] = zk_spec(ZC_SHA_IO, SIO_QL);
    cols[n++] = zk_spec(ZC_SHA_IO, SIO_LRAA);
    cols[n++] = zk_spec(ZC_SHA_IO, SIO_LRAB);
    for (unsigned i = 0; i < 8; i++) {
        unsigned s = zk_spec(ZC_SHA_IO, SIO_SW0 + SIO_PER_S * i);
        cols[n++] = s + SS_LA, cols[n++] = s + SS_LB, cols[n++] = s + SS_NL, cols[n++] = s + SS_NH;
    }
    for (unsigned j = 0; j < 16; j++) {
        unsigned b = zk_spec(ZC_SHA_IO, SIO_BW0 + SIO_PER_B * j);
        cols[n++] = b + SB_LA, cols[n++] = b + SB_LB;
    }
    return n;
}

static int check_args(const zk_prow *pr, uint32_t a0, uint32_t a1, uvm_err *err)
{
    if ((a0 | a1) & 3)
        return uvm_errf(err, "zkvm: pc 0x%08x: SHA256_COMPRESS state 0x%08x or block 0x%08x is "
                        "not 4-aligned (not provable)", pr->pc, a0, a1);
    if ((uint64_t)a0 + 32 > ZK_TWO32 || (uint64_t)a1 + 64 > ZK_TWO32)
        return uvm_errf(err, "zkvm: pc 0x%08x: SHA256_COMPRESS state 0x%08x or block 0x%08x "
                        "wraps past 2^32 (not provable)", pr->pc, a0, a1);
    if ((uint64_t)a0 < (uint64_t)a1 + 64 && (uint64_t)a1 < (uint64_t)a0 + 32)
        return uvm_errf(err, "zkvm: pc 0x%08x: SHA256_COMPRESS state 0x%08x overlaps the block "
                        "0x%08x (not provable)", pr->pc, a0, a1);
    return 0;
}

#define COL(k) zk_spec(ZC_SHA_IO, (k))

int zk_fill_sha(zk_wctx *w, const zk_prow *pr, uint32_t v1, uint32_t v2, uint32_t *next,
                uvm_err *err)
{
    if (check_args(pr, v1, v2, err))
        return -1;
    gl_matrix *t = &w->tr[ZC_SHA];
    uint64_t base = w->n_sha++ * ZK_SHA_ROUNDS;
    if (t->cols != SP_N || base + ZK_SHA_ROUNDS > t->rows)
        return uvm_errf(err, "zkvm: pc 0x%08x: sha table too small (bug)", pr->pc);
    gl_t *row = w->row;
    uint32_t ra, st[8], ref[8], wb[16], old;
    uint8_t blk[64];
    if (zk_access(w, ZK_KEY_REG(1), 0, 0, 3, COL(SIO_VRA), COL(SIO_TRA), COL(SIO_LRAA), &ra, err))
        return -1;
    row[COL(SIO_RB0)] = ra & 1, row[COL(SIO_QL)] = (ra >> 1) & 0xffff;
    row[COL(SIO_QH)] = ra >> 17;
    *next = ra & ~1u;
    uint64_t tag = zk_memmap_read_key(w->p, v2) - ZK_KEY_RAM(v2);
    row[COL(SIO_TG)] = tag != 0;
    for (unsigned j = 0; j < 16; j++) { /* read-only: written back unchanged */
        unsigned b = COL(SIO_BW0 + SIO_PER_B * j);
        if (zk_memmap_read_key(w->p, v2 + 4 * j) != ZK_KEY_RAM(v2 + 4 * j) + tag)
            return uvm_errf(err, "zkvm: pc 0x%08x: SHA256_COMPRESS block 0x%08x lies on both a "
                            "read-only and a writable page (not provable)", pr->pc, v2);
        if (zk_access(w, ZK_KEY_RAM(v2 + 4 * j) + tag, 0, 0, 3, ~0u, b + SB_T, b + SB_LA, &old,
                      err))
            return -1;
        for (unsigned k = 0; k < 4; k++) {
            blk[4 * j + k] = (uint8_t)(old >> (8 * k));
            row[b + SB_B0 + k] = blk[4 * j + k];
            zk_and_lookup(w, blk[4 * j + k], blk[4 * j + k]);
        }
        wb[j] = (uint32_t)blk[4 * j] << 24 | (uint32_t)blk[4 * j + 1] << 16 |
                (uint32_t)blk[4 * j + 2] << 8 | blk[4 * j + 3];
    }
    for (unsigned i = 0; i < 8; i++) {
        zk_slot *sl = zk_sh_get(&w->sh, w->p, ZK_KEY_RAM(v1 + 4 * i));
        if (!sl)
            return uvm_errf(err, "zkvm: out of memory for the shadow memory");
        st[i] = ref[i] = sl->val;
    }
    hint_sha256_compress(ref, blk);
    uint64_t fin[8];
    fill_block(&t->data[base * t->cols], t->cols, st, wb, w->ts, 1, fin);
    for (unsigned i = 0; i < 8; i++) {
        unsigned s = COL(SIO_SW0 + SIO_PER_S * i);
        uint64_t sum = st[i] + fin[i];
        uint32_t nw = (uint32_t)sum;
        if (nw != ref[i])
            return uvm_errf(err, "zkvm: pc 0x%08x: sha rounds differ from the reference (bug)",
                            pr->pc);
        row[s + SS_F] = fin[i];
        for (unsigned b = 0; b < 3; b++)
            row[s + SS_C0 + b] = sum >> (32 + b) & 1;
        zk_limbs(row, s + SS_NL, nw);
        if (zk_access(w, ZK_KEY_RAM(v1 + 4 * i), 1, nw, 3, s + SS_OLD, s + SS_T, s + SS_LA, &old,
                      err))
            return -1;
    }
    return 0;
}
