/* uop_exec_fused.h — bodies of the fused-tier uops (uisa/ops_fused.def), same macros as uop_exec.h.
 * Each body is the in-order composition of its base steps: every step reads
 * registers after the previous step wrote them, so aliasing needs no special case,
 * and only the first step may fault (nothing is written before it).
 * Extra macro from loop.h: CHECK_TARGET(cond) faults, before any write, if cond holds
 * and the taken target is invalid (never in translated code).
 * The generic rows' ALU steps (FX_ALU) follow the base rows of uop_exec.h; the
 * property test tests/fusion/test_fusion_rows.c holds them equal. */

#define SX8(v) ((uint32_t)(int32_t)(int8_t)(v))
#define SX16(v) ((uint32_t)(int32_t)(int16_t)(v))
#define S32(v) ((int32_t)(v))
#define FUSED_ADDI2() W(RD2, R(RS3) + IMM2)
/* One ALU step: base uop f (validated by the VM: UISA_FX_ALU_OK) on a and b. */
#define FX_ALU(f, a, b) ({                                                      \
        uint32_t xa_ = (a), xb_ = (b), xr_ = 0;                                 \
        switch (f) {                                                            \
        case UOP_ADD: case UOP_ADDI: xr_ = xa_ + xb_; break;                    \
        case UOP_SUB: xr_ = xa_ - xb_; break;                                   \
        case UOP_XOR: case UOP_XORI: xr_ = xa_ ^ xb_; break;                    \
        case UOP_OR: case UOP_ORI: xr_ = xa_ | xb_; break;                      \
        case UOP_AND: case UOP_ANDI: xr_ = xa_ & xb_; break;                    \
        case UOP_SLL: case UOP_SLLI: xr_ = xa_ << (xb_ & 31); break;            \
        case UOP_SRL: case UOP_SRLI: xr_ = xa_ >> (xb_ & 31); break;            \
        case UOP_SRA: case UOP_SRAI: xr_ = (uint32_t)(S32(xa_) >> (xb_ & 31)); break; \
        case UOP_SLT: case UOP_SLTI: xr_ = S32(xa_) < S32(xb_); break;          \
        case UOP_SLTU: case UOP_SLTIU: xr_ = xa_ < xb_; break;                  \
        }                                                                       \
        xr_; })
#define FX_IS_R(f) (uisa_ops[f].fmt == FMT_R)

UOP_BODY(ALU_ALU, {
    uint32_t f1_ = UISA_FX_OP1(IMM2), f2_ = UISA_FX_OP2(IMM2), lo_ = UISA_FX_LO(IMM2);
    W(RD, FX_ALU(f1_, R(RS1), FX_IS_R(f1_) ? R(RS2) : IMM));
    W(RD2, FX_ALU(f2_, R(RS3), FX_IS_R(f2_) ? R(lo_ & 31) : lo_));
})

UOP_BODY(LB_ADDI,  W(RD, SX8(LD8(R(RS1) + IMM))); FUSED_ADDI2();)
UOP_BODY(LW_ADDI,  W(RD, LD32(R(RS1) + IMM)); FUSED_ADDI2();)
UOP_BODY(LBU_ADDI, W(RD, LD8(R(RS1) + IMM)); FUSED_ADDI2();)

UOP_BODY(SB_ADDI,  ST8(R(RS1) + IMM, R(RS2)); FUSED_ADDI2();)
UOP_BODY(SW_ADDI,  ST32(R(RS1) + IMM, R(RS2)); FUSED_ADDI2();)

/* The branch compares the registers as the ALU step leaves them (v_ where it writes). */
#define FUSED_ALU_BRANCH(name, cond) \
    UOP_BODY(name, {                                                            \
        uint32_t f1_ = UISA_FX_OP1(IMM2), r2_ = UISA_FX_REG(IMM2);              \
        uint32_t v_ = FX_ALU(f1_, R(RS1), FX_IS_R(f1_) ? R(RS2) : UISA_FX_LO(IMM2)); \
        uint32_t a_ = RS3 == RD ? v_ : R(RS3), b_ = r2_ == RD ? v_ : R(r2_);    \
        CHECK_TARGET(cond);                                                     \
        W(RD, v_);                                                              \
        BRANCH(cond);                                                           \
    })
FUSED_ALU_BRANCH(ALU_BEQ,  a_ == b_)
FUSED_ALU_BRANCH(ALU_BNE,  a_ != b_)
FUSED_ALU_BRANCH(ALU_BLT,  S32(a_) < S32(b_))
FUSED_ALU_BRANCH(ALU_BGE,  S32(a_) >= S32(b_))
FUSED_ALU_BRANCH(ALU_BLTU, a_ < b_)
FUSED_ALU_BRANCH(ALU_BGEU, a_ >= b_)
#undef FUSED_ALU_BRANCH

#undef FX_IS_R
#undef FX_ALU
#undef FUSED_ADDI2
#undef SX8
#undef SX16
#undef S32
