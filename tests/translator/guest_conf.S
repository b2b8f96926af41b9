/* guest_conf.S — conformance guests (issue 17), one per -D, all linked with
 * rwx.ld (one RWX segment, as the linker scripts of test suites make it):
 *   UNIMP     an unreachable 32-bit unimp (0xc0001073, csrrw x0, cycle, x0) after exit
 *   ILLEGAL   an unreachable illegal word (0xffffffff) after exit
 *   RUNIMP    executes the unimp word: a guest fault naming it (qemu: SIGILL)
 *   DATA      a data word in .text whose low half decodes as c.fld, read, changed
 *             and written back, then printed (rv32imac)
 *   SMC       overwrites the next instruction, fence.i, runs it: qemu exits 42,
 *             uvm faults "self-modifying code is not supported" at its pc
 *   SAME      stores the instruction's own bytes over it: runs unchanged (exit 7)
 *   PATCHED   overwrites an instruction that already ran and never runs again (exit 3) */
#ifndef DATA
    .option norvc
#endif
    .text
    .globl _start
_start:
    li a0, 3
#if defined(UNIMP) || defined(ILLEGAL)
    li a7, 93
    ecall
#if defined(UNIMP)
    .word 0xc0001073
#else
    .word 0xffffffff
#endif
#elif defined(RUNIMP)
    .word 0xc0001073
    li a7, 93
    ecall
#elif defined(DATA)
    la t0, data
    lw t1, 0(t0)
    addi t1, t1, 0x101
    sw t1, 0(t0)
    li a0, 1
    mv a1, t0
    li a2, 4
    li a7, 64
    ecall
    li a0, 0
    li a7, 93
    ecall
    .balign 4
data:
    .word 0x12342004 /* low half c.fld fs1, 0(s0)... (D extension), high half c.addi4spn */
#elif defined(SMC) || defined(SAME)
    la t0, target
#if defined(SMC)
    li t1, 0x02a00513 /* addi a0, zero, 42 */
#else
    lw t1, 0(t0)
#endif
    sw t1, 0(t0)
    fence.i
target:
    addi a0, zero, 7
    li a7, 93
    ecall
#elif defined(PATCHED)
    la t0, _start
    sw zero, 0(t0)  /* _start's first instruction: it ran and never runs again */
    li a7, 93
    ecall
#endif
