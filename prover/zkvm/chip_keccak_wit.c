/* chip_keccak_wit.c — witness of KECCAK_F1600: the uop row's 50 word accesses
 * from the shadow memory and the permutation's 24 round rows.
 * Invariant: the rounds computed here equal hints/ reference keccak-f[1600]
 * (checked per permutation), so a mismatch is a reported bug, never proved. */
#include <string.h>

#include "hints_ref.h"
#include "zk_native.h"

static uint64_t rotl(uint64_t v, unsigned n) { return n ? v << n | v >> (64 - n) : v; }

/* One round on st (in place), writing its row (see zk_native.h for the columns). */
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

void zk_keccak_pad(gl_matrix *t, uint64_t n_used)
{
    if (t->cols != KP_N)
        return; /* the one-column stub: zeros */
    for (uint64_t r = n_used * ZK_KECCAK_ROUNDS; r < t->rows; r += ZK_KECCAK_ROUNDS) {
        uint64_t st[25] = {0}, left = t->rows - r;
        fill_block(&t->data[r * t->cols], t->cols,
                   (unsigned)(left < ZK_KECCAK_ROUNDS ? left : ZK_KECCAK_ROUNDS), st, 0, 0);
    }
}

unsigned zk_keccak_io_r16(zk_chip ch, unsigned *cols, unsigned *doubled)
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

int zk_fill_keccak(zk_wctx *w, const zk_prow *pr, uint32_t v1, uint32_t v2, uint32_t *next,
                   uvm_err *err)
{
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
