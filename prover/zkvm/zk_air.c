/* zk_air.c — the zkVM constraint system: every chip of the chip table
 * (chips/chips.c: the execution chips, one row per executed uop, then the
 * tables) in table order, joined by the buses of zk_int.h, and the
 * verifier's share of the buses (the public sum).
 * Invariant: every value a chip writes to a register or RAM is constrained to
 * [0, 2^32) (by R16 limbs or by construction), so reads need no range check. */
#include "chips/chip_sys.h"
#include "zk_build.h"

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
    for (int i = 0; i < ZC_COUNT; i++) {
        zk_chip id = (zk_chip)i;
        const zk_chip_desc *d = zk_chips[i];
        int on = zk_chip_present(id, pub->prog, pub->n_prog);
        unsigned main = on && d->main_cols ? d->main_cols(pub)
                                           : zk_chip_main_cols(id, pub->prog, pub->n_prog);
        air_chip *c = air_chip_new(sys, d->name, main, on ? d->n_fixed : 0);
        if (!c)
            break;
        if (on)
            d->build(c, id, pub);
        else
            zk_chip_stub(c);
    }
    air_system_set_public_sum(sys, public_sum, pub);
    if (pub->max_degree) /* ~30 chips over ~8 heights: ~4 share a quotient */
        air_system_set_max_degree(sys, pub->max_degree, 4);
    if (air_system_finalize(sys, err)) {
        air_system_free(sys);
        return NULL;
    }
    return sys;
}
