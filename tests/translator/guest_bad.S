/* guest_bad.S — tiny guests with one special word at 0x10004 (text starts at
 * 0x10000): FLW (unsupported F), ILLEGAL (0xffffffff), or PAD (zero padding
 * between and after functions, which must translate). */
    .option norvc
    .text
    .globl _start
_start:
    addi x0, x0, 0
#if defined(FLW)
    flw ft0, 0(a0)
#elif defined(ILLEGAL)
    .word 0xffffffff
#elif defined(PAD)
    j second
    .balign 32, 0
second:
    .option rvc
    c.li a0, 0
    li a7, 93
    ecall
    .half 0
    .word 0
#endif
    li a7, 93
    ecall
