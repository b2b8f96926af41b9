/* test_zk_bound.c — the stored boundary (zk_bound.h) and the .uvp container around it:
 * round trips of keys and finals, each malformed raw form refused with its own reason
 * (truncated, varint overflow, overlong varint, repeated key, invalid key, trailing bytes),
 * bad zstd frames refused, and a few thousand random mutations of a two-segment file (file
 * hash recomputed) that parse or fail with one line, never crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "sha256.h"
#include "stark.h"
#include "zk_bound.h"
#include "zk_file.h"

/* Key definitions of docs/zkvm.md: register r -> 2^34 + r, RAM word a -> 2^32 + a. */
#define REG(r) ((1ull << 34) + (r))
#define RAM(a) ((1ull << 32) + (a))

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

/* n sorted keys: runs of consecutive words with random gaps, then a few registers. */
static uint64_t make_keys(uint64_t *k, uint32_t *fin, uint64_t n)
{
    uint64_t a = 0x1000, i = 0;
    while (i + 4 < n) {
        a += next() % 3 ? 4 : 4 * (1 + next() % 5000);
        k[i] = RAM(a), fin[i] = (uint32_t)(next() % 7 ? next() % 256 : next());
        i++;
    }
    for (uint64_t r = 1; i < n; r += 3, i++)
        k[i] = REG(r), fin[i] = (uint32_t)next();
    return n;
}

static void test_round_trip(void **s)
{
    (void)s;
    uint64_t ns[] = {1, 5, 100, 20000};
    for (size_t t = 0; t < 4; t++) {
        uint64_t n = ns[t], *k = malloc(n * 8), *k2 = malloc((n + 1) * 8);
        uint32_t *f = malloc(n * 4), *f2 = malloc((n + 1) * 4);
        make_keys(k, f, n);
        uint8_t *z;
        size_t zl;
        uvm_err err = {{0}};
        assert_int_equal(zk_bound_encode(k, f, n, &z, &zl, &err), 0);
        assert_int_equal(zk_bound_decode(z, zl, n, k2, f2, &err), 0);
        assert_memory_equal(k, k2, n * 8);
        assert_memory_equal(f, f2, n * 4);
        if (n == 20000) /* mostly +4 gaps and small values: far below 12 bytes per key */
            assert_true(zl < n * 4);
        /* the same frame read as one key fewer or more is refused */
        assert_int_not_equal(zk_bound_decode(z, zl, n + 1, k2, f2, &err), 0);
        if (n > 1)
            assert_int_not_equal(zk_bound_decode(z, zl, n - 1, k2, f2, &err), 0);
        free(z), free(k), free(k2), free(f), free(f2);
    }
}

/* LEB128, written here independently of the code under test. */
static size_t leb(uint8_t *p, uint64_t v)
{
    size_t n = 0;
    do {
        p[n] = v & 0x7f;
        v >>= 7;
        if (v)
            p[n] |= 0x80;
        n++;
    } while (v);
    return n;
}

static void expect_unpack(const uint8_t *raw, size_t len, uint64_t n, const char *want)
{
    uint64_t k[8];
    uint32_t f[8];
    uvm_err err = {{0}};
    if (!zk_bound_unpack(raw, len, n, k, f, &err))
        fail_msg("accepted, expected '%s'", want);
    if (!strstr(err.msg, want))
        fail_msg("error '%s' lacks '%s'", err.msg, want);
}

static void test_raw_errors(void **s)
{
    (void)s;
    uint8_t b[64];
    size_t o;
    uint64_t k[8];
    uint32_t f[8];
    uvm_err err = {{0}};
    /* a valid two-key form, then each way of breaking it */
    o = leb(b, RAM(0x100));
    o += leb(b + o, 4);
    memset(b + o, 0xab, 8);
    assert_int_equal(zk_bound_unpack(b, o + 8, 2, k, f, &err), 0);
    assert_true(k[0] == RAM(0x100) && k[1] == RAM(0x104) && f[1] == 0xabababab);
    expect_unpack(b, o + 7, 2, "truncated final");
    expect_unpack(b, o + 9, 2, "trailing");
    expect_unpack(b, 3, 2, "truncated at key");
    /* delta 0: the same key twice */
    o = leb(b, RAM(0x100));
    o += leb(b + o, 0);
    expect_unpack(b, o + 8, 2, "not strictly increasing");
    /* an odd RAM address, a key below RAM, a register past the last state key */
    expect_unpack(b, leb(b, RAM(0x102)) + 4, 1, "not a register or aligned word");
    expect_unpack(b, leb(b, 0x1000) + 4, 1, "not a register or aligned word");
    expect_unpack(b, leb(b, REG(4096)) + 4, 1, "not a register or aligned word");
    /* a gap that wraps around 2^64 */
    o = leb(b, REG(1));
    o += leb(b + o, UINT64_MAX - REG(1) + 5);
    expect_unpack(b, o + 8, 2, "not a register or aligned word");
    /* 11 continuation bytes; a 10th byte carrying bits beyond 64; an overlong 4 */
    memset(b, 0xff, 11);
    expect_unpack(b, 20, 1, "overflow");
    memset(b, 0x80, 9);
    b[9] = 0x02;
    expect_unpack(b, 20, 1, "overflow");
    b[0] = 0x84, b[1] = 0x00;
    expect_unpack(b, 6, 1, "overlong");
}

static void expect_decode(const uint8_t *z, size_t zl, uint64_t n, const char *want)
{
    uint64_t *k = malloc((n + 1) * 8);
    uint32_t *f = malloc((n + 1) * 4);
    uvm_err err = {{0}};
    int rc = zk_bound_decode(z, zl, n, k, f, &err);
    free(k), free(f);
    if (!rc)
        fail_msg("accepted, expected '%s'", want);
    if (!strstr(err.msg, want))
        fail_msg("error '%s' lacks '%s'", err.msg, want);
}

static void test_frame_errors(void **s)
{
    (void)s;
    uint64_t k[100];
    uint32_t f[100];
    make_keys(k, f, 100);
    uint8_t *z, zz[4096];
    size_t zl;
    uvm_err err = {{0}};
    assert_int_equal(zk_bound_encode(k, f, 100, &z, &zl, &err), 0);
    expect_decode(z, zl - 1, 100, "truncated");
    memcpy(zz, z, zl);
    zz[zl] = 0;
    expect_decode(zz, zl + 1, 100, "followed by other bytes");
    expect_decode((const uint8_t *)"not zstd at all", 15, 100, "not a zstd frame");
    expect_decode(z, zl, 1000, "cannot hold");
    free(z);
    /* a well-formed frame whose content has a byte too many */
    uint8_t raw[64];
    size_t o = leb(raw, REG(2));
    memset(raw + o, 1, 5);
    size_t cl = ZSTD_compress(zz, sizeof zz, raw, o + 5, 3);
    assert_false(ZSTD_isError(cl));
    expect_decode(zz, cl, 1, "trailing");
}

/* The STARK bytes of an empty proof: a valid frame (the proof id decodes it)
 * that is short, so most of a test file's bytes are boundary. */
static uint8_t *fake_stark(size_t *len)
{
    stark_proof sp = {.version = STARK_PROOF_VERSION};
    uint8_t *b;
    uvm_err err = {{0}};
    assert_int_equal(stark_proof_save(&sp, &b, len, &err), 0);
    return b;
}

/* A two-segment file with short fake STARK bytes. */
static void make_file(uint8_t **buf, size_t *len, uint64_t *k, uint32_t *fin)
{
    static const uint8_t out[] = "hi";
    size_t sl;
    uint8_t *stark = fake_stark(&sl);
    zk_seg seg[2] = {
        {.start_pc = 0x100, .end_pc = 0x200, .n_steps = 50, .n_touched = 300, .keys = k,
         .final = fin, .stark = stark, .stark_len = sl},
        {.start_pc = 0x200, .start_step = 50, .n_steps = 10, .ends_exit = 1, .n_touched = 200,
         .keys = k + 300, .final = fin + 300, .stark = stark, .stark_len = sl},
    };
    zk_file f = {.entry = 0x100, .output_len = 2, .output = out, .n_seg = 2, .seg = seg};
    uvm_err err = {{0}};
    assert_int_equal(zk_file_write(&f, buf, len, &err), 0);
    free(stark);
}

static void test_file_round_trip(void **s)
{
    (void)s;
    uint64_t k[500];
    uint32_t fin[500];
    make_keys(k, fin, 300);
    make_keys(k + 300, fin + 300, 200);
    uint8_t *buf;
    size_t len;
    make_file(&buf, &len, k, fin);
    zk_file f;
    uvm_err err = {{0}};
    assert_int_equal(zk_file_parse(buf, len, &f, &err), 0);
    assert_int_equal(f.n_seg, 2);
    assert_int_equal(f.seg[1].n_touched, 200);
    assert_memory_equal(f.seg[0].keys, k, 300 * 8);
    assert_memory_equal(f.seg[1].final, fin + 300, 200 * 4);
    size_t sl;
    uint8_t *stark = fake_stark(&sl);
    assert_int_equal(f.seg[1].stark_len, sl);
    assert_memory_equal(f.seg[1].stark, stark, sl);
    free(stark);
    zk_file_free(&f);
    free(buf);
}

/* Random byte changes, truncations and insertions: parse fails with one non-empty
 * line (a changed frame that still decodes fails the proof id); a failure inside
 * a segment (decoding happens before the id check) names it. */
static void test_fuzz(void **s)
{
    (void)s;
    uint64_t k[500];
    uint32_t fin[500];
    make_keys(k, fin, 300);
    make_keys(k + 300, fin + 300, 200);
    uint8_t *buf;
    size_t len;
    make_file(&buf, &len, k, fin);
    uint8_t *m = malloc(len + 64);
    int rejected = 0, named = 0;
    for (int it = 0; it < 4000; it++) {
        size_t ml = len;
        memcpy(m, buf, len);
        size_t body = len - 32, pos = 44 + next() % (body - 44);
        switch (it % 4) {
        case 0: m[pos] ^= (uint8_t)(1 + next() % 255); break;
        case 1: for (int j = 0; j < 4 && pos + j < body; j++) m[pos + j] = (uint8_t)next(); break;
        case 2: memmove(m + pos, m + pos + 1, len - pos - 1), ml--; break; /* delete a byte */
        default: memmove(m + pos + 1, m + pos, len - pos), m[pos] = (uint8_t)next(), ml++; break;
        }
        zk_file f;
        uvm_err err = {{0}};
        if (zk_file_parse(m, ml, &f, &err)) {
            rejected++;
            assert_true(err.msg[0] && !strchr(err.msg, '\n'));
            named += strstr(err.msg, "segment ") != NULL;
            continue;
        }
        for (uint32_t i = 0; i < f.n_seg; i++)
            for (uint64_t j = 0; j < f.seg[i].n_touched; j++) {
                assert_true(zk_key_valid(f.seg[i].keys[j]));
                assert_true(!j || f.seg[i].keys[j] > f.seg[i].keys[j - 1]);
            }
        zk_file_free(&f);
    }
    /* nearly every mutation of compressed data is caught; most name their segment */
    assert_true(rejected > 3000);
    assert_true(named > 2000);
    free(m);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_raw_errors),
        cmocka_unit_test(test_frame_errors),
        cmocka_unit_test(test_file_round_trip),
        cmocka_unit_test(test_fuzz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
