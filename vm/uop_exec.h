/* uop_exec.h — THE execution semantics of every uop, one UOP_BODY per ops.def row.
 * Included into each dispatch loop (fast, stats, later tracing), which defines the
 * access macros below; so the loops cannot disagree. Bodies must not write a
 * register or memory before every check that could fault has passed.
 *
 * Macros a loop provides:
 *   UOP_BODY(NAME, stmts)  emit the body (the loop adds dispatch after it)
 *   R(i) W(i, v)           read / write register i (uint32_t; W to x0 is dropped)
 *   RD RS1 RS2 RD2 RS3     operand register numbers; IMM IMM2 (uint32_t)
 *   PC LEN                 this uop's pc and the bytes of RISC-V code it covers
 *   LD8/LD16/LD32(a)       load, zero-extended (fault if not readable)
 *   ST8/ST16/ST32(a, v)    store low bits of v (fault if not writable)
 *   LD32A(a) ST32A(a, v)   4-aligned word access for atomics (fault if misaligned)
 *   RESV                   the LR reservation (uint64_t; VM_NO_RESV when none)
 *   BRANCH(cond)           if cond: go to pc + IMM
 *   JAL_LINK(rd, link)     rd = link; go to pc + IMM
 *   JUMP_LINK(rd, link, t) rd = link; go to absolute t
 *   SYSCALL()              perform the ecall (may stop the run)
 *   FAULT(kind, addr)      stop with a guest fault */

#define SX8(v) ((uint32_t)(int32_t)(int8_t)(v))
#define SX16(v) ((uint32_t)(int32_t)(int16_t)(v))
#define S32(v) ((int32_t)(v))
#define SX64(v) ((int64_t)(int32_t)(v))

/* ---- RV32I ---- */
UOP_BODY(ADD,   W(RD, R(RS1) + R(RS2));)
UOP_BODY(SUB,   W(RD, R(RS1) - R(RS2));)
UOP_BODY(XOR,   W(RD, R(RS1) ^ R(RS2));)
UOP_BODY(OR,    W(RD, R(RS1) | R(RS2));)
UOP_BODY(AND,   W(RD, R(RS1) & R(RS2));)
UOP_BODY(SLL,   W(RD, R(RS1) << (R(RS2) & 31));)
UOP_BODY(SRL,   W(RD, R(RS1) >> (R(RS2) & 31));)
UOP_BODY(SRA,   W(RD, (uint32_t)(S32(R(RS1)) >> (R(RS2) & 31)));)
UOP_BODY(SLT,   W(RD, S32(R(RS1)) < S32(R(RS2)));)
UOP_BODY(SLTU,  W(RD, R(RS1) < R(RS2));)
UOP_BODY(ADDI,  W(RD, R(RS1) + IMM);)
UOP_BODY(XORI,  W(RD, R(RS1) ^ IMM);)
UOP_BODY(ORI,   W(RD, R(RS1) | IMM);)
UOP_BODY(ANDI,  W(RD, R(RS1) & IMM);)
UOP_BODY(SLLI,  W(RD, R(RS1) << (IMM & 31));)
UOP_BODY(SRLI,  W(RD, R(RS1) >> (IMM & 31));)
UOP_BODY(SRAI,  W(RD, (uint32_t)(S32(R(RS1)) >> (IMM & 31)));)
UOP_BODY(SLTI,  W(RD, S32(R(RS1)) < S32(IMM));)
UOP_BODY(SLTIU, W(RD, R(RS1) < IMM);)
UOP_BODY(LUI,   W(RD, IMM);)
UOP_BODY(AUIPC, W(RD, PC + IMM);)
UOP_BODY(JAL,   JAL_LINK(RD, PC + LEN);)
UOP_BODY(JALR,  { uint32_t t_ = (R(RS1) + IMM) & ~1u; JUMP_LINK(RD, PC + LEN, t_); })
UOP_BODY(BEQ,   BRANCH(R(RS1) == R(RS2));)
UOP_BODY(BNE,   BRANCH(R(RS1) != R(RS2));)
UOP_BODY(BLT,   BRANCH(S32(R(RS1)) < S32(R(RS2)));)
UOP_BODY(BGE,   BRANCH(S32(R(RS1)) >= S32(R(RS2)));)
UOP_BODY(BLTU,  BRANCH(R(RS1) < R(RS2));)
UOP_BODY(BGEU,  BRANCH(R(RS1) >= R(RS2));)
UOP_BODY(LB,    W(RD, SX8(LD8(R(RS1) + IMM)));)
UOP_BODY(LH,    W(RD, SX16(LD16(R(RS1) + IMM)));)
UOP_BODY(LW,    W(RD, LD32(R(RS1) + IMM));)
UOP_BODY(LBU,   W(RD, LD8(R(RS1) + IMM));)
UOP_BODY(LHU,   W(RD, LD16(R(RS1) + IMM));)
UOP_BODY(SB,    ST8(R(RS1) + IMM, R(RS2));)
UOP_BODY(SH,    ST16(R(RS1) + IMM, R(RS2));)
UOP_BODY(SW,    ST32(R(RS1) + IMM, R(RS2));)
UOP_BODY(FENCE, ;)
UOP_BODY(ECALL, SYSCALL();)
UOP_BODY(EBREAK, FAULT(VM_FAULT_EBREAK, PC);)

/* ---- M ---- */
UOP_BODY(MUL,    W(RD, R(RS1) * R(RS2));)
UOP_BODY(MULH,   W(RD, (uint32_t)((uint64_t)(SX64(R(RS1)) * SX64(R(RS2))) >> 32));)
UOP_BODY(MULHSU, W(RD, (uint32_t)((uint64_t)(SX64(R(RS1)) * (int64_t)R(RS2)) >> 32));)
UOP_BODY(MULHU,  W(RD, (uint32_t)(((uint64_t)R(RS1) * R(RS2)) >> 32));)
/* Division by zero and INT_MIN / -1 follow the RISC-V table, not C (which traps). */
UOP_BODY(DIV, {
    uint32_t a_ = R(RS1), b_ = R(RS2);
    W(RD, b_ == 0 ? 0xffffffffu
        : (a_ == 0x80000000u && b_ == 0xffffffffu) ? a_ : (uint32_t)(S32(a_) / S32(b_)));
})
UOP_BODY(DIVU, { uint32_t a_ = R(RS1), b_ = R(RS2); W(RD, b_ == 0 ? 0xffffffffu : a_ / b_); })
UOP_BODY(REM, {
    uint32_t a_ = R(RS1), b_ = R(RS2);
    W(RD, b_ == 0 ? a_ : (a_ == 0x80000000u && b_ == 0xffffffffu) ? 0 : (uint32_t)(S32(a_) % S32(b_)));
})
UOP_BODY(REMU, { uint32_t a_ = R(RS1), b_ = R(RS2); W(RD, b_ == 0 ? a_ : a_ % b_); })

/* ---- A (single hart: an AMO is a load then a store, nothing can intervene) ---- */
UOP_BODY(LR_W, { uint32_t a_ = R(RS1); uint32_t v_ = LD32A(a_); RESV = a_; W(RD, v_); })
UOP_BODY(SC_W, {
    uint32_t a_ = R(RS1);
    uint32_t ok_ = 0;
    if (RESV == a_) {
        ST32A(a_, R(RS2));
        ok_ = 1;
    } else if (a_ & 3) {
        FAULT(VM_FAULT_MISALIGNED_AMO, a_);
    }
    RESV = VM_NO_RESV;
    W(RD, ok_ ? 0 : 1);
})
#define VM_AMO_BODY(name, newval) \
    UOP_BODY(name, { uint32_t a_ = R(RS1), b_ = R(RS2); uint32_t t_ = LD32A(a_); \
                     ST32A(a_, (newval)); W(RD, t_); })
VM_AMO_BODY(AMOSWAP_W, b_)
VM_AMO_BODY(AMOADD_W, t_ + b_)
VM_AMO_BODY(AMOXOR_W, t_ ^ b_)
VM_AMO_BODY(AMOAND_W, t_ & b_)
VM_AMO_BODY(AMOOR_W, t_ | b_)
VM_AMO_BODY(AMOMIN_W, S32(t_) < S32(b_) ? t_ : b_)
VM_AMO_BODY(AMOMAX_W, S32(t_) > S32(b_) ? t_ : b_)
VM_AMO_BODY(AMOMINU_W, t_ < b_ ? t_ : b_)
VM_AMO_BODY(AMOMAXU_W, t_ > b_ ? t_ : b_)
#undef VM_AMO_BODY

/* ---- not an instruction ---- */
UOP_BODY(TRAP, FAULT(VM_FAULT_TRAP, IMM2);)

/* ---- block tier: never dispatched. Pre-decoding (vm.c) gives a block's head
 * slot its first step, and the inner slots hold the other steps, so a block
 * runs as its steps with every base body's semantics, faults and counts; the
 * tracing loop marks where a block starts (vm/trace). A BLOCK label reached
 * anyway would be a pre-decoding bug: it faults rather than run nothing. */
UOP_BODY(BLOCK, FAULT(VM_FAULT_TRAP, 0);)

#undef SX8
#undef SX16
#undef S32
#undef SX64

/* ---- fused and native tiers: their bodies sit beside their rows' files ---- */
#include "uop_exec_fused.h"
#include "uop_exec_native.h"
