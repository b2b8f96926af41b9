#!/usr/bin/env python3
"""count_insns.py [--qemu PATH | --uvm UVM --xlate XLATE] MANIFEST [PROGRAM...] — counts
the RISC-V instructions each corpus run executes. With --uvm: `xlate -O0 ELF | uvm run
--json` (insns_retired; fast). Otherwise qemu-riscv32 translating one instruction per
block and logging every executed block (-singlestep -d exec,nochain) into a pipe: slow
(~0.5-1 M instructions/s) but needs no plugin. Prints 'program variant input count'."""
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


def count_uvm(xlate, uvm, elf, inp):
    x = subprocess.Popen([xlate, "-O0", elf], stdout=subprocess.PIPE)
    p = subprocess.run([uvm, "run", "--json", "--input", inp, "-"], stdin=x.stdout,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    x.stdout.close()
    x.wait()
    stats = json.loads(p.stderr.decode().strip().splitlines()[-1])
    return stats["insns_retired"], p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qemu", default="qemu-riscv32")
    ap.add_argument("--uvm")
    ap.add_argument("--xlate")
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
        if a.uvm:
            n, rc = count_uvm(a.xlate, a.uvm, e["elf"], e["input"])
        else:
            n, rc = count(a.qemu, e["elf"], e["input"])
        print(f"{e['program']:11} {e['variant']:8} {e['input_name']:6} {n:>11,} exit {rc}", flush=True)


if __name__ == "__main__":
    main()
