/* fault.S — a guest that faults (load from unmapped address 0) before it exits:
 * every configuration of the speedup tool must become a row saying why. */
    .text
    .globl _start
_start:
    lw a0, 0(zero)
    li a7, 93
    ecall
