/* test_vm_hooks.c — loop.h's observation hooks, as a tracing loop will use
 * them: a third instantiation records every uop start, register write, load
 * and store, and the records must match the program exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "vmt.h"
#include "vm_internal.h"

typedef struct ev { char kind; uint32_t a, n, v, old; } ev;
static ev evs[256];
static int nev;
static const uint8_t *hook_mem;

static void rec(char kind, uint32_t a, uint32_t n, uint32_t v)
{
    uint32_t old = 0;
    if (kind == 'S')
        memcpy(&old, hook_mem + a, n);
    if (nev < 256)
        evs[nev++] = (ev){kind, a, n, v, old};
}

#define VM_LOOP_NAME vm_loop_hooked
#define VM_ON_UOP(ip) (hook_mem = mem, rec('U', (uint32_t)(ip)->op, 0, 0))
#define VM_ON_WRITE(i, v) rec('W', (i), 0, (v))
#define VM_ON_LOAD(a, n, v) rec('L', (a), (n), (v))
#define VM_ON_STORE(a, n, v) rec('S', (a), (n), (v))
#include "loop.h"

static void test_hooks(void **state)
{
    (void)state;
    vmt *t = vmt_new();
    const uint32_t w = 0xcafef00d;
    memcpy(t->data + 8, &w, 4);
    vmt_op(t, UOP_LUI, X_T0, 0, 0, VMT_DATA);                  /* W t0 */
    vmt_op(t, UOP_LW, X_T1, X_T0, 0, 8);                       /* L, W t1 */
    vmt_op(t, UOP_SH, 0, X_T0, X_T1, 9);                       /* S (old bytes) */
    vmt_op(t, UOP_ADDI, X_ZERO, X_T1, 0, 1);                   /* W to the x0 sink */
    vmt_op(t, UOP_EBREAK, 0, 0, 0, 0);                         /* U, then fault */
    nev = 0;
    vmt_finish(t);
    assert_int_equal(vm_run_with(&t->p, NULL, vm_loop_hooked, &t->res, &t->err), 0);
    assert_int_equal(t->res.stop, VM_STOP_FAULT);
    assert_int_equal(t->res.uops, 4);
    const ev want[] = {
        {'U', UOP_LUI, 0, 0, 0}, {'W', X_T0, 0, VMT_DATA, 0},
        {'U', UOP_LW, 0, 0, 0}, {'L', VMT_DATA + 8, 4, w, 0}, {'W', X_T1, 0, w, 0},
        {'U', UOP_SH, 0, 0, 0}, {'S', VMT_DATA + 9, 2, 0xf00d, 0xfef0},
        {'U', UOP_ADDI, 0, 0, 0}, {'W', VM_XZERO_SINK, 0, w + 1, 0},
        {'U', UOP_EBREAK, 0, 0, 0},
    };
    assert_int_equal(nev, sizeof want / sizeof want[0]);
    for (int i = 0; i < nev; i++)
        if (evs[i].kind != want[i].kind || evs[i].a != want[i].a || evs[i].n != want[i].n ||
            evs[i].v != want[i].v || evs[i].old != want[i].old)
            fail_msg("event %d: %c 0x%x %u 0x%x old 0x%x, want %c 0x%x %u 0x%x old 0x%x", i,
                     evs[i].kind, evs[i].a, evs[i].n, evs[i].v, evs[i].old, want[i].kind,
                     want[i].a, want[i].n, want[i].v, want[i].old);
    vmt_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hooks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
