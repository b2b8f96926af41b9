/* kloop.c — a keccak-heavy guest that proves today (RV32I, no libc, no syscall but
 * exit): keccak-f[1600] N times on a zero state, exit code = low byte of lane 0.
 * For tools/speedup (docs/speedup.md), not run by the tests: its main is too small to
 * host xlate's hint-check harness, so measure it with --trust-hints. */
#include <stdint.h>
#include "keccak.h"
#ifndef N
#define N 4
#endif
static uint64_t st[25];
int main(void)
{
    for (int i = 0; i < N; i++) {
        st[0] ^= (uint64_t)i;
        keccak_f1600(st);
    }
    return (int)(st[0] & 0xff);
}
void _start(void)
{
    register uint32_t a0 __asm__("a0") = (uint32_t)main();
    register uint32_t a7 __asm__("a7") = 93;
    __asm__ volatile("ecall" : : "r"(a0), "r"(a7));
    for (;;) {}
}
