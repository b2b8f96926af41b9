/* core_buf.h — large prover buffers recycled inside the process instead of
 * returned to the kernel, so a later stage or segment reuses pages already
 * faulted in (a fresh page costs a fault and a kernel zeroing pass).
 * Contract: core_buf_alloc returns 64-byte aligned memory of at least `bytes`
 * (zeroed if `zero`, unspecified otherwise) or NULL; free it only with
 * core_buf_free (NULL allowed). Thread-safe.
 * Peak memory: a request the pool cannot serve first releases pooled blocks
 * of at least its size (or all of them), and a pooled block serving a smaller
 * request gives its pages past the request back to the kernel; prover/stark
 * empties the pool (core_buf_trim) where its blocks would idle. */
#ifndef UVM_CORE_BUF_H
#define UVM_CORE_BUF_H

#include <stddef.h>

void *core_buf_alloc(size_t bytes, int zero);
void core_buf_free(void *p);
/* Returns every pooled block to the system (e.g. before a long idle time). */
void core_buf_trim(void);

/* Counters since start: requests served from the pool, and fresh ones. */
typedef struct core_buf_stats {
    size_t reused, fresh;
    size_t pooled_bytes;
} core_buf_stats;
core_buf_stats core_buf_get_stats(void);

#endif
