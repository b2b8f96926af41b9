/* elfsyms.c — the ELF symbol table as uisa symbols, for listings and fault
 * reports. Optional: a stripped ELF simply has none. Invariant: the result is
 * sorted by (addr, name) with no duplicates, names non-empty and bounded. */
#include "elfload.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SYMNAME 4096u
#define MAX_SYMBOLS (1u << 20)

static int in_code(const xl_image *img, uint32_t a)
{
    for (uint32_t i = 0; i < img->n_ranges; i++)
        if (a >= img->ranges[i].start && a < img->ranges[i].end)
            return 1;
    return 0;
}

static int cmp_sym(const void *a, const void *b)
{
    const uisa_symbol *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    if (x->is_func != y->is_func)
        return x->is_func ? -1 : 1; /* the function first: it heads the listing */
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    return x->size < y->size ? -1 : x->size > y->size; /* a total order: deterministic */
}

/* Appends one symbol if it is worth keeping; 1 if skipped, -1 on OOM. */
static int keep(xl_image *img, size_t cap, const Elf32_Sym *s, const char *name)
{
    unsigned type = ELF32_ST_TYPE(s->st_info);
    if (!name || !name[0] || name[0] == '$' || !strncmp(name, ".L", 2) ||
        s->st_shndx == SHN_UNDEF || s->st_shndx == SHN_ABS)
        return 1;
    if (strlen(name) > MAX_SYMNAME)
        return 1;
    if (type == STT_NOTYPE ? !in_code(img, s->st_value) : type != STT_FUNC && type != STT_OBJECT)
        return 1;
    if ((uint64_t)s->st_value + s->st_size > 0x100000000ull || img->n_symbols >= cap)
        return 1;
    uisa_symbol *u = &img->symbols[img->n_symbols];
    u->name = strdup(name);
    if (!u->name)
        return -1;
    u->addr = s->st_value;
    u->size = s->st_size;
    u->is_func = type == STT_FUNC;
    img->n_symbols++;
    return 0;
}

int xl_elf_symbols(Elf *e, xl_image *img, uvm_err *err)
{
    Elf_Scn *scn = NULL;
    Elf32_Shdr shdr, *sh = &shdr, *shp;
    while ((scn = elf_nextscn(e, scn))) /* copies: libelf may hand out unaligned pointers */
        if ((shp = elf32_getshdr(scn)) && (memcpy(&shdr, shp, sizeof shdr), shdr.sh_type == SHT_SYMTAB))
            break;
    if (!scn)
        return 0; /* stripped: fine */
    if (sh->sh_entsize != sizeof(Elf32_Sym))
        return uvm_errf(err, "unreadable symbol table: entry size %u (ELF32 symbols are %zu "
                        "bytes)", sh->sh_entsize, sizeof(Elf32_Sym));
    Elf_Data *d = elf_getdata(scn, NULL);
    if (!d)
        return uvm_errf(err, "unreadable symbol table (section %zu): %s", elf_ndxscn(scn),
                        xl_elf_why("libelf gives no data"));
    if (!d->d_buf && d->d_size)
        return uvm_errf(err, "unreadable symbol table (section %zu): %zu bytes without data",
                        elf_ndxscn(scn), (size_t)d->d_size);
    size_t n = d->d_size / sizeof(Elf32_Sym);
    if (n > MAX_SYMBOLS)
        return uvm_errf(err, "symbol table of %zu entries is too large", n);
    img->symbols = calloc(n ? n : 1, sizeof *img->symbols);
    if (!img->symbols)
        return uvm_errf(err, "out of memory");
    for (size_t i = 1; i < n; i++) {
        Elf32_Sym sym;
        memcpy(&sym, (const char *)d->d_buf + i * sizeof sym, sizeof sym);
        const char *name = elf_strptr(e, sh->sh_link, sym.st_name);
        if (keep(img, n, &sym, name) < 0)
            return uvm_errf(err, "out of memory");
    }
    qsort(img->symbols, img->n_symbols, sizeof *img->symbols, cmp_sym);
    uint32_t k = 0;
    for (uint32_t i = 0; i < img->n_symbols; i++) {
        if (k && img->symbols[k - 1].addr == img->symbols[i].addr &&
            !strcmp(img->symbols[k - 1].name, img->symbols[i].name)) {
            free(img->symbols[i].name);
            continue;
        }
        img->symbols[k++] = img->symbols[i];
    }
    img->n_symbols = k;
    return 0;
}
