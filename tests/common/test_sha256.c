/* test_sha256.c — SHA-256 against FIPS 180-4 vectors; fast path vs portable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sha256.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_vectors),
        cmocka_unit_test(test_million_a_streamed),
        cmocka_unit_test(test_dispatch_matches_portable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
