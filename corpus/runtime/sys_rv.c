/* sys_rv.c — guest syscall glue over `ecall` with the guest ABI's numbers
 * (guest_abi.h: the Linux/riscv-pk ones both qemu-riscv32 and uvm implement), and
 * picolibc's sbrk on top of brk. Invariant: the break only grows through sbrk here. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "guest.h"
#include "guest_abi.h"

enum { SYS_READ = ABI_SYS_READ, SYS_WRITE = ABI_SYS_WRITE, SYS_EXIT = ABI_SYS_EXIT,
       SYS_BRK = ABI_SYS_BRK };

static long sys3(long n, long x0, long x1, long x2)
{
    register long a0 __asm__("a0") = x0;
    register long a1 __asm__("a1") = x1;
    register long a2 __asm__("a2") = x2;
    register long a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

long uvm_write(int fd, const void *buf, size_t len)
{
    return sys3(SYS_WRITE, fd, (long)(uintptr_t)buf, (long)len);
}

long uvm_read(int fd, void *buf, size_t len)
{
    return sys3(SYS_READ, fd, (long)(uintptr_t)buf, (long)len);
}

void uvm_exit(int code)
{
    sys3(SYS_EXIT, code, 0, 0);
    for (;;) {
    }
}

/* picolibc's exit() ends here after running atexit handlers. */
void _exit(int code)
{
    uvm_exit(code);
}

/* Linux brk semantics: brk(0) reports the break; brk(x) returns the new break,
 * or the old one when it refuses. */
void *sbrk(ptrdiff_t incr)
{
    static uintptr_t cur;
    if (cur == 0)
        cur = (uintptr_t)sys3(SYS_BRK, 0, 0, 0);
    uintptr_t old = cur;
    uintptr_t want = old + (uintptr_t)incr;
    if ((incr > 0 && want < old) || (incr < 0 && want > old)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    uintptr_t got = (uintptr_t)sys3(SYS_BRK, (long)want, 0, 0);
    if (got != want) {
        errno = ENOMEM;
        return (void *)-1;
    }
    cur = got;
    return (void *)old;
}
