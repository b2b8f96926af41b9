#!/usr/bin/env python3
"""fake_uvm.py: stands in for both xlate and uvm so selftest.py can check that rvdiff finds
and names injected differences. Invariant: in mode 'ok' it behaves exactly like qemu.

  fake_uvm.py ELF            (as xlate) copies the ELF to stdout
  fake_uvm.py run -          (as uvm) runs the ELF read from stdin on $FAKE_QEMU, then applies
                             $FAKE_MODE: ok | reg7 (flip bit 0 of x7) | buf100 (flip buf[100])
                             | exit (exit code + 1) | amoswap (flip x5 only if the text holds
                             an amoswap.w)
"""
import os
import struct
import subprocess
import sys
import tempfile


def has_amoswap(elf):
    # AMO major opcode 0x2f with funct5 00001 (amoswap); scan the first 4 KiB of text, which
    # starts at file offset 0x1000 in rvdiff's links. Compressed code may misalign words, so
    # try both half-word phases.
    text = elf[0x1000:0x2000]
    for phase in (0, 2):
        n = (len(text) - phase) // 4
        for w in struct.unpack_from("<%dI" % n, text, phase):
            if (w & 0x7f) == 0x2f and (w >> 27) == 1 and ((w >> 12) & 7) == 2:
                return True
    return False


def main():
    if sys.argv[1:] == ["--help"]:
        print("usage: fake_uvm.py run -")
        return 0
    if sys.argv[1] != "run":
        sys.stdout.buffer.write(open(sys.argv[1], "rb").read())
        return 0
    elf = sys.stdin.buffer.read()
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "p.elf")
        with open(path, "wb") as f:
            f.write(elf)
        os.chmod(path, 0o755)   # qemu-user refuses to load a file without execute permission
        p = subprocess.run([os.environ["FAKE_QEMU"], path], capture_output=True)
    sys.stderr.buffer.write(p.stderr)
    out, rc = bytearray(p.stdout), p.returncode
    mode = os.environ.get("FAKE_MODE", "ok")
    dump = len(out) - 128 - 4096     # the final dump follows any mid-program writes
    if mode == "reg7":
        out[dump + 4 * 7] ^= 1
    elif mode == "buf100":
        out[dump + 128 + 100] ^= 1
    elif mode == "exit":
        rc = (rc + 1) & 0xff
    elif mode == "amoswap" and has_amoswap(elf):
        out[dump + 4 * 5] ^= 1
    sys.stdout.buffer.write(out)
    return rc


if __name__ == "__main__":
    sys.exit(main())
