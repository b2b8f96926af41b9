/* chip_sha256.c — SHA256_COMPRESS: the uop row ("sha_io": 8 state words
 * read and written, 16 block words read as bytes) and the compression table
 * ("sha", one round per row with the round's bitwise functions on bit
 * columns, degree <= 3, and additions mod 2^32 by carries): constraints, then
 * the witness (the uop row's accesses from the shadow memory and the 64
 * round rows), then the descriptor.
 * Invariant: the words written are state + compress(state, block) mod 2^32,
 * each in [0, 2^32) by two R16 limbs; every table cell is determined by the
 * call's inputs (carries pinned where no range check follows); the witness
 * checks the state written against hints/ reference sha256_compress, so a
 * mismatch is a reported bug, never proved. */
#include <string.h>

#include "chip_sha256.h"
#include "hints_ref.h"
#include "zk_build.h"
#include "zk_memmap.h"

/* floor(cbrt(n)) for n < 2^108 (binary search; x^3 fits in 128 bits). */
static uint64_t icbrt(unsigned __int128 n)
{
    uint64_t lo = 0, hi = 1ull << 36;
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if ((unsigned __int128)mid * mid * mid <= n)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

uint32_t zk_sha_k(unsigned t)
{
    unsigned p = 1;
    for (unsigned found = 0; found <= t;) { /* the t-th prime (t = 0: 2) */
        p++;
        unsigned d = 2;
        while (d * d <= p && p % d)
            d++;
        found += d * d > p;
    }
    /* frac(cbrt(p)) * 2^32 = cbrt(p * 2^96) mod 2^32 */
    return (uint32_t)icbrt((unsigned __int128)p << 96);
}

#define SPEC(k) M(zk_spec(ZC_SHA_IO, (k))) /* a chip-specific column's expression */

/* The uop row. State word i: key 2^32 + a0 + 4i, read OLD_i and write NEW_i =
 * NL + 2^16*NH (R16 limbs) = OLD_i + F_i - 2^32*(C0 + 2C1 + 4C2), F_i the
 * table's unreduced final word (< 7*2^32, so the carry fits 3 bits). Block
 * word j: key 2^32 + a1 + 4j, read and written back unchanged, its bytes by
 * (AND, b, b, b) lookups; the message word is big-endian: W_j = sum
 * 256^(3-k) B_k. Misaligned or wrapping addresses give keys outside the
 * touched set. Sends (ts, 0, OLD), (ts, 1, W0..7), (ts, 2, W8..15), receives
 * (ts, 3, F). next pc = ra & ~1 = 2*(QL + 2^16*QH), QL and 2*QH R16. */
static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    unsigned ql = zk_spec(ZC_SHA_IO, SIO_QL), qh = zk_spec(ZC_SHA_IO, SIO_QH);
    air_expr next = zk_ret_next(c, ql, qh);
    air_expr real = zk_common(c, ZC_SHA_IO, next, 0);
    zk_ret_split(c, "rb0_bool", zk_spec(ZC_SHA_IO, SIO_RB0), zk_spec(ZC_SHA_IO, SIO_VRA), next);
    zk_ret_limbs(c, ql, qh);
    zk_mem_access(c, "ra_ts", real, K(ZK_KEY_REG(1)), SPEC(SIO_VRA), SPEC(SIO_TRA), SPEC(SIO_VRA), 3,
                  zk_spec(ZC_SHA_IO, SIO_LRAA), zk_spec(ZC_SHA_IO, SIO_LRAB));
    air_expr tup[4][10];
    for (unsigned k = 0; k < 4; k++)
        tup[k][0] = M(C_TS), tup[k][1] = K(k);
    for (unsigned i = 0; i < 8; i++) {
        unsigned s = SIO_SW0 + SIO_PER_S * i;
        air_expr nw = ADD(SPEC(s + SS_NL), SC(SPEC(s + SS_NH), 1u << 16));
        zk_r16(c, zk_spec(ZC_SHA_IO, s + SS_NL));
        zk_r16(c, zk_spec(ZC_SHA_IO, s + SS_NH));
        air_expr cy = K(0);
        for (unsigned b = 0; b < 3; b++)
            cy = ADD(cy, SC(zk_bool(c, "carry_bool", SPEC(s + SS_C0 + b)), 1u << b));
        air_constrain(c, AIR_ALL_ROWS, "state_add",
                      SUB(nw, SUB(ADD(SPEC(s + SS_OLD), SPEC(s + SS_F)), SC(cy, ZK_TWO32))));
        air_expr key = ADD(M(C_V1), K(ZK_KEY_RAM(0) + 4ull * i));
        zk_mem_access(c, "state_ts", real, key, SPEC(s + SS_OLD), SPEC(s + SS_T), nw, 3,
                      zk_spec(ZC_SHA_IO, s + SS_LA), zk_spec(ZC_SHA_IO, s + SS_LB));
        tup[0][2 + i] = SPEC(s + SS_OLD);
        tup[3][2 + i] = SPEC(s + SS_F);
    }
    for (unsigned j = 0; j < 16; j++) {
        unsigned b = SIO_BW0 + SIO_PER_B * j;
        air_expr le = K(0), be = K(0);
        for (unsigned k = 0; k < 4; k++) {
            air_expr bk = SPEC(b + SB_B0 + k);
            zk_byte(c, bk, real);
            le = ADD(le, SC(bk, 1ull << (8 * k)));
            be = ADD(be, SC(bk, 1ull << (24 - 8 * k)));
        }
        air_expr key = zk_ro_key(c, ADD(M(C_V2), K(ZK_KEY_RAM(0) + 4ull * j)),
                                 zk_spec(ZC_SHA_IO, SIO_TG));
        zk_mem_access(c, "block_ts", real, key, le, SPEC(b + SB_T), le, 3,
                      zk_spec(ZC_SHA_IO, b + SB_LA), zk_spec(ZC_SHA_IO, b + SB_LB));
        tup[1 + j / 8][2 + j % 8] = be;
    }
    for (unsigned k = 0; k < 3; k++)
        air_send(c, BUS_SHA, tup[k], 10, real);
    air_receive(c, BUS_SHA, tup[3], 10, real);
}
#undef SPEC

/* x ^ y ^ z for bits: x + y + z - 2(xy + yz + zx) + 4xyz (degree 3). */
static air_expr xor3(air_chip *c, air_expr x, air_expr y, air_expr z)
{
    air_expr p2 = ADD(ADD(MUL(x, y), MUL(y, z)), MUL(z, x));
    return ADD(SUB(ADD(ADD(x, y), z), SC(p2, 2)), SC(MUL(MUL(x, y), z), 4));
}

/* sum 2^k col(k) for k < 32, col given by its first column. */
static air_expr word(air_chip *c, unsigned first)
{
    air_expr s = K(0);
    for (unsigned k = 0; k < 32; k++)
        s = ADD(s, SC(M(first + k), 1ull << k));
    return s;
}
static air_expr word_next(air_chip *c, unsigned first)
{
    air_expr s = K(0);
    for (unsigned k = 0; k < 32; k++)
        s = ADD(s, SC(air_main_next(c, first + k), 1ull << k));
    return s;
}

/* Bit k of rotr(x, r1) ^ rotr(x, r2) ^ (sh ? x >> r3 : rotr(x, r3)), x's bits from col 0. */
static air_expr sig_bit(air_chip *c, unsigned x0, unsigned k, unsigned r1, unsigned r2,
                        unsigned r3, int sh)
{
    air_expr z = sh ? (k + r3 < 32 ? M(x0 + k + r3) : K(0)) : M(x0 + (k + r3) % 32);
    return xor3(c, M(x0 + (k + r1) % 32), M(x0 + (k + r2) % 32), z);
}

/* The bitwise words of a row: S0 = Σ0(a), MAJ(a, b, c), S1 = Σ1(e),
 * CH(e, f, g) = g + e(f - g), SS0 = σ0(X1) from P, SS1 = σ1(X14) from Q. */
static void sha_bitwise(air_chip *c)
{
    air_expr s0 = K(0), mj = K(0), s1 = K(0), ch = K(0), ss0 = K(0), ss1 = K(0);
    for (unsigned k = 0; k < 32; k++) {
        gl_t w = (gl_t)1 << k;
        air_expr a = M(SP_A(k)), b = M(SP_B(k)), cc = M(SP_C(k));
        air_expr e = M(SP_E(k)), f = M(SP_F(k)), g = M(SP_G(k));
        s0 = ADD(s0, SC(sig_bit(c, SP_A(0), k, 2, 13, 22, 0), w));
        air_expr m2 = ADD(ADD(MUL(a, b), MUL(a, cc)), MUL(b, cc));
        mj = ADD(mj, SC(SUB(m2, SC(MUL(MUL(a, b), cc), 2)), w));
        s1 = ADD(s1, SC(sig_bit(c, SP_E(0), k, 6, 11, 25, 0), w));
        ch = ADD(ch, SC(ADD(g, MUL(e, SUB(f, g))), w));
        ss0 = ADD(ss0, SC(sig_bit(c, SP_P(0), k, 7, 18, 3, 1), w));
        ss1 = ADD(ss1, SC(sig_bit(c, SP_Q(0), k, 17, 19, 10, 1), w));
    }
    air_constrain(c, AIR_ALL_ROWS, "sigma0", SUB(M(SP_S0), s0));
    air_constrain(c, AIR_ALL_ROWS, "maj", SUB(M(SP_MAJ), mj));
    air_constrain(c, AIR_ALL_ROWS, "sigma1", SUB(M(SP_S1), s1));
    air_constrain(c, AIR_ALL_ROWS, "ch", SUB(M(SP_CH), ch));
    air_constrain(c, AIR_ALL_ROWS, "ssig0", SUB(M(SP_SS0), ss0));
    air_constrain(c, AIR_ALL_ROWS, "ssig1", SUB(M(SP_SS1), ss1));
}

/* Fixed columns: row r is round r mod 64 (the table height is a power of two:
 * a multiple of 64, or 8 rows of padding rounds). */
static int sha_fixed(const void *ctx, unsigned log_n, gl_matrix *out, uvm_err *err)
{
    (void)ctx;
    if (log_n < 3 || log_n > 28)
        return uvm_errf(err, "zkvm: sha table of 2^%u rows is not supported", log_n);
    if (gl_matrix_alloc(out, 1ull << log_n, SF_N))
        return uvm_errf(err, "zkvm: out of memory for the sha table");
    uint32_t kt[ZK_SHA_ROUNDS];
    for (unsigned t = 0; t < ZK_SHA_ROUNDS; t++)
        kt[t] = zk_sha_k(t);
    for (size_t i = 0; i < out->rows; i++) {
        unsigned t = (unsigned)(i % ZK_SHA_ROUNDS);
        gl_t *o = &out->data[i * SF_N];
        o[SF_K] = kt[t];
        o[SF_FIRST] = t == 0;
        o[SF_LAST] = t == ZK_SHA_ROUNDS - 1;
        o[SF_WEND] = t >= ZK_SHA_ROUNDS - 2;
    }
    return 0;
}

/* Round: T1 = h + S1 + CH + K + X0, AN = T1 + S0 + MAJ - 2^32*CA,
 * EN = d + T1 - 2^32*CE (CA, CE 3 bits, 0 on the last row). Within a call
 * (1 - last): next a bits = AN, next e bits = EN (so AN, EN < 2^32 and the
 * carries are unique), b' = a, c' = b, d' = c, f' = e, g' = f, h' = g (words
 * of bits), the window shifts X'i = X(i+1) and X'15 = SS1 + X9 + SS0 + X0 -
 * 2^32*WC (WC 2 bits, 0 on rows 62, 63 whose result is never range-checked
 * nor used). X1 and X14 equal their bits P, Q. */
static void sha_round(air_chip *c)
{
    air_expr more = SUB(K(1), air_fixed(c, SF_LAST)), last = air_fixed(c, SF_LAST);
    air_expr wend = air_fixed(c, SF_WEND);
    air_expr ca = K(0), ce = K(0), wc = K(0);
    for (unsigned b = 0; b < 3; b++) {
        ca = ADD(ca, SC(zk_bool(c, "ca_bool", M(SP_CA + b)), 1u << b));
        ce = ADD(ce, SC(zk_bool(c, "ce_bool", M(SP_CE + b)), 1u << b));
        air_constrain(c, AIR_ALL_ROWS, "ca_last", MUL(last, M(SP_CA + b)));
        air_constrain(c, AIR_ALL_ROWS, "ce_last", MUL(last, M(SP_CE + b)));
    }
    for (unsigned b = 0; b < 2; b++) {
        wc = ADD(wc, SC(zk_bool(c, "wc_bool", M(SP_WC + b)), 1u << b));
        air_constrain(c, AIR_ALL_ROWS, "wc_end", MUL(wend, M(SP_WC + b)));
    }
    air_expr t1 = air_sum(c, (air_expr[]){M(SP_H), M(SP_S1), M(SP_CH), air_fixed(c, SF_K),
                                          M(SP_X(0))}, 5);
    air_constrain(c, AIR_ALL_ROWS, "new_a",
                  SUB(M(SP_AN), SUB(ADD(t1, ADD(M(SP_S0), M(SP_MAJ))), SC(ca, ZK_TWO32))));
    air_constrain(c, AIR_ALL_ROWS, "new_e",
                  SUB(M(SP_EN), SUB(ADD(t1, M(SP_D)), SC(ce, ZK_TWO32))));
    air_constrain(c, AIR_ALL_ROWS, "x1_bits", SUB(M(SP_X(1)), word(c, SP_P(0))));
    air_constrain(c, AIR_ALL_ROWS, "x14_bits", SUB(M(SP_X(14)), word(c, SP_Q(0))));
#define CHAIN(name, e) air_constrain(c, AIR_TRANSITION, name, MUL(more, (e)))
    CHAIN("a_next", SUB(word_next(c, SP_A(0)), M(SP_AN)));
    CHAIN("b_next", SUB(word_next(c, SP_B(0)), word(c, SP_A(0))));
    CHAIN("c_next", SUB(word_next(c, SP_C(0)), word(c, SP_B(0))));
    CHAIN("d_next", SUB(air_main_next(c, SP_D), word(c, SP_C(0))));
    CHAIN("e_next", SUB(word_next(c, SP_E(0)), M(SP_EN)));
    CHAIN("f_next", SUB(word_next(c, SP_F(0)), word(c, SP_E(0))));
    CHAIN("g_next", SUB(word_next(c, SP_G(0)), word(c, SP_F(0))));
    CHAIN("h_next", SUB(air_main_next(c, SP_H), word(c, SP_G(0))));
    for (unsigned i = 0; i < 15; i++)
        CHAIN("x_shift", SUB(air_main_next(c, SP_X(i)), M(SP_X(i + 1))));
    air_expr nw = air_sum(c, (air_expr[]){M(SP_SS1), M(SP_X(9)), M(SP_SS0), M(SP_X(0))}, 4);
    CHAIN("x_new", SUB(air_main_next(c, SP_X(15)), SUB(nw, SC(wc, ZK_TWO32))));
    CHAIN("ts_const", SUB(air_main_next(c, SP_TS), M(SP_TS)));
    CHAIN("real_const", SUB(air_main_next(c, SP_REAL), M(SP_REAL)));
#undef CHAIN
}

/* The table: bits boolean, the round, and the bus: the first round receives
 * (ts, 0, a..h), (ts, 1, X0..7), (ts, 2, X8..15), the last sends (ts, 3, AN,
 * a, b, c, EN, e, f, g) = the unreduced final working variables, both times
 * real. Padding calls (real = 0) have ts = 0. */
static void build_table(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    air_chip_set_fixed(c, sha_fixed, NULL);
    for (unsigned k = 0; k < SP_X(0); k++)
        zk_bool(c, "bit_bool", M(k));
    air_expr real = zk_bool(c, "real_bool", M(SP_REAL));
    air_constrain(c, AIR_ALL_ROWS, "pad_ts", MUL(SUB(K(1), real), M(SP_TS)));
    sha_bitwise(c);
    sha_round(c);
    air_expr in[3][10], out[10];
    for (unsigned k = 0; k < 3; k++)
        in[k][0] = M(SP_TS), in[k][1] = K(k);
    out[0] = M(SP_TS), out[1] = K(3);
    air_expr wa = word(c, SP_A(0)), wb = word(c, SP_B(0)), wcc = word(c, SP_C(0));
    air_expr we = word(c, SP_E(0)), wf = word(c, SP_F(0)), wg = word(c, SP_G(0));
    air_expr st[8] = {wa, wb, wcc, M(SP_D), we, wf, wg, M(SP_H)};
    air_expr fin[8] = {M(SP_AN), wa, wb, wcc, M(SP_EN), we, wf, wg};
    for (unsigned i = 0; i < 8; i++) {
        in[0][2 + i] = st[i];
        in[1][2 + i] = M(SP_X(i));
        in[2][2 + i] = M(SP_X(8 + i));
        out[2 + i] = fin[i];
    }
    air_expr first = MUL(real, air_fixed(c, SF_FIRST));
    for (unsigned k = 0; k < 3; k++)
        air_receive(c, BUS_SHA, in[k], 10, first);
    air_send(c, BUS_SHA, out, 10, MUL(real, air_fixed(c, SF_LAST)));
}

static uint32_t rotr(uint32_t x, unsigned n) { return x >> n | x << (32 - n); }

static void bits(gl_t *row, unsigned first, uint32_t v)
{
    for (unsigned k = 0; k < 32; k++)
        row[first + k] = v >> k & 1;
}

/* The 64 rows of one compression of state st (a..h) with message words w[16]
 * (big-endian values); st receives the unreduced final a..h (see chip_sha256.h). */
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

static void pad_table(gl_matrix *t, uint64_t n_used)
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

static unsigned r16(zk_chip ch, unsigned *cols, unsigned *doubled)
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

/* Witness of the uop row (w->row: state at a0 = v1, block at a1 = v2) and its
 * 64 table rows in w->tr[ZC_SHA]; *next = ra & ~1. Refuses a state or block
 * not 4-aligned, wrapping past 2^32 or overlapping each other. */
static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)ch, (void)vd;
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

static int present(const zk_prow *prog, uint32_t n_prog) { return zk_prog_uses(prog, n_prog, ZK_SHA); }

/* The compression table: 64 rows per call (zk_chip_main_cols: 1 when absent). */
static int alloc_table(zk_witness *w, zk_chip c, const zk_prow *prog, uint32_t n_prog,
                       uvm_err *err)
{
    return zk_alloc_per_call(w, c, ZC_SHA_IO, ZK_SHA_ROUNDS, prog, n_prog, err);
}

/* Pads the compression table with compressions of zeros. */
static int finish_table(zk_wctx *x, zk_witness *w, zk_chip c, const zk_prow *prog,
                        uint32_t n_prog, uvm_err *err)
{
    (void)prog, (void)n_prog, (void)err;
    pad_table(&w->tr[c], x->n_sha);
    return 0;
}

const zk_chip_desc zk_chip_sha_io = {
    .name = "sha_io", .n_ops = ZK_CHIP_N_OPS(ZC_SHA_IO), .n_spec = SIO_N, .r16 = r16,
    .build = build, .fill = fill, .present = present,
};
const zk_chip_desc zk_chip_sha = {
    .name = "sha", .n_main = SP_N, .n_fixed = SF_N, .build = build_table, .present = present,
    .alloc = alloc_table, .finish = finish_table,
};
