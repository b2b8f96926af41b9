/* vm.h — runs a .uisa program: memory image, guest syscalls, faults, stats.
 * Invariant: a run either stops cleanly with a vm_result (exit, guest fault or
 * cycle limit) or fails with a uvm_err (the program itself is malformed or the
 * host is out of resources); the VM never prints, exits or crashes on a guest. */
#ifndef UVM_VM_H
#define UVM_VM_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "guest_abi.h"
#include "uisa.h"

/* Guest output sink: called for each successful write(fd, buf, len) with fd 1
 * (public output) or 2 (debug log). Returns 0 on success; non-zero makes the
 * guest's write return -EIO. */
typedef int (*vm_write_fn)(void *ctx, int fd, const void *buf, size_t len);

typedef struct vm_config {
    /* Exact limit on uops executed: the run stops with VM_STOP_CYCLE_LIMIT when
     * a (max_cycles+1)-th uop would start. 0 means no limit. */
    uint64_t max_cycles;
    const uint8_t *input;     /* private input stream (guest fd 0); may be NULL if input_len 0 */
    size_t input_len;
    vm_write_fn write;        /* NULL: guest output is discarded (writes still succeed) */
    void *write_ctx;
    int stats;                /* non-zero: fill vm_result.hist (slightly slower loop) */
    /* Memory layout; 0 selects the default. The stack is [stack_top - stack_size,
     * stack_top); the heap (brk) grows from the page-aligned end of the highest
     * writable segment up to heap_max bytes, never into the stack. */
    uint32_t stack_top;       /* default VM_STACK_TOP; must be page-aligned */
    uint32_t stack_size;      /* default VM_STACK_SIZE; must be page-aligned */
    uint32_t heap_max;        /* default VM_HEAP_MAX */
} vm_config;

/* The default layout is the guest ABI's (guest_abi.h); these are the VM's names for it. */
#define VM_STACK_TOP ABI_STACK_TOP
#define VM_STACK_SIZE ABI_STACK_SIZE
#define VM_HEAP_MAX ABI_HEAP_MAX
#define VM_PAGE_SIZE ABI_PAGE_SIZE

typedef enum vm_stop {
    VM_STOP_EXIT,         /* exit / exit_group syscall; exit_code = a0 */
    VM_STOP_FAULT,        /* guest fault: fault, pc, addr, msg */
    VM_STOP_CYCLE_LIMIT,  /* max_cycles uops ran; pc is the uop that did not start */
} vm_stop;

typedef enum vm_fault {
    VM_FAULT_NONE,
    VM_FAULT_LOAD_UNMAPPED,   /* load from memory not mapped (or mapped without R) */
    VM_FAULT_STORE_UNMAPPED,  /* store outside mapped memory */
    VM_FAULT_STORE_READONLY,  /* store to code or read-only data */
    VM_FAULT_MISALIGNED_AMO,  /* LR/SC/AMO address not 4-aligned */
    VM_FAULT_JUMP_MISALIGNED, /* jump/branch target not aligned to an instruction slot */
    VM_FAULT_JUMP_OUTSIDE,    /* jump/branch target outside the code */
    VM_FAULT_FETCH_OUTSIDE,   /* execution fell off the code (or entry outside it) */
    VM_FAULT_TRAP,            /* TRAP uop: illegal/unsupported/mid-instruction; addr = raw word */
    VM_FAULT_EBREAK,          /* ebreak */
    VM_FAULT_BAD_SYSCALL,     /* a7 outside the guest ABI; addr = a7 */
    VM_FAULT_SMC,             /* the code at pc was overwritten since translation; addr = pc */
} vm_fault;

typedef struct vm_result {
    vm_stop stop;
    uint32_t exit_code;       /* full a0 of exit (the CLI exits with its low 8 bits) */
    vm_fault fault;
    uint32_t pc;              /* pc of the faulting / not-started uop; else of the exit ecall */
    uint32_t addr;            /* fault address (memory, jump target, raw word or syscall number) */
    char msg[160];            /* fault: one line naming the cause, e.g.
                                 "store to 0x00000010 outside mapped memory" (no pc) */
    uint64_t insns_retired;   /* RISC-V instructions retired (sum of ninsn of completed uops) */
    uint64_t uops;            /* uops completed (a faulting uop does not count) */
    uint64_t hist[UOP_COUNT]; /* per-op count of completed uops; all zero unless cfg->stats */
    uint64_t block_insns;     /* with cfg->stats: the instructions of the blocks entered
                                 (their steps run as uops: docs/blocks.md) */
    uint32_t regs[32];        /* final registers */
    uint32_t brk;             /* final program break */
    uint64_t input_used;      /* bytes of the input consumed by reads */
    uint64_t code_stores;     /* stores that reached code on a writable (RWX) page */
    uint32_t code_store_pc;   /* the first such store: its uop's pc and its address */
    uint32_t code_store_addr;
} vm_result;

/* Runs p from p->entry until it exits, faults or hits the cycle limit.
 * cfg may be NULL (all defaults). Returns 0 with *res filled, or -1 with err
 * naming the problem if p is malformed (bad operand, segment outside 4 GiB or
 * overlapping the stack, ...) or host memory cannot be reserved.
 * p is only read; it may be freed once vm_run returns. */
int vm_run(const uisa_program *p, const vm_config *cfg, vm_result *res, uvm_err *err);

/* The program break's initial value (*start) and upper limit (*limit) for p
 * under cfg's layout (NULL: defaults), exactly as vm_run places the heap:
 * brk(req) succeeds iff req != 0 and start <= req <= limit (abi_heap_bounds_in;
 * with the default layout, abi_heap_bounds). */
void vm_heap_bounds(const uisa_program *p, const vm_config *cfg, uint32_t *start,
                    uint32_t *limit);

/* Short lowercase names: "exit", "fault", "cycle-limit"; "load-unmapped", ... */
const char *vm_stop_name(vm_stop s);
const char *vm_fault_name(vm_fault f);

#endif
