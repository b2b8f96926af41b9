/* zk_air.c — the zkVM constraint system: execution chips (one row per executed
 * uop), the preprocessed program chip, the 16-bit range chip and the memory
 * final-state chip, joined by the buses of zk_int.h.
 * Invariant: every value a chip writes to a register or RAM is constrained to
 * [0, 2^32) (by R16 limbs or by construction), so reads need no range check. */
#include <string.h>

#include "chip_muldiv.h"
#include "zk_build.h"
#include "zk_copy.h"
#include "zk_mul256.h"
#include "zk_native.h"
#include "zk_sha.h"
#include "zk_lsx.h"
#include "zk_mem.h"


/* add (ADD, SUB; id ZC_ADD) and addi (ADDI, LUI, AUIPC, FENCE; id ZC_ADDI,
 * no rs2 access): vd = v1 + sgn*(v2 + imm) - sgn*2^32*carry, sgn = +1 (ADD,
 * ADDI) / -1 (SUB); vd in [0, 2^32) by two R16 limbs, so the carry is unique. */
static void chip_add(air_chip *c, zk_chip id)
{
    air_expr real = zk_common(c, id, M(C_NPC), 0);
    unsigned cc = zk_spec(id, ADD_C), lo = zk_spec(id, ADD_LO), hi = zk_spec(id, ADD_HI);
    air_expr sgn = id == ZC_ADDI ? real : SUB(zk_sel(c, id, ZK_ADD), zk_sel(c, id, ZK_SUB));
    zk_bool(c, "carry_bool", M(cc));
    air_expr rhs = SUB(MUL(sgn, ADD(zk_v2(c, id), M(C_IMM))), SC(MUL(sgn, M(cc)), ZK_TWO32));
    air_constrain(c, AIR_ALL_ROWS, "sum", SUB(M(C_VD), ADD(M(C_V1), rhs)));
    air_constrain(c, AIR_ALL_ROWS, "vd_limbs", SUB(M(C_VD), ADD(M(lo), SC(M(hi), 1u << 16))));
    zk_r16(c, lo);
    zk_r16(c, hi);
}

/* branch: eq = [v1 == v2] by an inverse; lt = [a' <u b'] by
 * a' - b' + 2^32*lt in [0, 2^32); next = npc + taken*(target - npc). */
static void chip_branch(air_chip *c)
{
    unsigned s[BR_N];
    for (unsigned k = 0; k < BR_N; k++)
        s[k] = zk_spec(ZC_BRANCH, k);
    zk_common(c, ZC_BRANCH, M(s[BR_NEXT]), 0);
    air_expr v2 = zk_v2(c, ZC_BRANCH), z = SUB(M(C_V1), v2), isz = M(s[BR_ISZ]);
    air_constrain(c, AIR_ALL_ROWS, "inv", SUB(MUL(z, M(s[BR_INV])), SUB(K(1), isz)));
    air_constrain(c, AIR_ALL_ROWS, "zero", MUL(z, isz));
    air_expr sg = ADD(zk_sel(c, ZC_BRANCH, ZK_BLT), zk_sel(c, ZC_BRANCH, ZK_BGE));
    air_expr a = zk_flip(c, M(C_V1), sg, s[BR_MA], s[BR_ALO], s[BR_AHI], "a_flip");
    air_expr b = zk_flip(c, v2, sg, s[BR_MB], s[BR_BLO], s[BR_BHI], "b_flip");
    air_expr lt = zk_bool(c, "lt_bool", M(s[BR_LT]));
    air_expr d = ADD(M(s[BR_DLO]), SC(M(s[BR_DHI]), 1u << 16));
    air_constrain(c, AIR_ALL_ROWS, "lt", SUB(d, ADD(SUB(a, b), SC(lt, ZK_TWO32))));
    zk_r16(c, s[BR_DLO]);
    zk_r16(c, s[BR_DHI]);
    air_expr nlt = SUB(K(1), lt);
    air_expr taken = ADD(ADD(MUL(zk_sel(c, ZC_BRANCH, ZK_BEQ), isz),
                             MUL(zk_sel(c, ZC_BRANCH, ZK_BNE), SUB(K(1), isz))),
                         ADD(MUL(ADD(zk_sel(c, ZC_BRANCH, ZK_BLT), zk_sel(c, ZC_BRANCH, ZK_BLTU)), lt),
                             MUL(ADD(zk_sel(c, ZC_BRANCH, ZK_BGE), zk_sel(c, ZC_BRANCH, ZK_BGEU)), nlt)));
    air_expr want = ADD(M(C_NPC), MUL(taken, SUB(M(C_IMM), M(C_NPC))));
    air_constrain(c, AIR_ALL_ROWS, "next", SUB(M(s[BR_NEXT]), want));
}

/* lt (SLT, SLTU; SLTI/SLTIU have rs2 = x0 and imm): b = v2 + imm (one of the
 * two is 0, so b < 2^32); vd = [a' <u b'] via a' - b' + 2^32*vd in [0, 2^32). */
static void chip_lt(air_chip *c)
{
    unsigned s[LT_N];
    for (unsigned k = 0; k < LT_N; k++)
        s[k] = zk_spec(ZC_LT, k);
    zk_common(c, ZC_LT, M(C_NPC), 0);
    air_expr sg = zk_sel(c, ZC_LT, ZK_SLT);
    air_expr a = zk_flip(c, M(C_V1), sg, s[LT_MA], s[LT_ALO], s[LT_AHI], "a_flip");
    air_expr b = zk_flip(c, ADD(M(C_V2), M(C_IMM)), sg, s[LT_MB], s[LT_BLO], s[LT_BHI], "b_flip");
    air_expr lt = zk_bool(c, "lt_bool", M(C_VD));
    air_expr d = ADD(M(s[LT_DLO]), SC(M(s[LT_DHI]), 1u << 16));
    air_constrain(c, AIR_ALL_ROWS, "lt", SUB(d, ADD(SUB(a, b), SC(lt, ZK_TWO32))));
    zk_r16(c, s[LT_DLO]);
    zk_r16(c, s[LT_DHI]);
}

/* logic (XOR/OR/AND, immediate forms with rs2 = x0): v1 = A, v2 + imm = B
 * as four bytes each and W = A AND B bytewise, each byte triple looked up in
 * the bytes table (which also proves every byte in [0, 256)). Per byte
 * x xor y = x + y - 2(x and y), x or y = x + y - (x and y), and the bytes
 * do not interact, so vd = xor*(A + B - 2W) + or*(A + B - W) + and*W. */
static void chip_logic(air_chip *c)
{
    air_expr real = zk_common(c, ZC_LOGIC, M(C_NPC), 0);
    unsigned a = zk_spec(ZC_LOGIC, LG_A), b = zk_spec(ZC_LOGIC, LG_B), w = zk_spec(ZC_LOGIC, LG_W);
    air_expr sa = K(0), sb = K(0), sw = K(0);
    for (unsigned i = 0; i < 4; i++) {
        zk_and(c, M(a + i), M(b + i), M(w + i), real);
        sa = ADD(sa, SC(M(a + i), 1u << (8 * i)));
        sb = ADD(sb, SC(M(b + i), 1u << (8 * i)));
        sw = ADD(sw, SC(M(w + i), 1u << (8 * i)));
    }
    air_expr bv = ADD(M(C_V2), M(C_IMM)), apb = ADD(M(C_V1), bv);
    air_constrain(c, AIR_ALL_ROWS, "a_bytes", SUB(M(C_V1), sa));
    air_constrain(c, AIR_ALL_ROWS, "b_bytes", SUB(bv, sb));
    air_expr want = ADD(ADD(MUL(zk_sel(c, ZC_LOGIC, ZK_XOR), SUB(apb, SC(sw, 2))),
                            MUL(zk_sel(c, ZC_LOGIC, ZK_OR), SUB(apb, sw))),
                        MUL(zk_sel(c, ZC_LOGIC, ZK_AND), sw));
    air_constrain(c, AIR_ALL_ROWS, "vd", SUB(M(C_VD), want));
}

/* shift (immediate forms: rs2 = x0, imm = shamt). (s, 2^s, 2^31>>s) comes
 * from the pow2 table, b = s + 32*bq with bq < 2^32 fixes s = b & 31.
 * SLL: v1*2^s = vd + 2^32*H with vd < 2^32, H < 2^31 + 2^16 (no wrap mod p).
 * SRL/SRA: A = Q*2^s + R, 0 <= R < 2^s, Q < 2^32, where A = v1 xor 2^31 for
 * SRA (sign ma); then vd = Q (SRL) or Q - 2^(31-s) + 2^32*ma (SRA). */
static void chip_shift(air_chip *c)
{
    unsigned s[SH_N];
    for (unsigned k = 0; k < SH_N; k++)
        s[k] = zk_spec(ZC_SHIFT, k);
    air_expr real = zk_common(c, ZC_SHIFT, M(C_NPC), 0);
    air_expr sll = zk_sel(c, ZC_SHIFT, ZK_SLL), sra = zk_sel(c, ZC_SHIFT, ZK_SRA);
    air_expr sr = ADD(zk_sel(c, ZC_SHIFT, ZK_SRL), sra);
    air_expr pw[3] = {M(s[SH_S]), M(s[SH_P]), M(s[SH_C])};
    air_receive(c, BUS_POW, pw, 3, real);
#define LIMBS(lo) ADD(M(s[lo]), SC(M(s[lo + 1]), 1u << 16))
    air_constrain(c, AIR_ALL_ROWS, "shamt",
                  SUB(ADD(M(C_V2), M(C_IMM)), ADD(M(s[SH_S]), SC(LIMBS(SH_BQL), 32))));
    air_expr a = zk_flip(c, M(C_V1), sra, s[SH_MA], s[SH_ALO], s[SH_AHI], "a_flip");
    air_expr p = M(s[SH_P]);
    air_expr v = LIMBS(SH_VL), h = LIMBS(SH_HL), q = LIMBS(SH_QL), r = LIMBS(SH_RL);
    air_constrain(c, AIR_ALL_ROWS, "sll",
                  MUL(sll, SUB(MUL(M(C_V1), p), ADD(v, SC(h, ZK_TWO32)))));
    air_constrain(c, AIR_ALL_ROWS, "sr_div", MUL(sr, SUB(a, ADD(MUL(q, p), r))));
    air_constrain(c, AIR_ALL_ROWS, "sr_rem",
                  MUL(sr, SUB(SUB(p, K(1)), ADD(r, LIMBS(SH_GL)))));
    air_expr want = ADD(ADD(MUL(sll, v), MUL(sr, q)),
                        MUL(sra, SUB(SC(M(s[SH_MA]), ZK_TWO32), M(s[SH_C]))));
    air_constrain(c, AIR_ALL_ROWS, "vd", SUB(M(C_VD), want));
#undef LIMBS
    static const unsigned lim[] = {SH_BQL, SH_BQH, SH_VL, SH_VH, SH_HL, SH_QL, SH_QH,
                                   SH_RL, SH_RH, SH_GL, SH_GH};
    for (unsigned i = 0; i < sizeof lim / sizeof lim[0]; i++)
        zk_r16(c, s[lim[i]]);
    air_expr hh2 = SC(M(s[SH_HH]), 2); /* H's high limb < 2^15 */
    air_receive(c, BUS_R16, &hh2, 1, K(1));
}

/* jump (JAL is JALR with rs1 = x0 and an absolute imm): vd = npc;
 * next = v1 + imm - 2^32*c - b0 = 2*(QL + 2^16*QH) with QL and 2*QH R16
 * limbs, so next is even and below 2^32 by construction and c, b0 are
 * unique. Evenness is needed, not just a program-table miss: odd pcs hold
 * the fused split's virtual second rows, which a flipped b0 could reach. */
static void chip_jump(air_chip *c)
{
    unsigned cc = zk_spec(ZC_JUMP, JP_C), b0 = zk_spec(ZC_JUMP, JP_B0);
    unsigned ql = zk_spec(ZC_JUMP, JP_QL), qh = zk_spec(ZC_JUMP, JP_QH);
    air_expr next = SC(ADD(M(ql), SC(M(qh), 1u << 16)), 2);
    zk_common(c, ZC_JUMP, next, 0);
    zk_bool(c, "carry_bool", M(cc));
    zk_bool(c, "b0_bool", M(b0));
    air_expr target = SUB(SUB(ADD(M(C_V1), M(C_IMM)), SC(M(cc), ZK_TWO32)), M(b0));
    air_constrain(c, AIR_ALL_ROWS, "target_even", SUB(target, next));
    zk_r16(c, ql);
    air_expr qh2 = SC(M(qh), 2); /* QH < 2^15, so next < 2^32 */
    air_receive(c, BUS_R16, &qh2, 1, K(1));
    air_constrain(c, AIR_ALL_ROWS, "link", SUB(M(C_VD), M(C_NPC)));
}

/* R16 descriptors of the chips above: the columns each passes to zk_r16 (or
 * zk_flip), and the doubled high limbs of shift (H < 2^31) and jump. */
unsigned zk_add_r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    (void)dbl;
    return ZK_R16_SPEC(ch, cols, ADD_LO, ADD_HI);
}
unsigned zk_branch_r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    (void)dbl;
    return ZK_R16_SPEC(ch, cols, BR_ALO, BR_AHI, BR_BLO, BR_BHI, BR_DLO, BR_DHI);
}
unsigned zk_lt_r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    (void)dbl;
    return ZK_R16_SPEC(ch, cols, LT_ALO, LT_AHI, LT_BLO, LT_BHI, LT_DLO, LT_DHI);
}
unsigned zk_shift_r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    *dbl = zk_spec(ch, SH_HH);
    return ZK_R16_SPEC(ch, cols, SH_BQL, SH_BQH, SH_ALO, SH_AHI, SH_VL, SH_VH, SH_HL, SH_QL,
                       SH_QH, SH_RL, SH_RH, SH_GL, SH_GH);
}
unsigned zk_jump_r16(zk_chip ch, unsigned *cols, unsigned *dbl)
{
    *dbl = zk_spec(ch, JP_QH);
    return ZK_R16_SPEC(ch, cols, JP_QL);
}

enum { PROG_W = 7 + ZK_PROG_EXTRA }; /* (pc, op, rd, rs1, rs2, imm, npc, e...) */

static int prog_fixed(const void *ctx, unsigned log_n, gl_matrix *out, uvm_err *err)
{
    const zk_pub_ctx *p = ctx;
    if (log_n >= 32 || (1ull << log_n) != p->n_prog)
        return uvm_errf(err, "zkvm: program table has %u rows, proof says 2^%u", p->n_prog, log_n);
    if (gl_matrix_alloc(out, p->n_prog, PROG_W))
        return uvm_errf(err, "zkvm: out of memory for the program table");
    for (uint32_t i = 0; i < p->n_prog; i++) {
        const zk_prow *r = &p->prog[i];
        gl_t *o = &out->data[(size_t)i * PROG_W];
        o[0] = r->pc, o[1] = r->op, o[2] = r->rd, o[3] = r->rs1, o[4] = r->rs2, o[5] = r->imm,
        o[6] = r->npc;
        for (unsigned k = 0; k < ZK_PROG_EXTRA; k++)
            o[7 + k] = r->e[k];
    }
    return 0;
}

/* range16 table: row i = (x, y, x & y) with (x, y) = (i & 255, i >> 8), so
 * i = x + 256*y is the range value of the row and (x, y, x & y) its byte triple. */
static int bytes_fixed(const void *ctx, unsigned log_n, gl_matrix *out, uvm_err *err)
{
    (void)ctx;
    if (log_n != 16)
        return uvm_errf(err, "zkvm: range table needs 2^16 rows, proof says 2^%u", log_n);
    if (gl_matrix_alloc(out, 1u << 16, 3))
        return uvm_errf(err, "zkvm: out of memory for the range table");
    for (uint32_t i = 0; i < 1u << 16; i++) {
        uint32_t x = i & 255, y = i >> 8;
        gl_t *o = &out->data[(size_t)i * 3];
        o[0] = x, o[1] = y, o[2] = x & y;
    }
    return 0;
}

static int pow_fixed(const void *ctx, unsigned log_n, gl_matrix *out, uvm_err *err)
{
    (void)ctx;
    if (log_n != 5)
        return uvm_errf(err, "zkvm: pow2 table needs 2^5 rows, proof says 2^%u", log_n);
    if (gl_matrix_alloc(out, 32, 3))
        return uvm_errf(err, "zkvm: out of memory for the pow2 table");
    for (uint32_t i = 0; i < 32; i++)
        out->data[3 * i] = i, out->data[3 * i + 1] = 1ull << i, out->data[3 * i + 2] = 0x80000000u >> i;
    return 0;
}

/* The verifier's share of the buses: the segment's start state (start_pc, 0)
 * on EXEC and the receive of its end state (end_pc, n_steps, ends): for a
 * segment that continues, (end_pc, n_steps) (a trailing 0 drops out of the
 * fingerprint), the state the next uop starts from; for the exiting one
 * (0, n_steps, 1), which only its exit row sends (chip_io.c zk_chip_sys), so
 * its step count is bound as well; each touched key's initial value at ts 0
 * on MEM, and the receive of (key, final value) on TOUCH (for a heap key only
 * if its page is mapped at the segment's start, resp. end), each heap birth
 * and kill (zk_memmap.h) on MEM and KILL,
 * and the output and input bytes the segment moves on OUT and IN (chip_io.c). */
static int public_sum(const void *ctx, const gl_t *pub, size_t n_pub, const air_chal *ch,
                      air_xe *out, uvm_err *err)
{
    const zk_pub_ctx *pc = ctx;
    if (n_pub != ZK_N_PUB)
        return uvm_errf(err, "zkvm: %zu public inputs, expected %d", n_pub, ZK_N_PUB);
    if (pub[ZK_PUB_ENDS] > 1)
        return uvm_errf(err, "zkvm: public input ends = %llu (must be 0 or 1)",
                        (unsigned long long)pub[ZK_PUB_ENDS]);
    gl_t e[2] = {pub[ZK_PUB_ENTRY], 0};
    air_xe s = air_logup_term(BUS_EXEC, e, 2, 1, ch);
    gl_t f[3] = {pub[ZK_PUB_END_PC], pub[ZK_PUB_END_TS], pub[ZK_PUB_ENDS]};
    s = air_xe_add(s, air_logup_term(BUS_EXEC, f, 3, GL_P - 1, ch));
    /* a heap key mapped at the start gets its initial value at ts 0, one
     * mapped at the end is received on TOUCH (zk_memmap.h lifetimes); a birth
     * sends (key, 0, 4*ts + 4), a kill receives KILL (key, 4*ts + 4) */
    const zk_heap *h = pc->heap;
    for (uint64_t i = 0; i < pc->n_touched; i++) {
        gl_t m[3] = {pc->keys[i], pc->init[i], 0}, t[2] = {pc->keys[i], pc->final[i]};
        if (!h || zk_heap_alive_start(h, pc->keys[i]))
            s = air_xe_add(s, air_logup_term(BUS_MEM, m, 3, 1, ch));
        if (!h || zk_heap_alive_end(h, pc->keys[i]))
            s = air_xe_add(s, air_logup_term(BUS_TOUCH, t, 2, GL_P - 1, ch));
    }
    for (uint64_t i = 0; h && i < h->n_life; i++) {
        const zk_life *l = &h->life[i];
        gl_t b[3] = {pc->keys[l->idx], 0, ZK_BRK_MEMTS(l->ts)};
        s = air_xe_add(s, l->kill ? air_logup_term(BUS_KILL, (gl_t[]){b[0], b[2]}, 2, GL_P - 1, ch)
                                  : air_logup_term(BUS_MEM, b, 3, 1, ch));
    }
    air_xe io;
    if (zk_io_public(pc, ch, &io, err))
        return -1;
    *out = air_xe_add(s, io);
    return 0;
}

air_system *zk_air_build(const zk_pub_ctx *pub, uvm_err *err)
{
    air_system *sys = air_system_new("uvm", ZK_N_PUB);
    if (!sys) {
        uvm_errf(err, "zkvm: out of memory");
        return NULL;
    }
    air_chip *c;
    int keccak = zk_prog_uses(pub->prog, pub->n_prog, ZK_KECCAK);
    int memset_ = zk_prog_uses(pub->prog, pub->n_prog, ZK_MEMSET);
    int sha = zk_prog_uses(pub->prog, pub->n_prog, ZK_SHA);
    int memcpy_ = zk_memcpy_present(pub->prog, pub->n_prog);
    for (int i = 0; i < ZC_N_EXEC; i++) {
        c = air_chip_new(sys, zk_chips[i].name, zk_chip_main_cols((zk_chip)i, pub->prog, pub->n_prog), 0);
        if (!c)
            break;
        switch ((zk_chip)i) {
        case ZC_ADD: case ZC_ADDI: chip_add(c, (zk_chip)i); break;
        case ZC_BRANCH: chip_branch(c); break;
        case ZC_LT: chip_lt(c); break;
        case ZC_LOGIC: chip_logic(c); break;
        case ZC_SHIFT: chip_shift(c); break;
        case ZC_JUMP: chip_jump(c); break;
        case ZC_LOAD: zk_chip_load(c); break;
        case ZC_STORE: zk_chip_store(c); break;
        case ZC_KECCAK_IO: zk_chip_keccak_io(c, keccak); break;
        case ZC_MUL: zk_chip_mul(c); break;
        case ZC_MULH: zk_chip_mulh(c); break;
        case ZC_DIV: zk_chip_div(c); break;
        case ZC_FBR: case ZC_FST: case ZC_FAA: zk_chip_fused(c, (zk_chip)i); break;
        case ZC_MEMSET_IO: zk_chip_memset_io(c, memset_); break;
        case ZC_SHA_IO: zk_chip_sha_io(c, sha); break;
        case ZC_MEMCPY_IO: zk_chip_memcpy_io(c, memcpy_); break;
        case ZC_LSX: zk_chip_lsx(c); break;
        case ZC_AMO: zk_chip_amo(c, zk_amo_used(pub->prog, pub->n_prog)); break;
        case ZC_MUL256_IO: zk_chip_mul256(c, zk_prog_uses(pub->prog, pub->n_prog, ZK_MUL256)); break;
        default: zk_chip_sys(c, pub); break;
        }
    }
    c = air_chip_new(sys, "program", 1, PROG_W);
    if (c) {
        air_chip_set_fixed(c, prog_fixed, pub);
        air_expr v[PROG_W];
        for (unsigned i = 0; i < PROG_W; i++)
            v[i] = air_fixed(c, i);
        air_send(c, BUS_PROG, v, PROG_W, M(0));
    }
    /* the 16-bit range and the bytes table share one 2^16-row chip: R16 sends
     * v = x + 256*y (each of 0..2^16-1 once), LOGIC (x, y, x AND y) */
    c = air_chip_new(sys, "range16", 2, 3);
    if (c) {
        air_chip_set_fixed(c, bytes_fixed, NULL);
        air_expr t[3] = {air_fixed(c, 0), air_fixed(c, 1), air_fixed(c, 2)};
        air_expr v = ADD(t[0], SC(t[1], 256));
        air_send(c, BUS_R16, &v, 1, M(0));
        air_send(c, BUS_LOGIC, t, 3, M(1));
    }
    c = air_chip_new(sys, "bytes", 1, 0); /* a stub: the bytes table is in range16 */
    if (c)
        air_constrain(c, AIR_ALL_ROWS, "unused", M(0));
    c = air_chip_new(sys, "pow2", 1, 3);
    if (c) {
        air_chip_set_fixed(c, pow_fixed, NULL);
        air_expr t[3] = {air_fixed(c, 0), air_fixed(c, 1), air_fixed(c, 2)};
        air_send(c, BUS_POW, t, 3, M(0));
    }
    /* memory final state: (key, value, ts, f): the last access of each touched
     * key mapped at the segment's end, whose (key, value) the verifier receives
     * as the segment's boundary. In a segment with kills (zk_memmap.h) also
     * (K, E, LA, LB): a kill row (K = 1) consumes a heap word's last tuple of a
     * lifetime, proves ts < E by E - ts - 1 = LA + 2^16*LB (R16 limbs) and sends
     * KILL (key, E); f*K = 0. Without kills the chip keeps its 4 columns. */
    int wide = pub->heap && pub->heap->n_kill;
    c = air_chip_new(sys, "memfinal", wide ? MF_WIDE : MF_NARROW, 0);
    if (c) {
        air_expr f = zk_bool(c, "f_bool", M(MF_F));
        air_expr v[3] = {M(MF_KEY), M(MF_VAL), M(MF_TS)};
        if (!wide) {
            air_receive(c, BUS_MEM, v, 3, f);
        } else {
            air_expr kk = zk_bool(c, "k_bool", M(MF_K));
            air_constrain(c, AIR_ALL_ROWS, "f_or_k", MUL(f, kk));
            air_receive(c, BUS_MEM, v, 3, ADD(f, kk));
            air_expr d = SUB(SUB(M(MF_E), M(MF_TS)), K(1));
            air_constrain(c, AIR_ALL_ROWS, "kill_before",
                          MUL(kk, SUB(d, ADD(M(MF_LA), SC(M(MF_LB), 1u << 16)))));
            air_expr la = M(MF_LA), lb = M(MF_LB), kt[2] = {M(MF_KEY), M(MF_E)};
            air_receive(c, BUS_R16, &la, 1, kk);
            air_receive(c, BUS_R16, &lb, 1, kk);
            air_send(c, BUS_KILL, kt, 2, kk);
        }
        air_send(c, BUS_TOUCH, v, 2, f);
    }
    zk_chip_keccak(sys, keccak);
    zk_chip_memset(sys, memset_);
    c = air_chip_new(sys, "io", IO_NCOL, 0);
    if (c)
        zk_chip_io(c);
    zk_chip_sha(sys, sha);
    zk_chip_memcpy(sys, memcpy_);
    air_system_set_public_sum(sys, public_sum, pub);
    if (pub->max_degree) /* ~30 chips over ~8 heights: ~4 share a quotient */
        air_system_set_max_degree(sys, pub->max_degree, 4);
    if (air_system_finalize(sys, err)) {
        air_system_free(sys);
        return NULL;
    }
    return sys;
}
