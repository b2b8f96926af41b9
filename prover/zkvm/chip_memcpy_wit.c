/* chip_memcpy_wit.c — witness of MEMCPY/MEMMOVE (constraints in
 * chip_memcpy.c): the uop row's columns and one row per destination word.
 * Invariant: every source read of a call is made before any destination
 * write, so the shadow memory gives each write the old source bytes. */
#include <stdlib.h>
#include <string.h>

#include "zk_copy.h"
#include "zk_memmap.h"
#include "zk_native.h"
#include "zkvm.h"

/* Makes room for n more word rows (zeroed); returns the first's index or -1. */
static int64_t add_rows(zk_rowbuf *b, uint64_t n)
{
    if (b->rows + n > b->cap) {
        uint64_t cap = b->cap ? b->cap : 64;
        while (cap < b->rows + n)
            cap *= 2;
        gl_t *d = realloc(b->data, cap * CW_N * sizeof *d);
        if (!d)
            return -1;
        b->data = d;
        b->cap = cap;
    }
    if (n) /* b->data may still be NULL when no row is asked for */
        memset(&b->data[b->rows * CW_N], 0, n * CW_N * sizeof *b->data);
    b->rows += n;
    return (int64_t)(b->rows - n);
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

int zk_fill_memcpy(zk_wctx *w, const zk_prow *pr, uint32_t d, uint32_t n, uint32_t *next,
                   uvm_err *err)
{
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
    int64_t first = add_rows(&w->memcpy_rows, nr);
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

unsigned zk_memcpy_io_r16(zk_chip ch, unsigned *cols, unsigned *doubled)
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

int zk_memcpy_finish(zk_wctx *w, gl_matrix *t, uint64_t *used, int present, uvm_err *err)
{
    zk_rowbuf *b = &w->memcpy_rows;
    uint64_t h = 8;
    while (h < b->rows)
        h <<= 1;
    *used = b->rows;
    if (gl_matrix_alloc(t, h, present ? CW_N : 1))
        return uvm_errf(err, "zkvm: out of memory for the memcpy table");
    if (b->rows)
        memcpy(t->data, b->data, b->rows * CW_N * sizeof *b->data);
    free(b->data);
    memset(b, 0, sizeof *b);
    if (!present)
        return 0;
    gl_t *m = w->tr[ZC_RANGE].data;
    static const unsigned r16[] = {CW_DL, CW_DH, CW_QLA, CW_QLB, CW_DLA, CW_DLB};
    for (uint64_t i = 0; i < h; i++) /* padding rows too: their limbs are 0 */
        for (unsigned k = 0; k < 6; k++)
            m[t->data[i * CW_N + r16[k]]]++;
    return 0;
}
