/* vm_internal.h — the VM's private state shared by the loop, memory and syscalls.
 * Invariant: guest address a lives at host mem + a; perm[a >> VM_PAGE_SHIFT]
 * holds the guest's rights on that page, and every guest access is checked
 * against it before the host touches mem (the host mapping mirrors it too). */
#ifndef UVM_VM_INTERNAL_H
#define UVM_VM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "vm.h"

#define VM_PAGE_SHIFT ABI_PAGE_SHIFT
#define VM_NPAGES (1u << (32 - VM_PAGE_SHIFT))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

enum {
    VM_PERM_R = 1,      /* guest may load */
    VM_PERM_W = 2,      /* guest may store */
    VM_PERM_MAPPED = 4, /* mapped at all (tells read-only from unmapped) */
    VM_PERM_CODE = 8,   /* holds translated code: stores fault as "to code" */
    VM_PERM_WCODE = 16, /* code on a page the ELF maps writable (RWX): stores take the slow
                           path (no VM_PERM_W), which marks the slots they change */
};

/* Register index that absorbs writes to x0: pre-decoding maps rd = 0 here,
 * so bodies write unconditionally and x[0] stays 0. */
#define VM_XZERO_SINK 32

/* One pre-decoded slot (32 bytes). The loop dispatches on label (direct
 * threading). target: for branch/jump formats (B, J, fused AB) the precomputed taken
 * destination, or NULL when it is outside the code or misaligned (a fault if
 * taken), and they fall through by step; for every other format the next slot
 * (pc + len), so the common path follows one pointer; NULL for TRAP. */
typedef struct vm_dec {
    const void *label;
    const struct vm_dec *target;
    int32_t imm, imm2;
    uint8_t rd, rs1, rs2, rd2, rs3;
    uint8_t step;   /* slots to the next pc: len >> slot_shift */
    uint8_t ninsn;  /* RISC-V instructions retired */
    uint8_t op;
} vm_dec;

/* Extra decoded entries after the code: a fall-through from the last slot
 * (len <= 255 bytes, slots >= 2 bytes) always lands on one of them. */
#define VM_DEC_TAIL 128

#define VM_NO_RESV UINT64_MAX

typedef struct vm_state {
    uint32_t x[33];            /* x0..x31 and the x0 write sink */
    uint8_t *mem;              /* 4 GiB host reservation */
    uint8_t *perm;             /* VM_NPAGES permission bytes */
    vm_dec *dec;               /* n_slots + VM_DEC_TAIL entries */
    uint32_t code_base, n_slots, shift;
    uint64_t resv;             /* LR reservation address or VM_NO_RESV */
    uint32_t brk_start, brk, brk_limit;
    const uint8_t *input;
    size_t input_len, input_pos;
    vm_write_fn write;
    void *write_ctx;
    const uisa_program *prog;
    vm_result *res;
    uint64_t budget;           /* uops that may still start */
    /* Writable code (VM_PERM_WCODE pages only; else code_orig is NULL): the code
     * bytes as translated, and the running loop's labels (set when it fills them)
     * so that a store can send a changed slot to the smc label and a slot
     * restored to its bytes back to its own. */
    uint8_t *code_orig;        /* n_slots << shift bytes from code_base */
    const void *const *labels; /* the loop's label per op; [UOP_COUNT]: the smc fault */
} vm_state;

/* Checks that [a, a+n) is inside 4 GiB and every page has all of `need`. */
bool vm_mem_ok_slow(const uint8_t *perm, uint32_t a, uint64_t n, uint8_t need);

static inline bool vm_mem_ok(const uint8_t *perm, uint32_t a, uint32_t n, uint8_t need)
{
    if (likely((a & (VM_PAGE_SIZE - 1)) <= VM_PAGE_SIZE - n))
        return (perm[a >> VM_PAGE_SHIFT] & need) == need;
    return vm_mem_ok_slow(perm, a, n, need);
}

/* May an n-byte store at a go ahead, every page writable or writable code? */
static inline bool vm_code_store_ok(const uint8_t *perm, uint32_t a, uint32_t n)
{
    if ((uint64_t)a + n > (1ull << 32))
        return false;
    uint32_t last = (uint32_t)(((uint64_t)a + n - 1) >> VM_PAGE_SHIFT);
    for (uint32_t pg = a >> VM_PAGE_SHIFT; pg <= last; pg++)
        if (!(perm[pg] & (VM_PERM_W | VM_PERM_WCODE)))
            return false;
    return true;
}

/* mem.c: after an n-byte store at a (by the uop at pc) reached writable code:
 * counts it in s->res and re-labels every slot whose instruction bytes overlap
 * [a, a + n): the smc fault if they differ from the translated bytes, else the
 * slot's own label. */
void vm_code_stored(vm_state *s, uint32_t pc, uint32_t a, uint32_t n);

/* mem.c: builds the address space (segments, stack, heap) for p. */
int vm_mem_init(vm_state *s, const uisa_program *p, const vm_config *cfg, uvm_err *err);
void vm_mem_free(vm_state *s);
/* Moves the break (Linux brk semantics); returns the break after the call. */
uint32_t vm_mem_brk(vm_state *s, uint32_t req);

/* syscall.c: performs the ecall at pc. Returns 0 to continue, 1 if the run
 * stopped (exit or fault; s->res filled). */
int vm_syscall(vm_state *s, uint32_t pc);

/* fault.c: records a fault in s->res with its one-line message. */
void vm_set_fault(vm_state *s, vm_fault f, uint32_t pc, uint32_t addr);

/* loop_fast.c / loop_stats.c: run from ip until a stop; return ip where it
 * stopped. The caller fills labels by calling with fill = 1 first. */
typedef struct vm_loop_out {
    const vm_dec *ip;  /* the uop that stopped the run */
    int completed;     /* 1 if that uop completed (exit ecall) */
} vm_loop_out;
typedef void (*vm_loop_fn)(vm_state *s, const vm_dec *ip, int fill, vm_loop_out *out);
void vm_loop_fast(vm_state *s, const vm_dec *ip, int fill, vm_loop_out *out);
void vm_loop_stats(vm_state *s, const vm_dec *ip, int fill, vm_loop_out *out);

/* vm_run with a given loop instantiation (loop.h with hooks, e.g. tracing);
 * vm_run itself picks vm_loop_fast or vm_loop_stats. */
int vm_run_with(const uisa_program *p, const vm_config *cfg, vm_loop_fn loop, vm_result *res,
                uvm_err *err);

/* The state vm_run_with runs on, for drivers that run a program in slices
 * (vm/trace/tseg.c): validated, pre-decoded, memory built, res cleared and
 * attached; budget 0 and no loop labels yet. NULL with err on failure. */
vm_state *vm_state_new(const uisa_program *p, const vm_config *cfg, vm_result *res,
                       uvm_err *err);
void vm_state_free(vm_state *s);

#endif
