/* guest_trap.c — a clang-built guest with __builtin_trap() on a path taken only
 * when the input is non-empty: clang lowers it to unimp (0xc0001073), which
 * must translate (a trapping uop) and fault only when executed. */
static long sys3(long n, long a, long b, long c)
{
    register long a0 __asm__("a0") = a, a1 __asm__("a1") = b, a2 __asm__("a2") = c;
    register long a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

void _start(void)
{
    char c;
    if (sys3(63, 0, (long)&c, 1) == 1) /* read(0, &c, 1) */
        __builtin_trap();
    sys3(64, 1, (long)"ok\n", 3);      /* write(1, "ok\n", 3) */
    sys3(93, 0, 0, 0);                 /* exit(0) */
    __builtin_unreachable();
}
