/* zk_memmap.h — the VM's memory map as the proof sees it (zk_memmap.c): each
 * page of a program's address space is unmapped, writable or read-only,
 * exactly as vm/mem.c maps it under the default layout. Invariant: the
 * witness tags the keys it touches and the verifier checks every boundary key
 * with the same function (zk_memmap_page), so they cannot disagree. */
#ifndef UVM_ZK_MEMMAP_H
#define UVM_ZK_MEMMAP_H

#include <stdint.h>

#include "err.h"
#include "uisa.h"

/* One brk call of a segment, as its statement lists it (zk_file.h): the sys
 * row's timestamp ts (segment-local), the break before (old) and after (brk;
 * = old when the request fails or is a query). The sys row sends BRK (ts,
 * old, brk) and the verifier receives each listed event (zk_int.h BUS_BRK),
 * so the list is exactly the segment's brk calls. */
typedef struct zk_brk_ev { uint32_t ts, old, brk; } zk_brk_ev;

typedef enum zk_page {
    ZK_PAGE_NONE, /* unmapped, or mapped without read permission: no key allowed */
    ZK_PAGE_RW,   /* key 2^32 + a (ZK_KEY_RAM) */
    ZK_PAGE_RO,   /* key 2^35 + 2^32 + a (ZK_KEY_RO): readers only */
} zk_page;

/* Class of the page holding byte address a: the stack [ABI_STACK_TOP -
 * ABI_STACK_SIZE, ABI_STACK_TOP) and the heap pages [brk_start, heap_end)
 * (abi_heap_bounds, guest_abi.h; heap_end is clamped to [brk_start, brk_limit]) are RW;
 * otherwise the union of the R/W flags of the .uisa segments on the page,
 * with W cleared on code pages (vm/mem.c protect_code); no R: NONE. */
zk_page zk_memmap_page(const uisa_program *p, uint64_t heap_end, uint32_t a);

/* The key a reader uses for the word at 4-aligned a: ZK_KEY_RO(a) on a
 * read-only page (heap_end = brk_limit: heap pages are never read-only),
 * else ZK_KEY_RAM(a). Writers always use ZK_KEY_RAM(a). */
uint64_t zk_memmap_read_key(const uisa_program *p, uint32_t a);

/* The chain of a segment's brk events (n_brk, their list; brk_before: the
 * break when the segment starts; brk_final: the break key's final value, or
 * brk_before if the boundary does not touch it): timestamps strictly
 * increasing and below n_steps, the first old = brk_before, each old = the
 * previous brk, the last brk = brk_final; no events and brk_final !=
 * brk_before is refused too. On success *brk_max is the highest break the
 * segment has at any step. -1 with one line naming the event otherwise. */
int zk_memmap_brk_chain(uint32_t brk_before, uint32_t brk_final, const zk_brk_ev *ev,
                        uint64_t n_brk, uint64_t n_steps, uint32_t *brk_max, uvm_err *err);

/* Heap lifetimes. A heap key is an untagged RAM key whose address a lies in
 * [brk_start, brk_limit) (abi_heap_bounds); its page P = a & ~4095 is mapped
 * while page_up(break) > P, i.e. while break > P (P is page-aligned). The
 * segment's states are the break at its start and after each brk event; a
 * lifetime of a key is a maximal run of states in which it is mapped. It
 * starts at the segment's start or at a grow (a birth), and ends at a shrink
 * (a kill) or at the segment's end. Births and kills of a brk event at step ts
 * use the memory timestamp ZK_BRK_MEMTS(ts) = 4*ts + 4: the brk row's own
 * accesses are at 4*ts + 1..5 (registers and the break key, never a heap
 * word), every earlier access is below 4*ts + 1 (a fused row at ts - 2 ends
 * at 4*ts - 1) and every later one above 4*ts + 8 (the next uop is at ts + 2),
 * so the birth can be consumed only by accesses after the grow, and the kill
 * consumes only a tuple written before the shrink (t < 4*ts + 4). */
#define ZK_BRK_MEMTS(ts) (4ull * (ts) + 4)
/* At most this many births plus kills of touched heap keys per segment (each
 * is a public fraction, each kill a memfinal row; both guest-controlled). */
#define ZK_MAX_HEAP_LIFE (1u << 22)

/* One birth (kill = 0) or kill (kill = 1) of touched key keys[idx] at the brk
 * event of step ts. */
typedef struct zk_life { uint64_t idx; uint32_t ts, kill; } zk_life;

/* A segment's heap, from its start break and brk events (zk_memmap_heap). */
typedef struct zk_heap {
    uint32_t brk_start, brk_limit;  /* abi_heap_bounds of the program */
    uint32_t brk_before, brk_after; /* the break at the segment's start and end */
    uint32_t brk_min, brk_max;      /* the lowest and highest break of any state */
    uint64_t n_life, n_kill;        /* births + kills, kills */
    zk_life *life;                  /* sorted by idx, then ts (owned) */
} zk_heap;

/* k is a heap key of h (untagged RAM, address in [brk_start, brk_limit)). */
static inline int zk_heap_key(const zk_heap *h, uint64_t k)
{
    return k >= (1ull << 32) + h->brk_start && k < (1ull << 32) + h->brk_limit;
}
/* A heap key's page is mapped under break b (b > its page's address). */
static inline int zk_heap_mapped(uint64_t k, uint32_t b) { return b > ((uint32_t)k & ~4095u); }
/* k is mapped at the segment's start (end): any non-heap key, a heap key
 * whose page the break at the start (end) maps. */
static inline int zk_heap_alive_start(const zk_heap *h, uint64_t k)
{
    return !zk_heap_key(h, k) || zk_heap_mapped(k, h->brk_before);
}
static inline int zk_heap_alive_end(const zk_heap *h, uint64_t k)
{
    return !zk_heap_key(h, k) || zk_heap_mapped(k, h->brk_after);
}

/* The births and kills of the n sorted keys (the one definition the prover's
 * witness and the verifier share): for each event whose page_up(break) moves,
 * the touched heap keys between the two page ends (a contiguous range of
 * keys, found by binary search). Counts first and refuses more than
 * ZK_MAX_HEAP_LIFE before allocating; O(n_brk log n + births + kills). The
 * events must form a chain from brk_before (zk_memmap_brk_chain). -1 with one
 * line otherwise (h is then empty). */
int zk_memmap_heap(uint32_t brk_start, uint32_t brk_limit, uint32_t brk_before,
                   const zk_brk_ev *ev, uint64_t n_brk, const uint64_t *keys, uint64_t n,
                   zk_heap *h, uvm_err *err);
void zk_heap_free(zk_heap *h);

/* A stack of suffix minima over values pushed at increasing positions: the
 * minimum of the values at positions >= from, and the last position whose
 * value is <= x, each in O(log n) (a position is kept iff its value is below
 * every later one, so the answer is always on the stack). */
typedef struct zk_minstk { uint64_t *at; uint32_t *val; uint64_t n, cap; } zk_minstk;
int zk_minstk_push(zk_minstk *s, uint64_t at, uint32_t v); /* -1: out of memory */
uint32_t zk_minstk_min_from(const zk_minstk *s, uint64_t from); /* UINT32_MAX: none */
int zk_minstk_last_le(const zk_minstk *s, uint32_t x, uint64_t *at); /* 1: found */
void zk_minstk_free(zk_minstk *s);

/* The verifier's check of one segment's boundary (n keys, sorted, valid per
 * zk_key_valid, with the initial values it derived and the claimed finals;
 * h: the segment's heap from zk_memmap_heap on the same keys): every
 * non-heap RAM key lies on a page the static map makes readable, is tagged
 * iff that page is read-only, and a tagged word keeps its initial value;
 * every heap key has at least one lifetime in the segment, and one whose page
 * the segment's last break does not map ends with value 0 (the VM released
 * it, so the next segment reads 0); every fault key (zk_int.h) stays 0 and
 * names a page that is not readable (w = 0: NONE) or not writable (w = 1: not
 * RW) under the break brk_max: the heap only maps pages, so a page without
 * the permission at the highest break lacks it at every step of the segment.
 * -1 with one line naming the key and address otherwise. */
int zk_memmap_check(const uisa_program *p, const zk_heap *h, const uint64_t *keys,
                    const uint32_t *init, const uint32_t *final, uint64_t n, uvm_err *err);

#endif
