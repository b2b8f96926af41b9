#!/usr/bin/env python3
"""gen_cover.py — writes an assembly file covering every RV32IMAC encoding
class with extreme and random operands (fixed seed: the file is the same on
every run). The decoder test compares its decoding with objdump's."""
import random
import sys

rnd = random.Random(20261125)
out = []
emit = out.append

REGS = [0, 1, 2, 8, 15, 16, 31]
CREGS = [8, 9, 12, 15]


def regs(n, pool=REGS):
    combos = [tuple([r] * n) for r in pool]
    combos += [tuple(rnd.choice(range(32)) for _ in range(n)) for _ in range(6)]
    return combos


def imms(lo, hi, step=1, extra=()):
    vals = {lo, hi, 0 if lo <= 0 <= hi else lo, step if step <= hi else hi, -step if -step >= lo else lo}
    vals |= set(extra)
    for _ in range(4):
        vals.add(rnd.randrange(lo, hi + 1, 1) // step * step)
    return sorted(v for v in vals if lo <= v <= hi and v % step == 0)


emit(".option norelax")
emit(".option norvc")
emit(".text")
for op in "add sub sll slt sltu xor srl sra or and mul mulh mulhsu mulhu div divu rem remu".split():
    for rd, rs1, rs2 in regs(3):
        emit(f"{op} x{rd}, x{rs1}, x{rs2}")
for op in "addi slti sltiu xori ori andi".split():
    for (rd, rs1), imm in zip(regs(2) * 2, imms(-2048, 2047) * 3):
        emit(f"{op} x{rd}, x{rs1}, {imm}")
for op in "slli srli srai".split():
    for (rd, rs1), sh in zip(regs(2), [0, 1, 31, 16, 5, 30, 2, 17, 9, 3, 11, 12, 13]):
        emit(f"{op} x{rd}, x{rs1}, {sh}")
for op in "lb lh lw lbu lhu jalr".split():
    for (rd, rs1), imm in zip(regs(2) * 2, imms(-2048, 2047) * 3):
        emit(f"{op} x{rd}, {imm}(x{rs1})")
for op in "sb sh sw".split():
    for (rs2, rs1), imm in zip(regs(2) * 2, imms(-2048, 2047) * 3):
        emit(f"{op} x{rs2}, {imm}(x{rs1})")
for op in "beq bne blt bge bltu bgeu".split():
    for (rs1, rs2), off in zip(regs(2) * 2, imms(-4096, 4094, 2) * 3):
        emit(f"{op} x{rs1}, x{rs2}, . + {off}")
for op in "lui auipc".split():
    for (rd,), imm in zip(regs(1) * 2, imms(0, 0xfffff, 1, (0x80000, 0x7ffff)) * 3):
        emit(f"{op} x{rd}, {imm}")
for (rd,), off in zip(regs(1) * 2, imms(-(1 << 20), (1 << 20) - 2, 2) * 3):
    emit(f"jal x{rd}, . + {off}")
for op in "amoswap amoadd amoxor amoand amoor amomin amomax amominu amomaxu sc".split():
    for (rd, rs2, rs1), sfx in zip(regs(3), ["", ".aq", ".rl", ".aqrl"] * 4):
        emit(f"{op}.w{sfx} x{rd}, x{rs2}, (x{rs1})")
for (rd, rs1), sfx in zip(regs(2), ["", ".aq", ".rl", ".aqrl"] * 4):
    emit(f"lr.w{sfx} x{rd}, (x{rs1})")
for f in ["fence", "fence rw, rw", "fence i, o", "fence iorw, iorw", "fence.tso", "fence.i",
          "ecall", "ebreak"]:
    emit(f)

emit(".option rvc")
for (rd,), imm in zip(regs(1, CREGS) * 2, imms(4, 1020, 4) * 3):
    emit(f"c.addi4spn x{8 + rd % 8}, x2, {imm}")
for op in "c.lw c.sw".split():
    for (a, b), imm in zip(regs(2, CREGS) * 2, imms(0, 124, 4) * 3):
        emit(f"{op} x{8 + a % 8}, {imm}(x{8 + b % 8})")
emit("c.nop")
for (rd,), imm in zip(regs(1, [1, 2, 10, 31]) * 2, [-32, -1, 1, 31, 7, -9, 16, -17] * 2):
    emit(f"c.addi x{rd or 1}, {imm}")
    emit(f"c.li x{rd or 1}, {imm}")
    emit(f"c.andi x{8 + rd % 8}, {imm}")
for off in imms(-2048, 2046, 2):
    emit(f"c.jal . + {off}")
    emit(f"c.j . + {off}")
for imm in imms(-512, 496, 16):
    if imm:
        emit(f"c.addi16sp x2, {imm}")
for (rd,), imm in zip(regs(1, [1, 3, 10, 31]) * 2, [1, 31, 0xfffe0, 0xfffff, 5, 0xffff0, 16, 2]):
    if rd not in (0, 2):
        emit(f"c.lui x{rd}, {imm}")
for op in "c.srli c.srai".split():
    for (rd,), sh in zip(regs(1, CREGS) * 2, [1, 31, 16, 7, 2, 30, 3, 5]):
        emit(f"{op} x{8 + rd % 8}, {sh}")
for op in "c.sub c.xor c.or c.and".split():
    for a, b in regs(2, CREGS):
        emit(f"{op} x{8 + a % 8}, x{8 + b % 8}")
for op in "c.beqz c.bnez".split():
    for (rs1,), off in zip(regs(1, CREGS) * 2, imms(-256, 254, 2) * 3):
        emit(f"{op} x{8 + rs1 % 8}, . + {off}")
for (rd,), sh in zip(regs(1, [1, 2, 10, 31]) * 2, [1, 31, 16, 7, 2, 30, 3, 5]):
    if rd:
        emit(f"c.slli x{rd}, {sh}")
for (rd,), imm in zip(regs(1, [1, 2, 10, 31]) * 2, imms(0, 252, 4) * 3):
    if rd:
        emit(f"c.lwsp x{rd}, {imm}(x2)")
    emit(f"c.swsp x{rd}, {imm}(x2)")
for (a, b) in regs(2, [1, 2, 10, 31]):
    if a:
        emit(f"c.jr x{a}")
        emit(f"c.jalr x{a}")
    if a and b:
        emit(f"c.mv x{a}, x{b}")
        emit(f"c.add x{a}, x{b}")
emit("c.ebreak")
# Hint encodings (defined no-ops) the assembler will not write by name.
for h in [0x0005, 0x4005, 0x802a, 0x902a, 0x0006, 0x0502, 0x6005, 0x0581, 0x8001, 0x8401]:
    emit(f".insn 0x{h:04x}")

with open(sys.argv[1], "w") if len(sys.argv) > 1 else sys.stdout as f:
    f.write("\n".join(out) + "\n")
