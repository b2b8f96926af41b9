/* test_vm_random.c — random uop soups (every op, wild registers, immediates,
 * jump targets and syscalls) under a cycle limit: the run must stop cleanly,
 * the fast and the histogram loops must agree on everything, and the histogram
 * must add up to the uop count. Catches crashes, hangs and loop drift. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "vmt.h"


/* A value likely to be interesting as an address or operand. */
static uint32_t interesting(void)
{
    switch (vmt_rnd() % 8) {
    case 0: return VMT_DATA + vmt_rnd() % 0x2100 - 0x80;
    case 1: return VMT_RODATA + vmt_rnd() % 0x1000;
    case 2: return VMT_CODE + (vmt_rnd() % 64) * 2;
    case 3: return 0x22000 + vmt_rnd() % 0x3000;        /* around the break */
    case 4: return 0xffffffffu - vmt_rnd() % 8;
    case 5: return 0x80000000u;
    case 6: return vmt_rnd() % 300;
    default: return vmt_rnd();
    }
}

static void build(vmt *t)
{
    for (int r = 1; r < 32; r++)
        if (r != X_SP)
            vmt_li(t, r, interesting());
    vmt_li(t, X_A7, (uint32_t[]){63, 64, 214, 93, 57}[vmt_rnd() % 5]);
    int n = 150 + (int)(vmt_rnd() % 100);
    for (int i = 0; i < n; i++) {
        uisa_op op = (uisa_op)(vmt_rnd() % UOP_COUNT);
        /* fused and native rows take arbitrary fields too, but mostly base ops,
         * so that enough soups run to their exit call */
        if (uisa_ops[op].tier != TIER_BASE && vmt_rnd() % 4)
            op = (uisa_op)(vmt_rnd() % (UOP_TRAP + 1)); /* base rows come first, TRAP last */
        if (op == UOP_EBREAK && vmt_rnd() % 4)
            op = UOP_ADD;
        if (op == UOP_BLOCK) /* needs a block table (the soups have none): test_vm_blocks.c */
            op = UOP_ADD;
        int32_t imm = (int32_t)interesting();
        if (uisa_ops[op].fmt == FMT_B || uisa_ops[op].fmt == FMT_J || uisa_ops[op].fmt == FMT_AB)
            imm = ((int32_t)(vmt_rnd() % 80) - 40) * (vmt_rnd() % 16 ? 4 : 2);
        else if (uisa_ops[op].fmt != FMT_U && vmt_rnd() % 4)
            imm = (int32_t)(vmt_rnd() % 4096) - 2048;
        if (op == UOP_TRAP)
            vmt_trap(t, 1 + (int)(vmt_rnd() % 3), vmt_rnd());
        else
            vmt_op(t, op, (int)(vmt_rnd() % 32), (int)(vmt_rnd() % 32), (int)(vmt_rnd() % 32), imm);
    }
    for (size_t i = 0; i < sizeof t->data; i++)
        t->data[i] = (uint8_t)vmt_rnd();
}

static void test_random_soups(void **state)
{
    (void)state;
    int stops[3] = {0};
    for (uint64_t seed = 1; seed <= 400; seed++) {
        vmt_rng = seed * 0x9e3779b97f4a7c15ull;
        vmt *a = vmt_new(), *b = vmt_new();
        build(a);
        vmt_rng = seed * 0x9e3779b97f4a7c15ull;
        build(b);
        uint8_t input[64];
        memset(input, (int)seed, sizeof input);
        vm_config ca = {.max_cycles = 3000, .input = input, .input_len = sizeof input};
        vm_config cb = ca;
        cb.stats = 1;
        assert_int_equal(vmt_run(a, &ca), 0);
        assert_int_equal(vmt_run(b, &cb), 0);
        const vm_result *x = &a->res, *y = &b->res;
        if (x->stop != y->stop || x->pc != y->pc || x->uops != y->uops ||
            x->insns_retired != y->insns_retired || x->fault != y->fault || x->addr != y->addr ||
            x->exit_code != y->exit_code || x->brk != y->brk || strcmp(x->msg, y->msg) ||
            memcmp(x->regs, y->regs, sizeof x->regs))
            fail_msg("seed %llu: loops disagree: %s/%s pc %08x/%08x uops %llu/%llu (%s | %s)",
                     (unsigned long long)seed, vm_stop_name(x->stop), vm_stop_name(y->stop), x->pc,
                     y->pc, (unsigned long long)x->uops, (unsigned long long)y->uops, x->msg, y->msg);
        assert_int_equal(a->out_len[0], b->out_len[0]);
        assert_int_equal(a->out_len[1], b->out_len[1]);
        assert_memory_equal(a->out[0], b->out[0], a->out_len[0]);
        uint64_t sum = 0;
        for (int i = 0; i < UOP_COUNT; i++)
            sum += y->hist[i];
        assert_int_equal(sum, y->uops);
        assert_true(y->uops <= 3000);
        assert_int_equal(y->regs[0], 0);
        stops[x->stop]++;
        vmt_free(a);
        vmt_free(b);
    }
    /* The generator must reach every kind of stop, or it tests too little. */
    assert_true(stops[VM_STOP_EXIT] > 0);
    assert_true(stops[VM_STOP_FAULT] > 0);
    assert_true(stops[VM_STOP_CYCLE_LIMIT] > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_soups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
