#!/usr/bin/env python3
"""run_both.py QEMU XLATE UVM ELF — the ELF must give the same stdout and exit
code on qemu-riscv32 and through `xlate ELF | uvm run -`."""
import subprocess
import sys

qemu, xlate, uvm, elf = sys.argv[1:5]
q = subprocess.run([qemu, elf], capture_output=True, timeout=60)
t = subprocess.run([xlate, elf], capture_output=True, timeout=60)
if t.returncode != 0:
    sys.exit(f"xlate failed: {t.stderr.decode().strip()}")
u = subprocess.run([uvm, "run", "-"], input=t.stdout, capture_output=True, timeout=60)
if (q.stdout, q.returncode) != (u.stdout, u.returncode):
    sys.exit(f"qemu exit {q.returncode} out {q.stdout!r}; uvm exit {u.returncode} out {u.stdout!r} "
             f"err {u.stderr.decode().strip()}")
print(f"same: exit {q.returncode}, {len(q.stdout)} bytes of output")
