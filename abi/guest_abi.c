/* guest_abi.c — the heap's bounds under the guest ABI (guest_abi.h), the one
 * computation the VM places the heap with and the verifier checks heap keys against.
 * Invariant: a pure function of the program's segments and the layout. */
#include "guest_abi.h"

#include "uisa.h"

static uint64_t page_up(uint64_t a)
{
    return (a + ABI_PAGE_SIZE - 1) & ~(uint64_t)(ABI_PAGE_SIZE - 1);
}

void abi_heap_bounds_in(const uisa_program *p, uint64_t stack_lo, uint32_t heap_max,
                        uint32_t *start_out, uint32_t *limit_out)
{
    uint64_t start = 0, any_end = 0;
    for (uint32_t i = 0; i < p->n_segments; i++) {
        const uisa_segment *g = &p->segments[i];
        uint64_t end = page_up((uint64_t)g->vaddr + g->memsz);
        if (g->memsz && (g->flags & UISA_SEG_W) && end > start)
            start = end;
        if (g->memsz && end > any_end)
            any_end = end;
    }
    if (!start)
        start = any_end;
    uint64_t limit = start + heap_max;
    if (start <= stack_lo && limit > stack_lo)
        limit = stack_lo;
    for (uint32_t i = 0; i < p->n_segments; i++) {
        const uisa_segment *g = &p->segments[i];
        uint64_t lo = g->vaddr & ~(uint64_t)(ABI_PAGE_SIZE - 1);
        if (g->memsz && lo >= start && lo < limit)
            limit = lo;
    }
    if (start >= ABI_SPACE)
        start = ABI_SPACE - ABI_PAGE_SIZE;
    if (limit >= ABI_SPACE)
        limit = ABI_SPACE - ABI_PAGE_SIZE;
    if (limit < start)
        limit = start;
    *start_out = (uint32_t)start;
    *limit_out = (uint32_t)limit;
}

void abi_heap_bounds(const uisa_program *p, uint32_t *start, uint32_t *limit)
{
    abi_heap_bounds_in(p, ABI_STACK_TOP - ABI_STACK_SIZE, ABI_HEAP_MAX, start, limit);
}
