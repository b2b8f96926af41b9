/* core_buf.c — the recycling allocator of core_buf.h: blocks of at least
 * CORE_BUF_MIN bytes go back to a small pool on free and are handed out again
 * best-fit; smaller ones are plain calloc/malloc. Every block carries a
 * header (raw pointer, capacity) just below its aligned data. */
#include "core_buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define CORE_BUF_MIN ((size_t)1 << 20) /* below this, malloc's own caches do well */
#define CORE_BUF_SLOTS 64
#define CORE_BUF_HUGE ((size_t)64 << 20) /* huge pages cut the page-fault cost */
#define CORE_BUF_TAIL ((size_t)2 << 20)  /* tails released in whole huge pages */

typedef struct buf_hdr {
    void *raw;
    size_t cap;
} buf_hdr;

static struct {
    void *blk[CORE_BUF_SLOTS];
    size_t n, bytes;
    core_buf_stats st;
} pool;

static buf_hdr *hdr_of(void *p) { return (buf_hdr *)p - 1; }

static void *fresh(size_t bytes, int zero)
{
    if (bytes > SIZE_MAX - 128)
        return NULL;
    /* calloc of a large block gets fresh (already zero) mmap pages without a
     * memset; malloc the same pages when the caller overwrites them anyway */
    char *raw = zero ? calloc(1, bytes + 128) : malloc(bytes + 128);
    if (!raw)
        return NULL;
    uintptr_t p = ((uintptr_t)raw + sizeof(buf_hdr) + 63) & ~(uintptr_t)63;
    *hdr_of((void *)p) = (buf_hdr){raw, bytes};
    if (bytes >= CORE_BUF_HUGE)
        madvise((void *)((p + 4095) & ~(uintptr_t)4095), bytes - 4096, MADV_HUGEPAGE);
    return (void *)p;
}

static void release(void *p)
{
    if (p)
        free(hdr_of(p)->raw);
}

/* A block reused for a smaller request gives the pages past the request back
 * (they fault in again, zeroed, if a later request needs them), so a big
 * idle block serving a small request does not pin its whole size. */
static void release_tail(void *p, size_t bytes)
{
    uintptr_t lo = ((uintptr_t)p + bytes + CORE_BUF_TAIL - 1) & ~(uintptr_t)(CORE_BUF_TAIL - 1);
    uintptr_t hi = ((uintptr_t)p + hdr_of(p)->cap) & ~(uintptr_t)(CORE_BUF_TAIL - 1);
    if (hi > lo)
        madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

/* Under the pool lock: the smallest pooled block of at least `bytes`, taken
 * out of the pool; on a miss, pooled blocks totalling at least `bytes` (largest
 * first) are moved to evict[] for the caller to release outside the lock. */
static void *take_locked(size_t bytes, void **evict, size_t *n_evict)
{
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < pool.n; i++) {
        size_t cap = hdr_of(pool.blk[i])->cap;
        if (cap >= bytes && (best == SIZE_MAX || cap < hdr_of(pool.blk[best])->cap))
            best = i;
    }
    if (best != SIZE_MAX) {
        void *p = pool.blk[best];
        pool.blk[best] = pool.blk[--pool.n];
        pool.bytes -= hdr_of(p)->cap;
        pool.st.reused++;
        return p;
    }
    size_t freed = 0;
    while (pool.n && freed < bytes) {
        size_t big = 0;
        for (size_t i = 1; i < pool.n; i++)
            if (hdr_of(pool.blk[i])->cap > hdr_of(pool.blk[big])->cap)
                big = i;
        void *p = pool.blk[big];
        pool.blk[big] = pool.blk[--pool.n];
        pool.bytes -= hdr_of(p)->cap;
        freed += hdr_of(p)->cap;
        evict[(*n_evict)++] = p;
    }
    pool.st.fresh++;
    return NULL;
}

void *core_buf_alloc(size_t bytes, int zero)
{
    if (bytes < CORE_BUF_MIN)
        return fresh(bytes, zero);
    void *evict[CORE_BUF_SLOTS], *p;
    size_t n_evict = 0;
#pragma omp critical(core_buf_pool)
    p = take_locked(bytes, evict, &n_evict);
    for (size_t i = 0; i < n_evict; i++)
        release(evict[i]);
    if (!p)
        return fresh(bytes, zero);
    release_tail(p, bytes);
    if (zero)
        memset(p, 0, bytes);
    return p;
}

void core_buf_free(void *p)
{
    if (!p)
        return;
    if (hdr_of(p)->cap < CORE_BUF_MIN) {
        release(p);
        return;
    }
    void *out = NULL;
#pragma omp critical(core_buf_pool)
    {
        if (pool.n == CORE_BUF_SLOTS) { /* full: the newcomer goes back instead */
            out = p;
        } else {
            pool.blk[pool.n++] = p;
            pool.bytes += hdr_of(p)->cap;
        }
    }
    release(out);
}

void core_buf_trim(void)
{
    void *all[CORE_BUF_SLOTS];
    size_t n;
#pragma omp critical(core_buf_pool)
    {
        n = pool.n;
        memcpy(all, pool.blk, n * sizeof *all);
        pool.n = 0;
        pool.bytes = 0;
    }
    for (size_t i = 0; i < n; i++)
        release(all[i]);
}

core_buf_stats core_buf_get_stats(void)
{
    core_buf_stats s;
#pragma omp critical(core_buf_pool)
    {
        s = pool.st;
        s.pooled_bytes = pool.bytes;
    }
    return s;
}
