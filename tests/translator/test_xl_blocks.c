/* test_xl_blocks.c — the translator's block pieces on hand-built programs:
 * the candidates (leaders, transfers, syscalls, the 32-step cut), the block
 * cost model against a hand count, and applying a list (the head becomes
 * BLOCK, the steps land in the table, errors name file and line). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blocks.h"

#define CODE 0x10000u
#define MAXS 64

typedef struct prog {
    uisa_program p;
    uisa_uop slots[MAXS];
    uint32_t raw[MAXS];
} prog;

static void emit(prog *g, uisa_uop u)
{
    u.len = 4, u.ninsn = 1;
    g->raw[g->p.n_slots] = 0x13;
    g->slots[g->p.n_slots++] = u;
}

static uisa_uop addi(int rd, int rs1, int imm)
{
    return (uisa_uop){.op = UOP_ADDI, .rd = (uint8_t)rd, .rs1 = (uint8_t)rs1, .imm = imm};
}

static void init(prog *g)
{
    memset(g, 0, sizeof *g);
    g->p.code_base = g->p.entry = CODE;
    g->p.slot_shift = 2;
    g->p.slots = g->slots;
    g->p.raw = g->raw;
}

/* addi addi beq(+8) | addi | jal(+4) | addi addi ecall | addi addi */
static void branchy(prog *g)
{
    init(g);
    emit(g, addi(10, 10, 1));
    emit(g, addi(11, 11, 1));
    emit(g, (uisa_uop){.op = UOP_BEQ, .rs1 = 10, .rs2 = 11, .imm = 8});
    emit(g, addi(12, 12, 1));
    emit(g, (uisa_uop){.op = UOP_JAL, .imm = 4});
    emit(g, addi(13, 13, 1));
    emit(g, addi(14, 14, 1));
    emit(g, (uisa_uop){.op = UOP_ECALL});
    emit(g, addi(15, 15, 1));
    emit(g, addi(16, 16, 1));
}

static void test_candidates(void **state)
{
    (void)state;
    prog g;
    branchy(&g);
    xl_bb *bb;
    uint32_t n;
    uvm_err err = {{0}};
    assert_int_equal(xl_basic_blocks(&g.p, &bb, &n, &err), 0);
    /* [0..2] ends with its branch; 3 and 4 (the branch target) are one-instruction
     * runs; 5..6 stop before the ecall; 8..9 after it */
    assert_int_equal(n, 3);
    assert_int_equal(bb[0].slot, 0), assert_int_equal(bb[0].n, 3);
    assert_int_equal(bb[1].slot, 5), assert_int_equal(bb[1].n, 2);
    assert_int_equal(bb[2].slot, 8), assert_int_equal(bb[2].n, 2);
    free(bb);
    init(&g); /* a straight run of 40 is cut into 32 + 8 */
    for (int i = 0; i < 40; i++)
        emit(&g, addi(10, 10, i));
    assert_int_equal(xl_basic_blocks(&g.p, &bb, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(bb[0].n, 32), assert_int_equal(bb[1].slot, 32), assert_int_equal(bb[1].n, 8);
    free(bb);
}

static void test_cost_model(void **state)
{
    (void)state;
    xl_cost_facts f;
    memset(&f, 0, sizeof f);
    for (int i = 0; i < UOP_COUNT; i++)
        f.row_cols[i] = 10, f.arith_cols[i] = 2;
    f.read_cols = 4, f.write_cols = 5, f.chain_cols = 2;
    uisa_uop s[4] = {
        addi(10, 10, 1),                                              /* a0 read, then written */
        {.op = UOP_ADD, .rd = 11, .rs1 = 10, .rs2 = 12},              /* a2 live in */
        addi(10, 10, 2),                                              /* a0 again: step 0's is intermediate */
        {.op = UOP_SW, .rs1 = 2, .rs2 = 11},                          /* sp live in; a1 from step 1 */
    };
    xl_block_cost c;
    xl_block_cost_of(s, 4, &f, &c);
    assert_int_equal(c.base_cols, 40);
    assert_int_equal(c.reads, 2);  /* a2, sp */
    assert_int_equal(c.writes, 2); /* a0 (read and written: one access), a1 */
    assert_int_equal(c.inter, 1);  /* step 0's a0 */
    assert_int_equal(c.block_cols, 2 + 2 * 4 + 2 * 5 + 4 * 2 + 1);
}

static void test_apply(void **state)
{
    (void)state;
    prog g;
    branchy(&g);
    uisa_segment seg = {CODE, MAXS * 4, 0, UISA_SEG_R | UISA_SEG_X, NULL};
    g.p.segments = &seg, g.p.n_segments = 1;
    const char ok[] = "# two blocks, out of order\n0x00010020 2 anything here\n0x00010000 3\n";
    xl_block_list l;
    uvm_err err = {{0}};
    assert_int_equal(xl_block_list_parse(ok, sizeof ok - 1, "b.txt", &l, &err), 0);
    assert_int_equal(l.n, 2);
    assert_int_equal(xl_blocks_apply(&g.p, &l, "b.txt", &err), 0);
    assert_int_equal(uisa_blocks_check(&g.p, &err), 0);
    assert_int_equal(g.p.n_blocks, 2);
    assert_int_equal(g.p.blocks[0].pc, CODE);
    assert_int_equal(g.p.slots[0].op, UOP_BLOCK);
    assert_int_equal(g.p.slots[0].len, 12);
    assert_int_equal(g.p.blocks[0].steps[2].op, UOP_BEQ);
    assert_int_equal(g.p.slots[8].op, UOP_BLOCK);
    assert_int_equal(g.p.slots[8].imm, 1);
    for (uint32_t b = 0; b < g.p.n_blocks; b++)
        free(g.p.blocks[b].steps);
    free(g.p.blocks);
    xl_block_list_free(&l);
    static const struct { const char *text, *want; } bad[] = {
        {"0x00010004 2\n", "b.txt:1: pc 0x00010004 is not the start of a basic block"},
        {"\n0x00010000 4\n", "b.txt:2: block at pc 0x00010000 of 4 instructions runs past"},
        {"0x00020000 2\n", "b.txt:1: pc 0x00020000 is not in the code"},
        {"0x00010000 2\n0x00010000 3\n", "pc 0x00010000 is listed twice"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        branchy(&g);
        g.p.segments = &seg, g.p.n_segments = 1;
        assert_int_equal(xl_block_list_parse(bad[k].text, strlen(bad[k].text), "b.txt", &l, &err), 0);
        assert_int_not_equal(xl_blocks_apply(&g.p, &l, "b.txt", &err), 0);
        if (!strstr(err.msg, bad[k].want))
            fail_msg("\"%s\" does not say \"%s\"", err.msg, bad[k].want);
        for (uint32_t b = 0; b < g.p.n_blocks; b++)
            free(g.p.blocks[b].steps);
        free(g.p.blocks);
        xl_block_list_free(&l);
    }
    static const char *const garbage[] = {"hello world\n", "0x10000\n", "10000 2\n",
                                          "0x000100000 2\n", "0x00010000 -2\n", "0x00010000 1\n"};
    for (size_t k = 0; k < sizeof garbage / sizeof garbage[0]; k++) {
        assert_int_not_equal(xl_block_list_parse(garbage[k], strlen(garbage[k]), "b.txt", &l, &err), 0);
        assert_non_null(strstr(err.msg, "b.txt:1:"));
        assert_null(l.v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_candidates),
        cmocka_unit_test(test_cost_model),
        cmocka_unit_test(test_apply),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
