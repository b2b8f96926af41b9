/* test_zk_memmap.c — the proof enforces the VM's memory map (zk_memmap.h).
 * Unit: the page map agrees with the VM's faults on loads and stores; honest
 * reads of read-only data (loads, word-crossing loads, write(1), MEMCPY,
 * SHA256_COMPRESS, MUL256, code words) prove and verify; the boundary check
 * refuses each bad key kind; a run that touches heap it later releases in
 * the same segment is refused. Soundness: forged proofs, made by a prover
 * whose copy of the program maps more (page 0, the first heap page, or a
 * read-only segment made writable) than the real one, verify against that
 * copy but the unchanged verifier rejects them against the real program,
 * naming the key; the released-heap run proved with the prover's checks off
 * is rejected; flipped or non-boolean tag cells of every reader are rejected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "chips/chip_memcpy.h"
#include "zk_file.h"
#include "chips/chip_sys.h"
#include "zk_int.h"
#include "zk_lsx.h"
#include "zk_wit.h"
#include "zk_memmap.h"
#include "chips/chip_mul256.h"
#include "chips/chip_sha256.h"
#include "zkt.h"

/* ---- the map agrees with the VM ---- */

/* 1 if the VM runs a load (store = 0) or store (1) of a word at a without a fault. */
static int vm_allows(uint32_t a, int store, uint32_t rodata_flags)
{
    vmt *t = vmt_new();
    t->rodata_flags = rodata_flags;
    vmt_li(t, X_T1, a);
    vmt_op(t, store ? UOP_SW : UOP_LW, store ? 0 : X_T0, X_T1, X_T0, 0);
    vmt_exit(t, 0);
    assert_int_equal(vmt_run(t, NULL), 0);
    int ok = t->res.stop == VM_STOP_EXIT;
    vmt_free(t);
    return ok;
}

static void test_map_matches_vm(void **s)
{
    (void)s;
    static const uint32_t addrs[] = {
        0x100, VMT_CODE, VMT_CODE + 0xffc, VMT_CODE + 0x1000, VMT_DATA, VMT_DATA + 0x1ffc,
        VMT_RODATA, VMT_RODATA + 0xffc, VMT_RODATA + 0x1000, VM_STACK_TOP - 4,
        VM_STACK_TOP - VM_STACK_SIZE, VM_STACK_TOP - VM_STACK_SIZE - 4, VM_STACK_TOP,
        0xfffffffcu};
    static const uint32_t flags[] = {UISA_SEG_R, UISA_SEG_R | UISA_SEG_W, UISA_SEG_W};
    for (unsigned f = 0; f < 3; f++) {
        vmt *t = vmt_new();
        t->rodata_flags = flags[f];
        vmt_exit(t, 0);
        vmt_finish(t);
        uint32_t lo, hi;
        vm_heap_bounds(&t->p, NULL, &lo, &hi);
        assert_true(lo < hi);
        uint32_t all[sizeof addrs / sizeof addrs[0] + 3];
        memcpy(all, addrs, sizeof addrs);
        all[sizeof addrs / 4] = lo, all[sizeof addrs / 4 + 1] = lo + 0x100;
        all[sizeof addrs / 4 + 2] = hi - 4;
        for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++) {
            /* the break has not moved: the heap is mapped up to lo */
            zk_page pg = zk_memmap_page(&t->p, lo, all[i]);
            int ld = vm_allows(all[i], 0, flags[f]), st = vm_allows(all[i], 1, flags[f]);
            if (flags[f] == UISA_SEG_W && all[i] >> 12 == VMT_RODATA >> 12) {
                /* W without R: the VM stores but cannot load; the proof refuses the page */
                assert_true(st && !ld);
                assert_int_equal(pg, ZK_PAGE_NONE);
                continue;
            }
            if (ld != (pg != ZK_PAGE_NONE) || st != (pg == ZK_PAGE_RW))
                fail_msg("0x%08x (rodata flags %u): VM load %d store %d, map class %d",
                         all[i], flags[f], ld, st, pg);
        }
        /* a heap page is mapped below the break (rounded up to a page) */
        assert_int_equal(zk_memmap_page(&t->p, lo + 0x1000, lo + 0xffc), ZK_PAGE_RW);
        assert_int_equal(zk_memmap_page(&t->p, lo + 0x1000, lo + 0x1000), ZK_PAGE_NONE);
        assert_int_equal(zk_memmap_page(&t->p, hi, hi - 4), ZK_PAGE_RW);
        assert_int_equal(zk_memmap_page(&t->p, 1ull << 32, hi), zk_memmap_page(&t->p, lo, hi));
        vmt_free(t);
    }
}

/* zk_memmap_check on key (and the break key moved from brk to brk_end if
 * brk_end): 0 accepted, else -1 with want in the error. */
static void check_brk(const uisa_program *p, uint32_t brk, uint32_t brk_end, uint64_t key,
                      uint32_t init, uint32_t final, const char *want)
{
    uvm_err err = {{0}};
    uint64_t keys[2] = {key, ZK_KEY_BRK};
    uint32_t in[2] = {init, brk}, fin[2] = {final, brk_end};
    uint32_t bs, bl;
    vm_heap_bounds(p, NULL, &bs, &bl);
    zk_brk_ev ev = {1, brk, brk_end};
    zk_heap h;
    int rc = zk_memmap_heap(bs, bl, brk, &ev, brk_end ? 1 : 0, keys, brk_end ? 2 : 1, &h, &err);
    assert_int_equal(rc, 0);
    rc = zk_memmap_check(p, &h, keys, in, fin, brk_end ? 2 : 1, &err);
    zk_heap_free(&h);
    if (!want) {
        if (rc)
            fail_msg("key 0x%llx refused: %s", (unsigned long long)key, err.msg);
        return;
    }
    if (!rc)
        fail_msg("key 0x%llx accepted", (unsigned long long)key);
    if (!strstr(err.msg, want))
        fail_msg("error '%s' lacks '%s'", err.msg, want);
}

static void check_one(const uisa_program *p, uint64_t key, uint32_t init, uint32_t final,
                      const char *want)
{
    uint32_t lo, hi;
    vm_heap_bounds(p, NULL, &lo, &hi);
    check_brk(p, lo, 0, key, init, final, want);
}

static void test_check_keys(void **s)
{
    (void)s;
    vmt *t = vmt_new();
    vmt_exit(t, 0);
    vmt_finish(t);
    const uisa_program *p = &t->p;
    uint32_t lo, hi;
    vm_heap_bounds(p, NULL, &lo, &hi);
    check_one(p, ZK_KEY_RAM(lo), 0, 0, "is heap above the break");
    check_brk(p, lo + 1, 0, ZK_KEY_RAM(lo + 0xffc), 0, 5, NULL);
    check_brk(p, lo + 1, 0, ZK_KEY_RAM(lo + 0x1000), 0, 5, "above the break");
    check_brk(p, lo, lo + 0x1800, ZK_KEY_RAM(lo + 0x1ffc), 0, 5, NULL); /* grown */
    check_brk(p, lo + 0x1800, lo, ZK_KEY_RAM(lo + 0x1ffc), 0, 0, NULL); /* shrunk: ends 0 */
    check_brk(p, lo + 0x1800, lo, ZK_KEY_RAM(lo + 0x1ffc), 0, 5, "must be 0");
    check_brk(p, lo, lo + 0x1800, ZK_KEY_RAM(lo + 0x2000), 0, 5, "above the break");
    check_one(p, ZK_KEY_REG(5), 0, 7, NULL);
    check_one(p, ZK_KEY_RAM(VMT_DATA), 0, 7, NULL);
    check_one(p, ZK_KEY_RO(VMT_RODATA), 3, 3, NULL);
    check_one(p, ZK_KEY_RO(VMT_CODE), 0, 0, NULL);
    check_one(p, ZK_KEY_RAM(VM_STACK_TOP - 4), 0, 9, NULL);
    check_one(p, ZK_KEY_RAM(0x100), 0, 0, "address 0x00000100 is not mapped");
    check_one(p, ZK_KEY_RO(0x100), 0, 0, "address 0x00000100 is not mapped");
    check_one(p, ZK_KEY_RAM(VMT_RODATA), 3, 3, "read-only page but the key is untagged");
    check_one(p, ZK_KEY_RAM(VMT_CODE + 8), 0, 0, "read-only page but the key is untagged");
    check_one(p, ZK_KEY_RO(VMT_DATA + 4), 0, 0, "writable page but the key is tagged");
    check_one(p, ZK_KEY_RO(VMT_RODATA + 4), 3, 4, "changes from 0x00000003 to 0x00000004");
    vmt_free(t);
}

/* ---- honest reads of read-only memory ---- */

static void rodata_pattern(vmt *t)
{
    for (unsigned i = 0; i < sizeof t->rodata; i++)
        t->rodata[i] = (uint8_t)(i * 37 + 11);
}

/* s3 = 2*s3 ^ reg */
static void fold(vmt *t, int reg)
{
    vmt_op(t, UOP_ADD, X_S3, X_S3, X_S3, 0);
    vmt_op(t, UOP_XOR, X_S3, X_S3, reg, 0);
}

/* Proves t's run, checking exit code and output against the VM's. */
static void prove_like_vm(vmt *t)
{
    vmt_finish(t);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    zkt_proved r = zkt_prove_verify(t, NULL, t->res.exit_code);
    assert_int_equal(r.cl.output_len, t->out_len[0]);
    assert_memory_equal(r.cl.output, t->out[0], t->out_len[0]);
    zkt_proved_free(&r);
    vmt_free(t);
}

/* Loads of .rodata (LW, LBU, LH, word-crossing LW/LHU inside .rodata and
 * across the heap/.rodata boundary), a load of a code word, write(1) from
 * .rodata, MEMCPY from .rodata into .data, then exit with a checksum. */
static vmt *ro_reads(void)
{
    vmt *t = vmt_new();
    rodata_pattern(t);
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 8); /* over the MEMCPY "function" */
    uint32_t fcpy = vmt_op(t, UOP_MEMCPY, 0, 0, 0, 0);
    vmt_op(t, UOP_ADDI, X_S3, X_ZERO, 0, 0);
    vmt_li(t, X_S2, VMT_RODATA);
    static const struct { uisa_op op; int32_t off; } ld[] = {
        {UOP_LW, 0}, {UOP_LBU, 5}, {UOP_LH, 10}, {UOP_LB, 4095}, {UOP_LW, 2}, {UOP_LHU, 7}};
    for (unsigned i = 0; i < sizeof ld / sizeof ld[0]; i++) {
        vmt_op(t, ld[i].op, X_T0, X_S2, 0, ld[i].off);
        fold(t, X_T0);
    }
    vmt_li(t, X_T1, VMT_CODE + 4); /* the code word: 0 in the image */
    vmt_op(t, UOP_LW, X_T0, X_T1, 0, 0);
    fold(t, X_T0);
    vmt_li(t, X_A0, VMT_RODATA); /* brk to .rodata, then a load crossing into it */
    vmt_syscall(t, 214);
    vmt_li(t, X_T1, VMT_RODATA - 4);
    vmt_li(t, X_T0, 0x5a6b7c8du);
    vmt_op(t, UOP_SW, 0, X_T1, X_T0, 0);
    vmt_op(t, UOP_LW, X_T0, X_T1, 0, 2);
    fold(t, X_T0);
    vmt_li(t, X_A0, 1);
    vmt_op(t, UOP_ADDI, X_A1, X_S2, 0, 1);
    vmt_li(t, X_A2, 9);
    vmt_syscall(t, 64);
    fold(t, X_A0);
    static const uint32_t cp[][3] = {{1, 2, 9}, {16, 3, 13}, {40, 8, 8}}; /* dst, src, n */
    for (unsigned i = 0; i < 3; i++) {
        vmt_li(t, X_A0, VMT_DATA + cp[i][0]);
        vmt_op(t, UOP_ADDI, X_A1, X_S2, 0, (int32_t)cp[i][1]);
        vmt_li(t, X_A2, cp[i][2]);
        vmt_op(t, UOP_JAL, X_RA, 0, 0, (int32_t)(fcpy - vmt_pc(t)));
    }
    vmt_li(t, X_S2, VMT_DATA);
    for (unsigned j = 0; j < 14; j++) {
        vmt_op(t, UOP_LW, X_T0, X_S2, 0, (int32_t)(4 * j));
        fold(t, X_T0);
    }
    vmt_op(t, UOP_ADDI, X_A0, X_S3, 0, 0);
    vmt_syscall(t, 93);
    return t;
}

static void test_honest_loads_io_copy(void **s)
{
    (void)s;
    prove_like_vm(ro_reads());
}

/* SHA256_COMPRESS with its block in .rodata; MUL256 with y in .rodata. */
static vmt *ro_native(void)
{
    vmt *t = vmt_new();
    rodata_pattern(t);
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 12);
    uint32_t fsha = vmt_op(t, UOP_SHA256_COMPRESS, 0, 0, 0, 0);
    uint32_t fmul = vmt_op(t, UOP_MUL256, 0, 0, 0, 0);
    vmt_li(t, X_A0, VMT_DATA);
    vmt_li(t, X_A1, VMT_RODATA + 64);
    vmt_op(t, UOP_JAL, X_RA, 0, 0, (int32_t)(fsha - vmt_pc(t)));
    vmt_li(t, X_A0, VMT_DATA + 64);
    vmt_li(t, X_A1, VMT_DATA);
    vmt_li(t, X_A2, VMT_RODATA + 256);
    vmt_op(t, UOP_JAL, X_RA, 0, 0, (int32_t)(fmul - vmt_pc(t)));
    vmt_li(t, X_A0, 1);
    vmt_li(t, X_A1, VMT_DATA);
    vmt_li(t, X_A2, 128);
    vmt_syscall(t, 64);
    vmt_exit(t, 3);
    return t;
}

static void test_honest_native(void **s)
{
    (void)s;
    prove_like_vm(ro_native());
}

/* ---- forged proofs: the prover's copy of the program maps more ---- */

enum { MAP_PAGE0 = 1, MAP_RO_RW = 2, MAP_HEAP0 = 4 };

/* A read-only segment below .data (so that making it writable in the prover's
 * copy leaves the heap bounds, and with them the AIR, unchanged). */
#define RO_SEG 0x00018000u

/* vmt_finish, then (ro) insert the read-only RO_SEG segment (vmt_finish_extra). */
static void finish(vmt *t, int ro)
{
    if (ro)
        vmt_finish_extra(t, RO_SEG, UISA_SEG_R);
    else
        vmt_finish(t);
}

/* The forger's statement claims the real program's digest (zk_file.h), so the
 * verifier's program check passes and only its page check stands in the way. */
typedef struct claim_ctx {
    const zk_prove_opts *o; /* the caller's hooks, still applied */
    uint8_t digest[32];
} claim_ctx;

static void claim_mutate(void *ctx, gl_matrix *traces, uint32_t *exit_code, uint8_t *output,
                         size_t output_len, uint64_t *keys, uint32_t *init, uint64_t n_touched)
{
    const claim_ctx *c = ctx;
    if (c->o->mutate)
        c->o->mutate(c->o->mutate_ctx, traces, exit_code, output, output_len, keys, init,
                     n_touched);
}

static void claim_digest(void *ctx, struct zk_file *f)
{
    const claim_ctx *c = ctx;
    if (c->o->mutate_stmt)
        c->o->mutate_stmt(c->o->mutate_ctx, f);
    memcpy(f->prog_digest, c->digest, sizeof c->digest);
}

/* Proves t (finished) with a copy of its program that also maps page 0 or
 * the first heap page RW (zero-filled, so every initial value the verifier
 * derives is unchanged) or has the RO_SEG segment writable: that proof must
 * verify against the copy. Proved again claiming t's program (its digest),
 * it must be rejected against t's program with an error containing want. */
static void forged_o(vmt *t, unsigned how, const zk_prove_opts *o, const char *want)
{
    uisa_segment segs[6];
    uisa_program q = t->p;
    unsigned n = 0;
    if (how & MAP_PAGE0)
        segs[n++] = (uisa_segment){.vaddr = 0, .memsz = VM_PAGE_SIZE,
                                   .flags = UISA_SEG_R | UISA_SEG_W};
    uint32_t lo, hi;
    vm_heap_bounds(&t->p, NULL, &lo, &hi);
    for (uint32_t i = 0; i < t->p.n_segments; i++) {
        if ((how & MAP_HEAP0) && t->p.segments[i].vaddr > lo)
            segs[n++] = (uisa_segment){.vaddr = lo, .memsz = VM_PAGE_SIZE,
                                       .flags = UISA_SEG_R | UISA_SEG_W};
        segs[n] = t->p.segments[i];
        if ((how & MAP_RO_RW) && segs[n].vaddr == RO_SEG)
            segs[n].flags |= UISA_SEG_W;
        n++;
    }
    q.segments = segs;
    q.n_segments = n;
    uint8_t *proof = NULL;
    size_t len = 0;
    uvm_err err = {{0}};
    if (zk_prove(&q, o, &proof, &len, NULL, &err))
        fail_msg("the forging prover failed: %s", err.msg);
    if (zk_verify(&q, proof, len, ZKT_MIN_SECURITY, NULL, &err))
        fail_msg("the forged proof does not even verify against the prover's copy: %s", err.msg);
    free(proof);
    claim_ctx cc = {.o = o};
    zk_prow *prog = NULL;
    uint32_t n_prog = 0;
    if (zk_prog_build(&t->p, &prog, &n_prog, &err))
        fail_msg("program table: %s", err.msg);
    zk_program_digest(&t->p, prog, n_prog, cc.digest);
    free(prog);
    zk_prove_opts oc = *o;
    oc.mutate = claim_mutate, oc.mutate_stmt = claim_digest, oc.mutate_ctx = &cc;
    proof = NULL;
    if (zk_prove(&q, &oc, &proof, &len, NULL, &err))
        fail_msg("the forging prover failed claiming the real program: %s", err.msg);
    int rc = zk_verify(&t->p, proof, len, ZKT_MIN_SECURITY, NULL, &err);
    free(proof);
    if (!rc)
        fail_msg("forged proof accepted");
    if (!strstr(err.msg, want))
        fail_msg("error '%s' lacks '%s'", err.msg, want);
    vmt_free(t);
}

static void forged(vmt *t, unsigned how, const char *want)
{
    zk_prove_opts o = zkt_opts();
    forged_o(t, how, &o, want);
}

/* The VM faults on t's real program (finished; the run the forgery claims). */
static void vm_faults(vmt *t)
{
    vm_result res;
    uvm_err err = {{0}};
    assert_int_equal(vm_run(&t->p, NULL, &res, &err), 0);
    assert_int_equal(res.stop, VM_STOP_FAULT);
}

static void test_forged_store_unmapped(void **s)
{
    (void)s;
    vmt *t = vmt_new();
    vmt_li(t, X_T1, 0x100);
    vmt_li(t, X_T0, 42);
    vmt_op(t, UOP_SW, 0, X_T1, X_T0, 0);
    vmt_op(t, UOP_LW, X_A0, X_T1, 0, 0);
    vmt_syscall(t, 93);
    finish(t, 0);
    vm_faults(t);
    forged(t, MAP_PAGE0, "address 0x00000100 is not mapped");
}

static void test_forged_load_unmapped(void **s)
{
    (void)s;
    vmt *t = vmt_new();
    vmt_li(t, X_T1, 0x104);
    vmt_op(t, UOP_LBU, X_A0, X_T1, 0, 1);
    vmt_op(t, UOP_ADDI, X_A0, X_A0, 0, 7);
    vmt_syscall(t, 93);
    finish(t, 0);
    vm_faults(t);
    forged(t, MAP_PAGE0, "address 0x00000104 is not mapped");
}

/* SW into the heap, whose break never moved (the VM faults: the page is not
 * mapped yet); the forging prover's copy maps that page. Its heap then starts
 * a page higher, which also changes the brk constants the AIR (and so the
 * transcript) binds: the STARK alone would reject this proof too, so this
 * test pins the reason named first; tests/zkvm/test_zk_heap.c forges
 * with the AIR unchanged. */
static void test_forged_store_heap(void **s)
{
    (void)s;
    vmt *t = vmt_new();
    finish(t, 0);
    uint32_t lo, hi;
    vm_heap_bounds(&t->p, NULL, &lo, &hi);
    vmt_li(t, X_T1, lo + 0x40);
    vmt_li(t, X_T0, 42);
    vmt_op(t, UOP_SW, 0, X_T1, X_T0, 0);
    vmt_op(t, UOP_LW, X_A0, X_T1, 0, 0);
    vmt_syscall(t, 93);
    finish(t, 0);
    vm_faults(t);
    forged(t, MAP_HEAP0, "is heap above the break");
}

/* A run that grows the break, stores above the old one and shrinks it back
 * (legal on the VM): the stored word's lifetime ends at the shrink (a kill,
 * zk_memmap.h), so it proves, with final 0 (tests/zkvm/test_zk_heap.c has
 * the forgeries). */
static void test_shrunk_heap_proves(void **s)
{
    (void)s;
    vmt *t = vmt_new();
    finish(t, 0);
    uint32_t lo, hi;
    vm_heap_bounds(&t->p, NULL, &lo, &hi);
    vmt_li(t, X_A0, lo + 0x2000);
    vmt_syscall(t, 214);
    vmt_li(t, X_T1, lo + 0x1000);
    vmt_op(t, UOP_SW, 0, X_T1, X_T1, 0);
    vmt_li(t, X_A0, lo);
    vmt_syscall(t, 214);
    vmt_exit(t, 0);
    finish(t, 0);
    zk_prove_opts o = zkt_opts();
    zkt_proved r = zkt_prove_verify(t, &o, 0);
    zkt_proved_free(&r);
    vmt_free(t);
}

/* SW to a read-only segment: of a different value, and of the value
 * already there (then a load of it, so the exit shows the store). */
static void store_ro(int same)
{
    vmt *t = vmt_new();
    finish(t, 1); /* fills t->extra */
    uint32_t old = t->extra[8] | t->extra[9] << 8 | t->extra[10] << 16 | (uint32_t)t->extra[11] << 24;
    vmt_li(t, X_T1, RO_SEG);
    vmt_li(t, X_T0, same ? old : 0x01020304u);
    vmt_op(t, UOP_SW, 0, X_T1, X_T0, 8);
    vmt_op(t, UOP_LW, X_A0, X_T1, 0, 8);
    vmt_syscall(t, 93);
    finish(t, 1);
    vm_faults(t);
    forged(t, MAP_RO_RW, "address 0x00018008 is on a read-only page but the key is untagged");
}

static void test_forged_store_ro_other(void **s)
{
    (void)s;
    store_ro(0);
}

static void test_forged_store_ro_same(void **s)
{
    (void)s;
    store_ro(1);
}

/* The review's guest: write(1, 0x100, 4) fails on the VM (it prints
 * "denied", exit 1); the forgery claims it wrote 4 bytes, then "GRANTED", exit 4. */
static void test_forged_write_granted(void **s)
{
    (void)s;
    vmt *t = vmt_new();
    memcpy(t->data, "GRANTED", 7);
    memcpy(t->data + 8, "denied", 6);
    vmt_li(t, X_A0, 1);
    vmt_li(t, X_A1, 0x100);
    vmt_li(t, X_A2, 4);
    vmt_syscall(t, 64);
    vmt_li(t, X_T0, 4);
    uint32_t br = vmt_op(t, UOP_BNE, 0, X_A0, X_T0, 0);
    vmt_li(t, X_A0, 1);
    vmt_li(t, X_A1, VMT_DATA);
    vmt_li(t, X_A2, 7);
    vmt_syscall(t, 64);
    vmt_exit(t, 4);
    uint32_t denied = vmt_pc(t);
    t->slots[(br - VMT_CODE) / 4].imm = (int32_t)(denied - br);
    vmt_li(t, X_A0, 1);
    vmt_li(t, X_A1, VMT_DATA + 8);
    vmt_li(t, X_A2, 6);
    vmt_syscall(t, 64);
    vmt_exit(t, 1);
    vmt_finish(t);
    assert_int_equal(vmt_run(t, NULL), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    assert_int_equal(t->res.exit_code, 1);
    assert_int_equal(t->out_len[0], 6);
    assert_memory_equal(t->out[0], "denied", 6);
    forged(t, MAP_PAGE0, "address 0x00000100 is not mapped");
}

/* read(0, 0x100, 4): -EFAULT on the VM (exit 0xfffffff2), forged as
 * reading 4 input bytes (exit 4): the io rows write an unmapped word. */
static void test_forged_read_unmapped(void **s)
{
    (void)s;
    vmt *t = vmt_new();
    vmt_li(t, X_A0, 0);
    vmt_li(t, X_A1, 0x100);
    vmt_li(t, X_A2, 4);
    vmt_syscall(t, 63);
    vmt_syscall(t, 93);
    vmt_finish(t);
    static const uint8_t in[] = "wxyz";
    vm_config cfg = {.input = in, .input_len = 4};
    assert_int_equal(vmt_run(t, &cfg), 0);
    assert_int_equal(t->res.stop, VM_STOP_EXIT);
    assert_int_equal(t->res.exit_code, 0xfffffff2u);
    finish(t, 0);
    zk_prove_opts o = zkt_opts();
    o.input = in;
    o.input_len = 4;
    forged_o(t, MAP_PAGE0, &o, "address 0x00000100 is not mapped");
}

/* MEMCPY from 0x101 (unmapped) into .data: a fault on the VM. */
static void test_forged_copy_unmapped(void **s)
{
    (void)s;
    vmt *t = vmt_new();
    vmt_op(t, UOP_JAL, X_ZERO, 0, 0, 8);
    uint32_t fcpy = vmt_op(t, UOP_MEMCPY, 0, 0, 0, 0);
    vmt_li(t, X_A0, VMT_DATA + 2);
    vmt_li(t, X_A1, 0x101);
    vmt_li(t, X_A2, 11);
    vmt_op(t, UOP_JAL, X_RA, 0, 0, (int32_t)(fcpy - vmt_pc(t)));
    vmt_li(t, X_T1, VMT_DATA);
    vmt_op(t, UOP_LW, X_A0, X_T1, 0, 4);
    vmt_syscall(t, 93);
    finish(t, 0);
    vm_faults(t);
    forged(t, MAP_PAGE0, "address 0x00000100 is not mapped");
}

/* One tag cell (trace chip, row, column) set to val, or flipped (1 - cell) if flip. */
typedef struct tagmut { unsigned chip, row, col; int flip; gl_t val; } tagmut;

static void set_tag(void *ctx, gl_matrix *tr, uint32_t *ec, uint8_t *out, size_t ol,
                    uint64_t *keys, uint32_t *init, uint64_t n)
{
    (void)ec, (void)out, (void)ol, (void)keys, (void)init, (void)n;
    const tagmut *m = ctx;
    gl_matrix *t = &tr[m->chip];
    gl_t *cell = &t->data[m->row * t->cols + m->col];
    *cell = m->flip ? 1 - *cell : m->val;
}

/* Every reader's tag column on its first row (a read of .rodata, or for the
 * lsx row the word on the heap side, the memcpy call row's PTG when the call
 * reads the word of s), set to the other boolean, to 2 and to -1: rejected
 * (the key changes, or the tag is not boolean). */
static void test_tag_mutants(void **s)
{
    (void)s;
    static const struct { int native; unsigned chip, row, col; } at[] = {
        {0, ZC_LOAD, 0, LD_TG + 100},
        {0, ZC_LSX, 0, LX_G0 + 100}, {0, ZC_LSX, 0, LX_G1 + 100},
        {0, ZC_IO, 0, IO_TG},
        {0, ZC_MEMCPY_IO, 0, MC_PTG + 100},
        {0, ZC_MEMCPY, 0, CW_QTG},
        {1, ZC_SHA_IO, 0, SIO_TG + 100},
        {1, ZC_MUL256_IO, 0, M2_TX + 100}, {1, ZC_MUL256_IO, 0, M2_TY + 100},
    };
    for (unsigned i = 0; i < sizeof at / sizeof at[0]; i++) {
        unsigned col = at[i].col >= 100 ? zk_spec((zk_chip)at[i].chip, at[i].col - 100) : at[i].col;
        for (unsigned v = 0; v < 3; v++) {
            vmt *t = at[i].native ? ro_native() : ro_reads();
            vmt_finish(t);
            tagmut m = {at[i].chip, at[i].row, col, v == 0, v == 1 ? 2 : GL_P - 1};
            zk_prove_opts o = zkt_opts();
            o.mutate = set_tag;
            o.mutate_ctx = &m;
            o.check_rows = 0; /* it would refuse the bad trace before any proof exists */
            uint8_t *proof = NULL;
            size_t len = 0;
            uvm_err err = {{0}};
            if (zk_prove(&t->p, &o, &proof, &len, NULL, &err)) /* a proof must be made */
                fail_msg("chip %u col %u mutant %u: prove: %s", at[i].chip, col, v, err.msg);
            if (!zk_verify(&t->p, proof, len, ZKT_MIN_SECURITY, NULL, &err))
                fail_msg("chip %u row %u col %u mutant %u accepted", at[i].chip, at[i].row, col, v);
            free(proof);
            vmt_free(t);
        }
    }
}

int main(void)
{
    const struct CMUnitTest unit[] = {
        cmocka_unit_test(test_map_matches_vm),
        cmocka_unit_test(test_check_keys),
        cmocka_unit_test(test_honest_loads_io_copy),
        cmocka_unit_test(test_honest_native),
        cmocka_unit_test(test_shrunk_heap_proves),
    };
    const struct CMUnitTest sound[] = {
        cmocka_unit_test(test_forged_store_unmapped),
        cmocka_unit_test(test_forged_load_unmapped),
        cmocka_unit_test(test_forged_store_heap),
        cmocka_unit_test(test_forged_store_ro_other),
        cmocka_unit_test(test_forged_store_ro_same),
        cmocka_unit_test(test_forged_write_granted),
        cmocka_unit_test(test_forged_read_unmapped),
        cmocka_unit_test(test_forged_copy_unmapped),
        cmocka_unit_test(test_tag_mutants),
    };
    return cmocka_run_group_tests_name("unit", unit, NULL, NULL) |
           cmocka_run_group_tests_name("soundness", sound, NULL, NULL);
}
