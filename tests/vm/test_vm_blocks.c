/* test_vm_blocks.c — the VM runs a block exactly as its steps: the same
 * results, counts and faults as the program without the block (a fault in
 * step 3 of 5 stops at that step's pc with steps 1-2 retired), a jump into the
 * middle and a cycle limit inside a block behave as without it, and the trace
 * holds the same records plus a marker per whole block execution (none for a
 * block cut by a slice's end). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "trace.h"
#include "vmt.h"

/* A vmt program with its block table (the vmt has no room for one). */
typedef struct prog {
    vmt *t;
    uisa_block blocks[4];
    uisa_uop steps[4][UISA_BLOCK_MAX];
} prog;

/* Makes the n 4-byte instructions from pc a block: steps copied from the
 * slots, the head slot BLOCK, the raw words 4-byte ones (as a translator's). */
static void make_block(prog *g, uint32_t pc, uint32_t n)
{
    uisa_program *p = &g->t->p;
    uint32_t b = p->n_blocks++, i = (pc - p->code_base) >> 2;
    for (uint32_t k = 0; k < n; k++) {
        g->steps[b][k] = p->slots[i + k];
        g->t->raw[i + k] = 0x13;
    }
    g->blocks[b] = (uisa_block){pc, n, g->steps[b]};
    p->blocks = g->blocks;
    p->slots[i] = (uisa_uop){.op = UOP_BLOCK, .imm = (int32_t)b, .ninsn = (uint8_t)n,
                             .len = (uint8_t)(4 * n)};
}

/* A loop whose body (6 instructions, from *body) runs 3 times: a0 += 5, store
 * it, load it back, a0 += loaded, count down a2, branch back. */
static vmt *loop_program(uint32_t *body)
{
    vmt *t = vmt_new();
    vmt_li(t, X_A0, 1);
    vmt_li(t, X_A1, VMT_DATA);
    vmt_li(t, X_A2, 3);
    *body = vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 5);
    vmt_op(t, UOP_SW, 0, X_A1, X_A0, 0);
    vmt_op(t, UOP_LW, X_T0, X_A1, 0, 0);
    vmt_op(t, UOP_ADD, X_A0, X_A0, X_T0, 0);
    vmt_op(t, UOP_ADDI, X_A2, X_A2, 0, -1);
    vmt_op(t, UOP_BNE, 0, X_A2, X_ZERO, -20);
    vmt_op(t, UOP_ADDI, X_S2, X_A0, 0, 0);
    vmt_exit(t, 7);
    return t;
}

static void same_result(const vm_result *x, const vm_result *y)
{
    assert_int_equal(x->stop, y->stop);
    assert_int_equal(x->fault, y->fault);
    assert_int_equal(x->pc, y->pc);
    assert_int_equal(x->addr, y->addr);
    assert_string_equal(x->msg, y->msg);
    assert_int_equal(x->exit_code, y->exit_code);
    assert_int_equal(x->uops, y->uops);
    assert_int_equal(x->insns_retired, y->insns_retired);
    assert_memory_equal(x->regs, y->regs, sizeof x->regs);
}

static void test_block_runs_as_its_steps(void **state)
{
    (void)state;
    uint32_t body;
    for (int stats = 0; stats < 2; stats++) {
        vm_config cfg = {.stats = stats};
        vmt *base = loop_program(&body);
        prog g = {.t = loop_program(&body)};
        make_block(&g, body, 6);
        assert_int_equal(vmt_run(base, &cfg), 0);
        assert_int_equal(vmt_run(g.t, &cfg), 0);
        assert_int_equal(g.t->res.stop, VM_STOP_EXIT);
        assert_int_equal(g.t->res.regs[X_S2], ((1 + 5) * 2 + 5) * 2 * 2 + 10); /* 3 rounds */
        same_result(&base->res, &g.t->res);
        vmt_free(base), vmt_free(g.t);
    }
}

/* A block of 5 whose third step loads from unmapped address 0. */
static vmt *fault_program(uint32_t *head, uint32_t *bad)
{
    vmt *t = vmt_new();
    vmt_li(t, X_A0, 100);
    *head = vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 1);
    vmt_op(t, UOP_ADDI, X_A1, X_A0, 0, 2);
    *bad = vmt_op(t, UOP_LW, X_T0, X_ZERO, 0, 0);
    vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 1000);
    vmt_op(t, UOP_ADDI, X_A1, X_A1, 0, 1000);
    vmt_exit(t, 0);
    return t;
}

static void test_fault_in_step_3_of_5(void **state)
{
    (void)state;
    uint32_t head, bad;
    vmt *base = fault_program(&head, &bad);
    prog g = {.t = fault_program(&head, &bad)};
    make_block(&g, head, 5);
    assert_int_equal(vmt_run(base, NULL), 0);
    assert_int_equal(vmt_run(g.t, NULL), 0);
    const vm_result *r = &g.t->res;
    assert_int_equal(r->stop, VM_STOP_FAULT);
    assert_int_equal(r->fault, VM_FAULT_LOAD_UNMAPPED);
    assert_int_equal(r->pc, bad);                 /* the faulting step's pc, not the head's */
    assert_int_equal(r->regs[X_A0], 101);         /* steps 1 and 2 retired */
    assert_int_equal(r->regs[X_A1], 103);
    assert_int_equal(r->insns_retired, 2 + 2);    /* li (2 uops) and the two steps */
    same_result(&base->res, r);
    vmt_free(base), vmt_free(g.t);
}

static void test_jump_into_the_middle(void **state)
{
    (void)state;
    uint32_t head = 0;
    vmt *ts[2];
    prog g;
    for (int k = 0; k < 2; k++) {
        vmt *t = ts[k] = vmt_new();
        vmt_li(t, X_A0, 1);
        vmt_op(t, UOP_JAL, X_RA, 0, 0, 12);           /* to the block's third step */
        head = vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 10);
        vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 20);
        vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 40);
        vmt_op(t, UOP_ADDI, X_A1, X_A0, 0, 0);
        vmt_exit(t, 0);
    }
    g = (prog){.t = ts[1]};
    make_block(&g, head, 4);
    assert_int_equal(vmt_run(ts[0], NULL), 0);
    assert_int_equal(vmt_run(ts[1], NULL), 0);
    assert_int_equal(ts[1]->res.regs[X_A1], 41);
    same_result(&ts[0]->res, &ts[1]->res);
    vmt_free(ts[0]), vmt_free(ts[1]);
}

static void test_cycle_limit_inside_a_block(void **state)
{
    (void)state;
    uint32_t body;
    for (uint64_t limit = 6; limit < 20; limit++) {
        vm_config cfg = {.max_cycles = limit};
        vmt *base = loop_program(&body);
        prog g = {.t = loop_program(&body)};
        make_block(&g, body, 6);
        assert_int_equal(vmt_run(base, &cfg), 0);
        assert_int_equal(vmt_run(g.t, &cfg), 0);
        assert_int_equal(g.t->res.stop, VM_STOP_CYCLE_LIMIT);
        same_result(&base->res, &g.t->res);
        vmt_free(base), vmt_free(g.t);
    }
}

/* Head record indices of the loop program's 3 block runs, from a whole trace. */
static void test_trace_markers(void **state)
{
    (void)state;
    uint32_t body;
    vmt *base = loop_program(&body);
    prog g = {.t = loop_program(&body)};
    make_block(&g, body, 6);
    vmt_finish(base), vmt_finish(g.t);
    vm_trace ta, tb;
    vm_result ra, rb;
    uvm_err err = {{0}};
    assert_int_equal(vm_trace_run(&base->p, NULL, 0, &ta, &ra, &err), 0);
    assert_int_equal(vm_trace_run(&g.t->p, NULL, 0, &tb, &rb, &err), 0);
    assert_int_equal(ta.n, tb.n); /* the same records: the steps are base rows */
    assert_memory_equal(ta.rec, tb.rec, ta.n * sizeof *ta.rec);
    assert_int_equal(ta.n_blk, 0);
    assert_int_equal(tb.n_blk, 3);
    uint32_t head = (body - VMT_CODE) >> 2;
    for (uint64_t m = 0; m < tb.n_blk; m++) {
        assert_int_equal(tb.blk[m].block, 0);
        for (uint32_t k = 0; k < 6; k++)
            assert_int_equal(tb.rec[tb.blk[m].first + k].slot, head + k);
    }
    /* in slices of every size: a marker only for a block whose 6 steps are all
     * in the slice, and exactly those */
    for (uint64_t rows = 1; rows <= tb.n; rows++) {
        vm_tseg *s = vm_tseg_open(&g.t->p, NULL, &err);
        assert_non_null(s);
        vm_trace t = {0};
        int more = 1;
        uint64_t at = 0, seen = 0, want = 0;
        while (more) {
            vm_result r;
            assert_int_equal(vm_tseg_next(s, rows, &t, &r, &more, &err), 0);
            for (uint64_t m = 0; m < tb.n_blk; m++)
                want += tb.blk[m].first >= at && tb.blk[m].first + 6 <= at + t.n;
            for (uint64_t m = 0; m < t.n_blk; m++) {
                assert_true(t.blk[m].first + 6 <= t.n);
                assert_int_equal(t.rec[t.blk[m].first].slot, head);
            }
            seen += t.n_blk;
            at += t.n;
        }
        assert_int_equal(at, tb.n);
        assert_int_equal(seen, want);
        vm_trace_free(&t);
        vm_tseg_close(s);
    }
    vm_trace_free(&ta), vm_trace_free(&tb);
    vmt_free(base), vmt_free(g.t);
}

/* A BLOCK slot whose table entry is missing is a malformed program, not a crash. */
static void test_block_without_table(void **state)
{
    (void)state;
    uint32_t body;
    prog g = {.t = loop_program(&body)};
    make_block(&g, body, 6);
    g.t->p.n_blocks = 0;
    assert_int_equal(vmt_run(g.t, NULL), -1);
    assert_non_null(strstr(g.t->err.msg, "BLOCK 0"));
    vmt_free(g.t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_block_runs_as_its_steps),
        cmocka_unit_test(test_fault_in_step_3_of_5),
        cmocka_unit_test(test_jump_into_the_middle),
        cmocka_unit_test(test_cycle_limit_inside_a_block),
        cmocka_unit_test(test_trace_markers),
        cmocka_unit_test(test_block_without_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
