/* test_xl_tables.c — the decoder table (rv32.def) is well formed: masks
 * cover matches, lengths fit the low bits, every row maps to a base uop of a
 * compatible format, no row is shadowed by an earlier one; plus known
 * answers written from the RISC-V spec's encodings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "rv32.h"

/* The uop format each decoder format must produce. */
static int fmt_ok(xl_fmt f, uisa_format uf)
{
    switch (f) {
    case XF_R: case XF_CA: case XF_CMV: case XF_CADD: return uf == FMT_R;
    case XF_I: case XF_SH: case XF_CIW: case XF_CLW: case XF_CLWSP: case XF_CADDI: case XF_CLI:
    case XF_C16SP: case XF_CSHR: case XF_CANDI: case XF_CSLLI: case XF_CJR: case XF_CJALR:
        return uf == FMT_I;
    case XF_S: case XF_CSW: case XF_CSWSP: return uf == FMT_S;
    case XF_B: case XF_CBZ: return uf == FMT_B;
    case XF_U: case XF_CLUI: return uf == FMT_U;
    case XF_J: case XF_CJ: case XF_CJAL: return uf == FMT_J;
    case XF_AMO: case XF_LR: return uf == FMT_AMO;
    case XF_N: case XF_CN: return uf == FMT_NONE;
    case XF_XU: return uf == FMT_TRAP;
    }
    return 0;
}

static void test_rows_well_formed(void **state)
{
    (void)state;
    assert_true(xl_nrows > 100);
    for (size_t i = 0; i < xl_nrows; i++) {
        const xl_row *r = &xl_rows[i];
        assert_non_null(r->name);
        assert_non_null(r->ext);
        assert_int_equal(r->match & ~r->mask, 0);
        assert_true(r->uop < UOP_COUNT);
        assert_int_equal(uisa_ops[r->uop].tier, TIER_BASE);
        if (!fmt_ok(r->fmt, uisa_ops[r->uop].fmt))
            fail_msg("row %s: format does not fit uop %s", r->name, uisa_ops[r->uop].name);
        assert_true((r->mask & 3) == 3);
        if (r->bits == 32) {
            assert_int_equal(r->match & 3, 3);
        } else {
            assert_int_equal(r->bits, 16);
            assert_int_not_equal(r->match & 3, 3);
            assert_int_equal(r->mask >> 16, 0);
            assert_int_equal(strncmp(r->name, "c.", 2), 0);
        }
        /* shadowed: an earlier row matching everything this row matches */
        for (size_t j = 0; j < i; j++) {
            const xl_row *e = &xl_rows[j];
            if (e->bits == r->bits && (e->mask & ~r->mask) == 0 && (r->match & e->mask) == e->match)
                fail_msg("row %s is shadowed by row %s", r->name, e->name);
        }
        /* the row's own match decodes to the row (or a reserved case of it) */
        xl_insn in;
        xl_decode(r->match, &in);
        assert_int_equal(in.len, r->bits / 8);
        assert_true(in.row == (int)i || in.status == XL_ILLEGAL || xl_rows[in.row].mask != r->mask);
    }
}

/* Every base uop but TRAP is reached by some row (RV32IMA is complete). */
static void test_every_base_uop_decodable(void **state)
{
    (void)state;
    for (int op = 0; op < UOP_COUNT; op++) {
        if (uisa_ops[op].tier != TIER_BASE)
            continue;
        int found = 0;
        for (size_t i = 0; i < xl_nrows; i++)
            found |= xl_rows[i].uop == op;
        if (!found)
            fail_msg("no decoder row produces %s", uisa_ops[op].name);
    }
}

typedef struct ka {
    uint32_t word;
    xl_status st;
    uint8_t op, rd, rs1, rs2, len;
    int32_t imm;
} ka;

/* Encodings assembled by hand from the spec's bit layouts. */
static const ka known[] = {
    {0x00a00513, XL_OK, UOP_ADDI, 10, 0, 0, 4, 10},            /* addi a0, zero, 10 */
    {0xfff00093, XL_OK, UOP_ADDI, 1, 0, 0, 4, -1},             /* addi ra, zero, -1 */
    {0x80000013, XL_OK, UOP_ADDI, 0, 0, 0, 4, -2048},
    {0x123452b7, XL_OK, UOP_LUI, 5, 0, 0, 4, 0x12345000},
    {0xfffff517, XL_OK, UOP_AUIPC, 10, 0, 0, 4, (int32_t)0xfffff000},
    {0x800000ef, XL_OK, UOP_JAL, 1, 0, 0, 4, -1048576},        /* jal ra, -2^20 */
    {0x7ffff06f, XL_OK, UOP_JAL, 0, 0, 0, 4, 1048574},
    {0xfe000ee3, XL_OK, UOP_BEQ, 0, 0, 0, 4, -4},
    {0x80000063, XL_OK, UOP_BEQ, 0, 0, 0, 4, -4096},
    {0x7e0f9fe3, XL_OK, UOP_BNE, 0, 31, 0, 4, 4094},
    {0xffc12503, XL_OK, UOP_LW, 10, 2, 0, 4, -4},
    {0x80b02023, XL_OK, UOP_SW, 0, 0, 11, 4, -2048},
    {0x41f55513, XL_OK, UOP_SRAI, 10, 10, 0, 4, 31},
    {0x02b50533, XL_OK, UOP_MUL, 10, 10, 11, 4, 0},
    {0x1005a52f, XL_OK, UOP_LR_W, 10, 11, 0, 4, 0},            /* lr.w a0, (a1) */
    {0x1ec5a52f, XL_OK, UOP_SC_W, 10, 11, 12, 4, 0},           /* sc.w.aqrl a0, a2, (a1) */
    {0x0000100f, XL_OK, UOP_FENCE, 0, 0, 0, 4, 0},             /* fence.i */
    {0x00000073, XL_OK, UOP_ECALL, 0, 0, 0, 4, 0},
    {0x00100073, XL_OK, UOP_EBREAK, 0, 0, 0, 4, 0},
    {0x00002007, XL_UNSUPPORTED, 0, 0, 0, 0, 4, 0},            /* flw */
    {0xc0002573, XL_UNSUPPORTED, 0, 0, 0, 0, 4, 0},            /* csrrs (rdcycle) */
    {0x02051513, XL_ILLEGAL, 0, 0, 0, 0, 4, 0},                /* slli shamt 32: RV64 only */
    {0x0000c5af, XL_ILLEGAL, 0, 0, 0, 0, 4, 0},
    {0xffffffff, XL_ILLEGAL, 0, 0, 0, 0, 4, 0},
    {0x4505, XL_OK, UOP_ADDI, 10, 0, 0, 2, 1},                 /* c.li a0, 1 */
    {0x7179, XL_OK, UOP_ADDI, 2, 2, 0, 2, -48},                /* c.addi16sp sp, -48 */
    {0x1c2c, XL_OK, UOP_ADDI, 11, 2, 0, 2, 568},               /* c.addi4spn a1, sp, 568 */
    {0x72fd, XL_OK, UOP_LUI, 5, 0, 0, 2, (int32_t)0xfffff000}, /* c.lui t0, 0xfffff */
    {0x8082, XL_OK, UOP_JALR, 0, 1, 0, 2, 0},                  /* c.jr ra (ret) */
    {0x9582, XL_OK, UOP_JALR, 1, 11, 0, 2, 0},                 /* c.jalr a1 */
    {0x9002, XL_OK, UOP_EBREAK, 0, 0, 0, 2, 0},
    {0x84aa, XL_OK, UOP_ADD, 9, 0, 10, 2, 0},                  /* c.mv s1, a0 */
    {0x8d05, XL_OK, UOP_SUB, 10, 10, 9, 2, 0},                 /* c.sub a0, s1 */
    {0xd49d, XL_OK, UOP_BEQ, 0, 9, 0, 2, -210},                /* c.beqz s1, -210 */
    {0x309d, XL_OK, UOP_JAL, 1, 0, 0, 2, -1946},               /* c.jal -1946 */
    {0x4f7e, XL_OK, UOP_LW, 30, 2, 0, 2, 220},                 /* c.lwsp t5, 220(sp) */
    {0xc006, XL_OK, UOP_SW, 0, 2, 1, 2, 0},                    /* c.swsp ra, 0(sp) */
    {0x4005, XL_OK, UOP_ADDI, 0, 0, 0, 2, 1},                  /* c.li x0, 1: HINT */
    {0x0001, XL_OK, UOP_ADDI, 0, 0, 0, 2, 0},                  /* c.nop */
    {0x0000, XL_ILLEGAL, 0, 0, 0, 0, 2, 0},                    /* defined illegal */
    {0x6101, XL_ILLEGAL, 0, 0, 0, 0, 2, 0},                    /* c.addi16sp 0: reserved */
    {0x6081, XL_ILLEGAL, 0, 0, 0, 0, 2, 0},                    /* c.lui ra, 0: reserved */
    {0x4002, XL_ILLEGAL, 0, 0, 0, 0, 2, 0},                    /* c.lwsp x0: reserved */
    {0x8002, XL_ILLEGAL, 0, 0, 0, 0, 2, 0},                    /* c.jr x0: reserved */
    {0x1082, XL_ILLEGAL, 0, 0, 0, 0, 2, 0},                    /* c.slli shamt[5]: RV64 */
    {0x9c01, XL_ILLEGAL, 0, 0, 0, 0, 2, 0},                    /* c.subw: RV64 */
    {0x2000, XL_UNSUPPORTED, 0, 0, 0, 0, 2, 0},                /* c.fld */
};

static void test_known_answers(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        const ka *k = &known[i];
        xl_insn in;
        xl_decode(k->word, &in);
        if (in.status != k->st)
            fail_msg("0x%08x: status %d, expected %d", k->word, in.status, k->st);
        assert_int_equal(in.len, k->len);
        if (k->st != XL_OK)
            continue;
        if (in.u.op != k->op || in.u.rd != k->rd || in.u.rs1 != k->rs1 || in.u.rs2 != k->rs2 ||
            in.u.imm != k->imm)
            fail_msg("0x%08x: got %s rd %u rs1 %u rs2 %u imm %d", k->word, uisa_ops[in.u.op].name,
                     in.u.rd, in.u.rs1, in.u.rs2, in.u.imm);
        assert_int_equal(in.u.len, k->len);
        assert_int_equal(in.u.ninsn, 1);
        assert_int_equal(in.u.imm2, 0);
    }
}

/* Every decoded word obeys its uop format: a quick structural sweep over all
 * compressed words and a strided sample of 32-bit ones. */
static void test_decoded_fields_in_range(void **state)
{
    (void)state;
    for (uint64_t w = 0; w < 0x100000000ull; w += (w & 3) == 3 ? 65521 : 1) {
        if (w >= 0x10000 && (w & 3) != 3)
            w = (w | 3);
        xl_insn in;
        xl_decode((uint32_t)w, &in);
        if (in.status != XL_OK)
            continue;
        const uisa_uop *u = &in.u;
        assert_true(u->op < UOP_COUNT && u->rd < 32 && u->rs1 < 32 && u->rs2 < 32);
        uisa_format f = uisa_ops[u->op].fmt;
        if (f == FMT_S || f == FMT_B || f == FMT_NONE)
            assert_int_equal(u->rd, 0);
        if (f == FMT_U || f == FMT_J || f == FMT_NONE)
            assert_int_equal(u->rs1, 0);
        if (f == FMT_I || f == FMT_U || f == FMT_J || f == FMT_NONE)
            assert_int_equal(u->rs2, 0);
        if (f == FMT_R || f == FMT_AMO || f == FMT_NONE)
            assert_int_equal(u->imm, 0);
        if (f == FMT_B || f == FMT_J)
            assert_int_equal(u->imm & 1, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_well_formed),
        cmocka_unit_test(test_every_base_uop_decodable),
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_decoded_fields_in_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
