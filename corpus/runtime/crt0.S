/* crt0.S — guest entry: set gp and tp, call main(argc, argv) with the stack the
 * loader built (argc at sp, argv after it, as Linux and uvm both do), exit with
 * main's return value. Never returns. */
    .section .text.start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    /* gp must not be relaxed against itself: load it with relaxation off. */
    .option push
    .option norelax
    la    gp, __global_pointer$
    .option pop
    la    tp, __tls_base
    lw    a0, 0(sp)
    addi  a1, sp, 4
    call  main
    call  uvm_exit
1:  j     1b
    .size _start, . - _start
