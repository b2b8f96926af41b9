/* vm.c — vm_run: validates and pre-decodes the program, builds memory, runs a
 * dispatch loop and fills the result. Invariant: every slot that reaches the
 * loop has in-range operands, a non-zero length that is a whole number of
 * slots, and a branch target pointer that is either valid or NULL. */
#include "vm_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

const char *vm_stop_name(vm_stop st)
{
    switch (st) {
    case VM_STOP_EXIT: return "exit";
    case VM_STOP_FAULT: return "fault";
    case VM_STOP_CYCLE_LIMIT: return "cycle-limit";
    }
    return "?";
}

const char *vm_fault_name(vm_fault f)
{
    static const char *const names[] = {
        [VM_FAULT_NONE] = "none",
        [VM_FAULT_LOAD_UNMAPPED] = "load-unmapped",
        [VM_FAULT_STORE_UNMAPPED] = "store-unmapped",
        [VM_FAULT_STORE_READONLY] = "store-readonly",
        [VM_FAULT_MISALIGNED_AMO] = "misaligned-atomic",
        [VM_FAULT_JUMP_MISALIGNED] = "jump-misaligned",
        [VM_FAULT_JUMP_OUTSIDE] = "jump-outside-code",
        [VM_FAULT_FETCH_OUTSIDE] = "fetch-outside-code",
        [VM_FAULT_TRAP] = "trap",
        [VM_FAULT_EBREAK] = "ebreak",
        [VM_FAULT_BAD_SYSCALL] = "bad-syscall",
        [VM_FAULT_SMC] = "self-modifying-code",
    };
    return (unsigned)f < sizeof names / sizeof names[0] ? names[f] : "?";
}

/* Validates slot i and fills its decoded entry (all but the label). */
static int decode_slot(const uisa_program *p, uint32_t i, vm_dec *base, uvm_err *err)
{
    vm_dec *d = &base[i];
    const uisa_uop *u = uisa_slot_step(p, i); /* a block head runs its first step */
    uint32_t pc = p->code_base + (i << p->slot_shift);
    uint64_t code_bytes = (uint64_t)p->n_slots << p->slot_shift;
    if (!u)
        return uvm_errf(err, "vm: pc 0x%08x: BLOCK %d is not in the block table", pc,
                        p->slots[i].imm);
    if (u->op >= UOP_COUNT)
        return uvm_errf(err, "vm: pc 0x%08x: unknown uop %u", pc, u->op);
    if ((u->rd | u->rs1 | u->rs2 | u->rd2 | u->rs3) > 31)
        return uvm_errf(err, "vm: pc 0x%08x: register number out of range", pc);
    memset(d, 0, sizeof *d);
    d->op = u->op;
    d->rd = u->rd ? u->rd : VM_XZERO_SINK;
    d->rd2 = u->rd2 ? u->rd2 : VM_XZERO_SINK;
    d->rs1 = u->rs1;
    d->rs2 = u->rs2;
    d->rs3 = u->rs3;
    d->imm = u->imm;
    d->imm2 = u->imm2;
    d->step = 1;
    if (u->op == UOP_TRAP)
        return 0; /* never falls through and retires nothing */
    if (u->len == 0 || (u->len & ((1u << p->slot_shift) - 1)))
        return uvm_errf(err, "vm: pc 0x%08x: length %u is not a whole number of %u-byte slots",
                        pc, u->len, 1u << p->slot_shift);
    if (u->ninsn != uisa_ops[u->op].ninsn)
        return uvm_errf(err, "vm: pc 0x%08x: %s covers %u instructions, the uISA says %u", pc,
                        uisa_ops[u->op].name, u->ninsn, uisa_ops[u->op].ninsn);
    uisa_format fmt = uisa_ops[u->op].fmt;
    if ((fmt == FMT_AA || fmt == FMT_AB) && !UISA_FX_WORD_OK(fmt, u->imm2))
        return uvm_errf(err, "vm: pc 0x%08x: %s with a bad control word 0x%08x", pc,
                        uisa_ops[u->op].name, (uint32_t)u->imm2);
    d->step = (uint8_t)(u->len >> p->slot_shift);
    d->ninsn = u->ninsn;
    uisa_format f = uisa_ops[u->op].fmt;
    if (f == FMT_B || f == FMT_J || f == FMT_AB) {
        uint32_t off = pc + (uint32_t)u->imm - p->code_base;
        if (!(off & ((1u << p->slot_shift) - 1)) && off < code_bytes)
            d->target = base + (off >> p->slot_shift);
    } else {
        d->target = base + i + d->step; /* inside the array: VM_DEC_TAIL >= 128 */
    }
    return 0;
}

static int predecode(vm_state *s, const uisa_program *p, uvm_err *err)
{
    if (p->slot_shift != 1 && p->slot_shift != 2)
        return uvm_errf(err, "vm: slot shift %u (must be 1 or 2)", p->slot_shift);
    if (p->n_slots && !p->slots)
        return uvm_errf(err, "vm: %u slots but no slot table", p->n_slots);
    if (p->n_segments && !p->segments)
        return uvm_errf(err, "vm: %u segments but no segment table", p->n_segments);
    size_t n = (size_t)p->n_slots + VM_DEC_TAIL;
    if (uisa_blocks_check(p, err))
        return uvm_err_prefix(err, "vm");
    s->dec = calloc(n, sizeof *s->dec);
    if (!s->dec)
        return uvm_errf(err, "vm: out of memory for %u decoded slots", p->n_slots);
    for (uint32_t i = 0; i < p->n_slots; i++)
        if (decode_slot(p, i, s->dec, err))
            return -1;
    for (uint32_t i = 0; i < VM_DEC_TAIL; i++) {
        s->dec[p->n_slots + i].op = UOP_COUNT; /* execution ran off the code */
        s->dec[p->n_slots + i].step = 1;
    }
    s->code_base = p->code_base;
    s->n_slots = p->n_slots;
    s->shift = p->slot_shift;
    return 0;
}

static const char *trap_cause(int32_t kind)
{
    switch (kind) {
    case TRAP_ILLEGAL: return "illegal instruction";
    case TRAP_UNSUPPORTED: return "unsupported instruction";
    case TRAP_MID_INSN: return "jump into the middle of an instruction, word";
    }
    return "trap, word";
}

/* The permissions of the first page of an access at a that lacks `need`
 * (an access spans at most two pages; past 4 GiB counts as unmapped). */
static uint8_t failing_page(const vm_state *s, uint32_t a, uint8_t need)
{
    uint32_t pg = a >> VM_PAGE_SHIFT;
    if ((s->perm[pg] & need) != need)
        return s->perm[pg];
    return pg + 1 < VM_NPAGES ? s->perm[pg + 1] : 0;
}

/* Store faults: tell "outside mapped memory" from "read-only" and "code". */
static vm_fault store_fault(const vm_state *s, uint32_t a, const char **what)
{
    uint8_t pm = failing_page(s, a, VM_PERM_W);
    *what = pm & VM_PERM_CODE ? "in code" : pm & VM_PERM_MAPPED ? "in read-only memory"
                                                                : "outside mapped memory";
    return pm & VM_PERM_MAPPED ? VM_FAULT_STORE_READONLY : VM_FAULT_STORE_UNMAPPED;
}

void vm_set_fault(vm_state *s, vm_fault f, uint32_t pc, uint32_t addr)
{
    vm_result *r = s->res;
    char *m = r->msg;
    size_t n = sizeof r->msg;
    const char *what = "";
    uint32_t code_off = addr - s->code_base;
    switch (f) {
    case VM_FAULT_LOAD_UNMAPPED:
        snprintf(m, n, "load from 0x%08x %s", addr,
                 failing_page(s, addr, VM_PERM_R) & VM_PERM_MAPPED ? "in unreadable memory"
                                                                   : "outside mapped memory");
        break;
    case VM_FAULT_STORE_UNMAPPED:
    case VM_FAULT_STORE_READONLY:
        f = store_fault(s, addr, &what);
        snprintf(m, n, "store to 0x%08x %s", addr, what);
        break;
    case VM_FAULT_MISALIGNED_AMO:
        snprintf(m, n, "atomic access to 0x%08x is not 4-byte aligned", addr);
        break;
    case VM_FAULT_JUMP_MISALIGNED:
    case VM_FAULT_JUMP_OUTSIDE:
        if (code_off & ((1u << s->shift) - 1)) {
            f = VM_FAULT_JUMP_MISALIGNED;
            snprintf(m, n, "jump to 0x%08x is not %u-byte aligned", addr, 1u << s->shift);
        } else {
            f = VM_FAULT_JUMP_OUTSIDE;
            snprintf(m, n, "jump to 0x%08x outside the code", addr);
        }
        break;
    case VM_FAULT_FETCH_OUTSIDE:
        snprintf(m, n, "execution reached 0x%08x outside the code", addr);
        break;
    case VM_FAULT_TRAP: { /* the word as wide as it is: 0x0000 for a 16-bit one */
        const uisa_uop *u = uisa_slot(s->prog, pc);
        snprintf(m, n, u && u->len == 2 ? "%s 0x%04x" : "%s 0x%08x", trap_cause(u ? u->imm : 0),
                 addr);
        break;
    }
    case VM_FAULT_SMC:
        snprintf(m, n, "self-modifying code is not supported: the instruction here was "
                 "overwritten after translation");
        break;
    case VM_FAULT_EBREAK:
        snprintf(m, n, "ebreak");
        break;
    case VM_FAULT_BAD_SYSCALL:
        snprintf(m, n, "unsupported syscall %u (a7)", addr);
        break;
    case VM_FAULT_NONE:
        snprintf(m, n, "fault");
        break;
    }
    r->stop = VM_STOP_FAULT;
    r->fault = f;
    r->pc = pc;
    r->addr = addr;
}

static void run_loop(vm_state *s, const uisa_program *p, vm_loop_fn loop)
{
    vm_loop_out out = {0};
    loop(s, NULL, 1, &out);
    uint32_t off = p->entry - p->code_base;
    if ((off & ((1u << p->slot_shift) - 1)) || (uint64_t)off >= ((uint64_t)p->n_slots << p->slot_shift)) {
        vm_set_fault(s, VM_FAULT_FETCH_OUTSIDE, p->entry, p->entry);
        return;
    }
    loop(s, s->dec + (off >> p->slot_shift), 0, &out);
}

int vm_run(const uisa_program *p, const vm_config *cfg, vm_result *res, uvm_err *err)
{
    return vm_run_with(p, cfg, cfg && cfg->stats ? vm_loop_stats : vm_loop_fast, res, err);
}

vm_state *vm_state_new(const uisa_program *p, const vm_config *cfg, vm_result *res,
                       uvm_err *err)
{
    static const vm_config defaults = {0};
    if (!cfg)
        cfg = &defaults;
    memset(res, 0, sizeof *res);
    if (cfg->input_len && !cfg->input) {
        uvm_errf(err, "vm: input of %zu bytes without data", cfg->input_len);
        return NULL;
    }
    vm_state *s = calloc(1, sizeof *s);
    if (!s) {
        uvm_errf(err, "vm: out of memory");
        return NULL;
    }
    if (predecode(s, p, err) || vm_mem_init(s, p, cfg, err)) {
        vm_state_free(s);
        return NULL;
    }
    s->prog = p;
    s->res = res;
    s->resv = VM_NO_RESV;
    s->input = cfg->input;
    s->input_len = cfg->input_len;
    s->write = cfg->write;
    s->write_ctx = cfg->write_ctx;
    return s;
}

void vm_state_free(vm_state *s)
{
    if (!s)
        return;
    vm_mem_free(s);
    free(s->dec);
    free(s);
}

int vm_run_with(const uisa_program *p, const vm_config *cfg, vm_loop_fn loop, vm_result *res,
                uvm_err *err)
{
    vm_state *s = vm_state_new(p, cfg, res, err);
    if (!s)
        return -1;
    uint64_t budget = cfg && cfg->max_cycles ? cfg->max_cycles : UINT64_MAX;
    s->budget = budget;
    run_loop(s, p, loop);
    res->uops = budget - s->budget;
    res->insns_retired += res->uops;
    if (res->stop == VM_STOP_CYCLE_LIMIT)
        snprintf(res->msg, sizeof res->msg, "cycle limit of %" PRIu64 " uops reached",
                 cfg->max_cycles);
    memcpy(res->regs, s->x, sizeof res->regs);
    res->brk = s->brk;
    res->input_used = s->input_pos;
    vm_state_free(s);
    return 0;
}
