/* guest.c — a tiny freestanding RV32 guest for the translator tests: a few
 * functions (calls, loops, mul/div, a switch) and exit through ecall 93. */
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static unsigned mix(unsigned a, unsigned b)
{
    switch (a & 3) {
    case 0: return a * b;
    case 1: return a / (b | 1);
    case 2: return a % (b | 1);
    default: return a ^ (b << 3);
    }
}

volatile unsigned sink;

void _start(void)
{
    unsigned acc = 1;
    for (int i = 0; i < 10; i++)
        acc = mix(acc + (unsigned)fib(i), acc);
    sink = acc;
    register unsigned a0 __asm__("a0") = acc & 0x7f;
    register unsigned a7 __asm__("a7") = 93;
    __asm__ volatile("ecall" : : "r"(a0), "r"(a7));
    for (;;)
        ;
}
