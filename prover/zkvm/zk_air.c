/* zk_air.c — the zkVM constraint system: execution chips (one row per executed
 * uop), the preprocessed program chip, the 16-bit range chip and the memory
 * final-state chip, joined by the buses of zk_int.h.
 * Invariant: every value a chip writes to a register or RAM is constrained to
 * [0, 2^32) (by R16 limbs or by construction), so reads need no range check. */
#include <string.h>

#include "chips/chip_sys.h"
#include "zk_build.h"
#include "chips/chip_memcpy.h"
#include "chips/chip_mul256.h"
#include "chips/chip_keccak.h"
#include "chips/chip_memset.h"
#include "chips/chip_sha256.h"
#include "zk_lsx.h"
#include "zk_mem.h"


enum { PROG_W = 7 + ZK_PROG_EXTRA }; /* (pc, op, rd, rs1, rs2, imm, npc, e...) */

static int prog_fixed(const void *ctx, unsigned log_n, gl_matrix *out, uvm_err *err)
{
    const zk_pub_ctx *p = ctx;
    if (log_n >= 32 || (1ull << log_n) != p->n_prog)
        return uvm_errf(err, "zkvm: program table has %u rows, proof says 2^%u", p->n_prog, log_n);
    if (gl_matrix_alloc(out, p->n_prog, PROG_W))
        return uvm_errf(err, "zkvm: out of memory for the program table");
    for (uint32_t i = 0; i < p->n_prog; i++) {
        const zk_prow *r = &p->prog[i];
        gl_t *o = &out->data[(size_t)i * PROG_W];
        o[0] = r->pc, o[1] = r->op, o[2] = r->rd, o[3] = r->rs1, o[4] = r->rs2, o[5] = r->imm,
        o[6] = r->npc;
        for (unsigned k = 0; k < ZK_PROG_EXTRA; k++)
            o[7 + k] = r->e[k];
    }
    return 0;
}

/* range16 table: row i = (x, y, x & y) with (x, y) = (i & 255, i >> 8), so
 * i = x + 256*y is the range value of the row and (x, y, x & y) its byte triple. */
static int bytes_fixed(const void *ctx, unsigned log_n, gl_matrix *out, uvm_err *err)
{
    (void)ctx;
    if (log_n != 16)
        return uvm_errf(err, "zkvm: range table needs 2^16 rows, proof says 2^%u", log_n);
    if (gl_matrix_alloc(out, 1u << 16, 3))
        return uvm_errf(err, "zkvm: out of memory for the range table");
    for (uint32_t i = 0; i < 1u << 16; i++) {
        uint32_t x = i & 255, y = i >> 8;
        gl_t *o = &out->data[(size_t)i * 3];
        o[0] = x, o[1] = y, o[2] = x & y;
    }
    return 0;
}

static int pow_fixed(const void *ctx, unsigned log_n, gl_matrix *out, uvm_err *err)
{
    (void)ctx;
    if (log_n != 5)
        return uvm_errf(err, "zkvm: pow2 table needs 2^5 rows, proof says 2^%u", log_n);
    if (gl_matrix_alloc(out, 32, 3))
        return uvm_errf(err, "zkvm: out of memory for the pow2 table");
    for (uint32_t i = 0; i < 32; i++)
        out->data[3 * i] = i, out->data[3 * i + 1] = 1ull << i, out->data[3 * i + 2] = 0x80000000u >> i;
    return 0;
}

/* The verifier's share of the buses: the segment's start state (start_pc, 0)
 * on EXEC and the receive of its end state (end_pc, n_steps, ends): for a
 * segment that continues, (end_pc, n_steps) (a trailing 0 drops out of the
 * fingerprint), the state the next uop starts from; for the exiting one
 * (0, n_steps, 1), which only its exit row sends (chip_sys.c zk_chip_sys), so
 * its step count is bound as well; each touched key's initial value at ts 0
 * on MEM, and the receive of (key, final value) on TOUCH (for a heap key only
 * if its page is mapped at the segment's start, resp. end), each heap birth
 * and kill (zk_memmap.h) on MEM and KILL,
 * and the output and input bytes the segment moves on OUT and IN (chip_sys.c). */
static int public_sum(const void *ctx, const gl_t *pub, size_t n_pub, const air_chal *ch,
                      air_xe *out, uvm_err *err)
{
    const zk_pub_ctx *pc = ctx;
    if (n_pub != ZK_N_PUB)
        return uvm_errf(err, "zkvm: %zu public inputs, expected %d", n_pub, ZK_N_PUB);
    if (pub[ZK_PUB_ENDS] > 1)
        return uvm_errf(err, "zkvm: public input ends = %llu (must be 0 or 1)",
                        (unsigned long long)pub[ZK_PUB_ENDS]);
    gl_t e[2] = {pub[ZK_PUB_ENTRY], 0};
    air_xe s = air_logup_term(BUS_EXEC, e, 2, 1, ch);
    gl_t f[3] = {pub[ZK_PUB_END_PC], pub[ZK_PUB_END_TS], pub[ZK_PUB_ENDS]};
    s = air_xe_add(s, air_logup_term(BUS_EXEC, f, 3, GL_P - 1, ch));
    /* a heap key mapped at the start gets its initial value at ts 0, one
     * mapped at the end is received on TOUCH (zk_memmap.h lifetimes); a birth
     * sends (key, 0, 4*ts + 4), a kill receives KILL (key, 4*ts + 4) */
    const zk_heap *h = pc->heap;
    for (uint64_t i = 0; i < pc->n_touched; i++) {
        gl_t m[3] = {pc->keys[i], pc->init[i], 0}, t[2] = {pc->keys[i], pc->final[i]};
        if (!h || zk_heap_alive_start(h, pc->keys[i]))
            s = air_xe_add(s, air_logup_term(BUS_MEM, m, 3, 1, ch));
        if (!h || zk_heap_alive_end(h, pc->keys[i]))
            s = air_xe_add(s, air_logup_term(BUS_TOUCH, t, 2, GL_P - 1, ch));
    }
    for (uint64_t i = 0; h && i < h->n_life; i++) {
        const zk_life *l = &h->life[i];
        gl_t b[3] = {pc->keys[l->idx], 0, ZK_BRK_MEMTS(l->ts)};
        s = air_xe_add(s, l->kill ? air_logup_term(BUS_KILL, (gl_t[]){b[0], b[2]}, 2, GL_P - 1, ch)
                                  : air_logup_term(BUS_MEM, b, 3, 1, ch));
    }
    air_xe io;
    if (zk_io_public(pc, ch, &io, err))
        return -1;
    *out = air_xe_add(s, io);
    return 0;
}

air_system *zk_air_build(const zk_pub_ctx *pub, uvm_err *err)
{
    air_system *sys = air_system_new("uvm", ZK_N_PUB);
    if (!sys) {
        uvm_errf(err, "zkvm: out of memory");
        return NULL;
    }
    air_chip *c;
    for (int i = 0; i < ZC_N_EXEC; i++) {
        zk_chip id = (zk_chip)i;
        c = air_chip_new(sys, zk_chips[i]->name, zk_chip_main_cols(id, pub->prog, pub->n_prog), 0);
        if (!c)
            break;
        if (zk_chip_present(id, pub->prog, pub->n_prog))
            zk_chips[i]->build(c, id, pub);
        else
            zk_chip_stub(c);
    }
    c = air_chip_new(sys, "program", 1, PROG_W);
    if (c) {
        air_chip_set_fixed(c, prog_fixed, pub);
        air_expr v[PROG_W];
        for (unsigned i = 0; i < PROG_W; i++)
            v[i] = air_fixed(c, i);
        air_send(c, BUS_PROG, v, PROG_W, M(0));
    }
    /* the 16-bit range and the bytes table share one 2^16-row chip: R16 sends
     * v = x + 256*y (each of 0..2^16-1 once), LOGIC (x, y, x AND y) */
    c = air_chip_new(sys, "range16", 2, 3);
    if (c) {
        air_chip_set_fixed(c, bytes_fixed, NULL);
        air_expr t[3] = {air_fixed(c, 0), air_fixed(c, 1), air_fixed(c, 2)};
        air_expr v = ADD(t[0], SC(t[1], 256));
        air_send(c, BUS_R16, &v, 1, M(0));
        air_send(c, BUS_LOGIC, t, 3, M(1));
    }
    c = air_chip_new(sys, "bytes", 1, 0); /* a stub: the bytes table is in range16 */
    if (c)
        air_constrain(c, AIR_ALL_ROWS, "unused", M(0));
    c = air_chip_new(sys, "pow2", 1, 3);
    if (c) {
        air_chip_set_fixed(c, pow_fixed, NULL);
        air_expr t[3] = {air_fixed(c, 0), air_fixed(c, 1), air_fixed(c, 2)};
        air_send(c, BUS_POW, t, 3, M(0));
    }
    /* memory final state: (key, value, ts, f): the last access of each touched
     * key mapped at the segment's end, whose (key, value) the verifier receives
     * as the segment's boundary. In a segment with kills (zk_memmap.h) also
     * (K, E, LA, LB): a kill row (K = 1) consumes a heap word's last tuple of a
     * lifetime, proves ts < E by E - ts - 1 = LA + 2^16*LB (R16 limbs) and sends
     * KILL (key, E); f*K = 0. Without kills the chip keeps its 4 columns. */
    int wide = pub->heap && pub->heap->n_kill;
    c = air_chip_new(sys, "memfinal", wide ? MF_WIDE : MF_NARROW, 0);
    if (c) {
        air_expr f = zk_bool(c, "f_bool", M(MF_F));
        air_expr v[3] = {M(MF_KEY), M(MF_VAL), M(MF_TS)};
        if (!wide) {
            air_receive(c, BUS_MEM, v, 3, f);
        } else {
            air_expr kk = zk_bool(c, "k_bool", M(MF_K));
            air_constrain(c, AIR_ALL_ROWS, "f_or_k", MUL(f, kk));
            air_receive(c, BUS_MEM, v, 3, ADD(f, kk));
            air_expr d = SUB(SUB(M(MF_E), M(MF_TS)), K(1));
            air_constrain(c, AIR_ALL_ROWS, "kill_before",
                          MUL(kk, SUB(d, ADD(M(MF_LA), SC(M(MF_LB), 1u << 16)))));
            air_expr la = M(MF_LA), lb = M(MF_LB), kt[2] = {M(MF_KEY), M(MF_E)};
            air_receive(c, BUS_R16, &la, 1, kk);
            air_receive(c, BUS_R16, &lb, 1, kk);
            air_send(c, BUS_KILL, kt, 2, kk);
        }
        air_send(c, BUS_TOUCH, v, 2, f);
    }
    zk_chip_keccak(sys, zk_chip_present(ZC_KECCAK_IO, pub->prog, pub->n_prog));
    zk_chip_memset(sys, zk_chip_present(ZC_MEMSET_IO, pub->prog, pub->n_prog));
    c = air_chip_new(sys, "io", IO_NCOL, 0);
    if (c)
        zk_chip_io(c);
    zk_chip_sha(sys, zk_chip_present(ZC_SHA_IO, pub->prog, pub->n_prog));
    zk_chip_memcpy(sys, zk_chip_present(ZC_MEMCPY_IO, pub->prog, pub->n_prog));
    air_system_set_public_sum(sys, public_sum, pub);
    if (pub->max_degree) /* ~30 chips over ~8 heights: ~4 share a quotient */
        air_system_set_max_degree(sys, pub->max_degree, 4);
    if (air_system_finalize(sys, err)) {
        air_system_free(sys);
        return NULL;
    }
    return sys;
}
