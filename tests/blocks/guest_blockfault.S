# guest_blockfault.S — a basic block of 5 instructions whose third one loads
# from unmapped address 0 (test_blocks.py: as one BLOCK uop the run must fault
# at `fault` with the first two retired, and print what qemu prints).
    .section .rodata
msg: .ascii "hi\n"
    .text
    .globl _start
_start:
    li a0, 1
    la a1, msg
    li a2, 3
    li a7, 64
    ecall
    .globl block
block:
    addi s0, zero, 7
    addi s1, s0, 1
    .globl fault
fault:
    lw t0, 0(zero)
    addi s0, s0, 1
    addi s1, s1, 1
    li a0, 0
    li a7, 93
    ecall
