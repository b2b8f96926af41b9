#!/usr/bin/env python3
"""test_blocks.py — the block tier end to end through the CLIs (docs/blocks.md).

  --suggest-blocks is deterministic (same bytes twice) and so is the .uisa of
  -O0/-O1 --blocks; a block list profiled on the small input runs the medium
  input with the expected output and the -O0 instruction count (cold paths fall
  back to base uops), also on an RVC build; --list shows the blocks; bad block
  files get one-line errors; a fault in step 3 of a 5-step block stops at that
  step's pc with the earlier steps retired and prints what qemu-riscv32 prints;
  `uvm prove` + `uvm verify` accept a -O1 --blocks program.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--xlate", required=True)
ap.add_argument("--uvm", required=True)
ap.add_argument("--corpus", required=True, help="build/corpus")
ap.add_argument("--fault-elf", required=True)
ap.add_argument("--qemu")
ap.add_argument("--no-prove", action="store_true")
a = ap.parse_args()
tmp = tempfile.mkdtemp(prefix="uvm_blocks_")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    return cond


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, timeout=600, **kw)


def corpus(name, ext):
    return os.path.join(a.corpus, f"{name}{ext}")


def suggest(elf, inp):
    r = run([a.xlate, "--suggest-blocks", "--input", inp, elf])
    check(r.returncode == 0, f"suggest {elf}: {r.stderr.decode().strip()}")
    return r.stdout


def xlate(elf, *opts):
    r = run([a.xlate, *opts, elf, "-o", "-"])
    check(r.returncode == 0, f"xlate {opts} {elf}: {r.stderr.decode().strip()}")
    return r.stdout


def uvm_run(uisa, inp):
    path = os.path.join(tmp, "p.uisa")
    with open(path, "wb") as f:
        f.write(uisa)
    r = run([a.uvm, "run", "--json", "--input", inp, path])
    stats = json.loads(r.stderr.decode().strip().splitlines()[-1])
    return r, stats


def block_lines(text):
    return [l.split() for l in text.decode().splitlines() if l.strip() and not l.startswith("#")]


def test_program(prog):
    elf = corpus(prog, "")
    small, medium = corpus(prog.split(".")[0], ".small.in"), corpus(prog.split(".")[0], ".medium.in")
    expected = open(corpus(prog.split(".")[0], ".medium.expected"), "rb").read()
    l1, l2 = suggest(elf, small), suggest(elf, small)
    check(l1 == l2, f"{prog}: --suggest-blocks differs between two runs")
    check(len(block_lines(l1)) > 0, f"{prog}: no block suggested")
    blocks = os.path.join(tmp, f"{prog}.blocks")
    with open(blocks, "wb") as f:
        f.write(l1)
    r0, s0 = uvm_run(xlate(elf, "-O0"), medium)
    for level in ("-O0", "-O1"):
        u1, u2 = xlate(elf, level, "--blocks", blocks), xlate(elf, level, "--blocks", blocks)
        check(u1 == u2, f"{prog} {level} --blocks: .uisa differs between two runs")
        check(u1 != xlate(elf, level), f"{prog} {level} --blocks: the blocks changed nothing")
        r, s = uvm_run(u1, medium)
        check(r.stdout == expected and r.returncode == r0.returncode,
              f"{prog} {level} --blocks on the medium input: wrong output or exit {r.returncode}")
        check(s["insns_retired"] == s0["insns_retired"],
              f"{prog} {level} --blocks: {s['insns_retired']} instructions, -O0 {s0['insns_retired']}")
        check(0 < s["block_insns"] <= s["insns_retired"] and s0["block_insns"] == 0,
              f"{prog} {level} --blocks: {s['block_insns']} instructions in blocks")
        print(f"{prog} {level} --blocks: {s['block_insns']} of {s['insns_retired']} instructions "
              f"of the medium run in blocks ({100 * s['block_insns'] / s['insns_retired']:.1f}%)")
    listing = run([a.xlate, "-O1", "--blocks", blocks, "--list", elf]).stdout.decode()
    check("block 0 (" in listing and "step 1:" in listing, f"{prog}: --list shows no block")
    return blocks


def bad_block_files(elf, blocks):
    """Each bad list: exit 1, one line on stderr naming the file and line."""
    first = block_lines(open(blocks, "rb").read())[0]
    pc, n = int(first[0], 16), int(first[1])
    listing = run([a.xlate, "--list", elf]).stdout.decode()
    inner = re.search(r"^\s+([0-9a-f]{8}):", listing.split(f"{pc:08x}:", 1)[1], re.M).group(1)
    cases = {
        "unknown pc": (b"0x00000004 2\n", "is not in the code"),
        "not a block start": (f"0x{inner} 2\n".encode(), "is not the start of a basic block"),
        "count past the end": (f"# x\n0x{pc:08x} {n + 1}\n".encode(), "runs past the end"),
        "garbage": (b"hello world\n", "expected 'PC COUNT'"),
        "too long": (f"0x{pc:08x} 33\n".encode(), "a block has 2..32"),
        "twice": (f"0x{pc:08x} 2\n0x{pc:08x} 2\n".encode(), "listed twice"),
        "NUL": (b"0x00010000\x00 2\n", "NUL"),
    }
    for what, (text, want) in cases.items():
        if what == "count past the end" and n >= 32:
            continue
        path = os.path.join(tmp, "bad.blocks")
        with open(path, "wb") as f:
            f.write(text)
        r = run([a.xlate, "-O1", "--blocks", path, elf, "-o", os.path.join(tmp, "bad.uisa")])
        err = r.stderr.decode()
        check(r.returncode == 1 and err.count("\n") == 1 and want in err and "bad.blocks:" in err,
              f"bad block file ({what}): exit {r.returncode}, stderr {err!r}")
    r = run([a.xlate, "-O1", "--blocks", os.path.join(tmp, "missing"), elf, "-o", "/dev/null"])
    check(r.returncode == 1 and r.stderr.decode().count("\n") == 1, "missing block file")


def fault_in_block():
    """The 5-step block of guest_blockfault.S faults in step 3 (at `fault`)."""
    listing = run([a.xlate, "--list", a.fault_elf]).stdout.decode()
    pcs = {m.group(2): int(m.group(1), 16) for m in re.finditer(r"^([0-9a-f]{8}) <(\w+)>:", listing, re.M)}
    path = os.path.join(tmp, "fault.blocks")
    with open(path, "w") as f:
        f.write(f"0x{pcs['block']:08x} 5\n")
    outs = []
    for opts in (["-O0"], ["-O1", "--blocks", path]):
        r, s = uvm_run(xlate(a.fault_elf, *opts), "/dev/null")
        check(s["stop"] == "fault" and s["pc"] == pcs["fault"] and s["fault"] == "load-unmapped",
              f"fault guest {opts}: {s}")
        outs.append((r.stdout, r.returncode, s["insns_retired"]))
    check(outs[0] == outs[1], f"fault guest: -O0 {outs[0]} and --blocks {outs[1]} differ")
    if a.qemu:
        q = run([a.qemu, a.fault_elf])
        check(q.stdout == outs[1][0] and q.returncode in (-11, 139) and outs[1][1] == 139,
              f"fault guest: qemu {q.returncode} {q.stdout!r}, uvm {outs[1][:2]}")


def prove_and_verify(prog, blocks):
    uisa = os.path.join(tmp, "prove.uisa")
    with open(uisa, "wb") as f:
        f.write(xlate(corpus(prog, ""), "-O1", "--blocks", blocks))
    proof = os.path.join(tmp, "prove.uvp")
    inp = corpus(prog.split(".")[0], ".small.in")
    r = run([a.uvm, "prove", "--input", inp, uisa, "-o", proof])
    check(r.returncode == 0, f"prove {prog} -O1 --blocks: {r.stderr.decode().strip()[-300:]}")
    r = run([a.uvm, "verify", proof, "--program", uisa])
    check(r.returncode == 0 and "proof accepted" in r.stderr.decode(),
          f"verify {prog} -O1 --blocks: {r.stderr.decode().strip()[-300:]}")
    # the verifier translating the ELF again with the same block list
    r = run([a.uvm, "verify", proof, "--elf", corpus(prog, ""), "-O1", "--blocks", blocks])
    check(r.returncode == 0 and "proof accepted" in r.stderr.decode(),
          f"verify --elf {prog} -O1 --blocks: {r.stderr.decode().strip()[-300:]}")


lists = {p: test_program(p) for p in ("sort.gcc.elf", "keccak.gcc.elf", "interp.gcc.elf",
                                       "sort.gcc-rvc.elf")}
bad_block_files(corpus("sort.gcc.elf", ""), lists["sort.gcc.elf"])
fault_in_block()
if not a.no_prove:
    prove_and_verify("sort.gcc.elf", lists["sort.gcc.elf"])
    prove_and_verify("sort.gcc-rvc.elf", lists["sort.gcc-rvc.elf"])
if failures:
    sys.exit(f"{len(failures)} failure(s)")
print("ok: block tier end to end")
