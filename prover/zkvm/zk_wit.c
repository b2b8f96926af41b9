/* zk_wit.c — witness generation (see zk_wit.h): replays the traced slot
 * sequence against a shadow register file and memory that remember each
 * key's value and last timestamp, filling one chip row per uop.
 * Invariant: shadow values equal what the VM computed (checked per uop
 * against the trace record), so a mismatch is reported as a bug, not proved. */
#include <stdlib.h>
#include <string.h>

#include "chips/zk_alu.h"
#include "chips/chip_fused.h"
#include "zk_file.h"
#include "zk_lsx.h"
#include "zk_mem.h"
#include "zk_wit_int.h"

static uint64_t sh_hash(uint64_t key) { return (key * 0x9E3779B97F4A7C15ull) >> 20; }

uint32_t zk_mem_value(const zk_shadow *m, const uisa_program *p, uint64_t key)
{
    for (uint64_t h = sh_hash(key); m && m->cap; h++) {
        const zk_slot *e = &m->t[h & (m->cap - 1)];
        if (!e->used)
            break;
        if (e->key != key)
            continue;
        /* released since the segment that set it: some later segment's lowest
         * break is at or below the word's page (zk_memmap.h zk_heap_mapped) */
        if (m->rel.n && key >= ZK_KEY_RAM(m->brk_start) &&
            key < ZK_KEY_RAM(0) + (uint64_t)m->brk_limit &&
            !zk_heap_mapped(key, zk_minstk_min_from(&m->rel, (uint64_t)e->ts + 1)))
            return 0;
        return e->val;
    }
    return m && m->prior ? zk_mem_value(m->prior, p, key) : zk_init_value(p, key);
}

int zk_mem_set(zk_shadow *m, const uisa_program *p, uint64_t key, uint32_t val)
{
    zk_slot *e = zk_sh_get(m, p, key);
    if (!e)
        return -1;
    e->val = val;
    e->ts = m->seg;
    return 0;
}

int zk_mem_end_seg(zk_shadow *m, const uisa_program *p, uint32_t brk_min)
{
    abi_heap_bounds(p, &m->brk_start, &m->brk_limit);
    if (zk_minstk_push(&m->rel, m->seg, brk_min))
        return -1;
    m->seg++;
    return 0;
}

void zk_mem_free(zk_shadow *m)
{
    free(m->t);
    zk_minstk_free(&m->rel);
    m->t = NULL;
    m->cap = m->n = 0;
}

zk_slot *zk_sh_get(zk_shadow *s, const uisa_program *p, uint64_t key)
{
    if (2 * (s->n + 1) > s->cap) {
        uint64_t cap = s->cap ? 2 * s->cap : 4096;
        zk_slot *nt = calloc(cap, sizeof *nt);
        if (!nt)
            return NULL;
        for (uint64_t i = 0; i < s->cap; i++)
            if (s->t[i].used) {
                uint64_t h = sh_hash(s->t[i].key);
                while (nt[h & (cap - 1)].used)
                    h++;
                nt[h & (cap - 1)] = s->t[i];
            }
        free(s->t);
        s->t = nt;
        s->cap = cap;
    }
    for (uint64_t h = sh_hash(key);; h++) {
        zk_slot *e = &s->t[h & (s->cap - 1)];
        if (e->used && e->key == key)
            return e;
        if (!e->used) {
            uint32_t v = zk_mem_value(s->prior, p, key);
            *e = (zk_slot){key, v, v, 0, 1, 0};
            s->n++;
            return e;
        }
    }
}

uint32_t zk_init_value(const uisa_program *p, uint64_t key)
{
    if (key == ZK_KEY_BRK) {
        uint32_t start, limit;
        abi_heap_bounds(p, &start, &limit);
        return start;
    }
    if (!zk_key_is_ram(key))
        return key == ZK_KEY_REG(ABI_REG_SP) ? ABI_SP_INIT : 0;
    uint32_t a = (uint32_t)key, v = 0; /* tagged or not */
    for (unsigned b = 0; b < 4; b++) {
        uint32_t x = a + b;
        for (uint32_t i = 0; i < p->n_segments; i++) {
            const uisa_segment *sg = &p->segments[i];
            if (x >= sg->vaddr && x - sg->vaddr < sg->filesz)
                v |= (uint32_t)sg->data[x - sg->vaddr] << (8 * b);
        }
    }
    return v;
}

uint64_t zk_pow2_at_least(uint64_t n, uint64_t min)
{
    uint64_t h = min;
    while (h < n)
        h <<= 1;
    return h;
}

int zk_alloc_per_call(zk_witness *w, zk_chip c, zk_chip io, unsigned rows_per_call,
                      const zk_prow *prog, uint32_t n_prog, uvm_err *err)
{
    w->rows[c] = rows_per_call * w->rows[io];
    if (gl_matrix_alloc(&w->tr[c], zk_pow2_at_least(w->rows[c], 8),
                        zk_chip_main_cols(c, prog, n_prog)))
        return uvm_errf(err, "zkvm: out of memory for the %s trace", zk_chips[c]->name);
    return 0;
}

int64_t zk_rowbuf_add(zk_rowbuf *b, unsigned cols, uint64_t n)
{
    if (b->rows + n > b->cap) {
        uint64_t cap = b->cap ? b->cap : 64;
        while (cap < b->rows + n)
            cap *= 2;
        gl_t *d = realloc(b->data, cap * cols * sizeof *d);
        if (!d)
            return -1;
        b->data = d;
        b->cap = cap;
    }
    if (n) /* b->data may still be NULL when no row is asked for */
        memset(&b->data[b->rows * cols], 0, n * cols * sizeof *b->data);
    b->rows += n;
    return (int64_t)(b->rows - n);
}

int zk_rowbuf_move(zk_rowbuf *b, unsigned cols, gl_matrix *t, uint64_t *used, int present,
                   const unsigned *limbs, unsigned n_limbs, gl_matrix *range, const char *name,
                   uvm_err *err)
{
    uint64_t h = zk_pow2_at_least(b->rows, 8);
    *used = b->rows;
    if (gl_matrix_alloc(t, h, present ? cols : 1))
        return uvm_errf(err, "zkvm: out of memory for the %s table", name);
    if (b->rows)
        memcpy(t->data, b->data, b->rows * cols * sizeof *b->data);
    free(b->data);
    memset(b, 0, sizeof *b);
    for (uint64_t i = 0; present && i < h; i++) /* padding rows too: their limbs are 0 */
        for (unsigned k = 0; k < n_limbs; k++)
            range->data[t->data[i * cols + limbs[k]]]++;
    return 0;
}

int zk_prog_build(const uisa_program *p, zk_prow **rows, uint32_t *n, uvm_err *err)
{
    uint32_t n_split = 0; /* a second row per fused slot, two more for an alt split pair */
    for (uint32_t i = 0; i < p->n_slots; i++)
        if (p->slots[i].op < UOP_COUNT && uisa_ops[p->slots[i].op].tier == TIER_FUSED)
            n_split += p->slots[i].op == UOP_SW_ADDI ? 3 : 1;
    uint64_t h = zk_pow2_at_least((uint64_t)p->n_slots + n_split, 8);
    if (h > (1u << 24))
        return uvm_errf(err, "zkvm: program of %u slots is too large", p->n_slots);
    zk_prow *r = calloc(h, sizeof *r);
    if (!r)
        return uvm_errf(err, "zkvm: out of memory for the program table");
    uint32_t next = p->n_slots; /* split fused slots' second rows go after the slots */
    for (uint32_t i = 0; i < p->n_slots; i++) {
        const char *why;
        uint32_t pc = p->code_base + (i << p->slot_shift);
        if (p->slots[i].op < UOP_COUNT && uisa_ops[p->slots[i].op].tier == TIER_FUSED) {
            if (zk_fused_decode(&p->slots[i], pc, &r[i], &r[next], &why) == 2)
                r[i].row2 = next++;
            else if (r[i].op && zk_fused_alt(&p->slots[i], pc, &r[next], &r[next + 1]) == 2) {
                r[i].alt = next;
                r[next].row2 = next + 1;
                next += 2;
            }
        } else { /* a block head is proved as its first step (docs/blocks.md) */
            const uisa_uop *u = uisa_slot_step(p, i);
            zk_decode(u ? u : &p->slots[i], pc, &r[i], &why);
        }
    }
    *rows = r;
    *n = (uint32_t)h;
    return 0;
}

/* The break of state i of the segment: its start (i = 0), or after brk event i. */
static uint32_t state_brk(const zk_wctx *w, uint64_t i)
{
    return i ? w->io->brk[i - 1].brk : w->brk0;
}

/* Brings heap key e to the current state (the brk events so far; zk_memmap.h
 * lifetimes): if its page was unmapped at some state since its last access
 * (since the segment's start for a key not accessed yet), the lifetime it was
 * in has ended: its last tuple is kept for that lifetime's kill row (if the
 * key was mapped then: a key unmapped at the start has no initial tuple), and
 * the key continues from the last birth, value 0 at 4*ts_g + 4, or is dead
 * (at_end: value 0, no final row). Fails when the page is unmapped now and
 * this is an access (a fault on the VM), unless following a forged record. */
int zk_heap_sync(zk_wctx *w, zk_slot *e, int at_end, int *dead, uvm_err *err)
{
    uint64_t n = w->io->n_brk, r;
    for (; w->st_n <= n; w->st_n++)
        if (zk_minstk_push(&w->st, w->st_n, state_brk(w, w->st_n)))
            return uvm_errf(err, "zkvm: out of memory for the heap states");
    *dead = 0;
    if (e->ev == n && e->ts)
        return 0;
    if (!zk_minstk_last_le(&w->st, (uint32_t)e->key & ~4095u, &r) || r < e->ev) {
        e->ev = (uint32_t)n;
        return 0;
    }
    if (r == n && !at_end) {
        if (w->follow)
            return 0;
        return uvm_errf(err, "zkvm: heap word 0x%08x accessed above the break 0x%08x (a "
                        "fault on the VM; not provable)", (uint32_t)e->key, state_brk(w, n));
    }
    if (zk_heap_mapped(e->key, state_brk(w, e->ev))) {
        if (w->n_close == w->cap_close) {
            uint64_t cap = w->cap_close ? 2 * w->cap_close : 256;
            void *nc = realloc(w->close, cap * sizeof *w->close);
            if (!nc)
                return uvm_errf(err, "zkvm: out of memory for the heap lifetimes");
            w->close = nc, w->cap_close = cap;
        }
        w->close[w->n_close++] = (struct zk_close){e->key, e->val, e->ts};
    }
    *dead = r == n;
    e->val = 0;
    e->ts = r == n ? 0 : (uint32_t)ZK_BRK_MEMTS(w->io->brk[r].ts);
    e->ev = (uint32_t)n;
    return 0;
}

/* One memory access at sub-step k: fills (old value, prev ts, limbs) into
 * columns vcol (if not ~0u), tcol, la, la+1, then stores val at 4*ts + k. */
int zk_access(zk_wctx *w, uint64_t key, int write, uint32_t val, unsigned k, unsigned vcol,
                  unsigned tcol, unsigned la, uint32_t *old, uvm_err *err)
{
    zk_slot *e = zk_sh_get(&w->sh, w->p, key);
    if (!e)
        return uvm_errf(err, "zkvm: out of memory for the shadow memory");
    int dead;
    int heap = key >= ZK_KEY_RAM(w->io->brk_start) && key < ZK_KEY_RAM(0) + (uint64_t)w->io->brk_limit;
    if (heap && !w->stale && zk_heap_sync(w, e, 0, &dead, err))
        return -1;
    if (heap && w->stale && !e->ts && !zk_heap_mapped(key, w->brk0))
        for (uint32_t i = 0; i < w->io->n_brk; i++) /* the forger starts at the first birth */
            if (zk_heap_mapped(key, w->io->brk[i].brk)) {
                e->val = 0, e->ts = (uint32_t)ZK_BRK_MEMTS(w->io->brk[i].ts);
                break;
            }
    uint64_t now = 4 * w->ts + k, d = now - e->ts - 1;
    if (vcol != ~0u)
        w->row[vcol] = e->val;
    w->row[tcol] = e->ts;
    w->row[la] = d & 0xffff;
    w->row[la + 1] = d >> 16;
    *old = e->val;
    e->ts = (uint32_t)now;
    if (write)
        e->val = val;
    return 0;
}

void zk_limbs(gl_t *row, unsigned lo, uint32_t v)
{
    row[lo] = v & 0xffff;
    row[lo + 1] = v >> 16;
}

/* Byte lookup (x, y, x & y) in the bytes table's multiplicities. */
void zk_and_lookup(zk_wctx *w, uint32_t x, uint32_t y) { w->bytes->data[x | y << 8]++; }

/* Range multiplicities of every R16 column of every row (padding included):
 * the access limbs of every execution chip (rs1's, then rd's and rs2's
 * unless the chip has none), then its descriptor's. */
static int count_ranges(zk_witness *w, uvm_err *err)
{
    gl_t *m = w->tr[ZC_RANGE].data;
    for (int c = 0; c < ZC_N_EXEC; c++) {
        const gl_matrix *t = &w->tr[c];
        const zk_chip_desc *ci = zk_chips[c];
        if (t->cols < zk_base((zk_chip)c))
            continue; /* a native chip's stub */
        unsigned cols[ZK_MAX_R16 + 6], dbl = ~0u;
        unsigned n = ci->r16 ? ci->r16((zk_chip)c, cols, &dbl) : 0;
        cols[n++] = C_L1A, cols[n++] = C_L1B;
        if (!ci->no_rd)
            cols[n++] = C_L3A, cols[n++] = C_L3B;
        if (!ci->no_rs2)
            cols[n++] = zk_col((zk_chip)c, C_L2A), cols[n++] = zk_col((zk_chip)c, C_L2B);
        for (size_t r = 0; r < t->rows; r++) {
            const gl_t *row = &t->data[r * t->cols];
            for (unsigned k = 0; k < n; k++) {
                if (row[cols[k]] >> 16)
                    return uvm_errf(err, "zkvm: %s row %zu: limb %llu out of range (bug)",
                                    zk_chips[c]->name, r, (unsigned long long)row[cols[k]]);
                m[row[cols[k]]]++;
            }
            if (dbl != ~0u && (2 * row[dbl]) >> 16)
                return uvm_errf(err, "zkvm: %s row %zu: high limb out of range (bug)",
                                zk_chips[c]->name, r);
            if (dbl != ~0u)
                m[2 * row[dbl]]++;
        }
    }
    return 0;
}

/* The range16 chip holds both 2^16-row tables (row i: v = i, and the byte
 * pair (i & 255, i >> 8)): its multiplicities are (R16, LOGIC), counted
 * separately above; the bytes chip is left a zero stub. */
static int merge_tables(zk_witness *w, uvm_err *err)
{
    gl_matrix m = {0}, stub = {0};
    if (gl_matrix_alloc(&m, 1u << 16, 2) || gl_matrix_alloc(&stub, 8, 1)) {
        gl_matrix_free(&m);
        return uvm_errf(err, "zkvm: out of memory for the range table");
    }
    for (size_t i = 0; i < 1u << 16; i++) {
        m.data[2 * i] = w->tr[ZC_RANGE].data[i];
        m.data[2 * i + 1] = w->tr[ZC_BYTES].data[i];
    }
    gl_matrix_free(&w->tr[ZC_RANGE]);
    gl_matrix_free(&w->tr[ZC_BYTES]);
    w->tr[ZC_RANGE] = m;
    w->tr[ZC_BYTES] = stub;
    w->rows[ZC_BYTES] = 0;
    return 0;
}

static int alloc_tables(zk_witness *w, const zk_prow *prog, uint32_t n_prog, const vm_trace *t,
                        uvm_err *err)
{
    for (uint64_t i = 0; i < t->n; i++) {
        const zk_prow *pr = &prog[zk_fused_route(prog, &t->rec[i])];
        zk_prow tmp;
        if (pr->op == ZK_NONE)
            return -2; /* the caller names the uop */
        w->rows[zk_op_chip((zk_op)zk_lsx_route(pr, &t->rec[i], &tmp)->op)]++;
        if (pr->row2)
            w->rows[zk_op_chip((zk_op)zk_lsx_route(&prog[pr->row2], &t->rec[i], &tmp)->op)]++;
    }
    for (int c = 0; c < ZC_N_EXEC; c++)
        if (gl_matrix_alloc(&w->tr[c], zk_pow2_at_least(w->rows[c], 8),
                            zk_chip_main_cols((zk_chip)c, prog, n_prog)))
            return uvm_errf(err, "zkvm: out of memory for the %s trace", zk_chips[c]->name);
    for (int c = ZC_N_EXEC; c < ZC_COUNT; c++)
        if (zk_chips[c]->alloc && zk_chips[c]->alloc(w, (zk_chip)c, prog, n_prog, err))
            return -1;
    for (int c = 0; c < ZC_N_EXEC; c++) /* padding rows that are not all 0 */
        if (zk_chips[c]->pad && zk_chip_present((zk_chip)c, prog, n_prog))
            for (size_t r = w->rows[c]; r < w->tr[c].rows; r++)
                zk_chips[c]->pad((zk_chip)c, &w->tr[c].data[r * w->tr[c].cols]);
    return 0;
}

/* gcc 12 -O3 reports vd (initialised, then set by fill_op) as maybe
 * uninitialised once fill_op inlines the byte-store path: a false positive. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
/* One row: the common columns, the op, and the three register accesses.
 * want: the value the VM wrote to rd (checked unless NULL or rd is the sink).
 * fol (tests only, zk_witness_build's follow): the record, whose rd value,
 * stored value and loaded bytes (as if memory held them) the row takes instead. */
static int fill_row(zk_wctx *x, zk_witness *w, const zk_prow *pr, const uint32_t *want,
                    const vm_trace_rec *fol, uint32_t *next, uvm_err *err)
{
    gl_t *row = x->row;
    zk_chip ch = zk_op_chip((zk_op)pr->op);
    int rs2 = !zk_chips[ch]->no_rs2; /* without rs2: pr->rs2 is x0 (zk_decode), v2 = 0 */
    int rd = !zk_chips[ch]->no_rd;   /* without rd: pr->rd is the sink (zk_decode) */
    row[C_PC] = pr->pc, row[C_TS] = x->ts, row[C_RS1] = pr->rs1;
    row[C_IMM] = pr->imm, row[C_NPC] = pr->npc;
    if (rs2)
        row[zk_col(ch, C_RS2)] = pr->rs2;
    row[zk_base(ch) + zk_op_sel((zk_op)pr->op)] = 1;
    uint32_t v1 = 0, v2 = 0, vd = 0, old = 0;
    if (zk_access(x, ZK_KEY_REG(pr->rs1), 0, 0, 1, C_V1, C_T1, C_L1A, &v1, err) ||
        (rs2 && zk_access(x, ZK_KEY_REG(pr->rs2), 0, 0, 2, zk_col(ch, C_V2), zk_col(ch, C_T2),
                          zk_col(ch, C_L2A), &v2, err)))
        return -1;
    if (fol && ch == ZC_LOAD && fol->maddr == (uint32_t)(v1 + pr->imm)) {
        /* the record's loaded bytes over the memory word (a faulty read) */
        uint32_t a = fol->maddr, sz = zk_mem_size((zk_op)pr->op), lane = a & 3;
        uint32_t m = (sz == 4 ? ~0u : (1u << (8 * sz)) - 1) << (8 * lane);
        zk_slot *e = zk_sh_get(&x->sh, x->p, ZK_KEY_RAM(a - lane));
        if (!e)
            return uvm_errf(err, "zkvm: out of memory for the shadow memory");
        e->val = (e->val & ~m) | (fol->mval << (8 * lane) & m);
    }
    if (fol && ch == ZC_STORE) { /* the record's stored bytes over rs2's value */
        uint32_t m = zk_mem_size((zk_op)pr->op) == 4 ? ~0u
                     : (1u << (8 * zk_mem_size((zk_op)pr->op))) - 1;
        v2 = (v2 & ~m) | (fol->mval & m);
    }
    *next = pr->npc;
    if (zk_chips[ch]->fill(x, ch, pr, v1, v2, next, &vd, err))
        return -1;
    if (fol && want && pr->rd != ZK_SINK)
        vd = *want;
    if (!rd)
        return pr->rd == ZK_SINK ? 0 : uvm_errf(err, "zkvm: pc 0x%08x: %s row writes x%u (bug)",
                                                 pr->pc, zk_chips[ch]->name, pr->rd);
    if (ch == ZC_SYS && want && vd != *want)
        return uvm_errf(err, "zkvm: pc 0x%08x: ecall %u returned 0x%08x, the proof can only "
                        "express 0x%08x (a faulting buffer or host error is not provable)",
                        pr->pc, v1, *want, vd);
    else if (want && pr->rd != ZK_SINK && vd != *want)
        return uvm_errf(err, "zkvm: pc 0x%08x: witness value 0x%08x, VM wrote 0x%08x (bug)",
                        pr->pc, vd, *want);
    row[C_RD] = pr->rd;
    row[C_VD] = vd;
    if (zk_access(x, ZK_KEY_REG(pr->rd), 1, vd, 4, C_VDO, C_TDO, C_L3A, &old, err))
        return -1;
    (void)w;
    return 0;
}
#pragma GCC diagnostic pop

/* The rows of one traced uop (two for a split fused slot), each at its own
 * timestamp; the VM's written value is checked on the step that wrote it last.
 * fol_next (tests only, follow): the pc the VM went to next, which a branch
 * row then claims; fused rows are then filled unchecked. */
static int fill_rec(zk_wctx *x, zk_witness *w, const zk_prow *prog, const vm_trace_rec *rec,
                    const uint32_t *fol_next, uint64_t *used, uint64_t *ts, uint32_t *next,
                    uvm_err *err)
{
    uint32_t first = zk_fused_route(prog, rec);
    const zk_prow *pr = &prog[first];
    const zk_prow *q[2] = {pr, pr->row2 ? &prog[pr->row2] : NULL};
    uint32_t idx[2] = {first, pr->row2};
    int last = q[1] && zk_op_chip((zk_op)q[1]->op) != ZC_BRANCH; /* the step checked */
    for (int k = 0; k < 2 && q[k]; k++) {
        zk_prow tmp; /* a word-crossing access goes to the lsx chip */
        const zk_prow *r = zk_lsx_route(q[k], rec, &tmp);
        zk_chip ch = zk_op_chip((zk_op)r->op);
        x->row = &w->tr[ch].data[used[ch]++ * w->tr[ch].cols];
        x->ts = *ts;
        x->adv = 0;
        *ts += zk_fused_chip(ch) ? 2 : 1; /* a fused row spans two timestamps */
        const uint32_t *want = k == last ? &rec->w : NULL;
        x->want = want;
        if (zk_fused_chip(ch) ? zk_fused_fill(x, q[k], fol_next ? NULL : want, next, err)
                              : fill_row(x, w, r, want, fol_next ? rec : NULL, next, err))
            return -1;
        if (fol_next && (k == 1 || !q[1]) && (ch == ZC_BRANCH || ch == ZC_FBR)) {
            *next = *fol_next;
            x->row[ch == ZC_FBR ? zk_spec(ZC_FBR, FB_NEXT) : zk_spec(ZC_BRANCH, BR_NEXT)] = *next;
        }
        *ts += x->adv; /* an ECALL's cursor step and io rows */
        w->tr[ZC_PROG].data[idx[k]]++;
        if (k == 0 && q[1] && *next != q[1]->pc)
            return uvm_errf(err, "zkvm: pc 0x%08x: first step leaves pc 0x%08x (bug)", pr->pc, *next);
    }
    return 0;
}

int zk_witness_build(const uisa_program *p, const zk_prow *prog, uint32_t n_prog,
                     const vm_trace *t, const uint8_t *input, size_t input_len,
                     const zk_shadow *prior, int ends_exit, uint32_t end_pc, int follow,
                     zk_witness *w, uvm_err *err)
{
    memset(w, 0, sizeof *w);
    if (!t->n)
        return uvm_errf(err, "zkvm: empty segment (bug)");
    zk_io_wit io = {.input = input, .input_len = input_len, .range = &w->tr[ZC_RANGE]};
    abi_heap_bounds(p, &io.brk_start, &io.brk_limit);
    zk_wctx x = {.p = p, .bytes = &w->tr[ZC_BYTES], .pow = &w->tr[ZC_POW], .tr = w->tr,
                 .sh.prior = prior, .io = &io, .follow = follow,
                 .stale = !!(follow & ZK_FOLLOW_STALE),
                 .brk0 = zk_mem_value(prior, p, ZK_KEY_BRK)};
    uint64_t used[ZC_COUNT] = {0};
    int rc = alloc_tables(w, prog, n_prog, t, err);
    if (rc == -2) {
        for (uint64_t i = 0; i < t->n; i++) {
            const uisa_uop *u = &p->slots[t->rec[i].slot];
            if (prog[t->rec[i].slot].op == ZK_NONE)
                rc = uvm_errf(err, "zkvm: pc 0x%08x: uop %s: not provable yet",
                              prog[t->rec[i].slot].pc, uisa_ops[u->op].name);
            if (rc == -1)
                break;
        }
    }
    uint64_t ts = 0; /* a step per uop, two per fused uop, 2 + bytes moved per ECALL */
    for (uint64_t i = 0; rc == 0 && i < t->n; i++) {
        const zk_prow *pr = &prog[t->rec[i].slot];
        uint32_t next;
        x.exited = 0;
        uint32_t vm_next = i + 1 < t->n ? prog[t->rec[i + 1].slot].pc : end_pc;
        rc = fill_rec(&x, w, prog, &t->rec[i], follow ? &vm_next : NULL, used, &ts, &next, err);
        int last = i + 1 == t->n;
        if (rc == 0 && !follow && (!last || !ends_exit) && vm_next != next)
            rc = uvm_errf(err, "zkvm: pc 0x%08x: next pc 0x%08x, VM went to 0x%08x (bug)",
                          pr->pc, next, vm_next);
        if (rc == 0 && last && ends_exit != x.exited)
            rc = ends_exit ? uvm_errf(err, "zkvm: the run does not end with exit")
                           : uvm_errf(err, "zkvm: exit inside a segment that continues (bug)");
    }
    if (rc == 0 && ts > ZK_MAX_SEG_STEPS)
        rc = uvm_errf(err, "zkvm: %llu steps (uops + bytes moved) exceed a segment's %llu",
                      (unsigned long long)ts, (unsigned long long)ZK_MAX_SEG_STEPS);
    w->n_steps = ts;
    for (int c = ZC_N_EXEC; rc == 0 && c < ZC_COUNT; c++) /* the tables, after the rows */
        if (zk_chips[c]->finish)
            rc = zk_chips[c]->finish(&x, w, (zk_chip)c, prog, n_prog, err);
    free(io.rows.data);
    w->brk = io.brk, w->n_brk = io.n_brk;
    if (rc == 0)
        rc = count_ranges(w, err);
    if (rc == 0)
        rc = merge_tables(w, err);
    free(x.sh.t);
    free(x.memset_rows.data);
    free(x.memcpy_rows.data);
    free(x.close);
    zk_minstk_free(&x.st);
    if (rc)
        zk_witness_free(w);
    return rc ? -1 : 0;
}

void zk_witness_free(zk_witness *w)
{
    for (int c = 0; c < ZC_COUNT; c++)
        gl_matrix_free(&w->tr[c]);
    free(w->keys);
    free(w->init);
    free(w->final);
    free(w->brk);
    memset(w, 0, sizeof *w);
}
