#!/usr/bin/env python3
"""suggest_guests.py — xlate --suggest-hints on guest_suggest.c's two ELFs.

  usage: suggest_guests.py XLATE REPRO.elf RENAMED.elf
  REPRO    issue 18's reproducer (keccak-f inlined into main, the round constants
           in main): no hint line at all, and a comment rejecting keccak_f1600 main.
  RENAMED  permute / copy_fwd / fill (names and shapes no rule knows, no Keccak
           constants) are suggested as keccak_f1600 / memcpy / memset, by behaviour.
  Both: the output is byte-identical across two runs, and `xlate -O2 --hints` with
  it (the hint check on, the default) accepts it.
"""
import os, subprocess, sys, tempfile

FAILS = []


def fail(msg):
    FAILS.append(msg)
    print("FAIL:", msg)


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def suggest(xlate, elf):
    r1, r2 = run([xlate, "--suggest-hints", elf]), run([xlate, "--suggest-hints", elf])
    if r1.returncode or r2.returncode:
        fail(f"--suggest-hints {elf}: rc {r1.returncode}: {r1.stderr.decode().strip()}")
    if r1.stdout != r2.stdout:
        fail(f"{elf}: two runs of --suggest-hints differ")
    text = r1.stdout.decode()
    hints = [tuple(l.split()[:2]) for l in text.splitlines() if l.strip() and not l.startswith("#")]
    return text, hints


def accepted_by_o2(xlate, elf, text, tmp):
    h = os.path.join(tmp, os.path.basename(elf) + ".hints")
    with open(h, "w") as f:
        f.write(text)
    r = run([xlate, "-O2", "--check-hints", "--hints", h, "-o", os.path.join(tmp, "o.uisa"), elf])
    if r.returncode:
        fail(f"{elf}: xlate -O2 --hints SUGGESTED refused: {r.stderr.decode().strip()}")


def main():
    xlate, repro, renamed = sys.argv[1:4]
    with tempfile.TemporaryDirectory(prefix="suggest-") as tmp:
        text, hints = suggest(xlate, repro)
        if any(op == "keccak_f1600" for op, _ in hints):
            fail(f"reproducer: a keccak_f1600 hint was printed: {hints}")
        if not any(l.startswith("# keccak_f1600 ") and "(main): rejected: trial 0" in l
                   for l in text.splitlines()):
            fail("reproducer: no comment rejecting keccak_f1600 main:\n" + text)
        accepted_by_o2(xlate, repro, text, tmp)

        text, hints = suggest(xlate, renamed)
        want = {("keccak_f1600", "permute"), ("memcpy", "copy_fwd"), ("memset", "fill")}
        if set(hints) != want | {("memcpy", "copy_rvc")}:
            fail(f"renamed: suggested {sorted(hints)}, want {sorted(want)} and memcpy copy_rvc")
        for op, fn in want:
            if not any(l.split()[:2] == [op, fn] and "behaviour (no rule matched)" in l
                       for l in text.splitlines()):
                fail(f"renamed: {op} {fn} not marked as found by behaviour alone")
        # copy_rvc hides a c.jal in a 4-byte instruction's upper half: the shape
        # rule must walk by instruction length to see its byte loop
        if not any(l.split()[:2] == ["memcpy", "copy_rvc"] and "byte-loop shape and behaviour" in l
                   for l in text.splitlines()):
            fail("renamed: memcpy copy_rvc not found by the byte-loop shape rule:\n" + text)
        accepted_by_o2(xlate, renamed, text, tmp)
    if FAILS:
        print(f"{len(FAILS)} failure(s)")
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
