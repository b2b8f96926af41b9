/* test_zk_statement.c — what a proof says it proved, and how it is named.
 * The statement binds the program-table digest and the translation record (level,
 * flags, hints hash): a proof of one translation is refused for another translation
 * of the same ELF, naming the digest, and the digest the verifier reports equals one
 * computed here from zk_file.h's layout. The proof id is the same for every zstd
 * encoding of the same content, and a change of content fails it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "sha256.h"
#include "zk_file.h"
#include "zk_int.h"
#include "zk_wit.h"
#include "zkt.h"

static void le32(sha256_ctx *c, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    sha256_update(c, b, 4);
}

/* zk_file.h's program digest, written out here from its documented layout. */
static void digest_by_hand(const uisa_program *p, uint8_t out[32])
{
    zk_prow *rows;
    uint32_t n;
    uvm_err err = {{0}};
    assert_int_equal(zk_prog_build(p, &rows, &n, &err), 0);
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, "uvm program v1\n", 15);
    le32(&c, n);
    for (uint32_t i = 0; i < n; i++) {
        const zk_prow *r = &rows[i];
        uint32_t v[] = {r->pc, r->op, r->rd, r->rs1, r->rs2, r->imm, r->npc, r->e[0], r->e[1],
                        r->e[2]};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
            le32(&c, v[k]);
    }
    free(rows);
    uint32_t lo, hi;
    vm_heap_bounds(p, NULL, &lo, &hi);
    le32(&c, p->entry);
    le32(&c, lo);
    le32(&c, hi);
    le32(&c, VM_STACK_TOP - 32); /* the initial sp */
    le32(&c, p->n_segments);
    for (uint32_t i = 0; i < p->n_segments; i++) {
        const uisa_segment *s = &p->segments[i];
        le32(&c, s->vaddr);
        le32(&c, s->memsz);
        le32(&c, s->filesz);
        le32(&c, s->flags);
        sha256_update(&c, s->data, s->filesz);
    }
    sha256_final(&c, out);
}

static void expect_rejected(const uisa_program *p, const zkt_proved *r, const char *want)
{
    uvm_err err = {{0}};
    if (!zk_verify(p, r->proof, r->len, ZKT_MIN_SECURITY, NULL, &err))
        fail_msg("accepted, expected '%s'", want);
    if (!strstr(err.msg, want))
        fail_msg("error '%s' lacks '%s'", err.msg, want);
}

/* The fused program as the translator records it: -O1, fused flag. */
static vmt *fused_o1(void)
{
    vmt *t = zkt_fused();
    assert_non_null(t);
    t->p.level = 1;
    t->p.flags |= UISA_FLAG_FUSED;
    return t;
}

/* A proof of the -O0 program, then the same ELF (hash) translated with fusion,
 * or recorded with native ops and other hints: refused, naming the digest. */
static void test_other_translation(void **s)
{
    (void)s;
    vmt *base = zkt_fused_base();
    memset(base->p.elf_hash, 0x5a, 32);
    vmt_finish(base);
    vmt_run(base, NULL);
    uint32_t code = base->res.exit_code;
    zkt_proved r = zkt_prove_verify(base, NULL, code);
    uint8_t want[32];
    digest_by_hand(&base->p, want);
    assert_memory_equal(r.cl.prog_digest, want, 32);
    assert_memory_equal(r.cl.elf_hash, base->p.elf_hash, 32);
    assert_int_equal(r.cl.level, 0);

    vmt *o1 = fused_o1();
    memcpy(o1->p.elf_hash, base->p.elf_hash, 32);
    expect_rejected(&o1->p, &r, "program digest");
    uint8_t other[32];
    digest_by_hand(&o1->p, other);
    assert_memory_not_equal(want, other, 32);

    /* the same table, but the header records another translation */
    base->p.level = 2;
    base->p.flags |= UISA_FLAG_NATIVE;
    memset(base->p.hints_hash, 0x11, 32);
    expect_rejected(&base->p, &r, "different translation");
    base->p.level = 0;
    base->p.flags &= ~(uint32_t)UISA_FLAG_NATIVE;
    memset(base->p.hints_hash, 0, 32);
    uvm_err err = {{0}};
    assert_int_equal(zk_verify(&base->p, r.proof, r.len, ZKT_MIN_SECURITY, NULL, &err), 0);
    zkt_proved_free(&r);
    vmt_free(o1);
    vmt_free(base);
}

static uint8_t lie_digest[32];
static void lie_about_program(void *ctx, zk_file *f)
{
    (void)ctx;
    memcpy(f->prog_digest, lie_digest, 32);
}

/* A dishonest prover proves the -O0 table but states the -O1 program's digest
 * (and the -O1 translation): the verifier given the -O1 program finds the
 * digest it expects, and the STARK, checked against the -O1 table, refuses. */
static void test_statement_lies_about_program(void **s)
{
    (void)s;
    vmt *o1 = fused_o1();
    digest_by_hand(&o1->p, lie_digest);
    vmt *base = zkt_fused_base();
    vmt_finish(base);
    base->p.level = 1;
    base->p.flags |= UISA_FLAG_FUSED;
    zk_prove_opts o = zkt_opts();
    o.check_rows = 0;
    o.mutate_stmt = lie_about_program;
    uint8_t *proof = NULL;
    size_t len = 0;
    uvm_err err = {{0}};
    assert_int_equal(zk_prove(&base->p, &o, &proof, &len, NULL, &err), 0);
    assert_int_not_equal(zk_verify(&o1->p, proof, len, ZKT_MIN_SECURITY, NULL, &err), 0);
    /* the digest check passed: segment 0's STARK refused */
    if (!strstr(err.msg, "proof rejected: segment 0"))
        fail_msg("unexpected reason: %s", err.msg);
    free(proof);
    vmt_free(o1);
    vmt_free(base);
}

/* Offsets in a one-segment .uvp (zk_file.c's layout). */
typedef struct layout { size_t bound_len_at, bound_at, bound_len, stark_len_at, stark_at, stark_len; } layout;

static layout find_layout(const uint8_t *buf, size_t len)
{
    zk_file f;
    uvm_err err = {{0}};
    assert_int_equal(zk_file_parse(buf, len, &f, &err), 0);
    assert_int_equal(f.n_seg, 1);
    layout l;
    size_t run = 8 + 4 + 32 + 32 + 4 + 4 + 32 + 4 + 4 + 4 + 4 + f.input_len + 4 + f.output_len + 4;
    l.bound_len_at = run + 36;
    memcpy(&l.bound_len, buf + l.bound_len_at, 8);
    l.bound_at = l.bound_len_at + 8;
    l.stark_len_at = l.bound_at + l.bound_len + 4 + 12 * (size_t)f.seg[0].n_brk; /* brk events */
    l.stark_at = l.stark_len_at + 8;
    l.stark_len = f.seg[0].stark_len;
    assert_ptr_equal(buf + l.stark_at, f.seg[0].stark);
    zk_file_free(&f);
    return l;
}

/* The same bytes as one zstd frame of raw (stored) blocks: a valid encoding
 * zstd itself never chooses for compressible data. */
static uint8_t *raw_frame(const uint8_t *d, size_t n, size_t *out_len)
{
    uint8_t *z = malloc(13 + n + 3 * (n / 131072 + 1));
    size_t o = 0;
    static const uint8_t magic[4] = {0x28, 0xb5, 0x2f, 0xfd};
    memcpy(z, magic, 4), o = 4;
    z[o++] = 0xe0; /* 8-byte content size, single segment, no checksum */
    for (int i = 0; i < 8; i++)
        z[o++] = (uint8_t)((uint64_t)n >> (8 * i));
    size_t pos = 0;
    do {
        size_t b = n - pos < 131072 ? n - pos : 131072;
        uint32_t h = (uint32_t)(b << 3) | (pos + b == n); /* type 0: raw */
        z[o++] = (uint8_t)h, z[o++] = (uint8_t)(h >> 8), z[o++] = (uint8_t)(h >> 16);
        memcpy(z + o, d + pos, b);
        o += b, pos += b;
    } while (pos < n);
    *out_len = o;
    return z;
}

/* buf with the bytes [at, at + old) replaced by rep[0..n) and the u64 length
 * field at len_at (before `at`) set to n. */
static uint8_t *splice(const uint8_t *buf, size_t len, size_t len_at, size_t at, size_t old,
                       const uint8_t *rep, size_t n, size_t *out_len)
{
    uint8_t *m = malloc(len - old + n);
    memcpy(m, buf, at);
    uint64_t v = n;
    memcpy(m + len_at, &v, 8);
    memcpy(m + at, rep, n);
    memcpy(m + at + n, buf + at + old, len - at - old);
    *out_len = len - old + n;
    return m;
}

static void expect_same_id(const vmt *t, const uint8_t *m, size_t ml, const uint8_t id[32])
{
    zk_claim cl;
    uvm_err err = {{0}};
    if (zk_verify(&t->p, m, ml, ZKT_MIN_SECURITY, &cl, &err))
        fail_msg("re-encoded proof refused: %s", err.msg);
    assert_memory_equal(cl.proof_id, id, 32);
    zk_claim_free(&cl);
}

/* The boundary frame re-encoded as raw blocks and at another level, the STARK
 * body frame re-encoded: each file differs in bytes, verifies, and has the
 * same proof id (the trailer is untouched). A content change fails the id. */
static void test_proof_id_over_encodings(void **s)
{
    (void)s;
    vmt *t = zkt_sum();
    zkt_proved r = zkt_prove_verify(t, NULL, 55);
    layout l = find_layout(r.proof, r.len);
    uint64_t raw_len = ZSTD_getFrameContentSize(r.proof + l.bound_at, l.bound_len);
    uint8_t *raw = malloc(raw_len + 1);
    assert_int_equal(ZSTD_decompress(raw, raw_len, r.proof + l.bound_at, l.bound_len), raw_len);

    size_t zl, ml;
    uint8_t *z = raw_frame(raw, raw_len, &zl);
    uint8_t *m = splice(r.proof, r.len, l.bound_len_at, l.bound_at, l.bound_len, z, zl, &ml);
    assert_true(ml != r.len || memcmp(m, r.proof, ml));
    expect_same_id(t, m, ml, r.cl.proof_id);
    free(m), free(z);

    z = malloc(ZSTD_compressBound(raw_len));
    zl = ZSTD_compress(z, ZSTD_compressBound(raw_len), raw, raw_len, 1);
    m = splice(r.proof, r.len, l.bound_len_at, l.bound_at, l.bound_len, z, zl, &ml);
    expect_same_id(t, m, ml, r.cl.proof_id);
    free(m), free(z);

    /* the STARK body (after its 40-byte header, whose last u64 is the frame's length) */
    const uint8_t *sf = r.proof + l.stark_at + 40;
    size_t sfl = l.stark_len - 40;
    uint64_t sraw_len = ZSTD_getFrameContentSize(sf, sfl);
    uint8_t *sraw = malloc(sraw_len);
    assert_int_equal(ZSTD_decompress(sraw, sraw_len, sf, sfl), sraw_len);
    size_t szl;
    uint8_t *sz = raw_frame(sraw, sraw_len, &szl);
    uint8_t *stark = malloc(40 + szl);
    memcpy(stark, r.proof + l.stark_at, 40);
    uint64_t v = szl;
    memcpy(stark + 32, &v, 8);
    memcpy(stark + 40, sz, szl);
    m = splice(r.proof, r.len, l.stark_len_at, l.stark_at, l.stark_len, stark, 40 + szl, &ml);
    expect_same_id(t, m, ml, r.cl.proof_id);
    free(m), free(sz), free(stark), free(sraw);

    /* a content change (a final value in the boundary), re-encoded: the id fails */
    raw[raw_len - 1] ^= 1;
    z = raw_frame(raw, raw_len, &zl);
    m = splice(r.proof, r.len, l.bound_len_at, l.bound_at, l.bound_len, z, zl, &ml);
    uvm_err err = {{0}};
    assert_int_not_equal(zk_verify(&t->p, m, ml, ZKT_MIN_SECURITY, NULL, &err), 0);
    assert_non_null(strstr(err.msg, "proof id"));
    /* nor does a trailer recomputed as the file's own hash help */
    sha256(m, ml - 32, m + ml - 32);
    assert_int_not_equal(zk_verify(&t->p, m, ml, ZKT_MIN_SECURITY, NULL, &err), 0);
    free(m), free(z), free(raw);
    zkt_proved_free(&r);
    vmt_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_other_translation),
        cmocka_unit_test(test_statement_lies_about_program),
        cmocka_unit_test(test_proof_id_over_encodings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
