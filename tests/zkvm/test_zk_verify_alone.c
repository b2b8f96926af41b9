/* test_zk_verify_alone.c — the verifier without the VM: this test links the verifier's
 * library (uvm_zkvm_verify) and not the VM library, so the build fails if the verifier
 * comes to need the VM again (its machine facts are the guest ABI's, abi/guest_abi.h).
 * It checks that a proof made by `uvm prove` (the io program: write, read, brk, so the
 * heap's bounds are used) verifies with the claimed input and output, and that the same
 * proof is refused for another program and with one byte changed.
 * usage: test_zk_verify_alone IO.uisa IO.uvp OTHER.uisa INPUT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "uisa.h"
#include "zkvm.h"

static char **paths;

/* The .uvp of the io run is made at fast: conjectured bits ~96 (docs/security.md). */
#define MIN_BITS 90

static void load(const char *path, uisa_program *p)
{
    uint8_t *d;
    size_t n;
    uvm_err err = {0};
    assert_int_equal(io_read_all(path, 1u << 26, &d, &n, &err), 0);
    assert_int_equal(uisa_load(d, n, p, &err), 0);
    free(d);
}

static void test_verify_alone(void **state)
{
    (void)state;
    uisa_program io, other;
    load(paths[1], &io);
    load(paths[3], &other);
    uint8_t *proof, *input;
    size_t len, in_len;
    uvm_err err = {0};
    assert_int_equal(io_read_all(paths[2], 1u << 28, &proof, &len, &err), 0);
    assert_int_equal(io_read_all(paths[4], 1u << 10, &input, &in_len, &err), 0);

    zk_claim c;
    int rc = zk_verify(&io, proof, len, MIN_BITS, &c, &err);
    if (rc)
        fail_msg("honest proof refused: %s", err.msg);
    assert_int_equal(c.input_len, in_len);
    assert_int_equal(c.input_used, in_len); /* the io program echoes its whole input */
    assert_true(c.output_len >= in_len);
    assert_memory_equal(c.output + c.output_len - in_len, input, in_len);
    zk_claim_free(&c);

    memset(&err, 0, sizeof err);
    assert_int_equal(zk_verify(&other, proof, len, MIN_BITS, NULL, &err), -1);
    assert_true(err.msg[0] != 0);

    proof[len / 2] ^= 0x10;
    memset(&err, 0, sizeof err);
    assert_int_equal(zk_verify(&io, proof, len, MIN_BITS, NULL, &err), -1);
    assert_true(err.msg[0] != 0);

    free(proof);
    free(input);
    uisa_program_free(&io);
    uisa_program_free(&other);
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    paths = argv;
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_verify_alone)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
