/* chip_sys.c — the syscalls: the sys chip (one row per ECALL: exit, write,
 * read, brk with vm/syscall.c's return values) and the io chip (one row per
 * byte moved between guest memory and the public output/input): constraints,
 * the public side of OUT/IN/BRK, then the witness (the ECALL row recomputed
 * from the shadow state and the proof's page map, zk_memmap.h, at the current
 * break; one io row per byte written to fd 1 or 2 or read from fd 0, none
 * when the buffer faults), then the descriptor.
 * Invariant: every a0 an ECALL returns is constrained to vm/syscall.c's value
 * and lies in [0, 2^32) (-EFAULT only with a proof that the buffer faults, a
 * success only with every byte accessed); every output byte is a byte of
 * guest memory sent on OUT at its index, every input byte the verifier's byte
 * at its index. The witness's a0 is compared with the VM's, so a run the
 * constraints cannot express (a page map that disagrees with the VM, a host
 * error) is refused, never proved. */
#include <stdlib.h>
#include <string.h>

#include "vm.h"
#include "chip_sys.h"
#include "zk_build.h"
#include "zk_memmap.h"
#include "zk_wit_int.h"
#include "zkvm.h"

/* A memory access at timestamp `now` (any expression): receive (key, old,
 * prev), send (key, val, now), prev < now by the 16-bit limbs la, lb looked up
 * with multiplicity rmult. Only when real = 1. */
static void io_access(air_chip *c, const char *name, air_expr real, air_expr key, air_expr old,
                      air_expr prev, air_expr val, air_expr now, unsigned la, unsigned lb,
                      air_expr rmult)
{
    air_expr diff = SUB(SUB(SUB(now, prev), K(1)), ADD(M(la), SC(M(lb), 1u << 16)));
    air_constrain(c, AIR_ALL_ROWS, name, MUL(real, diff));
    air_expr a = M(la), b = M(lb);
    air_receive(c, BUS_R16, &a, 1, rmult);
    air_receive(c, BUS_R16, &b, 1, rmult);
    air_expr rv[3] = {key, old, prev}, sv[3] = {key, val, now};
    air_receive(c, BUS_MEM, rv, 3, real);
    air_send(c, BUS_MEM, sv, 3, real);
}

#define SPEC(k) M(zk_spec(ZC_SYS, (k))) /* a chip-specific column's expression */
#define CON(name, e) air_constrain(c, AIR_ALL_ROWS, (name), (e))

/* fd classes: write FA = [fd == 1], FB = [fd == 2]; read FA = [fd == 0];
 * FX = the rest, proved by Q * INV = 1 with Q = wr*(fd-1)*(fd-2) + rd*fd. */
static void sys_fd(air_chip *c, air_expr wr, air_expr rd, air_expr fd)
{
    air_expr fa = zk_bool(c, "fa_bool", SPEC(SYS_FA)), fb = zk_bool(c, "fb_bool", SPEC(SYS_FB));
    air_expr fx = zk_bool(c, "fx_bool", SPEC(SYS_FX));
    CON("fd_onehot", SUB(ADD(ADD(fa, fb), fx), ADD(wr, rd)));
    CON("fd_a", MUL(fa, SUB(fd, wr)));
    CON("fd_b", MUL(fb, SUB(fd, K(2))));
    CON("fd_b_write", MUL(fb, rd));
    air_expr q = ADD(MUL(wr, MUL(SUB(fd, K(1)), SUB(fd, K(2)))), MUL(rd, fd));
    CON("fd_q", SUB(SPEC(SYS_Q), q));
    CON("fd_bad", MUL(fx, SUB(MUL(SPEC(SYS_Q), SPEC(SYS_INV)), K(1))));
    CON("inv_unused", MUL(SUB(K(1), fx), SPEC(SYS_INV)));
}

/* read's byte count M = min(len, rem), rem = L - cur: SH = [len > rem];
 * brk's OK = [S1 <= req <= LIM] (S1 = max(start, 1): req 0 is a query),
 * LO = [req < S1], HI = [req > LIM]. D1, D2 are the range-checked differences
 * that prove whichever case is claimed. */
static void sys_compare(air_chip *c, const zk_pub_ctx *pub, air_expr rd, air_expr bk,
                        air_expr len, air_expr rem, air_expr req)
{
    air_expr sh = zk_bool(c, "sh_bool", SPEC(SYS_SH)), m = SPEC(SYS_M);
    CON("sh_unused", MUL(SUB(K(1), rd), sh));
    CON("m_unused", MUL(SUB(K(1), rd), m));
    CON("read_min", MUL(rd, SUB(m, ADD(len, MUL(sh, SUB(rem, len))))));
    air_expr ok = zk_bool(c, "ok_bool", SPEC(SYS_OK)), lo = zk_bool(c, "lo_bool", SPEC(SYS_LO));
    air_expr hi = zk_bool(c, "hi_bool", SPEC(SYS_HI));
    CON("brk_onehot", SUB(ADD(ADD(ok, lo), hi), bk));
    uint32_t s1 = pub->brk_start ? pub->brk_start : 1, lim = pub->brk_limit;
    air_expr d_read = ADD(MUL(sh, SUB(SUB(len, rem), K(1))), MUL(SUB(K(1), sh), SUB(rem, len)));
    air_expr d1 = ADD(ADD(MUL(rd, d_read), MUL(ok, SUB(req, K(s1)))),
                      ADD(MUL(lo, SUB(K((uint64_t)s1 - 1), req)),
                          MUL(hi, SUB(SUB(req, K(lim)), K(1)))));
    CON("d1", SUB(ADD(SPEC(SYS_D1A), SC(SPEC(SYS_D1B), 1u << 16)), d1));
    CON("d2", SUB(ADD(SPEC(SYS_D2A), SC(SPEC(SYS_D2B), 1u << 16)), MUL(ok, SUB(K(lim), req))));
    static const unsigned lim16[] = {SYS_D1A, SYS_D1B, SYS_D2A, SYS_D2B};
    for (unsigned i = 0; i < 4; i++)
        zk_r16(c, zk_spec(ZC_SYS, lim16[i]));
}

/* A failing write/read (FT = 1: a0' = -EFAULT, nothing moved) proves that
 * [buf, buf + RL) is not accessible (vm_mem_ok_slow), in one of two ways:
 *  - wrap (WP = 1): E1 = buf + RL - 2^32 - 1 in [0, 2^32), i.e. the range
 *    passes 2^32 (buf, RL < 2^32, so this is an integer fact);
 *  - page (FT - WP = 1): X = buf + E2 with E2 and E1 = RL - 1 - E2 in
 *    [0, 2^32) (so buf <= X < buf + RL, and RL >= 1), and 16*X = O16 +
 *    2^16*PL + 2^32*PH with O16, PL, PH in [0, 2^16): every term is below
 *    2^48 < p, so PG = PL + 2^16*PH = floor(X / 4096) (the page holding X,
 *    PG < 2^21). The row then reads value 0 at the fault key 2^36 + 2^34*rd
 *    + 4096*PG (zk_int.h): the verifier accepts that key only on a page not
 *    readable (write) / not writable (read) for the whole segment, and only
 *    for PG < 2^20 (a page past 2^32 is the wrap case). */
static void sys_fault(air_chip *c, air_expr rd, air_expr buf, air_expr ts)
{
    air_expr ft = zk_bool(c, "ft_bool", SPEC(SYS_FT)), wp = zk_bool(c, "wp_bool", SPEC(SYS_WP));
    air_expr pg = SUB(ft, wp), rl = SPEC(SYS_RL);
    CON("ft_fd", MUL(ft, SUB(K(1), ADD(SPEC(SYS_FA), SPEC(SYS_FB)))));
    CON("wp_ft", MUL(wp, SUB(K(1), ft)));
    CON("fpt_unused", MUL(SUB(K(1), pg), SPEC(SYS_FPT)));
    air_expr e2 = ADD(SPEC(SYS_E2A), SC(SPEC(SYS_E2B), 1u << 16));
    air_expr e1 = ADD(MUL(wp, SUB(ADD(buf, rl), K(ZK_TWO32 + 1))), MUL(pg, SUB(SUB(rl, K(1)), e2)));
    CON("fault_e1", SUB(ADD(SPEC(SYS_E1A), SC(SPEC(SYS_E1B), 1u << 16)), e1));
    air_expr x16 = SC(ADD(buf, e2), 16);
    air_expr split = ADD(SPEC(SYS_O16), ADD(SC(SPEC(SYS_PL), 1u << 16), MUL(SPEC(SYS_PH), K(ZK_TWO32))));
    CON("fault_page", MUL(pg, SUB(x16, split)));
    air_expr key = ADD(ADD(K(ZK_FAULT_BASE), MUL(rd, K(ZK_FAULT_W))),
                       ADD(SC(SPEC(SYS_PL), 1u << 12), SC(SPEC(SYS_PH), 1u << 28)));
    static const unsigned lim16[] = {SYS_E1A, SYS_E1B, SYS_E2A, SYS_E2B, SYS_PL, SYS_PH, SYS_O16};
    for (unsigned i = 0; i < sizeof lim16 / sizeof lim16[0]; i++)
        zk_r16(c, zk_spec(ZC_SYS, lim16[i]));
    io_access(c, "fault_ts", pg, key, K(0), SPEC(SYS_FPT), K(0), ADD(SC(ts, 4), K(6)),
              zk_spec(ZC_SYS, SYS_FLA), zk_spec(ZC_SYS, SYS_FLB), K(1));
}

/* R16 descriptor of sys: a2's access limbs, the cursor access's, D1, D2 and
 * the fault case's limbs (sys_fault). */
static unsigned r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    (void)dbl;
    return ZK_R16_SPEC(ch, cols, SYS_A2LA, SYS_A2LB, SYS_CLA, SYS_CLB, SYS_D1A, SYS_D1B, SYS_D2A,
                       SYS_D2B, SYS_E1A, SYS_E1B, SYS_E2A, SYS_E2B, SYS_PL, SYS_PH, SYS_O16,
                       SYS_FLA, SYS_FLB);
}

/* sys: ECALL with rs1 = a7, rs2 = a1 (buf), a2 (len) read at sub-step 3,
 * rd = a0 (old value = fd / brk request / exit code). The cursor key
 * (OUTPOS / INPOS / BRK by syscall) is accessed at step ts+1; the io rows of
 * the N bytes moved run at steps ts+2 .. ts+1+N; the next uop starts at
 * ts+2+N. exit leaves a0 unchanged and ends the run: instead of the next
 * state it sends the end state (0, ts + 1, 1) on EXEC, whose third field 1
 * no row receives (rows receive (pc, ts) = (pc, ts, 0): tuples fingerprint
 * with trailing zeros dropped), so only the verifier's receive of (0,
 * n_steps, 1) in an exiting segment can balance it: such a segment has
 * exactly one exit row, at ts = n_steps - 1 (the step count is bound), and
 * any other segment none (see zk_air.c public_sum).
 *   RL = wr*len + rd*M, N = (FA + FB - FT)*RL (0 on exit/brk rows),
 *   a0' = ex*a0 + FX*(2^32-9) + FT*(2^32-14) + N + OK*req + (LO+HI)*cur,
 *   cursor' = cur + FA*N + bk*(a0' - cur).
 * A brk row sends BRK (ts, cur, cursor'): the verifier receives one per
 * event its statement lists, so the events are exactly the brk rows.
 * write(2) runs its N io rows with D = 1 (IO tuple field R + 2D = 2): they
 * read every byte, so a success claim proves the buffer readable, but send
 * no OUT and leave the output cursor. */
static void build(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id;
    air_expr real = zk_common(c, ZC_SYS, K(0), 1);
    air_expr ex = zk_bool(c, "exit_bool", SPEC(SYS_EXIT)), wr = zk_bool(c, "write_bool", SPEC(SYS_WRITE));
    air_expr rd = zk_bool(c, "read_bool", SPEC(SYS_READ)), bk = zk_bool(c, "brk_bool", SPEC(SYS_BRK));
    CON("sys_onehot", SUB(ADD(ADD(ex, wr), ADD(rd, bk)), real));
    air_expr a7 = M(C_V1);
    CON("exit_nr", MUL(ex, MUL(SUB(a7, K(ZK_SYS_EXIT)), SUB(a7, K(ZK_SYS_EXIT_GROUP)))));
    CON("write_nr", MUL(wr, SUB(a7, K(ZK_SYS_WRITE))));
    CON("read_nr", MUL(rd, SUB(a7, K(ZK_SYS_READ))));
    CON("brk_nr", MUL(bk, SUB(a7, K(ZK_SYS_BRK))));
    air_expr a0 = M(C_VDO), buf = M(C_V2), len = SPEC(SYS_A2), cur = SPEC(SYS_CUR), nb = SPEC(SYS_NB);
    air_expr ts = M(C_TS);
    CON("exit_code", MUL(ex, SUB(a0, air_public(c, ZK_PUB_EXIT))));
    io_access(c, "a2_ts", real, K(ZK_KEY_REG(12)), len, SPEC(SYS_A2T), len, ADD(SC(ts, 4), K(3)),
              zk_spec(ZC_SYS, SYS_A2LA), zk_spec(ZC_SYS, SYS_A2LB), K(1));
    sys_fd(c, wr, rd, a0);
    air_expr rem = SUB(air_public(c, ZK_PUB_INLEN), cur);
    sys_compare(c, pub, rd, bk, len, rem, a0);
    air_expr fa = SPEC(SYS_FA), fb = SPEC(SYS_FB), ft = SPEC(SYS_FT);
    CON("range_len", SUB(SPEC(SYS_RL), ADD(MUL(wr, len), MUL(rd, SPEC(SYS_M)))));
    CON("nbytes", SUB(nb, MUL(SUB(ADD(fa, fb), ft), SPEC(SYS_RL))));
    sys_fault(c, rd, buf, ts);
    air_expr ret = ADD(ADD(MUL(ex, a0), SC(SPEC(SYS_FX), ZK_EBADF_RET)),
                       ADD(SC(ft, ZK_EFAULT_RET), nb));
    ret = ADD(ret, ADD(MUL(SPEC(SYS_OK), a0), MUL(ADD(SPEC(SYS_LO), SPEC(SYS_HI)), cur)));
    CON("ret", SUB(M(C_VD), ret));
    air_expr key = ADD(K(ZK_KEY_OUTPOS), ADD(rd, SC(bk, 2)));
    air_expr newc = ADD(ADD(cur, MUL(fa, nb)), MUL(bk, SUB(M(C_VD), cur)));
    io_access(c, "cursor_ts", real, key, cur, SPEC(SYS_CT), newc, ADD(SC(ts, 4), K(5)),
              zk_spec(ZC_SYS, SYS_CLA), zk_spec(ZC_SYS, SYS_CLB), K(1));
    /* the brk event: the break key's old and new value at this step (cursor'
     * = a0' on a brk row: FA*N = 0 as RL = 0) */
    air_expr ev[3] = {ts, cur, M(C_VD)};
    air_send(c, BUS_BRK, ev, 3, bk);
    air_expr eout[2] = {M(C_NPC), ADD(ADD(ts, K(2)), nb)};
    air_send(c, BUS_EXEC, eout, 2, SUB(real, ex));
    air_expr eend[3] = {K(0), ADD(ts, K(1)), K(1)};
    air_send(c, BUS_EXEC, eend, 3, ex);
    air_expr kind = ADD(rd, SC(fb, 2));
    air_expr first[5] = {kind, ts, buf, cur, K(0)}, last[5] = {kind, ts, buf, cur, nb};
    air_send(c, BUS_IO, first, 5, real);
    air_receive(c, BUS_IO, last, 5, real);
}
#undef SPEC

/* io: the byte at buf + i of ecall ts0 (key = the 4-aligned word containing
 * it, lane by one-hot E, bytes B by (AND, b, b, b) lookups). Write rows
 * (R = 0) read the word and send OUT (cur + i, V) with V = its lane byte,
 * except write(2)'s rows (D = 1), which only read it;
 * read rows receive IN (cur + i, V) and write the word with the lane set to V:
 *   NEW = W + sum_k E_k * 256^k * (V - B_k)   (= W on write rows).
 * The chain receives (R + 2D, ts0, buf, cur, i) and sends i + 1, so the rows
 * of one ecall are exactly i = 0 .. N-1 (the ecall sends i = 0 and receives N). */
static void build_io(air_chip *c, zk_chip id, const zk_pub_ctx *pub)
{
    (void)id, (void)pub;
    air_expr real = K(0), lane = K(0), w = K(0), sel = K(0), delta = K(0);
    for (unsigned k = 0; k < 4; k++)
        real = ADD(real, zk_bool(c, "lane_bool", M(IO_E0 + k)));
    for (unsigned k = 0; k < 4; k++) {
        air_expr e = M(IO_E0 + k), b = M(IO_B0 + k);
        lane = ADD(lane, SC(e, k));
        w = ADD(w, SC(b, 1u << (8 * k)));
        sel = ADD(sel, MUL(e, b));
        delta = ADD(delta, SC(MUL(e, SUB(M(IO_V), b)), 1u << (8 * k)));
        zk_byte(c, b, real);
    }
    zk_bool(c, "real_bool", real);
    air_expr r = zk_bool(c, "r_bool", M(IO_R));
    CON("r_real", MUL(r, SUB(K(1), real)));
    air_expr d = zk_bool(c, "d_bool", M(IO_D));
    CON("d_real", MUL(d, SUB(K(1), real)));
    CON("d_write", MUL(d, r));
    CON("write_byte", MUL(SUB(real, r), SUB(M(IO_V), sel)));
    CON("new_word", SUB(M(IO_NEW), ADD(w, delta)));
    air_expr i = M(IO_I), idx = ADD(M(IO_CUR), i);
    /* write rows read the buffer (tagged on read-only pages); read rows write it: TG = 0 */
    air_expr key = zk_ro_key(c, SUB(ADD(K(ZK_KEY_RAM(0)), ADD(M(IO_BUF), i)), lane), IO_TG);
    CON("tg_read", MUL(r, M(IO_TG)));
    air_expr now = ADD(SC(ADD(ADD(M(IO_TS0), K(2)), i), 4), K(1));
    io_access(c, "mem_ts", real, key, w, M(IO_PT), M(IO_NEW), now, IO_LA, IO_LB, real);
    air_expr kind = ADD(r, SC(d, 2));
    air_expr in[5] = {kind, M(IO_TS0), M(IO_BUF), M(IO_CUR), i};
    air_expr out[5] = {kind, M(IO_TS0), M(IO_BUF), M(IO_CUR), ADD(i, K(1))};
    air_receive(c, BUS_IO, in, 5, real);
    air_send(c, BUS_IO, out, 5, real);
    air_expr data[2] = {idx, M(IO_V)};
    air_send(c, BUS_OUT, data, 2, SUB(SUB(real, r), d));
    air_receive(c, BUS_IN, data, 2, r);
}
#undef CON

/* The verifier's side of OUT (receives each claimed output byte at its
 * index) and IN (sends each consumed input byte at its index). */
/* Cursor key's [initial, final) in this segment: empty if untouched. */
static int io_range(const zk_pub_ctx *pc, uint64_t key, uint64_t lim, uint64_t *lo, uint64_t *hi,
                    uvm_err *err)
{
    *lo = *hi = 0;
    for (uint64_t k = 0; k < pc->n_touched; k++)
        if (pc->keys[k] == key)
            *lo = pc->init[k], *hi = pc->final[k];
    if (*lo > *hi || *hi > lim)
        return uvm_errf(err, "zkvm: %s cursor goes from %llu to %llu (statement has %llu bytes)",
                        key == ZK_KEY_OUTPOS ? "output" : "input", (unsigned long long)*lo,
                        (unsigned long long)*hi, (unsigned long long)lim);
    return 0;
}

int zk_io_public(const zk_pub_ctx *pc, const air_chal *ch, air_xe *out, uvm_err *err)
{
    air_xe s = {{0, 0, 0}};
    uint64_t lo, hi;
    if (io_range(pc, ZK_KEY_OUTPOS, pc->output_len, &lo, &hi, err))
        return -1;
    for (uint64_t i = lo; i < hi; i++) {
        gl_t t[2] = {i, pc->output[i]};
        s = air_xe_add(s, air_logup_term(BUS_OUT, t, 2, GL_P - 1, ch));
    }
    if (io_range(pc, ZK_KEY_INPOS, pc->input_used, &lo, &hi, err))
        return -1;
    for (uint64_t i = lo; i < hi; i++) {
        gl_t t[2] = {i, pc->input[i]};
        s = air_xe_add(s, air_logup_term(BUS_IN, t, 2, 1, ch));
    }
    for (uint64_t i = 0; i < pc->n_brk; i++) {
        gl_t t[3] = {pc->brk[i].ts, pc->brk[i].old, pc->brk[i].brk};
        s = air_xe_add(s, air_logup_term(BUS_BRK, t, 3, GL_P - 1, ch));
    }
    *out = s;
    return 0;
}

#define CELL(k) w->row[zk_spec(ZC_SYS, (k))] /* the row's cell of column k */

static gl_t *io_row(zk_io_wit *io)
{
    int64_t i = zk_rowbuf_add(&io->rows, IO_NCOL, 1);
    return i < 0 ? NULL : &io->rows.data[i * IO_NCOL];
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

/* fd class columns (chip_sys.c sys_fd). Returns 0: FA, 1: FB, 2: FX (bad fd). */
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

/* The fault case's columns (chip_sys.c sys_fault) for io_fault's answer f. */
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

/* The ECALL row: given a7 = v1 and a1 = v2, fills the syscall columns and the
 * io rows, returns a0's new value in *vd and sets w->adv / w->exited. Fails
 * naming the syscall if it is not provable. */
static int fill(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                uint32_t *next, uint32_t *vd, uvm_err *err)
{
    (void)ch, (void)next;
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
    if (nb > ZK_MAX_IO_BYTES - w->io->rows.rows)
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


const zk_chip_desc zk_chip_sys = {
    .name = "sys", .n_ops = ZK_CHIP_N_OPS(ZC_SYS), .n_spec = SYS_N, .r16 = r16, .build = build,
    .fill = fill,
};

static int finish_io(zk_wctx *x, zk_witness *w, zk_chip c, const zk_prow *prog, uint32_t n_prog,
                     uvm_err *err)
{
    (void)prog, (void)n_prog;
    return zk_rowbuf_move(&x->io->rows, IO_NCOL, &w->tr[c], &w->rows[c], 1, NULL, 0, NULL, "io",
                          err);
}

const zk_chip_desc zk_chip_io = {
    .name = "io", .n_main = IO_NCOL, .build = build_io, .finish = finish_io, .exec_cells = 1,
};
