/* atomics.c — single-hart atomic read-modify-write workload. Where the compiler targets
 * the A extension (the gcc-rvc variant, rv32imac) the updates are real AMOs and LR/SC
 * loops (__atomic builtins, plus inline asm for amomin/amomax, which C lacks);
 * elsewhere the same updates are plain C, so every build must print the same digest.
 * Input: little-endian u32 words; each drives one update of a 64-slot table. */
#include <stdlib.h>

#include "guest.h"

/* Host (x86) builds and rv32imac inline the __atomic builtins; plain rv32im would need
 * libatomic, so there the same updates are written as ordinary C. */
#if !defined(__riscv) || defined(__riscv_atomic)
#define FETCH(op, p, v, order) __atomic_fetch_##op(p, v, order)
#define CAS(p, e, d) __atomic_compare_exchange_n(p, e, d, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)
#else
#define FETCH(op, p, v, order) plain_##op(p, v)
#define CAS(p, e, d) plain_cas(p, e, d)
static void plain_add(uint32_t *p, uint32_t v) { *p += v; }
static void plain_xor(uint32_t *p, uint32_t v) { *p ^= v; }
static void plain_or(uint32_t *p, uint32_t v) { *p |= v; }
static void plain_and(uint32_t *p, uint32_t v) { *p &= v; }
static int plain_cas(uint32_t *p, uint32_t *expect, uint32_t want)
{
    if (*p != *expect) {
        *expect = *p;
        return 0;
    }
    *p = want;
    return 1;
}
#endif

#if defined(__riscv) && defined(__riscv_atomic)
#define AMO(op, p, v)                                                                          \
    do {                                                                                       \
        uint32_t old_;                                                                         \
        __asm__ volatile(op " %0, %2, (%1)" : "=r"(old_) : "r"(p), "r"(v) : "memory");         \
        (void)old_;                                                                            \
    } while (0)
#endif

static uint32_t table[64];

static void update(uint32_t w)
{
    uint32_t *p = &table[w & 63];
    uint32_t v = w >> 6 | w << 26;
    switch ((w >> 8) % 8) {
    case 0: FETCH(add, p, v, __ATOMIC_SEQ_CST); break;
    case 1: FETCH(xor, p, v, __ATOMIC_RELAXED); break;
    case 2: FETCH(or, p, v & 0x0F0F0F0F, __ATOMIC_ACQUIRE); break;
    case 3: FETCH(and, p, v | 0x11111111, __ATOMIC_RELEASE); break;
    case 4: {
        uint32_t expect = *p;
        uint32_t want = expect * 2654435761u + v;
        while (!CAS(p, &expect, want))
            want = expect * 2654435761u + v;
        break;
    }
    case 5: { /* a compare-and-swap that fails: the slot never equals its complement */
        uint32_t expect = ~*p;
        if (CAS(p, &expect, v))
            *p = 0;
        table[(w >> 16) & 63] += expect >> 3;
        break;
    }
#if defined(__riscv) && defined(__riscv_atomic)
    case 6:
        if (w & 1)
            AMO("amominu.w", p, v);
        else
            AMO("amomin.w", p, v);
        break;
    default:
        if (w & 1)
            AMO("amomaxu.w", p, v);
        else
            AMO("amomax.w", p, v);
        break;
#else
    case 6:
        if (w & 1)
            *p = *p < v ? *p : v;
        else
            *p = (int32_t)*p < (int32_t)v ? *p : v;
        break;
    default:
        if (w & 1)
            *p = *p > v ? *p : v;
        else
            *p = (int32_t)*p > (int32_t)v ? *p : v;
        break;
#endif
    }
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    if (len == 0 || len % 4 != 0)
        guest_fail(GUEST_EXIT_BADINPUT, "atomics: want a non-empty sequence of u32 words");
    for (size_t i = 0; i < 64; i++)
        table[i] = (uint32_t)i * 0x01010101u;
    for (size_t off = 0; off < len; off += 4)
        update(guest_le32(in + off));
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < 64; i++)
        h = (h ^ table[i]) * 16777619u;
    guest_printf("updates=%lu table[0]=%08lx table[63]=%08lx digest=%08lx\n",
                 (unsigned long)(len / 4), (unsigned long)table[0], (unsigned long)table[63],
                 (unsigned long)h);
    free(in);
    return 0;
}
