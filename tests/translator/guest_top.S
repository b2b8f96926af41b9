/* guest_top.S — code that ends exactly at 2^32 (linked at 0xffffff00; the
 * padding fills the last 256 bytes): it must translate and run (exit 5). */
    .option norvc
    .text
    .globl _start
_start:
    li a0, 5
    li a7, 93
    ecall
    .balign 256, 0
