/* interp.c — a small stack-machine bytecode interpreter (one big switch, so compilers
 * emit a jump table). The input is the bytecode (corpus/interp_asm.py assembles it; the
 * opcode numbers below are its contract). 32-bit values, 256-entry data stack, 64-entry
 * call stack, 16 locals. Any invalid opcode, jump, stack over/underflow or division by
 * zero exits 2; more than 100 M steps exits 4. Prints PRINT values, steps and a hash of
 * the HASH values. */
#include <stdlib.h>

#include "guest.h"

enum op {
    OP_HALT, OP_PUSH, OP_POP, OP_DUP, OP_SWAP, OP_OVER, OP_ADD, OP_SUB, OP_MUL, OP_DIVU,
    OP_REMU, OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHR, OP_LTU, OP_EQ, OP_LOAD, OP_STORE,
    OP_JMP, OP_JZ, OP_JNZ, OP_CALL, OP_RET, OP_PRINT, OP_HASH, OP_NOT, OP_COUNT
};

typedef struct vm {
    const uint8_t *code;
    size_t len;
    uint32_t stack[256], locals[16], hash;
    uint32_t calls[64];
    uint32_t sp, csp;
} vm;

static _Noreturn void trap(uint32_t pc, const char *what)
{
    guest_log("interp: pc %lu: %s\n", (unsigned long)pc, what);
    uvm_exit(GUEST_EXIT_BADINPUT);
}

static uint32_t imm(const vm *m, uint32_t pc, uint32_t nbytes)
{
    if (pc + nbytes > m->len)
        trap(pc, "truncated operand");
    uint32_t v = 0;
    for (uint32_t i = 0; i < nbytes; i++)
        v |= (uint32_t)m->code[pc + i] << (8 * i);
    return v;
}

/* Relative jump target from a 16-bit signed offset after the operand. */
static uint32_t target(const vm *m, uint32_t pc)
{
    uint32_t off = imm(m, pc, 2);
    uint32_t t = off & 0x8000 ? pc + 2 - (0x10000 - off) : pc + 2 + off;
    if (t >= m->len)
        trap(pc, "jump out of range");
    return t;
}

#define NEED(k)                                                                                \
    do {                                                                                       \
        if (m->sp < (k))                                                                       \
            trap(at, "stack underflow");                                                       \
    } while (0)
#define PUSHV(v)                                                                               \
    do {                                                                                       \
        if (m->sp == 256)                                                                      \
            trap(at, "stack overflow");                                                        \
        uint32_t v_ = (v);                                                                     \
        m->stack[m->sp++] = v_;                                                                \
    } while (0)
#define BIN(expr)                                                                              \
    do {                                                                                       \
        NEED(2);                                                                               \
        uint32_t b = m->stack[--m->sp], a = m->stack[m->sp - 1];                               \
        m->stack[m->sp - 1] = (expr);                                                          \
    } while (0)

static uint64_t run(vm *m)
{
    uint32_t pc = 0;
    uint64_t steps = 0;
    for (;;) {
        if (pc >= m->len)
            trap(pc, "pc out of range");
        if (++steps > 100000000ull) {
            guest_log("interp: step limit\n");
            uvm_exit(4);
        }
        uint32_t at = pc++;
        switch (m->code[at]) {
        case OP_HALT: return steps;
        case OP_PUSH: PUSHV(imm(m, pc, 4)); pc += 4; break;
        case OP_POP: NEED(1); m->sp--; break;
        case OP_DUP: NEED(1); PUSHV(m->stack[m->sp - 1]); break;
        case OP_SWAP: {
            NEED(2);
            uint32_t t = m->stack[m->sp - 1];
            m->stack[m->sp - 1] = m->stack[m->sp - 2];
            m->stack[m->sp - 2] = t;
            break;
        }
        case OP_OVER: NEED(2); PUSHV(m->stack[m->sp - 2]); break;
        case OP_ADD: BIN(a + b); break;
        case OP_SUB: BIN(a - b); break;
        case OP_MUL: BIN(a * b); break;
        case OP_DIVU:
            if (m->sp >= 1 && m->stack[m->sp - 1] == 0)
                trap(at, "division by zero");
            BIN(a / b);
            break;
        case OP_REMU:
            if (m->sp >= 1 && m->stack[m->sp - 1] == 0)
                trap(at, "division by zero");
            BIN(a % b);
            break;
        case OP_AND: BIN(a & b); break;
        case OP_OR: BIN(a | b); break;
        case OP_XOR: BIN(a ^ b); break;
        case OP_SHL: BIN(a << (b & 31)); break;
        case OP_SHR: BIN(a >> (b & 31)); break;
        case OP_LTU: BIN(a < b); break;
        case OP_EQ: BIN(a == b); break;
        case OP_NOT: NEED(1); m->stack[m->sp - 1] = ~m->stack[m->sp - 1]; break;
        case OP_LOAD: PUSHV(m->locals[imm(m, pc, 1) & 15]); pc += 1; break;
        case OP_STORE: NEED(1); m->locals[imm(m, pc, 1) & 15] = m->stack[--m->sp]; pc += 1; break;
        case OP_JMP: pc = target(m, pc); break;
        case OP_JZ: NEED(1); pc = m->stack[--m->sp] == 0 ? target(m, pc) : pc + 2; break;
        case OP_JNZ: NEED(1); pc = m->stack[--m->sp] != 0 ? target(m, pc) : pc + 2; break;
        case OP_CALL:
            if (m->csp == 64)
                trap(at, "call stack overflow");
            m->calls[m->csp++] = pc + 2;
            pc = imm(m, pc, 2);
            break;
        case OP_RET:
            if (m->csp == 0)
                trap(at, "return with empty call stack");
            pc = m->calls[--m->csp];
            break;
        case OP_PRINT: NEED(1); guest_printf("%lu\n", (unsigned long)m->stack[--m->sp]); break;
        case OP_HASH: NEED(1); m->hash = (m->hash ^ m->stack[--m->sp]) * 16777619u; break;
        default: trap(at, "invalid opcode");
        }
    }
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    if (len == 0 || len > 65536)
        guest_fail(GUEST_EXIT_BADINPUT, "interp: bytecode must be 1..65536 bytes");
    vm *m = calloc(1, sizeof *m);
    if (!m)
        guest_fail(GUEST_EXIT_NOMEM, "interp: out of memory");
    m->code = in;
    m->len = len;
    m->hash = 2166136261u;
    uint64_t steps = run(m);
    guest_printf("steps=%llu hash=%08lx depth=%lu\n", (unsigned long long)steps,
                 (unsigned long)m->hash, (unsigned long)m->sp);
    free(m);
    free(in);
    return 0;
}
