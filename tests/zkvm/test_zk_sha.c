/* test_zk_sha.c — proving SHA256_COMPRESS: a program of four calls (the FIPS
 * 180-4 "abc" block and seeded random states and blocks) proved and verified
 * with every row checked, its public output compared with the hints/
 * reference run on the host; a call in segments; misaligned and overlapping
 * calls refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "zk_int.h"
#include "chips/chip_sha256.h"
#include "zkt_sha.h"

/* SHA-256("abc") (FIPS 180-4 example), the state after the one-block message. */
static const uint32_t abc_digest[8] = {0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                       0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad};

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The host reference gives the published "abc" digest, and the VM writes
 * exactly what the reference computes for all four calls. */
static void test_sha_vm(void **s)
{
    (void)s;
    uint8_t want[ZKT_SHA_CALLS * 32];
    zkt_sha_expect(ZKT_SHA_CALLS, want);
    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(le32(want + 4 * i), abc_digest[i]);
    vmt *t = zkt_sha(ZKT_SHA_CALLS, 0, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.exit_code, 0);
    assert_int_equal(t->out_len[0], sizeof want);
    assert_memory_equal(t->out[0], want, sizeof want);
    vmt_free(t);
}

/* K[t] derived by the chip from cube roots: spot values from FIPS 180-4 4.2.2. */
static void test_sha_k(void **s)
{
    (void)s;
    assert_int_equal(zk_sha_k(0), 0x428a2f98);
    assert_int_equal(zk_sha_k(1), 0x71374491);
    assert_int_equal(zk_sha_k(31), 0x14292967);
    assert_int_equal(zk_sha_k(63), 0xc67178f2);
}

static void test_sha_prove(void **s)
{
    (void)s;
    vmt *t = zkt_sha(ZKT_SHA_CALLS, 0, 0);
    uint8_t want[ZKT_SHA_CALLS * 32];
    zkt_proved r = zkt_prove_verify(t, NULL, 0);
    assert_int_equal(r.rep.rows[ZC_SHA_IO], ZKT_SHA_CALLS);
    assert_int_equal(r.rep.rows[ZC_SHA], 64 * ZKT_SHA_CALLS);
    zkt_sha_expect(ZKT_SHA_CALLS, want);
    assert_int_equal(r.cl.output_len, sizeof want);
    assert_memory_equal(r.cl.output, want, sizeof want);
    zkt_proved_free(&r);
    vmt_free(t);
}

/* One call in segments of 12 uops: the call in segment 0, none in segment 1
 * (whose sha table is 8 padding rows), the state it wrote read back there. */
static void test_sha_segments(void **s)
{
    (void)s;
    vmt *t = zkt_sha(1, 0, 0);
    zk_prove_opts o = zkt_opts();
    o.segment_uops = 12;
    uint8_t want[ZKT_SHA_CALLS * 32];
    zkt_proved r = zkt_prove_verify(t, &o, 0);
    assert_int_equal(r.rep.n_seg, 2);
    assert_int_equal(r.rep.seg[0].rows[ZC_SHA_IO], 1);
    assert_int_equal(r.rep.seg[1].rows[ZC_SHA_IO], 0);
    assert_int_equal(r.rep.seg[1].height[ZC_SHA], 8);
    zkt_sha_expect(1, want);
    assert_int_equal(r.cl.output_len, 32);
    assert_memory_equal(r.cl.output, want, 32);
    zkt_proved_free(&r);
    vmt_free(t);
}

static void expect_refusal(uint32_t a0_off, uint32_t a1_off, const char *want)
{
    zkt_expect_refusal(zkt_sha(1, a0_off, a1_off), NULL, want);
}

/* The VM runs these calls (unaligned words are legal there); the prover refuses. */
static void test_sha_refusals(void **s)
{
    (void)s;
    expect_refusal(2, 0, "is not 4-aligned");
    expect_refusal(0, 1, "is not 4-aligned");
    expect_refusal(0, (uint32_t)-0x30, "overlaps"); /* block at +0x10: over the state */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha_k),
        cmocka_unit_test(test_sha_vm),
        cmocka_unit_test(test_sha_prove),
        cmocka_unit_test(test_sha_segments),
        cmocka_unit_test(test_sha_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
