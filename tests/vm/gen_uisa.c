/* gen_uisa.c — writes the small .uisa programs the uvm CLI tests run
 * (test_cli.py): gen_uisa OUTDIR. Each program's expected behaviour is
 * written down in test_cli.py, not derived from running it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "vmt.h"

static int save(vmt *t, const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.uisa", dir, name);
    vmt_finish(t);
    uint8_t *buf;
    size_t len;
    uvm_err err;
    if (uisa_save(&t->p, 1, &buf, &len, &err) || io_write_all(path, buf, len, &err)) {
        fprintf(stderr, "gen_uisa: %s: %s\n", name, err.msg);
        return 1;
    }
    free(buf);
    vmt_free(t);
    return 0;
}

/* write(fd, VMT_DATA + off, len): 9 uops */
static void put(vmt *t, uint32_t fd, uint32_t off, uint32_t len)
{
    vmt_li(t, X_A0, fd);
    vmt_li(t, X_A1, VMT_DATA + off);
    vmt_li(t, X_A2, len);
    vmt_syscall(t, 64);
}

/* Copies the input to fd 1 in 7-byte reads until read returns 0, then exit(0). */
static vmt *echo(void)
{
    vmt *t = vmt_new();
    uint32_t top = vmt_pc(t);
    vmt_li(t, X_A0, 0);
    vmt_li(t, X_A1, VMT_DATA);
    vmt_li(t, X_A2, 7);
    vmt_syscall(t, 63);
    uint32_t br = vmt_op(t, UOP_BEQ, 0, X_A0, X_ZERO, 0);
    uint32_t br_slot = t->p.n_slots - 1;
    vmt_op(t, UOP_ADD, X_A2, X_A0, X_ZERO, 0);
    vmt_li(t, X_A0, 1);
    vmt_li(t, X_A1, VMT_DATA);
    vmt_syscall(t, 64);
    uint32_t j = vmt_pc(t);
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, (int32_t)(top - j));
    t->slots[br_slot].imm = (int32_t)(vmt_pc(t) - br);
    vmt_exit(t, 0);
    return t;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_uisa OUTDIR\n");
        return 2;
    }
    const char *d = argv[1];
    int bad = 0;

    vmt *t = vmt_new(); /* 23 uops: "hello\n" on fd 1, "dbg\n" on fd 2, exit 42 */
    memcpy(t->data, "hello\n", 6);
    memcpy(t->data + 16, "dbg\n", 4);
    put(t, 1, 0, 6);
    put(t, 2, 16, 4);
    vmt_exit(t, 42);
    bad |= save(t, d, "hello");

    bad |= save(echo(), d, "echo");

    t = vmt_new(); /* store to 0x10 at pc 0x00010008 */
    vmt_li(t, X_T0, 0x10);
    vmt_op(t, UOP_SW, 0, X_T0, X_T1, 0);
    bad |= save(t, d, "fault_store");

    t = vmt_new(); /* jal x0, 0 forever */
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 0);
    bad |= save(t, d, "loop");

    t = vmt_new(); /* illegal word 0xffffffff at pc 0x00010004 */
    vmt_op(t, UOP_FENCE, 0, 0, 0, 0);
    vmt_trap(t, TRAP_ILLEGAL, 0xffffffffu);
    bad |= save(t, d, "trap");

    t = vmt_new(); /* ebreak at pc 0x00010000 */
    vmt_op(t, UOP_EBREAK, 0, 0, 0, 0);
    bad |= save(t, d, "ebreak");

    t = vmt_new(); /* exit(300): status 300 & 0xff = 44 */
    vmt_exit(t, 300);
    bad |= save(t, d, "exit300");
    return bad;
}
