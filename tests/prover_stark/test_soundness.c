/* test_soundness.c — proofs that must NOT verify: flipped proof bytes (every
 * header byte and every 97th body byte), truncations, a wrong public input, a
 * trace with one changed cell, an unbalanced bus, parameters below policy,
 * and a proof for one system checked against another. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "airs.h"

static int prove_raw(test_air *t, stark_params P, stark_proof *p, uvm_err *err)
{
    stark_prove_opts o = stark_prove_opts_default();
    o.params = P;
    o.check_rows = 0;
    o.unchecked = 1; /* the prover must still produce a proof for a bad trace */
    return stark_prove(t->sys, t->pub, t->n_pub, t->traces, &o, p, err);
}

/* Loads and verifies bytes; returns 0 if accepted. */
static int accept_bytes(test_air *t, const uint8_t *b, size_t len, uvm_err *err)
{
    stark_proof p;
    stark_policy pol = test_policy();
    if (stark_proof_load(b, len, &p, err))
        return -1;
    int rc = stark_verify(t->sys, t->pub, t->n_pub, &p, &pol, err);
    stark_proof_free(&p);
    return rc;
}

/* A flip inside the zstd stream can leave the decoded body unchanged (zstd
 * headers have slack): then the proof is the same proof and accepting it is
 * right. Same proof = the bytes load, and saving them again gives back the
 * original bytes (saving is deterministic). */
static int same_proof(const uint8_t *b, size_t len, const uint8_t *orig)
{
    stark_proof p;
    uvm_err err = {{0}};
    uint8_t *again = NULL;
    size_t alen = 0;
    if (stark_proof_load(b, len, &p, &err))
        return 0;
    int same = !stark_proof_save(&p, &again, &alen, &err) && alen == len && !memcmp(again, orig, len);
    free(again);
    stark_proof_free(&p);
    return same;
}

static void flips_for(test_air *t)
{
    stark_proof p;
    uvm_err err = {{0}};
    assert_int_equal(prove_raw(t, test_params(), &p, &err), 0);
    uint8_t *buf;
    size_t len;
    assert_int_equal(stark_proof_save(&p, &buf, &len, &err), 0);
    stark_proof_free(&p);
    assert_int_equal(accept_bytes(t, buf, len, &err), 0);
    uint8_t *orig = malloc(len);
    memcpy(orig, buf, len);
    size_t n_checked = 0;
    for (size_t i = 0; i < len; i++) {
        if (i >= 40 && i % 97)
            continue;
        for (int bit = 0; bit < 8; bit += (i < 40 ? 1 : 7)) {
            buf[i] ^= (uint8_t)(1u << bit);
            int rc = accept_bytes(t, buf, len, &err);
            if (rc == 0 && !same_proof(buf, len, orig)) {
                print_error("accepted a proof with byte %zu bit %d flipped\n", i, bit);
                fail();
            }
            assert_true(rc == 0 || (strlen(err.msg) > 0 && !strchr(err.msg, '\n')));
            buf[i] ^= (uint8_t)(1u << bit);
            n_checked++;
        }
    }
    assert_true(n_checked > 40);
    /* truncations and extensions */
    for (size_t l = 0; l < len; l += (l < 64 ? 1 : 13))
        assert_int_not_equal(accept_bytes(t, buf, l, &err), 0);
    uint8_t *big = malloc(len + 1);
    memcpy(big, buf, len);
    big[len] = 0;
    assert_int_not_equal(accept_bytes(t, big, len + 1, &err), 0);
    free(big);
    free(buf);
    free(orig);
}

static void test_byte_flips_fib(void **st)
{
    (void)st;
    test_air t;
    assert_int_equal(test_air_fib(&t, 6), 0);
    flips_for(&t);
    test_air_free(&t);
}

static void test_byte_flips_bus(void **st)
{
    (void)st;
    test_air t;
    assert_int_equal(test_air_bus(&t, 7, 5), 0);
    flips_for(&t);
    test_air_free(&t);
}

static void test_wrong_public(void **st)
{
    (void)st;
    stark_policy pol = test_policy();
    uvm_err err = {{0}};
    stark_proof p;
    test_air t;
    assert_int_equal(test_air_fib(&t, 7), 0);
    assert_int_equal(prove_raw(&t, test_params(), &p, &err), 0);
    for (size_t k = 0; k < 3; k++) {
        t.pub[k] = gl_add(t.pub[k], 1);
        assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
        t.pub[k] = gl_sub(t.pub[k], 1);
    }
    assert_int_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
    stark_proof_free(&p);
    test_air_free(&t);
    /* a public input that feeds a bus: the balance check names LogUp */
    assert_int_equal(test_air_range(&t, 6), 0);
    assert_int_equal(prove_raw(&t, test_params(), &p, &err), 0);
    t.pub[0] = 78;
    assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
    assert_non_null(strstr(err.msg, "logup"));
    stark_proof_free(&p);
    test_air_free(&t);
}

static void test_bad_cell(void **st)
{
    (void)st;
    stark_policy pol = test_policy();
    uvm_err err = {{0}};
    /* every cell position class: first row, middle, last row; both columns */
    size_t rows[] = {0, 17, 63};
    for (size_t k = 0; k < 6; k++) {
        test_air t;
        assert_int_equal(test_air_fib(&t, 6), 0);
        t.traces[0].data[2 * rows[k / 2] + k % 2] ^= 4;
        stark_proof p;
        assert_int_equal(prove_raw(&t, test_params(), &p, &err), 0);
        assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
        stark_proof_free(&p);
        test_air_free(&t);
    }
    /* a cell in a degree-3 constraint column of the smaller chip */
    test_air t;
    assert_int_equal(test_air_bus(&t, 8, 6), 0);
    t.traces[1].data[3 * 5 + 2] ^= 1;
    stark_proof p;
    assert_int_equal(prove_raw(&t, test_params(), &p, &err), 0);
    assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
    stark_proof_free(&p);
    test_air_free(&t);
}

static void test_unbalanced_bus(void **st)
{
    (void)st;
    stark_policy pol = test_policy();
    uvm_err err = {{0}};
    test_air t;
    assert_int_equal(test_air_range(&t, 8), 0);
    t.traces[1].data[200] = gl_add(t.traces[1].data[200], 1);
    stark_proof p;
    assert_int_equal(prove_raw(&t, test_params(), &p, &err), 0);
    assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
    assert_non_null(strstr(err.msg, "logup"));
    stark_proof_free(&p);
    test_air_free(&t);
    /* the same in a chip whose interactions share aux columns in pairs */
    assert_int_equal(test_air_range_w(&t, 7, 3), 0);
    t.traces[1].data[9] = gl_sub(t.traces[1].data[9], 1);
    assert_int_equal(prove_raw(&t, test_params(), &p, &err), 0);
    assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
    stark_proof_free(&p);
    test_air_free(&t);
    /* a value outside the table: 300 sent, nothing receives it */
    assert_int_equal(test_air_range(&t, 8), 0);
    gl_t old = t.traces[0].data[3];
    t.traces[0].data[3] = 300;
    t.traces[1].data[old] = gl_sub(t.traces[1].data[old], 1);
    assert_int_equal(prove_raw(&t, test_params(), &p, &err), 0);
    assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
    stark_proof_free(&p);
    test_air_free(&t);
}

static void test_params_policy(void **st)
{
    (void)st;
    uvm_err err = {{0}};
    test_air t;
    assert_int_equal(test_air_fib(&t, 6), 0);
    stark_params P = test_params();
    P.n_queries = 10;
    P.grinding_bits = 0;
    stark_proof p;
    assert_int_equal(prove_raw(&t, P, &p, &err), 0);
    stark_policy pol = test_policy();
    assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
    assert_non_null(strstr(err.msg, "security"));
    pol.min_security_bits = 10;
    assert_int_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
    /* tampered parameters in memory: transcript or shape must catch them */
    p.params.n_queries = 11;
    assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
    p.params.n_queries = 10;
    p.params.log_arity = 2;
    assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
    stark_proof_free(&p);
    /* the default policy rejects the test parameters */
    assert_int_equal(prove_raw(&t, test_params(), &p, &err), 0);
    assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, NULL, &err), 0);
    stark_proof_free(&p);
    test_air_free(&t);
}

static void test_wrong_system(void **st)
{
    (void)st;
    uvm_err err = {{0}};
    stark_policy pol = test_policy();
    test_air a, b;
    assert_int_equal(test_air_bus(&a, 7, 5), 0);
    assert_int_equal(test_air_range(&b, 7), 0);
    stark_proof p;
    assert_int_equal(prove_raw(&a, test_params(), &p, &err), 0);
    assert_int_not_equal(stark_verify(b.sys, b.pub, b.n_pub, &p, &pol, &err), 0);
    stark_proof_free(&p);
    test_air_free(&a);
    test_air_free(&b);
}


/* In-memory tampering past the loader: every kind of proof field, so the
 * verifier itself (not zstd) is shown to catch each one. */
static void expect_reject(test_air *t, stark_proof *p, const char *what)
{
    uvm_err err = {{0}};
    stark_policy pol = test_policy();
    int rc = stark_verify(t->sys, t->pub, t->n_pub, p, &pol, &err);
    if (rc == 0)
        print_error("accepted tampered %s\n", what);
    assert_int_not_equal(rc, 0);
}

static void test_field_tamper(void **st)
{
    (void)st;
    test_air t;
    uvm_err err = {{0}};
    assert_int_equal(test_air_range_w(&t, 9, 3), 0);
    stark_proof p;
    assert_int_equal(prove_raw(&t, test_params(), &p, &err), 0);
#define TAMPER(lv, what) do { gl_t o_ = (lv); (lv) = gl_add(o_, 1); expect_reject(&t, &p, what); (lv) = o_; } while (0)
    unsigned d = stark_ext_deg(&p.params); /* coefficients per extension element */
    for (uint32_t k = 0; k < p.n_ood * d; k++)
        TAMPER(p.ood[k], "ood");
    for (uint32_t k = 0; k < p.n_sums; k++)
        TAMPER(p.sums[k * d], "sum");
    for (uint32_t k = 0; k < p.n_final; k++)
        TAMPER(p.final_poly[k * d + 1], "final");
    for (uint32_t k = 0; k < p.n_open; k++) {
        stark_tree_open *o = &p.open[k];
        for (size_t i = 0; i < (size_t)o->width * o->n_rows; i += 1 + o->width / 2)
            TAMPER(o->vals[i], "opened value");
        for (size_t i = 0; i < o->mp.n_siblings; i += 3) {
            o->mp.siblings[i].b[5] ^= 1;
            expect_reject(&t, &p, "sibling");
            o->mp.siblings[i].b[5] ^= 1;
        }
    }
    /* the shorter groups of a mixed-height stage carry no path of their own
     * (two heights here): a sibling smuggled into one is rejected */
    size_t no_path = 0;
    hash_digest extra = {{1}};
    for (uint32_t k = 0; k < p.n_open; k++) {
        merkle_proof *mp = &p.open[k].mp;
        if (mp->n_siblings)
            continue;
        no_path++;
        hash_digest *own = mp->siblings; /* merkle_open's (empty) buffer: still to be freed */
        mp->siblings = &extra, mp->n_siblings = 1;
        expect_reject(&t, &p, "sibling of a pathless opening");
        mp->siblings = own, mp->n_siblings = 0;
    }
    assert_true(no_path >= 3);
    hash_digest *roots[] = {p.main_roots, p.aux_roots, p.quot_roots, p.fri_roots};
    uint32_t nr[] = {p.n_main_roots, p.n_aux_roots, p.n_quot_roots, p.n_fri_roots};
    for (int s = 0; s < 4; s++)
        for (uint32_t k = 0; k < nr[s]; k++) {
            roots[s][k].b[0] ^= 0x80;
            expect_reject(&t, &p, "root");
            roots[s][k].b[0] ^= 0x80;
        }
    p.pow_nonce ^= 1;
    expect_reject(&t, &p, "nonce");
    p.pow_nonce ^= 1;
    p.log_heights[0]++;
    expect_reject(&t, &p, "height");
    p.log_heights[0]--;
    stark_policy small = {.min_security_bits = 20, .max_log_height = 8};
    assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &small, &err), 0);
    assert_non_null(strstr(err.msg, "out of range"));
    stark_policy pol = test_policy();
    assert_int_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
    stark_proof_free(&p);
    test_air_free(&t);
}

/* One quotient for three chips of one height: a bad cell in any one chip's
 * constraint, or a changed opened value of the shared quotient, is rejected
 * at zeta. */
static void test_quotient_group(void **st)
{
    (void)st;
    uvm_err err = {{0}};
    test_air t;
    stark_proof p;
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(test_air_group(&t, 6), 0);
        t.traces[k].data[2 * 17 + 1] = gl_add(t.traces[k].data[2 * 17 + 1], 1);
        assert_int_equal(prove_raw(&t, test_params(), &p, &err), 0);
        expect_reject(&t, &p, "cell of one chip in a group");
        stark_proof_free(&p);
        test_air_free(&t);
    }
    assert_int_equal(test_air_group(&t, 6), 0);
    assert_int_equal(prove_raw(&t, test_params(), &p, &err), 0);
    /* ood: fib main (2 columns at zeta, zeta w) = 4, then the group's 2
     * quotient chunks (2 x D base columns), then sq and cube main (4 each) */
    unsigned d = test_ext_degree;
    assert_int_equal(p.n_ood, 12 + 2 * d);
    for (uint32_t k = 4 * d; k < (4 + 2 * d) * d; k++) /* their coefficients */
        TAMPER(p.ood[k], "quotient chunk at zeta");
    stark_policy pol = test_policy();
    assert_int_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
    stark_proof_free(&p);
    test_air_free(&t);
}

/* k = 3, 5, 8 interactions packed in one aux column: a value outside the
 * table or a wrong multiplicity in any one of them is rejected, and so is
 * any changed opened value. */
static void test_packed_interactions(void **st)
{
    (void)st;
    uvm_err err = {{0}};
    test_air t;
    stark_proof p;
    unsigned ks[] = {3, 5, 8};
    for (size_t ki = 0; ki < 3; ki++) {
        unsigned k = ks[ki];
        stark_params P = test_params();
        P.log_blowup = k <= 4 ? 2 : 3;
        for (unsigned j = 0; j < k; j++)
            for (int what = 0; what < 2; what++) {
                assert_int_equal(test_air_range_pack(&t, 7, k, k, k + 1, 0), 0);
                assert_int_equal(air_chip_widths(air_system_chip(t.sys, 0)).aux, 2 * (2));
                if (what == 0) { /* send 300 in place of a byte, counts unchanged */
                    gl_t old = t.traces[0].data[5 * k + j];
                    t.traces[0].data[5 * k + j] = 300;
                    t.traces[1].data[old * k + j] = gl_sub(t.traces[1].data[old * k + j], 1);
                } else { /* receive one byte once more in column j */
                    t.traces[1].data[40 * k + j] = gl_add(t.traces[1].data[40 * k + j], 1);
                }
                assert_int_equal(prove_raw(&t, P, &p, &err), 0);
                expect_reject(&t, &p, what ? "multiplicity in a packed column" : "value in a packed column");
                stark_proof_free(&p);
                test_air_free(&t);
            }
        assert_int_equal(test_air_range_pack(&t, 7, k, k, k + 1, 0), 0);
        assert_int_equal(prove_raw(&t, P, &p, &err), 0);
        for (uint32_t i = 0; i < p.n_ood * stark_ext_deg(&p.params); i++)
            TAMPER(p.ood[i], "ood of a packed chip");
        stark_policy pol = test_policy();
        assert_int_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
        stark_proof_free(&p);
        test_air_free(&t);
    }
}

/* The verifier builds the system for the proof's blowup (its LogUp packing
 * depends on it): a proof at blowup 4 (8 sends in 2 columns) whose header
 * claims blowup 2 or 8 is rejected, by the system built for the claimed
 * blowup as by the original one, with a one-line reason. */
static void test_header_blowup(void **st)
{
    (void)st;
    uvm_err err = {{0}};
    stark_policy pol = test_policy();
    test_air t;
    stark_params P = test_params();
    P.log_blowup = 2;
    assert_int_equal(test_air_range_pack(&t, 7, 8, 1, stark_max_degree(&P), 0), 0);
    assert_int_equal(air_chip_widths(air_system_chip(t.sys, 0)).aux, 2 * (3));
    stark_proof p;
    assert_int_equal(prove_raw(&t, P, &p, &err), 0);
    assert_int_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
    for (uint8_t lb = 1; lb <= 3; lb += 2) {
        p.params.log_blowup = lb;
        uint8_t *buf;
        size_t len;
        assert_int_equal(stark_proof_save(&p, &buf, &len, &err), 0);
        stark_proof q;
        assert_int_equal(stark_proof_load(buf, len, &q, &err), 0);
        free(buf);
        test_air u;
        assert_int_equal(test_air_range_pack(&u, 7, 8, 1, stark_max_degree(&q.params), 0), 0);
        assert_int_equal(air_chip_widths(air_system_chip(u.sys, 0)).aux, 2 * (lb == 1 ? 5 : 2));
        err.msg[0] = 0;
        assert_int_not_equal(stark_verify(u.sys, u.pub, u.n_pub, &q, &pol, &err), 0);
        assert_true(strlen(err.msg) > 0 && !strchr(err.msg, '\n'));
        err.msg[0] = 0;
        assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &q, &pol, &err), 0);
        assert_true(strlen(err.msg) > 0 && !strchr(err.msg, '\n'));
        stark_proof_free(&q);
        test_air_free(&u);
    }
    stark_proof_free(&p);
    test_air_free(&t);
}

/* Flips inside the DECOMPRESSED body (recompressed with a fresh header), so
 * the parser and verifier, not zstd, meet every damaged count and value. */
static size_t rebuild(const uint8_t *hdr, const uint8_t *body, size_t blen, uint8_t **out)
{
    size_t bound = ZSTD_compressBound(blen);
    uint8_t *b = malloc(40 + bound);
    size_t c = ZSTD_compress(b + 40, bound, body, blen, 1);
    assert_false(ZSTD_isError(c));
    memcpy(b, hdr, 24);
    for (int i = 0; i < 8; i++) {
        b[24 + i] = (uint8_t)((uint64_t)blen >> (8 * i));
        b[32 + i] = (uint8_t)((uint64_t)c >> (8 * i));
    }
    *out = b;
    return 40 + c;
}

static void test_body_flips(void **st)
{
    (void)st;
    test_air t;
    uvm_err err = {{0}};
    assert_int_equal(test_air_bus(&t, 7, 5), 0);
    stark_proof p;
    assert_int_equal(prove_raw(&t, test_params(), &p, &err), 0);
    uint8_t *buf;
    size_t len;
    assert_int_equal(stark_proof_save(&p, &buf, &len, &err), 0);
    stark_proof_free(&p);
    size_t raw = (size_t)ZSTD_getFrameContentSize(buf + 40, len - 40);
    uint8_t *body = malloc(raw);
    assert_int_equal(ZSTD_decompress(body, raw, buf + 40, len - 40), raw);
    uint8_t *nb;
    size_t nl = rebuild(buf, body, raw, &nb);
    assert_int_equal(accept_bytes(&t, nb, nl, &err), 0);
    free(nb);
    size_t checked = 0;
    for (size_t i = 0; i < raw; i += (i < 256 ? 1 : 31)) {
        int bit = (int)(i % 8);
        body[i] ^= (uint8_t)(1u << bit);
        nl = rebuild(buf, body, raw, &nb);
        int rc = accept_bytes(&t, nb, nl, &err);
        if (rc == 0)
            print_error("accepted body byte %zu bit %d flipped\n", i, bit);
        assert_int_not_equal(rc, 0);
        free(nb);
        body[i] ^= (uint8_t)(1u << bit);
        checked++;
    }
    /* body truncated or extended (header sizes consistent) */
    for (size_t l = 0; l < raw; l += 53) {
        nl = rebuild(buf, body, l, &nb);
        assert_int_not_equal(accept_bytes(&t, nb, nl, &err), 0);
        free(nb);
    }
    assert_true(checked > 300);
    free(body);
    free(buf);
    test_air_free(&t);
}

/* Exhaustive on small traces: every single cell changed must be rejected
 * (the prover is told to skip its own checks). */
static void flip_every_cell(test_air *t)
{
    stark_policy pol = test_policy();
    uvm_err err = {{0}};
    size_t n_checked = 0;
    for (size_t ci = 0; ci < t->n_traces; ci++) {
        gl_matrix *m = &t->traces[ci];
        for (size_t k = 0; k < m->rows * m->cols; k++) {
            gl_t old = m->data[k];
            m->data[k] = gl_add(old, 1 + (gl_t)k);
            stark_proof p;
            assert_int_equal(prove_raw(t, test_params(), &p, &err), 0);
            int rc = stark_verify(t->sys, t->pub, t->n_pub, &p, &pol, &err);
            if (rc == 0)
                print_error("accepted trace %zu cell %zu changed\n", ci, k);
            assert_int_not_equal(rc, 0);
            stark_proof_free(&p);
            m->data[k] = old;
            n_checked++;
        }
    }
    assert_true(n_checked > 0);
}

static void test_every_cell(void **st)
{
    (void)st;
    test_air t;
    assert_int_equal(test_air_fib(&t, 4), 0);
    flip_every_cell(&t);
    test_air_free(&t);
    assert_int_equal(test_air_bus(&t, 5, 3), 0);
    flip_every_cell(&t);
    test_air_free(&t);
    assert_int_equal(test_air_range_w(&t, 3, 3), 0);
    flip_every_cell(&t);
    test_air_free(&t);
}

/* The challenge field is part of the statement: a proof made over GF(p^3)
 * whose header says GF(p^2), or the reverse, is rejected (by the loader, as
 * the body's element sizes no longer match, or by the verifier, as the
 * transcript absorbs the degree), and a degree other than 2 or 3 is refused. */
static void test_degree_flip(void **st)
{
    (void)st;
    uvm_err err = {{0}};
    stark_policy pol = test_policy();
    for (unsigned deg = 2; deg <= 3; deg++) {
        test_air t;
        assert_int_equal(test_air_bus(&t, 7, 5), 0);
        stark_params P = test_params();
        P.ext_degree = (uint8_t)deg;
        stark_proof p;
        assert_int_equal(prove_raw(&t, P, &p, &err), 0);
        assert_int_equal(stark_ext_deg(&p.params), deg);
        assert_int_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
        uint8_t *buf;
        size_t len;
        assert_int_equal(stark_proof_save(&p, &buf, &len, &err), 0);
        assert_int_equal(buf[16 + 6], deg); /* the header's parameter bytes */
        for (unsigned other = 0; other <= 4; other++) {
            if (other == deg)
                continue;
            buf[16 + 6] = (uint8_t)other;
            err.msg[0] = 0;
            assert_int_not_equal(accept_bytes(&t, buf, len, &err), 0);
            assert_true(strlen(err.msg) > 0 && !strchr(err.msg, '\n'));
            buf[16 + 6] = (uint8_t)deg;
        }
        assert_int_equal(accept_bytes(&t, buf, len, &err), 0);
        free(buf);
        /* in memory, past the loader: a degree-3 proof relabelled degree 2
         * (its arrays hold more coefficients than degree 2 reads) */
        if (deg == 3) {
            p.params.ext_degree = 2;
            err.msg[0] = 0;
            assert_int_not_equal(stark_verify(t.sys, t.pub, t.n_pub, &p, &pol, &err), 0);
            assert_true(strlen(err.msg) > 0 && !strchr(err.msg, '\n'));
        }
        stark_proof_free(&p);
        test_air_free(&t);
    }
}

int main(int argc, char **argv)
{
    test_ext_from_args(argc, argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_byte_flips_fib),
        cmocka_unit_test(test_byte_flips_bus),
        cmocka_unit_test(test_wrong_public),
        cmocka_unit_test(test_bad_cell),
        cmocka_unit_test(test_unbalanced_bus),
        cmocka_unit_test(test_params_policy),
        cmocka_unit_test(test_wrong_system),
        cmocka_unit_test(test_field_tamper),
        cmocka_unit_test(test_quotient_group),
        cmocka_unit_test(test_packed_interactions),
        cmocka_unit_test(test_header_blowup),
        cmocka_unit_test(test_body_flips),
        cmocka_unit_test(test_every_cell),
        cmocka_unit_test(test_degree_flip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
