/* zk_wit.c — witness generation (see zk_wit.h): replays the traced slot
 * sequence against a shadow register file and memory that remember each
 * key's value and last timestamp, filling one chip row per uop.
 * Invariant: shadow values equal what the VM computed (checked per uop
 * against the trace record), so a mismatch is reported as a bug, not proved. */
#include <stdlib.h>
#include <string.h>

#include "chip_muldiv.h"
#include "zk_copy.h"
#include "zk_mul256.h"
#include "zk_fused.h"
#include "zk_native.h"
#include "zk_sha.h"
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
        if (e->key == key)
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
    return 0;
}

void zk_mem_free(zk_shadow *m)
{
    free(m->t);
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
            *e = (zk_slot){key, v, v, 0, 1};
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

static uint64_t pow2_at_least(uint64_t n, uint64_t min)
{
    uint64_t h = min;
    while (h < n)
        h <<= 1;
    return h;
}

int zk_prog_build(const uisa_program *p, zk_prow **rows, uint32_t *n, uvm_err *err)
{
    uint32_t n_split = 0; /* a second row per fused slot, two more for an alt split pair */
    for (uint32_t i = 0; i < p->n_slots; i++)
        if (p->slots[i].op < UOP_COUNT && uisa_ops[p->slots[i].op].tier == TIER_FUSED)
            n_split += p->slots[i].op == UOP_SW_ADDI ? 3 : 1;
    uint64_t h = pow2_at_least((uint64_t)p->n_slots + n_split, 8);
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
        } else {
            zk_decode(&p->slots[i], pc, &r[i], &why);
        }
    }
    *rows = r;
    *n = (uint32_t)h;
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

/* Fills the chip-specific part of a row; returns the next pc in *next and
 * the rd value in *vd. */
int zk_fill_op(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                   uint32_t *next, uint32_t *vd, uvm_err *err)
{
    gl_t *row = w->row;
    *next = pr->npc;
    *vd = 0;
    uint64_t s = (uint64_t)v1 + pr->imm;
    switch (ch) {
    case ZC_ADD: case ZC_ADDI: {
        int sub = pr->op == ZK_SUB;
        uint64_t t = sub ? (uint64_t)v1 + ZK_TWO32 - v2 : (uint64_t)v1 + v2 + pr->imm;
        *vd = (uint32_t)t;
        row[zk_spec(ch, ADD_C)] = sub ? !(t >> 32) : t >> 32;
        zk_limbs(row, zk_spec(ch, ADD_LO), *vd);
        return 0;
    }
    case ZC_BRANCH: {
        uint32_t sg = pr->op == ZK_BLT || pr->op == ZK_BGE;
        uint32_t z = v1 - v2;
        uint32_t a = v1 ^ (sg << 31), b = v2 ^ (sg << 31);
        int lt = a < b, eq = v1 == v2, taken = 0;
        row[zk_spec(ch, BR_ISZ)] = eq;
        row[zk_spec(ch, BR_INV)] = eq ? 0 : gl_inv(gl_sub(v1, v2));
        (void)z;
        row[zk_spec(ch, BR_MA)] = sg && (v1 >> 31);
        row[zk_spec(ch, BR_MB)] = sg && (v2 >> 31);
        zk_limbs(row, zk_spec(ch, BR_ALO), a);
        zk_limbs(row, zk_spec(ch, BR_BLO), b);
        row[zk_spec(ch, BR_LT)] = lt;
        zk_limbs(row, zk_spec(ch, BR_DLO), a - b);
        switch (pr->op) {
        case ZK_BEQ: taken = eq; break;
        case ZK_BNE: taken = !eq; break;
        case ZK_BLT: case ZK_BLTU: taken = lt; break;
        default: taken = !lt; break;
        }
        *next = taken ? pr->imm : pr->npc;
        row[zk_spec(ch, BR_NEXT)] = *next;
        return 0;
    }
    case ZC_LT: {
        uint32_t sg = pr->op == ZK_SLT, bv = v2 + pr->imm;
        uint32_t a = v1 ^ (sg << 31), b = bv ^ (sg << 31);
        row[zk_spec(ch, LT_MA)] = sg && (v1 >> 31);
        row[zk_spec(ch, LT_MB)] = sg && (bv >> 31);
        zk_limbs(row, zk_spec(ch, LT_ALO), a);
        zk_limbs(row, zk_spec(ch, LT_BLO), b);
        zk_limbs(row, zk_spec(ch, LT_DLO), a - b);
        *vd = a < b;
        return 0;
    }
    case ZC_LOGIC: {
        uint32_t bv = v2 + pr->imm;
        *vd = pr->op == ZK_XOR ? v1 ^ bv : pr->op == ZK_OR ? v1 | bv : v1 & bv;
        for (unsigned i = 0; i < 4; i++) {
            uint32_t x = v1 >> (8 * i) & 255, y = bv >> (8 * i) & 255;
            row[zk_spec(ch, LG_A) + i] = x;
            row[zk_spec(ch, LG_B) + i] = y;
            row[zk_spec(ch, LG_W) + i] = x & y;
            zk_and_lookup(w, x, y);
        }
        return 0;
    }
    case ZC_SHIFT: {
        uint32_t b = v2 + pr->imm, sh = b & 31, sra = pr->op == ZK_SRA;
        uint32_t a = sra ? v1 ^ 0x80000000u : v1, p2 = 1u << sh;
#define S(k) row[zk_spec(ch, k)]
        S(SH_S) = sh, S(SH_P) = p2, S(SH_C) = 0x80000000u >> sh;
        zk_limbs(row, zk_spec(ch, SH_BQL), b >> 5);
        S(SH_MA) = sra && (v1 >> 31);
        zk_limbs(row, zk_spec(ch, SH_ALO), a);
        if (pr->op == ZK_SLL) {
            uint64_t prod = (uint64_t)v1 << sh;
            *vd = (uint32_t)prod;
            zk_limbs(row, zk_spec(ch, SH_VL), *vd);
            zk_limbs(row, zk_spec(ch, SH_HL), (uint32_t)(prod >> 32));
        } else {
            uint32_t q = a >> sh, r = a & (p2 - 1);
            zk_limbs(row, zk_spec(ch, SH_QL), q);
            zk_limbs(row, zk_spec(ch, SH_RL), r);
            zk_limbs(row, zk_spec(ch, SH_GL), p2 - 1 - r);
            *vd = sra ? (uint32_t)((int32_t)v1 >> sh) : q;
        }
#undef S
        w->pow->data[sh]++;
        return 0;
    }
    case ZC_JUMP:
        row[zk_spec(ch, JP_C)] = s >> 32;
        row[zk_spec(ch, JP_B0)] = s & 1;
        *next = (uint32_t)s & ~1u;
        row[zk_spec(ch, JP_QL)] = (*next >> 1) & 0xffff;
        row[zk_spec(ch, JP_QH)] = *next >> 17;
        *vd = pr->npc;
        return 0;
    case ZC_LOAD: return zk_fill_load(w, pr, v1, vd, err);
    case ZC_STORE: return zk_fill_store(w, pr, v1, v2, err);
    case ZC_KECCAK_IO: return zk_fill_keccak(w, pr, v1, v2, next, err);
    case ZC_MUL: case ZC_MULH: zk_fill_mul(w, pr, v1, v2, vd); return 0;
    case ZC_DIV: zk_fill_div(w, pr, v1, v2, vd); return 0;
    case ZC_MEMSET_IO: return zk_fill_memset(w, pr, v1, v2, next, err);
    case ZC_SHA_IO: return zk_fill_sha(w, pr, v1, v2, next, err);
    case ZC_MEMCPY_IO: return zk_fill_memcpy(w, pr, v1, v2, next, err);
    case ZC_LSX: return zk_fill_lsx(w, pr, v1, v2, vd, err);
    case ZC_AMO: return zk_fill_amo(w, pr, v1, v2, vd, err);
    case ZC_MUL256_IO: return zk_fill_mul256(w, pr, v1, v2, next, err);
    default:
        return zk_fill_ecall(w, pr, v1, v2, vd, err);
    }
}

/* Range multiplicities of every R16 column of every row (padding included):
 * the access limbs of every execution chip (rs1's, then rd's and rs2's
 * unless the chip has none), then its descriptor's. */
static int count_ranges(zk_witness *w, uvm_err *err)
{
    gl_t *m = w->tr[ZC_RANGE].data;
    for (int c = 0; c < ZC_N_EXEC; c++) {
        const gl_matrix *t = &w->tr[c];
        const zk_chip_info *ci = &zk_chips[c];
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
                                    zk_chips[c].name, r, (unsigned long long)row[cols[k]]);
                m[row[cols[k]]]++;
            }
            if (dbl != ~0u && (2 * row[dbl]) >> 16)
                return uvm_errf(err, "zkvm: %s row %zu: high limb out of range (bug)",
                                zk_chips[c].name, r);
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

static int cmp_key(const void *a, const void *b)
{
    const zk_slot *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* The memory-final chip and the statement's touched set, from the shadow. */
static int finish_memory(zk_wctx *x, zk_witness *w, uvm_err *err)
{
    zk_slot *all = malloc((x->sh.n + 1) * sizeof *all);
    w->keys = malloc((x->sh.n + 1) * sizeof *w->keys);
    w->init = malloc((x->sh.n + 1) * sizeof *w->init);
    w->final = malloc((x->sh.n + 1) * sizeof *w->final);
    uint64_t h = pow2_at_least(x->sh.n, 8);
    if (!all || !w->keys || !w->init || !w->final || gl_matrix_alloc(&w->tr[ZC_FINAL], h, 4)) {
        free(all);
        return uvm_errf(err, "zkvm: out of memory for the memory tables");
    }
    uint64_t n = 0;
    for (uint64_t i = 0; i < x->sh.cap; i++)
        if (x->sh.t[i].used)
            all[n++] = x->sh.t[i];
    qsort(all, n, sizeof *all, cmp_key);
    for (uint64_t i = 0; i < n; i++) {
        w->keys[i] = all[i].key;
        w->init[i] = all[i].init;
        w->final[i] = all[i].val;
        gl_t *r = &w->tr[ZC_FINAL].data[4 * i];
        r[0] = all[i].key, r[1] = all[i].val, r[2] = all[i].ts, r[3] = 1;
    }
    w->n_touched = n;
    w->rows[ZC_FINAL] = n;
    free(all);
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
        if (gl_matrix_alloc(&w->tr[c], pow2_at_least(w->rows[c], 8),
                            zk_chip_main_cols((zk_chip)c, prog, n_prog)))
            return uvm_errf(err, "zkvm: out of memory for the %s trace", zk_chips[c].name);
    w->rows[ZC_KECCAK] = ZK_KECCAK_ROUNDS * w->rows[ZC_KECCAK_IO];
    if (gl_matrix_alloc(&w->tr[ZC_KECCAK], pow2_at_least(w->rows[ZC_KECCAK], 8),
                        zk_chip_main_cols(ZC_KECCAK, prog, n_prog)))
        return uvm_errf(err, "zkvm: out of memory for the keccak trace");
    w->rows[ZC_SHA] = ZK_SHA_ROUNDS * w->rows[ZC_SHA_IO];
    if (gl_matrix_alloc(&w->tr[ZC_SHA], pow2_at_least(w->rows[ZC_SHA], 8),
                        zk_chip_main_cols(ZC_SHA, prog, n_prog)))
        return uvm_errf(err, "zkvm: out of memory for the sha trace");
    for (int c = 0; c < ZC_N_EXEC; c++)
        if (c == ZC_BRANCH || c == ZC_FBR) /* padding: operands 0 = 0 */
            for (size_t r = w->rows[c]; r < w->tr[c].rows; r++)
                w->tr[c].data[r * w->tr[c].cols +
                              (c == ZC_FBR ? zk_spec(ZC_FBR, FB_ISZ) : zk_spec(ZC_BRANCH, BR_ISZ))] = 1;
    w->rows[ZC_PROG] = n_prog;
    w->rows[ZC_RANGE] = 1u << ZK_RANGE_LOG;
    w->rows[ZC_BYTES] = 1u << 16;
    w->rows[ZC_POW] = 32;
    if (gl_matrix_alloc(&w->tr[ZC_PROG], n_prog, 1) ||
        gl_matrix_alloc(&w->tr[ZC_RANGE], 1u << ZK_RANGE_LOG, 1) ||
        gl_matrix_alloc(&w->tr[ZC_BYTES], 1u << 16, 1) || gl_matrix_alloc(&w->tr[ZC_POW], 32, 1))
        return uvm_errf(err, "zkvm: out of memory for the program/range traces");
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
    int rs2 = !zk_chips[ch].no_rs2; /* without rs2: pr->rs2 is x0 (zk_decode), v2 = 0 */
    int rd = !zk_chips[ch].no_rd;   /* without rd: pr->rd is the sink (zk_decode) */
    row[C_PC] = pr->pc, row[C_TS] = x->ts, row[C_RS1] = pr->rs1;
    row[C_IMM] = pr->imm, row[C_NPC] = pr->npc;
    if (rs2)
        row[zk_col(ch, C_RS2)] = pr->rs2;
    row[zk_base(ch) + pr->op - zk_chips[ch].first_op] = 1;
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
    if (zk_fill_op(x, ch, pr, v1, v2, next, &vd, err))
        return -1;
    if (fol && want && pr->rd != ZK_SINK)
        vd = *want;
    if (!rd)
        return pr->rd == ZK_SINK ? 0 : uvm_errf(err, "zkvm: pc 0x%08x: %s row writes x%u (bug)",
                                                 pr->pc, zk_chips[ch].name, pr->rd);
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
                 .sh.prior = prior, .io = &io};
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
    if (rc == 0)
        zk_keccak_pad(&w->tr[ZC_KECCAK], x.n_keccak);
    if (rc == 0)
        zk_sha_pad(&w->tr[ZC_SHA], x.n_sha);
    if (rc == 0)
        rc = zk_memset_finish(&x, &w->tr[ZC_MEMSET], &w->rows[ZC_MEMSET],
                              zk_prog_uses(prog, n_prog, ZK_MEMSET), err);
    if (rc == 0)
        rc = zk_memcpy_finish(&x, &w->tr[ZC_MEMCPY], &w->rows[ZC_MEMCPY],
                              zk_memcpy_present(prog, n_prog), err);
    if (rc == 0)
        rc = finish_memory(&x, w, err);
    if (rc == 0)
        rc = zk_io_finish(&io, &w->tr[ZC_IO], &w->rows[ZC_IO], err);
    free(io.rows);
    w->brk = io.brk, w->n_brk = io.n_brk;
    if (rc == 0)
        rc = count_ranges(w, err);
    if (rc == 0)
        rc = merge_tables(w, err);
    free(x.sh.t);
    free(x.memset_rows.data);
    free(x.memcpy_rows.data);
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
