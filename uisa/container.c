/* container.c — the .uisa file: serialised field by field, little-endian, so the
 * bytes are a deterministic function of the program; the loader trusts nothing.
 *
 * Layout (all integers little-endian):
 *   header  "UISA" u32 version, u32 level, u32 flags, u8[32] elf_hash,
 *           u32 compression (0 none, 1 zstd), u64 body_len (as stored),
 *           u64 raw_len (body after decompression), u8[32] hints_hash
 *           (zero unless flags has UISA_FLAG_NATIVE)
 *   body    u32 entry, code_base, slot_shift, n_slots;
 *           n_slots x uop (u8 op rd rs1 rs2 rd2 rs3 len ninsn, i32 imm, i32 imm2);
 *           n_slots x u32 raw;
 *           u32 n_segments; per segment u32 vaddr memsz filesz flags, filesz bytes;
 *           u32 n_symbols; per symbol u32 addr size is_func name_len, name bytes;
 *           u32 n_blocks; per block u32 pc, u32 n, n x uop (as above)
 *   trailer SHA-256 of every preceding byte */
#include "uisa.h"

#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "zframe.h"

#define HDR_LEN 100u
#define UOP_BYTES 16u
#define MAX_BODY (256u << 20)  /* a guest larger than this is not a guest */
#define MAX_SEGMENTS 256u
#define MAX_SYMBOLS (1u << 20)
#define MAX_SYMNAME 4096u
#define ZSTD_LEVEL 9

/* ---- writing ---- */

typedef struct wbuf {
    uint8_t *p;
    size_t n, cap;
    int oom;
} wbuf;

static void w_bytes(wbuf *w, const void *d, size_t n)
{
    if (w->oom)
        return;
    if (w->n + n > w->cap) {
        size_t cap = w->cap ? w->cap : 4096;
        while (cap < w->n + n)
            cap *= 2;
        uint8_t *np = realloc(w->p, cap);
        if (!np) {
            w->oom = 1;
            return;
        }
        w->p = np;
        w->cap = cap;
    }
    if (n)
        memcpy(w->p + w->n, d, n);
    w->n += n;
}

static void w_u32(wbuf *w, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    w_bytes(w, b, 4);
}

static void w_u64(wbuf *w, uint64_t v)
{
    w_u32(w, (uint32_t)v);
    w_u32(w, (uint32_t)(v >> 32));
}

static void w_uop(wbuf *w, const uisa_uop *u)
{
    uint8_t b[8] = {u->op, u->rd, u->rs1, u->rs2, u->rd2, u->rs3, u->len, u->ninsn};
    w_bytes(w, b, 8);
    w_u32(w, (uint32_t)u->imm);
    w_u32(w, (uint32_t)u->imm2);
}

static void write_body(wbuf *w, const uisa_program *p)
{
    w_u32(w, p->entry);
    w_u32(w, p->code_base);
    w_u32(w, p->slot_shift);
    w_u32(w, p->n_slots);
    for (uint32_t i = 0; i < p->n_slots; i++)
        w_uop(w, &p->slots[i]);
    for (uint32_t i = 0; i < p->n_slots; i++)
        w_u32(w, p->raw ? p->raw[i] : 0);
    w_u32(w, p->n_segments);
    for (uint32_t i = 0; i < p->n_segments; i++) {
        const uisa_segment *s = &p->segments[i];
        w_u32(w, s->vaddr);
        w_u32(w, s->memsz);
        w_u32(w, s->filesz);
        w_u32(w, s->flags);
        w_bytes(w, s->data, s->filesz);
    }
    w_u32(w, p->n_symbols);
    for (uint32_t i = 0; i < p->n_symbols; i++) {
        const uisa_symbol *s = &p->symbols[i];
        size_t nl = s->name ? strlen(s->name) : 0;
        w_u32(w, s->addr);
        w_u32(w, s->size);
        w_u32(w, s->is_func);
        w_u32(w, (uint32_t)nl);
        w_bytes(w, s->name, nl);
    }
    w_u32(w, p->n_blocks);
    for (uint32_t b = 0; b < p->n_blocks; b++) {
        w_u32(w, p->blocks[b].pc);
        w_u32(w, p->blocks[b].n);
        for (uint32_t k = 0; k < p->blocks[b].n; k++)
            w_uop(w, &p->blocks[b].steps[k]);
    }
}

int uisa_save(const uisa_program *p, int compress, uint8_t **out, size_t *out_len, uvm_err *err)
{
    wbuf body = {0}, f = {0};
    write_body(&body, p);
    if (body.oom)
        goto oom;
    if (body.n > MAX_BODY) {
        free(body.p);
        return uvm_errf(err, "uisa_save: body of %zu bytes exceeds the %u-byte limit",
                        body.n, MAX_BODY);
    }
    uint8_t *stored = body.p;
    size_t stored_len = body.n;
    if (compress && zframe_compress(body.p, body.n, ZSTD_LEVEL, &stored, &stored_len, "uisa_save", err)) {
        free(body.p);
        return -1;
    }
    w_bytes(&f, UISA_MAGIC, 4);
    w_u32(&f, UISA_VERSION);
    w_u32(&f, p->level);
    w_u32(&f, p->flags);
    w_bytes(&f, p->elf_hash, 32);
    w_u32(&f, compress ? 1 : 0);
    w_u64(&f, stored_len);
    w_u64(&f, body.n);
    w_bytes(&f, p->hints_hash, 32);
    w_bytes(&f, stored, stored_len);
    if (stored != body.p)
        free(stored);
    free(body.p);
    body.p = NULL;
    uint8_t h[32];
    if (!f.oom) {
        sha256(f.p, f.n, h);
        w_bytes(&f, h, 32);
    }
    if (f.oom)
        goto oom;
    *out = f.p;
    *out_len = f.n;
    return 0;
oom:
    free(body.p);
    free(f.p);
    return uvm_errf(err, "uisa_save: out of memory");
}

/* ---- reading ---- */

typedef struct rbuf {
    const uint8_t *p;
    size_t n, off;
} rbuf;

static int r_need(const rbuf *r, size_t k) { return r->n - r->off >= k; }

static uint32_t r_u32(rbuf *r)
{
    const uint8_t *b = r->p + r->off;
    r->off += 4;
    return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t r_u64(rbuf *r)
{
    uint64_t lo = r_u32(r);
    return lo | (uint64_t)r_u32(r) << 32;
}

/* Checks one uop against its format: operand ranges, unused fields zero,
 * len and ninsn consistent with the tier and the slot size. */
/* A shift-by-immediate step needs its amount in 0..31. */
static int fx_shift_ok(uint32_t op, int32_t amount)
{
    return !(op == UOP_SLLI || op == UOP_SRLI || op == UOP_SRAI) || (amount >= 0 && amount < 32);
}

/* Fused formats: every field is used except rs2 (II) and rd (SI); the generic
 * rows' control word names ALU steps, and an R step leaves the immediate zero. */
static int check_fused(const uisa_uop *u, const uisa_op_info *in, uint32_t i, uvm_err *err)
{
    uint32_t w = (uint32_t)u->imm2, op1 = UISA_FX_OP1(w), op2 = UISA_FX_OP2(w);
    int bad = 0;
    switch (in->fmt) {
    case FMT_II: bad = u->rs2 != 0; break;
    case FMT_SI: bad = u->rd != 0; break;
    case FMT_AA:
        bad = !UISA_FX_WORD_OK(FMT_AA, w) ||
              (uisa_ops[op1].fmt == FMT_R ? u->imm != 0 : u->rs2 != 0) ||
              !fx_shift_ok(op1, u->imm) || !fx_shift_ok(op2, (int32_t)UISA_FX_LO(w));
        break;
    case FMT_AB:
        bad = !UISA_FX_WORD_OK(FMT_AB, w) || (u->imm & 1) ||
              (uisa_ops[op1].fmt == FMT_R ? (w & 0xfffu) != 0 : u->rs2 != 0) ||
              !fx_shift_ok(op1, (int32_t)UISA_FX_LO(w));
        break;
    default: break;
    }
    if (bad)
        return uvm_errf(err, "slot %u: %s with operands its format does not allow", i, in->name);
    return 0;
}

static int check_uop(const uisa_uop *u, uint32_t slot_shift, uint32_t i, uvm_err *err)
{
    if (u->op >= UOP_COUNT)
        return uvm_errf(err, "slot %u: opcode %u out of range", i, u->op);
    const uisa_op_info *in = &uisa_ops[u->op];
    if (u->rd > 31 || u->rs1 > 31 || u->rs2 > 31 || u->rd2 > 31 || u->rs3 > 31)
        return uvm_errf(err, "slot %u: register number out of range", i);
    if (u->op == UOP_TRAP) {
        if (u->imm < TRAP_ILLEGAL || u->imm > TRAP_MID_INSN)
            return uvm_errf(err, "slot %u: unknown trap kind %d", i, u->imm);
        if (u->ninsn != 0 || (u->len != 0 && u->len != 2 && u->len != 4))
            return uvm_errf(err, "slot %u: trap with len %u ninsn %u", i, u->len, u->ninsn);
        if (u->rd | u->rs1 | u->rs2 | u->rd2 | u->rs3)
            return uvm_errf(err, "slot %u: trap with register operands", i);
        return 0;
    }
    if (u->op == UOP_BLOCK) { /* the rest against its block: uisa_blocks_check */
        if (u->rd | u->rs1 | u->rs2 | u->rd2 | u->rs3 || u->imm2 || u->imm < 0 ||
            u->ninsn < 2 || u->ninsn > UISA_BLOCK_MAX)
            return uvm_errf(err, "slot %u: block uop with bad fields", i);
        return 0;
    }
    if (u->ninsn != in->ninsn || u->ninsn == 0)
        return uvm_errf(err, "slot %u: %s covers %u instructions, expected %u", i, in->name,
                        u->ninsn, in->ninsn);
    if (u->len < 2u * u->ninsn || u->len > 4u * u->ninsn || (u->len & ((1u << slot_shift) - 1)))
        return uvm_errf(err, "slot %u: %s with inconsistent len %u", i, in->name, u->len);
    if (in->fmt == FMT_II || in->fmt == FMT_SI || in->fmt == FMT_AA || in->fmt == FMT_AB)
        return check_fused(u, in, i, err);
    if (in->tier == TIER_NATIVE && !in->max_limbs && u->imm)
        return uvm_errf(err, "slot %u: %s takes no limb count (imm %d)", i, in->name, u->imm);
    if (in->max_limbs && (u->imm < 1 || u->imm > in->max_limbs))
        return uvm_errf(err, "slot %u: %s with limb count %d (allowed 1..%u)", i, in->name, u->imm,
                        in->max_limbs);
    if (in->tier != TIER_BASE)
        return 0;
    uint8_t used_rd = 0, used_rs1 = 0, used_rs2 = 0, used_imm = 0;
    switch (in->fmt) {
    case FMT_R: used_rd = used_rs1 = used_rs2 = 1; break;
    case FMT_I: used_rd = used_rs1 = used_imm = 1; break;
    case FMT_S: case FMT_B: used_rs1 = used_rs2 = used_imm = 1; break;
    case FMT_U: case FMT_J: used_rd = used_imm = 1; break;
    case FMT_AMO: used_rd = used_rs1 = used_rs2 = 1; break;
    default: break;
    }
    if ((!used_rd && u->rd) || (!used_rs1 && u->rs1) || (!used_rs2 && u->rs2) || u->rd2 ||
        u->rs3 || (!used_imm && u->imm) || u->imm2)
        return uvm_errf(err, "slot %u: %s sets an operand its format does not use", i, in->name);
    if ((u->op == UOP_SLLI || u->op == UOP_SRLI || u->op == UOP_SRAI) &&
        (u->imm < 0 || u->imm > 31))
        return uvm_errf(err, "slot %u: shift amount %d out of range", i, u->imm);
    if ((in->fmt == FMT_B || in->fmt == FMT_J) && (u->imm & 1))
        return uvm_errf(err, "slot %u: odd %s offset %d", i, in->name, u->imm);
    return 0;
}

/* One 16-byte uop (the caller checked that the bytes are there). */
static void r_uop(rbuf *r, uisa_uop *u)
{
    const uint8_t *b = r->p + r->off;
    u->op = b[0], u->rd = b[1], u->rs1 = b[2], u->rs2 = b[3];
    u->rd2 = b[4], u->rs3 = b[5], u->len = b[6], u->ninsn = b[7];
    r->off += 8;
    u->imm = (int32_t)r_u32(r);
    u->imm2 = (int32_t)r_u32(r);
}

static int load_code(rbuf *r, uisa_program *p, uvm_err *err)
{
    if (!r_need(r, 16))
        return uvm_errf(err, "body truncated in the code header");
    p->entry = r_u32(r);
    p->code_base = r_u32(r);
    p->slot_shift = r_u32(r);
    p->n_slots = r_u32(r);
    if (p->slot_shift != 1 && p->slot_shift != 2)
        return uvm_errf(err, "slot_shift %u is not 1 or 2", p->slot_shift);
    uint32_t align = 1u << p->slot_shift;
    if (p->code_base & (align - 1))
        return uvm_errf(err, "code_base 0x%08x not aligned to %u", p->code_base, align);
    uint64_t code_end = p->code_base + ((uint64_t)p->n_slots << p->slot_shift);
    if (code_end > 0x100000000ull)
        return uvm_errf(err, "code of %u slots overflows the address space", p->n_slots);
    if (p->n_slots == 0 || p->entry < p->code_base || p->entry >= code_end ||
        (p->entry & (align - 1)))
        return uvm_errf(err, "entry 0x%08x outside the code", p->entry);
    if ((r->n - r->off) / (UOP_BYTES + 4) < p->n_slots)
        return uvm_errf(err, "body truncated: %u slots announced", p->n_slots);
    p->slots = malloc((size_t)p->n_slots * sizeof *p->slots);
    p->raw = malloc((size_t)p->n_slots * sizeof *p->raw);
    if (!p->slots || !p->raw)
        return uvm_errf(err, "out of memory for %u slots", p->n_slots);
    for (uint32_t i = 0; i < p->n_slots; i++) {
        r_uop(r, &p->slots[i]);
        if (check_uop(&p->slots[i], p->slot_shift, i, err))
            return -1;
    }
    for (uint32_t i = 0; i < p->n_slots; i++)
        p->raw[i] = r_u32(r);
    return 0;
}

static int load_segments(rbuf *r, uisa_program *p, uvm_err *err)
{
    if (!r_need(r, 4))
        return uvm_errf(err, "body truncated before the segment table");
    uint32_t n = r_u32(r);
    if (n == 0 || n > MAX_SEGMENTS)
        return uvm_errf(err, "segment count %u out of range 1..%u", n, MAX_SEGMENTS);
    p->segments = calloc(n, sizeof *p->segments);
    if (!p->segments)
        return uvm_errf(err, "out of memory for segments");
    p->n_segments = n;
    uint64_t prev_end = 0;
    for (uint32_t i = 0; i < n; i++) {
        uisa_segment *s = &p->segments[i];
        if (!r_need(r, 16))
            return uvm_errf(err, "segment %u: truncated", i);
        s->vaddr = r_u32(r);
        s->memsz = r_u32(r);
        s->filesz = r_u32(r);
        s->flags = r_u32(r);
        if (s->filesz > s->memsz || s->memsz == 0 ||
            (uint64_t)s->vaddr + s->memsz > 0x100000000ull)
            return uvm_errf(err, "segment %u at 0x%08x: bad sizes (filesz %u, memsz %u)", i,
                            s->vaddr, s->filesz, s->memsz);
        if (s->flags & ~(uint32_t)(UISA_SEG_R | UISA_SEG_W | UISA_SEG_X))
            return uvm_errf(err, "segment %u: unknown flags 0x%x", i, s->flags);
        if (i > 0 && s->vaddr < prev_end)
            return uvm_errf(err, "segment %u at 0x%08x overlaps or is out of order", i, s->vaddr);
        prev_end = (uint64_t)s->vaddr + s->memsz;
        if (!r_need(r, s->filesz))
            return uvm_errf(err, "segment %u: data truncated", i);
        s->data = malloc(s->filesz ? s->filesz : 1);
        if (!s->data)
            return uvm_errf(err, "out of memory for segment %u", i);
        memcpy(s->data, r->p + r->off, s->filesz);
        r->off += s->filesz;
    }
    return 0;
}

static int load_symbols(rbuf *r, uisa_program *p, uvm_err *err)
{
    if (!r_need(r, 4))
        return uvm_errf(err, "body truncated before the symbol table");
    uint32_t n = r_u32(r);
    if (n > MAX_SYMBOLS || (r->n - r->off) / 16 < n)
        return uvm_errf(err, "symbol count %u out of range", n);
    p->symbols = calloc(n ? n : 1, sizeof *p->symbols);
    if (!p->symbols)
        return uvm_errf(err, "out of memory for symbols");
    p->n_symbols = n;
    for (uint32_t i = 0; i < n; i++) {
        uisa_symbol *s = &p->symbols[i];
        if (!r_need(r, 16))
            return uvm_errf(err, "symbol %u: truncated", i);
        s->addr = r_u32(r);
        s->size = r_u32(r);
        s->is_func = r_u32(r);
        uint32_t nl = r_u32(r);
        if (s->is_func > 1 || (uint64_t)s->addr + s->size > 0x100000000ull)
            return uvm_errf(err, "symbol %u: bad fields", i);
        if (i > 0 && s->addr < p->symbols[i - 1].addr)
            return uvm_errf(err, "symbol %u: not sorted by address", i);
        if (nl == 0 || nl > MAX_SYMNAME || !r_need(r, nl))
            return uvm_errf(err, "symbol %u: name length %u out of range", i, nl);
        if (memchr(r->p + r->off, 0, nl))
            return uvm_errf(err, "symbol %u: name contains NUL", i);
        s->name = malloc(nl + 1);
        if (!s->name)
            return uvm_errf(err, "out of memory for symbol %u", i);
        memcpy(s->name, r->p + r->off, nl);
        s->name[nl] = 0;
        r->off += nl;
    }
    return 0;
}

/* The block table: its shape here (counts, every step a valid uop), its
 * meaning against the slots and segments in uisa_blocks_check. */
static int load_blocks(rbuf *r, uisa_program *p, uvm_err *err)
{
    if (!r_need(r, 4))
        return uvm_errf(err, "body truncated before the block table");
    uint32_t n = r_u32(r);
    if (n > p->n_slots / 2 || (r->n - r->off) / (8 + UOP_BYTES) < n)
        return uvm_errf(err, "block count %u out of range", n);
    p->blocks = calloc(n ? n : 1, sizeof *p->blocks);
    if (!p->blocks)
        return uvm_errf(err, "out of memory for blocks");
    p->n_blocks = n;
    for (uint32_t b = 0; b < n; b++) {
        uisa_block *k = &p->blocks[b];
        if (!r_need(r, 8))
            return uvm_errf(err, "block %u: truncated", b);
        k->pc = r_u32(r);
        uint32_t steps = r_u32(r);
        if (steps < 2 || steps > UISA_BLOCK_MAX || (r->n - r->off) / UOP_BYTES < steps)
            return uvm_errf(err, "block %u at pc 0x%08x: %u steps (must be 2..%u)", b, k->pc,
                            steps, UISA_BLOCK_MAX);
        if (!(k->steps = calloc(steps, sizeof *k->steps)))
            return uvm_errf(err, "out of memory for block %u", b);
        k->n = steps;
        for (uint32_t s = 0; s < steps; s++) {
            r_uop(r, &k->steps[s]);
            uvm_err e = {{0}};
            if (check_uop(&k->steps[s], p->slot_shift, s, &e))
                return uvm_errf(err, "block %u at pc 0x%08x: step %s", b, k->pc, e.msg);
        }
    }
    return uisa_blocks_check(p, err);
}

static int load_body(const uint8_t *b, size_t n, uisa_program *p, uvm_err *err)
{
    rbuf r = {b, n, 0};
    if (load_code(&r, p, err) || load_segments(&r, p, err) || load_symbols(&r, p, err) ||
        load_blocks(&r, p, err))
        return -1;
    if (r.off != r.n)
        return uvm_errf(err, "%zu trailing bytes after the block table", r.n - r.off);
    return 0;
}

/* Header checks; on success body and body_len describe the (uncompressed) body,
 * *owned is set when it was allocated here. */
static int load_header(const uint8_t *data, size_t len, uisa_program *p, uint8_t **owned,
                       const uint8_t **body, size_t *body_len, uvm_err *err)
{
    if (len < HDR_LEN + 32)
        return uvm_errf(err, "file of %zu bytes is too short for a .uisa", len);
    if (memcmp(data, UISA_MAGIC, 4))
        return uvm_errf(err, "bad magic (not a .uisa file)");
    rbuf r = {data, len, 4};
    uint32_t version = r_u32(&r);
    if (version != UISA_VERSION)
        return uvm_errf(err, "version %u not supported (expected %u)", version, UISA_VERSION);
    p->level = r_u32(&r);
    p->flags = r_u32(&r);
    memcpy(p->elf_hash, data + r.off, 32);
    r.off += 32;
    uint32_t comp = r_u32(&r);
    uint64_t stored = r_u64(&r), raw = r_u64(&r);
    memcpy(p->hints_hash, data + r.off, 32);
    r.off += 32;
    if (stored != len - HDR_LEN - 32)
        return uvm_errf(err, "body length %llu does not match the file size %zu",
                        (unsigned long long)stored, len);
    uint8_t h[32];
    sha256(data, len - 32, h);
    if (memcmp(h, data + len - 32, 32))
        return uvm_errf(err, "checksum mismatch (file corrupted)");
    if (p->level > 2 || (p->flags & ~(uint32_t)(UISA_FLAG_RVC | UISA_FLAG_FUSED | UISA_FLAG_NATIVE)))
        return uvm_errf(err, "bad level %u or flags 0x%x", p->level, p->flags);
    static const uint8_t zero[32];
    if (!(p->flags & UISA_FLAG_NATIVE) && memcmp(p->hints_hash, zero, 32))
        return uvm_errf(err, "hints hash set without native ops");
    if (raw > MAX_BODY)
        return uvm_errf(err, "body of %llu bytes exceeds the limit", (unsigned long long)raw);
    if (comp == 0) {
        if (raw != stored)
            return uvm_errf(err, "uncompressed body with mismatched lengths");
        *body = data + HDR_LEN;
        *body_len = (size_t)raw;
        return 0;
    }
    if (comp != 1)
        return uvm_errf(err, "unknown compression %u", comp);
    uint64_t fcs;
    if (zframe_size(data + HDR_LEN, (size_t)stored, &fcs, "body", err))
        return -1;
    if (fcs != raw)
        return uvm_errf(err, "zstd frame size does not match the announced body length");
    if (zframe_decompress(data + HDR_LEN, (size_t)stored, raw, owned, "body", err))
        return -1;
    *body = *owned;
    *body_len = (size_t)raw;
    return 0;
}

int uisa_load(const uint8_t *data, size_t len, uisa_program *p, uvm_err *err)
{
    memset(p, 0, sizeof *p);
    uint8_t *owned = NULL;
    const uint8_t *body = NULL;
    size_t body_len = 0;
    int rc = load_header(data, len, p, &owned, &body, &body_len, err);
    if (!rc)
        rc = load_body(body, body_len, p, err);
    free(owned);
    if (rc) {
        uvm_err_prefix(err, "uisa");
        uisa_program_free(p);
        return -1;
    }
    return 0;
}

void uisa_program_free(uisa_program *p)
{
    if (!p)
        return;
    free(p->slots);
    free(p->raw);
    if (p->segments)
        for (uint32_t i = 0; i < p->n_segments; i++)
            free(p->segments[i].data);
    free(p->segments);
    if (p->symbols)
        for (uint32_t i = 0; i < p->n_symbols; i++)
            free(p->symbols[i].name);
    free(p->symbols);
    if (p->blocks)
        for (uint32_t b = 0; b < p->n_blocks; b++)
            free(p->blocks[b].steps);
    free(p->blocks);
    memset(p, 0, sizeof *p);
}

const uisa_symbol *uisa_symbol_at(const uisa_program *p, uint32_t addr)
{
    /* Binary search for the last symbol starting at or before addr, then walk
     * back: an earlier function may still contain addr if symbols nest. */
    uint32_t lo = 0, hi = p->n_symbols;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (p->symbols[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t i = lo; i-- > 0;) {
        const uisa_symbol *s = &p->symbols[i];
        if (s->is_func && addr - s->addr < s->size)
            return s;
    }
    return NULL;
}
