/* test_uisa_blocks.c — the block table in the .uisa container: round trip
 * and determinism, every truncation, and each malformed table rejected with
 * one line naming what and where (programs built here, saved by uisa_save,
 * which does not validate, then loaded). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "uisa.h"

#define CODE 0x1000u
#define NS 8 /* slots: addi, addi, lw, add, bne (the block: 5 steps), addi, ecall, jal */

typedef struct fixture {
    uisa_program p;
    uisa_uop slots[NS];
    uint32_t raw[NS];
    uisa_segment seg[2];
    uint8_t code[NS * 4];
    uisa_block blocks[2];
    uisa_uop steps[2][UISA_BLOCK_MAX];
} fixture;

static uisa_uop op(uisa_op o, int rd, int rs1, int rs2, int32_t imm)
{
    return (uisa_uop){.op = (uint8_t)o, .rd = (uint8_t)rd, .rs1 = (uint8_t)rs1,
                      .rs2 = (uint8_t)rs2, .imm = imm, .len = 4, .ninsn = 1};
}

/* A program with one block of 5 steps at CODE (its head slot BLOCK 0). */
static void build(fixture *f)
{
    memset(f, 0, sizeof *f);
    f->slots[0] = op(UOP_ADDI, 10, 0, 0, 1);
    f->slots[1] = op(UOP_ADDI, 11, 10, 0, 2);
    f->slots[2] = op(UOP_LW, 12, 11, 0, 0);
    f->slots[3] = op(UOP_ADD, 13, 12, 10, 0);
    f->slots[4] = op(UOP_BNE, 0, 13, 0, -16);
    f->slots[5] = op(UOP_ADDI, 17, 0, 0, 93);
    f->slots[6] = (uisa_uop){.op = UOP_ECALL, .len = 4, .ninsn = 1};
    f->slots[7] = op(UOP_JAL, 0, 0, 0, -28);
    for (int i = 0; i < NS; i++)
        f->raw[i] = 0x00000013u + (uint32_t)i * 0x100u; /* 4-byte words (low bits 11) */
    memcpy(f->steps[0], f->slots, 5 * sizeof *f->slots);
    f->blocks[0] = (uisa_block){CODE, 5, f->steps[0]};
    f->slots[0] = (uisa_uop){.op = UOP_BLOCK, .imm = 0, .ninsn = 5, .len = 20};
    f->seg[0] = (uisa_segment){CODE, NS * 4, NS * 4, UISA_SEG_R | UISA_SEG_X, f->code};
    f->seg[1] = (uisa_segment){0x2000, 0x100, 0, UISA_SEG_R | UISA_SEG_W, NULL};
    uisa_program *p = &f->p;
    p->level = 1;
    p->flags = UISA_FLAG_FUSED;
    p->entry = p->code_base = CODE;
    p->slot_shift = 2;
    p->n_slots = NS;
    p->slots = f->slots;
    p->raw = f->raw;
    p->n_segments = 2;
    p->segments = f->seg;
    p->n_blocks = 1;
    p->blocks = f->blocks;
}

static void save(const uisa_program *p, uint8_t **d, size_t *n)
{
    uvm_err err = {{0}};
    assert_int_equal(uisa_save(p, 0, d, n, &err), 0);
}

static void test_round_trip(void **state)
{
    (void)state;
    fixture *f = malloc(sizeof *f);
    build(f);
    uint8_t *a, *b, *c;
    size_t na, nb, nc;
    save(&f->p, &a, &na);
    save(&f->p, &b, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na); /* deterministic */
    uisa_program q;
    uvm_err err = {{0}};
    assert_int_equal(uisa_load(a, na, &q, &err), 0);
    assert_int_equal(q.n_blocks, 1);
    assert_int_equal(q.blocks[0].pc, CODE);
    assert_int_equal(q.blocks[0].n, 5);
    assert_memory_equal(q.blocks[0].steps, f->steps[0], 5 * sizeof(uisa_uop));
    assert_ptr_equal(uisa_slot_step(&q, 0), &q.blocks[0].steps[0]);
    assert_ptr_equal(uisa_slot_step(&q, 1), &q.slots[1]);
    save(&q, &c, &nc);
    assert_int_equal(nc, na);
    assert_memory_equal(c, a, na);
    char text[96];
    uisa_disasm(&q.slots[0], CODE, text, sizeof text);
    assert_string_equal(text, "block 0 (5 insns, 20 bytes)");
    uisa_program_free(&q);
    for (size_t k = 0; k < na; k += 7) { /* truncations: never accepted, never a crash */
        uisa_program t;
        assert_int_not_equal(uisa_load(a, k, &t, &err), 0);
    }
    free(a), free(b), free(c), free(f);
}

/* Saves f's program as changed by mutate and requires uisa_load to refuse it
 * with a single line containing want. */
static void rejected(void (*mutate)(fixture *), const char *want)
{
    fixture *f = malloc(sizeof *f);
    build(f);
    mutate(f);
    uint8_t *d;
    size_t n;
    save(&f->p, &d, &n);
    uisa_program q;
    uvm_err err = {{0}};
    if (uisa_load(d, n, &q, &err) == 0)
        fail_msg("accepted a bad block table (expected \"%s\")", want);
    assert_null(strchr(err.msg, '\n'));
    if (!strstr(err.msg, want))
        fail_msg("error \"%s\" does not mention \"%s\"", err.msg, want);
    free(d), free(f);
}

static void step_differs(fixture *f) { f->steps[0][2].imm = 4; }
static void head_step_bad_len(fixture *f) { f->raw[0] = 0x0001; } /* a 2-byte word there */
static void branch_mid(fixture *f) { f->steps[0][1] = f->slots[4], f->slots[1] = f->slots[4]; }
static void ecall_step(fixture *f) { f->steps[0][3] = f->slots[6], f->slots[3] = f->slots[6]; }
static void trap_step(fixture *f)
{
    f->steps[0][3] = (uisa_uop){.op = UOP_TRAP, .imm = TRAP_ILLEGAL, .len = 4};
    f->slots[3] = f->steps[0][3];
}
static void fused_step(fixture *f)
{
    f->steps[0][0] = (uisa_uop){.op = UOP_LW_ADDI, .rd = 1, .rs1 = 2, .rd2 = 3, .rs3 = 3,
                                .len = 8, .ninsn = 2};
}
static void block_step(fixture *f) { f->steps[0][0] = f->slots[0]; }
static void head_count(fixture *f) { f->slots[0].ninsn = 4; }
static void head_len(fixture *f) { f->slots[0].len = 16; }
static void head_index(fixture *f) { f->slots[0].imm = 1; }
static void head_not_block(fixture *f) { f->slots[0] = f->steps[0][0]; }
static void one_step(fixture *f) { f->blocks[0].n = 1; }
static void too_many(fixture *f) { f->blocks[0].n = UISA_BLOCK_MAX + 1; }
static void past_code(fixture *f) /* the block's pc at the last slot: steps leave the code */
{
    f->blocks[0].pc = CODE + 4 * (NS - 1);
    f->slots[NS - 1] = f->slots[0];
    f->slots[0] = f->steps[0][0];
}
static void cross_segment(fixture *f) { f->seg[0].memsz = 12, f->seg[0].filesz = 12; }
static void stray_block_slot(fixture *f) { f->slots[5] = f->slots[0]; }
static void overlap(fixture *f) /* block 1 at slot 2, inside block 0 */
{
    memcpy(f->steps[1], &f->slots[2], 2 * sizeof *f->slots);
    f->blocks[1] = (uisa_block){CODE + 8, 2, f->steps[1]};
    f->slots[2] = (uisa_uop){.op = UOP_BLOCK, .imm = 1, .ninsn = 2, .len = 8};
    f->p.n_blocks = 2;
}
static void unsorted(fixture *f) /* block 1 before block 0 */
{
    f->steps[1][0] = f->slots[5], f->steps[1][1] = f->slots[6];
    f->steps[1][1] = op(UOP_ADDI, 1, 1, 0, 1);
    f->slots[6] = f->steps[1][1];
    f->blocks[1] = f->blocks[0];
    f->blocks[0] = (uisa_block){CODE + 20, 2, f->steps[1]};
    f->slots[5] = (uisa_uop){.op = UOP_BLOCK, .imm = 0, .ninsn = 2, .len = 8};
    f->slots[0].imm = 1;
    f->p.n_blocks = 2;
}

static void test_rejections(void **state)
{
    (void)state;
    rejected(step_differs, "step 2 differs from the slot at pc 0x00001008");
    rejected(head_step_bad_len, "step 0 at pc 0x00001000 has len 4 but the word there");
    rejected(branch_mid, "step 1 at pc 0x00001004 (BNE) transfers control before the last step");
    rejected(ecall_step, "is ECALL, which no block may contain");
    rejected(trap_step, "is TRAP, which no block may contain");
    rejected(fused_step, "is LW_ADDI, which no block may contain");
    rejected(block_step, "block 0 at pc 0x00001000: step");
    rejected(head_count, "the slot there is not BLOCK 0 of 5 steps and 20 bytes");
    rejected(head_len, "the slot there is not BLOCK 0");
    rejected(head_index, "the slot there is not BLOCK 0");
    rejected(head_not_block, "the slot there is not BLOCK 0");
    rejected(one_step, "1 steps (must be 2..32)");
    rejected(too_many, "33 steps (must be 2..32)");
    rejected(past_code, "outside the code");
    rejected(cross_segment, "its 20 bytes are not inside one segment");
    rejected(stray_block_slot, "slot 5: BLOCK 0 has no block at its pc");
    /* a head inside another block changes that block's step slot */
    rejected(overlap, "block 0 at pc 0x00001000: step 2 differs from the slot at pc 0x00001008");
    rejected(unsorted, "block 1 at pc 0x00001000: not after block 0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_rejections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
