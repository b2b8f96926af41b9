/* proof_io.c — the .uvp proof container: a 40-byte header ("UVMPROOF",
 * version, hash kind, parameters, raw and compressed body sizes) and a zstd
 * body of little-endian counts, field elements and digests.
 * Invariant: the loader bounds every count by the bytes left and by fixed
 * caps before allocating, rejects non-canonical field elements and trailing
 * bytes, and never reads past its input. */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "stark_int.h"
#include "zframe.h"

#define HDR 40
#define STARK_MAX_RATIO 16u
static const char MAGIC[8] = {'U', 'V', 'M', 'P', 'R', 'O', 'O', 'F'};

typedef struct wbuf {
    uint8_t *d;
    size_t len, cap;
    int oom;
} wbuf;

static void w_bytes(wbuf *b, const void *p, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n > b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 4096;
        while (nc < b->len + n)
            nc *= 2;
        uint8_t *q = realloc(b->d, nc);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->d = q;
        b->cap = nc;
    }
    memcpy(b->d + b->len, p, n);
    b->len += n;
}

static void w_u(wbuf *b, uint64_t v, int n)
{
    uint8_t t[8];
    for (int i = 0; i < n; i++)
        t[i] = (uint8_t)(v >> (8 * i));
    w_bytes(b, t, (size_t)n);
}

static void w_digests(wbuf *b, const hash_digest *d, uint32_t n)
{
    w_u(b, n, 4);
    for (uint32_t i = 0; i < n; i++)
        w_bytes(b, d[i].b, 32);
}

/* n extension elements of d coefficients each (stark_proof: low first) */
static void w_exts(wbuf *b, const gl_t *v, uint32_t n, unsigned d)
{
    w_u(b, n, 4);
    for (size_t i = 0; i < (size_t)n * d; i++)
        w_u(b, v[i], 8);
}

static void write_body(wbuf *b, const stark_proof *p)
{
    unsigned d = stark_ext_deg(&p->params);
    w_u(b, p->n_chips, 4);
    for (uint32_t i = 0; i < p->n_chips; i++)
        w_u(b, p->log_heights[i], 4);
    w_digests(b, p->main_roots, p->n_main_roots);
    w_digests(b, p->aux_roots, p->n_aux_roots);
    w_digests(b, p->quot_roots, p->n_quot_roots);
    w_exts(b, p->sums, p->n_sums, d);
    w_exts(b, p->ood, p->n_ood, d);
    w_digests(b, p->fri_roots, p->n_fri_roots);
    w_exts(b, p->final_poly, p->n_final, d);
    w_u(b, p->pow_nonce, 8);
    w_u(b, p->n_open, 4);
    for (uint32_t k = 0; k < p->n_open; k++) {
        const stark_tree_open *o = &p->open[k];
        w_u(b, o->width, 4);
        w_u(b, o->n_rows, 4);
        for (size_t i = 0; i < (size_t)o->width * o->n_rows; i++)
            w_u(b, o->vals[i], 8);
        w_digests(b, o->mp.siblings, (uint32_t)o->mp.n_siblings);
    }
}

int stark_proof_save(const stark_proof *p, uint8_t **out, size_t *out_len, uvm_err *err)
{
    wbuf body = {0};
    write_body(&body, p);
    if (body.oom) {
        free(body.d);
        return uvm_errf(err, "proof: out of memory while serializing");
    }
    uint8_t *z;
    size_t clen;
    int rc = zframe_compress(body.d, body.len, 3, &z, &clen, "proof", err);
    size_t raw_len = body.len;
    free(body.d);
    if (rc)
        return -1;
    uint8_t *all = malloc(HDR + clen);
    if (!all) {
        free(z);
        return uvm_errf(err, "proof: out of memory while serializing");
    }
    wbuf h = {.d = all, .cap = HDR};
    w_bytes(&h, MAGIC, 8);
    w_u(&h, p->version, 4);
    w_u(&h, p->hash_kind, 4);
    const stark_params *q = &p->params;
    uint8_t pb[8] = {q->log_blowup, q->log_arity, (uint8_t)q->n_queries, (uint8_t)(q->n_queries >> 8),
                     q->log_final, q->grinding_bits, (uint8_t)stark_ext_deg(q), 0};
    w_bytes(&h, pb, 8);
    w_u(&h, raw_len, 8);
    w_u(&h, clen, 8);
    memcpy(all + HDR, z, clen);
    free(z);
    *out = all;
    *out_len = HDR + clen;
    return 0;
}

typedef struct rbuf {
    const uint8_t *d;
    size_t len, pos;
    uvm_err *err;
    int bad;
} rbuf;

static int r_fail(rbuf *r, const char *what)
{
    if (!r->bad)
        uvm_errf(r->err, "proof: %s at body offset %zu", what, r->pos);
    r->bad = 1;
    return -1;
}

static uint64_t r_u(rbuf *r, int n)
{
    if (r->bad || r->len - r->pos < (size_t)n) {
        r_fail(r, "truncated");
        return 0;
    }
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | r->d[r->pos + (size_t)i];
    r->pos += (size_t)n;
    return v;
}

/* A count of items of `size` bytes each: must fit in what is left and the cap. */
static uint32_t r_count(rbuf *r, size_t size, uint64_t cap)
{
    uint64_t n = r_u(r, 4);
    if (!r->bad && (n > cap || n * size > r->len - r->pos)) {
        r_fail(r, "count out of range");
        return 0;
    }
    return (uint32_t)n;
}

static gl_t r_gl(rbuf *r)
{
    uint64_t v = r_u(r, 8);
    if (v >= GL_P) {
        r_fail(r, "non-canonical field element");
        return 0;
    }
    return v;
}

static void *r_alloc(rbuf *r, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        r_fail(r, "out of memory");
    return p;
}

static hash_digest *r_digests(rbuf *r, uint32_t *n)
{
    *n = r_count(r, 32, 1u << 20);
    hash_digest *d = r->bad ? NULL : r_alloc(r, *n, sizeof *d);
    for (uint32_t i = 0; d && !r->bad && i < *n; i++) {
        memcpy(d[i].b, r->d + r->pos, 32);
        r->pos += 32;
    }
    return d;
}

static gl_t *r_exts(rbuf *r, uint32_t *n, unsigned d)
{
    *n = r_count(r, 8 * d, 1u << 24);
    gl_t *v = r->bad ? NULL : r_alloc(r, (size_t)*n * d, sizeof *v);
    for (size_t i = 0; v && !r->bad && i < (size_t)*n * d; i++)
        v[i] = r_gl(r);
    return v;
}

static void read_body(rbuf *r, stark_proof *p)
{
    unsigned d = stark_ext_deg(&p->params);
    p->n_chips = r_count(r, 4, 4096);
    p->log_heights = r->bad ? NULL : r_alloc(r, p->n_chips, 4);
    for (uint32_t i = 0; p->log_heights && !r->bad && i < p->n_chips; i++)
        p->log_heights[i] = (uint32_t)r_u(r, 4);
    p->main_roots = r_digests(r, &p->n_main_roots);
    p->aux_roots = r_digests(r, &p->n_aux_roots);
    p->quot_roots = r_digests(r, &p->n_quot_roots);
    p->sums = r_exts(r, &p->n_sums, d);
    p->ood = r_exts(r, &p->n_ood, d);
    p->fri_roots = r_digests(r, &p->n_fri_roots);
    p->final_poly = r_exts(r, &p->n_final, d);
    p->pow_nonce = r_u(r, 8);
    p->n_open = r_count(r, 12, 4096);
    p->open = r->bad ? NULL : r_alloc(r, p->n_open, sizeof *p->open);
    for (uint32_t k = 0; p->open && !r->bad && k < p->n_open; k++) {
        stark_tree_open *o = &p->open[k];
        uint64_t w = r_u(r, 4), nr = r_u(r, 4);
        if (r->bad || w > (1u << 20) || nr > STARK_MAX_QUERIES || w * nr * 8 > r->len - r->pos) {
            r_fail(r, "opening size out of range");
            break;
        }
        o->width = (uint32_t)w;
        o->n_rows = (uint32_t)nr;
        if (!(o->vals = r_alloc(r, w * nr, sizeof(gl_t))))
            break;
        for (size_t i = 0; i < w * nr && !r->bad; i++)
            o->vals[i] = r_gl(r);
        uint32_t ns;
        o->mp.siblings = r_digests(r, &ns);
        o->mp.n_siblings = ns;
    }
    if (!r->bad && r->pos != r->len)
        r_fail(r, "trailing bytes");
}

/* Checks the header, fills p's header fields and decompresses the body into
 * *body (*raw bytes, malloc'd). The body is canonical (fixed-width fields,
 * canonical field elements, exact counts, nothing after), so it and the
 * header fields are the proof; only the zstd frame holding it can vary. */
static int load_frame(const uint8_t *buf, size_t len, stark_proof *p, uint8_t **body,
                      uint64_t *raw_len, uvm_err *err)
{
    if (len < HDR)
        return uvm_errf(err, "proof: truncated header (%zu bytes, need %d)", len, HDR);
    if (memcmp(buf, MAGIC, 8))
        return uvm_errf(err, "proof: bad magic (not a UVMPROOF file)");
    rbuf h = {.d = buf, .len = HDR, .pos = 8, .err = err};
    p->version = (uint32_t)r_u(&h, 4);
    p->hash_kind = (uint32_t)r_u(&h, 4);
    const uint8_t *pb = buf + 16;
    p->params = (stark_params){.log_blowup = pb[0], .log_arity = pb[1],
                               .n_queries = (uint16_t)(pb[2] | pb[3] << 8), .log_final = pb[4],
                               .grinding_bits = pb[5], .ext_degree = pb[6]};
    h.pos = 24;
    uint64_t raw = r_u(&h, 8), clen = r_u(&h, 8);
    if (p->version != STARK_PROOF_VERSION)
        return uvm_errf(err, "proof: unsupported version %u", p->version);
    if (pb[6] != 2 && pb[6] != 3)
        return uvm_errf(err, "proof: challenge field GF(p^%u) is neither GF(p^2) nor GF(p^3)", pb[6]);
    if (pb[7])
        return uvm_errf(err, "proof: reserved header byte not zero");
    if (raw > STARK_MAX_PROOF_BYTES)
        return uvm_errf(err, "proof: body of %llu bytes exceeds the cap", (unsigned long long)raw);
    if (clen != len - HDR)
        return uvm_errf(err, "proof: compressed body is %zu bytes, header says %llu", len - HDR,
                        (unsigned long long)clen);
    /* digests, openings and field elements are near-random: an honest body
     * compresses by well under STARK_MAX_RATIO, so a larger claim is a bomb */
    if (raw > STARK_MAX_RATIO * clen + 4096)
        return uvm_errf(err, "proof: body of %llu bytes from a %llu-byte frame (more than %ux)",
                        (unsigned long long)raw, (unsigned long long)clen, STARK_MAX_RATIO);
    uint64_t fsz;
    if (zframe_size(buf + HDR, clen, &fsz, "proof", err))
        return -1;
    if (fsz != raw)
        return uvm_errf(err, "proof: zstd frame size does not match the header");
    if (zframe_decompress(buf + HDR, clen, raw, body, "proof", err))
        return -1;
    *raw_len = raw;
    return 0;
}

int stark_proof_load(const uint8_t *buf, size_t len, stark_proof *p, uvm_err *err)
{
    memset(p, 0, sizeof *p);
    uint8_t *body;
    uint64_t raw;
    if (load_frame(buf, len, p, &body, &raw, err))
        return -1;
    rbuf r = {.d = body, .len = raw, .err = err};
    read_body(&r, p);
    free(body);
    if (r.bad) {
        stark_proof_free(p);
        return -1;
    }
    return 0;
}

int stark_proof_id(const uint8_t *buf, size_t len, uint8_t out[32], uvm_err *err)
{
    stark_proof p = {0};
    uint8_t *body, n[8];
    uint64_t raw;
    if (load_frame(buf, len, &p, &body, &raw, err))
        return -1;
    for (int i = 0; i < 8; i++)
        n[i] = (uint8_t)(raw >> (8 * i));
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, buf, 24); /* magic, version, hash kind, parameters */
    sha256_update(&c, n, 8);
    sha256_update(&c, body, (size_t)raw);
    sha256_final(&c, out);
    free(body);
    return 0;
}
