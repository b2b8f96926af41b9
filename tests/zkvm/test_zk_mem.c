/* test_zk_mem.c — proves and verifies halfword, byte and word accesses at
 * every lane, across a page boundary, with and without sign bits, reading
 * back what was stored and what the image held; the exit code (a checksum of
 * every loaded value) must match the host model of zkt_mem.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "zkt_mem.h"

static void prove_verify(const zkt_mop *m, size_t n)
{
    uint32_t want;
    vmt *t = zkt_mem_prog(m, n, &want);
    zkt_proved r = zkt_prove_verify(t, NULL, want);
    zkt_proved_free(&r);
    vmt_free(t);
}

/* Halfwords inside one word: lanes 0..2 of the last word of the first page
 * and the first word of the second, image values (pattern bytes >= 0x80 and
 * < 0x80) and stored ones with the sign bit set and clear. */
static void test_half(void **s)
{
    (void)s;
    static const zkt_mop m[] = {
        {UOP_LH, -4, 0},  {UOP_LHU, -4, 0}, {UOP_LH, -3, 0}, {UOP_LHU, -3, 0},
        {UOP_LH, -2, 0},  {UOP_LHU, -2, 0}, {UOP_LH, 0, 0},  {UOP_LH, 1, 0},
        {UOP_LH, 2, 0},   {UOP_LHU, 2, 0},
        {UOP_SH, -4, 0x1234f00d}, {UOP_SH, -2, 0xabcd8001}, {UOP_LW, -4, 0},
        {UOP_LH, -4, 0},  {UOP_LH, -3, 0}, {UOP_LHU, -3, 0}, {UOP_LH, -2, 0},
        {UOP_SH, 1, 0xffff7fff}, {UOP_LW, 0, 0}, {UOP_LH, 0, 0}, {UOP_LHU, 1, 0},
        {UOP_LH, 2, 0}, {UOP_SH, 2, 0x00000080}, {UOP_LHU, 2, 0}, {UOP_LH, 2, 0},
        {UOP_SH, 0, 0xfffffffe}, {UOP_LH, 0, 0}, {UOP_LHU, 0, 0}, {UOP_LW, 0, 0},
        {UOP_SB, -1, 0x80}, {UOP_LB, -1, 0}, {UOP_LBU, -1, 0}, {UOP_LH, -3, 0},
        {UOP_SW, 4, 0x80008000}, {UOP_LH, 4, 0}, {UOP_LH, 6, 0}, {UOP_LHU, 5, 0},
    };
    prove_verify(m, sizeof m / sizeof m[0]);
}

/* Accesses crossing a word (the lsx chip): words at offsets 1..3 inside a
 * page and -3..-1 across the page boundary, halfwords at 3 and -1; image
 * bytes and stored ones with and without the sign bit, stores overlapping
 * earlier ones and aligned reads of both words they touched. */
static void test_cross(void **s)
{
    (void)s;
    static const zkt_mop m[] = {
        {UOP_LW, -3, 0}, {UOP_LW, -2, 0}, {UOP_LW, -1, 0}, {UOP_LW, 1, 0}, {UOP_LW, 2, 0},
        {UOP_LW, 3, 0},  {UOP_LW, 7, 0},  {UOP_LH, -1, 0}, {UOP_LHU, -1, 0}, {UOP_LH, 3, 0},
        {UOP_LHU, 3, 0}, {UOP_LH, 7, 0},  {UOP_LHU, 11, 0},
        {UOP_SW, -3, 0x89abcdef}, {UOP_LW, -4, 0}, {UOP_LW, 0, 0}, {UOP_LW, -3, 0},
        {UOP_LH, -1, 0}, {UOP_LHU, -1, 0},
        {UOP_SW, -2, 0x01728394}, {UOP_LW, -4, 0}, {UOP_LW, 0, 0}, {UOP_LW, -1, 0},
        {UOP_SW, -1, 0xfedc0b0a}, {UOP_LW, -4, 0}, {UOP_LW, 0, 0}, {UOP_LH, -1, 0},
        {UOP_SH, -1, 0x12348001}, {UOP_LH, -1, 0}, {UOP_LHU, -1, 0}, {UOP_LW, -2, 0},
        {UOP_SH, 3, 0x00007f80}, {UOP_LH, 3, 0}, {UOP_LHU, 3, 0}, {UOP_LW, 0, 0}, {UOP_LW, 4, 0},
        {UOP_SW, 5, 0x7f00ff80}, {UOP_SW, 6, 0x80ff007f}, {UOP_LW, 4, 0}, {UOP_LW, 8, 0},
        {UOP_LW, 7, 0}, {UOP_LH, 7, 0}, {UOP_SW, 1, 0xffffffff}, {UOP_LW, 1, 0}, {UOP_LH, 3, 0},
        {UOP_SH, 7, 0xabcd}, {UOP_LW, 5, 0}, {UOP_LHU, 7, 0}, {UOP_LH, 7, 0},
    };
    prove_verify(m, sizeof m / sizeof m[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_half),
        cmocka_unit_test(test_cross),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
