/* zk_file.c — writes and parses the .uvp container (see zk_file.h).
 * Invariant: the parser never reads past len and owns nothing on failure. */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "zk_file.h"

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

/* The statement bytes, shared by the writer and the digest. */
static void put_statement(wbuf *b, const zk_file *f)
{
    put(b, ZK_FILE_MAGIC, 8);
    put32(b, ZK_FILE_VERSION);
    put(b, f->elf_hash, 32);
    put32(b, f->exit_code);
    put32(b, f->entry);
    put32(b, f->input_len);
    put32(b, f->input_used);
    put(b, f->input, f->input_len);
    put32(b, f->output_len);
    put(b, f->output, f->output_len);
    put64(b, f->n_touched);
    for (uint64_t i = 0; i < f->n_touched; i++)
        put64(b, f->keys[i]);
}

void zk_file_digest(const zk_file *f, uint64_t out[8])
{
    wbuf b = {0};
    put_statement(&b, f);
    uint8_t h[32] = {0};
    if (!b.oom)
        sha256(b.p, b.n, h);
    free(b.p);
    for (int i = 0; i < 8; i++)
        out[i] = (uint64_t)h[4 * i] | (uint64_t)h[4 * i + 1] << 8 | (uint64_t)h[4 * i + 2] << 16 |
                 (uint64_t)h[4 * i + 3] << 24;
}

int zk_file_write(const zk_file *f, uint8_t **out, size_t *len, uvm_err *err)
{
    wbuf b = {0};
    put_statement(&b, f);
    put64(&b, f->stark_len);
    put(&b, f->stark, f->stark_len);
    uint8_t h[32];
    if (!b.oom)
        sha256(b.p, b.n, h);
    put(&b, h, 32);
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

int zk_file_parse(const uint8_t *buf, size_t len, zk_file *f, uvm_err *err)
{
    memset(f, 0, sizeof *f);
    if (len < 8 + 4 + 32 || memcmp(buf, ZK_FILE_MAGIC, 8))
        return uvm_errf(err, "proof: not a uvm zkVM proof (bad magic or too short)");
    if (len < 32 + 8)
        return uvm_errf(err, "proof: truncated");
    uint8_t h[32];
    sha256(buf, len - 32, h);
    if (memcmp(h, buf + len - 32, 32))
        return uvm_errf(err, "proof: file hash mismatch (truncated or corrupted)");
    rbuf r = {buf, len - 32, 8, 0};
    uint32_t ver = get32(&r);
    if (ver != ZK_FILE_VERSION)
        return uvm_errf(err, "proof: version %u, this uvm reads version %u", ver, ZK_FILE_VERSION);
    const uint8_t *q = take(&r, 32);
    if (q)
        memcpy(f->elf_hash, q, 32);
    f->exit_code = get32(&r);
    f->entry = get32(&r);
    f->input_len = get32(&r);
    f->input_used = get32(&r);
    f->input = take(&r, f->input_len);
    if (r.bad || f->input_used > f->input_len)
        return uvm_errf(err, "proof: truncated statement or more input used than given");
    f->output_len = get32(&r);
    f->output = take(&r, f->output_len);
    f->n_touched = get64(&r);
    if (r.bad || f->n_touched > ZK_MAX_TOUCHED || f->n_touched * 8 > r.n - r.off)
        return uvm_errf(err, "proof: truncated or oversized statement");
    f->keys = malloc((f->n_touched + 1) * sizeof *f->keys);
    if (!f->keys)
        return uvm_errf(err, "proof: out of memory");
    for (uint64_t i = 0; i < f->n_touched; i++)
        f->keys[i] = get64(&r);
    f->stark_len = get64(&r);
    f->stark = take(&r, f->stark_len);
    if (r.bad || r.off != r.n) {
        free(f->keys);
        f->keys = NULL;
        return uvm_errf(err, "proof: truncated, oversized or trailing bytes");
    }
    return 0;
}
