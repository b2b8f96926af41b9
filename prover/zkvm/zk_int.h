/* zk_int.h — shared layout of the zkVM AIR: buses, the canonical ops the
 * program table uses, the columns every execution chip shares, and the chip
 * list. The AIR builder (zk_air.c) and the witness generator (zk_wit.c) both
 * read these, so the trace and the constraints cannot disagree on a column. */
#ifndef UVM_ZK_INT_H
#define UVM_ZK_INT_H

#include <stdint.h>

#include "air.h"
#include "guest_abi.h"
#include "uisa.h"
#include "zk_memmap.h"
#include "zk_ops.h"

/* LogUp buses. EXEC (pc, ts): the state chain. PROG (pc, op, rd, rs1, rs2,
 * imm, npc): program lookups. MEM (key, value, ts): offline memory checking.
 * R16 (v): v in [0, 2^16). TOUCH (key, final value): the statement's touched
 * set with the values it leaves for the next segment. */
enum { BUS_EXEC = 1, BUS_PROG = 2, BUS_MEM = 3, BUS_R16 = 4, BUS_TOUCH = 5, BUS_LOGIC = 6,
       BUS_POW = 7, BUS_KECCAK = 8, BUS_MEMSET = 9,
       BUS_IO = 10, BUS_OUT = 11, BUS_IN = 12, BUS_SHA = 13, BUS_MEMCPY = 14, BUS_BRK = 15,
       BUS_KILL = 16 };
/* KILL (key, 4*ts + 4): a heap word's lifetime ends at the shrink of step ts
 * (zk_memmap.h): sent by a memfinal kill row that consumed the word's last
 * MEM tuple of that lifetime (timestamp below 4*ts + 4), received by the
 * verifier for each kill zk_memmap_heap lists. */
/* BRK (ts, old, new): one brk call (sys row at ts; the break before and
 * after). Sent by every brk row, received by the verifier for each event its
 * statement lists (zk_memmap.h zk_brk_ev), so it knows the break at every step. */
/* SHA (ts, k, w0..w7): k = 0 state in, 1-2 message words, 3 unreduced final a..h (chip_sha256.h). */
/* MEMCPY (ts, A, SA, r, st, w, P0..P3): the next word row of a MEMCPY/MEMMOVE call (chip_memcpy.h). */
/* MEMSET (ts, A, c, r, s): the next word row of a MEMSET call (chip_memset.h). */
/* KECCAK (ts, k, w0..w9): chunk k < 5 of a permutation's input words, k - 5 of its output. */
/* IO (is_read, ecall ts, buf, cursor, i): the byte chain of one write/read
 * ecall (chip_sys.c). OUT (index, byte): public output; IN (index, byte): input. */
/* POW (s, 2^s, 2^31 >> s) for s in [0, 32). */
/* LOGIC (x, y, z): z = x AND y for bytes x, y (XOR = x + y - 2z, OR = x + y - z
 * are linear in it); (b, b, b) proves b a byte. zk_and/zk_byte (zk_build.h). */

/* Memory keys: register r (0..32; 32 is the x0 write sink) is 2^34 + r; the
 * RAM word at 4-aligned byte address a is 2^32 + a on a writable page and
 * 2^35 + 2^32 + a (tagged) on a read-only page (zk_memmap.h decides which).
 * A chip's RAM key is 2^32 + X + 2^35*T (zk_ro_key, zk_build.h) with X its
 * address expression (v1 + imm - 2^32*c - lane, buf + i - lane, a pointer
 * chained from a register, ...: an integer with |X| < 3*2^32 on any row, as
 * its terms are 32-bit registers, immediates and small counts) and T
 * boolean. Such a key is a RAM key only if X is the address itself (X in
 * [0, 2^32)); it cannot reach a register (2^34 + r needs X = 3*2^32 + r with
 * T = 0, or X = r - 5*2^32 with T = 1); T selects the tag. T = 0 for every
 * writer, so no writer can reach a read-only word. T must be constrained
 * boolean: 2^35 is invertible, so a free T would reach any key. (With a tag
 * of 2^33, a load whose address wraps to a small a, claiming no carry, has
 * X = 2^32 + a and T = 1 would reach register 2^34 + a.) */
#define ZK_KEY_REG(r) ((1ull << 34) + (uint64_t)(r))
#define ZK_KEY_RAM(a) ((1ull << 32) + (uint64_t)(a))
#define ZK_RO_TAG (1ull << 35)
#define ZK_KEY_RO(a) (ZK_KEY_RAM(a) + ZK_RO_TAG)
/* Fault-witness keys: 2^36 + 2^34*w + a for the 4096-aligned page address a
 * (a < 2^32): w = 0 claims the page is not readable (a failing write), w = 1
 * that it is not writable (a failing read). Only the sys chip's fault access
 * reaches them (chip_sys.c): its key is 2^36 + 2^34*rd + 4096*PG with PG <
 * 2^21, so it stays in [2^36, 2^36 + 2^34 + 2^33); every other RAM key is
 * 2^32 + X + 2^35*T < 2^32 + 3*2^32 + 2^35 = 2^35 + 2^34 < 2^36 (and above
 * -2^33, far below p - 2^36), registers and state keys are 2^34 + r. The
 * access reads value 0 and leaves it, so the verifier gives such a key the
 * initial value 0 and zk_memmap_check accepts it only on a page with the
 * claimed property: the memory argument carries the page fact to it. */
#define ZK_FAULT_BASE (1ull << 36)
#define ZK_FAULT_W (1ull << 34)
#define ZK_KEY_FAULT(w, a) (ZK_FAULT_BASE + ZK_FAULT_W * (uint64_t)(w) + (uint64_t)(a))
/* k is a fault key of an aligned page below 2^32 (*w, *a: its kind and page). */
static inline int zk_key_fault(uint64_t k, unsigned *w, uint32_t *a)
{
    unsigned kind = k >= ZK_KEY_FAULT(1, 0);
    if (k < ZK_FAULT_BASE || k - ZK_KEY_FAULT(kind, 0) >= (1ull << 32) || (k & 4095))
        return 0;
    if (w)
        *w = kind;
    if (a)
        *a = (uint32_t)(k - ZK_KEY_FAULT(kind, 0));
    return 1;
}
/* k is a RAM key, tagged or not (alignment not checked); its address is (uint32_t)k. */
static inline int zk_key_is_ram(uint64_t k)
{
    return (k >= ZK_KEY_RAM(0) && k < ZK_KEY_RAM(0) + (1ull << 32)) ||
           (k >= ZK_KEY_RO(0) && k < ZK_KEY_RO(0) + (1ull << 32));
}
#define ZK_SINK 32
/* State keys after the registers: the output and input cursors (bytes
 * written to fd 1 / consumed from fd 0 so far) and the program break. */
#define ZK_KEY_OUTPOS ZK_KEY_REG(33)
#define ZK_KEY_INPOS ZK_KEY_REG(34)
#define ZK_KEY_BRK ZK_KEY_REG(35)
/* The LR/SC reservation (chip_amo.c): 0 = none, a + 1 = reserved word a. */
#define ZK_KEY_RESV ZK_KEY_REG(36)
#define ZK_KEY_LAST ZK_KEY_RESV

/* Canonical ops of the program table (0: the slot cannot be executed in a
 * proof), expanded from zk_ops.h. The verifier derives (op, rd, rs1, rs2, imm)
 * from each uop with zk_decode (its ops.def row names the op), folding
 * immediates, pc-relative targets and x0 so that each chip proves few shapes
 * (e.g. ADDI, LUI, AUIPC, FENCE are all ZK_ADDI). */
typedef enum zk_op {
    ZK_NONE = 0,
#define ZK_OP_ENUM_(a, name, chip, from) ZK_##name,
    ZK_OP_LIST(ZK_OP_ENUM_, 0)
#undef ZK_OP_ENUM_
    ZK_OP_COUNT
} zk_op;

/* THE list of chips, in system order (the order is in every proof): the
 * execution chips (one row per executed uop; their ops in zk_ops.h), then
 * the tables (program, range16 with its bytes stub, pow2, memfinal, the
 * native word tables of chips/chip_keccak.c, chip_memset.c, chip_sha256.c,
 * chip_memcpy.c and the io bytes of chips/chip_sys.c). X(ID, desc): chip
 * ZC_<ID> is described by zk_chip_<desc>, defined in its file under chips/;
 * the zk_chip enum and zk_chips[] (chips/chips.c) expand from these rows. */
#define ZK_EXEC_CHIPS(X)                                                                 \
    X(ADD, add) X(ADDI, addi) X(BRANCH, branch) X(LT, lt) X(LOGIC, logic) X(SHIFT, shift) \
    X(JUMP, jump) X(LOAD, load) X(STORE, store) X(SYS, sys) X(KECCAK_IO, keccak_io)     \
    X(MUL, mul) X(MULH, mulh) X(DIV, div) X(FBR, fbr) X(FST, fst) X(FAA, faa)           \
    X(MEMSET_IO, memset_io) X(SHA_IO, sha_io) X(MEMCPY_IO, memcpy_io) X(LSX, lsx)       \
    X(AMO, amo) X(MUL256_IO, mul256)
#define ZK_TABLE_CHIPS(X)                                                                \
    X(PROG, prog) X(RANGE, range) X(BYTES, bytes) X(POW, pow) X(FINAL, memfinal)        \
    X(KECCAK, keccak) X(MEMSET, memset) X(IO, io) X(SHA, sha) X(MEMCPY, memcpy)

typedef enum zk_chip {
#define ZK_CHIP_ENUM_(id, desc) ZC_##id,
    ZK_EXEC_CHIPS(ZK_CHIP_ENUM_)
    ZC_N_EXEC,
    ZC_TABLE_BEFORE_ = ZC_N_EXEC - 1, /* so that the first table is ZC_N_EXEC */
    ZK_TABLE_CHIPS(ZK_CHIP_ENUM_)
    ZC_COUNT
#undef ZK_CHIP_ENUM_
} zk_chip;

/* One program-table row (a decoded slot). e: the PROG tuple's extra fields
 * (0 for base ops; the fused chips' second-step operands). */
#define ZK_PROG_EXTRA 3
typedef struct zk_prow {
    uint32_t pc, op, rd, rs1, rs2, imm, npc, e[ZK_PROG_EXTRA];
    uint32_t row2; /* not in the table: a split fused slot's second row (chip_fused.h), else 0 */
    uint32_t alt;  /* not in the table: a fused chip's slot also split (its first row, whose
                    * row2 follows), used when the access crosses a word (chip_fused.h), else 0 */
} zk_prow;

/* Columns shared by every execution chip (one row = one executed uop).
 * Register accesses: rs1 at sub-step 1, rs2 at 2, the RAM word at 3, rd at 4
 * (memory timestamp 4*ts + k); each proves prev_ts < ts by two R16 limbs of
 * 4*ts + k - prev_ts - 1. Three groups, in this order: rs1 and the row's own
 * fields (always), the rd group, the rs2 group (last). A chip whose ops never
 * write a register (zk_chip_desc.no_rd: branch, store) has no rd group: its
 * PROG rd is the sink and its rs2 group starts at C_RD (zk_col). A chip whose
 * ops never read rs2 (no_rs2: jump, load, addi) has no rs2 group and its PROG
 * rs2 is 0. The chip-specific columns (selectors first) start at zk_base. */
enum {
    C_PC, C_TS, C_RS1, C_IMM, C_NPC,
    C_V1, C_T1, C_L1A, C_L1B,
    C_RD, C_VDO, C_TDO, C_L3A, C_L3B, C_VD,
    C_RS2, C_V2, C_T2, C_L2A, C_L2B,
    C_SPEC /* first chip-specific column of a chip with both groups */
};
#define ZK_RD_W (C_RS2 - C_RD)    /* columns of the rd group */
#define ZK_RS2_W (C_SPEC - C_RS2) /* columns of the rs2 group */

/* Chip-specific columns (offsets from the chip's first column after its
 * selectors, zk_spec). The ALU chips' layouts are their pieces' (chips/zk_alu.h). */
enum { LS_C, LS_TM, LS_LA, LS_LB, LS_OLD, LS_N }; /* LS_OLD: store only (load value is C_VD) */
/* load (chip_load.c): W the accessed word, E0..E3 the one-hot lane of the top
 * byte of a byte/halfword load (all 0 for LW), B0..B3 the bytes of W, L7/SG
 * the low 7 bits and sign of that top byte (LB, LH), TG W's read-only tag. */
enum { LD_W = LS_OLD, LD_E0, LD_B0 = LD_E0 + 4, LD_L7 = LD_B0 + 4, LD_SG, LD_TG, LD_N };
/* store (chip_store.c): NEW the word written, E0..E3 the one-hot lane of the
 * top byte written by SB/SH, B0..B3 the old word's bytes, v2 = VB + 256*V1 +
 * 2^16*R with VB, V1 bytes and R 16-bit (SB, SH). */
enum { ST_NEW = LS_N, ST_E0, ST_B0 = ST_E0 + 4, ST_VB = ST_B0 + 4, ST_V1, ST_R, ST_N };
/* Syscall numbers and -EBADF, -EFAULT as returned in a0: the guest ABI's (guest_abi.h). */
enum { ZK_SYS_READ = ABI_SYS_READ, ZK_SYS_WRITE = ABI_SYS_WRITE, ZK_SYS_EXIT = ABI_SYS_EXIT,
       ZK_SYS_EXIT_GROUP = ABI_SYS_EXIT_GROUP, ZK_SYS_BRK = ABI_SYS_BRK };
#define ZK_EBADF_RET (0u - ABI_EBADF)
#define ZK_EFAULT_RET (0u - ABI_EFAULT)
/* ABI facts the AIR is written for rather than computed from: a change to one of them
 * needs new constraints, so it fails the build here. */
_Static_assert(ABI_FD_INPUT == 0 && ABI_FD_OUTPUT == 1 && ABI_FD_LOG == 2,
               "the sys chip's fd classes (chip_sys.c sys_fd)");
_Static_assert(ABI_PAGE_SIZE == 4096, "the io chip's page split PL, PH (chip_sys.c), ZK_KEY_FAULT");
/* mul, mulh (chip_mul.c): v1*v2 = LO + 2^32*HI (limbs), HI != 2^32-1 by INV;
 * mul: vd = LO or HI. mulh adds the sign flips of v1 (MULH, MULHSU) and v2
 * (MULH), vd = VL + 2^16*VH and K, the wrap of the signed correction. */
enum { MU_LO0, MU_LO1, MU_HI0, MU_HI1, MU_INV, MU_N,
       MU_MA = MU_N, MU_ALO, MU_AHI, MU_MB, MU_BLO, MU_BHI, MU_K, MU_VL, MU_VH, MH_N };
/* div (chip_div.c): |b|*Q + R = |a|, D = |b| - R - 1 (b != 0), BZ = [b == 0]
 * by INV, NG: vd = -X (X = Q or R) with T = [X != 0]; vd = VL + 2^16*VH. */
enum { DV_MA, DV_ALO, DV_AHI, DV_MB, DV_BLO, DV_BHI, DV_Q0, DV_Q1, DV_R0, DV_R1, DV_D0, DV_D1,
       DV_BZ, DV_INV, DV_NG, DV_T, DV_VL, DV_VH, DV_N };
/* memfinal (chips/chip_memfinal.c): key, value, ts, f = [final row]; with kills in the
 * segment also K = [kill row], E = the kill's 4*ts + 4, LA/LB the limbs of E - ts - 1. */
enum { MF_KEY, MF_VAL, MF_TS, MF_F, MF_NARROW, MF_K = MF_NARROW, MF_E, MF_LA, MF_LB, MF_WIDE };

/* A chip's R16 descriptor (defined next to its builder): writes to cols the
 * columns of chip ch its builder range-checks with zk_r16 besides the
 * access limbs of zk_common (C_L1A/B, C_L3A/B, and C_L2A/B with rs2), returns how many (<= ZK_MAX_R16), and sets *dbl
 * to a column whose double it looks up (a high limb < 2^15) if it has one
 * (the caller sets ~0u). The witness counts the range table from it. */
typedef unsigned zk_r16_fn(zk_chip ch, unsigned *cols, unsigned *dbl);
#define ZK_MAX_R16 256

/* What a chip's descriptor points to (the types are those of zk_wit_int.h and
 * of the public context below). A builder constrains the chip's columns
 * (calling zk_common once); a filler fills the chip-specific cells of the
 * row w->row after its rs1/rs2 reads v1, v2 and returns the next pc in *next
 * and the rd value in *vd; present tells whether a program needs the chip (an
 * absent chip is a one-column stub: zk_chip_stub). */
typedef struct zk_wctx zk_wctx;
typedef struct zk_pub_ctx zk_pub_ctx;
typedef struct zk_witness zk_witness;
typedef void zk_build_fn(air_chip *c, zk_chip id, const zk_pub_ctx *pub);
typedef int zk_fill_fn(zk_wctx *w, zk_chip ch, const zk_prow *pr, uint32_t v1, uint32_t v2,
                       uint32_t *next, uint32_t *vd, uvm_err *err);
typedef int zk_present_fn(const zk_prow *prog, uint32_t n_prog);
typedef void zk_pad_fn(zk_chip ch, gl_t *row);
/* A table's hooks: its main columns when the statement decides them; its
 * trace allocated before the execution rows are filled (w->rows[c] counts the
 * execution chips' rows by then); its trace completed after them. */
typedef unsigned zk_cols_fn(const zk_pub_ctx *pub);
typedef int zk_alloc_fn(zk_witness *w, zk_chip c, const zk_prow *prog, uint32_t n_prog,
                        uvm_err *err);
typedef int zk_finish_fn(zk_wctx *x, zk_witness *w, zk_chip c, const zk_prow *prog,
                         uint32_t n_prog, uvm_err *err);

/* One chip: everything the AIR builder, the witness generator and the
 * reports need to know of it. Each chip's file defines its descriptor;
 * zk_chips[] (chips/chips.c, from ZK_EXEC_CHIPS and ZK_TABLE_CHIPS) holds
 * them in system order: the execution chips (one row per executed uop: the
 * fields up to pad), then the tables (n_main and the fields after it). */
typedef struct zk_chip_desc {
    const char *name;
    uint8_t n_ops;           /* selectors: its ops in zk_ops.h order (ZK_CHIP_N_OPS) */
    uint8_t n_spec;          /* chip-specific columns after the selectors */
    zk_r16_fn *r16;          /* NULL: no R16 column beyond the shared ones */
    uint8_t no_rs2;          /* 1: no rs2 access columns (C_RS2 .. C_L2B) */
    const uint8_t *prog_op;  /* NULL, or the op each selector shows in the PROG tuple */
    uint8_t no_rd;           /* 1: no rd access columns (C_RD .. C_VD); rd is the sink */
    zk_build_fn *build;      /* its constraints */
    zk_fill_fn *fill;        /* its row's cells; NULL: a fused chip (zk_fused_fill) */
    zk_present_fn *present;  /* NULL: always built; else a stub when the program lacks it */
    zk_pad_fn *pad;          /* NULL: padding rows are all 0; else sets the cells that differ */
    uint16_t n_main;         /* a table's main columns (an execution chip's: zk_ncols) */
    uint8_t n_fixed;         /* a table's fixed columns */
    zk_cols_fn *main_cols;   /* NULL: n_main; else the statement decides (memfinal) */
    zk_alloc_fn *alloc;      /* NULL: a table allocated by its finish */
    zk_finish_fn *finish;    /* NULL: a table complete once the rows are filled */
    uint8_t exec_cells;      /* a table whose rows count as execution (io: per byte moved) */
} zk_chip_desc;
extern const zk_chip_desc *const zk_chips[ZC_COUNT];
/* Chip c is needed by the program (its descriptor's present; always for
 * the chips without one). */
int zk_chip_present(zk_chip c, const zk_prow *prog, uint32_t n_prog);
/* 1 if some row of the program table has canonical op `op`. */
int zk_prog_uses(const zk_prow *prog, uint32_t n_prog, zk_op op);

/* Main columns of chip c in the system of this program table: 1 when absent
 * (a stub), else zk_ncols for an execution chip, n_main for a table (the
 * caller asks main_cols when the descriptor has one). */
unsigned zk_chip_main_cols(zk_chip c, const zk_prow *prog, uint32_t n_prog);

/* The one constraint of an absent chip's one-column stub (its column is 0). */
void zk_chip_stub(air_chip *c);

/* First column after the shared ones (the first selector) of chip c. */
static inline unsigned zk_base(zk_chip c)
{
    return C_SPEC - (zk_chips[c]->no_rs2 ? ZK_RS2_W : 0) - (zk_chips[c]->no_rd ? ZK_RD_W : 0);
}
/* Where shared column col (C_PC .. C_L2B) is in chip c: the rs2 group moves
 * down to C_RD when the chip has no rd group. */
static inline unsigned zk_col(zk_chip c, unsigned col)
{
    return zk_chips[c]->no_rd && col >= C_RS2 ? col - ZK_RD_W : col;
}
static inline unsigned zk_ncols(zk_chip c)
{
    return zk_base(c) + zk_chips[c]->n_ops + zk_chips[c]->n_spec;
}
static inline unsigned zk_spec(zk_chip c, unsigned k) { return zk_base(c) + zk_chips[c]->n_ops + k; }

/* Chip of a canonical op (ZC_COUNT for ZK_NONE or out of range). */
zk_chip zk_op_chip(zk_op op);
/* The selector of op in its chip (0 .. n_ops - 1: its place among the chip's
 * ops in zk_ops.h), and the op of selector i of chip c (ZK_NONE if none). */
unsigned zk_op_sel(zk_op op);
zk_op zk_chip_op(zk_chip c, unsigned i);
/* The op's name as in zk_ops.h ("ADDI"), "NONE" for ZK_NONE, NULL if out of range. */
const char *zk_op_name(zk_op op);

/* Decodes the slot at pc into a program row. Returns ZK_NONE (row zeroed but
 * for pc) and sets *why to a reason when the uop is not provable yet. */
zk_op zk_decode(const uisa_uop *u, uint32_t pc, zk_prow *row, const char **why);

/* The system: builds every chip and finalizes it. pub is kept by reference
 * (fixed columns and the public sum read it) and must outlive the system. */
air_system *zk_air_build(const zk_pub_ctx *pub, uvm_err *err);

/* Public inputs of one segment: the run's exit code, the segment's start pc,
 * end pc and uop count (its final EXEC state), whether it ends in exit (0/1),
 * then the statement digest as 8 words, then the input length. */
enum { ZK_PUB_EXIT, ZK_PUB_ENTRY, ZK_PUB_END_PC, ZK_PUB_END_TS, ZK_PUB_ENDS, ZK_PUB_DIGEST,
       ZK_PUB_INLEN = ZK_PUB_DIGEST + 8, ZK_N_PUB };

/* What the verifier knows besides the proof: the decoded program table (its
 * height a power of two) and the segment's touched keys with their initial
 * values (from earlier segments or the program image) and final values, for
 * the public LogUp sum. */
struct zk_pub_ctx {
    const zk_prow *prog;
    uint32_t n_prog;
    uint64_t n_touched;
    const uint64_t *keys;   /* sorted, unique */
    const uint32_t *init;   /* initial value per key */
    const uint32_t *final;  /* final value per key */
    const uint8_t *output;  /* claimed public output (fd 1) */
    uint64_t output_len;
    const uint8_t *input;   /* input bytes consumed by reads (a prefix of the input) */
    uint64_t input_used;
    uint32_t brk_start, brk_limit; /* abi_heap_bounds of the program */
    uint64_t n_brk;
    const zk_brk_ev *brk;   /* the segment's brk events (BUS_BRK) */
    unsigned max_degree; /* LogUp packing budget: stark_max_degree(params); 0: 3 */
    const zk_heap *heap; /* the heap keys' lifetimes (zk_memmap_heap); NULL: no heap
                          * key is born or killed and all are mapped throughout */
};


#define ZK_TWO32 4294967296ull
#define ZK_RANGE_LOG 16

#endif
