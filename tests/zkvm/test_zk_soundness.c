/* test_zk_soundness.c — the verifier must reject every mutated witness
 * (each column of a real row of each chip, memory values, the range and
 * program multiplicities), a wrong claimed exit code, wrong initial memory
 * or touched set, a proof checked against another program, and tampered or
 * truncated proof files. Proofs are made with the prover's self-checks off,
 * so only the verifier stands between a mutant and acceptance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "zk_int.h"
#include "chips/chip_memcpy.h"
#include "chips/chip_mul256.h"
#include "chips/chip_keccak.h"
#include "chips/chip_memset.h"
#include "zk_file.h"
#include "zkt.h"
#include "zkt_copy.h"
#include "zkt_native.h"
#include "zkt_mem.h"
#include "zkt_sha.h"
#include "chips/chip_sha256.h"
#include "zk_wit.h"
#include "chips/zk_alu.h" /* the branch chip's columns */

typedef struct mut {
    int kind;          /* 0 trace cell, 1 exit code, 2 touched key, 3 move a program row's
                          multiplicity (row) to another program row (col) */
    unsigned chip, row, col;
    int skipped;       /* the chosen cell is legitimately free: not a mutant */
    uint64_t add;      /* kind 0: added to the cell (0: add 1) */
} mut;

static void mutate(void *ctx, gl_matrix *tr, uint32_t *exit_code, uint8_t *output,
                   size_t output_len, uint64_t *keys, uint32_t *init, uint64_t n_touched)
{
    mut *m = ctx;
    (void)output, (void)output_len, (void)init;
    switch (m->kind) {
    case 0: {
        gl_matrix *t = &tr[m->chip];
        gl_t *row = &t->data[(size_t)m->row * t->cols];
        /* a branch on equal operands may carry any inverse: not a mutant */
        if (m->chip == ZC_BRANCH && m->col == zk_spec(ZC_BRANCH, BR_INV) &&
            row[zk_spec(ZC_BRANCH, BR_ISZ)] == 1) {
            m->skipped = 1;
            return;
        }
        row[m->col] = gl_add(row[m->col], m->add ? m->add : 1);
        break;
    }
    case 1: *exit_code ^= 1; break;
    case 3:
        tr[ZC_PROG].data[m->row] = gl_sub(tr[ZC_PROG].data[m->row], 1);
        tr[ZC_PROG].data[m->col] = gl_add(tr[ZC_PROG].data[m->col], 1);
        break;
    default: keys[m->row % n_touched] += 4; break;
    }
}

/* Proves t with mutation m; returns 1 if the verifier rejected (or the
 * mutant could not even be proved). */
static int rejected(vmt *t, mut *m)
{
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    o.mutate = mutate;
    o.mutate_ctx = m;
    return zkt_rejected(t, &o);
}

/* Whether column col of chip c is mutated. UVM_ZK_SOUND_FULL=1 mutates every
 * column (minutes of CPU). By default the columns are sampled so the suite
 * stays fast while every mutation class is kept: the shared columns (built
 * by one function for every chip) are spread over the chips so that the pc,
 * ts, every program field, every register value, each access's prev_ts and a
 * limb of each access are each hit once (store and branch have no rd group:
 * their rs2 group starts at C_RD, zk_col); each chip also mutates its first
 * selector and the chip-specific columns j = c (mod 6) (at least one). */
static const uint8_t shared_cols[ZC_N_EXEC][2] = {
    [ZC_ADD] = {C_PC, C_VD},    [ZC_ADDI] = {C_RD, C_L1B},   [ZC_BRANCH] = {C_TS, C_NPC}, [ZC_LT] = {C_RS1, C_V2},
    [ZC_LOGIC] = {C_IMM, C_L1A}, [ZC_SHIFT] = {C_RS2, C_T1},  [ZC_JUMP] = {C_NPC, C_VD},
    [ZC_LOAD] = {C_RD, C_L3B},   [ZC_STORE] = {C_V1, C_T2 - ZK_RD_W},  [ZC_SYS] = {C_V1, C_TDO},
    [ZC_KECCAK_IO] = {C_VDO, C_V1},
    [ZC_MUL] = {C_V2, C_L2B},   [ZC_MULH] = {C_VD, C_T1},   [ZC_DIV] = {C_V1, C_L3A},
    [ZC_FBR] = {C_T2, C_RD},     [ZC_FST] = {C_VD, C_L3A},    [ZC_FAA] = {C_RS2, C_TDO},
    [ZC_MEMSET_IO] = {C_RS1, C_T2},   [ZC_SHA_IO] = {C_RS2, C_V2}, [ZC_MEMCPY_IO] = {C_V2, C_L1B},
    [ZC_LSX] = {C_IMM, C_L2A},  [ZC_AMO] = {C_RD, C_T2},
    [ZC_MUL256_IO] = {C_RS1, C_V1},
};
/* keccak table (2349 columns): a bit of each kind, both halves, iota, ts, real */
static int sampled_keccak(unsigned col)
{
    static const unsigned pick[] = {KP_AP(3, 2, 17), KP_C(1, 40), KP_CP(4, 63), KP_A(7, 1),
                                    KP_AO(24, 1), KP_D(6), KP_TS, KP_REAL};
    for (unsigned i = 0; i < sizeof pick / sizeof pick[0]; i++)
        if (col == pick[i])
            return 1;
    return 0;
}
/* sha table: bits of a, e and the schedule, a window word, a bitwise word,
 * a new word, a carry, real */
static int sampled_sha(unsigned col)
{
    static const unsigned pick[] = {SP_A(3), SP_E(20), SP_Q(9), SP_X(15), SP_MAJ, SP_EN, SP_CA,
                                    SP_REAL};
    for (unsigned i = 0; i < sizeof pick / sizeof pick[0]; i++)
        if (col == pick[i])
            return 1;
    return 0;
}
static int sampled(unsigned c, unsigned col)
{
    static int full = -1;
    if (full < 0) {
        const char *e = getenv("UVM_ZK_SOUND_FULL");
        full = e && *e == '1';
    }
    if (full)
        return 1;
    if (c == ZC_KECCAK)
        return sampled_keccak(col);
    if (c == ZC_SHA)
        return sampled_sha(col);
    if (c == ZC_MEMSET) /* real, a, s1, l1, dh, e1, b2, pt, lb... */
        return col % 3 == 0 || col == MW_A;
    if (c == ZC_MEMCPY) /* real, r, w2, l1, e0, p2, q1, b0, new, dt... */
        return col % 3 == 0 || col == CW_SA || col == CW_P0 + 1;
    if (c >= ZC_N_EXEC)
        return 1;
    if (col < zk_base((zk_chip)c))
        return col == shared_cols[c][0] || col == shared_cols[c][1];
    if (col == zk_base((zk_chip)c))
        return 1;
    unsigned first = zk_spec((zk_chip)c, 0), n = zk_chips[c]->n_spec;
    if (col < first || !n)
        return 0;
    unsigned j = col - first;
    if (c == ZC_MUL256_IO) /* ra split, a limb/ts of x and y words, old/Z of outputs, carries */
        return j % 19 == 0 || j == M2_QH || j == M2_C0 + 61;
    if (c == ZC_SHA_IO) { /* ra split and access; state word 5: old, new, F, carry; block 9 */
        static const unsigned pick[] = {SIO_RB0, SIO_TRA, SIO_SW0 + 5 * SIO_PER_S + SS_OLD,
                                        SIO_SW0 + 5 * SIO_PER_S + SS_NL,
                                        SIO_SW0 + 5 * SIO_PER_S + SS_F,
                                        SIO_SW0 + 5 * SIO_PER_S + SS_C0 + 1,
                                        SIO_BW0 + 9 * SIO_PER_B + SB_T,
                                        SIO_BW0 + 9 * SIO_PER_B + SB_B0 + 2};
        for (unsigned i = 0; i < sizeof pick / sizeof pick[0]; i++)
            if (j == pick[i])
                return 1;
        return 0;
    }
    if (n > 60) /* keccak_io: b0 and every kind of its per-word columns */
        return j % 62 == 3 || j < 3; /* the ra split; words 0, 12, 24, 37, 49: each kind */
    return n <= 6 ? j == c % n : j % 6 == c % 6;
}

/* Mutates one cell of a real row (rows fill first, so row rows/2 is real) in
 * the sampled columns of the chips in `chips` (a bitmask), the multiplicity
 * of the preprocessed chips among them, and, when `stmt`, the statement
 * (exit code, a touched key). Each mutant is a full proof: keep it small. */
static void every_cell(vmt *t, uint64_t chips, int stmt)
{
    vmt_finish(t);
    zk_report rep;
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    uint8_t *proof = NULL;
    size_t len = 0;
    uvm_err err = {{0}};
    assert_int_equal(zk_prove(&t->p, &o, &proof, &len, &rep, &err), 0);
    free(proof);
    int tried = 0;
    for (unsigned c = 0; c < ZC_COUNT; c++) {
        if ((c == ZC_PROG || c == ZC_RANGE || c == ZC_BYTES || c == ZC_POW) &&
            (chips >> c & 1)) {
            /* multiplicity of the entry slot / range value 0 / (0, 0, 0) / 2^0;
             * the bytes table is range16's column 1, its own chip a stub */
            mut m = {0, c == ZC_BYTES ? ZC_RANGE : c, 0, c == ZC_BYTES, 0, 0};
            assert_true(rejected(t, &m));
            if (c == ZC_BYTES) {
                mut st = {0, ZC_BYTES, 3, 0, 0, 0};
                assert_true(rejected(t, &st));
            }
            tried++;
            continue;
        }
        if (!rep.rows[c] || !(chips >> c & 1))
            continue;
        unsigned ncols = c == ZC_FINAL ? 4 : c == ZC_KECCAK ? KP_N : c == ZC_MEMSET ? MW_N
                         : c == ZC_SHA ? SP_N : c == ZC_MEMCPY ? CW_N : zk_ncols((zk_chip)c);
        for (unsigned col = 0; col < ncols; col++) {
            if (!sampled(c, col))
                continue;
            mut m = {0, c, (unsigned)(rep.rows[c] / 2), col, 0, 0};
            int r = rejected(t, &m);
            if (m.skipped)
                continue;
            if (!r)
                fail_msg("mutant accepted: chip %s row %u column %u", rep.chip_name[c], m.row,
                         col);
            tried++;
        }
    }
    assert_true(tried >= 4);
    for (int kind = 1; stmt && kind <= 2; kind++) {
        mut m = {kind, 0, 3, 0, 0, 0};
        if (!rejected(t, &m))
            fail_msg("statement mutant %d accepted", kind);
    }
    zk_report_free(&rep);
    vmt_free(t);
}

static void test_cells_sum(void **s)
{
    (void)s;
    every_cell(zkt_sum(), 1u << ZC_ADD | 1u << ZC_ADDI | 1u << ZC_JUMP | 1u << ZC_LOAD | 1u << ZC_STORE |
               1u << ZC_SYS | 1u << ZC_FINAL | 1u << ZC_PROG | 1u << ZC_RANGE, 1);
}
static void test_cells_bytes(void **s)
{
    (void)s;
    every_cell(zkt_bytes(), 1u << ZC_LOAD | 1u << ZC_STORE | 1u << ZC_BYTES, 0);
}
/* halfword rows (chip_load.c, chip_store.c): the mutated row is an SH at lane
 * 1 and an LH at lane 2 */
static void test_cells_half(void **s)
{
    (void)s;
    static const zkt_mop m[] = {{UOP_SH, -3, 0x8001f00du}, {UOP_LHU, -3, 0}, {UOP_LH, -2, 0},
                                {UOP_LH, -3, 0}};
    uint32_t want;
    every_cell(zkt_mem_prog(m, 4, &want), 1u << ZC_LOAD | 1u << ZC_STORE, 0);
}
static void test_cells_branches(void **s) { (void)s; every_cell(zkt_branches(), 1u << ZC_BRANCH, 0); }
static void test_cells_lt(void **s) { (void)s; every_cell(zkt_lt(), 1u << ZC_LT, 0); }
static void test_cells_shift(void **s)
{
    (void)s;
    every_cell(zkt_shift(), 1u << ZC_SHIFT | 1u << ZC_POW, 0);
}
static void test_cells_logic(void **s)
{
    (void)s;
    every_cell(zkt_logic(), 1u << ZC_LOGIC | 1u << ZC_BYTES, 0);
}

/* KECCAK_F1600: the uop row and the permutation table; also the bus rows of
 * the table (first round's input, last round's output) and the padding
 * permutation's first row. */
static void test_cells_keccak(void **s)
{
    (void)s;
    every_cell(zkt_keccak(1, 8), 1u << ZC_KECCAK_IO | 1u << ZC_KECCAK, 0);
    static const unsigned extra[][2] = {{0, KP_A(0, 0)}, {23, KP_AO(3, 0)}, {24, KP_REAL}};
    for (unsigned i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        vmt *t = zkt_keccak(2, 8);
        vmt_finish(t);
        mut m = {0, ZC_KECCAK, extra[i][0], extra[i][1], 0, 0};
        if (!rejected(t, &m))
            fail_msg("keccak mutant accepted: row %u column %u", m.row, m.col);
        vmt_free(t);
    }
}

/* SHA256_COMPRESS: the uop row and the table's middle round, then the bus
 * rows (round 0's inputs, round 63's outputs and pinned carries) and round 62
 * (pinned schedule carry). */
static void test_cells_sha(void **s)
{
    (void)s;
    every_cell(zkt_sha(1, 0, 0), 1u << ZC_SHA_IO | 1u << ZC_SHA, 0);
    static const unsigned extra[][2] = {{0, SP_X(3)}, {63, SP_AN}, {62, SP_WC}};
    for (unsigned i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        vmt *t = zkt_sha(1, 0, 0);
        vmt_finish(t);
        mut m = {0, ZC_SHA, extra[i][0], extra[i][1], 0, 0};
        if (!rejected(t, &m))
            fail_msg("sha mutant accepted: row %u column %u", m.row, m.col);
        vmt_free(t);
    }
}

static void test_cells_fused(void **s)
{
    (void)s;
    every_cell(zkt_fused(), 1u << ZC_FBR | 1u << ZC_FST | 1u << ZC_FAA, 0);
}

/* MEMSET: the uop row and a word row (row 5: the first call's partial last word). */
static void test_cells_memset(void **s)
{
    (void)s;
    every_cell(zkt_memset(), 1u << ZC_MEMSET_IO | 1u << ZC_MEMSET, 0);
}

/* MEMCPY/MEMMOVE: the uop row (the second call: its first byte from the
 * word of s, read by the uop row) and a word row (row 3: the first call's
 * last word, whose first byte comes from the carry). */
static void test_cells_memcpy(void **s)
{
    (void)s;
    static const zkt_copy_call c[] = {{UOP_MEMMOVE, 3, 6, 13}, {UOP_MEMCPY, 69, 10, 6}};
    every_cell(zkt_copy(c, 2), 1ull << ZC_MEMCPY_IO | 1ull << ZC_MEMCPY, 0);
}

/* Mutates rows[0..n) of chip c: every column with UVM_ZK_SOUND_FULL=1. By
 * default (a few proofs): row i's chip-specific column (step*i mod n_spec),
 * and on row 0 the first selector and the chip's two sampled shared columns. */
static void rows_cells(vmt *t, zk_chip c, const unsigned *rows, unsigned n, unsigned step)
{
    vmt_finish(t);
    const char *e = getenv("UVM_ZK_SOUND_FULL");
    int full = e && *e == '1';
    for (unsigned i = 0; i < n; i++)
        for (unsigned col = 0; col < zk_ncols(c); col++) {
            int pick = col == zk_spec(c, step * i % zk_chips[c]->n_spec);
            if (i == 0)
                pick |= col == zk_base(c) || col == shared_cols[c][0] || col == shared_cols[c][1];
            mut m = {0, c, rows[i], col, 0, 0};
            if (!full && !pick)
                continue;
            if (!rejected(t, &m))
                fail_msg("mutant accepted: chip %s row %u column %u", zk_chips[c]->name,
                         rows[i], col);
        }
    vmt_free(t);
}

/* Word-crossing accesses (chip_lsx.c), rows in order: LW at lane 1, LW across
 * the page boundary (lane 3), LH and LHU at lane 3 (sign set / clear), SW at
 * lane 2, SH at lane 3. */
static void test_cells_lsx(void **s)
{
    (void)s;
    static const zkt_mop m[] = {{UOP_LW, 1, 0}, {UOP_LW, -1, 0}, {UOP_SH, 3, 0x1234f00du},
                                {UOP_LH, 3, 0}, {UOP_SW, 6, 0x8a7b6c5du}, {UOP_LHU, -1, 0},
                                {UOP_SH, -1, 0x5678}};
    static const unsigned rows[] = {0, 1, 2, 3, 4, 5, 6};
    uint32_t want;
    rows_cells(zkt_mem_prog(m, 7, &want), ZC_LSX, rows, 7, 4);
}

/* A word-crossing SW_ADDI runs as its alt split pair (zk_fused_route): the
 * lsx rows of the six crossing SW_ADDI (rows 0..5) mutated as test_cells_lsx;
 * the first one's lsx row sending pc + 4 (skipping its addi row, as if it were
 * the whole fused slot); its program multiplicity moved from the alt row to
 * the fused slot's fst row (the route the witness did not take). */
static void test_cells_fused_cross(void **s)
{
    (void)s;
    vmt *t = zkt_fused_cross(1);
    assert_non_null(t);
    vmt_finish(t);
    zk_prow *prog;
    uint32_t n_prog, slot = ~0u;
    uvm_err err = {{0}};
    assert_int_equal(zk_prog_build(&t->p, &prog, &n_prog, &err), 0);
    for (uint32_t i = 0; i < t->p.n_slots && slot == ~0u; i++)
        if (prog[i].alt)
            slot = i;
    assert_true(slot != ~0u && prog[slot].op == ZK_FST_SW && prog[prog[slot].alt].op == ZK_SW);
    mut mv = {3, ZC_PROG, prog[slot].alt, slot, 0, 0};
    assert_true(rejected(t, &mv));
    mut skip = {0, ZC_LSX, 0, C_NPC, 0, 3};
    assert_true(rejected(t, &skip));
    free(prog);
    static const unsigned rows[] = {0, 1, 2, 3, 4, 5};
    rows_cells(t, ZC_LSX, rows, 6, 5);
}

/* LR.W/SC.W/AMO*.W (chip_amo.c), one row each: LR, SC success, SC failure,
 * AMOADD with a carry, AMOMIN on negative values, then every other AMO. */
static void test_cells_amo(void **s)
{
    (void)s;
    static const struct { uisa_op op; uint32_t val; } a[] = {
        {UOP_LR_W, 0}, {UOP_SC_W, 0x87654321}, {UOP_SC_W, 5}, {UOP_AMOADD_W, 0x80000001},
        {UOP_AMOMIN_W, 0xfffffff0}, {UOP_AMOXOR_W, 0x0ff0f00f}, {UOP_AMOAND_W, 0xf0f0f0f0},
        {UOP_AMOOR_W, 0x01010101}, {UOP_AMOMAX_W, 0x7ffffff0}, {UOP_AMOMINU_W, 0x90000000},
        {UOP_AMOMAXU_W, 0xa0000000}, {UOP_AMOSWAP_W, 0x13572468}};
    vmt *t = vmt_new();
    vmt_li(t, X_T1, VMT_DATA + 8);
    for (unsigned i = 0; i < sizeof a / sizeof a[0]; i++) {
        vmt_li(t, X_T0, a[i].val);
        vmt_op(t, a[i].op, X_A0, X_T1, a[i].op == UOP_LR_W ? 0 : X_T0, 0);
    }
    vmt_exit(t, 0);
    static const unsigned rows[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    rows_cells(t, ZC_AMO, rows, 12, 3);
}

/* MUL256: the third call (row 2: the output over its own input a, read at
 * sub-step 1 and written at 3) */
static void test_cells_mul256(void **s)
{
    (void)s;
    every_cell(zkt_mul256(), 1u << ZC_MUL256_IO, 0);
}

static uint8_t *honest(vmt *t, size_t *len)
{
    vmt_finish(t);
    zk_prove_opts o = zk_prove_opts_default();
    o.params = zkt_params();
    uint8_t *proof = NULL;
    uvm_err err = {{0}};
    assert_int_equal(zk_prove(&t->p, &o, &proof, len, NULL, &err), 0);
    return proof;
}

static void test_files(void **s)
{
    (void)s;
    vmt *a = zkt_sum(), *b = zkt_sum();
    size_t len;
    uint8_t *proof = honest(a, &len);
    uvm_err err = {{0}};
    assert_int_equal(zk_verify(&a->p, proof, len, ZKT_MIN_SECURITY, NULL, &err), 0);
    /* B: the same code but for one immediate (same ELF hash: only the
     * recomputed program table can tell them apart) */
    b->slots[0].imm += 1;
    vmt_finish(b);
    assert_int_not_equal(zk_verify(&b->p, proof, len, ZKT_MIN_SECURITY, NULL, &err), 0);
    /* truncated, and single flipped bytes (file hash) */
    for (size_t cut = 0; cut < len; cut += len / 7 + 1)
        assert_int_not_equal(zk_verify(&a->p, proof, cut, ZKT_MIN_SECURITY, NULL, &err), 0);
    for (size_t pos = 0; pos < len; pos += len / 13 + 1) {
        proof[pos] ^= 0x10;
        assert_int_not_equal(zk_verify(&a->p, proof, len, ZKT_MIN_SECURITY, NULL, &err), 0);
        proof[pos] ^= 0x10;
    }
    /* flipped bytes inside the statement and the STARK body with the proof id
     * restamped (when the file still parses): the digest in the public inputs /
     * the STARK catch them */
    uint8_t id[32];
    memcpy(id, proof + len - 32, 32);
    for (size_t pos = 8 + 4 + 32; pos < len - 32; pos += (len - 76) / 11 + 1) {
        proof[pos] ^= 0x01;
        zk_file_content_id(proof, len, proof + len - 32, &err);
        if (!zk_verify(&a->p, proof, len, ZKT_MIN_SECURITY, NULL, &err))
            fail_msg("tampered byte %zu accepted", pos);
        proof[pos] ^= 0x01;
    }
    memcpy(proof + len - 32, id, 32);
    assert_int_equal(zk_verify(&a->p, proof, len, ZKT_MIN_SECURITY, NULL, &err), 0);
    /* a proof at test security is refused by the default policy */
    assert_int_not_equal(zk_verify(&a->p, proof, len, 0, NULL, &err), 0);
    free(proof);
    vmt_free(a);
    vmt_free(b);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]); /* e.g. "test_cells_lt" while developing */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_cells_sum),
        cmocka_unit_test(test_cells_branches),
        cmocka_unit_test(test_cells_bytes),
        cmocka_unit_test(test_cells_half),
        cmocka_unit_test(test_cells_lt),
        cmocka_unit_test(test_cells_logic),
        cmocka_unit_test(test_cells_fused),
        cmocka_unit_test(test_cells_shift),
        cmocka_unit_test(test_cells_keccak),
        cmocka_unit_test(test_cells_memset),
        cmocka_unit_test(test_cells_sha),
        cmocka_unit_test(test_cells_memcpy),
        cmocka_unit_test(test_cells_lsx),
        cmocka_unit_test(test_cells_fused_cross),
        cmocka_unit_test(test_cells_amo),
        cmocka_unit_test(test_cells_mul256),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
