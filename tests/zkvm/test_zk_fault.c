/* test_zk_fault.c — a failing write/read is proved as failing (chip_sys.c
 * sys_fault, fault keys in zk_int.h, zk_memmap_check).
 * Honest: a guest whose write(1), write(2) and read(0) fail with -EFAULT on an
 * unmapped buffer, a read-only buffer (read), a range wrapping past 2^32, a
 * range that starts mapped and ends unmapped, and write(1, buf, 0x7fffffff),
 * between successful calls, proves and verifies with the VM's output and exit
 * code; the review's 7-instruction guest proves with no io row. The verifier's
 * fault-key check accepts exactly the pages lacking the claimed permission.
 * Soundness: forged proofs from a prover whose copy of the program maps more
 * (success claimed for a faulting call) or less (-EFAULT claimed for a call
 * that succeeds), with the statement's program digest set to the real one,
 * verify against the copy but the unchanged verifier rejects them against the
 * real program, naming the key; +1 in each fault column of failing and
 * succeeding sys rows is rejected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "zk_bound.h"
#include "zk_file.h"
#include "chips/chip_sys.h"
#include "zk_int.h"
#include "zk_memmap.h"
#include "zk_wit.h"
#include "zkt.h"

#define EFAULT_RET 0xfffffff2u
#define RO_SEG 0x00018000u /* an extra segment below .data: the heap bounds do not depend on it */
static const uint8_t input[] = "wxyz";

/* a0 = fd, a1 = buf, a2 = len; ecall nr; s2 += a0. */
static void call(vmt *t, uint32_t nr, uint32_t fd, uint32_t buf, uint32_t len)
{
    vmt_li(t, X_A0, fd);
    vmt_li(t, X_A1, buf);
    vmt_li(t, X_A2, len);
    vmt_syscall(t, nr);
    vmt_op(t, UOP_ADD, X_S2, X_S2, X_A0, 0);
}

/* vmt_finish, then (seg_flags) insert the RO_SEG page with those flags (vmt_finish_extra). */
static void finish(vmt *t, uint32_t seg_flags)
{
    if (seg_flags)
        vmt_finish_extra(t, RO_SEG, seg_flags);
    else
        vmt_finish(t);
}

static zk_prove_opts opts(void)
{
    zk_prove_opts o = zkt_opts();
    o.input = input;
    o.input_len = 4;
    return o;
}

/* ---- honest runs ---- */

/* Nine failing calls, then write(1, rodata, 3), write(2, data, 2),
 * read(0, data, 4), write(1, data, 4): exit = the sum of the a0s =
 * 9 * (2^32 - 14) + 3 + 2 + 4 + 4 = 2^32 - 113, output "abcwxyz". */
#define FAULT_EXIT 0xffffff8fu
#define FAULT_OUT "abcwxyz"
static vmt *fault_prog(void)
{
    vmt *t = vmt_new();
    memcpy(t->rodata, "abc", 3);
    uint32_t edge = VMT_DATA + 0x1ffe; /* the last 2 bytes of .data; the heap page after is unmapped */
    call(t, 64, 1, 0x100, 4);              /* unmapped */
    call(t, 64, 2, 0x100, 4);              /* unmapped, fd 2 */
    call(t, 63, 0, VMT_RODATA, 4);         /* read into read-only */
    call(t, 64, 1, 0xfffffff0u, 0x20);     /* wraps past 2^32 */
    call(t, 64, 2, 0xfffffffcu, 8);        /* wraps, fd 2 */
    call(t, 64, 1, edge, 8);               /* mapped, then unmapped */
    call(t, 63, 0, 0x100, 4);              /* read into unmapped */
    call(t, 63, 0, edge, 4);               /* read: mapped, then unmapped */
    call(t, 64, 1, VMT_DATA, 0x7fffffffu); /* huge: faults at the heap page */
    call(t, 64, 1, VMT_RODATA, 3);
    call(t, 64, 2, VMT_DATA, 2);
    call(t, 63, 0, VMT_DATA, 4);
    call(t, 64, 1, VMT_DATA, 4);
    vmt_op(t, UOP_ADDI, X_A0, X_S2, 0, 0);
    vmt_syscall(t, 93);
    vmt_finish(t);
    return t;
}

static void test_honest_faults(void **s)
{
    (void)s;
    vmt *t = fault_prog();
    vm_config cfg = {.input = input, .input_len = 4};
    assert_int_equal(vmt_run(t, &cfg), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    assert_int_equal(t->res.exit_code, FAULT_EXIT);
    assert_int_equal(t->out_len[0], strlen(FAULT_OUT));
    assert_memory_equal(t->out[0], FAULT_OUT, t->out_len[0]);
    zk_prove_opts o = opts();
    o.check_rows = 1;
    zkt_proved r = zkt_prove_verify(t, &o, FAULT_EXIT);
    assert_int_equal(r.rep.rows[ZC_SYS], 14);
    assert_int_equal(r.rep.rows[ZC_IO], 3 + 2 + 4 + 4); /* only the successful calls' bytes */
    assert_int_equal(r.cl.output_len, strlen(FAULT_OUT));
    assert_memory_equal(r.cl.output, FAULT_OUT, r.cl.output_len);
    assert_int_equal(r.cl.input_used, 4);
    zkt_proved_free(&r);
    /* in segments of 20 uops: fault keys cross segment boundaries as any key */
    o.segment_uops = 20;
    r = zkt_prove_verify(t, &o, FAULT_EXIT);
    assert_true(r.cl.n_seg >= 4);
    zkt_proved_free(&r);
    vmt_free(t);
}

/* The review's guest: write(1, buf, 0x7fffffff) fails; once 18.6 GB of io
 * rows, now one sys row and no io row. */
static void test_review_guest(void **s)
{
    (void)s;
    vmt *t = vmt_new();
    vmt_li(t, X_A0, 1);
    vmt_li(t, X_A1, VMT_DATA);
    vmt_li(t, X_A2, 0x7fffffffu);
    vmt_syscall(t, 64);
    vmt_syscall(t, 93);
    zkt_proved r = zkt_prove_verify(t, NULL, EFAULT_RET);
    assert_int_equal(r.rep.rows[ZC_IO], 0);
    zkt_proved_free(&r);
    vmt_free(t);
}

/* A fault on a heap page in a segment that calls brk: the statement's brk
 * events give the verifier the break at every step, so the page (above the
 * highest break) is shown unmapped; it proves in one segment and with the
 * brk in an earlier one. */
static vmt *heap_fault(void)
{
    vmt *t = vmt_new();
    finish(t, 0);
    uint32_t lo, hi;
    vm_heap_bounds(&t->p, NULL, &lo, &hi);
    vmt_li(t, X_A0, lo + 0x10);
    vmt_syscall(t, 214);
    for (int i = 0; i < 8; i++)
        vmt_op(t, UOP_ADDI, X_T0, X_T0, 0, 1);
    call(t, 64, 1, lo + 0x1000, 4); /* the page after the break's */
    vmt_op(t, UOP_ADDI, X_A0, X_S2, 0, 0);
    vmt_syscall(t, 93);
    vmt_finish(t);
    return t;
}

static void test_heap_fault(void **s)
{
    (void)s;
    vmt *t = heap_fault();
    zkt_proved r1 = zkt_prove_verify(t, NULL, EFAULT_RET);
    assert_int_equal(r1.cl.n_seg, 1);
    zkt_proved_free(&r1);
    zk_prove_opts o = zkt_opts();
    o.segment_uops = 8;
    zkt_proved r = zkt_prove_verify(t, &o, EFAULT_RET);
    zkt_proved_free(&r);
    vmt_free(t);
}

/* ---- the verifier's fault-key check ---- */

/* zk_memmap_check on key under the break brk at the segment's start and
 * brk_max, the highest the events reach (brk_max != brk: the key is touched). */
static void check(const uisa_program *p, uint32_t brk, uint32_t brk_max, uint64_t key,
                  uint32_t val, const char *want)
{
    uvm_err err = {{0}};
    uint64_t keys[2] = {ZK_KEY_BRK, key};
    uint32_t v[2] = {brk, val};
    int moved = brk_max != brk;
    uint32_t bs, bl;
    vm_heap_bounds(p, NULL, &bs, &bl);
    zk_brk_ev ev[2] = {{1, brk, brk_max}, {2, brk_max, brk}}; /* up and back */
    zk_heap h;
    int rc = zk_memmap_heap(bs, bl, brk, ev, moved ? 2 : 0, keys + !moved, moved ? 2 : 1, &h,
                            &err);
    assert_int_equal(rc, 0);
    rc = zk_memmap_check(p, &h, keys + !moved, v + !moved, v + !moved, moved ? 2 : 1, &err);
    zk_heap_free(&h);
    if (!want && rc)
        fail_msg("key 0x%llx refused: %s", (unsigned long long)key, err.msg);
    if (want && !rc)
        fail_msg("key 0x%llx accepted", (unsigned long long)key);
    if (want && !strstr(err.msg, want))
        fail_msg("error '%s' lacks '%s'", err.msg, want);
}

static void test_check_fault_keys(void **s)
{
    (void)s;
    vmt *t = vmt_new();
    vmt_exit(t, 0);
    finish(t, UISA_SEG_R | UISA_SEG_W);
    const uisa_program *p = &t->p;
    uint32_t lo, hi;
    vm_heap_bounds(p, NULL, &lo, &hi);
    check(p, lo, lo, ZK_KEY_FAULT(0, 0), 0, NULL);                   /* page 0: unmapped */
    check(p, lo, lo, ZK_KEY_FAULT(1, 0), 0, NULL);
    check(p, lo, lo, ZK_KEY_FAULT(1, VMT_RODATA), 0, NULL);          /* read-only: not writable */
    check(p, lo, lo, ZK_KEY_FAULT(1, VMT_CODE), 0, NULL);
    check(p, lo, lo, ZK_KEY_FAULT(0, VMT_RODATA), 0, "is read-only, the key claims it not readable");
    check(p, lo, lo, ZK_KEY_FAULT(0, VMT_DATA + 0x1000), 0, "is writable");
    check(p, lo, lo, ZK_KEY_FAULT(1, RO_SEG), 0, "is writable, the key claims it not writable");
    check(p, lo, lo, ZK_KEY_FAULT(0, VM_STACK_TOP - 0x1000), 0, "is writable");
    check(p, lo, lo, ZK_KEY_FAULT(0, 0), 1, "must stay 0");
    /* heap: exact under the highest break the events show */
    check(p, lo, lo, ZK_KEY_FAULT(0, lo), 0, NULL);
    check(p, lo + 1, lo + 1, ZK_KEY_FAULT(0, lo), 0, "is writable");
    check(p, lo + 1, lo + 1, ZK_KEY_FAULT(1, lo + 0x1000), 0, NULL);
    check(p, lo, lo + 0x3001, ZK_KEY_FAULT(0, lo + 0x3000), 0, "is writable"); /* mapped at */
    check(p, lo, lo + 0x3001, ZK_KEY_FAULT(1, lo + 0x3000), 0, "is writable"); /* some step */
    check(p, lo, lo + 0x3000, ZK_KEY_FAULT(0, lo + 0x3000), 0, NULL); /* never mapped */
    check(p, lo + 0x3001, lo + 0x5000, ZK_KEY_FAULT(0, lo + 0x3000), 0, "is writable");
    check(p, lo, lo + 0x3000, ZK_KEY_FAULT(0, 0), 0, NULL); /* outside the heap: static */
    check(p, lo, lo + 0x3000, ZK_KEY_FAULT(0, 0xfffff000u), 0, NULL);
    /* the key space: pages below 2^32 only, 4096-aligned, two kinds */
    assert_true(zk_key_valid(ZK_KEY_FAULT(0, 0xfffff000u)));
    assert_true(zk_key_valid(ZK_KEY_FAULT(1, 0x1000)));
    assert_false(zk_key_valid(ZK_KEY_FAULT(0, 0x1004)));
    assert_false(zk_key_valid(ZK_KEY_FAULT(0, 1ull << 32)));
    assert_false(zk_key_valid(ZK_KEY_FAULT(1, 1ull << 32)));
    assert_false(zk_key_valid(ZK_KEY_FAULT(2, 0)));
    assert_false(zk_key_is_ram(ZK_KEY_FAULT(0, 0x1000)));
    vmt_free(t);
}

/* ---- forged proofs ---- */

typedef struct forge {
    uint8_t digest[32]; /* the real program's */
    int on;
} forge;

/* The statement names the real program (the forging prover's copy differs
 * in its segments, which the program digest binds). */
static void set_digest(void *ctx, zk_file *f)
{
    forge *g = ctx;
    if (g->on)
        memcpy(f->prog_digest, g->digest, 32);
}

enum { MAP_PAGE0 = 1, SEG_W_ONLY = 2, SEG_R_ONLY = 4 };

/* Proves t's run (finished; RO_SEG mapped R|W in it) with a copy of the
 * program that also maps page 0 RW (zero-filled) or has RO_SEG W-only or
 * R-only. Without the digest patch the proof verifies against the copy;
 * with it, the unchanged verifier rejects it against t's program with an
 * error containing want. */
static void forged(vmt *t, unsigned how, const char *want)
{
    uisa_segment segs[6];
    uisa_program q = t->p;
    unsigned n = 0;
    if (how & MAP_PAGE0)
        segs[n++] = (uisa_segment){.vaddr = 0, .memsz = VM_PAGE_SIZE,
                                   .flags = UISA_SEG_R | UISA_SEG_W};
    for (uint32_t i = 0; i < t->p.n_segments; i++) {
        segs[n] = t->p.segments[i];
        if (segs[n].vaddr == RO_SEG && (how & SEG_W_ONLY))
            segs[n].flags = UISA_SEG_W;
        if (segs[n].vaddr == RO_SEG && (how & SEG_R_ONLY))
            segs[n].flags = UISA_SEG_R;
        n++;
    }
    q.segments = segs;
    q.n_segments = n;
    forge g = {{0}, 0};
    zk_prow *prog;
    uint32_t n_prog;
    uvm_err err = {{0}};
    assert_int_equal(zk_prog_build(&t->p, &prog, &n_prog, &err), 0);
    zk_program_digest(&t->p, prog, n_prog, g.digest);
    free(prog);
    zk_prove_opts o = opts();
    o.mutate_stmt = set_digest;
    o.mutate_ctx = &g;
    uint8_t *proof = NULL;
    size_t len = 0;
    if (zk_prove(&q, &o, &proof, &len, NULL, &err))
        fail_msg("the forging prover failed: %s", err.msg);
    if (zk_verify(&q, proof, len, ZKT_MIN_SECURITY, NULL, &err))
        fail_msg("the forged proof does not even verify against the prover's copy: %s", err.msg);
    free(proof);
    g.on = 1;
    if (zk_prove(&q, &o, &proof, &len, NULL, &err))
        fail_msg("the forging prover failed: %s", err.msg);
    int rc = zk_verify(&t->p, proof, len, ZKT_MIN_SECURITY, NULL, &err);
    free(proof);
    if (!rc)
        fail_msg("forged proof accepted");
    if (!strstr(err.msg, want))
        fail_msg("error '%s' lacks '%s'", err.msg, want);
    vmt_free(t);
}

/* One call, then exit with its a0 (t's real program has RO_SEG R|W). */
static vmt *one_call(uint32_t nr, uint32_t fd, uint32_t buf, uint32_t len)
{
    vmt *t = vmt_new();
    call(t, nr, fd, buf, len);
    vmt_op(t, UOP_ADDI, X_A0, X_S2, 0, 0);
    vmt_syscall(t, 93);
    finish(t, UISA_SEG_R | UISA_SEG_W);
    return t;
}

/* The real run's a0 (exit code): -EFAULT or success. */
static void vm_returns(vmt *t, uint32_t want)
{
    vm_result res;
    uvm_err err = {{0}};
    vm_config cfg = {.input = input, .input_len = 4};
    assert_int_equal(vm_run(&t->p, &cfg, &res, &err), 0);
    assert_int_equal(res.stop, VM_STOP_EXIT);
    assert_int_equal(res.exit_code, want);
}

static void test_forged_success(void **s)
{
    (void)s;
    static const uint32_t calls[][2] = {{64, 1}, {64, 2}, {63, 0}};
    for (unsigned i = 0; i < 3; i++) {
        vmt *t = one_call(calls[i][0], calls[i][1], 0x100, 4);
        vm_returns(t, EFAULT_RET);
        forged(t, MAP_PAGE0, "address 0x00000100 is not mapped");
    }
}

static void test_forged_fault(void **s)
{
    (void)s;
    vmt *t = one_call(64, 1, RO_SEG + 8, 4);
    vm_returns(t, 4);
    forged(t, SEG_W_ONLY, "page 0x00018000 is writable, the key claims it not readable");
    t = one_call(64, 2, RO_SEG + 8, 4);
    vm_returns(t, 4);
    forged(t, SEG_W_ONLY, "page 0x00018000 is writable, the key claims it not readable");
    t = one_call(63, 0, RO_SEG + 8, 4);
    vm_returns(t, 4);
    forged(t, SEG_R_ONLY, "page 0x00018000 is writable, the key claims it not writable");
}

/* ---- +1 mutants on the fault columns ---- */

typedef struct mut {
    unsigned row, col;
} mut;

static void mutate_cell(void *ctx, gl_matrix *tr, uint32_t *exit_code, uint8_t *output,
                        size_t output_len, uint64_t *keys, uint32_t *init, uint64_t n_touched)
{
    mut *m = ctx;
    (void)exit_code, (void)output, (void)output_len, (void)keys, (void)init, (void)n_touched;
    gl_t *c = &tr[ZC_SYS].data[(size_t)m->row * tr[ZC_SYS].cols + m->col];
    *c = gl_add(*c, 1);
}

/* sys rows of fault_prog: 0 write(1) page fault, 3 write(1) wrap, 6 read
 * page fault, 9 write(1) success, 10 write(2) success, 11 read success. */
static void test_fault_cells(void **s)
{
    (void)s;
    static const unsigned rows[] = {0, 3, 6, 9, 10, 11};
    static const unsigned cols[] = {SYS_FT, SYS_WP, SYS_RL, SYS_E1A, SYS_E1B, SYS_E2A, SYS_E2B,
                                    SYS_PL, SYS_PH, SYS_O16, SYS_FPT, SYS_FLA, SYS_FLB};
    vmt *t = fault_prog();
    unsigned tried = 0;
    for (unsigned r = 0; r < sizeof rows / sizeof rows[0]; r++)
        for (unsigned k = 0; k <= sizeof cols / sizeof cols[0]; k++) {
            /* every column on the page-fault rows; a sample elsewhere */
            if (rows[r] % 6 && k % 3 != r % 3)
                continue;
            unsigned col = k < sizeof cols / sizeof cols[0] ? zk_spec(ZC_SYS, cols[k]) : C_VD;
            mut m = {rows[r], col};
            zk_prove_opts o = opts();
            o.mutate = mutate_cell;
            o.mutate_ctx = &m;
            if (!zkt_rejected(t, &o))
                fail_msg("sys row %u column %u: mutant accepted", rows[r], col);
            tried++;
        }
    assert_true(tried >= 40);
    vmt_free(t);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_fault_keys),
        cmocka_unit_test(test_honest_faults),
        cmocka_unit_test(test_review_guest),
        cmocka_unit_test(test_heap_fault),
        cmocka_unit_test(test_forged_success),
        cmocka_unit_test(test_forged_fault),
        cmocka_unit_test(test_fault_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
