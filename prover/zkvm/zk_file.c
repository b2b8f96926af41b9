/* zk_file.c — writes and parses the .uvp container, computes the proof id and
 * the program digest (see zk_file.h). Invariant: the parser never reads past
 * len, decodes every frame strictly before accepting the id, and owns nothing
 * on failure. */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "stark.h"
#include "zk_bound.h"
#include "zk_file.h"
#include "zk_int.h"
#include "zk_wit.h"

#define ID_TAG "uvm proof id v1\n"
#define PROG_TAG "uvm program v1\n"

typedef struct wbuf { uint8_t *p; size_t n, cap; int oom; } wbuf;

static void put(wbuf *b, const void *d, size_t n)
{
    if (b->oom || !n)
        return;
    if (b->n + n > b->cap) {
        size_t cap = (b->n + n) * 2;
        uint8_t *q = realloc(b->p, cap);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q, b->cap = cap;
    }
    memcpy(b->p + b->n, d, n);
    b->n += n;
}
static void put32(wbuf *b, uint32_t v) { put(b, &v, 4); } /* little-endian hosts only (x86-64) */
static void put64(wbuf *b, uint64_t v) { put(b, &v, 8); }

/* The run's statement bytes, shared by the writer and the digest. */
static void put_run(wbuf *b, const zk_file *f)
{
    put(b, ZK_FILE_MAGIC, 8);
    put32(b, ZK_FILE_VERSION);
    put(b, f->elf_hash, 32);
    put(b, f->prog_digest, 32);
    put32(b, f->level);
    put32(b, f->flags);
    put(b, f->hints_hash, 32);
    put32(b, f->exit_code);
    put32(b, f->entry);
    put32(b, f->input_len);
    put32(b, f->input_used);
    put(b, f->input, f->input_len);
    put32(b, f->output_len);
    put(b, f->output, f->output_len);
    put32(b, f->n_seg);
}

/* A segment's boundary fields before its keys. */
static void put_bound_hdr(wbuf *b, const zk_seg *s)
{
    put32(b, s->start_pc);
    put64(b, s->start_step);
    put64(b, s->n_steps);
    put32(b, s->end_pc);
    put32(b, s->ends_exit);
    put64(b, s->n_touched);
}

/* The digest's form of a segment's boundary without its values (init then
 * final follow): the keys raw, whatever the file's encoding. */
static void put_bound(wbuf *b, const zk_seg *s)
{
    put_bound_hdr(b, s);
    put(b, s->keys, s->n_touched * 8);
}

/* A segment's brk events as the file stores them: u32 count, (ts, old, brk) triples. */
static void put_brk(wbuf *b, const zk_seg *s)
{
    _Static_assert(sizeof(zk_brk_ev) == 12, "brk event: three packed u32");
    put32(b, s->n_brk);
    put(b, s->brk, (size_t)s->n_brk * sizeof *s->brk);
}

void zk_file_digest(const zk_file *f, uint32_t i, const uint32_t *init, uint64_t out[8])
{
    wbuf b = {0};
    put_run(&b, f);
    put32(&b, i);
    put_bound(&b, &f->seg[i]);
    put(&b, init, f->seg[i].n_touched * 4);
    put(&b, f->seg[i].final, f->seg[i].n_touched * 4);
    put_brk(&b, &f->seg[i]);
    uint8_t h[32] = {0};
    if (!b.oom)
        sha256(b.p, b.n, h);
    else
        memset(h, 0xff, sizeof h); /* cannot match an honest digest: the proof is rejected */
    free(b.p);
    for (int k = 0; k < 8; k++)
        out[k] = (uint64_t)h[4 * k] | (uint64_t)h[4 * k + 1] << 8 | (uint64_t)h[4 * k + 2] << 16 |
                 (uint64_t)h[4 * k + 3] << 24;
}

static void h32(sha256_ctx *c, uint32_t v) { sha256_update(c, &v, 4); }

/* The id's form of the statement (zk_file.h): the tag and the run's bytes. */
static void id_start(sha256_ctx *c, const uint8_t *run, size_t run_len)
{
    sha256_init(c);
    sha256_update(c, ID_TAG, sizeof ID_TAG - 1);
    sha256_update(c, run, run_len);
}

/* One segment's part of the id: its boundary fields, the hash of its decoded
 * boundary, its brk events and its STARK proof's id. */
static void id_seg(sha256_ctx *c, const zk_seg *s, const uint8_t bound_hash[32],
                   const uint8_t stark_id[32])
{
    uint32_t nb = s->n_brk;
    uint8_t hdr[64]; /* put_bound_hdr writes 36 bytes: never more than cap, so never realloc */
    wbuf b = {.p = hdr, .cap = sizeof hdr}; /* the file's own header bytes, no allocation */
    put_bound_hdr(&b, s);
    sha256_update(c, hdr, b.n);
    sha256_update(c, bound_hash, 32);
    sha256_update(c, &nb, 4);
    if (nb)
        sha256_update(c, s->brk, (size_t)nb * sizeof *s->brk);
    sha256_update(c, stark_id, 32);
}

int zk_file_write(zk_file *f, uint8_t **out, size_t *len, uvm_err *err)
{
    wbuf b = {0};
    put_run(&b, f);
    sha256_ctx id;
    id_start(&id, b.p, b.oom ? 0 : b.n);
    for (uint32_t i = 0; i < f->n_seg; i++) {
        const zk_seg *s = &f->seg[i];
        uint8_t *raw = NULL, *z = NULL, bh[32], sid[32];
        size_t rl = 0, zl = 0;
        int rc = zk_bound_pack(s->keys, s->final, s->n_touched, &raw, &rl, err);
        if (!rc) {
            sha256(raw, rl, bh);
            rc = zk_bound_compress(raw, rl, &z, &zl, err);
        }
        free(raw);
        if (rc || stark_proof_id(s->stark, s->stark_len, sid, err)) {
            free(z);
            free(b.p);
            return uvm_err_prefix(err, "zkvm: segment %u", i);
        }
        id_seg(&id, s, bh, sid);
        put_bound_hdr(&b, s);
        put64(&b, zl);
        put(&b, z, zl);
        free(z);
        put_brk(&b, s);
        put64(&b, s->stark_len);
        put(&b, s->stark, s->stark_len);
    }
    sha256_final(&id, f->id);
    put(&b, f->id, 32);
    if (b.oom) {
        free(b.p);
        return uvm_errf(err, "zkvm: out of memory writing the proof");
    }
    *out = b.p;
    *len = b.n;
    return 0;
}

typedef struct rbuf { const uint8_t *p; size_t n, off; int bad; } rbuf;

static const uint8_t *take(rbuf *r, size_t n)
{
    if (r->bad || n > r->n - r->off) {
        r->bad = 1;
        return NULL;
    }
    const uint8_t *q = r->p + r->off;
    r->off += n;
    return q;
}
static uint32_t get32(rbuf *r)
{
    const uint8_t *q = take(r, 4);
    uint32_t v = 0;
    if (q)
        memcpy(&v, q, 4);
    return v;
}
static uint64_t get64(rbuf *r)
{
    const uint8_t *q = take(r, 8);
    uint64_t v = 0;
    if (q)
        memcpy(&v, q, 8);
    return v;
}

static int parse_seg(rbuf *r, zk_seg *s, sha256_ctx *id, uvm_err *err)
{
    s->start_pc = get32(r);
    s->start_step = get64(r);
    s->n_steps = get64(r);
    s->end_pc = get32(r);
    s->ends_exit = get32(r);
    s->n_touched = get64(r);
    uint64_t zl = get64(r);
    const uint8_t *z = take(r, zl);
    if (r->bad)
        return uvm_errf(err, "proof: truncated segment boundary");
    if (s->n_touched > ZK_MAX_TOUCHED) /* before allocating for them */
        return uvm_errf(err, "proof: boundary of %llu keys, more than a segment touches (%llu)",
                        (unsigned long long)s->n_touched, (unsigned long long)ZK_MAX_TOUCHED);
    s->keys = malloc((s->n_touched + 1) * sizeof *s->keys);
    s->final = malloc((s->n_touched + 1) * sizeof *s->final);
    if (!s->keys || !s->final)
        return uvm_errf(err, "proof: out of memory");
    uint8_t bh[32], sid[32];
    if (zk_bound_decode_hash(z, zl, s->n_touched, s->keys, s->final, bh, err))
        return uvm_err_prefix(err, "proof");
    s->n_brk = get32(r);
    if (r->bad || s->n_brk > ZK_MAX_BRK_EVENTS || s->n_brk * 12ull > r->n - r->off)
        return uvm_errf(err, "proof: %u brk events: more than the file holds or a segment "
                        "lists (%u)", s->n_brk, ZK_MAX_BRK_EVENTS);
    if (!(s->brk = malloc(((size_t)s->n_brk + 1) * sizeof *s->brk)))
        return uvm_errf(err, "proof: out of memory");
    const uint8_t *ev = take(r, (size_t)s->n_brk * sizeof *s->brk);
    if (s->n_brk)
        memcpy(s->brk, ev, (size_t)s->n_brk * sizeof *s->brk);
    s->stark_len = get64(r);
    s->stark = take(r, s->stark_len);
    if (r->bad)
        return uvm_errf(err, "proof: truncated segment");
    if (stark_proof_id(s->stark, s->stark_len, sid, err))
        return -1;
    id_seg(id, s, bh, sid);
    return 0;
}

/* Parses buf into f and computes its id; check: the trailer must equal it. */
static int parse(const uint8_t *buf, size_t len, zk_file *f, int check, uvm_err *err)
{
    memset(f, 0, sizeof *f);
    if (len < 8 + 4 + 32 || memcmp(buf, ZK_FILE_MAGIC, 8))
        return uvm_errf(err, "proof: not a uvm zkVM proof (bad magic or too short)");
    rbuf r = {buf, len - 32, 8, 0};
    uint32_t ver = get32(&r);
    if (ver != ZK_FILE_VERSION)
        return uvm_errf(err, "proof: version %u, this uvm reads version %u", ver, ZK_FILE_VERSION);
    const uint8_t *q = take(&r, 32);
    if (q)
        memcpy(f->elf_hash, q, 32);
    if ((q = take(&r, 32)))
        memcpy(f->prog_digest, q, 32);
    f->level = get32(&r);
    f->flags = get32(&r);
    if ((q = take(&r, 32)))
        memcpy(f->hints_hash, q, 32);
    f->exit_code = get32(&r);
    f->entry = get32(&r);
    f->input_len = get32(&r);
    f->input_used = get32(&r);
    f->input = take(&r, f->input_len);
    if (r.bad || f->input_used > f->input_len)
        return uvm_errf(err, "proof: truncated statement or more input used than given");
    f->output_len = get32(&r);
    f->output = take(&r, f->output_len);
    f->n_seg = get32(&r);
    /* each segment takes at least 56 bytes */
    if (r.bad || !f->n_seg || f->n_seg > ZK_MAX_SEGMENTS || f->n_seg * 56ull > r.n - r.off)
        return uvm_errf(err, "proof: truncated statement or bad segment count");
    if (!(f->seg = calloc(f->n_seg, sizeof *f->seg)))
        return uvm_errf(err, "proof: out of memory");
    sha256_ctx id;
    id_start(&id, buf, r.off);
    for (uint32_t i = 0; i < f->n_seg; i++)
        if (parse_seg(&r, &f->seg[i], &id, err)) {
            zk_file_free(f);
            uvm_err_prefix(err, "segment %u", i);
            return -1;
        }
    if (r.off != r.n) {
        zk_file_free(f);
        return uvm_errf(err, "proof: trailing bytes after the last segment");
    }
    sha256_final(&id, f->id);
    if (check && memcmp(f->id, buf + len - 32, 32)) {
        zk_file_free(f);
        return uvm_errf(err, "proof: the proof id does not match the content (corrupted)");
    }
    return 0;
}

int zk_file_parse(const uint8_t *buf, size_t len, zk_file *f, uvm_err *err)
{
    return parse(buf, len, f, 1, err);
}

int zk_file_content_id(const uint8_t *buf, size_t len, uint8_t id[32], uvm_err *err)
{
    zk_file f;
    if (parse(buf, len, &f, 0, err))
        return -1;
    memcpy(id, f.id, 32);
    zk_file_free(&f);
    return 0;
}

void zk_program_digest(const uisa_program *p, const zk_prow *prog, uint32_t n_prog,
                       uint8_t out[32])
{
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, PROG_TAG, sizeof PROG_TAG - 1);
    h32(&c, n_prog);
    for (uint32_t i = 0; i < n_prog; i++) {
        const zk_prow *r = &prog[i];
        uint32_t v[7 + ZK_PROG_EXTRA] = {r->pc, r->op, r->rd, r->rs1, r->rs2, r->imm, r->npc};
        for (unsigned k = 0; k < ZK_PROG_EXTRA; k++)
            v[7 + k] = r->e[k];
        sha256_update(&c, v, sizeof v); /* little-endian hosts only, as the file */
    }
    uint32_t brk_start, brk_limit;
    abi_heap_bounds(p, &brk_start, &brk_limit);
    h32(&c, p->entry);
    h32(&c, brk_start);
    h32(&c, brk_limit);
    h32(&c, zk_init_value(p, ZK_KEY_REG(2)));
    h32(&c, p->n_segments);
    for (uint32_t i = 0; i < p->n_segments; i++) {
        const uisa_segment *s = &p->segments[i];
        h32(&c, s->vaddr);
        h32(&c, s->memsz);
        h32(&c, s->filesz);
        h32(&c, s->flags);
        sha256_update(&c, s->data, s->filesz);
    }
    sha256_final(&c, out);
}

void zk_file_free(zk_file *f)
{
    for (uint32_t i = 0; f->seg && i < f->n_seg; i++) {
        free(f->seg[i].keys);
        free(f->seg[i].final);
        free(f->seg[i].brk);
    }
    free(f->seg);
    f->seg = NULL;
    f->n_seg = 0;
}
