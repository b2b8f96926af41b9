#!/usr/bin/env python3
"""test_ngram.py — the n-gram profiler on a known program: a 5-iteration loop
(addi t0,-1; addi t1,3; bne t0) between straight-line code. Expected counts are
worked out by hand from the program below, not taken from the tool.

  test_ngram.py AS LD XLATE NGRAM SCRATCH     (exit 77 = skipped: no assembler)"""
import os
import subprocess
import sys

PROG = """
    .globl _start
_start:
    addi t0, zero, 5
loop:
    addi t0, t0, -1
    addi t1, t1, 3
    bne t0, zero, loop
    addi a7, zero, 93
    addi a0, zero, 0
    ecall
"""

EXPECT = {
    "#insns": 19,
    (1, "addi A,A,-1"): 5,
    (1, "addi A,A,k"): 5,
    (1, "bne A,0"): 5,
    (1, "addi A,0,k"): 2,          # t0 = 5 and a7 = 93
    (1, "addi A,0,0"): 1,
    (1, "ecall"): 1,
    (2, "addi A,A,-1; addi B,B,k"): 5,
    (2, "addi A,A,k; bne B,0"): 5,
    (2, "addi A,0,k; addi A,A,-1"): 1,
    (2, "addi A,0,k; addi B,0,0"): 1,
    (2, "addi A,0,0; ecall"): 1,
    (3, "addi A,A,-1; addi B,B,k; bne A,0"): 5,
    (3, "addi A,0,k; addi A,A,-1; addi B,B,k"): 1,
    (4, "addi A,0,k; addi A,A,-1; addi B,B,k; bne A,0"): 1,
}


def main():
    as_, ld, xlate, ngram, scratch = sys.argv[1:6]
    if not as_ or not ld:
        return 77
    os.makedirs(scratch, exist_ok=True)
    s, o, elf, prog = (os.path.join(scratch, "loop" + e) for e in (".s", ".o", ".elf", ".uisa"))
    open(s, "w").write(PROG)
    subprocess.run([as_, "-march=rv32im", "-mabi=ilp32", "-o", o, s], check=True)
    subprocess.run([ld, "-m", "elf32lriscv", "-Ttext=0x10000", "-o", elf, o], check=True)
    subprocess.run([xlate, "-O0", "-o", prog, elf], check=True)
    out = subprocess.run([ngram, prog], check=True, stdout=subprocess.PIPE, text=True).stdout
    got = {}
    for line in out.splitlines():
        f = line.split("\t")
        if f[0] == "#insns":
            got["#insns"] = int(f[1])
        else:
            got[(int(f[0]), f[2])] = int(f[1])
    bad = [f"{k}: want {v}, got {got.get(k)}" for k, v in EXPECT.items() if got.get(k) != v]
    # no gram may run past the branch: nothing after "bne" inside a shape
    bad += [f"gram crosses a branch: {k}" for k in got if k != "#insns" and "bne A,0;" in k[1]]
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
