/* airs.h — example AIR systems for the STARK tests: Fibonacci, two chips of
 * different heights joined by a LogUp bus, and a byte range check against a
 * preprocessed table with a public bus contribution.
 * Invariant: each builder returns a finalized system plus valid traces; tests
 * corrupt copies, never the builders' logic. */
#ifndef UVM_TEST_AIRS_H
#define UVM_TEST_AIRS_H

#include "stark.h"

typedef struct test_air {
    air_system *sys;
    gl_matrix *traces;
    size_t n_traces;
    gl_t pub[4];
    size_t n_pub;
} test_air;

/* fib: a' = b, b' = a + b; a[0] = pub0, b[0] = pub1, b[n-1] = pub2. */
int test_air_fib(test_air *t, unsigned log_n);
/* "big" (2^log_big rows) sends v on bus 1; "small" (2^log_small rows)
 * receives (u) with multiplicity m and keeps cube = u^3 (degree 3). */
int test_air_bus(test_air *t, unsigned log_big, unsigned log_small);
/* "vals" (2^log_n rows) sends each byte x on bus 2; "bytes" (256 rows, fixed
 * column 0..255) receives with multiplicity m; the verifier adds a send of
 * pub0 (a byte) from the public-input hook. */
int test_air_range(test_air *t, unsigned log_n);
/* The same with `width` byte columns in "vals", each sent (several
 * interactions per chip: LogUp pairs them into shared aux columns). */
int test_air_range_w(test_air *t, unsigned log_n, unsigned width);
/* The same with "bytes" receiving nrecv times (main column j: the count of
 * bytes from vals columns k = j mod nrecv; the public byte in column 0), and
 * the system's LogUp degree budget (air_system_set_max_degree; 0: none). */
int test_air_range_pack(test_air *t, unsigned log_n, unsigned width, unsigned nrecv,
                        unsigned budget, unsigned share);
/* Three chips of one height 2^log_n (one shared quotient): "fib" as above,
 * "sq" (y = x^2, degree 2) and "cube" (y = x^3, degree 3), x = 3 + 5r. */
int test_air_group(test_air *t, unsigned log_n);
void test_air_free(test_air *t);

/* Small parameters for tests, with challenges from GF(p^test_ext_degree):
 * 2 unless the test binary's first argument is "3" (test_ext_from_args), so
 * one binary runs its AIRs and attacks at either degree (meson: the _d3 tests). */
extern unsigned test_ext_degree;
void test_ext_from_args(int argc, char **argv);
stark_params test_params(void);
stark_policy test_policy(void);

#endif
