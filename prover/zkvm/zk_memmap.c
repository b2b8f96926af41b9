/* zk_memmap.c — the page map the proof enforces (zk_memmap.h): mirrors
 * vm/mem.c (segments' R/W flags ORed per page, code never writable, the
 * stack, the brk heap) for the default layout the prover runs with.
 * Invariant: a RAM key the verifier accepts lies on a page the VM maps
 * readable, tagged iff the VM never lets a store reach it; a heap key has a
 * lifetime in the segment, and the births and kills zk_memmap_heap lists are
 * exactly the page-end crossings of the brk events (the prover's witness and
 * the verifier call the same function); a fault key, on a page that lacks the
 * claimed permission throughout the segment (the brk events give the break
 * at every step). */
#include "zk_memmap.h"

#include <stdlib.h>
#include <string.h>

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

/* First index in keys[lo, hi) with key >= k. */
static uint64_t lower(const uint64_t *keys, uint64_t lo, uint64_t hi, uint64_t k)
{
    while (lo < hi) {
        uint64_t m = lo + (hi - lo) / 2;
        if (keys[m] < k)
            lo = m + 1;
        else
            hi = m;
    }
    return lo;
}

/* The keys [*a, *b) of the heap range [lo, hi) whose pages lie between the
 * page ends of breaks x and y (either order): those the event maps or releases. */
static void moved(const uint64_t *keys, uint64_t lo, uint64_t hi, uint32_t x, uint32_t y,
                  uint64_t *a, uint64_t *b)
{
    uint64_t ex = page_end(x) << PAGE_SHIFT, ey = page_end(y) << PAGE_SHIFT;
    uint64_t l = ex < ey ? ex : ey, u = ex < ey ? ey : ex;
    *a = lower(keys, lo, hi, ZK_KEY_RAM(0) + l);
    *b = lower(keys, *a, hi, ZK_KEY_RAM(0) + u);
}

int zk_memmap_heap(uint32_t brk_start, uint32_t brk_limit, uint32_t brk_before,
                   const zk_brk_ev *ev, uint64_t n_brk, const uint64_t *keys, uint64_t n,
                   zk_heap *h, uvm_err *err)
{
    memset(h, 0, sizeof *h);
    h->brk_start = brk_start, h->brk_limit = brk_limit;
    h->brk_before = h->brk_after = h->brk_min = h->brk_max = brk_before;
    uint64_t lo = lower(keys, 0, n, ZK_KEY_RAM(brk_start));
    uint64_t hi = lower(keys, lo, n, ZK_KEY_RAM(0) + (uint64_t)brk_limit);
    uint64_t total = 0, kills = 0, a, b;
    for (uint64_t i = 0; i < n_brk; i++) {
        moved(keys, lo, hi, ev[i].old, ev[i].brk, &a, &b);
        total += b - a;
        kills += ev[i].brk < ev[i].old ? b - a : 0;
        h->brk_min = ev[i].brk < h->brk_min ? ev[i].brk : h->brk_min;
        h->brk_max = ev[i].brk > h->brk_max ? ev[i].brk : h->brk_max;
        h->brk_after = ev[i].brk;
        if (total > ZK_MAX_HEAP_LIFE)
            return uvm_errf(err, "heap: more than %u births and kills of touched heap words "
                            "in one segment (by brk event %llu)", ZK_MAX_HEAP_LIFE,
                            (unsigned long long)i);
    }
    if (!total)
        return 0;
    /* counting sort by key: start[j] is key lo + j's first slot */
    uint64_t *start = calloc(hi - lo + 1, sizeof *start);
    h->life = malloc(total * sizeof *h->life);
    if (!start || !h->life) {
        free(start);
        zk_heap_free(h);
        return uvm_errf(err, "heap: out of memory for %llu births and kills",
                        (unsigned long long)total);
    }
    for (uint64_t i = 0; i < n_brk; i++) {
        moved(keys, lo, hi, ev[i].old, ev[i].brk, &a, &b);
        for (uint64_t k = a; k < b; k++)
            start[k - lo + 1]++;
    }
    for (uint64_t j = 1; j <= hi - lo; j++)
        start[j] += start[j - 1];
    for (uint64_t i = 0; i < n_brk; i++) {
        moved(keys, lo, hi, ev[i].old, ev[i].brk, &a, &b);
        for (uint64_t k = a; k < b; k++)
            h->life[start[k - lo]++] = (zk_life){k, ev[i].ts, ev[i].brk < ev[i].old};
    }
    free(start);
    h->n_life = total, h->n_kill = kills;
    return 0;
}

void zk_heap_free(zk_heap *h)
{
    free(h->life);
    h->life = NULL;
    h->n_life = h->n_kill = 0;
}

int zk_minstk_push(zk_minstk *s, uint64_t at, uint32_t v)
{
    while (s->n && s->val[s->n - 1] >= v)
        s->n--;
    if (s->n == s->cap) {
        uint64_t cap = s->cap ? 2 * s->cap : 64;
        uint64_t *na = realloc(s->at, cap * sizeof *na);
        if (!na)
            return -1;
        s->at = na;
        uint32_t *nv = realloc(s->val, cap * sizeof *nv);
        if (!nv)
            return -1;
        s->val = nv;
        s->cap = cap;
    }
    s->at[s->n] = at, s->val[s->n++] = v;
    return 0;
}

uint32_t zk_minstk_min_from(const zk_minstk *s, uint64_t from)
{
    uint64_t lo = 0, hi = s->n; /* first kept position >= from holds the minimum */
    while (lo < hi) {
        uint64_t m = lo + (hi - lo) / 2;
        if (s->at[m] < from)
            lo = m + 1;
        else
            hi = m;
    }
    return lo < s->n ? s->val[lo] : UINT32_MAX;
}

int zk_minstk_last_le(const zk_minstk *s, uint32_t x, uint64_t *at)
{
    uint64_t lo = 0, hi = s->n; /* values increase along the stack */
    while (lo < hi) {
        uint64_t m = lo + (hi - lo) / 2;
        if (s->val[m] <= x)
            lo = m + 1;
        else
            hi = m;
    }
    if (!lo)
        return 0;
    *at = s->at[lo - 1];
    return 1;
}

void zk_minstk_free(zk_minstk *s)
{
    free(s->at);
    free(s->val);
    memset(s, 0, sizeof *s);
}

int zk_memmap_check(const uisa_program *p, const zk_heap *h, const uint64_t *keys,
                    const uint32_t *init, const uint32_t *final, uint64_t n, uvm_err *err)
{
    uint64_t heap_end = page_end(h->brk_max) << PAGE_SHIFT, li = 0;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t k = keys[i];
        unsigned fw;
        uint32_t fa;
        if (zk_key_fault(k, &fw, &fa)) {
            if (fault_check(p, h->brk_max, k, fw, fa, init[i], final[i], err))
                return -1;
            continue;
        }
        if (!zk_key_is_ram(k))
            continue;
        uint32_t a = (uint32_t)k;
        if (zk_heap_key(h, k)) {
            while (li < h->n_life && h->life[li].idx < i)
                li++;
            int born = li < h->n_life && h->life[li].idx == i && !h->life[li].kill;
            if (!zk_heap_alive_start(h, k) && !born)
                return uvm_errf(err, "memory key 0x%llx: address 0x%08x is heap above the "
                                "break at every step of the segment (0x%08x at its start, "
                                "0x%08x at most)", (unsigned long long)k, a, h->brk_before,
                                h->brk_max);
            if (!zk_heap_alive_end(h, k) && final[i])
                return uvm_errf(err, "memory key 0x%llx: heap address 0x%08x is above the "
                                "final break 0x%08x but ends with value 0x%08x (must be 0)",
                                (unsigned long long)k, a, h->brk_after, final[i]);
            continue;
        }
        int tagged = k >= ZK_KEY_RO(0);
        zk_page pg = zk_memmap_page(p, heap_end, a);
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
