#!/usr/bin/env python3
"""count_insns.py [--qemu PATH] MANIFEST [PROGRAM...] — counts the RISC-V instructions
each corpus run executes, with qemu-riscv32 translating one instruction per block and
logging every block it executes (-singlestep -d exec,nochain) into a pipe. Slow (about
1-3 M instructions/s) but needs no plugin. Prints 'program variant input count'."""
import argparse
import json
import os
import subprocess
import tempfile


def count(qemu, elf, inp):
    with tempfile.TemporaryDirectory() as d:
        fifo = os.path.join(d, "log")
        os.mkfifo(fifo)
        with open(inp, "rb") as fin:
            p = subprocess.Popen([qemu, "-singlestep", "-d", "exec,nochain", "-D", fifo, elf],
                                 stdin=fin, stdout=subprocess.DEVNULL)
            n = 0
            with open(fifo, "rb") as log:
                for line in log:
                    n += line.startswith(b"Trace")
            p.wait()
    return n, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qemu", default="qemu-riscv32")
    ap.add_argument("--variants", default="gcc,clang,gcc-rvc")
    ap.add_argument("--inputs", default="small,large")
    ap.add_argument("manifest")
    ap.add_argument("programs", nargs="*")
    a = ap.parse_args()
    for e in json.load(open(a.manifest))["entries"]:
        if a.programs and e["program"] not in a.programs:
            continue
        if e["variant"] not in a.variants.split(",") or e["input_name"] not in a.inputs.split(","):
            continue
        n, rc = count(a.qemu, e["elf"], e["input"])
        print(f"{e['program']:11} {e['variant']:8} {e['input_name']:6} {n:>11,} exit {rc}", flush=True)


if __name__ == "__main__":
    main()
