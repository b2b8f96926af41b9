/* zk_memmap.c — the page map the proof enforces (zk_memmap.h): mirrors
 * vm/mem.c (segments' R/W flags ORed per page, code never writable, the
 * stack, the brk heap) for the default layout the prover runs with.
 * Invariant: a RAM key the verifier accepts lies on a page the VM maps
 * readable, tagged iff the VM never lets a store reach it; a fault key, on a
 * page that lacks the claimed permission throughout the segment (the brk
 * events give the break at every step). */
#include "zk_memmap.h"

#include "guest_abi.h"
#include "zk_int.h"

#define PAGE_SHIFT ABI_PAGE_SHIFT

/* First page after byte end (exclusive), as a page number; end <= 2^32. */
static uint64_t page_end(uint64_t end) { return (end + ABI_PAGE_SIZE - 1) >> PAGE_SHIFT; }

zk_page zk_memmap_page(const uisa_program *p, uint64_t heap_end, uint32_t a)
{
    uint64_t pg = a >> PAGE_SHIFT;
    uint32_t brk_start, brk_limit;
    if (a >= ABI_STACK_TOP - ABI_STACK_SIZE && a < ABI_STACK_TOP)
        return ZK_PAGE_RW;
    abi_heap_bounds(p, &brk_start, &brk_limit);
    if (a >= brk_start && a < heap_end && a < brk_limit)
        return ZK_PAGE_RW; /* vm_mem_brk maps heap pages R|W over whatever was there */
    unsigned r = 0, w = 0;
    for (uint32_t i = 0; i < p->n_segments; i++) {
        const uisa_segment *g = &p->segments[i];
        if (g->memsz && pg >= g->vaddr >> PAGE_SHIFT &&
            pg < page_end((uint64_t)g->vaddr + g->memsz)) {
            r |= !!(g->flags & UISA_SEG_R);
            w |= !!(g->flags & UISA_SEG_W);
        }
    }
    uint64_t code_end = (uint64_t)p->code_base + ((uint64_t)p->n_slots << p->slot_shift);
    if (p->n_slots && pg >= p->code_base >> PAGE_SHIFT && pg < page_end(code_end))
        w = 0;
    /* a page mapped W without R: the VM allows stores but faults loads; the
     * proof cannot tell a store's read of the old word from a load, so it
     * refuses the page (never seen in practice; an honest run there is not provable) */
    return !r ? ZK_PAGE_NONE : w ? ZK_PAGE_RW : ZK_PAGE_RO;
}

uint64_t zk_memmap_read_key(const uisa_program *p, uint32_t a)
{
    return zk_memmap_page(p, 1ull << 32, a) == ZK_PAGE_RO ? ZK_KEY_RO(a) : ZK_KEY_RAM(a);
}

int zk_memmap_brk_chain(uint32_t brk_before, uint32_t brk_final, const zk_brk_ev *ev,
                        uint64_t n_brk, uint64_t n_steps, uint32_t *brk_max, uvm_err *err)
{
    uint32_t at = brk_before, hi = brk_before;
    for (uint64_t i = 0; i < n_brk; i++) {
        if ((i && ev[i].ts <= ev[i - 1].ts) || ev[i].ts >= n_steps)
            return uvm_errf(err, "brk event %llu: ts %u (events must be in increasing ts below "
                            "the segment's %llu steps)", (unsigned long long)i, ev[i].ts,
                            (unsigned long long)n_steps);
        if (ev[i].old != at)
            return uvm_errf(err, "brk event %llu (ts %u): break before 0x%08x, the chain has "
                            "0x%08x", (unsigned long long)i, ev[i].ts, ev[i].old, at);
        at = ev[i].brk;
        if (at > hi)
            hi = at;
    }
    if (at != brk_final)
        return uvm_errf(err, "brk events end at break 0x%08x, the break key's final is 0x%08x",
                        at, brk_final);
    *brk_max = hi;
    return 0;
}

/* Fault key k (kind w, page a; zk_int.h): the page must lack the claimed
 * permission (w = 0: not readable, 1: not writable) for the whole segment.
 * Outside the heap the map is static. A heap page's permission follows the
 * break, which the brk events give at every step: the heap maps [brk_start,
 * page_up(break)) R|W, so a page that lacks the permission at the highest
 * break brk_max lacks it at every step (a page mapped at some step is RW at
 * brk_max, and is refused). */
static int fault_check(const uisa_program *p, uint32_t brk_max, uint64_t k, unsigned w,
                       uint32_t a, uint32_t init, uint32_t final, uvm_err *err)
{
    const char *what = w ? "not writable" : "not readable";
    if (init || final)
        return uvm_errf(err, "fault key 0x%llx (page 0x%08x %s): value 0x%08x to 0x%08x (must "
                        "stay 0)", (unsigned long long)k, a, what, init, final);
    zk_page pg = zk_memmap_page(p, page_end(brk_max) << PAGE_SHIFT, a);
    if (w ? pg == ZK_PAGE_RW : pg != ZK_PAGE_NONE)
        return uvm_errf(err, "fault key 0x%llx: page 0x%08x is %s, the key claims it %s",
                        (unsigned long long)k, a, pg == ZK_PAGE_RW ? "writable" : "read-only",
                        what);
    return 0;
}

int zk_memmap_check(const uisa_program *p, uint32_t brk_before, uint32_t brk_max,
                    const uint64_t *keys, const uint32_t *init, const uint32_t *final,
                    uint64_t n, uvm_err *err)
{
    uint32_t brk_hi = brk_before, brk_start, brk_limit;
    for (uint64_t i = 0; i < n; i++) /* the break the segment leaves, if it moved it */
        if (keys[i] == ZK_KEY_BRK && final[i] > brk_hi)
            brk_hi = final[i];
    uint64_t heap_end = page_end(brk_hi) << PAGE_SHIFT;
    abi_heap_bounds(p, &brk_start, &brk_limit);
    for (uint64_t i = 0; i < n; i++) {
        uint64_t k = keys[i];
        unsigned fw;
        uint32_t fa;
        if (zk_key_fault(k, &fw, &fa)) {
            if (fault_check(p, brk_max, k, fw, fa, init[i], final[i], err))
                return -1;
            continue;
        }
        if (!zk_key_is_ram(k))
            continue;
        uint32_t a = (uint32_t)k;
        int tagged = k >= ZK_KEY_RO(0);
        zk_page pg = zk_memmap_page(p, heap_end, a);
        if (pg == ZK_PAGE_NONE && a >= brk_start && a < brk_limit)
            return uvm_errf(err, "memory key 0x%llx: address 0x%08x is heap above the break "
                            "(0x%08x at the segment's start, 0x%08x at its end at most)",
                            (unsigned long long)k, a, brk_before, brk_hi);
        if (pg == ZK_PAGE_NONE)
            return uvm_errf(err, "memory key 0x%llx: address 0x%08x is not mapped",
                            (unsigned long long)k, a);
        if (tagged != (pg == ZK_PAGE_RO))
            return uvm_errf(err, "memory key 0x%llx: address 0x%08x is on a %s page but the key "
                            "is %s", (unsigned long long)k, a,
                            pg == ZK_PAGE_RO ? "read-only" : "writable",
                            tagged ? "tagged read-only" : "untagged (writable)");
        if (tagged && final[i] != init[i])
            return uvm_errf(err, "memory key 0x%llx: read-only word at 0x%08x changes from "
                            "0x%08x to 0x%08x", (unsigned long long)k, a, init[i], final[i]);
    }
    return 0;
}
