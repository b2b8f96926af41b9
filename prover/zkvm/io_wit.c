/* io_wit.c — witness of the sys and io chips (chip_io.c): one ECALL row with
 * vm/syscall.c's semantics recomputed from the shadow state and the proof's
 * page map (zk_memmap.h) at the current break, and one io row per byte
 * written to fd 1 or 2 or read from fd 0 (none when the buffer faults).
 * Invariant: the a0 it computes is what the constraints force; it is
 * compared with the VM's, so a run the constraints cannot express (a page
 * map that disagrees with the VM, a host error) is refused, never proved. */
#include <stdlib.h>
#include <string.h>

#include "vm.h"
#include "zk_memmap.h"
#include "zk_wit_int.h"
#include "zkvm.h"

#define CELL(k) w->row[zk_spec(ZC_SYS, (k))] /* the row's cell of column k */

static gl_t *io_row(zk_io_wit *io)
{
    if (io->n == io->cap) {
        uint64_t cap = io->cap ? 2 * io->cap : 256;
        gl_t *r = realloc(io->rows, cap * IO_NCOL * sizeof *r);
        if (!r)
            return NULL;
        io->rows = r;
        io->cap = cap;
    }
    gl_t *r = &io->rows[io->n++ * IO_NCOL];
    memset(r, 0, IO_NCOL * sizeof *r);
    return r;
}

/* Byte i of the write/read of ecall ts0: the word access at step ts0 + 2 + i
 * (dbg: a write(2) row, which only reads). */
static int io_byte(zk_wctx *w, int is_read, int dbg, uint64_t ts0, uint32_t buf, uint32_t cur,
                   uint32_t i, uvm_err *err)
{
    gl_t *r = io_row(w->io);
    if (!r)
        return uvm_errf(err, "zkvm: out of memory for the io rows");
    uint32_t a = buf + i, lane = a & 3, word;
    uint64_t key = is_read ? ZK_KEY_RAM(a - lane) : zk_memmap_read_key(w->p, a - lane);
    zk_slot *e = zk_sh_get(&w->sh, w->p, key);
    if (!e)
        return uvm_errf(err, "zkvm: out of memory for the shadow memory");
    uint32_t v = is_read ? w->io->input[cur + i] : e->val >> (8 * lane) & 255;
    uint32_t nw = (e->val & ~(255u << (8 * lane))) | v << (8 * lane);
    r[IO_R] = is_read, r[IO_TS0] = ts0, r[IO_BUF] = buf, r[IO_CUR] = cur, r[IO_I] = i;
    r[IO_V] = v, r[IO_NEW] = nw, r[IO_TG] = key >= ZK_KEY_RO(0), r[IO_D] = dbg;
    for (unsigned k = 0; k < 4; k++) {
        uint32_t b = e->val >> (8 * k) & 255;
        r[IO_B0 + k] = b;
        r[IO_E0 + k] = k == lane;
        zk_and_lookup(w, b, b);
    }
    gl_t *saved = w->row;
    uint64_t ts = w->ts;
    w->row = r;
    w->ts = ts0 + 2 + i;
    int rc = zk_access(w, key, 1, nw, 1, ~0u, IO_PT, IO_LA, &word, err);
    w->row = saved;
    w->ts = ts;
    w->io->range->data[r[IO_LA]]++;
    w->io->range->data[r[IO_LB]]++;
    return rc;
}

/* fd class columns (chip_io.c sys_fd). Returns 0: FA, 1: FB, 2: FX (bad fd). */
static int fill_fd(zk_wctx *w, int is_write, uint32_t fd)
{
    int cls = is_write ? (fd == 1 ? 0 : fd == 2 ? 1 : 2) : (fd == 0 ? 0 : 2);
    gl_t q = is_write ? gl_mul(gl_sub(fd, 1), gl_sub(fd, 2)) : fd;
    CELL(SYS_FA + cls) = 1;
    CELL(SYS_Q) = q;
    if (cls == 2)
        CELL(SYS_INV) = gl_inv(q);
    return cls;
}

static void limbs_at(zk_wctx *w, unsigned k, uint32_t v)
{
    zk_limbs(w->row, zk_spec(ZC_SYS, k), v);
}

/* Appends the brk event (ts, old, brk) the row sends on BUS_BRK; -1 on OOM. */
static int brk_event(zk_io_wit *io, uint32_t ts, uint32_t old, uint32_t brk)
{
    if (io->n_brk == io->cap_brk) {
        uint32_t cap = io->cap_brk ? 2 * io->cap_brk : 16;
        zk_brk_ev *q = realloc(io->brk, (size_t)cap * sizeof *q);
        if (!q)
            return -1;
        io->brk = q, io->cap_brk = cap;
    }
    io->brk[io->n_brk++] = (zk_brk_ev){ts, old, brk};
    return 0;
}

/* brk(req) as vm_mem_brk: the new break is req if S1 <= req <= LIM. */
static uint32_t fill_brk(zk_wctx *w, uint32_t req, uint32_t cur)
{
    uint32_t s1 = w->io->brk_start ? w->io->brk_start : 1, lim = w->io->brk_limit;
    if (req >= s1 && req <= lim) {
        CELL(SYS_OK) = 1;
        limbs_at(w, SYS_D1A, req - s1);
        limbs_at(w, SYS_D2A, lim - req);
        return req;
    }
    if (req < s1) {
        CELL(SYS_LO) = 1;
        limbs_at(w, SYS_D1A, s1 - 1 - req);
    } else {
        CELL(SYS_HI) = 1;
        limbs_at(w, SYS_D1A, req - lim - 1);
    }
    return cur;
}

/* Whether write (read) of [buf, buf + n) faults as vm_mem_ok_slow decides it
 * on the page map at break brk: 0 no; 1 the range passes 2^32; 2 byte *x is
 * the first on a page not readable (read: not writable). */
static int io_fault(const uisa_program *p, int is_read, uint32_t buf, uint32_t n, uint32_t brk,
                    uint32_t *x)
{
    if (!n)
        return 0;
    if ((uint64_t)buf + n > ZK_TWO32)
        return 1;
    uint64_t heap_end = ((uint64_t)brk + VM_PAGE_SIZE - 1) & ~(uint64_t)(VM_PAGE_SIZE - 1);
    for (uint64_t a = buf & ~(VM_PAGE_SIZE - 1); a < (uint64_t)buf + n; a += VM_PAGE_SIZE) {
        zk_page pg = zk_memmap_page(p, heap_end, (uint32_t)a);
        if (is_read ? pg != ZK_PAGE_RW : pg == ZK_PAGE_NONE) {
            *x = a < buf ? buf : (uint32_t)a;
            return 2;
        }
    }
    return 0;
}

/* The fault case's columns (chip_io.c sys_fault) for io_fault's answer f. */
static void fill_fault(zk_wctx *w, int f, uint32_t buf, uint32_t rl, uint32_t x)
{
    CELL(SYS_FT) = 1;
    if (f == 1) {
        CELL(SYS_WP) = 1;
        limbs_at(w, SYS_E1A, (uint32_t)((uint64_t)buf + rl - ZK_TWO32 - 1));
        return;
    }
    limbs_at(w, SYS_E2A, x - buf);
    limbs_at(w, SYS_E1A, rl - 1 - (x - buf));
    CELL(SYS_PL) = (x >> 12) & 0xffff;
    CELL(SYS_PH) = x >> 28;
    CELL(SYS_O16) = 16 * (x & 4095);
}

/* Chosen syscall's column, or -1 if a7 is not provable. */
static int sys_kind(uint32_t a7)
{
    switch (a7) {
    case ZK_SYS_EXIT: case ZK_SYS_EXIT_GROUP: return SYS_EXIT;
    case ZK_SYS_WRITE: return SYS_WRITE;
    case ZK_SYS_READ: return SYS_READ;
    case ZK_SYS_BRK: return SYS_BRK;
    default: return -1;
    }
}

int zk_fill_ecall(zk_wctx *w, const zk_prow *pr, uint32_t v1, uint32_t v2, uint32_t *vd,
                  uvm_err *err)
{
    int kind = sys_kind(v1);
    if (kind < 0)
        return uvm_errf(err, "zkvm: pc 0x%08x: ecall %u is not a provable syscall", pr->pc, v1);
    CELL(kind) = 1;
    zk_slot *ra0 = zk_sh_get(&w->sh, w->p, ZK_KEY_REG(10));
    if (!ra0)
        return uvm_errf(err, "zkvm: out of memory for the shadow memory");
    uint32_t a0 = ra0->val, len;
    if (zk_access(w, ZK_KEY_REG(12), 0, 0, 3, zk_spec(ZC_SYS, SYS_A2), zk_spec(ZC_SYS, SYS_A2T),
                  zk_spec(ZC_SYS, SYS_A2LA), &len, err))
        return -1;
    uint64_t key = kind == SYS_READ ? ZK_KEY_INPOS : kind == SYS_BRK ? ZK_KEY_BRK : ZK_KEY_OUTPOS;
    zk_slot *cs = zk_sh_get(&w->sh, w->p, key);
    if (!cs)
        return uvm_errf(err, "zkvm: out of memory for the shadow memory");
    uint32_t cur = cs->val, nb = 0, ret = a0, newc = cur, x = 0;
    int cls = 2, fault = 0;
    if (kind == SYS_WRITE || kind == SYS_READ) {
        cls = fill_fd(w, kind == SYS_WRITE, a0);
        uint32_t rl = len;
        if (kind == SYS_READ) {
            uint32_t rem = (uint32_t)w->io->input_len - cur;
            rl = len < rem ? len : rem;
            CELL(SYS_M) = rl;
            CELL(SYS_SH) = len > rem;
            limbs_at(w, SYS_D1A, len > rem ? len - rem - 1 : rem - len);
        }
        CELL(SYS_RL) = rl;
        if (cls != 2)
            fault = io_fault(w->p, kind == SYS_READ, v2, rl,
                             zk_mem_value(&w->sh, w->p, ZK_KEY_BRK), &x);
        if (fault)
            fill_fault(w, fault, v2, rl, x);
        nb = cls == 2 || fault ? 0 : rl;
        ret = cls == 2 ? ZK_EBADF_RET : fault ? ZK_EFAULT_RET : nb;
        newc = cur + (cls == 0 ? nb : 0);
    } else if (kind == SYS_BRK) {
        ret = newc = fill_brk(w, a0, cur);
        if (brk_event(w->io, (uint32_t)w->ts, cur, newc))
            return uvm_errf(err, "zkvm: out of memory for the brk events");
    }
    CELL(SYS_NB) = nb;
    /* before any io row exists: the VM's result must be the one the rows
     * prove, and the rows must fit a segment */
    const char *what = kind == SYS_WRITE ? "write" : "read";
    if ((kind == SYS_WRITE || kind == SYS_READ) && w->want && *w->want != ret)
        return uvm_errf(err, "zkvm: pc 0x%08x: %s of %u bytes: the VM returned %d, the proof's "
                        "page map gives %d (not provable)", pr->pc, what, len,
                        (int32_t)*w->want, (int32_t)ret);
    if (nb > ZK_MAX_IO_BYTES - w->io->n)
        return uvm_errf(err, "zkvm: pc 0x%08x: %s of %u bytes: a segment proves at most %u bytes "
                        "of io (not provable)", pr->pc, what, nb, ZK_MAX_IO_BYTES);
    uint32_t old;
    if (zk_access(w, key, 1, newc, 5, zk_spec(ZC_SYS, SYS_CUR), zk_spec(ZC_SYS, SYS_CT),
                  zk_spec(ZC_SYS, SYS_CLA), &old, err))
        return -1;
    /* the fault key's read (value 0, unchanged) at 4*ts + 6 */
    if (fault == 2 && zk_access(w, ZK_KEY_FAULT(kind == SYS_READ, x & ~4095u), 0, 0, 6, ~0u,
                                zk_spec(ZC_SYS, SYS_FPT), zk_spec(ZC_SYS, SYS_FLA), &old, err))
        return -1;
    for (uint32_t i = 0; i < nb; i++)
        if (io_byte(w, kind == SYS_READ, cls == 1, w->ts, v2, cur, i, err))
            return -1;
    *vd = ret;
    w->exited = kind == SYS_EXIT;
    w->adv = kind == SYS_EXIT ? 0 : 1 + (uint64_t)nb;
    return 0;
}

int zk_io_finish(zk_io_wit *io, gl_matrix *m, uint64_t *rows, uvm_err *err)
{
    uint64_t h = 8;
    while (h < io->n)
        h <<= 1;
    if (gl_matrix_alloc(m, h, IO_NCOL))
        return uvm_errf(err, "zkvm: out of memory for the io trace");
    if (io->n)
        memcpy(m->data, io->rows, io->n * IO_NCOL * sizeof *io->rows);
    *rows = io->n;
    return 0;
}
