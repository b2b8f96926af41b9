/* zk_decode.c — the provable subset of the uISA: maps each ops.def row to a
 * canonical program-table op (or an explicit "not provable yet" reason).
 * Invariant: the row a slot decodes to is a pure function of the uop and its
 * pc, so prover and verifier build the same program table. */
#include <string.h>

#include "zk_copy.h"
#include "chip_muldiv.h"
#include "zk_build.h"
#include "zk_fused.h"
#include "zk_mul256.h"
#include "zk_mem.h"
#include "zk_lsx.h"
#include "zk_native.h"
#include "zk_sha.h"

const zk_chip_info zk_chips[ZC_N_EXEC] = {
    [ZC_ADD] = {"add", ZK_ADD, 2, ADD_N, zk_add_r16, 0},
    [ZC_ADDI] = {"addi", ZK_ADDI, 1, ADD_N, zk_add_r16, 1},
    [ZC_BRANCH] = {"branch", ZK_BEQ, 6, BR_N, zk_branch_r16, 0, NULL, 1},
    [ZC_LT] = {"lt", ZK_SLT, 2, LT_N, zk_lt_r16, 0},
    [ZC_LOGIC] = {"logic", ZK_XOR, 3, LG_N, NULL, 0},
    [ZC_SHIFT] = {"shift", ZK_SLL, 3, SH_N, zk_shift_r16, 0},
    [ZC_JUMP] = {"jump", ZK_JALR, 1, JP_N, zk_jump_r16, 1},
    [ZC_LOAD] = {"load", ZK_LB, 5, LD_N, zk_mem_r16, 1},
    [ZC_STORE] = {"store", ZK_SH, 3, ST_N, zk_mem_r16, 0, NULL, 1},
    [ZC_SYS] = {"sys", ZK_ECALL, 1, SYS_N, zk_sys_r16, 0},
    [ZC_KECCAK_IO] = {"keccak_io", ZK_KECCAK, 1, KIO_N, zk_keccak_io_r16, 0},
    [ZC_MUL] = {"mul", ZK_MUL, 2, MU_N, zk_mul_r16, 0},
    [ZC_MULH] = {"mulh", ZK_MULH, 2, MH_N, zk_mul_r16, 0},
    [ZC_DIV] = {"div", ZK_DIV, 4, DV_N, zk_div_r16, 0},
    [ZC_FBR] = {"fbr", ZK_FBR_BEQ, 2, FB_N, zk_fused_r16, 0},
    [ZC_FST] = {"fst", ZK_FST_SW, 2, FS_N, zk_fused_r16, 0},
    [ZC_FAA] = {"faa", ZK_FAA_ADD, 2, FA_N, zk_fused_r16, 0},
    [ZC_MEMSET_IO] = {"memset_io", ZK_MEMSET, 1, MS_N, zk_memset_io_r16, 0},
    [ZC_SHA_IO] = {"sha_io", ZK_SHA, 1, SIO_N, zk_sha_io_r16, 0},
    [ZC_MEMCPY_IO] = {"memcpy_io", ZK_MEMCPY, 2, MC_N, zk_memcpy_io_r16, 0},
    [ZC_LSX] = {"lsx", ZK_XLW, 5, LX_N, zk_lsx_r16, 0, zk_lsx_prog_op},
    [ZC_AMO] = {"amo", ZK_LR, 11, AM_N, zk_lsx_r16, 0, NULL},
    [ZC_MUL256_IO] = {"mul256", ZK_MUL256, 1, M2_N, zk_mul256_r16, 0},
};

zk_chip zk_op_chip(zk_op op)
{
    for (int c = 0; c < ZC_N_EXEC; c++)
        if (op >= zk_chips[c].first_op && op < zk_chips[c].first_op + zk_chips[c].n_ops)
            return (zk_chip)c;
    return ZC_COUNT;
}

static zk_op set(zk_prow *r, zk_op op, uint32_t rd, uint32_t rs1, uint32_t rs2, uint32_t imm)
{
    r->op = op;
    r->rd = rd ? rd : ZK_SINK; /* writes to x0 go to the sink, so x0 stays 0 */
    r->rs1 = rs1;
    r->rs2 = rs2;
    r->imm = imm;
    return op;
}

zk_op zk_decode(const uisa_uop *u, uint32_t pc, zk_prow *r, const char **why)
{
    memset(r, 0, sizeof *r);
    r->pc = pc;
    *why = NULL;
    if (u->op >= UOP_COUNT) {
        *why = "unknown uop";
        return ZK_NONE;
    }
    r->npc = pc + u->len;
    uint32_t imm = (uint32_t)u->imm;
    zk_op op = ZK_NONE;
    switch ((uisa_op)u->op) {
    case UOP_ADD: op = set(r, ZK_ADD, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_SUB: op = set(r, ZK_SUB, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_ADDI: op = set(r, ZK_ADDI, u->rd, u->rs1, 0, imm); break;
    case UOP_LUI: op = set(r, ZK_ADDI, u->rd, 0, 0, imm); break;
    case UOP_AUIPC: op = set(r, ZK_ADDI, u->rd, 0, 0, pc + imm); break;
    case UOP_FENCE: op = set(r, ZK_ADDI, 0, 0, 0, 0); break;
    case UOP_BEQ: op = set(r, ZK_BEQ, 0, u->rs1, u->rs2, pc + imm); break;
    case UOP_BNE: op = set(r, ZK_BNE, 0, u->rs1, u->rs2, pc + imm); break;
    case UOP_BLT: op = set(r, ZK_BLT, 0, u->rs1, u->rs2, pc + imm); break;
    case UOP_BGE: op = set(r, ZK_BGE, 0, u->rs1, u->rs2, pc + imm); break;
    case UOP_BLTU: op = set(r, ZK_BLTU, 0, u->rs1, u->rs2, pc + imm); break;
    case UOP_BGEU: op = set(r, ZK_BGEU, 0, u->rs1, u->rs2, pc + imm); break;
    case UOP_SLT: op = set(r, ZK_SLT, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_SLTU: op = set(r, ZK_SLTU, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_SLTI: op = set(r, ZK_SLT, u->rd, u->rs1, 0, imm); break;
    case UOP_SLTIU: op = set(r, ZK_SLTU, u->rd, u->rs1, 0, imm); break;
    case UOP_XOR: op = set(r, ZK_XOR, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_OR: op = set(r, ZK_OR, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_AND: op = set(r, ZK_AND, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_XORI: op = set(r, ZK_XOR, u->rd, u->rs1, 0, imm); break;
    case UOP_ORI: op = set(r, ZK_OR, u->rd, u->rs1, 0, imm); break;
    case UOP_ANDI: op = set(r, ZK_AND, u->rd, u->rs1, 0, imm); break;
    case UOP_SLL: op = set(r, ZK_SLL, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_SRL: op = set(r, ZK_SRL, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_SRA: op = set(r, ZK_SRA, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_SLLI: op = set(r, ZK_SLL, u->rd, u->rs1, 0, imm & 31); break;
    case UOP_SRLI: op = set(r, ZK_SRL, u->rd, u->rs1, 0, imm & 31); break;
    case UOP_SRAI: op = set(r, ZK_SRA, u->rd, u->rs1, 0, imm & 31); break;
    case UOP_JAL: op = set(r, ZK_JALR, u->rd, 0, 0, pc + imm); break;
    case UOP_JALR: op = set(r, ZK_JALR, u->rd, u->rs1, 0, imm); break;
    case UOP_LW: op = set(r, ZK_LW, u->rd, u->rs1, 0, imm); break;
    case UOP_LBU: op = set(r, ZK_LBU, u->rd, u->rs1, 0, imm); break;
    case UOP_LB: op = set(r, ZK_LB, u->rd, u->rs1, 0, imm); break;
    case UOP_LH: op = set(r, ZK_LH, u->rd, u->rs1, 0, imm); break;
    case UOP_LHU: op = set(r, ZK_LHU, u->rd, u->rs1, 0, imm); break;
    case UOP_SW: op = set(r, ZK_SW, 0, u->rs1, u->rs2, imm); break;
    case UOP_SB: op = set(r, ZK_SB, 0, u->rs1, u->rs2, imm); break;
    case UOP_MUL: op = set(r, ZK_MUL, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_MULH: op = set(r, ZK_MULH, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_MULHSU: op = set(r, ZK_MULHSU, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_MULHU: op = set(r, ZK_MULHU, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_DIV: op = set(r, ZK_DIV, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_DIVU: op = set(r, ZK_DIVU, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_REM: op = set(r, ZK_REM, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_REMU: op = set(r, ZK_REMU, u->rd, u->rs1, u->rs2, 0); break;
    case UOP_SH: op = set(r, ZK_SH, 0, u->rs1, u->rs2, imm); break;
    /* ECALL reads a7 (rs1), a1 (rs2) and a0 (rd, old value), writes a0 (chip_io.c). */
    case UOP_ECALL: op = set(r, ZK_ECALL, 10, 17, 11, 0); break;
    /* native: a0 = the state (rs1), ra = the return (rs2), writes no register */
    case UOP_KECCAK_F1600: op = set(r, ZK_KECCAK, 0, 10, 1, 0); break;
    case UOP_MEMSET: op = set(r, ZK_MEMSET, 0, 10, 12, 0); break; /* d = a0, n = a2 */
    case UOP_SHA256_COMPRESS: op = set(r, ZK_SHA, 0, 10, 11, 0); break; /* state a0, block a1 */
    case UOP_MEMCPY: op = set(r, ZK_MEMCPY, 0, 10, 12, 0); break; /* d = a0, n = a2 */
    case UOP_MEMMOVE: op = set(r, ZK_MEMMOVE, 0, 10, 12, 0); break;
    case UOP_LR_W: op = set(r, ZK_LR, u->rd, u->rs1, 0, 0); break; /* chip_amo.c */
    case UOP_SC_W: case UOP_AMOSWAP_W: case UOP_AMOADD_W: case UOP_AMOXOR_W: case UOP_AMOAND_W:
    case UOP_AMOOR_W: case UOP_AMOMIN_W: case UOP_AMOMAX_W: case UOP_AMOMINU_W: case UOP_AMOMAXU_W:
        op = set(r, (zk_op)(ZK_SC + (u->op - UOP_SC_W)), u->rd, u->rs1, u->rs2, 0);
        break;
    case UOP_MUL256: op = set(r, ZK_MUL256, 0, 11, 12, 0); break; /* x = a1, y = a2 */
    default:
        if (uisa_ops[u->op].tier == TIER_FUSED) { /* its first row (zk_prog_build adds the second) */
            zk_prow r2;
            return zk_fused_decode(u, pc, r, &r2, why) ? (zk_op)r->op : ZK_NONE;
        }
        *why = uisa_ops[u->op].tier != TIER_BASE ? "native uops are not provable yet"
                                                 : "not provable yet";
        break;
    }
    if (op == ZK_NONE) {
        memset(r, 0, sizeof *r);
        r->pc = pc;
    }
    return op;
}
