/* mem.c — the guest address space: a 4 GiB host reservation, the per-page
 * permission table, segments, stack and the brk heap.
 * Invariant: a page is host-accessible (PROT_READ|WRITE) iff its perm byte has
 * VM_PERM_MAPPED, so even a missed guest check cannot touch unmapped memory. */
#include "vm_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>

#define GUEST_SPACE ABI_SPACE

static uint64_t page_up(uint64_t a)
{
    return (a + VM_PAGE_SIZE - 1) & ~(uint64_t)(VM_PAGE_SIZE - 1);
}

bool vm_mem_ok_slow(const uint8_t *perm, uint32_t a, uint64_t n, uint8_t need)
{
    if (n == 0)
        return true;
    if ((uint64_t)a + n > GUEST_SPACE)
        return false;
    uint64_t last = ((uint64_t)a + n - 1) >> VM_PAGE_SHIFT;
    for (uint64_t pg = a >> VM_PAGE_SHIFT; pg <= last; pg++)
        if ((perm[pg] & need) != need)
            return false;
    return true;
}

/* Makes pages [lo, hi) (page-aligned) host-accessible and ORs `bits` into their perms. */
static int map_pages(vm_state *s, uint64_t lo, uint64_t hi, uint8_t bits, uvm_err *err)
{
    if (hi <= lo)
        return 0;
    if (mprotect(s->mem + lo, hi - lo, PROT_READ | PROT_WRITE) != 0)
        return uvm_errf(err, "vm: cannot map guest memory 0x%08llx..0x%08llx: %s",
                        (unsigned long long)lo, (unsigned long long)hi, strerror(errno));
    for (uint64_t pg = lo >> VM_PAGE_SHIFT; pg < hi >> VM_PAGE_SHIFT; pg++)
        s->perm[pg] |= bits | VM_PERM_MAPPED;
    return 0;
}

/* Checks a segment's bounds and returns its [lo, hi) page range. */
static int check_segment(const uisa_segment *g, uint32_t i, uint64_t stack_lo, uint64_t stack_hi,
                         uvm_err *err)
{
    uint64_t end = (uint64_t)g->vaddr + g->memsz;
    if (end > GUEST_SPACE)
        return uvm_errf(err, "vm: segment %u at 0x%08x (+%u bytes) extends past 4 GiB", i,
                        g->vaddr, g->memsz);
    if (g->filesz > g->memsz)
        return uvm_errf(err, "vm: segment %u at 0x%08x has filesz %u > memsz %u", i, g->vaddr,
                        g->filesz, g->memsz);
    if (g->filesz && !g->data)
        return uvm_errf(err, "vm: segment %u at 0x%08x has no data", i, g->vaddr);
    if (g->memsz && g->vaddr < stack_hi && end > stack_lo)
        return uvm_errf(err, "vm: segment %u at 0x%08x overlaps the stack 0x%08llx..0x%08llx", i,
                        g->vaddr, (unsigned long long)stack_lo, (unsigned long long)stack_hi);
    return 0;
}

static int map_segments(vm_state *s, const uisa_program *p, uint64_t stack_lo, uint64_t stack_hi,
                        uvm_err *err)
{
    for (uint32_t i = 0; i < p->n_segments; i++) {
        const uisa_segment *g = &p->segments[i];
        if (check_segment(g, i, stack_lo, stack_hi, err))
            return -1;
        if (!g->memsz)
            continue;
        uint8_t bits = (g->flags & UISA_SEG_R ? VM_PERM_R : 0) |
                       (g->flags & UISA_SEG_W ? VM_PERM_W : 0);
        uint64_t lo = g->vaddr & ~(uint64_t)(VM_PAGE_SIZE - 1);
        if (map_pages(s, lo, page_up((uint64_t)g->vaddr + g->memsz), bits, err))
            return -1;
        if (g->filesz)
            memcpy(s->mem + g->vaddr, g->data, g->filesz);
    }
    return 0;
}

/* Code never takes the fast store path: the pre-decoded slots would go stale.
 * On a page the ELF maps writable (RWX, as some linker scripts make it) stores
 * still work, through the slow path (VM_PERM_WCODE): keep the translated bytes
 * to tell a changed slot (vm_code_stored). */
static int protect_code(vm_state *s, const uisa_program *p, uvm_err *err)
{
    uint64_t end = (uint64_t)p->code_base + ((uint64_t)p->n_slots << p->slot_shift);
    if (end > GUEST_SPACE)
        return uvm_errf(err, "vm: code at 0x%08x (%u slots) extends past 4 GiB", p->code_base,
                        p->n_slots);
    if (!p->n_slots)
        return 0;
    int writable = 0;
    for (uint64_t pg = p->code_base >> VM_PAGE_SHIFT; pg < page_up(end) >> VM_PAGE_SHIFT; pg++) {
        uint8_t wc = s->perm[pg] & VM_PERM_W ? VM_PERM_WCODE : 0;
        writable |= wc;
        s->perm[pg] = (uint8_t)(((s->perm[pg] | VM_PERM_CODE) & ~VM_PERM_W) | wc);
    }
    if (!writable)
        return 0;
    size_t bytes = (size_t)(end - p->code_base);
    if (!(s->code_orig = malloc(bytes)))
        return uvm_errf(err, "vm: out of memory for %zu bytes of writable code", bytes);
    for (uint64_t a = p->code_base; a < end; a += VM_PAGE_SIZE - (a & (VM_PAGE_SIZE - 1))) {
        uint64_t stop = (a | (VM_PAGE_SIZE - 1)) + 1 < end ? (a | (VM_PAGE_SIZE - 1)) + 1 : end;
        if (s->perm[a >> VM_PAGE_SHIFT] & VM_PERM_MAPPED) /* code in no segment reads as 0 */
            memcpy(s->code_orig + (a - p->code_base), s->mem + a, stop - a);
        else
            memset(s->code_orig + (a - p->code_base), 0, stop - a);
    }
    return 0;
}

void vm_code_stored(vm_state *s, uint32_t pc, uint32_t a, uint32_t n)
{
    vm_result *r = s->res;
    if (!r->code_stores++)
        r->code_store_pc = pc, r->code_store_addr = a;
    const uisa_program *p = s->prog;
    uint64_t code_bytes = (uint64_t)s->n_slots << s->shift;
    /* a uop covers at most 255 bytes (uisa_uop.len), so only slots that start
     * in (a - 256, a + n) can overlap the store */
    uint64_t lo = a >= s->code_base + 256u ? a - 256u - s->code_base + 1 : 0;
    uint64_t hi = (uint64_t)a + n - s->code_base;
    if ((uint64_t)a + n <= s->code_base || lo >= code_bytes || !s->code_orig)
        return;
    if (hi > code_bytes)
        hi = code_bytes;
    for (uint64_t i = (lo + (1u << s->shift) - 1) >> s->shift; i << s->shift < hi; i++) {
        uint64_t off = i << s->shift, len = p->slots[i].len ? p->slots[i].len : 1u << s->shift;
        if (off + len > code_bytes)
            len = code_bytes - off;
        if (off + len + s->code_base <= a)
            continue; /* ends before the store */
        int changed = memcmp(s->mem + s->code_base + off, s->code_orig + off, len) != 0;
        s->dec[i].label = s->labels[changed ? UOP_COUNT : s->dec[i].op];
    }
}

void vm_heap_bounds(const uisa_program *p, const vm_config *cfg, uint32_t *start,
                    uint32_t *limit)
{
    uint32_t top = cfg && cfg->stack_top ? cfg->stack_top : VM_STACK_TOP;
    uint32_t size = cfg && cfg->stack_size ? cfg->stack_size : VM_STACK_SIZE;
    uint32_t heap_max = cfg && cfg->heap_max ? cfg->heap_max : VM_HEAP_MAX;
    abi_heap_bounds_in(p, (uint64_t)top - (size > top ? top : size), heap_max, start, limit);
}

int vm_mem_init(vm_state *s, const uisa_program *p, const vm_config *cfg, uvm_err *err)
{
    uint32_t top = cfg->stack_top ? cfg->stack_top : VM_STACK_TOP;
    uint32_t size = cfg->stack_size ? cfg->stack_size : VM_STACK_SIZE;
    uint32_t heap_max = cfg->heap_max ? cfg->heap_max : VM_HEAP_MAX;
    if ((top | size) & (VM_PAGE_SIZE - 1) || size > top)
        return uvm_errf(err, "vm: stack 0x%08x (%u bytes) is not page-aligned inside 4 GiB", top,
                        size);
    void *m = mmap(NULL, GUEST_SPACE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (m == MAP_FAILED)
        return uvm_errf(err, "vm: cannot reserve 4 GiB of address space: %s", strerror(errno));
    s->mem = m;
    s->perm = calloc(VM_NPAGES, 1);
    if (!s->perm)
        return uvm_errf(err, "vm: out of memory for the page table");
    uint64_t stack_lo = top - size;
    if (map_segments(s, p, stack_lo, top, err) || protect_code(s, p, err) ||
        map_pages(s, stack_lo, top, VM_PERM_R | VM_PERM_W, err))
        return -1;
    abi_heap_bounds_in(p, stack_lo, heap_max, &s->brk_start, &s->brk_limit);
    s->brk = s->brk_start;
    /* Linux initial stack (guest_abi.h): argc = 0, argv = {NULL}, envp = {NULL},
     * auxv = {AT_NULL, 0}; the pages are fresh, so the words are already zero. */
    s->x[ABI_REG_SP] = top - ABI_SP_OFFSET;
    return 0;
}

void vm_mem_free(vm_state *s)
{
    if (s->mem)
        munmap(s->mem, GUEST_SPACE);
    free(s->perm);
    free(s->code_orig);
    s->mem = NULL;
    s->perm = NULL;
    s->code_orig = NULL;
}

uint32_t vm_mem_brk(vm_state *s, uint32_t req)
{
    if (req == 0 || req < s->brk_start || req > s->brk_limit)
        return s->brk;
    uint64_t old_end = page_up(s->brk), new_end = page_up(req);
    if (new_end > old_end) {
        if (map_pages(s, old_end, new_end, VM_PERM_R | VM_PERM_W, NULL))
            return s->brk; /* host out of memory: refuse like Linux's ENOMEM */
    } else if (new_end < old_end) {
        /* Released pages read back as zero if the heap grows again (as on Linux). */
        madvise(s->mem + new_end, old_end - new_end, MADV_DONTNEED);
        mprotect(s->mem + new_end, old_end - new_end, PROT_NONE);
        memset(s->perm + (new_end >> VM_PAGE_SHIFT), 0, (old_end - new_end) >> VM_PAGE_SHIFT);
    }
    s->brk = req;
    return s->brk;
}
