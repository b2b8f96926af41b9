/* zk_ops.h — THE list of the prover's canonical ops: the ops the program
 * table's rows carry (zk_prow.op, its PROG tuple), each with the execution chip
 * that proves it. The zk_op enum, each chip's op set and selectors (zk_chips[],
 * zk_op_chip, zk_op_sel) and the op names are expanded from it; uisa/ops.def
 * names, per uop row, the canonical op it decodes to (its PROVER column).
 *
 *   X(a, NAME, CHIP, FROM)
 *
 * CHIP  the execution chip (enum zk_chip without ZC_) whose selectors include it;
 * FROM  ROW: some ops.def row names it (ZK, ZK_PC, ZK_REGS); otherwise the uop
 *       of which it proves another form (a word-crossing access, a fused pair
 *       with a chip of its own: zk_lsx.h, chip_fused.h).
 * a     passed through to X (an expansion's parameter).
 *
 * A chip's selectors are its ops in list order. The list's order is the ops'
 * numbering, which is in every proof (the PROG tuples): reordering it changes
 * proof bytes, not meaning. tests/zkvm/test_zk_ops.c checks the list against
 * ops.def (every row's op exists, every op is named by a row or a FROM uop,
 * every chip has an op). */
#ifndef UVM_ZK_OPS_H
#define UVM_ZK_OPS_H

#define ZK_OP_LIST(X, a) \
    X(a, ADD,      ADD,       ROW)      \
    X(a, SUB,      ADD,       ROW)      \
    X(a, ADDI,     ADDI,      ROW)      \
    X(a, BEQ,      BRANCH,    ROW)      \
    X(a, BNE,      BRANCH,    ROW)      \
    X(a, BLT,      BRANCH,    ROW)      \
    X(a, BGE,      BRANCH,    ROW)      \
    X(a, BLTU,     BRANCH,    ROW)      \
    X(a, BGEU,     BRANCH,    ROW)      \
    X(a, SLT,      LT,        ROW)      \
    X(a, SLTU,     LT,        ROW)      \
    X(a, XOR,      LOGIC,     ROW)      \
    X(a, OR,       LOGIC,     ROW)      \
    X(a, AND,      LOGIC,     ROW)      \
    X(a, SLL,      SHIFT,     ROW)      \
    X(a, SRL,      SHIFT,     ROW)      \
    X(a, SRA,      SHIFT,     ROW)      \
    X(a, JALR,     JUMP,      ROW)      \
    X(a, LB,       LOAD,      ROW)      \
    X(a, LBU,      LOAD,      ROW)      \
    X(a, LH,       LOAD,      ROW)      \
    X(a, LHU,      LOAD,      ROW)      \
    X(a, LW,       LOAD,      ROW)      \
    X(a, SH,       STORE,     ROW)      \
    X(a, SW,       STORE,     ROW)      \
    X(a, SB,       STORE,     ROW)      \
    X(a, ECALL,    SYS,       ROW)      \
    X(a, KECCAK,   KECCAK_IO, ROW)      \
    X(a, MUL,      MUL,       ROW)      \
    X(a, MULHU,    MUL,       ROW)      \
    X(a, MULH,     MULH,      ROW)      \
    X(a, MULHSU,   MULH,      ROW)      \
    X(a, DIV,      DIV,       ROW)      \
    X(a, DIVU,     DIV,       ROW)      \
    X(a, REM,      DIV,       ROW)      \
    X(a, REMU,     DIV,       ROW)      \
    X(a, FBR_BEQ,  FBR,       ALU_BEQ)  \
    X(a, FBR_BNE,  FBR,       ALU_BNE)  \
    X(a, FST_SW,   FST,       SW_ADDI)  \
    X(a, FST_SB,   FST,       SB_ADDI)  \
    X(a, FAA_ADD,  FAA,       ALU_ALU)  \
    X(a, FAA_SUB,  FAA,       ALU_ALU)  \
    X(a, MEMSET,   MEMSET_IO, ROW)      \
    X(a, SHA,      SHA_IO,    ROW)      \
    X(a, MEMCPY,   MEMCPY_IO, ROW)      \
    X(a, MEMMOVE,  MEMCPY_IO, ROW)      \
    X(a, XLW,      LSX,       LW)       \
    X(a, XLH,      LSX,       LH)       \
    X(a, XLHU,     LSX,       LHU)      \
    X(a, XSW,      LSX,       SW)       \
    X(a, XSH,      LSX,       SH)       \
    X(a, LR,       AMO,       ROW)      \
    X(a, SC,       AMO,       ROW)      \
    X(a, AMOSWAP,  AMO,       ROW)      \
    X(a, AMOADD,   AMO,       ROW)      \
    X(a, AMOXOR,   AMO,       ROW)      \
    X(a, AMOAND,   AMO,       ROW)      \
    X(a, AMOOR,    AMO,       ROW)      \
    X(a, AMOMIN,   AMO,       ROW)      \
    X(a, AMOMAX,   AMO,       ROW)      \
    X(a, AMOMINU,  AMO,       ROW)      \
    X(a, AMOMAXU,  AMO,       ROW)      \
    X(a, MUL256,   MUL256_IO, ROW)

/* The number of ops of chip c (an integer constant expression). */
#define ZK_OP_IS_OF_(c, name, chip, from) + ((c) == ZC_##chip)
#define ZK_CHIP_N_OPS(c) (0 ZK_OP_LIST(ZK_OP_IS_OF_, c))

#endif
