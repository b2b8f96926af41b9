/* elfload.c — reads an RV32 ELF executable through libelf into an xl_image:
 * PT_LOAD segments (bounds-checked against the file), the code ranges to
 * decode (SHF_EXECINSTR sections, else executable segments), the entry and
 * the symbol table when present. Only program headers are required. */
#include "elfload.h"

#include <elf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SEGMENTS 256u
#define MAX_RANGES 4096u
#define MAX_SYMNAME 4096u

static const char *machine_name(unsigned m)
{
    switch (m) {
    case EM_386: return "x86";
    case EM_X86_64: return "x86-64";
    case EM_ARM: return "ARM";
    case EM_AARCH64: return "AArch64";
    case EM_MIPS: return "MIPS";
    case EM_PPC: return "PowerPC";
    }
    return "unknown";
}

/* Identification checks that need no libelf, so the messages are precise. */
static int check_ident(const uint8_t *b, size_t len, uvm_err *err)
{
    if (len < 4 || memcmp(b, ELFMAG, SELFMAG))
        return uvm_errf(err, "not an ELF file (%s)", len < 4 ? "too short" : "bad magic");
    if (len < EI_NIDENT)
        return uvm_errf(err, "truncated ELF: %zu bytes", len);
    if (b[EI_CLASS] == ELFCLASS64) { /* e_machine sits at offset 18 in both classes */
        unsigned m = len >= 20 ? (unsigned)(b[18] | b[19] << 8) : EM_RISCV;
        if (b[EI_DATA] == ELFDATA2LSB && m != EM_RISCV)
            return uvm_errf(err, "machine %u (%s) is not RISC-V (and ELF64 is not supported)",
                            m, machine_name(m));
        return uvm_errf(err, "ELF64 is not supported: uvm runs RV32 (ELF32) executables");
    }
    if (b[EI_CLASS] != ELFCLASS32)
        return uvm_errf(err, "bad ELF class %u", b[EI_CLASS]);
    if (b[EI_DATA] != ELFDATA2LSB)
        return uvm_errf(err, "big-endian ELF is not supported");
    if (len < sizeof(Elf32_Ehdr))
        return uvm_errf(err, "truncated ELF header: %zu of %zu bytes", len, sizeof(Elf32_Ehdr));
    const Elf32_Ehdr *h = (const Elf32_Ehdr *)b;
    Elf32_Ehdr eh;
    memcpy(&eh, h, sizeof eh);
    if (eh.e_machine != EM_RISCV)
        return uvm_errf(err, "machine %u (%s) is not RISC-V", eh.e_machine,
                        machine_name(eh.e_machine));
    if (eh.e_type == ET_DYN)
        return uvm_errf(err, "position-independent executable or shared object (ET_DYN) is not "
                        "supported: link with -static -no-pie");
    if (eh.e_type != ET_EXEC)
        return uvm_errf(err, "ELF type %u is not an executable (ET_EXEC)", eh.e_type);
    if ((eh.e_phoff & 3) || (eh.e_shoff & 3))
        return uvm_errf(err, "misaligned program or section header table (offsets 0x%x, 0x%x)",
                        eh.e_phoff, eh.e_shoff);
    if (eh.e_phnum && (eh.e_phentsize != sizeof(Elf32_Phdr) ||
                       (uint64_t)eh.e_phoff + (uint64_t)eh.e_phnum * sizeof(Elf32_Phdr) > len))
        return uvm_errf(err, "truncated ELF: program headers at offset 0x%x extend past the end "
                        "of the file (%zu bytes)", eh.e_phoff, len);
    return 0;
}

/* Section headers are optional (stripped files keep them, but nothing needs
 * them); if announced they must be inside the file. Checked after the
 * segments so a file cut inside its code names the segment. */
static int check_shdrs(const uint8_t *b, size_t len, uvm_err *err)
{
    Elf32_Ehdr eh;
    memcpy(&eh, b, sizeof eh);
    if (eh.e_shoff && eh.e_shnum && (eh.e_shentsize != sizeof(Elf32_Shdr) ||
        (uint64_t)eh.e_shoff + (uint64_t)eh.e_shnum * sizeof(Elf32_Shdr) > len))
        return uvm_errf(err, "truncated ELF: section headers at offset 0x%x extend past the end "
                        "of the file (%zu bytes)", eh.e_shoff, len);
    return 0;
}

static int cmp_seg(const void *a, const void *b)
{
    const uisa_segment *x = a, *y = b;
    return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

static int load_segments(Elf *e, const uint8_t *b, size_t len, xl_image *img, uvm_err *err)
{
    size_t n;
    if (elf_getphdrnum(e, &n) || n == 0)
        return uvm_errf(err, "no program headers (no PT_LOAD segment)");
    Elf32_Phdr *ph = elf32_getphdr(e);
    if (!ph)
        return uvm_errf(err, "unreadable program headers: %s",
                        xl_elf_why("libelf gives no table"));
    img->segments = calloc(n, sizeof *img->segments);
    if (!img->segments)
        return uvm_errf(err, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const Elf32_Phdr *p = &ph[i];
        if (p->p_type == PT_INTERP || p->p_type == PT_DYNAMIC)
            return uvm_errf(err, "dynamically linked executables are not supported: link with -static");
        if (p->p_type != PT_LOAD || p->p_memsz == 0)
            continue;
        if (p->p_filesz > p->p_memsz || (uint64_t)p->p_vaddr + p->p_memsz > 0x100000000ull)
            return uvm_errf(err, "segment %zu at 0x%08x: bad sizes (filesz %u, memsz %u)", i,
                            p->p_vaddr, p->p_filesz, p->p_memsz);
        if ((uint64_t)p->p_offset + p->p_filesz > len)
            return uvm_errf(err, "truncated ELF: PT_LOAD segment (program header %zu) at 0x%08x needs file bytes up to "
                            "0x%llx, the file has %zu", i, p->p_vaddr,
                            (unsigned long long)p->p_offset + p->p_filesz, len);
        if (img->n_segments == MAX_SEGMENTS)
            return uvm_errf(err, "more than %u PT_LOAD segments", MAX_SEGMENTS);
        uisa_segment *s = &img->segments[img->n_segments++];
        s->vaddr = p->p_vaddr, s->memsz = p->p_memsz, s->filesz = p->p_filesz;
        s->flags = ((p->p_flags & PF_R) ? UISA_SEG_R : 0) | ((p->p_flags & PF_W) ? UISA_SEG_W : 0) |
                   ((p->p_flags & PF_X) ? UISA_SEG_X : 0);
        s->data = malloc(s->filesz ? s->filesz : 1);
        if (!s->data)
            return uvm_errf(err, "out of memory");
        memcpy(s->data, b + p->p_offset, s->filesz);
    }
    if (img->n_segments == 0)
        return uvm_errf(err, "no PT_LOAD segment");
    qsort(img->segments, img->n_segments, sizeof *img->segments, cmp_seg);
    for (uint32_t i = 1; i < img->n_segments; i++) {
        const uisa_segment *a = &img->segments[i - 1], *c = &img->segments[i];
        if ((uint64_t)a->vaddr + a->memsz > c->vaddr)
            return uvm_errf(err, "PT_LOAD segments at 0x%08x and 0x%08x overlap", a->vaddr,
                            c->vaddr);
    }
    return 0;
}

const uint8_t *xl_image_bytes(const xl_image *img, uint32_t addr, uint32_t n)
{
    for (uint32_t i = 0; i < img->n_segments; i++) {
        const uisa_segment *s = &img->segments[i];
        if (addr >= s->vaddr && (uint64_t)addr + n <= (uint64_t)s->vaddr + s->filesz)
            return s->data + (addr - s->vaddr);
    }
    return NULL;
}

const char *xl_elf_why(const char *otherwise)
{
    int e = elf_errno();
    return e ? elf_errmsg(e) : otherwise;
}

static const uisa_segment *x_segment_of(const xl_image *img, uint32_t a, uint64_t e)
{
    for (uint32_t i = 0; i < img->n_segments; i++) {
        const uisa_segment *s = &img->segments[i];
        if ((s->flags & UISA_SEG_X) && a >= s->vaddr && e <= (uint64_t)s->vaddr + s->filesz)
            return s;
    }
    return NULL;
}

static int add_range(xl_image *img, uint32_t a, uint64_t e, uvm_err *err)
{
    if (img->n_ranges == MAX_RANGES)
        return uvm_errf(err, "more than %u executable sections", MAX_RANGES);
    if (img->n_ranges % 64 == 0) {
        xl_range *r = realloc(img->ranges, (img->n_ranges + 64) * sizeof *r);
        if (!r)
            return uvm_errf(err, "out of memory");
        img->ranges = r;
    }
    e &= ~(uint64_t)1; /* an odd trailing byte cannot hold an instruction */
    if (e <= a)
        return 0;
    img->ranges[img->n_ranges++] = (xl_range){a, e};
    return 0;
}

static int cmp_range(const void *a, const void *b)
{
    const xl_range *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Code ranges: SHF_EXECINSTR sections if any, else the X segments' file data.
 * Overlapping or touching ranges are merged so the sweep sees each byte once. */
static int find_code(Elf *e, xl_image *img, uvm_err *err)
{
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(e, scn))) {
        Elf32_Shdr shdr, *shp = elf32_getshdr(scn), *sh = &shdr;
        if (!shp)
            return uvm_errf(err, "unreadable section header %zu: %s", elf_ndxscn(scn),
                            xl_elf_why("libelf gives no header"));
        memcpy(&shdr, shp, sizeof shdr); /* libelf may hand out unaligned pointers */
        if (sh->sh_type != SHT_PROGBITS || !(sh->sh_flags & SHF_EXECINSTR) ||
            !(sh->sh_flags & SHF_ALLOC) || sh->sh_size == 0)
            continue;
        uint64_t end = (uint64_t)sh->sh_addr + sh->sh_size;
        if (end > 0x100000000ull || !x_segment_of(img, sh->sh_addr, end))
            return uvm_errf(err, "executable section at 0x%08x (%u bytes) lies outside the "
                            "executable segments' file data", sh->sh_addr, sh->sh_size);
        if (add_range(img, sh->sh_addr, end, err))
            return -1;
    }
    if (img->n_ranges == 0)
        for (uint32_t i = 0; i < img->n_segments; i++) {
            const uisa_segment *s = &img->segments[i];
            if ((s->flags & UISA_SEG_X) && s->filesz &&
                add_range(img, s->vaddr, (uint64_t)s->vaddr + s->filesz, err))
                return -1;
        }
    if (img->n_ranges == 0)
        return uvm_errf(err, "no executable code (no SHF_EXECINSTR section, no PF_X segment)");
    qsort(img->ranges, img->n_ranges, sizeof *img->ranges, cmp_range);
    uint32_t k = 0;
    for (uint32_t i = 1; i < img->n_ranges; i++) {
        if (img->ranges[i].start <= img->ranges[k].end) {
            if (img->ranges[i].end > img->ranges[k].end)
                img->ranges[k].end = img->ranges[i].end;
        } else {
            img->ranges[++k] = img->ranges[i];
        }
    }
    img->n_ranges = k + 1;
    for (uint32_t i = 0; i < img->n_ranges; i++)
        if (img->ranges[i].start & 1)
            return uvm_errf(err, "code at odd address 0x%08x", img->ranges[i].start);
    return 0;
}

int xl_elf_load(const uint8_t *elf, size_t len, xl_image *img, uvm_err *err)
{
    memset(img, 0, sizeof *img);
    if (check_ident(elf, len, err))
        return -1;
    if (elf_version(EV_CURRENT) == EV_NONE)
        return uvm_errf(err, "libelf: %s", elf_errmsg(-1));
    /* libelf wants a writable image; keep the caller's bytes untouched. */
    char *copy = malloc(len);
    if (!copy)
        return uvm_errf(err, "out of memory");
    memcpy(copy, elf, len);
    Elf *e = NULL;
    int rc = -1;
    e = elf_memory(copy, len);
    if (!e || elf_kind(e) != ELF_K_ELF) {
        uvm_errf(err, "libelf cannot parse the file: %s",
                 xl_elf_why("not an ELF object to libelf (an archive or corrupt header?)"));
        goto out;
    }
    Elf32_Ehdr *eh = elf32_getehdr(e);
    if (!eh) {
        uvm_errf(err, "unreadable ELF header: %s", xl_elf_why("libelf gives no header"));
        goto out;
    }
    img->entry = eh->e_entry;
    img->rvc_flag = (eh->e_flags & EF_RISCV_RVC) != 0;
    if (load_segments(e, elf, len, img, err) || check_shdrs(elf, len, err) ||
        find_code(e, img, err) ||
        xl_elf_symbols(e, img, err))
        goto out;
    rc = 0;
out:
    if (e)
        elf_end(e);
    free(copy);
    if (rc)
        xl_image_free(img);
    return rc;
}

void xl_image_free(xl_image *img)
{
    for (uint32_t i = 0; i < img->n_segments; i++)
        free(img->segments[i].data);
    free(img->segments);
    free(img->ranges);
    for (uint32_t i = 0; i < img->n_symbols; i++)
        free(img->symbols[i].name);
    free(img->symbols);
    memset(img, 0, sizeof *img);
}
