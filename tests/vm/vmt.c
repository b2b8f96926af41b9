/* vmt.c — the test program builder (see vmt.h). */
#include "vmt.h"

#include <stdlib.h>
#include <string.h>

vmt *vmt_new(void)
{
    vmt *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    t->p.code_base = t->p.entry = VMT_CODE;
    t->p.slot_shift = 2;
    t->p.slots = t->slots;
    t->p.raw = t->raw;
    t->rodata_flags = UISA_SEG_R;
    t->code_flags = UISA_SEG_R | UISA_SEG_X;
    return t;
}

vmt *vmt_new_rvc(void)
{
    vmt *t = vmt_new();
    t->p.slot_shift = 1;
    t->p.flags = UISA_FLAG_RVC;
    return t;
}

void vmt_free(vmt *t) { free(t); }

uint32_t vmt_pc(const vmt *t) { return VMT_CODE + (t->p.n_slots << t->p.slot_shift); }

static uint32_t emit(vmt *t, uisa_op op, int rd, int rs1, int rs2, int32_t imm, uint8_t len)
{
    if (t->p.n_slots + 2 > VMT_MAX_SLOTS)
        abort();
    uint32_t pc = vmt_pc(t);
    t->slots[t->p.n_slots++] = (uisa_uop){.op = (uint8_t)op, .rd = (uint8_t)rd,
        .rs1 = (uint8_t)rs1, .rs2 = (uint8_t)rs2, .len = len, .ninsn = uisa_ops[op].ninsn,
        .imm = imm};
    if (t->p.slot_shift == 1 && len == 4) /* the upper half of a 4-byte instruction */
        t->slots[t->p.n_slots++] = (uisa_uop){.op = UOP_TRAP, .imm = TRAP_MID_INSN};
    return pc;
}

uint32_t vmt_op(vmt *t, uisa_op op, int rd, int rs1, int rs2, int32_t imm)
{
    return emit(t, op, rd, rs1, rs2, imm, 4);
}

uint32_t vmt_op16(vmt *t, uisa_op op, int rd, int rs1, int rs2, int32_t imm)
{
    return emit(t, op, rd, rs1, rs2, imm, 2);
}

uint32_t vmt_trap(vmt *t, int kind, uint32_t word)
{
    uint32_t pc = emit(t, UOP_TRAP, 0, 0, 0, kind, 0);
    t->slots[t->p.n_slots - 1].imm2 = (int32_t)word;
    return pc;
}

void vmt_li(vmt *t, int rd, uint32_t v)
{
    uint32_t hi = (v + 0x800u) & 0xfffff000u;
    int32_t lo = (int32_t)(v - hi);
    vmt_op(t, UOP_LUI, rd, 0, 0, (int32_t)hi);
    vmt_op(t, UOP_ADDI, rd, rd, 0, lo);
}

void vmt_syscall(vmt *t, uint32_t nr)
{
    vmt_li(t, X_A7, nr);
    vmt_op(t, UOP_ECALL, 0, 0, 0, 0);
}

void vmt_exit(vmt *t, uint32_t code)
{
    vmt_li(t, X_A0, code);
    vmt_syscall(t, 93);
}

static int capture(void *ctx, int fd, const void *buf, size_t len)
{
    vmt *t = ctx;
    size_t *n = &t->out_len[fd - 1];
    if (fd < 1 || fd > 2 || *n + len > sizeof t->out[0])
        return -1;
    memcpy(t->out[fd - 1] + *n, buf, len);
    *n += len;
    return 0;
}

void vmt_finish(vmt *t)
{
    t->segs[0] = (uisa_segment){.vaddr = VMT_CODE, .memsz = t->p.n_slots << t->p.slot_shift,
                                .flags = t->code_flags};
    t->segs[1] = (uisa_segment){.vaddr = VMT_DATA, .memsz = sizeof t->data,
                                .filesz = sizeof t->data, .data = t->data,
                                .flags = UISA_SEG_R | UISA_SEG_W};
    t->segs[2] = (uisa_segment){.vaddr = VMT_RODATA, .memsz = sizeof t->rodata,
                                .filesz = sizeof t->rodata, .data = t->rodata,
                                .flags = t->rodata_flags};
    t->p.segments = t->segs;
    t->p.n_segments = 3;
}

void vmt_finish_extra(vmt *t, uint32_t vaddr, uint32_t flags)
{
    vmt_finish(t);
    for (unsigned i = 0; i < sizeof t->extra; i++)
        t->extra[i] = (uint8_t)(i * 29 + 3);
    t->segs[3] = t->segs[2];
    t->segs[2] = t->segs[1];
    t->segs[1] = (uisa_segment){.vaddr = vaddr, .memsz = VM_PAGE_SIZE, .filesz = sizeof t->extra,
                                .data = t->extra, .flags = flags};
    t->p.n_segments = 4;
}

int vmt_run(vmt *t, const vm_config *cfg)
{
    vm_config c = cfg ? *cfg : (vm_config){0};
    c.write = capture;
    c.write_ctx = t;
    vmt_finish(t);
    t->out_len[0] = t->out_len[1] = 0;
    return vm_run(&t->p, &c, &t->res, &t->err);
}

uint64_t vmt_rng = 1;

uint32_t vmt_rnd(void)
{
    vmt_rng ^= vmt_rng << 13;
    vmt_rng ^= vmt_rng >> 7;
    vmt_rng ^= vmt_rng << 17;
    return (uint32_t)(vmt_rng >> 11);
}
