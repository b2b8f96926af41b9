/* test_zk_ops.c — the prover's canonical ops (zk_ops.h) against the uISA rows
 * (uisa/ops.def PROVER column): every row names an existing op (and decodes to
 * it) or the reason it is refused; every op belongs to an execution chip and is
 * named by a row or comes from the uop its FROM column names; every chip has an
 * op; the chip table's tables claim none; and for every fused row the prover's split (zk_fused_steps) is exactly the
 * pair the translator fuses into it (xl_fuse_pair): both come from its STEPS. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "fuse/fuse.h"
#include "chips/chip_fused.h"
#include "zk_lsx.h"

/* The FROM column of each op, as text ("ROW" or a uop name). */
static const char *const op_from[ZK_OP_COUNT] = {
#define FROM_(a, name, chip, from) [ZK_##name] = #from,
    ZK_OP_LIST(FROM_, 0)
#undef FROM_
};

static zk_op op_by_name(const char *name)
{
    for (unsigned o = 1; o < ZK_OP_COUNT; o++)
        if (!strcmp(zk_op_name((zk_op)o), name))
            return (zk_op)o;
    return ZK_NONE;
}

static int uop_by_name(const char *name)
{
    for (int i = 0; i < UOP_COUNT; i++)
        if (!strcmp(uisa_ops[i].name, name))
            return i;
    return -1;
}

/* A well-formed instance of row op (operands its format allows). */
static uisa_uop sample(int op)
{
    uisa_uop u = {.op = (uint8_t)op, .len = 4, .ninsn = uisa_ops[op].ninsn};
    switch (uisa_ops[op].fmt) {
    case FMT_R: case FMT_AMO: u.rd = 5, u.rs1 = 6, u.rs2 = 7; break;
    case FMT_I: u.rd = 5, u.rs1 = 6, u.imm = 3; break;
    case FMT_S: case FMT_B: u.rs1 = 6, u.rs2 = 7, u.imm = 8; break;
    case FMT_U: case FMT_J: u.rd = 5, u.imm = 4096; break;
    case FMT_AA: u.rd = 5, u.rs1 = 6, u.rd2 = 8, u.rs3 = 9, u.imm = 1;
        u.imm2 = UISA_FX_PACK(2, UOP_ADDI, UOP_ADDI); break;
    case FMT_AB: u.rd = 5, u.rs1 = 6, u.rs3 = 9, u.imm = 8; u.imm2 = UISA_FX_PACK(2, UOP_ADDI, 7); break;
    case FMT_II: u.rd = 5, u.rs1 = 6, u.rd2 = 8, u.rs3 = 9, u.imm = 4, u.imm2 = 1; break;
    case FMT_SI: u.rs1 = 6, u.rs2 = 7, u.rd2 = 8, u.rs3 = 9, u.imm = 4, u.imm2 = 1; break;
    default: break;
    }
    if (uisa_ops[op].tier == TIER_FUSED)
        u.len = 8;
    return u;
}

/* Every row: its named op exists in an execution chip and the row decodes to
 * it; a refused row is refused with its own reason; a fused row is provable. */
static void test_rows_name_ops(void **state)
{
    (void)state;
    for (int i = 0; i < UOP_COUNT; i++) {
        const uisa_op_info *in = &uisa_ops[i];
        uisa_uop u = sample(i);
        zk_prow r;
        const char *why = NULL;
        zk_op got = zk_decode(&u, 0x1000, &r, &why);
        if (in->prover) {
            zk_op op = op_by_name(in->prover);
            if (op == ZK_NONE)
                fail_msg("%s names prover op %s, which zk_ops.h does not list", in->name, in->prover);
            assert_true(zk_op_chip(op) < ZC_N_EXEC);
            if (got != op)
                fail_msg("%s decodes to %s, its row names %s", in->name,
                         got ? zk_op_name(got) : why, in->prover);
        } else if (in->unprovable) {
            assert_int_equal(got, ZK_NONE);
            assert_string_equal(why, in->unprovable);
        } else {
            assert_int_equal(in->tier, TIER_FUSED);
            if (got == ZK_NONE)
                fail_msg("fused %s: %s", in->name, why);
        }
    }
}

/* The ops a fused row decodes to over its control words (step ALU: every ALU
 * step), marked in seen[]. */
static void fused_ops(int row, uint8_t *seen)
{
    for (unsigned f = 0; f < UOP_COUNT; f++) {
        if (!UISA_FX_ALU_OK(f) && uisa_ops[row].step[0] == UOP_ALU)
            continue;
        uisa_uop u = sample(row);
        if (uisa_ops[row].fmt == FMT_AA)
            u.imm2 = UISA_FX_PACK(2, f, UOP_ADDI), u.imm = uisa_ops[f].fmt == FMT_R ? 0 : 1,
            u.rs2 = uisa_ops[f].fmt == FMT_R ? 7 : 0;
        else if (uisa_ops[row].fmt == FMT_AB)
            u.imm2 = UISA_FX_PACK(uisa_ops[f].fmt == FMT_R ? 0 : 2, f, 7),
            u.rs2 = uisa_ops[f].fmt == FMT_R ? 7 : 0;
        zk_prow r1, r2;
        const char *why;
        int n = zk_fused_decode(&u, 0x1000, &r1, &r2, &why);
        if (n >= 1)
            seen[r1.op] = 1;
        if (n == 2)
            seen[r2.op] = 1;
        if (uisa_ops[row].step[0] != UOP_ALU)
            break;
    }
}

/* Every op: one execution chip, a consistent selector, and a source: a row
 * that names it, or the uop of its FROM column producing it (fused chips: the
 * fused row decodes to it for some control word; lsx: the access of FROM's
 * op routed across a word). Every chip: at least one op. */
static void test_ops_have_rows(void **state)
{
    (void)state;
    unsigned n_of[ZC_N_EXEC] = {0};
    assert_int_equal(zk_op_chip(ZK_NONE), ZC_COUNT);
    assert_string_equal(zk_op_name(ZK_NONE), "NONE");
    for (unsigned o = 1; o < ZK_OP_COUNT; o++) {
        zk_op op = (zk_op)o;
        zk_chip c = zk_op_chip(op);
        assert_true(c < ZC_N_EXEC);
        assert_true(zk_op_sel(op) < zk_chips[c]->n_ops);
        assert_int_equal(zk_chip_op(c, zk_op_sel(op)), op);
        n_of[c]++;
        const char *from = op_from[o];
        if (!strcmp(from, "ROW")) {
            int named = 0;
            for (int i = 0; i < UOP_COUNT; i++)
                named |= uisa_ops[i].prover && !strcmp(uisa_ops[i].prover, zk_op_name(op));
            if (!named)
                fail_msg("op %s (chip %s) is named by no ops.def row", zk_op_name(op), zk_chips[c]->name);
            continue;
        }
        int u = uop_by_name(from);
        if (u < 0)
            fail_msg("op %s comes from %s, which is no ops.def row", zk_op_name(op), from);
        if (c == ZC_LSX) { /* FROM's access crossing a word moves its op here */
            assert_non_null(uisa_ops[u].prover);
            zk_prow pr = {.op = op_by_name(uisa_ops[u].prover)}, tmp;
            vm_trace_rec rec = {.maddr = 0x1003};
            assert_int_equal(zk_lsx_route(&pr, &rec, &tmp)->op, op);
            assert_int_equal(zk_lsx_prog_op[zk_op_sel(op)], pr.op); /* shown as FROM's op */
            continue;
        }
        assert_int_equal(uisa_ops[u].tier, TIER_FUSED);
        uint8_t seen[ZK_OP_COUNT] = {0};
        fused_ops(u, seen);
        if (!seen[o])
            fail_msg("op %s: no instance of %s decodes to it", zk_op_name(op), from);
    }
    for (unsigned c = 0; c < ZC_N_EXEC; c++) {
        if (!n_of[c])
            fail_msg("chip %s has no op", zk_chips[c]->name);
        assert_int_equal(n_of[c], zk_chips[c]->n_ops);
    }
}

/* The chip table (chips/chips.c): a descriptor per chip of the system, each
 * with its own name; an execution chip proves ops (its selectors, counted
 * above) and has a row filler or is fused; a table (program, range, ...,
 * io) claims no op, so no PROG tuple can select it, and says how its trace
 * is sized; a chip that can be built has a builder, and an absent chip is a
 * one-column stub. */
static void test_chip_table(void **state)
{
    (void)state;
    zk_prow none = {0};
    for (unsigned c = 0; c < ZC_COUNT; c++) {
        const zk_chip_desc *d = zk_chips[c];
        assert_non_null(d);
        assert_non_null(d->name);
        for (unsigned k = 0; k < c; k++)
            if (!strcmp(zk_chips[k]->name, d->name))
                fail_msg("chips %u and %u are both named %s", k, c, d->name);
        int present = zk_chip_present((zk_chip)c, &none, 1);
        if (present && !d->build)
            fail_msg("chip %s is built but has no builder", d->name);
        if (!present)
            assert_int_equal(zk_chip_main_cols((zk_chip)c, &none, 1), 1);
        if (c < ZC_N_EXEC) {
            if (d->n_main || d->n_fixed || d->alloc || d->finish || d->main_cols)
                fail_msg("execution chip %s has table fields", d->name);
            assert_int_equal(zk_fused_chip((zk_chip)c), d->fill == NULL);
            continue;
        }
        if (d->n_ops || d->fill || d->r16 || d->pad)
            fail_msg("table %s claims ops or execution rows", d->name);
        if (!d->n_main)
            fail_msg("table %s has no main column", d->name);
    }
}

/* Base uop op with sample operands, for fusion. */
static uisa_uop base(unsigned op, int second)
{
    uisa_uop u = {.op = (uint8_t)op, .len = 4, .ninsn = 1};
    uint8_t rd = second ? 8 : 5, rs1 = second ? 9 : 6, rs2 = second ? 10 : 7;
    switch (uisa_ops[op].fmt) {
    case FMT_R: u.rd = rd, u.rs1 = rs1, u.rs2 = rs2; break;
    case FMT_I:
        u.rd = rd, u.rs1 = rs1;
        u.imm = uisa_ops[op].cls == CLASS_SHIFT ? 3 : second ? -100 : 12;
        break;
    case FMT_S: u.rs1 = rs1, u.rs2 = rs2, u.imm = -12; break;
    case FMT_B: u.rs1 = rs1, u.rs2 = rs2, u.imm = 16; break;
    default: break;
    }
    return u;
}

/* The translator's rule and the prover's split agree on every fused row: each
 * pair of its steps (every ALU step for step ALU) fuses into it, and the
 * prover splits the result back into that pair (a branch re-based to the
 * fused pc: its offset grows by the first step's length). */
static void test_split_is_fusion_inverse(void **state)
{
    (void)state;
    uisa_uop code[64];
    memset(code, 0, sizeof code);
    uisa_program p = {.code_base = 0x1000, .slot_shift = 2, .n_slots = 64, .slots = code};
    int rows = 0;
    for (int row = 0; row < UOP_COUNT; row++) {
        if (uisa_ops[row].tier != TIER_FUSED)
            continue;
        rows++;
        int pairs = 0;
        for (unsigned f1 = 0; f1 < UOP_COUNT; f1++)
            for (unsigned f2 = 0; f2 < UOP_COUNT; f2++) {
                unsigned s1 = uisa_ops[row].step[0], s2 = uisa_ops[row].step[1];
                if ((s1 == UOP_ALU ? !UISA_FX_ALU_OK(f1) : f1 != s1) ||
                    (s2 == UOP_ALU ? !UISA_FX_ALU_OK(f2) : f2 != s2))
                    continue;
                uisa_uop a = base(f1, 0), b = base(f2, 1), f, g1, g2;
                if (!xl_fuse_pair(&p, 0x1000, &a, &b, &f))
                    fail_msg("%s; %s does not fuse into %s", uisa_ops[f1].name, uisa_ops[f2].name,
                             uisa_ops[row].name);
                if (f.op != row)
                    fail_msg("%s; %s fuses into %s, not %s", uisa_ops[f1].name, uisa_ops[f2].name,
                             uisa_ops[f.op].name, uisa_ops[row].name);
                assert_int_equal(zk_fused_steps(&f, &g1, &g2), 0);
                if (uisa_ops[f2].fmt == FMT_B)
                    b.imm += a.len;
                if (memcmp(&g1, &a, sizeof a) || memcmp(&g2, &b, sizeof b))
                    fail_msg("%s: the split of %s; %s differs from the pair", uisa_ops[row].name,
                             uisa_ops[f1].name, uisa_ops[f2].name);
                pairs++;
            }
        assert_true(pairs > 0);
    }
    assert_int_equal(rows, 12);
    /* a pair no row names does not fuse */
    uisa_uop a = base(UOP_LH, 0), b = base(UOP_ADDI, 1), f;
    assert_int_equal(xl_fuse_pair(&p, 0x1000, &a, &b, &f), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_name_ops),
        cmocka_unit_test(test_ops_have_rows),
        cmocka_unit_test(test_chip_table),
        cmocka_unit_test(test_split_is_fusion_inverse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
