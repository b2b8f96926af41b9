/* syscall.c — the guest ABI's syscalls (guest_abi.h: numbers, file descriptors,
 * error values): exit, exit_group, write, read, brk. Invariant: a syscall either
 * completes (a0 = result, as Linux would return it, -errno on error) or stops the
 * run; never both. */
#include "vm_internal.h"

#define A0 ABI_REG_A0
#define A7 ABI_REG_A7
#define RET(v) (s->x[A0] = (uint32_t)(v))

static void sys_write(vm_state *s)
{
    uint32_t fd = s->x[A0], buf = s->x[A0 + 1], len = s->x[A0 + 2];
    if (fd != ABI_FD_OUTPUT && fd != ABI_FD_LOG) {
        RET(-ABI_EBADF);
        return;
    }
    if (!vm_mem_ok_slow(s->perm, buf, len, VM_PERM_R)) {
        RET(-ABI_EFAULT);
        return;
    }
    if (len && s->write && s->write(s->write_ctx, (int)fd, s->mem + buf, len) != 0) {
        RET(-ABI_EIO);
        return;
    }
    RET(len);
}

static void sys_read(vm_state *s)
{
    uint32_t fd = s->x[A0], buf = s->x[A0 + 1], len = s->x[A0 + 2];
    if (fd != ABI_FD_INPUT) {
        RET(-ABI_EBADF);
        return;
    }
    /* Like Linux, only the bytes actually delivered must be writable. */
    size_t left = s->input_len - s->input_pos;
    size_t n = len < left ? len : left;
    if (!vm_mem_ok_slow(s->perm, buf, n, VM_PERM_W)) {
        RET(-ABI_EFAULT);
        return;
    }
    if (n)
        memcpy(s->mem + buf, s->input + s->input_pos, n);
    s->input_pos += n;
    RET(n);
}

int vm_syscall(vm_state *s, uint32_t pc)
{
    uint32_t nr = s->x[A7];
    switch (nr) {
    case ABI_SYS_WRITE:
        sys_write(s);
        return 0;
    case ABI_SYS_READ:
        sys_read(s);
        return 0;
    case ABI_SYS_BRK:
        RET(vm_mem_brk(s, s->x[A0]));
        return 0;
    case ABI_SYS_EXIT:
    case ABI_SYS_EXIT_GROUP:
        s->res->stop = VM_STOP_EXIT;
        s->res->exit_code = s->x[A0];
        s->res->pc = pc;
        return 1;
    default:
        vm_set_fault(s, VM_FAULT_BAD_SYSCALL, pc, nr);
        return 1;
    }
}
