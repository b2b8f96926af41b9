/* chip_keccak.c — KECCAK_F1600: the uop row ("keccak_io": 50 RAM words read
 * and written, handed to the permutation over BUS_KECCAK) and the
 * keccak-f[1600] table ("keccak", one round per row, bit columns, degree 3):
 * constraints, then the witness (the uop row's 50 word accesses from the
 * shadow memory and the permutation's 24 round rows), then the descriptor.
 * Invariant: the words written are the permutation of the words read, each in
 * [0, 2^32) because it is a sum of 32 constrained bits; the witness checks
 * its rounds against hints/ reference keccak-f[1600], so a mismatch is a
 * reported bug, never proved. */
#include <string.h>

#include "chip_keccak.h"
#include "hints_ref.h"
#include "zk_build.h"

void zk_keccak_rho(unsigned rho[25])
{
    rho[0] = 0;
    for (unsigned t = 0, x = 1, y = 0; t < 24; t++) { /* (x, y) -> (y, 2x + 3y) */
        rho[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
        unsigned nx = y, ny = (2 * x + 3 * y) % 5;
        x = nx, y = ny;
    }
}

uint64_t zk_keccak_rc(unsigned round)
{
    uint64_t rc = 0;
    unsigned r = 1; /* rc(t): LFSR x^8 + x^6 + x^5 + x^4 + 1, 7 bits per round */
    for (unsigned t = 0; t < 7 * round + 7; t++) {
        if (t >= 7 * round && (r & 1))
            rc |= 1ull << ZK_KECCAK_RCPOS(t - 7 * round);
        r = (r << 1) ^ ((r & 0x80) ? 0x171 : 0);
    }
    return rc;
}

/* The uop row: key_j = 2^32 + a0 + 4j for j < 50 (a misaligned or wrapping
 * a0 gives keys outside the touched set, which cannot balance); one access per
 * word at sub-step 3 reading OLD_j and writing NEW_j; the words go to the
 * permutation as (ts, k, OLD[10k .. 10k+9]) and come back as (ts, 5+k, NEW...).
 * next pc = ra & ~1 = 2*(QL + 2^16*QH) with ra = b0 + next, QL and 2*QH R16
 * limbs: even by construction (odd pcs are the fused split's virtual rows). */
static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    unsigned b0 = zk_spec(ZC_KECCAK_IO, KIO_B0), ql = zk_spec(ZC_KECCAK_IO, KIO_QL);
    unsigned qh = zk_spec(ZC_KECCAK_IO, KIO_QH);
    air_expr next = zk_ret_next(c, ql, qh);
    air_expr real = zk_common(c, ZC_KECCAK_IO, next, 0);
    zk_ret_split(c, "b0_bool", b0, C_V2, next);
    zk_ret_limbs(c, ql, qh);
    air_expr in[5][12], out[5][12];
    for (unsigned j = 0; j < 50; j++) {
        unsigned w = zk_spec(ZC_KECCAK_IO, KIO_W0 + KIO_PER_WORD * j);
        air_expr key = ADD(M(C_V1), K(ZK_KEY_RAM(0) + 4ull * j));
        zk_mem_access(c, "word_ts", real, key, M(w + KIO_OLD), M(w + KIO_T), M(w + KIO_NEW), 3,
                      w + KIO_LA, w + KIO_LB);
        in[j / 10][2 + j % 10] = M(w + KIO_OLD);
        out[j / 10][2 + j % 10] = M(w + KIO_NEW);
    }
    for (unsigned k = 0; k < 5; k++) {
        in[k][0] = out[k][0] = M(C_TS);
        in[k][1] = K(k);
        out[k][1] = K(5 + k);
        air_send(c, BUS_KECCAK, in[k], 12, real);
        air_receive(c, BUS_KECCAK, out[k], 12, real);
    }
}

/* x xor y for bits (or bit-valued expressions): x + y - 2xy. */
static air_expr xor2(air_chip *c, air_expr x, air_expr y)
{
    return SUB(ADD(x, y), SC(MUL(x, y), 2));
}

/* theta: C bits, C'[x][z] = C[x][z] ^ C[x-1][z] ^ C[x+1][z-1] (so C' = C ^ D);
 * sum_y A'[x][y][z] - C'[x][z] in {0, 2, 4} (C' is A''s column parity); and
 * A = A' ^ D, D = C ^ C', as 32-bit halves. Then parity(A column) = C' ^ D = C:
 * C is A's true parity, D theta's true D and A' = theta(A). Degree 3. */
static void keccak_theta(air_chip *c)
{
    for (unsigned x = 0; x < 5; x++)
        for (unsigned z = 0; z < 64; z++) {
            zk_bool(c, "c_bool", M(KP_C(x, z)));
            air_expr d = xor2(c, M(KP_C((x + 4) % 5, z)), M(KP_C((x + 1) % 5, (z + 63) % 64)));
            air_constrain(c, AIR_ALL_ROWS, "c_prime", SUB(M(KP_CP(x, z)), xor2(c, M(KP_C(x, z)), d)));
            air_expr s = SUB(air_sum(c, (air_expr[]){M(KP_AP(x, 0, z)), M(KP_AP(x, 1, z)),
                                                      M(KP_AP(x, 2, z)), M(KP_AP(x, 3, z)),
                                                      M(KP_AP(x, 4, z))}, 5),
                             M(KP_CP(x, z)));
            air_constrain(c, AIR_ALL_ROWS, "parity", MUL(s, MUL(SUB(s, K(2)), SUB(s, K(4)))));
        }
    for (unsigned y = 0; y < 5; y++)
        for (unsigned x = 0; x < 5; x++)
            for (unsigned h = 0; h < 2; h++) {
                air_expr sum = K(0);
                for (unsigned k = 0; k < 32; k++) {
                    unsigned z = 32 * h + k;
                    air_expr ap = zk_bool(c, "a_prime_bool", M(KP_AP(x, y, z)));
                    air_expr d = xor2(c, M(KP_C(x, z)), M(KP_CP(x, z)));
                    sum = ADD(sum, SC(xor2(c, ap, d), 1ull << k));
                }
                air_constrain(c, AIR_ALL_ROWS, "a_from_bits", SUB(M(KP_A(x + 5 * y, h)), sum));
            }
}

/* rho + pi: B[y][2x+3y] = rot(A'[x][y], rho[x][y]); chi: out = B ^ (~B[x+1] & B[x+2]);
 * iota on lane 0 through D_j = out bit 2^j - 1 (out ^ rc = D + rc - 2 D rc,
 * rc a fixed bit). Output halves AO = sum 2^k out bits. Degree 3. */
static void keccak_chi(air_chip *c)
{
    unsigned rho[25], src[25], rot[25];
    zk_keccak_rho(rho);
    for (unsigned y = 0; y < 5; y++)
        for (unsigned x = 0; x < 5; x++) {
            unsigned b = y + 5 * ((2 * x + 3 * y) % 5);
            src[b] = x + 5 * y;
            rot[b] = rho[x + 5 * y];
        }
#define BIT(X, Y, z) M(KP_AP(src[(X) + 5 * (Y)] % 5, src[(X) + 5 * (Y)] / 5, \
                             ((z) + 64 - rot[(X) + 5 * (Y)]) % 64))
    for (unsigned y = 0; y < 5; y++)
        for (unsigned x = 0; x < 5; x++)
            for (unsigned h = 0; h < 2; h++) {
                air_expr sum = K(0);
                for (unsigned k = 0; k < 32; k++) {
                    unsigned z = 32 * h + k;
                    air_expr b0 = BIT(x, y, z), b1 = BIT((x + 1) % 5, y, z);
                    air_expr b2 = BIT((x + 2) % 5, y, z);
                    air_expr o = xor2(c, b0, SUB(b2, MUL(b1, b2)));
                    for (unsigned j = 0; j < 7 && x == 0 && y == 0; j++)
                        if (z == ZK_KECCAK_RCPOS(j)) {
                            air_constrain(c, AIR_ALL_ROWS, "iota_bit", SUB(M(KP_D(j)), o));
                            o = xor2(c, M(KP_D(j)), air_fixed(c, KF_RC0 + j));
                        }
                    sum = ADD(sum, SC(o, 1ull << k));
                }
                air_constrain(c, AIR_ALL_ROWS, "out_from_bits", SUB(M(KP_AO(x + 5 * y, h)), sum));
            }
#undef BIT
}

/* Fixed columns: row r is round r mod 24 (a final partial permutation is
 * legal: its rows are honest rounds whose output is never sent). */
static int keccak_fixed(const void *ctx, unsigned log_n, gl_matrix *out, uvm_err *err)
{
    (void)ctx;
    if (log_n < 3 || log_n > 28)
        return uvm_errf(err, "zkvm: keccak table of 2^%u rows is not supported", log_n);
    if (gl_matrix_alloc(out, 1ull << log_n, KF_N))
        return uvm_errf(err, "zkvm: out of memory for the keccak table");
    uint64_t rc[ZK_KECCAK_ROUNDS];
    for (unsigned r = 0; r < ZK_KECCAK_ROUNDS; r++)
        rc[r] = zk_keccak_rc(r);
    for (size_t i = 0; i < out->rows; i++) {
        unsigned r = (unsigned)(i % ZK_KECCAK_ROUNDS);
        gl_t *o = &out->data[i * KF_N];
        for (unsigned j = 0; j < 7; j++)
            o[KF_RC0 + j] = rc[r] >> ZK_KECCAK_RCPOS(j) & 1;
        o[KF_FIRST] = r == 0;
        o[KF_LAST] = r == ZK_KECCAK_ROUNDS - 1;
    }
    return 0;
}

/* The permutation table. Within a permutation (not across its last row) the
 * next row's A is this row's output and ts, real stay. The first round
 * receives the input chunks, the last sends the output, both times real. */
static void build_table(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    air_chip_set_fixed(c, keccak_fixed, NULL);
    keccak_theta(c);
    keccak_chi(c);
    air_expr real = zk_bool(c, "real_bool", M(KP_REAL));
    air_expr more = SUB(K(1), air_fixed(c, KF_LAST));
    for (unsigned i = 0; i < 50; i++)
        air_constrain(c, AIR_TRANSITION, "chain",
                      MUL(more, SUB(air_main_next(c, KP_A(i / 2, i % 2)), M(KP_AO(i / 2, i % 2)))));
    air_constrain(c, AIR_TRANSITION, "ts_const", MUL(more, SUB(air_main_next(c, KP_TS), M(KP_TS))));
    air_constrain(c, AIR_TRANSITION, "real_const",
                  MUL(more, SUB(air_main_next(c, KP_REAL), real)));
    air_expr fin = MUL(real, air_fixed(c, KF_FIRST)), fout = MUL(real, air_fixed(c, KF_LAST));
    for (unsigned k = 0; k < 5; k++) {
        air_expr in[12], out[12];
        in[0] = out[0] = M(KP_TS);
        in[1] = K(k);
        out[1] = K(5 + k);
        for (unsigned j = 0; j < 10; j++) {
            unsigned w = 10 * k + j;
            in[2 + j] = M(KP_A(w / 2, w % 2));
            out[2 + j] = M(KP_AO(w / 2, w % 2));
        }
        air_receive(c, BUS_KECCAK, in, 12, fin);
        air_send(c, BUS_KECCAK, out, 12, fout);
    }
}

static uint64_t rotl(uint64_t v, unsigned n) { return n ? v << n | v >> (64 - n) : v; }

/* One round on st (in place), writing its row (see chip_keccak.h for the columns). */
static void round_row(gl_t *row, uint64_t st[25], unsigned r, const unsigned rho[25])
{
    uint64_t par[5], d[5], ap[25], b[25], out[25];
    for (unsigned i = 0; i < 25; i++)
        row[KP_A(i, 0)] = (uint32_t)st[i], row[KP_A(i, 1)] = st[i] >> 32;
    for (unsigned x = 0; x < 5; x++)
        par[x] = st[x] ^ st[x + 5] ^ st[x + 10] ^ st[x + 15] ^ st[x + 20];
    for (unsigned x = 0; x < 5; x++)
        d[x] = par[(x + 4) % 5] ^ rotl(par[(x + 1) % 5], 1);
    for (unsigned i = 0; i < 25; i++)
        ap[i] = st[i] ^ d[i % 5];
    for (unsigned x = 0; x < 5; x++)
        for (unsigned z = 0; z < 64; z++) {
            row[KP_C(x, z)] = par[x] >> z & 1;
            row[KP_CP(x, z)] = (par[x] ^ d[x]) >> z & 1;
            for (unsigned y = 0; y < 5; y++)
                row[KP_AP(x, y, z)] = ap[x + 5 * y] >> z & 1;
        }
    for (unsigned y = 0; y < 5; y++)
        for (unsigned x = 0; x < 5; x++)
            b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(ap[x + 5 * y], rho[x + 5 * y]);
    for (unsigned y = 0; y < 5; y++)
        for (unsigned x = 0; x < 5; x++)
            out[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
    for (unsigned j = 0; j < 7; j++)
        row[KP_D(j)] = out[0] >> ZK_KECCAK_RCPOS(j) & 1;
    out[0] ^= zk_keccak_rc(r);
    for (unsigned i = 0; i < 25; i++) {
        row[KP_AO(i, 0)] = (uint32_t)out[i], row[KP_AO(i, 1)] = out[i] >> 32;
        st[i] = out[i];
    }
}

/* Rounds 0 .. n-1 (n <= 24) of one permutation of st into n rows. */
static void fill_block(gl_t *rows, size_t cols, unsigned n, uint64_t st[25], uint64_t ts, int real)
{
    unsigned rho[25];
    zk_keccak_rho(rho);
    for (unsigned r = 0; r < n; r++) {
        gl_t *row = rows + (size_t)r * cols;
        round_row(row, st, r, rho);
        row[KP_TS] = ts;
        row[KP_REAL] = (gl_t)real;
    }
}

static void pad_table(gl_matrix *t, uint64_t n_used)
{
    if (t->cols != KP_N)
        return; /* the one-column stub: zeros */
    for (uint64_t r = n_used * ZK_KECCAK_ROUNDS; r < t->rows; r += ZK_KECCAK_ROUNDS) {
        uint64_t st[25] = {0}, left = t->rows - r;
        fill_block(&t->data[r * t->cols], t->cols,
                   (unsigned)(left < ZK_KECCAK_ROUNDS ? left : ZK_KECCAK_ROUNDS), st, 0, 0);
    }
}

static unsigned r16(zk_chip ch, unsigned *cols, unsigned *doubled)
{
    (void)ch;
    *doubled = zk_spec(ZC_KECCAK_IO, KIO_QH);
    cols[100] = zk_spec(ZC_KECCAK_IO, KIO_QL);
    for (unsigned j = 0; j < 50; j++) {
        unsigned w = zk_spec(ZC_KECCAK_IO, KIO_W0 + KIO_PER_WORD * j);
        cols[2 * j] = w + KIO_LA;
        cols[2 * j + 1] = w + KIO_LB;
    }
    return 101;
}

/* Witness: fills the KECCAK uop row w->row (state at v1, return to v2) and
 * the permutation's 24 rows in w->tr[ZC_KECCAK]; *next = v2 & ~1. Refuses a
 * state that is not 4-aligned or wraps past 2^32. */
static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)ch, (void)vd;
    if (v1 & 3)
        return uvm_errf(err, "zkvm: pc 0x%08x: KECCAK_F1600 state at 0x%08x is not 4-aligned "
                        "(not provable)", pr->pc, v1);
    if ((uint64_t)v1 + 200 > ZK_TWO32)
        return uvm_errf(err, "zkvm: pc 0x%08x: KECCAK_F1600 state at 0x%08x wraps past 2^32 "
                        "(not provable)", pr->pc, v1);
    gl_matrix *t = &w->tr[ZC_KECCAK];
    uint64_t base = w->n_keccak++ * ZK_KECCAK_ROUNDS;
    if (t->cols != KP_N || base + ZK_KECCAK_ROUNDS > t->rows)
        return uvm_errf(err, "zkvm: pc 0x%08x: keccak table too small (bug)", pr->pc);
    uint64_t st[25], ref[25];
    for (unsigned i = 0; i < 25; i++) {
        zk_slot *lo = zk_sh_get(&w->sh, w->p, ZK_KEY_RAM(v1 + 8 * i));
        zk_slot *hi = lo ? zk_sh_get(&w->sh, w->p, ZK_KEY_RAM(v1 + 8 * i + 4)) : NULL;
        if (!hi)
            return uvm_errf(err, "zkvm: out of memory for the shadow memory");
        lo = zk_sh_get(&w->sh, w->p, ZK_KEY_RAM(v1 + 8 * i)); /* hi's insert may move it */
        st[i] = lo->val | (uint64_t)hi->val << 32;
    }
    memcpy(ref, st, sizeof st);
    hint_keccak_f1600(ref);
    fill_block(&t->data[base * t->cols], t->cols, ZK_KECCAK_ROUNDS, st, w->ts, 1);
    if (memcmp(st, ref, sizeof st))
        return uvm_errf(err, "zkvm: pc 0x%08x: keccak rounds differ from the reference (bug)",
                        pr->pc);
    gl_t *row = w->row;
    row[zk_spec(ZC_KECCAK_IO, KIO_B0)] = v2 & 1;
    *next = v2 & ~1u;
    row[zk_spec(ZC_KECCAK_IO, KIO_QL)] = (v2 >> 1) & 0xffff;
    row[zk_spec(ZC_KECCAK_IO, KIO_QH)] = v2 >> 17;
    for (unsigned j = 0; j < 50; j++) {
        uint32_t nw = (uint32_t)(st[j / 2] >> (32 * (j & 1))), old;
        unsigned col = zk_spec(ZC_KECCAK_IO, KIO_W0 + KIO_PER_WORD * j);
        row[col + KIO_NEW] = nw;
        if (zk_access(w, ZK_KEY_RAM(v1 + 4 * j), 1, nw, 3, col + KIO_OLD, col + KIO_T,
                      col + KIO_LA, &old, err))
            return -1;
    }
    return 0;
}

static int present(const zk_prow *prog, uint32_t n_prog) { return zk_prog_uses(prog, n_prog, ZK_KECCAK); }

/* The permutation table: 24 rows per call (zk_chip_main_cols: 1 when absent). */
static int alloc_table(zk_witness *w, zk_chip c, const zk_prow *prog, uint32_t n_prog,
                       uvm_err *err)
{
    return zk_alloc_per_call(w, c, ZC_KECCAK_IO, ZK_KECCAK_ROUNDS, prog, n_prog, err);
}

/* Pads the permutation table with permutations of the zero state. */
static int finish_table(zk_wctx *x, zk_witness *w, zk_chip c, const zk_prow *prog,
                        uint32_t n_prog, uvm_err *err)
{
    (void)prog, (void)n_prog, (void)err;
    pad_table(&w->tr[c], x->n_keccak);
    return 0;
}

const zk_chip_desc zk_chip_keccak_io = {
    .name = "keccak_io", .n_ops = ZK_CHIP_N_OPS(ZC_KECCAK_IO), .n_spec = KIO_N, .r16 = r16,
    .build = build, .fill = fill, .present = present,
};
const zk_chip_desc zk_chip_keccak = {
    .name = "keccak", .n_main = KP_N, .n_fixed = KF_N, .build = build_table, .present = present,
    .alloc = alloc_table, .finish = finish_table,
};
