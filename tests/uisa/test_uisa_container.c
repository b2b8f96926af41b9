/* test_uisa_container.c — .uisa round trip, determinism, and hostile input:
 * every truncation, every flipped byte, absurd counts and inconsistent
 * fields (with a recomputed checksum, so the field checks themselves run). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "uisa.h"

/* Header offsets of the format documented in container.c. */
enum { OFF_VERSION = 4, OFF_COMP = 48, OFF_BODYLEN = 52, OFF_RAWLEN = 60, OFF_HINTS = 68, OFF_BODY = 100 };
/* Body offsets for the sample program below (4 slots, segment 0 with 8 data bytes). */
enum {
    B_ENTRY = OFF_BODY, B_NSLOTS = OFF_BODY + 12, B_SLOT0 = OFF_BODY + 16,
    B_NSEG = B_SLOT0 + 4 * 16 + 4 * 4, B_SEG1 = B_NSEG + 4 + 16 + 8, B_NSYM = B_SEG1 + 16,
    B_SYM0_NAME = B_NSYM + 4 + 16,
};

static uint8_t seg0_data[8] = {0x13, 0x05, 0x50, 0x00, 0x33, 0x05, 0x73, 0x00};

static void sample(uisa_program *p)
{
    static uisa_uop slots[4];
    static uint32_t raw[4] = {0x00500513, 0, 0x952e, 0x9002};
    static uisa_segment segs[2];
    static uisa_symbol syms[2];
    slots[0] = (uisa_uop){.op = UOP_ADDI, .rd = 10, .imm = 5, .len = 4, .ninsn = 1};
    slots[1] = (uisa_uop){.op = UOP_TRAP, .imm = TRAP_MID_INSN};
    slots[2] = (uisa_uop){.op = UOP_ADD, .rd = 10, .rs1 = 10, .rs2 = 11, .len = 2, .ninsn = 1};
    slots[3] = (uisa_uop){.op = UOP_TRAP, .imm = TRAP_ILLEGAL, .imm2 = 0x9002, .len = 2};
    segs[0] = (uisa_segment){0x1000, 0x100, 8, UISA_SEG_R | UISA_SEG_X, seg0_data};
    segs[1] = (uisa_segment){0x2000, 0x10, 0, UISA_SEG_R | UISA_SEG_W, NULL};
    syms[0] = (uisa_symbol){"main", 0x1000, 8, 1};
    syms[1] = (uisa_symbol){"data", 0x2000, 4, 0};
    memset(p, 0, sizeof *p);
    p->level = 0;
    p->flags = UISA_FLAG_RVC;
    for (int i = 0; i < 32; i++)
        p->elf_hash[i] = (uint8_t)(i * 7 + 1);
    p->entry = 0x1000;
    p->code_base = 0x1000;
    p->slot_shift = 1;
    p->n_slots = 4;
    p->slots = slots;
    p->raw = raw;
    p->n_segments = 2;
    p->segments = segs;
    p->n_symbols = 2;
    p->symbols = syms;
}

static void same_program(const uisa_program *a, const uisa_program *b)
{
    assert_int_equal(a->level, b->level);
    assert_int_equal(a->flags, b->flags);
    assert_memory_equal(a->elf_hash, b->elf_hash, 32);
    assert_memory_equal(a->hints_hash, b->hints_hash, 32);
    assert_int_equal(a->entry, b->entry);
    assert_int_equal(a->code_base, b->code_base);
    assert_int_equal(a->slot_shift, b->slot_shift);
    assert_int_equal(a->n_slots, b->n_slots);
    assert_memory_equal(a->slots, b->slots, a->n_slots * sizeof *a->slots);
    assert_memory_equal(a->raw, b->raw, a->n_slots * sizeof *a->raw);
    assert_int_equal(a->n_segments, b->n_segments);
    for (uint32_t i = 0; i < a->n_segments; i++) {
        assert_int_equal(a->segments[i].vaddr, b->segments[i].vaddr);
        assert_int_equal(a->segments[i].memsz, b->segments[i].memsz);
        assert_int_equal(a->segments[i].filesz, b->segments[i].filesz);
        assert_int_equal(a->segments[i].flags, b->segments[i].flags);
        if (a->segments[i].filesz)
            assert_memory_equal(a->segments[i].data, b->segments[i].data, a->segments[i].filesz);
    }
    assert_int_equal(a->n_symbols, b->n_symbols);
    for (uint32_t i = 0; i < a->n_symbols; i++) {
        assert_string_equal(a->symbols[i].name, b->symbols[i].name);
        assert_int_equal(a->symbols[i].addr, b->symbols[i].addr);
        assert_int_equal(a->symbols[i].size, b->symbols[i].size);
        assert_int_equal(a->symbols[i].is_func, b->symbols[i].is_func);
    }
}

static void save(int compress, uint8_t **out, size_t *len)
{
    uisa_program p;
    uvm_err err = {{0}};
    sample(&p);
    assert_int_equal(uisa_save(&p, compress, out, len, &err), 0);
}

static void test_round_trip(void **state)
{
    (void)state;
    for (int c = 0; c < 2; c++) {
        uint8_t *a, *b;
        size_t na, nb;
        save(c, &a, &na);
        save(c, &b, &nb);
        assert_int_equal(na, nb); /* deterministic */
        assert_memory_equal(a, b, na);
        assert_memory_equal(a, UISA_MAGIC, 4);
        uisa_program orig, q;
        uvm_err err = {{0}};
        sample(&orig);
        assert_int_equal(uisa_load(a, na, &q, &err), 0);
        same_program(&orig, &q);
        assert_ptr_equal(uisa_symbol_at(&q, 0x1006), &q.symbols[0]);
        assert_null(uisa_symbol_at(&q, 0x1008));
        assert_null(uisa_symbol_at(&q, 0x2000)); /* data, not a function */
        uint8_t *again;
        size_t nagain;
        assert_int_equal(uisa_save(&q, c, &again, &nagain, &err), 0);
        assert_int_equal(nagain, na);
        assert_memory_equal(again, a, na);
        uisa_program_free(&q);
        free(a), free(b), free(again);
    }
}

static void must_fail(const uint8_t *d, size_t n, const char *keyword)
{
    uisa_program q;
    uvm_err err = {{0}};
    if (uisa_load(d, n, &q, &err) == 0)
        fail_msg("accepted a bad file (%zu bytes, expected \"%s\")", n, keyword ? keyword : "");
    assert_true(strlen(err.msg) > 0 && !strchr(err.msg, '\n'));
    assert_null(q.slots);
    if (keyword && !strstr(err.msg, keyword))
        fail_msg("error \"%s\" does not mention \"%s\"", err.msg, keyword);
}

static void test_truncated_every_length(void **state)
{
    (void)state;
    for (int c = 0; c < 2; c++) {
        uint8_t *a;
        size_t n;
        save(c, &a, &n);
        for (size_t k = 0; k < n; k++)
            must_fail(a, k, NULL);
        uint8_t *longer = malloc(n + 1);
        memcpy(longer, a, n);
        longer[n] = 0;
        must_fail(longer, n + 1, NULL);
        free(longer);
        free(a);
    }
}

static void test_every_byte_flipped(void **state)
{
    (void)state;
    for (int c = 0; c < 2; c++) {
        uint8_t *a;
        size_t n;
        save(c, &a, &n);
        for (size_t k = 0; k < n; k++)
            for (int m = 0; m < 2; m++) {
                uint8_t x = m ? 0xff : 0x01;
                a[k] ^= x;
                must_fail(a, n, NULL);
                a[k] ^= x;
            }
        free(a);
    }
}

static void put32(uint8_t *d, size_t off, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        d[off + i] = (uint8_t)(v >> (8 * i));
}

/* Changes 4 bytes of an uncompressed sample, fixes the checksum, expects a
 * rejection naming keyword. */
static void crafted(size_t off, uint32_t v, const char *keyword)
{
    uint8_t *a;
    size_t n;
    save(0, &a, &n);
    put32(a, off, v);
    sha256(a, n - 32, a + n - 32);
    must_fail(a, n, keyword);
    free(a);
}

static void crafted8(size_t off, uint8_t v, const char *keyword)
{
    uint8_t *a;
    size_t n;
    save(0, &a, &n);
    a[off] = v;
    sha256(a, n - 32, a + n - 32);
    must_fail(a, n, keyword);
    free(a);
}

static void test_inconsistent_fields(void **state)
{
    (void)state;
    crafted(0, 0x41534958, "magic");
    crafted(OFF_VERSION, 1, "version");
    crafted8(OFF_HINTS, 1, "hints hash"); /* set without UISA_FLAG_NATIVE */
    crafted(OFF_COMP, 7, "compression");
    crafted(OFF_BODYLEN, 5, "length");
    crafted(OFF_RAWLEN, 0x7fffffff, "");
    crafted(B_ENTRY, 0x5000, "entry");
    crafted(B_ENTRY, 0x1001, "entry");
    crafted(B_ENTRY + 8, 3, "slot_shift");
    crafted(B_ENTRY + 4, 0x1001, "code_base");
    crafted(B_NSLOTS, 0xffffffffu, "slots");
    crafted(B_NSLOTS, 0x08000000u, "slots");
    crafted(B_NSLOTS, 3, "");
    crafted8(B_SLOT0, 200, "opcode");
    crafted8(B_SLOT0, UOP_COUNT, "opcode");
    crafted8(B_SLOT0 + 1, 32, "register");
    crafted8(B_SLOT0 + 2, 255, "register");
    crafted8(B_SLOT0 + 6, 3, "len");
    crafted8(B_SLOT0 + 6, 0, "len");
    crafted8(B_SLOT0 + 7, 2, "instructions");
    crafted8(B_SLOT0 + 3, 5, "operand"); /* rs2 on an I-format uop */
    crafted(B_SLOT0 + 12, 1, "operand"); /* imm2 on a base uop */
    crafted(B_SLOT0 + 16 + 8, 9, "trap");
    crafted8(B_SLOT0, UOP_MEMCPY, "takes no limb count"); /* slot 0's imm is 5 */
    crafted8(B_SLOT0 + 32, UOP_MODMUL, "limb count 0");  /* slot 2's imm is 0 */
    crafted(B_NSEG, 0xffffffffu, "segment count");
    crafted(B_NSEG, 0, "segment count");
    crafted(B_SEG1, 0x1004, "overlaps");
    crafted(B_SEG1, 0xfffffff8u, "sizes");
    crafted(B_SEG1 + 8, 0x11, "sizes");
    crafted(B_SEG1 + 12, 0x80, "flags");
    crafted(B_NSYM, 0x7fffffff, "symbol count");
    crafted(B_NSYM - 4, 0xffffffffu, ""); /* segment 1 flags */
    crafted(B_SYM0_NAME - 4, 0xfffffff0u, "name length");
    crafted(B_SYM0_NAME - 4, 0, "name length");
    crafted8(B_SYM0_NAME + 1, 0, "NUL");
    crafted(B_SYM0_NAME - 16, 0x3000, "sorted");
}

/* A zstd body whose announced size is a lie must not be trusted. */
static void test_compressed_size_lies(void **state)
{
    (void)state;
    uint8_t *a;
    size_t n;
    save(1, &a, &n);
    uint32_t truth = a[OFF_RAWLEN] | (uint32_t)a[OFF_RAWLEN + 1] << 8;
    for (uint32_t claim = 1; claim < 1u << 31; claim = claim * 3 + 1) {
        if (claim == truth)
            continue;
        put32(a, OFF_RAWLEN, claim);
        put32(a, OFF_RAWLEN + 4, 0);
        sha256(a, n - 32, a + n - 32);
        uisa_program q;
        uvm_err err = {{0}};
        int rc = uisa_load(a, n, &q, &err);
        assert_int_not_equal(rc, 0);
    }
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_truncated_every_length),
        cmocka_unit_test(test_every_byte_flipped),
        cmocka_unit_test(test_inconsistent_fields),
        cmocka_unit_test(test_compressed_size_lies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
