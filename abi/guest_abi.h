/* guest_abi.h — the guest ABI: the facts a guest binary, the VM that runs it and a
 * proof of its run agree on (syscall numbers and results, file descriptors, the
 * default memory layout, the heap's bounds). Defined here once, below the VM and the
 * prover, so the verifier learns them without the VM. Invariant: the macros are
 * freestanding C (the RISC-V guest runtime includes this header too); only
 * abi_heap_bounds* need the host library (guest_abi.c). */
#ifndef UVM_GUEST_ABI_H
#define UVM_GUEST_ABI_H

#include <stdint.h>

/* Syscalls: ecall with the number in a7 (x17), arguments in a0..a2 (x10..x12), the
 * result in a0; the Linux/riscv-pk numbers, so qemu-riscv32 runs the same ELFs.
 * Any other number is a fault (VM_FAULT_BAD_SYSCALL). */
#define ABI_SYS_READ 63       /* read(fd, buf, len): fd ABI_FD_INPUT */
#define ABI_SYS_WRITE 64      /* write(fd, buf, len): fd ABI_FD_OUTPUT or ABI_FD_LOG */
#define ABI_SYS_EXIT 93       /* exit(code): code = the full a0 */
#define ABI_SYS_EXIT_GROUP 94 /* the same as exit */
#define ABI_SYS_BRK 214       /* brk(req): the new break, or the old one when refused */
#define ABI_REG_SP 2          /* the stack pointer x2 */
#define ABI_REG_A0 10         /* first argument and result */
#define ABI_REG_A7 17         /* syscall number */

/* File descriptors: the private input stream (read), the public output (write, in
 * the proof's statement) and the debug log (write, not proved as output). */
#define ABI_FD_INPUT 0
#define ABI_FD_OUTPUT 1
#define ABI_FD_LOG 2

/* Errors, returned in a0 as -errno (Linux values; the guest sees these whatever the
 * host's errno.h says). */
#define ABI_EIO 5    /* write: the host's output sink failed */
#define ABI_EBADF 9  /* read/write: fd not one of the above */
#define ABI_EFAULT 14 /* read/write: the buffer is not mapped readable/writable */

/* Memory: 32-bit addresses, 4 KiB pages. The stack is [ABI_STACK_TOP -
 * ABI_STACK_SIZE, ABI_STACK_TOP); at entry sp = ABI_STACK_TOP - ABI_SP_OFFSET, over
 * zeroed words (argc = 0, argv = {NULL}, envp = {NULL}, auxv = {AT_NULL, 0}). The heap
 * (brk) grows from the page-aligned end of the highest writable segment, at most
 * ABI_HEAP_MAX bytes, never into the stack or another segment (abi_heap_bounds).
 * The VM may be configured with another layout (vm_config); a proof always uses
 * this one. */
#define ABI_SPACE (1ull << 32)
#define ABI_PAGE_SHIFT 12
#define ABI_PAGE_SIZE (1u << ABI_PAGE_SHIFT)
#define ABI_STACK_TOP 0xC0000000u
#define ABI_STACK_SIZE (8u << 20)
#define ABI_SP_OFFSET 32u
#define ABI_SP_INIT (ABI_STACK_TOP - ABI_SP_OFFSET)
#define ABI_HEAP_MAX (1u << 30)

struct uisa_program;

/* The program break's initial value (*start) and upper limit (*limit) for p with the
 * stack's lowest address stack_lo and a heap of at most heap_max bytes: start is the
 * page-aligned end of the highest writable segment (of any segment if none is
 * writable), limit = min(start + heap_max, stack_lo if start <= stack_lo, the page of
 * the lowest segment starting in [start, limit)), both below ABI_SPACE - page and
 * limit >= start. brk(req) succeeds iff req != 0 and start <= req <= limit. */
void abi_heap_bounds_in(const struct uisa_program *p, uint64_t stack_lo, uint32_t heap_max,
                        uint32_t *start, uint32_t *limit);

/* abi_heap_bounds_in for the default layout above (the one a proof uses). */
void abi_heap_bounds(const struct uisa_program *p, uint32_t *start, uint32_t *limit);

#endif
