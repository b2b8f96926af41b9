/* uvm_hints.h — guest header: UISA_NATIVE(op, fn) says "function fn IS native op op"
 * (see hints.h for the ops and their calling conventions), so xlate --native / -O2
 * replaces fn's entry by the native uop.
 *
 * How: the macro emits a local ELF symbol "__uvm_native.<op>.<fn>" at fn's
 * address (an assembler alias). Symbols are not loaded, so the binary stays a
 * standard RISC-V ELF that runs unchanged on qemu or hardware; stripping the
 * symbol table drops the hints (use xlate --hints FILE then).
 * Use at file scope, after fn is declared, in the file that defines fn (fn must
 * keep its name: not static-and-inlined, e.g. marked noinline and used). Off the
 * RISC-V target (host builds) the macro expands to nothing.
 *
 *   void keccak_f1600(uint64_t st[25]);
 *   UISA_NATIVE(keccak_f1600, keccak_f1600)
 */
#ifndef UVM_HINTS_GUEST_H
#define UVM_HINTS_GUEST_H

#if defined(__riscv)
#define UISA_NATIVE(op, fn) \
    __asm__(".set __uvm_native." #op "." #fn ", " #fn);
#else
#define UISA_NATIVE(op, fn)
#endif

#endif
