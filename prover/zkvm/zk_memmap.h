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

/* The verifier's check of one segment's boundary (n keys, sorted, valid per
 * zk_key_valid, with the initial values it derived and the claimed finals;
 * brk_before: the break when the segment starts; brk_max: the highest break
 * it has at any step, from its events, zk_memmap_brk_chain): every RAM key lies on a
 * page mapped at the segment's start or end, the heap counting up to the
 * higher of the two breaks (exact for a break that only grows within a
 * segment; a run whose break shrinks below a word it touched in the same
 * segment is refused, see phase 2 in the docs), is tagged iff that page is
 * read-only, and a tagged word keeps its initial value; every fault key
 * (zk_int.h) stays 0 and names a page that is not readable (w = 0: NONE) or
 * not writable (w = 1: not RW) under the break brk_max: the heap only
 * maps pages, so a page without the permission at the highest break lacks
 * it at every step of the segment. -1 with one line naming the key and
 * address otherwise. */
int zk_memmap_check(const uisa_program *p, uint32_t brk_before, uint32_t brk_max,
                    const uint64_t *keys, const uint32_t *init, const uint32_t *final,
                    uint64_t n, uvm_err *err);

#endif
