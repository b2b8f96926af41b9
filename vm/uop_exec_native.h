/* uop_exec_native.h — bodies of the native-tier uops (uisa/ops_native.def), same macros
 * as uop_exec.h. Each does a whole hinted function call through the hints/ reference
 * code, then returns to ra. Invariant: every check that can fault (return address,
 * then every byte read, then every byte written) passes before the first write.
 * Included inside the dispatch loop function: only macros here, and the bodies use
 * the loop's locals perm, code_base, smask and code_bytes (see loop.h). */
#include "hints_ref.h"

/* ra target of the final `ret`, checked now so no memory is written before a
 * fault on it: t = R[ra] & ~1 must be an instruction slot. */
#define NAT_RET_TARGET() ({                                             \
        uint32_t nt_ = R(1) & ~1u, no_ = nt_ - code_base;               \
        if (unlikely((no_ & smask) || no_ >= code_bytes))               \
            FAULT(VM_FAULT_JUMP_OUTSIDE, nt_);                          \
        nt_; })
/* Faults (kind) at the first byte of [a, a + n) lacking `need` (mod 2^32, per page). */
#define NAT_CHECK(a, n, need, kind) do {                                \
        uint64_t np_ = (a), ne_ = np_ + (n);                            \
        while (np_ < ne_) {                                             \
            if (unlikely((perm[(uint32_t)np_ >> VM_PAGE_SHIFT] & (need)) != (need))) \
                FAULT(kind, (uint32_t)np_);                             \
            np_ = (np_ | (VM_PAGE_SIZE - 1)) + 1;                       \
        }                                                               \
    } while (0)
#define NAT_READABLE(a, n) NAT_CHECK(a, n, VM_PERM_R, VM_FAULT_LOAD_UNMAPPED)
#define NAT_WRITABLE(a, n) NAT_CHECK(a, n, VM_PERM_W, VM_FAULT_STORE_UNMAPPED)
/* `ret`: pc = t; writes no register (the link goes to the x0 sink). */
#define NAT_RETURN(t) JUMP_LINK(VM_XZERO_SINK, 0, t)

UOP_BODY(KECCAK_F1600, {
    uint32_t t_ = NAT_RET_TARGET(), a_ = R(10);
    NAT_READABLE(a_, 200);
    NAT_WRITABLE(a_, 200);
    uint64_t st_[25];
    for (uint32_t i_ = 0; i_ < 25; i_++) {
        uint64_t lo_ = LD32(a_ + 8 * i_);
        st_[i_] = lo_ | (uint64_t)LD32(a_ + 8 * i_ + 4) << 32;
    }
    hint_keccak_f1600(st_);
    for (uint32_t i_ = 0; i_ < 25; i_++) {
        ST32(a_ + 8 * i_, (uint32_t)st_[i_]);
        ST32(a_ + 8 * i_ + 4, (uint32_t)(st_[i_] >> 32));
    }
    NAT_RETURN(t_);
})

UOP_BODY(SHA256_COMPRESS, {
    uint32_t t_ = NAT_RET_TARGET(), a_ = R(10), b_ = R(11);
    NAT_READABLE(a_, 32);
    NAT_READABLE(b_, 64);
    NAT_WRITABLE(a_, 32);
    uint32_t st_[8];
    uint8_t blk_[64];
    for (uint32_t i_ = 0; i_ < 8; i_++)
        st_[i_] = LD32(a_ + 4 * i_);
    for (uint32_t i_ = 0; i_ < 16; i_++) {
        uint32_t w_ = LD32(b_ + 4 * i_);
        for (uint32_t k_ = 0; k_ < 4; k_++)
            blk_[4 * i_ + k_] = (uint8_t)(w_ >> (8 * k_));
    }
    hint_sha256_compress(st_, blk_);
    for (uint32_t i_ = 0; i_ < 8; i_++)
        ST32(a_ + 4 * i_, st_[i_]);
    NAT_RETURN(t_);
})

/* The memory ops go byte by byte through LD8/ST8 (so a tracing loop sees every
 * access) in exactly the order hints.c defines: memcpy ascending, memmove
 * descending when the destination starts inside the source. */
UOP_BODY(MEMCPY, {
    uint32_t t_ = NAT_RET_TARGET(), d_ = R(10), s_ = R(11), n_ = R(12);
    NAT_READABLE(s_, n_);
    NAT_WRITABLE(d_, n_);
    for (uint32_t i_ = 0; i_ < n_; i_++)
        ST8(d_ + i_, LD8(s_ + i_));
    NAT_RETURN(t_);
})

UOP_BODY(MEMMOVE, {
    uint32_t t_ = NAT_RET_TARGET(), d_ = R(10), s_ = R(11), n_ = R(12);
    NAT_READABLE(s_, n_);
    NAT_WRITABLE(d_, n_);
    if (d_ != s_ && d_ - s_ < n_) {
        for (uint32_t i_ = n_; i_-- > 0;)
            ST8(d_ + i_, LD8(s_ + i_));
    } else {
        for (uint32_t i_ = 0; i_ < n_; i_++)
            ST8(d_ + i_, LD8(s_ + i_));
    }
    NAT_RETURN(t_);
})

UOP_BODY(MEMSET, {
    uint32_t t_ = NAT_RET_TARGET(), d_ = R(10), c_ = R(11) & 0xff, n_ = R(12);
    NAT_WRITABLE(d_, n_);
    for (uint32_t i_ = 0; i_ < n_; i_++)
        ST8(d_ + i_, c_);
    NAT_RETURN(t_);
})

UOP_BODY(MUL256, {
    uint32_t t_ = NAT_RET_TARGET(), o_ = R(10), a_ = R(11), b_ = R(12);
    NAT_READABLE(a_, 32);
    NAT_READABLE(b_, 32);
    NAT_WRITABLE(o_, 64);
    uint32_t x_[8], y_[8], r_[16];
    for (uint32_t i_ = 0; i_ < 8; i_++) {
        x_[i_] = LD32(a_ + 4 * i_);
        y_[i_] = LD32(b_ + 4 * i_);
    }
    hint_mul256(r_, x_, y_);
    for (uint32_t i_ = 0; i_ < 16; i_++)
        ST32(o_ + 4 * i_, r_[i_]);
    NAT_RETURN(t_);
})

/* MODMUL and MONTMUL: n = IMM limbs (1..HINT_MAX_LIMBS, the container checks)
 * of r (a0), a (a1), b (a2), m (a3); all read, then r written. */
#define NAT_BIGNUM(ref) do {                                            \
        uint32_t t_ = NAT_RET_TARGET(), n_ = IMM, o_ = R(10), a_ = R(11), b_ = R(12), m_ = R(13); \
        NAT_READABLE(a_, 4 * n_);                                       \
        NAT_READABLE(b_, 4 * n_);                                       \
        NAT_READABLE(m_, 4 * n_);                                       \
        NAT_WRITABLE(o_, 4 * n_);                                       \
        uint32_t x_[HINT_MAX_LIMBS], y_[HINT_MAX_LIMBS], z_[HINT_MAX_LIMBS], r_[HINT_MAX_LIMBS]; \
        for (uint32_t i_ = 0; i_ < n_; i_++) {                          \
            x_[i_] = LD32(a_ + 4 * i_);                                 \
            y_[i_] = LD32(b_ + 4 * i_);                                 \
            z_[i_] = LD32(m_ + 4 * i_);                                 \
        }                                                               \
        ref(r_, x_, y_, z_, n_);                                        \
        for (uint32_t i_ = 0; i_ < n_; i_++)                            \
            ST32(o_ + 4 * i_, r_[i_]);                                  \
        NAT_RETURN(t_);                                                 \
    } while (0)

UOP_BODY(MODMUL, { NAT_BIGNUM(hint_modmul); })
UOP_BODY(MONTMUL, { NAT_BIGNUM(hint_montmul); })

/* MODRED: r (a0, n limbs) = u (a1, 2n limbs) mod m (a2, n limbs). */
UOP_BODY(MODRED, {
    uint32_t t_ = NAT_RET_TARGET(), n_ = IMM, o_ = R(10), u_ = R(11), m_ = R(12);
    NAT_READABLE(u_, 8 * n_);
    NAT_READABLE(m_, 4 * n_);
    NAT_WRITABLE(o_, 4 * n_);
    uint32_t w_[2 * HINT_MAX_LIMBS], z_[HINT_MAX_LIMBS], r_[HINT_MAX_LIMBS];
    for (uint32_t i_ = 0; i_ < 2 * n_; i_++)
        w_[i_] = LD32(u_ + 4 * i_);
    for (uint32_t i_ = 0; i_ < n_; i_++)
        z_[i_] = LD32(m_ + 4 * i_);
    hint_modred(r_, w_, z_, n_);
    for (uint32_t i_ = 0; i_ < n_; i_++)
        ST32(o_ + 4 * i_, r_[i_]);
    NAT_RETURN(t_);
})

#undef NAT_BIGNUM
#undef NAT_RET_TARGET
#undef NAT_CHECK
#undef NAT_READABLE
#undef NAT_WRITABLE
#undef NAT_RETURN
