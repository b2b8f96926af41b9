/* lift.c — -O0 lifting: a linear sweep over every code range turns each
 * RISC-V instruction into its base uop at the slot of its pc. Invariant:
 * every slot holds a valid uop; slots inside an instruction hold
 * TRAP(MID_INSN), slots outside code or on zero padding hold TRAP(ILLEGAL), and
 * an illegal or unsupported word becomes TRAP(ILLEGAL/UNSUPPORTED) holding the
 * word (it faults only if executed, as on hardware) unless opt->strict. */
#include "xlate.h"

#include <stdlib.h>
#include <string.h>

#include "blocks.h"
#include "elfload.h"
#include "passes.h"
#include "rv32.h"
#include "sha256.h"

static uint32_t rd16(const uint8_t *b) { return b[0] | (uint32_t)b[1] << 8; }

/* Does the code hold a compressed instruction? Looks at 4-aligned words the
 * way a non-RVC sweep would; zero words are padding, not instructions. */
static int has_compressed(const xl_image *img)
{
    for (uint32_t r = 0; r < img->n_ranges; r++)
        for (uint64_t pc = img->ranges[r].start; pc + 2 <= img->ranges[r].end; pc += 4) {
            uint32_t h = rd16(xl_image_bytes(img, (uint32_t)pc, 2));
            if (h != 0 && (h & 3) != 3)
                return 1;
        }
    return 0;
}

static uisa_uop trap(uisa_trap kind, unsigned len, uint32_t raw)
{
    return (uisa_uop){.op = UOP_TRAP, .len = (uint8_t)len, .imm = kind, .imm2 = (int32_t)raw};
}

typedef struct sweep {
    const xl_image *img;
    const xl_options *opt;
    uisa_program *p;
} sweep;

static uint32_t slot_of(const sweep *s, uint32_t pc)
{
    return (pc - s->p->code_base) >> s->p->slot_shift;
}

static int reject(uint32_t pc, const xl_insn *in, uint32_t raw, uvm_err *err)
{
    char dec[64];
    xl_word_decoding(raw, in->len, dec, sizeof dec);
    return uvm_errf(err, in->len == 2 ? "pc 0x%08x: %s instruction 0x%04x%s"
                                      : "pc 0x%08x: %s instruction 0x%08x%s",
                    pc, in->status == XL_UNSUPPORTED ? "unsupported" : "illegal", raw, dec);
}

void xl_word_decoding(uint32_t raw, unsigned len, char *buf, size_t size)
{
    xl_insn in = {.status = XL_ILLEGAL, .row = -1};
    if (len == 2)
        raw &= 0xffff;
    if (raw != 0 && xl_insn_len(raw) == len)
        xl_decode(raw, &in);
    const xl_row *r = in.row >= 0 ? &xl_rows[in.row] : NULL;
    if (r && in.status == XL_UNSUPPORTED)
        snprintf(buf, size, " (%s, %s extension)", r->name, r->ext);
    else if (r && in.status == XL_ILLEGAL)
        snprintf(buf, size, " (reserved encoding of %s)", r->name);
    else if (r)
        snprintf(buf, size, " (%s)", r->name); /* decodes now: cannot come from a TRAP */
    else if (size)
        buf[0] = 0; /* no row: "illegal instruction 0x..." says it all */
}

uint32_t xl_count_traps(const uisa_program *p, uint32_t *first_pc)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->n_slots; i++) {
        const uisa_uop *u = &p->slots[i];
        if (u->op != UOP_TRAP || u->len == 0 || u->imm == TRAP_MID_INSN || p->raw[i] == 0)
            continue;
        if (!n++)
            *first_pc = p->code_base + (i << p->slot_shift);
    }
    return n;
}

/* The slot in the middle of a 4-byte instruction: a jump there runs whatever
 * the bytes from pc decode to, as on hardware and qemu (overlapping code), so
 * decode them; only what does not decode becomes TRAP(MID_INSN), which faults
 * if reached and never fails the translation. */
static void mid_slot(sweep *s, uint32_t pc, uint64_t end, uint32_t i)
{
    uisa_program *p = s->p;
    uint32_t avail = (uint32_t)(end - pc);
    const uint8_t *b = xl_image_bytes(s->img, pc, avail >= 4 ? 4 : 2);
    uint32_t h = rd16(b);
    unsigned len = xl_insn_len(h) == 4 && avail >= 4 ? 4 : 2;
    uint32_t raw = len == 4 ? h | rd16(b + 2) << 16 : h;
    xl_insn in = {.status = XL_ILLEGAL, .len = (uint8_t)len, .row = -1};
    if (raw != 0 && xl_insn_len(raw) == len)
        xl_decode(raw, &in);
    p->slots[i] = in.status == XL_OK ? in.u : trap(TRAP_MID_INSN, 0, raw);
}

/* Decodes the instruction at pc (code continues to end, end - pc >= 2 and
 * even) into its slot; returns the bytes consumed, or 0 on a rejected word.
 * With 4-byte slots a step always takes a whole word (2 bytes at a range end). */
static unsigned step(sweep *s, uint32_t pc, uint64_t end, uvm_err *err)
{
    uisa_program *p = s->p;
    unsigned slot = 1u << p->slot_shift;
    uint32_t avail = (uint32_t)(end - pc), i = slot_of(s, pc);
    const uint8_t *b = xl_image_bytes(s->img, pc, avail >= 4 ? 4 : 2);
    uint32_t h = rd16(b);
    unsigned take = (slot == 4 || xl_insn_len(h) == 4) && avail >= 4 ? 4 : 2;
    uint32_t raw = take == 4 ? h | rd16(b + 2) << 16 : h;
    p->raw[i] = raw;
    if (raw == 0) { /* zero padding between or after functions */
        p->slots[i] = trap(TRAP_ILLEGAL, take, 0);
        return take;
    }
    xl_insn in = {.status = XL_ILLEGAL, .len = (uint8_t)take, .row = -1};
    if (xl_insn_len(raw) == take) /* else: a cut-off word, or 16 bits in a non-RVC program */
        xl_decode(raw, &in);
    if (in.status == XL_OK) {
        p->slots[i] = in.u;
    } else if (s->opt->strict) {
        reject(pc, &in, raw, err);
        return 0;
    } else {
        p->slots[i] = trap(in.status == XL_UNSUPPORTED ? TRAP_UNSUPPORTED : TRAP_ILLEGAL, take, raw);
    }
    if (take == 4 && slot == 2)
        mid_slot(s, pc + 2, end, i + 1);
    return take;
}

static int sweep_all(sweep *s, uvm_err *err)
{
    for (uint32_t r = 0; r < s->img->n_ranges; r++) {
        uint64_t pc = s->img->ranges[r].start, end = s->img->ranges[r].end;
        while (pc < end) { /* 64-bit: code may end at 2^32 */
            unsigned n = step(s, (uint32_t)pc, end, err);
            if (!n)
                return -1;
            pc += n;
        }
    }
    return 0;
}

static int build(const xl_image *img, const xl_options *opt, uisa_program *p, uvm_err *err)
{
    int rvc = img->rvc_flag || has_compressed(img);
    for (uint32_t r = 0; r < img->n_ranges; r++)
        rvc |= (img->ranges[r].start & 3) != 0; /* code at 2 mod 4 needs 2-byte slots */
    p->slot_shift = rvc ? 1 : 2;
    p->flags = rvc ? UISA_FLAG_RVC : 0;
    uint32_t align = 1u << p->slot_shift;
    uint32_t base = img->ranges[0].start;
    uint64_t end = ((uint64_t)img->ranges[img->n_ranges - 1].end + align - 1) & ~(uint64_t)(align - 1);
    p->code_base = base;
    p->n_slots = (uint32_t)((end - base) >> p->slot_shift);
    p->slots = calloc(p->n_slots, sizeof *p->slots);
    p->raw = calloc(p->n_slots, sizeof *p->raw);
    if (!p->slots || !p->raw)
        return uvm_errf(err, "out of memory for %u slots", p->n_slots);
    for (uint32_t i = 0; i < p->n_slots; i++)
        p->slots[i] = trap(TRAP_ILLEGAL, 0, 0); /* gaps between code ranges */
    sweep s = {img, opt, p};
    if (sweep_all(&s, err))
        return -1;
    const uisa_uop *eu = uisa_slot(p, img->entry);
    if (!eu || (eu->op == UOP_TRAP && eu->imm == TRAP_MID_INSN) ||
        (eu->op == UOP_TRAP && eu->len == 0))
        return uvm_errf(err, "entry point 0x%08x is not the start of an instruction in the code",
                        img->entry);
    p->entry = img->entry;
    return 0;
}

int xl_translate(const uint8_t *elf, size_t len, const xl_options *opt, uisa_program *out,
                 uvm_err *err)
{
    static const xl_options defaults = {0};
    if (!opt)
        opt = &defaults;
    const char *name = opt->name ? opt->name : "<elf>";
    memset(out, 0, sizeof *out);
    if (opt->level < 0 || opt->level > 2)
        return uvm_errf(err, "%s: -O%d: no such level (0, 1 or 2)", name, opt->level);
    if (len > XL_MAX_ELF_BYTES)
        return uvm_errf(err, "%s: larger than %u bytes", name, XL_MAX_ELF_BYTES);
    xl_image img;
    if (xl_elf_load(elf, len, &img, err))
        return uvm_err_prefix(err, "%s", name);
    int rc = build(&img, opt, out, err);
    /* Native ops first: they replace whole functions at their entry slots;
     * fusion then rewrites what is left and never touches a non-base slot. */
    if (!rc && opt->native)
        rc = xl_native_pass(&img, opt, out, err);
    /* Blocks next, on the lifted steps; fusion leaves their steps alone. */
    if (!rc && opt->blocks)
        rc = xl_blocks_apply(out, opt->blocks, opt->blocks_name ? opt->blocks_name : "<blocks>",
                             err);
    if (!rc && opt->fuse)
        rc = xl_fuse_pass(&img, opt, out, err);
    if (!rc) {
        sha256(elf, len, out->elf_hash);
        out->level = (uint32_t)opt->level;
        out->flags |= (opt->fuse ? UISA_FLAG_FUSED : 0) | (opt->native ? UISA_FLAG_NATIVE : 0);
        /* the program takes ownership of segments and symbols */
        out->n_segments = img.n_segments, out->segments = img.segments;
        out->n_symbols = img.n_symbols, out->symbols = img.symbols;
        img.n_segments = img.n_symbols = 0;
        img.segments = NULL, img.symbols = NULL;
        rc = uisa_blocks_check(out, err); /* the segments are in place now */
    }
    xl_image_free(&img);
    if (rc) {
        uisa_program_free(out);
        return uvm_err_prefix(err, "%s", name);
    }
    return 0;
}
