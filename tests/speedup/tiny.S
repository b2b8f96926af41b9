/* tiny.S — a provable guest for the speedup tool's test: sums N..1 through a
 * memory word (ADD, SW, LW, ADDI, BNE), exits with the sum's low byte.
 * RISC-V instructions retired: 4 + 5*N + 3 (la is auipc + addi). */
    .equ N, 50
    .text
    .globl _start
_start:
    li t0, 0
    li t1, N
    la t2, buf
loop:
    add t0, t0, t1
    sw t0, 0(t2)
    lw t3, 0(t2)
    addi t1, t1, -1
    bnez t1, loop
    andi a0, t3, 0xff
    li a7, 93
    ecall
    .data
buf: .word 0
