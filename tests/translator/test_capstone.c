/* test_capstone.c — the decoder against capstone 5: 1M random 32-bit words
 * and all 65536 16-bit words. Legal/illegal verdicts, mnemonics and operands
 * must agree, except in the documented categories where capstone 5 is known
 * to differ from the RISC-V spec (and from objdump), which are counted:
 *   - HINTs with rd = x0 (c.li, c.lui, c.mv, c.add, c.slli): legal no-ops by
 *     the spec and for objdump; capstone 5 rejects them;
 *   - c.addi x0, imm != 0 (a HINT): capstone calls it c.nop, we c.addi;
 *   - 0x0000: capstone says c.unimp, the spec calls it illegal;
 *   - shifts with shamt[5] = 1 (slli/srli/srai and c.*): reserved on RV32;
 *     capstone 5 in RV32 mode decodes them as RV64 shifts;
 *   - c.lui with nzimm = 0: reserved by the spec; capstone 5 accepts it;
 *   - FENCE with nonzero rd, rs1 or fm: the spec says base implementations
 *     ignore these fields (binutils agrees); capstone 5 rejects them;
 *   - operands capstone drops when it prints an alias (mv, ret, beqz, ...):
 *     only the instruction (capstone's id) is compared then. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <capstone/capstone.h>
#include <stdio.h>
#include <string.h>

#include "oplist.h"
#include "rv32.h"

typedef struct tally {
    long checked, agree_ok, agree_bad, other_ext, other_named, alias_skipped;
    long hint_rejected, nop_named, unimp, fence_fields, shamt64, lui0, mismatch;
} tally;

static csh cs;

static void norm_name(const char *in, char *out, size_t n)
{
    snprintf(out, n, "%s", in);
    char *p;
    if ((p = strstr(out, ".aqrl")) || (p = strstr(out, ".aq")) || (p = strstr(out, ".rl")))
        *p = 0;
    if (!strcmp(out, "fence.tso"))
        strcpy(out, "fence");
}

static oplist cs_ops(const cs_insn *in, const char *name)
{
    oplist l = {0};
    const cs_riscv *d = &in->detail->riscv;
    for (int i = 0; i < d->op_count && l.n < 4; i++) {
        const cs_riscv_op *o = &d->operands[i];
        if (o->type == RISCV_OP_REG)
            ol_r(&l, o->reg >= RISCV_REG_X0 && o->reg <= RISCV_REG_X31 ? o->reg - RISCV_REG_X0 : 100 + o->reg);
        else if (o->type == RISCV_OP_IMM)
            ol_i(&l, o->imm);
        else if (o->type == RISCV_OP_MEM && l.n < 3)
            ol_i(&l, o->mem.disp), ol_r(&l, o->mem.base - RISCV_REG_X0);
    }
    if (!strcmp(name, "jalr") && l.n == 3) { /* capstone: rd, rs1, imm; we list rd, imm(rs1) */
        opv t = l.o[1];
        l.o[1] = l.o[2], l.o[2] = t;
    }
    return l;
}

static int supported_name(const char *name)
{
    for (size_t i = 0; i < xl_nrows; i++)
        if (xl_rows[i].fmt != XF_XU && !strcmp(xl_rows[i].name, name))
            return 1;
    return 0;
}

/* rd = x0 HINTs of RV32C that capstone 5 rejects (c.addi x0 with some
 * immediates it names c.nop instead, counted apart). */
static int is_x0_hint(const xl_insn *x)
{
    if (x->len != 2 || x->status != XL_OK || x->u.rd != 0)
        return 0;
    const char *n = xl_rows[x->row].name;
    return !strcmp(n, "c.addi") || !strcmp(n, "c.li") || !strcmp(n, "c.lui") || !strcmp(n, "c.mv") ||
           !strcmp(n, "c.add") || !strcmp(n, "c.slli");
}

/* shamt[5] = 1: an RV64 shift amount, reserved on RV32. */
static int rv64_shamt(uint32_t w, unsigned len)
{
    return len == 4 ? (w >> 25) & 1 : (w >> 12) & 1;
}

static void report(tally *t, uint32_t w, const char *why, const char *a, const char *b)
{
    if (t->mismatch++ < 20)
        print_message("mismatch 0x%08x: %s: ours \"%s\" capstone \"%s\"\n", w, why, a, b);
}

static void one(tally *t, uint32_t w)
{
    xl_insn x;
    xl_decode(w, &x);
    uint8_t b[4] = {(uint8_t)w, (uint8_t)(w >> 8), (uint8_t)(w >> 16), (uint8_t)(w >> 24)};
    cs_insn *in = NULL;
    size_t got = cs_disasm(cs, b, x.len, 0x10000, 1, &in);
    char cname[32] = "", buf1[96], buf2[96];
    const char *ours = x.row >= 0 ? xl_rows[x.row].name : "-";
    if (got)
        norm_name(cs_insn_name(cs, in->id), cname, sizeof cname);
    t->checked++;
    if (x.status == XL_OK && got) {
        if (strcmp(ours, cname)) {
            if (!strcmp(ours, "c.addi") && x.u.rd == 0 && !strcmp(cname, "c.nop"))
                t->nop_named++;
            else
                report(t, w, "name", ours, cname);
        } else {
            oplist e = ol_expected(&xl_rows[x.row], &x.u), c = cs_ops(in, cname);
            if (e.n != c.n) {
                t->alias_skipped++;
            } else if (!ol_equal(&e, &c)) {
                ol_format(&e, buf1, sizeof buf1), ol_format(&c, buf2, sizeof buf2);
                report(t, w, ours, buf1, buf2);
            } else {
                t->agree_ok++;
            }
        }
    } else if (x.status == XL_OK) {
        if (is_x0_hint(&x))
            t->hint_rejected++;
        else if (!strcmp(ours, "fence") && (w & 0xf00f8f80u))
            t->fence_fields++;
        else
            report(t, w, "capstone rejects", ours, "-");
    } else if (got) {
        if (w == 0 && !strcmp(cname, "c.unimp"))
            t->unimp++;
        else if (strstr(cname, "sl") || strstr(cname, "sr") ? rv64_shamt(w, x.len) : 0)
            t->shamt64++;
        else if (!strcmp(cname, "c.lui") && (w & 0x107c) == 0)
            t->lui0++;
        else if (supported_name(cname))
            report(t, w, "we reject", ours, cname);
        else if (t->other_ext++, x.status == XL_UNSUPPORTED)
            t->other_named++; /* we know it too, as outside RV32IMAC */
    } else {
        t->agree_bad++;
    }
    if (got)
        cs_free(in, got);
}

static void summary(const char *what, const tally *t)
{
    print_message("%s: %ld checked: %ld agree (decoded), %ld agree (invalid), %ld other-extension "
                  "(capstone decodes, outside RV32IMAC; %ld of them named by our unsupported rows), %ld alias operand lists skipped, "
                  "%ld x0-HINTs capstone rejects, %ld c.addi-x0 HINTs capstone names c.nop, "
                  "%ld c.unimp, %ld fences with reserved fields capstone rejects, %ld RV64 shamt "
                  "capstone accepts, %ld reserved c.lui 0 capstone accepts, %ld MISMATCHES\n",
                  what, t->checked, t->agree_ok, t->agree_bad, t->other_ext, t->other_named, t->alias_skipped,
                  t->hint_rejected, t->nop_named, t->unimp, t->fence_fields, t->shamt64, t->lui0,
                  t->mismatch);
}

static void test_all_16bit(void **state)
{
    (void)state;
    tally t = {0};
    for (uint32_t h = 0; h < 0x10000; h++)
        if ((h & 3) != 3)
            one(&t, h);
    summary("16-bit", &t);
    assert_int_equal(t.checked, 3 * 16384);
    assert_int_equal(t.mismatch, 0);
    assert_true(t.agree_ok > 20000); /* most of the compressed space is legal */
    assert_int_equal(t.unimp, 1);
    /* the compressed F/D loads and stores: capstone decodes them, we name them unsupported */
    assert_int_equal(t.other_ext, 8 * 2048);
    assert_int_equal(t.other_named, 8 * 2048);
}

static void test_random_32bit(void **state)
{
    (void)state;
    tally t = {0};
    uint64_t s = 0x9e3779b97f4a7c15ull;
    for (long i = 0; i < 1000000; i++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        uint32_t w = (uint32_t)(s >> 16) | 3;
        /* half the words get a valid major opcode so the space we decode is well covered */
        if (i & 1) {
            static const uint8_t opc[] = {0x37, 0x17, 0x6f, 0x67, 0x63, 0x03, 0x23, 0x13, 0x33,
                                          0x0f, 0x73, 0x2f};
            w = (w & ~0x7fu) | opc[(s >> 8) % sizeof opc];
        }
        one(&t, w);
    }
    summary("32-bit", &t);
    assert_int_equal(t.mismatch, 0);
    assert_true(t.agree_ok > 300000);
}

static int setup(void **state)
{
    (void)state;
    if (cs_open(CS_ARCH_RISCV, CS_MODE_RISCV32 | CS_MODE_RISCVC, &cs) != CS_ERR_OK)
        return -1;
    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cs_close(&cs);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_16bit),
        cmocka_unit_test(test_random_32bit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
