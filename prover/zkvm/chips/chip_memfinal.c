/* chip_memfinal.c — the memory-final chip "memfinal": a row per touched key
 * mapped at the segment's end (its last access, whose (key, value) the
 * verifier receives on TOUCH as the segment's boundary) and, in a segment
 * with kills (zk_memmap.h), a kill row per heap lifetime a shrink ends:
 * constraints, then the witness (from the shadow memory, zk_wit.c), then
 * the descriptor. Invariant: the rows consume exactly the last MEM tuple of
 * every key and lifetime, so the memory argument balances only with the
 * touched set's true final values. */
#include <stdlib.h>

#include "zk_build.h"
#include "zk_memmap.h"
#include "zk_wit_int.h"

static int wide(const zk_pub_ctx *pub) { return pub->heap && pub->heap->n_kill; }

static unsigned main_cols(const zk_pub_ctx *pub) { return wide(pub) ? MF_WIDE : MF_NARROW; }

/* (key, value, ts, f) and, with kills, (K, E, LA, LB): a kill row (K = 1)
 * consumes a heap word's last tuple of a lifetime, proves ts < E by
 * E - ts - 1 = LA + 2^16*LB (R16 limbs) and sends KILL (key, E); f*K = 0.
 * Without kills the chip keeps its 4 columns. */
static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id;
    air_expr f = zk_bool(c, "f_bool", M(MF_F));
    air_expr v[3] = {M(MF_KEY), M(MF_VAL), M(MF_TS)};
    if (!wide(pub)) {
        air_receive(c, BUS_MEM, v, 3, f);
    } else {
        air_expr kk = zk_bool(c, "k_bool", M(MF_K));
        air_constrain(c, AIR_ALL_ROWS, "f_or_k", MUL(f, kk));
        air_receive(c, BUS_MEM, v, 3, ADD(f, kk));
        air_expr d = SUB(SUB(M(MF_E), M(MF_TS)), K(1));
        air_constrain(c, AIR_ALL_ROWS, "kill_before",
                      MUL(kk, SUB(d, ADD(M(MF_LA), SC(M(MF_LB), 1u << 16)))));
        air_expr la = M(MF_LA), lb = M(MF_LB), kt[2] = {M(MF_KEY), M(MF_E)};
        air_receive(c, BUS_R16, &la, 1, kk);
        air_receive(c, BUS_R16, &lb, 1, kk);
        air_send(c, BUS_KILL, kt, 2, kk);
    }
    air_send(c, BUS_TOUCH, v, 2, f);
}

static int cmp_key(const void *a, const void *b)
{
    const zk_slot *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int cmp_close(const void *a, const void *b)
{
    const struct zk_close *x = a, *y = b;
    return x->key != y->key ? (x->key < y->key ? -1 : 1) : (x->ts > y->ts) - (x->ts < y->ts);
}

/* A kill row of memfinal: consumes (key, v, t), sends KILL (key, e). */
static void kill_row(zk_witness *w, gl_t *r, uint64_t key, uint32_t v, uint32_t t, uint64_t e)
{
    uint32_t d = (uint32_t)(e - t - 1); /* t < e unless forged (ZK_FOLLOW_STALE) */
    r[MF_KEY] = key, r[MF_VAL] = v, r[MF_TS] = t, r[MF_K] = 1, r[MF_E] = e;
    r[MF_LA] = d & 0xffff, r[MF_LB] = d >> 16;
    w->tr[ZC_RANGE].data[d & 0xffff]++;
    w->tr[ZC_RANGE].data[d >> 16]++;
}

/* The memory-final chip and the statement's touched set, from the shadow:
 * a final row per key mapped at the segment's end, and a kill row per
 * lifetime of a touched heap key that a shrink ends (zk_memmap_heap, the
 * verifier's list), consuming the lifetime's last tuple: the one heap_sync
 * kept, else the lifetime's first (the initial value at 0 or the birth's 0). */
static int finish(zk_wctx *x, zk_witness *w, zk_chip c, const zk_prow *prog, uint32_t n_prog,
                  uvm_err *err)
{
    (void)c, (void)prog, (void)n_prog;
    zk_slot *all = malloc((x->sh.n + 1) * sizeof *all);
    w->keys = malloc((x->sh.n + 1) * sizeof *w->keys);
    w->init = malloc((x->sh.n + 1) * sizeof *w->init);
    w->final = malloc((x->sh.n + 1) * sizeof *w->final);
    uint8_t *dead = calloc(x->sh.n + 1, 1);
    zk_heap h = {0};
    int rc = -1;
    if (!all || !w->keys || !w->init || !w->final || !dead) {
        uvm_errf(err, "zkvm: out of memory for the memory tables");
        goto out;
    }
    uint64_t n = 0;
    for (uint64_t i = 0; i < x->sh.cap; i++)
        if (x->sh.t[i].used)
            all[n++] = x->sh.t[i];
    qsort(all, n, sizeof *all, cmp_key);
    for (uint64_t i = 0; i < n; i++) {
        int dd = 0;
        if (!x->stale && all[i].key >= ZK_KEY_RAM(x->io->brk_start) &&
            all[i].key < ZK_KEY_RAM(0) + (uint64_t)x->io->brk_limit &&
            zk_heap_sync(x, &all[i], 1, &dd, err))
            goto out;
        dead[i] = (uint8_t)dd;
        w->keys[i] = all[i].key;
        w->init[i] = all[i].init;
        w->final[i] = all[i].val;
    }
    /* the verifier's lifetimes of these keys; refuses too many before allocating */
    if (zk_memmap_heap(x->io->brk_start, x->io->brk_limit, x->brk0, x->io->brk, x->io->n_brk,
                       w->keys, n, &h, err)) {
        uvm_err_prefix(err, "zkvm");
        goto out;
    }
    uint64_t rows = h.n_kill;
    for (uint64_t i = 0; i < n; i++)
        rows += !dead[i];
    unsigned wd = h.n_kill ? MF_WIDE : MF_NARROW;
    if (gl_matrix_alloc(&w->tr[ZC_FINAL], zk_pow2_at_least(rows, 8), wd)) {
        uvm_errf(err, "zkvm: out of memory for the memory tables");
        goto out;
    }
    qsort(x->close, x->n_close, sizeof *x->close, cmp_close);
    uint64_t li = 0, ci = 0, row = 0;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t k = all[i].key;
        /* the tuple the lifetime in progress starts from */
        uint32_t cv = all[i].init, ct = 0;
        for (; li < h.n_life && h.life[li].idx == i; li++) {
            uint64_t e = ZK_BRK_MEMTS(h.life[li].ts);
            if (!h.life[li].kill) {
                cv = 0, ct = (uint32_t)e;
                continue;
            }
            while (ci < x->n_close && (x->close[ci].key < k ||
                                       (x->close[ci].key == k && x->close[ci].ts < ct)))
                ci++; /* a forged chain's leftovers (follow) */
            if (ci < x->n_close && x->close[ci].key == k && x->close[ci].ts < e)
                cv = x->close[ci].val, ct = x->close[ci].ts, ci++;
            for (uint64_t j = li + 1; x->stale && j < h.n_life && h.life[j].idx == i; j++)
                if (!h.life[j].kill) { /* the forger's only free tuple: the next birth */
                    cv = 0, ct = (uint32_t)ZK_BRK_MEMTS(h.life[j].ts);
                    break;
                }
            kill_row(w, &w->tr[ZC_FINAL].data[row++ * wd], k, cv, ct, e);
        }
        if (!dead[i]) {
            gl_t *r = &w->tr[ZC_FINAL].data[row++ * wd];
            r[MF_KEY] = k, r[MF_VAL] = all[i].val, r[MF_TS] = all[i].ts, r[MF_F] = 1;
        }
    }
    w->n_touched = n;
    w->rows[ZC_FINAL] = rows;
    rc = 0;
out:
    zk_heap_free(&h);
    free(all);
    free(dead);
    return rc;
}

const zk_chip_desc zk_chip_memfinal = {
    .name = "memfinal", .n_main = MF_NARROW, .main_cols = main_cols, .build = build,
    .finish = finish,
};
