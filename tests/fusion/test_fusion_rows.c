/* test_fusion_rows.c — every fused row equals the composition of its base uops:
 * for random registers, immediates and addresses (some faulting), a base program
 * and the same program after the fusion pass must stop identically (stop, pc,
 * fault, registers, instructions retired, memory), also when entered by a jump
 * into the middle of the group. The table must name every FUSED row of the uISA. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "passes.h"
#include "vmt.h"

typedef struct row { uisa_op fused, a, b; } row;

/* a or b = ANY_ALU: a random one of these (the R and I ops of RV32I's ALU). */
#define ANY_ALU UOP_COUNT
static const uisa_op alu_ops[] = {
    UOP_ADD, UOP_SUB, UOP_XOR, UOP_OR, UOP_AND, UOP_SLL, UOP_SRL, UOP_SRA, UOP_SLT, UOP_SLTU,
    UOP_ADDI, UOP_XORI, UOP_ORI, UOP_ANDI, UOP_SLLI, UOP_SRLI, UOP_SRAI, UOP_SLTI, UOP_SLTIU,
};

static const row rows[] = {
    {UOP_ALU_ALU, ANY_ALU, ANY_ALU},
    {UOP_LB_ADDI, UOP_LB, UOP_ADDI}, {UOP_LW_ADDI, UOP_LW, UOP_ADDI},
    {UOP_LBU_ADDI, UOP_LBU, UOP_ADDI},
    {UOP_SB_ADDI, UOP_SB, UOP_ADDI}, {UOP_SW_ADDI, UOP_SW, UOP_ADDI},
    {UOP_ALU_BEQ, ANY_ALU, UOP_BEQ}, {UOP_ALU_BNE, ANY_ALU, UOP_BNE},
    {UOP_ALU_BLT, ANY_ALU, UOP_BLT}, {UOP_ALU_BGE, ANY_ALU, UOP_BGE},
    {UOP_ALU_BLTU, ANY_ALU, UOP_BLTU}, {UOP_ALU_BGEU, ANY_ALU, UOP_BGEU},
};
enum { NROWS = sizeof rows / sizeof rows[0], TRIALS = 150 };


static uint32_t value(void)
{
    switch (vmt_rnd() % 6) {
    case 0: return vmt_rnd() % 4;                            /* equal operands are likely */
    case 1: return 0xffffffffu - vmt_rnd() % 3;
    case 2: return 0x80000000u - vmt_rnd() % 2;
    case 3: case 4: return VMT_DATA + vmt_rnd() % 0x2000;     /* a valid address, mostly */
    default: return vmt_rnd();
    }
}

static int32_t imm12(void) { return (int32_t)(vmt_rnd() % 4096) - 2048; }

/* The immediate of base op op: none for R, 0..31 for shifts, else 12 bits. */
static int32_t operand_imm(uisa_op op)
{
    if (uisa_ops[op].fmt == FMT_R)
        return 0;
    if (op == UOP_SLLI || op == UOP_SRLI || op == UOP_SRAI)
        return (int32_t)(vmt_rnd() % 32);
    return imm12();
}

/* mode 0: run the pair; 1: jump to its second instruction; 2: also dump memory to fd 1. */
static void build(vmt *t, const row *r, int mode, uint32_t *pair_pc)
{
    for (int x = 1; x < 32; x++)
        vmt_li(t, x, value());
    if (mode == 1)
        vmt_op(t, UOP_JAL, 0, 0, 0, 8);
    int rd = (int)(vmt_rnd() % 32), rs1 = (int)(vmt_rnd() % 32), rs2 = (int)(vmt_rnd() % 32);
    uisa_op a = r->a == ANY_ALU ? alu_ops[vmt_rnd() % (sizeof alu_ops / sizeof alu_ops[0])] : r->a;
    uisa_op b = r->b == ANY_ALU ? alu_ops[vmt_rnd() % (sizeof alu_ops / sizeof alu_ops[0])] : r->b;
    uisa_format fa = uisa_ops[a].fmt;
    if ((fa == FMT_S || (fa == FMT_I && r->a != ANY_ALU)) && rs1 && vmt_rnd() % 4)
        vmt_li(t, rs1, VMT_DATA + 2048 + vmt_rnd() % 4000); /* an address that works, mostly */
    *pair_pc = vmt_op(t, a, fa == FMT_S ? 0 : rd, rs1, fa == FMT_I ? 0 : rs2, operand_imm(a));
    if (uisa_ops[b].fmt == FMT_B)
        vmt_op(t, b, 0, (int)(vmt_rnd() % 32), (int)(vmt_rnd() % 32), 8);
    else if (uisa_ops[b].fmt == FMT_R)
        vmt_op(t, b, (int)(vmt_rnd() % 32), (int)(vmt_rnd() % 32), (int)(vmt_rnd() % 32), 0);
    else
        vmt_op(t, b, (int)(vmt_rnd() % 32), (int)(vmt_rnd() % 32), 0, operand_imm(b));
    if (mode == 2) {
        vmt_li(t, X_A0, 1);
        vmt_li(t, X_A1, VMT_DATA);
        vmt_li(t, X_A2, sizeof t->data);
        vmt_syscall(t, 64);
    }
    vmt_op(t, UOP_EBREAK, 0, 0, 0, 0);
    vmt_op(t, UOP_EBREAK, 0, 0, 0, 0);
}

static void same(const vmt *a, const vmt *b, const row *r, int mode, int trial)
{
    const vm_result *x = &a->res, *y = &b->res;
    if (x->stop != y->stop || x->pc != y->pc || x->fault != y->fault || x->addr != y->addr ||
        x->insns_retired != y->insns_retired || memcmp(x->regs, y->regs, sizeof x->regs) ||
        a->out_len[0] != b->out_len[0] || memcmp(a->out[0], b->out[0], a->out_len[0]))
        fail_msg("%s mode %d trial %d: base %s pc %08x (%s) vs fused %s pc %08x (%s)",
                 uisa_ops[r->fused].name, mode, trial, vm_stop_name(x->stop), x->pc, x->msg,
                 vm_stop_name(y->stop), y->pc, y->msg);
}

static void test_rows_match_base(void **state)
{
    (void)state;
    for (int i = 0; i < NROWS; i++) {
        int used = 0, fused_ran = 0;
        for (int mode = 0; mode < 3; mode++) {
            for (int trial = 0; trial < TRIALS; trial++) {
                vmt_rng = (uint64_t)(i * 7919 + mode * 104729 + trial + 1) * 0x9e3779b97f4a7c15ull;
                vmt *a = vmt_new(), *b = vmt_new();
                uint32_t pc;
                build(a, &rows[i], mode, &pc);
                memcpy(b, a, sizeof *a);
                b->p.slots = b->slots, b->p.raw = b->raw;
                xl_options opt = {.level = 1, .fuse = 1};
                assert_int_equal(xl_fuse_pass(NULL, &opt, &b->p, &b->err), 0);
                const uisa_uop *u = uisa_slot(&b->p, pc);
                if (u->op != rows[i].fused)
                    fail_msg("%s mode %d trial %d: slot holds %s", uisa_ops[rows[i].fused].name,
                             mode, trial, uisa_ops[u->op].name);
                used++;
                assert_int_equal(vmt_run(a, NULL), 0);
                assert_int_equal(vmt_run(b, NULL), 0);
                same(a, b, &rows[i], mode, trial);
                if (mode != 1 && b->res.uops < a->res.uops)
                    fused_ran++;
                vmt_free(a);
                vmt_free(b);
            }
        }
        assert_true(used > 0);
        if (fused_ran < TRIALS / 2) /* the fused uop must really execute, often */
            fail_msg("%s: fused uop completed in only %d runs", uisa_ops[rows[i].fused].name,
                     fused_ran);
    }
}

static void test_table_covers_every_fused_row(void **state)
{
    (void)state;
    for (int op = 0; op < UOP_COUNT; op++) {
        if (uisa_ops[op].tier != TIER_FUSED)
            continue;
        int found = 0;
        for (int i = 0; i < NROWS; i++)
            found |= rows[i].fused == (uisa_op)op;
        if (!found)
            fail_msg("fused row %s has no property test", uisa_ops[op].name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_covers_every_fused_row),
        cmocka_unit_test(test_rows_match_base),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
