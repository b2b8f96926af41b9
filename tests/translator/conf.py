#!/usr/bin/env python3
"""conf.py — conformance of xlate | uvm on hand-written guests (issue 17).

usage: conf.py --xlate X --uvm U [--qemu Q] [--manifest M] NAME=ELF ...

NAMEs are guest_conf.S's variants (UNIMP ILLEGAL RUNIMP DATA SMC SAME PATCHED),
TRAP (guest_trap.c, built by clang) and TOP (guest_top.S: code that ends at
exactly 2^32). Checks, each failing with one line:
  - a guest whose untranslatable word is never executed translates (with a
    one-line note, silenced by --quiet-traps; refused by --strict, naming the
    word and its decoding) and gives qemu's output and exit code;
  - executing such a word, or code overwritten since translation, is a guest
    fault (exit 139) with one line naming the pc, and uvm prove refuses the
    run before proving with the same line; stores into an RWX code segment
    work as on qemu, and uvm prove refuses them (the proof keeps code
    read-only); a run whose trap is never reached proves and verifies;
  - uvm prove -o DIR fails before proving; xlate DIR says it is a directory;
  - the hints file is read once (a pipe works, with the hint check on), a NUL
    byte and a conflict are named at their line (needs the corpus manifest).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

UNIMP_LINE = "unsupported instruction 0xc0001073 (csrrw, Zicsr extension)"
SMC_PC = 0x1001c  # guest_conf.S SMC: li (4) + la (8) + li (8) + sw (4) + fence.i (4) from 0x10000
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def run(cmd, stdin=None, **kw):
    return subprocess.run(cmd, input=stdin, capture_output=True, timeout=120, **kw)


def translate(a, elf, out, extra=()):
    return run([a.xlate, *extra, elf, "-o", out])


def check_xlate_flags(a, name, elf, tmp, want_pc, strict_msg):
    out = os.path.join(tmp, name + ".uisa")
    r = translate(a, elf, out)
    err = r.stderr.decode()
    note = f"note: 1 word cannot be translated (first at pc 0x{want_pc:08x})"
    if r.returncode != 0 or note not in err or err.count("\n") != 1:
        fail(f"{name}: xlate: want rc 0 and one note line with {note!r}, got rc {r.returncode}: {err!r}")
    r = translate(a, elf, os.path.join(tmp, "q.uisa"), ["--quiet-traps"])
    if r.returncode != 0 or r.stderr:
        fail(f"{name}: xlate --quiet-traps: rc {r.returncode}, stderr {r.stderr!r}")
    r = translate(a, elf, os.path.join(tmp, "s.uisa"), ["--strict"])
    want = f"pc 0x{want_pc:08x}: {strict_msg}"
    err = r.stderr.decode()
    if r.returncode != 1 or want not in err or err.count("\n") != 1:
        fail(f"{name}: xlate --strict: want rc 1 and {want!r}, got rc {r.returncode}: {err!r}")
    r = translate(a, elf, os.path.join(tmp, "l.uisa"), ["--allow-unsupported", "--quiet-traps"])
    if r.returncode != 0 or open(out, "rb").read() != open(os.path.join(tmp, "l.uisa"), "rb").read():
        fail(f"{name}: --allow-unsupported is not the default translation")
    return out


def same_as_qemu(a, name, elf, uisa, inp=b""):
    u = run([a.uvm, "run", "--input", "/dev/stdin", uisa], stdin=inp)
    if not a.qemu:
        return u
    q = run([a.qemu, elf], stdin=inp)
    if (q.stdout, q.returncode) != (u.stdout, u.returncode):
        fail(f"{name}: qemu exit {q.returncode} out {q.stdout!r}; uvm exit {u.returncode} "
             f"out {u.stdout!r} err {u.stderr.decode().strip()}")
    return u


def fault_line(a, name, uisa, line, inp=b""):
    """uvm run faults with exactly `line`; uvm prove refuses the run with it."""
    u = run([a.uvm, "run", "--input", "/dev/stdin", uisa], stdin=inp)
    if u.returncode != 139 or u.stderr.decode() != f"uvm: {line}\n":
        fail(f"{name}: uvm run: want 139 and {line!r}, got {u.returncode}: {u.stderr!r}")
    prove_refused(a, name, uisa, line, inp)


def prove_refused(a, name, uisa, line, inp=b""):
    with tempfile.TemporaryDirectory() as d:
        inf = os.path.join(d, "in")
        with open(inf, "wb") as f:
            f.write(inp)
        out = os.path.join(d, "p.uvp")
        r = run([a.uvm, "prove", "--input", inf, "-o", out, uisa])
        want = f"uvm: prove: {line}; no proof written\n"
        if r.returncode != 1 or r.stderr.decode() != want or os.path.exists(out):
            fail(f"{name}: uvm prove: want rc 1 and {want!r}, got {r.returncode}: {r.stderr!r}")


def check_guests(a, elfs, tmp):
    unimp = check_xlate_flags(a, "UNIMP", elfs["UNIMP"], tmp, 0x1000c, UNIMP_LINE)
    same_as_qemu(a, "UNIMP", elfs["UNIMP"], unimp)
    ill = check_xlate_flags(a, "ILLEGAL", elfs["ILLEGAL"], tmp, 0x1000c,
                            "illegal instruction 0xffffffff")
    same_as_qemu(a, "ILLEGAL", elfs["ILLEGAL"], ill)
    # data in .text: its low half decodes as c.fld (D extension), the program
    # changes it (RWX) and prints it
    data = check_xlate_flags(a, "DATA", elfs["DATA"], tmp, 0x10030,
                             "unsupported instruction 0x2004 (c.fld, D extension)")
    u = same_as_qemu(a, "DATA", elfs["DATA"], data)
    if u.returncode != 0 or u.stdout != (0x12342004 + 0x101).to_bytes(4, "little"):
        fail(f"DATA: want the changed word and exit 0, got {u.returncode} {u.stdout!r}")
    trap = check_xlate_flags(a, "TRAP", elfs["TRAP"], tmp, find_word(elfs["TRAP"], 0xc0001073),
                             UNIMP_LINE)
    same_as_qemu(a, "TRAP", elfs["TRAP"], trap)
    pc = find_word(elfs["TRAP"], 0xc0001073)
    fault_line(a, "TRAP", trap, f"guest fault at pc 0x{pc:08x}: {UNIMP_LINE}", b"x")
    if a.qemu and run([a.qemu, elfs["TRAP"]], stdin=b"x").returncode == 0:
        fail("TRAP: qemu ran the trap path without a fault: the guest does not test it")

    def plain(name):
        out = os.path.join(tmp, name + ".uisa")
        r = translate(a, elfs[name], out, ["--quiet-traps"])
        if r.returncode:
            fail(f"{name}: xlate: {r.stderr.decode().strip()}")
        return out

    fault_line(a, "RUNIMP", plain("RUNIMP"), f"guest fault at pc 0x00010004: {UNIMP_LINE}")
    smc = plain("SMC")
    fault_line(a, "SMC", smc, f"guest fault at pc 0x{SMC_PC:08x}: self-modifying code is not "
               "supported: the instruction here was overwritten after translation")
    if a.qemu and run([a.qemu, elfs["SMC"]]).returncode != 42:
        fail("SMC: qemu does not run the new instruction: the guest does not test it")
    for name, code in (("SAME", 7), ("PATCHED", 3)):
        u = same_as_qemu(a, name, elfs[name], plain(name))
        if u.returncode != code:
            fail(f"{name}: want exit {code}, got {u.returncode}: {u.stderr.decode().strip()}")
    prove_refused(a, "PATCHED", plain("PATCHED"), "pc 0x0001000c: a store to 0x00010000 writes "
                  "the code segment (RWX): not provable, the proof keeps code read-only")
    top = plain("TOP")
    u = run([a.uvm, "run", top])
    if u.returncode != 5:
        fail(f"TOP: code ending at 2^32: want exit 5, got {u.returncode}: {u.stderr.decode().strip()}")
    # proving: the unreached trap proves and verifies; -o DIR fails before proving
    proof = os.path.join(tmp, "unimp.uvp")
    r = run([a.uvm, "prove", "--proof-size", "fast", "-o", proof, unimp])
    v = run([a.uvm, "verify", proof, "--program", unimp, "--min-security", "conjectured:90"])
    if r.returncode or v.returncode or b"exit code 3" not in v.stderr:
        fail(f"UNIMP: prove rc {r.returncode} {r.stderr.decode().strip()}; verify rc "
             f"{v.returncode} {v.stderr.decode().strip()[-200:]}")
    r = run([a.xlate, "-o", os.path.join(tmp, "d.uisa"), tmp])
    if r.returncode != 1 or r.stderr.decode() != f"xlate: {tmp}: Is a directory\n":
        fail(f"xlate DIR: rc {r.returncode}: {r.stderr!r}")
    r = run([a.uvm, "prove", "-o", tmp, unimp])
    if r.returncode != 2 or r.stderr.decode() != f"uvm: {tmp}: is a directory, not a proof file; " \
                                                 "no proof written\n":
        fail(f"prove -o DIR: rc {r.returncode}: {r.stderr!r}")


def find_word(elf, word):
    """The address of the first 4-aligned `word` in the ELF's first PT_LOAD with X."""
    b = open(elf, "rb").read()
    phoff, phnum = int.from_bytes(b[28:32], "little"), int.from_bytes(b[44:46], "little")
    for i in range(phnum):
        ph = b[phoff + 32 * i: phoff + 32 * i + 32]
        typ, off, va, fsz, flags = (int.from_bytes(ph[k:k + 4], "little") for k in (0, 4, 8, 16, 24))
        if typ == 1 and flags & 1:
            for k in range(0, fsz - 3, 2):
                if int.from_bytes(b[off + k: off + k + 4], "little") == word:
                    return va + k
    sys.exit(f"{elf}: no word 0x{word:08x} in its code")


def check_hints(a, man, tmp):
    elf = man["programs"]["sha256"]["elfs"]["gcc"]
    hints = "memcpy memcpy\nmemset memset\n"  # not annotated in the ELF: the file adds them
    h = os.path.join(tmp, "h.txt")
    with open(h, "w") as f:
        f.write(hints)
    ref = run([a.xlate, "-O2", "--hints", h, "-o", "-", elf])
    bare = run([a.xlate, "-O2", "-o", "-", elf])
    # the file through a pipe, as `--hints <(cat h.txt)` gives it: the hint check
    # and the translation both need it
    rfd, wfd = os.pipe()
    p = subprocess.Popen([a.xlate, "-O2", "--hints", f"/dev/fd/{rfd}", "-o", "-", elf],
                         pass_fds=(rfd,), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(rfd)
    os.write(wfd, hints.encode())
    os.close(wfd)
    out, err = p.communicate(timeout=120)
    if ref.returncode or p.returncode or out != ref.stdout or out == bare.stdout:
        fail(f"hints through a pipe: rc {p.returncode} ({err.decode().strip()}); same bytes as "
             f"from the file: {out == ref.stdout}; hints applied: {out != bare.stdout}")
    # a NUL byte is named as such; a conflict at the later line, naming the earlier
    for label, text, wants in (
            ("nul", b"# ok\nmemcpy mem\0cpy\n", [":2: a NUL byte in the line"]),
            ("conflict", b"memset memset\nmemcpy memcpy\n# x\nmemmove memcpy\n",
             [":4: 0x", "hinted as both memcpy and memmove (memcpy by {hf}:2)"])):
        hf = os.path.join(tmp, label + ".hints")
        with open(hf, "wb") as f:
            f.write(text)
        r = run([a.xlate, "-O0", "--native", "--no-check-hints", "--hints", hf, "-o", "-", elf])
        e = r.stderr.decode()
        wants = [hf + wants[0]] + [w.format(hf=hf) for w in wants[1:]]
        if r.returncode != 1 or any(w not in e for w in wants) or e.count("\n") != 1:
            fail(f"hints {label}: want rc 1 and {wants}, got {r.returncode}: {e!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--xlate", required=True)
    ap.add_argument("--uvm", required=True)
    ap.add_argument("--qemu", default="")
    ap.add_argument("--manifest", default="")
    ap.add_argument("elfs", nargs="+")
    a = ap.parse_args()
    elfs = dict(e.split("=", 1) for e in a.elfs)
    with tempfile.TemporaryDirectory() as tmp:
        check_guests(a, elfs, tmp)
        if a.manifest:
            check_hints(a, json.load(open(a.manifest)), tmp)
    if failures:
        sys.exit(f"{len(failures)} failure(s)")
    print("all conformance checks passed" + ("" if a.qemu else " (no qemu: outputs not compared)"))


if __name__ == "__main__":
    main()
