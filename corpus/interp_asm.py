"""interp_asm.py — assembler for corpus/progs/interp.c's bytecode (opcode numbers must
match its `enum op`) and the benchmark program gen_inputs.py feeds it."""
import struct

OPS = ["HALT", "PUSH", "POP", "DUP", "SWAP", "OVER", "ADD", "SUB", "MUL", "DIVU", "REMU",
       "AND", "OR", "XOR", "SHL", "SHR", "LTU", "EQ", "LOAD", "STORE", "JMP", "JZ", "JNZ",
       "CALL", "RET", "PRINT", "HASH", "NOT"]
OPERAND = {"PUSH": 4, "LOAD": 1, "STORE": 1, "JMP": 2, "JZ": 2, "JNZ": 2, "CALL": 2}


def assemble(lines):
    """lines: 'label:' or 'OP [arg]'. Jumps take labels (relative), CALL a label (absolute)."""
    labels, pc, items = {}, 0, []
    for line in lines:
        line = line.strip()
        if line.endswith(":"):
            labels[line[:-1]] = pc
            continue
        parts = line.split()
        items.append((pc, parts))
        pc += 1 + OPERAND.get(parts[0], 0)
    out = bytearray()
    for pc, parts in items:
        op = parts[0]
        out.append(OPS.index(op))
        if op == "PUSH":
            out += struct.pack("<I", int(parts[1], 0) & 0xFFFFFFFF)
        elif op in ("LOAD", "STORE"):
            out.append(int(parts[1]))
        elif op in ("JMP", "JZ", "JNZ"):
            out += struct.pack("<h", labels[parts[1]] - (pc + 3))
        elif op == "CALL":
            out += struct.pack("<H", labels[parts[1]])
    return bytes(out)


def program(n):
    """Loop i < n: acc = (acc ^ i*i) * K; hash collatz-ish f(i); print acc at the end."""
    return assemble(f"""
        PUSH 0
        STORE 0
        PUSH 0
        STORE 1
    loop:
        LOAD 0
        PUSH {n}
        LTU
        JZ end
        LOAD 1
        LOAD 0
        DUP
        MUL
        XOR
        PUSH 2654435761
        MUL
        STORE 1
        LOAD 0
        CALL f
        HASH
        LOAD 0
        PUSH 1
        ADD
        STORE 0
        JMP loop
    end:
        LOAD 1
        PRINT
        LOAD 0
        PRINT
        HALT
    f:
        DUP
        PUSH 1
        AND
        JZ even
        PUSH 3
        MUL
        PUSH 1
        ADD
        RET
    even:
        PUSH 1
        SHR
        DUP
        PUSH 1000003
        REMU
        XOR
        RET
    """.strip().splitlines())
