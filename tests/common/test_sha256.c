/* test_sha256.c — SHA-256 against FIPS 180-4 vectors; fast path vs portable.
 * Registered twice: as is (SHA-NI where the CPU has it) and with
 * UVM_PORTABLE=1, so every check runs on both compression paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sha256.h"

#if defined(UVM_HAVE_SHA_NI)
#include <cpuid.h>
#endif

static void hex(const uint8_t *d, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

static void check(const char *msg, size_t len, const char *want)
{
    uint8_t d[32];
    char h[65];
    sha256(msg, len, d);
    hex(d, 32, h);
    assert_string_equal(h, want);
}

static void test_fips_vectors(void **state)
{
    (void)state;
    check("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    check(m, strlen(m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_million_a_streamed(void **state)
{
    (void)state;
    sha256_ctx c;
    sha256_init(&c);
    char buf[1001];
    memset(buf, 'a', sizeof buf);
    for (int i = 0; i < 1000; i++)
        sha256_update(&c, buf, (size_t)(i % 2 ? 999 : 1001));
    uint8_t d[32];
    char h[65];
    sha256_final(&c, d);
    hex(d, 32, h);
    assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_dispatch_matches_portable(void **state)
{
    (void)state;
    uint8_t blocks[64 * 7];
    for (size_t i = 0; i < sizeof blocks; i++)
        blocks[i] = (uint8_t)(i * 131 + 7);
    uint32_t a[8], b[8];
    memcpy(a, sha256_iv, sizeof a);
    memcpy(b, sha256_iv, sizeof b);
    sha256_compress(a, blocks, 7);
    sha256_compress_portable(b, blocks, 7);
    assert_memory_equal(a, b, sizeof a);
}

/* The path in use is the one the environment asks for. */
static void test_dispatch_choice(void **state)
{
    (void)state;
    const char *e = getenv("UVM_PORTABLE");
    const char *name = sha256_compress_name();
    if (e && e[0] == '1')
        assert_string_equal(name, "portable");
#if defined(UVM_HAVE_SHA_NI)
    else {
        unsigned a, b, c, d;
        int has = __get_cpuid_max(0, NULL) >= 7;
        if (has) {
            __cpuid_count(7, 0, a, b, c, d);
            has = (b >> 29) & 1;
        }
        assert_string_equal(name, has ? "sha-ni" : "portable");
    }
#endif
}

/* Block counts 0..40 with random data and random starting states: both
 * compressions agree (the SHA-NI one called directly when available). */
static void test_ni_matches_portable_random(void **state)
{
    (void)state;
#if defined(UVM_HAVE_SHA_NI)
    if (strcmp(sha256_compress_name(), "sha-ni") != 0)
        skip();
    uint64_t s = 0x1234;
    uint8_t blocks[64 * 40];
    for (int round = 0; round < 200; round++) {
        for (size_t i = 0; i < sizeof blocks; i++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            blocks[i] = (uint8_t)(s >> 56);
        }
        uint32_t a[8], b[8];
        for (int i = 0; i < 8; i++)
            a[i] = b[i] = (uint32_t)(s >> (i * 4)) ^ (uint32_t)round * 0x9e3779b9u;
        size_t nb = (size_t)round % 41;
        uint32_t c[8], d[8], e[8];
        memcpy(c, a, sizeof c);
        for (int i = 0; i < 8; i++)
            d[i] = e[i] = a[i] ^ 0x5a5a5a5au;
        sha256_compress_ni(a, blocks, nb);
        sha256_compress_portable(b, blocks, nb);
        assert_memory_equal(a, b, sizeof a);
        /* two streams at once: each equals its own single-stream result */
        sha256_compress_ni_x2(c, blocks, d, blocks + 64 * (40 - nb), nb);
        sha256_compress_portable(e, blocks + 64 * (40 - nb), nb);
        assert_memory_equal(c, b, sizeof c);
        assert_memory_equal(d, e, sizeof d);
    }
#else
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_vectors),
        cmocka_unit_test(test_million_a_streamed),
        cmocka_unit_test(test_dispatch_matches_portable),
        cmocka_unit_test(test_dispatch_choice),
        cmocka_unit_test(test_ni_matches_portable_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
