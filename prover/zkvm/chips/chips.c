/* chips.c — THE list of execution chips: zk_chips[], one descriptor per
 * chip in system order (the zk_chip enum's), which the AIR builder, the
 * witness generator, the main-column count and the reports loop over. The
 * chips of this folder define their descriptors in their own files; the
 * descriptors of the chips not moved here yet follow, adapting the older
 * signatures of some of their builders and fillers to the descriptor's.
 * Invariant: zk_chips[i] describes chip i (checked by tests/zkvm/test_zk_ops.c
 * through the names and op counts), and a chip absent from a program is a
 * one-column stub that every side agrees on (zk_chip_present). */
#include "zk_copy.h"
#include "zk_build.h"
#include "zk_fused.h"
#include "zk_mul256.h"
#include "zk_lsx.h"
#include "zk_native.h"
#include "zk_sha.h"

int zk_prog_uses(const zk_prow *prog, uint32_t n_prog, zk_op op)
{
    for (uint32_t i = 0; i < n_prog; i++)
        if (prog[i].op == (uint32_t)op)
            return 1;
    return 0;
}

/* --- descriptors of the chips still outside this folder --- */

static void build_sys(air_chip *c, zk_chip id, const zk_pub_ctx *pub) { (void)id; zk_chip_sys(c, pub); }
static void build_fused(air_chip *c, zk_chip id, const zk_pub_ctx *pub) { (void)pub; zk_chip_fused(c, id); }

#define FILL_ARGS zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2, \
                  uint32_t *next, uint32_t *vd, uvm_err *err
#define UNUSED_ARGS (void)w, (void)ch, (void)pr, (void)v1, (void)v2, (void)next, (void)vd, (void)err
static int fill_sys(FILL_ARGS) { UNUSED_ARGS; return zk_fill_ecall(w, pr, v1, v2, vd, err); }
static int fill_keccak(FILL_ARGS) { UNUSED_ARGS; return zk_fill_keccak(w, pr, v1, v2, next, err); }
static int fill_memset(FILL_ARGS) { UNUSED_ARGS; return zk_fill_memset(w, pr, v1, v2, next, err); }
static int fill_sha(FILL_ARGS) { UNUSED_ARGS; return zk_fill_sha(w, pr, v1, v2, next, err); }
static int fill_memcpy(FILL_ARGS) { UNUSED_ARGS; return zk_fill_memcpy(w, pr, v1, v2, next, err); }
static int fill_mul256(FILL_ARGS) { UNUSED_ARGS; return zk_fill_mul256(w, pr, v1, v2, next, err); }
#undef UNUSED_ARGS
#undef FILL_ARGS

static int uses_keccak(const zk_prow *p, uint32_t n) { return zk_prog_uses(p, n, ZK_KECCAK); }
static int uses_memset(const zk_prow *p, uint32_t n) { return zk_prog_uses(p, n, ZK_MEMSET); }
static int uses_sha(const zk_prow *p, uint32_t n) { return zk_prog_uses(p, n, ZK_SHA); }
static int uses_mul256(const zk_prow *p, uint32_t n) { return zk_prog_uses(p, n, ZK_MUL256); }

/* A padding row of fbr compares 0 with 0 (as branch does). */
static void pad_fbr(zk_chip ch, gl_t *row) { row[zk_spec(ch, FB_ISZ)] = 1; }

#define N_OPS(c) .n_ops = ZK_CHIP_N_OPS(c)
static const zk_chip_desc sys = {"sys", N_OPS(ZC_SYS), .n_spec = SYS_N, .r16 = zk_sys_r16,
                                 .build = build_sys, .fill = fill_sys};
static const zk_chip_desc keccak_io = {"keccak_io", N_OPS(ZC_KECCAK_IO), .n_spec = KIO_N,
                                       .r16 = zk_keccak_io_r16, .build = zk_chip_keccak_io,
                                       .fill = fill_keccak, .present = uses_keccak};
static const zk_chip_desc fbr = {"fbr", N_OPS(ZC_FBR), .n_spec = FB_N, .r16 = zk_fused_r16,
                                 .build = build_fused, .pad = pad_fbr};
static const zk_chip_desc fst = {"fst", N_OPS(ZC_FST), .n_spec = FS_N, .r16 = zk_fused_r16,
                                 .build = build_fused};
static const zk_chip_desc faa = {"faa", N_OPS(ZC_FAA), .n_spec = FA_N, .r16 = zk_fused_r16,
                                 .build = build_fused};
static const zk_chip_desc memset_io = {"memset_io", N_OPS(ZC_MEMSET_IO), .n_spec = MS_N,
                                       .r16 = zk_memset_io_r16, .build = zk_chip_memset_io,
                                       .fill = fill_memset, .present = uses_memset};
static const zk_chip_desc sha_io = {"sha_io", N_OPS(ZC_SHA_IO), .n_spec = SIO_N,
                                    .r16 = zk_sha_io_r16, .build = zk_chip_sha_io, .fill = fill_sha,
                                    .present = uses_sha};
static const zk_chip_desc memcpy_io = {"memcpy_io", N_OPS(ZC_MEMCPY_IO), .n_spec = MC_N,
                                       .r16 = zk_memcpy_io_r16, .build = zk_chip_memcpy_io,
                                       .fill = fill_memcpy, .present = zk_memcpy_present};
static const zk_chip_desc mul256 = {"mul256", N_OPS(ZC_MUL256_IO), .n_spec = M2_N,
                                    .r16 = zk_mul256_r16, .build = zk_chip_mul256,
                                    .fill = fill_mul256, .present = uses_mul256};
#undef N_OPS

/* The descriptors defined in this folder's chip files. */
extern const zk_chip_desc zk_chip_add, zk_chip_addi, zk_chip_branch, zk_chip_lt, zk_chip_logic,
    zk_chip_shift, zk_chip_jump, zk_chip_load, zk_chip_store, zk_chip_mul, zk_chip_mulh,
    zk_chip_div, zk_chip_lsx, zk_chip_amo;

const zk_chip_desc *const zk_chips[ZC_N_EXEC] = {
    [ZC_ADD] = &zk_chip_add,
    [ZC_ADDI] = &zk_chip_addi,
    [ZC_BRANCH] = &zk_chip_branch,
    [ZC_LT] = &zk_chip_lt,
    [ZC_LOGIC] = &zk_chip_logic,
    [ZC_SHIFT] = &zk_chip_shift,
    [ZC_JUMP] = &zk_chip_jump,
    [ZC_LOAD] = &zk_chip_load,
    [ZC_STORE] = &zk_chip_store,
    [ZC_SYS] = &sys,
    [ZC_KECCAK_IO] = &keccak_io,
    [ZC_MUL] = &zk_chip_mul,
    [ZC_MULH] = &zk_chip_mulh,
    [ZC_DIV] = &zk_chip_div,
    [ZC_FBR] = &fbr,
    [ZC_FST] = &fst,
    [ZC_FAA] = &faa,
    [ZC_MEMSET_IO] = &memset_io,
    [ZC_SHA_IO] = &sha_io,
    [ZC_MEMCPY_IO] = &memcpy_io,
    [ZC_LSX] = &zk_chip_lsx,
    [ZC_AMO] = &zk_chip_amo,
    [ZC_MUL256_IO] = &mul256,
};

int zk_chip_present(zk_chip c, const zk_prow *prog, uint32_t n_prog)
{
    return c >= ZC_N_EXEC || !zk_chips[c]->present || zk_chips[c]->present(prog, n_prog);
}

/* The native word tables: each is present with its uop's chip. */
static const struct { zk_chip table, io; unsigned cols; } tables[] = {
    {ZC_KECCAK, ZC_KECCAK_IO, KP_N},
    {ZC_MEMSET, ZC_MEMSET_IO, MW_N},
    {ZC_SHA, ZC_SHA_IO, SP_N},
    {ZC_MEMCPY, ZC_MEMCPY_IO, CW_N},
};

unsigned zk_chip_main_cols(zk_chip c, const zk_prow *prog, uint32_t n_prog)
{
    for (unsigned i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (tables[i].table == c)
            return zk_chip_present(tables[i].io, prog, n_prog) ? tables[i].cols : 1;
    if (c >= ZC_N_EXEC)
        return 0; /* program, range, bytes, pow2, memfinal, io: their builders' */
    return zk_chip_present(c, prog, n_prog) ? zk_ncols(c) : 1;
}

void zk_chip_stub(air_chip *c) { air_constrain(c, AIR_ALL_ROWS, "unused", M(0)); }
