/* loop.h — the direct-threaded dispatch loop, instantiated once per variant by
 * defining VM_LOOP_NAME (and VM_LOOP_STATS for the histogram) before including.
 * Invariant: every uop that starts consumed one unit of budget and added its
 * ninsn - 1 to `extra` (and its hist count); a faulting uop gives all back, so
 * the result counts exactly the uops that completed. The bodies come from uop_exec.h only. */
#include "vm_internal.h"

void VM_LOOP_NAME(vm_state *s, const vm_dec *ip, int fill, vm_loop_out *out)
{
    /* One label per ops.def row: a row without a UOP_BODY is an undefined
     * label, i.e. a build error. */
    static const void *const labels[UOP_COUNT + 1] = {
#define UOP(name, tier, fmt, cls, prover, ninsn, doc) [UOP_##name] = &&op_##name,
#include "ops.def"
#undef UOP
        [UOP_COUNT] = &&smc, /* not a uop: a slot overwritten since translation */
    };
    vm_dec *const dec = s->dec;
    if (fill) {
        for (uint32_t i = 0; i < s->n_slots; i++)
            dec[i].label = labels[dec[i].op];
        for (uint32_t i = 0; i < VM_DEC_TAIL; i++)
            dec[s->n_slots + i].label = &&fetch_outside;
        s->labels = labels;
        return;
    }

    uint32_t *const x = s->x;
    uint8_t *const mem = s->mem;
    const uint8_t *const perm = s->perm;
    const uint32_t code_base = s->code_base, shift = s->shift;
    const uint32_t smask = (1u << shift) - 1;
    const uint64_t code_bytes = (uint64_t)s->n_slots << shift;
    uint64_t budget = s->budget;
    /* Instructions retired beyond one per uop: each body adds its op's
     * (ninsn - 1), a compile-time constant from ops.def (0 for base ops). */
    int64_t extra = 0;
    enum {
#define UOP(name, tier, fmt, cls, prover, ninsn, doc) VM_EXTRA_##name = (ninsn) - 1,
#include "ops.def"
#undef UOP
    };
    /* Branch/jump formats keep `target` for the taken path and fall through by
     * `step`; every other uop finds its successor in `target` (one load). */
    enum {
#define UOP(name, tier, fmt, cls, prover, ninsn, doc) \
        VM_BY_STEP_##name = FMT_##fmt == FMT_B || FMT_##fmt == FMT_J || FMT_##fmt == FMT_AB,
#include "ops.def"
#undef UOP
    };
    vm_fault fk = VM_FAULT_NONE;
    uint32_t fa = 0;
#ifdef VM_LOOP_STATS
    uint64_t hist[UOP_COUNT + 1] = {0}; /* + 1: the fetch-outside tail entries */
#define VM_COUNT() (hist[ip->op]++)
#define VM_UNCOUNT() (hist[ip->op]--, extra -= (int64_t)ip->ninsn - 1)
#else
#define VM_COUNT() ((void)0)
#define VM_UNCOUNT() (extra -= (int64_t)ip->ninsn - 1)
#endif

/* Observation hooks for further instantiations (a tracing loop defines them
 * before including this file). Empty by default, so they cost nothing here. */
#ifndef VM_ON_UOP
#define VM_ON_UOP(ip) ((void)0)        /* uop ip starts (budget already charged) */
#endif
#ifndef VM_ON_WRITE
#define VM_ON_WRITE(i, v) ((void)0)    /* register i gets v (i == VM_XZERO_SINK: x0) */
#endif
#ifndef VM_ON_LOAD
#define VM_ON_LOAD(a, n, v) ((void)0)  /* an n-byte load from a returned v */
#endif
#ifndef VM_ON_STORE
#define VM_ON_STORE(a, n, v) ((void)0) /* an n-byte store of v to a; mem still holds the old bytes */
#endif

#define DISPATCH() do {                                 \
        if (unlikely(budget-- == 0))                    \
            goto cycle_limit;                           \
        VM_COUNT();                                     \
        VM_ON_UOP(ip);                                  \
        goto *ip->label;                                \
    } while (0)
#define UOP_BODY(name, ...) \
    op_##name: extra += VM_EXTRA_##name; { __VA_ARGS__ }                     \
    ip = VM_BY_STEP_##name ? ip + ip->step : ip->target; DISPATCH();

#define R(i) x[i]
#define W(i, v) do { uint32_t wv_ = (v); VM_ON_WRITE(i, wv_); x[i] = wv_; } while (0)
#define RD ip->rd
#define RS1 ip->rs1
#define RS2 ip->rs2
#define RD2 ip->rd2
#define RS3 ip->rs3
#define IMM ((uint32_t)ip->imm)
#define IMM2 ((uint32_t)ip->imm2)
#define PC (code_base + ((uint32_t)(ip - dec) << shift))
#define LEN ((uint32_t)ip->step << shift)
#define RESV (s->resv)
#define FAULT(kind, addr) do { fk = (kind); fa = (addr); goto fault; } while (0)
#define VM_LD(T, a) ({                                              \
        uint32_t la_ = (a);                                         \
        if (unlikely(!vm_mem_ok(perm, la_, sizeof(T), VM_PERM_R)))  \
            FAULT(VM_FAULT_LOAD_UNMAPPED, la_);                     \
        T lv_;                                                      \
        memcpy(&lv_, mem + la_, sizeof(T));                         \
        VM_ON_LOAD(la_, sizeof(T), (uint32_t)lv_);                  \
        (uint32_t)lv_; })
/* A store to writable code (RWX) leaves the fast path: vm_code_stored marks
 * the slots whose bytes it changed, so the check costs other stores nothing. */
#define VM_ST(T, a, v) do {                                         \
        uint32_t sa_ = (a);                                         \
        T sv_ = (T)(v);                                             \
        int code_ = 0;                                              \
        if (unlikely(!vm_mem_ok(perm, sa_, sizeof(T), VM_PERM_W))) { \
            if (!vm_code_store_ok(perm, sa_, sizeof(T)))            \
                FAULT(VM_FAULT_STORE_UNMAPPED, sa_);                \
            code_ = 1;                                              \
        }                                                           \
        VM_ON_STORE(sa_, sizeof(T), (uint32_t)sv_);                 \
        memcpy(mem + sa_, &sv_, sizeof(T));                         \
        if (unlikely(code_))                                        \
            vm_code_stored(s, PC, sa_, sizeof(T));                  \
    } while (0)
#define LD8(a) VM_LD(uint8_t, a)
#define LD16(a) VM_LD(uint16_t, a)
#define LD32(a) VM_LD(uint32_t, a)
#define ST8(a, v) VM_ST(uint8_t, a, v)
#define ST16(a, v) VM_ST(uint16_t, a, v)
#define ST32(a, v) VM_ST(uint32_t, a, v)
#define VM_CHECK_AMO(a) do { if (unlikely((a) & 3)) FAULT(VM_FAULT_MISALIGNED_AMO, (a)); } while (0)
#define LD32A(a) ({ uint32_t aa_ = (a); VM_CHECK_AMO(aa_); LD32(aa_); })
#define ST32A(a, v) do { uint32_t ab_ = (a); VM_CHECK_AMO(ab_); ST32(ab_, v); } while (0)
#define BRANCH(cond) do {                                           \
        if (cond) {                                                 \
            if (unlikely(!ip->target))                              \
                FAULT(VM_FAULT_JUMP_OUTSIDE, PC + IMM);             \
            ip = ip->target;                                        \
            DISPATCH();                                             \
        }                                                           \
    } while (0)
/* Fused branches: fault before any write if taken to an invalid target. */
#define CHECK_TARGET(cond) do {                                     \
        if (unlikely(!ip->target) && (cond))                        \
            FAULT(VM_FAULT_JUMP_OUTSIDE, PC + IMM);                 \
    } while (0)
#define JAL_LINK(rd, link) do {                                     \
        if (unlikely(!ip->target))                                  \
            FAULT(VM_FAULT_JUMP_OUTSIDE, PC + IMM);                 \
        W(rd, link);                                                \
        ip = ip->target;                                            \
        DISPATCH();                                                 \
    } while (0)
#define JUMP_LINK(rd, link, t) do {                                 \
        uint32_t jt_ = (t), jo_ = jt_ - code_base;                  \
        if (unlikely((jo_ & smask) || jo_ >= code_bytes))           \
            FAULT(VM_FAULT_JUMP_OUTSIDE, jt_);                      \
        W(rd, link);                                                \
        ip = dec + (jo_ >> shift);                                  \
        DISPATCH();                                                 \
    } while (0)
#define SYSCALL() do {                                              \
        s->budget = budget;                                         \
        if (vm_syscall(s, PC)) {                                    \
            out->completed = s->res->stop == VM_STOP_EXIT;          \
            if (!out->completed)                                    \
                VM_UNCOUNT(), budget++;                             \
            goto stopped;                                           \
        }                                                           \
    } while (0)

    DISPATCH();
#include "uop_exec.h"

fetch_outside:
    extra += (int64_t)ip->ninsn - 1; /* what `fault` gives back */
    FAULT(VM_FAULT_FETCH_OUTSIDE, PC);
smc: /* a slot whose bytes a store changed since translation (vm_code_stored) */
    extra += (int64_t)ip->ninsn - 1;
    FAULT(VM_FAULT_SMC, PC);
fault:
    VM_UNCOUNT();
    budget++;
    vm_set_fault(s, fk, PC, fa);
    out->completed = 0;
    goto stopped;
cycle_limit:
    budget = 0;
    s->res->stop = VM_STOP_CYCLE_LIMIT;
    s->res->pc = PC;
    out->completed = 0;
stopped:
    s->budget = budget;
    s->res->insns_retired += extra; /* vm_run adds one per completed uop */
#ifdef VM_LOOP_STATS
    for (int i = 0; i < UOP_COUNT; i++)
        s->res->hist[i] += hist[i];
#endif
    out->ip = ip;

#undef VM_COUNT
#undef VM_UNCOUNT
#undef VM_ON_UOP
#undef VM_ON_WRITE
#undef VM_ON_LOAD
#undef VM_ON_STORE
#undef DISPATCH
#undef UOP_BODY
#undef R
#undef W
#undef RD
#undef RS1
#undef RS2
#undef RD2
#undef RS3
#undef IMM
#undef IMM2
#undef PC
#undef LEN
#undef RESV
#undef FAULT
#undef VM_LD
#undef VM_ST
#undef LD8
#undef LD16
#undef LD32
#undef ST8
#undef ST16
#undef ST32
#undef VM_CHECK_AMO
#undef LD32A
#undef ST32A
#undef BRANCH
#undef CHECK_TARGET
#undef JAL_LINK
#undef JUMP_LINK
#undef SYSCALL
}
