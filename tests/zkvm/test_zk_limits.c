/* test_zk_limits.c — hostile sizes: the prover refuses a run whose
 * guest-controlled sizes (io, MEMSET
 * and MEMCPY past a segment's caps, a run that never exits) it cannot prove,
 * with one line naming the cap (a write on a faulting buffer of 2^31 bytes is
 * now proved, with no io row), and the verifier refuses a proof whose boundary
 * or STARK body claims more than it can hold. "Quickly" is shown by
 * construction, never by a timer: the progress callback proves that a refusal
 * came before the proving phase (or before the witness phase), and a hostile
 * file is refused by the parser, whose checks come before its allocations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "stark.h"
#include "zk_file.h"
#include "zk_int.h"
#include "zkt.h"

#define BIG 0x10000000u            /* a large zero-filled RW segment of the tests' guests */
#define BIG_SIZE (40u << 20)

/* The phases a prove run reached. */
typedef struct phases { int execute, witness, prove; } phases;

static void on_progress(void *ctx, const zk_progress *pr)
{
    phases *ph = ctx;
    ph->execute |= !strcmp(pr->phase, "execute");
    ph->witness |= !strcmp(pr->phase, "witness");
    ph->prove |= !strcmp(pr->phase, "prove");
}

/* Proves t (with the big segment) and expects a refusal containing want; the
 * phases reached come back in *ph. */
static void refused(vmt *t, const uint8_t *input, size_t input_len, uint64_t max_cycles,
                    const char *want, phases *ph)
{
    vmt_finish(t);
    uisa_segment segs[4];
    memcpy(segs, t->p.segments, 3 * sizeof *segs);
    segs[3] = (uisa_segment){.vaddr = BIG, .memsz = BIG_SIZE, .flags = UISA_SEG_R | UISA_SEG_W};
    t->p.segments = segs;
    t->p.n_segments = 4;
    zk_prove_opts o = zkt_opts();
    o.input = input;
    o.input_len = input_len;
    o.max_cycles = max_cycles;
    o.progress = on_progress;
    o.progress_ctx = ph;
    memset(ph, 0, sizeof *ph);
    uint8_t *proof = NULL;
    size_t len = 0;
    uvm_err err = {{0}};
    assert_int_not_equal(zk_prove(&t->p, &o, &proof, &len, NULL, &err), 0);
    assert_null(proof);
    if (!strstr(err.msg, want))
        fail_msg("error '%s' lacks '%s'", err.msg, want);
    assert_null(strchr(err.msg, '\n'));
    assert_false(ph->prove);
    vmt_free(t);
}

/* fd, buf, len in a0..a2, then the syscall, then exit 0 */
static vmt *call3(uint32_t nr, uint32_t a0, uint32_t a1, uint32_t a2)
{
    vmt *t = vmt_new();
    vmt_li(t, X_A0, a0);
    vmt_li(t, X_A1, a1);
    vmt_li(t, X_A2, a2);
    vmt_syscall(t, nr);
    vmt_exit(t, 0);
    return t;
}

/* The seven-instruction guest: write(1, 0x100, 2^31 - 1) fails with
 * -EFAULT on the VM; it used to build one io row per requested byte (~18.6
 * GB), now the failure is proved (chip_sys.c sys_fault) with no io row; 2^32 -
 * 1 the same (the range wraps). */
static void test_write_faulting_buffer(void **s)
{
    (void)s;
    static const uint32_t lens[] = {0x7fffffffu, 0xffffffffu};
    for (unsigned i = 0; i < 2; i++) {
        vmt *t = call3(64, 1, 0x100, lens[i]);
        zkt_proved r = zkt_prove_verify(t, NULL, 0);
        assert_int_equal(r.rep.rows[ZC_IO], 0);
        zkt_proved_free(&r);
        vmt_free(t); /* zkt_prove_verify leaves t to the caller */
    }
}

/* A legitimate write(2) past the io cap (its bytes are io rows that prove
 * them readable): refused by the witness before any io row. */
static void test_write2_past_io_cap(void **s)
{
    (void)s;
    phases ph;
    refused(call3(64, 2, BIG, ZK_MAX_IO_BYTES + 1), NULL, 0, 0,
            "write of 4194305 bytes: a segment proves at most 4194304 bytes of io", &ph);
}

/* A legitimate write one byte past the io cap: refused by the check run,
 * before any segment is traced. */
static void test_write_past_io_cap(void **s)
{
    (void)s;
    phases ph;
    refused(call3(64, 1, BIG, ZK_MAX_IO_BYTES + 1), NULL, 0, 0,
            "a write of 4194305 bytes to fd 1: a segment proves at most 4194304 bytes of io", &ph);
    assert_true(ph.execute);
    assert_false(ph.witness);
}

/* A read of more input than a segment's io cap: refused before its io rows. */
static void test_read_past_io_cap(void **s)
{
    (void)s;
    size_t n = ZK_MAX_IO_BYTES + 1;
    uint8_t *in = calloc(n, 1);
    phases ph;
    refused(call3(63, 0, BIG, (uint32_t)n), in, n, 0,
            "read of 4194305 bytes: a segment proves at most 4194304 bytes of io", &ph);
    free(in);
}

/* MEMSET / MEMCPY of one word more than a segment's cap: refused before their
 * word rows (the VM runs them: the buffers are mapped). */
static void test_copy_past_cap(void **s)
{
    (void)s;
    static const struct { uisa_op op; const char *want; } c[] = {
        {UOP_MEMSET, "MEMSET of 16777220 bytes: a segment proves at most 4194304 MEMSET/MEMCPY words"},
        {UOP_MEMCPY, "MEMCPY of 16777220 bytes: a segment proves at most 4194304 MEMSET/MEMCPY words"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        vmt *t = vmt_new();
        vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 8);
        uint32_t fn = vmt_op(t, c[i].op, 0, 0, 0, 0);
        vmt_li(t, X_A0, BIG);
        vmt_li(t, X_A1, c[i].op == UOP_MEMSET ? 0x5a : BIG + (20u << 20));
        vmt_li(t, X_A2, 4 * ZK_MAX_COPY_WORDS + 4);
        vmt_op(t, UOP_JAL, X_RA, 0, 0, (int32_t)(fn - vmt_pc(t)));
        vmt_exit(t, 0);
        phases ph;
        refused(t, NULL, 0, 0, c[i].want, &ph);
        assert_true(ph.witness);
    }
}

/* A guest that never exits: zk_prove has a default uop limit (uvm prove's;
 * test_zk_cli.py runs it), and hitting a limit is refused after the check
 * run, before any segment is traced, with the line that says how to raise it. */
static void test_never_exits(void **s)
{
    (void)s;
    assert_int_equal(zk_prove_opts_default().max_cycles, ZK_DEFAULT_MAX_CYCLES);
    vmt *t = vmt_new();
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 0);
    phases ph;
    refused(t, NULL, 0, 1000, "the run did not exit within 1000 uops; raise --max-cycles", &ph);
    assert_false(ph.witness);
}

static void put32(uint8_t *b, size_t *o, uint32_t v) { memcpy(b + *o, &v, 4), *o += 4; }
static void put64(uint8_t *b, size_t *o, uint64_t v) { memcpy(b + *o, &v, 8), *o += 8; }

/* A hostile .uvp: a statement and one segment whose boundary claims n keys in
 * the frame z. */
static size_t hostile(uint8_t *b, uint64_t n, const uint8_t *z, size_t zl)
{
    size_t o = 0;
    memcpy(b, ZK_FILE_MAGIC, 8), o = 8;
    put32(b, &o, ZK_FILE_VERSION);
    memset(b + o, 0, 32 + 32), o += 64; /* ELF hash, program digest */
    put32(b, &o, 0), put32(b, &o, 0);   /* level, flags */
    memset(b + o, 0, 32), o += 32;      /* hints hash */
    put32(b, &o, 0), put32(b, &o, 0x10000); /* exit code, entry */
    put32(b, &o, 0), put32(b, &o, 0), put32(b, &o, 0); /* input len, used, output len */
    put32(b, &o, 1);                                    /* one segment */
    put32(b, &o, 0x10000), put64(b, &o, 0), put64(b, &o, 1), put32(b, &o, 0), put32(b, &o, 1);
    put64(b, &o, n);
    put64(b, &o, zl);
    memcpy(b + o, z, zl), o += zl;
    put32(b, &o, 0); /* no brk events */
    put64(b, &o, 0); /* empty STARK proof */
    memset(b + o, 0, 32), o += 32;
    return o;
}

/* The decompression bomb: 2^28 keys claimed in a frame of a few KB (it would
 * make the verifier allocate ~4 GB): refused by the parser before it allocates
 * for the keys, naming the cap. */
static void test_boundary_bomb(void **s)
{
    (void)s;
    size_t raw_len = 16u << 20;
    uint8_t *raw = malloc(raw_len);
    memset(raw, 4, raw_len); /* gaps of one word: as compressible as it gets */
    size_t cap = ZSTD_compressBound(raw_len);
    uint8_t *z = malloc(cap);
    size_t zl = ZSTD_compress(z, cap, raw, raw_len, 19);
    assert_false(ZSTD_isError(zl));
    assert_true(zl < 4096);
    uint8_t *b = malloc(zl + 512);
    size_t len = hostile(b, 1ull << 28, z, zl);
    zk_file f;
    uvm_err err = {{0}};
    assert_int_not_equal(zk_file_parse(b, len, &f, &err), 0);
    if (!strstr(err.msg, "boundary of 268435456 keys, more than a segment touches (16777216)"))
        fail_msg("unexpected: %s", err.msg);
    free(b), free(z), free(raw);
}

/* A STARK body claiming 64 MiB from a frame of a few KB: refused before the
 * body is allocated (an honest body compresses by about 1.5x). */
static void test_stark_body_bomb(void **s)
{
    (void)s;
    size_t raw_len = 64u << 20;
    uint8_t *raw = calloc(raw_len, 1);
    size_t cap = ZSTD_compressBound(raw_len);
    uint8_t *z = malloc(40 + cap);
    size_t zl = ZSTD_compress(z + 40, cap, raw, raw_len, 19);
    assert_false(ZSTD_isError(zl));
    memcpy(z, "UVMPROOF", 8);
    uint32_t ver = STARK_PROOF_VERSION, hk = 0;
    memcpy(z + 8, &ver, 4), memcpy(z + 12, &hk, 4);
    static const uint8_t params[8] = {1, 3, 84, 0, 3, 16, 2, 0}; /* byte 6: GF(p^2) */
    memcpy(z + 16, params, 8);
    uint64_t r64 = raw_len, c64 = zl;
    memcpy(z + 24, &r64, 8), memcpy(z + 32, &c64, 8);
    stark_proof p;
    uvm_err err = {{0}};
    assert_int_not_equal(stark_proof_load(z, 40 + zl, &p, &err), 0);
    if (!strstr(err.msg, "more than 16x"))
        fail_msg("unexpected: %s", err.msg);
    uint8_t id[32];
    assert_int_not_equal(stark_proof_id(z, 40 + zl, id, &err), 0);
    free(z), free(raw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_faulting_buffer),
        cmocka_unit_test(test_write_past_io_cap),
        cmocka_unit_test(test_write2_past_io_cap),
        cmocka_unit_test(test_read_past_io_cap),
        cmocka_unit_test(test_copy_past_cap),
        cmocka_unit_test(test_never_exits),
        cmocka_unit_test(test_boundary_bomb),
        cmocka_unit_test(test_stark_body_bomb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
