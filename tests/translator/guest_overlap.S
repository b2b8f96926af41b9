/* guest_overlap.S — overlapping code: a jump into the second half of a 4-byte
 * instruction runs the halfword found there (a c.nop), as on hardware and qemu. */
    .option norvc
    .globl _start
_start:
    li a0, 5
    la t0, inner
    addi t0, t0, 2         /* the middle of `inner` */
    jalr zero, 0(t0)
inner:
    .word 0x00010013       /* as a word: addi x0, x2, 0; its upper half 0x0001 is c.nop */
    addi a0, a0, 2         /* both paths reach here: exit code 7 */
    li a7, 93
    ecall
