/* test_hints_ref.c — the native ops' reference code (hints/) against published
 * vectors: Keccak-256 (the Ethereum variant), SHA-256 FIPS 180-4 examples, the
 * Keccak-f[1600] zero-state permutation; mul256 against GMP; the byte-level
 * meaning of memcpy/memmove/memset on overlap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <gmp.h>
#include <stdio.h>
#include <string.h>

#include "hints.h"

static void hex(const uint8_t *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
}

/* Keccak-256: rate 136, pad 0x01 .. 0x80 (pre-FIPS padding, as Ethereum uses). */
static void keccak256(const uint8_t *m, size_t n, char out[65])
{
    uint64_t st[25] = {0};
    uint8_t block[136];
    for (;;) {
        size_t take = n < 136 ? n : 136;
        memset(block, 0, sizeof block);
        memcpy(block, m, take);
        if (take < 136) {
            block[take] ^= 0x01;
            block[135] ^= 0x80;
        }
        for (int i = 0; i < 17; i++)
            for (int k = 0; k < 8; k++)
                st[i] ^= (uint64_t)block[8 * i + k] << (8 * k);
        hint_keccak_f1600(st);
        if (take < 136)
            break;
        m += take, n -= take;
    }
    uint8_t d[32];
    for (int i = 0; i < 32; i++)
        d[i] = (uint8_t)(st[i / 8] >> (8 * (i % 8)));
    hex(d, 32, out);
}

static void test_keccak_f1600_zero_state(void **state)
{
    (void)state;
    uint64_t st[25] = {0};
    hint_keccak_f1600(st);
    /* Keccak team's KeccakF-1600-IntermediateValues.txt, first permutation of 0. */
    assert_int_equal(st[0], 0xF1258F7940E1DDE7ull);
    assert_int_equal(st[1], 0x84D5CCF933C0478Aull);
    assert_int_equal(st[24], 0xEAF1FF7B5CECA249ull);
}

static void test_keccak256_vectors(void **state)
{
    (void)state;
    char out[65];
    keccak256((const uint8_t *)"", 0, out);
    assert_string_equal(out, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    keccak256((const uint8_t *)"abc", 3, out);
    assert_string_equal(out, "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    /* 136 bytes: exactly one rate block plus a padding-only block. */
    uint8_t m[200];
    memset(m, 'a', sizeof m);
    char one_block[65];
    keccak256(m, 136, one_block);
    keccak256(m, 135, out);
    assert_string_not_equal(out, one_block);
}

static void sha256(const uint8_t *m, size_t n, char out[65])
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    uint8_t block[128] = {0};
    size_t full = n / 64 * 64;
    for (size_t i = 0; i < full; i += 64)
        hint_sha256_compress(h, m + i);
    size_t rest = n - full, blocks = rest + 9 > 64 ? 2 : 1;
    memcpy(block, m + full, rest);
    block[rest] = 0x80;
    uint64_t bits = (uint64_t)n * 8;
    for (int i = 0; i < 8; i++)
        block[64 * blocks - 1 - i] = (uint8_t)(bits >> (8 * i));
    for (size_t b = 0; b < blocks; b++)
        hint_sha256_compress(h, block + 64 * b);
    uint8_t d[32];
    for (int i = 0; i < 32; i++)
        d[i] = (uint8_t)(h[i / 4] >> (24 - 8 * (i % 4)));
    hex(d, 32, out);
}

static void test_sha256_vectors(void **state)
{
    (void)state;
    char out[65];
    sha256((const uint8_t *)"abc", 3, out); /* FIPS 180-4 example B.1 */
    assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* B.2 */
    sha256((const uint8_t *)two, strlen(two), out);
    assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    sha256((const uint8_t *)"", 0, out);
    assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void limbs_to_mpz(mpz_t z, const uint32_t *l, size_t n)
{
    mpz_import(z, n, -1, sizeof *l, 0, 0, l);
}

static void test_mul256_against_gmp(void **state)
{
    (void)state;
    uint64_t s = 0x1234567;
    mpz_t a, b, p, r;
    mpz_inits(a, b, p, r, NULL);
    for (int t = 0; t < 2000; t++) {
        uint32_t x[8], y[8], out[16];
        for (int i = 0; i < 8; i++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            x[i] = t % 7 == 0 ? 0xffffffffu : (uint32_t)(s >> 32);
            y[i] = t % 5 == 0 ? 0xffffffffu : (uint32_t)s;
        }
        hint_mul256(out, x, y);
        limbs_to_mpz(a, x, 8);
        limbs_to_mpz(b, y, 8);
        mpz_mul(p, a, b);
        limbs_to_mpz(r, out, 16);
        assert_int_equal(mpz_cmp(p, r), 0);
    }
    /* out may alias an input: inputs are read first. */
    uint32_t x[16] = {5, 0, 0, 0, 0, 0, 0, 7}, y[8] = {3, 0, 0, 0, 0, 0, 0, 0};
    hint_mul256(x, x, y);
    assert_int_equal(x[0], 15);
    assert_int_equal(x[7], 21);
    assert_int_equal(x[8], 0);
    mpz_clears(a, b, p, r, NULL);
}

/* Random n-limb operands with special cases mixed in: all-ones limbs, zero
 * limbs, a top limb of zero (so m may be far below 2^(32n)). */
static void big_draw(uint64_t *s, uint32_t *x, unsigned n, int t, int salt)
{
    for (unsigned i = 0; i < n; i++) {
        *s = *s * 6364136223846793005ull + 1442695040888963407ull;
        uint32_t v = (uint32_t)(*s >> 32);
        x[i] = (t + salt) % 9 == 0 ? 0xffffffffu : (t + salt) % 11 == 0 ? 0 : v;
    }
    if ((t + salt) % 4 == 1)
        x[n - 1] = 0;
}

/* modmul, modred and montmul against GMP for n = 1..64 limbs: a * b mod m, u
 * mod m (u with 2n limbs), and r with
 * r * 2^(32n) = a * b (mod m), r < m; the m = 0 and even-m conventions; r
 * aliasing an input. */
static void test_bignum_against_gmp(void **state)
{
    (void)state;
    uint64_t s = 0x5eed;
    mpz_t a, b, m, w, r, R;
    mpz_inits(a, b, m, w, r, R, NULL);
    for (unsigned n = 1; n <= HINT_MAX_LIMBS; n++) {
        for (int t = 0; t < 24; t++) {
            uint32_t x[HINT_MAX_LIMBS], y[HINT_MAX_LIMBS], md[HINT_MAX_LIMBS], out[HINT_MAX_LIMBS];
            big_draw(&s, x, n, t, 0);
            big_draw(&s, y, n, t, 3);
            big_draw(&s, md, n, t, 5);
            limbs_to_mpz(a, x, n);
            limbs_to_mpz(b, y, n);
            limbs_to_mpz(m, md, n);
            mpz_mul(w, a, b);
            hint_modmul(out, x, y, md, n);
            limbs_to_mpz(r, out, n);
            if (mpz_sgn(m))
                mpz_mod(w, w, m);
            else
                mpz_fdiv_r_2exp(w, w, 32 * n);
            assert_int_equal(mpz_cmp(w, r), 0);
            uint32_t u[2 * HINT_MAX_LIMBS]; /* modred of a random double-width u */
            big_draw(&s, u, 2 * n, t, 7);
            limbs_to_mpz(w, u, 2 * n);
            hint_modred(out, u, md, n);
            limbs_to_mpz(r, out, n);
            if (mpz_sgn(m))
                mpz_mod(w, w, m);
            else
                mpz_fdiv_r_2exp(w, w, 32 * n);
            assert_int_equal(mpz_cmp(w, r), 0);
            md[0] |= 1; /* montmul: m odd */
            limbs_to_mpz(m, md, n);
            hint_montmul(out, x, y, md, n);
            limbs_to_mpz(r, out, n);
            assert_true(mpz_cmp(r, m) < 0);
            mpz_mul_2exp(R, r, 32 * n);
            mpz_mul(w, a, b);
            mpz_sub(w, w, R);
            assert_true(mpz_divisible_p(w, m));
        }
    }
    uint32_t x[2] = {7, 0}, y[2] = {9, 0}, md[2] = {10, 0};
    hint_modmul(x, x, y, md, 2); /* r aliases a: inputs are read first */
    assert_int_equal(x[0], 3);
    hint_montmul(x, y, y, md, 2); /* even m: no R^-1, r = 0 */
    assert_int_equal(x[0], 0);
    mpz_clears(a, b, m, w, r, R, NULL);
}

static void test_mem_ops_on_overlap(void **state)
{
    (void)state;
    uint8_t b[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    hint_memcpy(b + 2, b, 6); /* forward byte copy replicates the first 2 bytes */
    const uint8_t want_cpy[8] = {1, 2, 1, 2, 1, 2, 1, 2};
    assert_memory_equal(b, want_cpy, 8);
    uint8_t c[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    assert_ptr_equal(hint_memmove(c + 2, c, 6), c + 2);
    const uint8_t want_mv[8] = {1, 2, 1, 2, 3, 4, 5, 6};
    assert_memory_equal(c, want_mv, 8);
    assert_ptr_equal(hint_memset(c, 0x1ff, 3), c);
    assert_int_equal(c[0], 0xff);
    assert_int_equal(c[2], 0xff);
    assert_int_equal(c[3], 2);
}

static void test_catalogue(void **state)
{
    (void)state;
    for (int i = 0; i < HINT_COUNT; i++) {
        assert_non_null(hint_ops[i].name);
        assert_non_null(hint_ops[i].conv);
        assert_int_equal(hint_by_name(hint_ops[i].name), i);
    }
    assert_int_equal(hint_by_name("keccak"), HINT_COUNT);
    assert_int_equal(hint_by_name(""), HINT_COUNT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keccak_f1600_zero_state),
        cmocka_unit_test(test_keccak256_vectors),
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_mul256_against_gmp),
        cmocka_unit_test(test_bignum_against_gmp),
        cmocka_unit_test(test_mem_ops_on_overlap),
        cmocka_unit_test(test_catalogue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
