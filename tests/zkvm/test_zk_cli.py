#!/usr/bin/env python3
"""test_zk_cli.py UVM GEN_ZK XLATE — `uvm prove` / `uvm verify` end to end on
small programs: accept, print the exit code, reject another program's proof, a
truncated file, and refuse unprovable runs without writing a proof; a run in
two segments (--segment-uops, --json per segment, quiet stderr when it is not
a terminal); write/read/brk (the output and input hash
from verify, also in several segments); `verify --elf` re-translating a tiny ELF when the RISC-V cross
compiler is installed."""
import hashlib, json, os, shutil, subprocess, sys, tempfile

uvm, gen, xlate = sys.argv[1], sys.argv[2], sys.argv[3]

ASM = """.globl _start
_start: li t0, 30
  li t1, 0
1: add t1, t1, t0
  addi t0, t0, -1
  bnez t0, 1b
  mv a0, t1
  li a7, 93
  ecall
"""

def elf_checks(d):
    cc = shutil.which("riscv64-unknown-elf-gcc")
    if not cc:
        print("skip verify --elf: no riscv64-unknown-elf-gcc")
        return
    src, elf, uisa, proof = (os.path.join(d, "t" + e) for e in (".S", ".elf", ".uisa", ".uvp"))
    open(src, "w").write(ASM)
    subprocess.run([cc, "-march=rv32i", "-mabi=ilp32", "-nostdlib", "-nostartfiles", "-o", elf,
                    src], check=True)
    subprocess.run([xlate, "-o", uisa, elf], check=True)
    r = run("prove", "-o", proof, uisa)
    assert r.returncode == 0, r.stderr
    r = run("verify", proof, "--elf", elf)
    assert r.returncode == 0 and "exit code 465" in r.stderr, r.stderr  # 30*31/2
    r = run("verify", proof, "--elf", elf, "--program", uisa)
    assert r.returncode == 0, r.stderr
    # the same ELF translated with fusion: refused, naming the program digest
    o1 = os.path.join(d, "t1.uisa")
    subprocess.run([xlate, "-O1", "-o", o1, elf], check=True)
    r = run("verify", proof, "--program", o1)
    assert r.returncode == 1 and "program digest" in r.stderr, r.stderr
    other = os.path.join(d, "sum.uisa")
    r = run("verify", proof, "--elf", elf, "--program", other)
    assert r.returncode == 2 and "ELF hash differs" in r.stderr, r.stderr
    r = run("verify", proof, "--elf", os.path.join(d, "missing.elf"))
    assert r.returncode == 2, r.stderr

def run(*args):
    return subprocess.run([uvm, *args], capture_output=True, text=True, timeout=280)

with tempfile.TemporaryDirectory() as d:
    p = {n: os.path.join(d, n + ".uisa") for n in ("sum", "branches", "unprovable", "io", "spin")}
    for n, f in p.items():
        subprocess.run([gen, n, f], check=True)
    proof = os.path.join(d, "sum.uvp")
    r = run("prove", "--json", "-o", proof, p["sum"])
    assert r.returncode == 0, r.stderr
    js = json.loads(r.stderr.strip().splitlines()[-1])
    assert js["exit_code"] == 55 and js["chips"]["add"]["rows"] > 0, js
    assert js["proof_bytes"] == os.path.getsize(proof)
    assert "trace_generation" in js["time_s"]
    # the default set is secure128: at least 128 provable (Johnson) bits
    assert js["security"]["johnson"]["bits"] >= 128, js["security"]
    r = run("verify", proof, "--program", p["sum"])
    assert r.returncode == 0 and "exit code 55" in r.stderr, r.stderr
    assert "uvm: verify: program sha256 " in r.stderr and ", -O0)" in r.stderr, r.stderr
    ids = [l for l in r.stderr.splitlines() if l.startswith("uvm: verify: proof id ")]
    assert len(ids) == 1 and len(ids[0].split()[-1]) == 64, r.stderr
    # security: printed before the last line; --min-security REGIME:BITS
    # refuses below the proof's figure in that regime, naming it
    assert js["security"]["johnson"]["bits"] > 0 and js["security"]["ud"]["binding"], js
    jb = js["security"]["johnson"]["bits"]
    assert "bits unique-decoding" in r.stderr.splitlines()[-2], r.stderr
    r = run("verify", proof, "--program", p["sum"], "--min-security", "johnson:%d" % (jb + 1))
    assert r.returncode == 1 and "Johnson" in r.stderr and "binding" in r.stderr, r.stderr
    r = run("verify", proof, "--program", p["sum"], "--min-security", "johnson:%d" % jb)
    assert r.returncode == 0 and "exit code 55" in r.stderr, r.stderr
    r = run("verify", proof, "--program", p["sum"], "--min-security", "200")
    assert r.returncode == 1 and "conjectured" in r.stderr, r.stderr
    r = run("verify", proof, "--program", p["sum"], "--min-security", "capacity:10")
    assert r.returncode == 2 and "--min-security" in r.stderr, r.stderr
    # a GF(p^3) set proves, and its proof states >= 128 Johnson bits
    x = os.path.join(d, "x.uvp")
    r = run("prove", "--proof-size", "secure128", "--json", "-o", x, p["sum"])
    assert r.returncode == 0, r.stderr
    js3 = json.loads(r.stderr.strip().splitlines()[-1])
    assert js3["security"]["johnson"]["bits"] >= 128, js3
    r = run("verify", x, "--program", p["sum"], "--min-security", "johnson:128")
    assert r.returncode == 0 and "exit code 55" in r.stderr, r.stderr
    r = run("verify", proof, "--program", p["branches"])
    assert r.returncode == 1 and "different program" in r.stderr, r.stderr
    data = open(proof, "rb").read()
    cut = os.path.join(d, "cut.uvp")
    open(cut, "wb").write(data[: len(data) // 2])
    r = run("verify", cut, "--program", p["sum"])
    assert r.returncode == 1 and "proof" in r.stderr, r.stderr
    bad = os.path.join(d, "bad.uvp")
    r = run("prove", "-o", bad, p["unprovable"])
    assert r.returncode == 1 and "MUL256" in r.stderr and not os.path.exists(bad), r.stderr
    r = run("prove", "--max-cycles", "3", "-o", bad, p["sum"])
    assert r.returncode == 1 and "max-cycles" in r.stderr and not os.path.exists(bad), r.stderr
    # a guest that never exits: the default limit (2^28 uops, a check run of a
    # few seconds) ends it with the line that says how to raise it
    r = run("prove", "-o", bad, p["spin"])
    assert r.returncode == 1 and not os.path.exists(bad), r.stderr
    assert "the run did not exit within 268435456 uops; raise --max-cycles" in r.stderr, r.stderr
    # write/read/brk: the output comes back from verify, the input's hash too
    inp = os.path.join(d, "in.bin")
    open(inp, "wb").write(b"abcdefg")
    iop = os.path.join(d, "io.uvp")
    r = run("prove", "--input", inp, "-o", iop, p["io"])
    assert r.returncode == 0, r.stderr
    r = run("verify", iop, "--program", p["io"])
    assert r.returncode == 0 and r.stdout == "i!\nabcdefg", (r.stdout, r.stderr)
    assert "exit code %d" % 0x88192 in r.stderr, r.stderr
    assert hashlib.sha256(b"abcdefg").hexdigest() in r.stderr, r.stderr
    r = run("prove", "--input", inp, "--segment-uops", "6", "-o", iop, p["io"])
    assert r.returncode == 0, r.stderr
    r = run("verify", iop, "--program", p["io"])
    assert r.returncode == 0 and r.stdout == "i!\nabcdefg", (r.stdout, r.stderr)
    assert " segments)" in r.stderr and "exit code %d" % 0x88192 in r.stderr, r.stderr
    r = run("prove", "--bogus")
    assert r.returncode == 2
    two = os.path.join(d, "two.uvp")
    r = run("prove", "--segment-uops", "32", "-o", two, p["sum"])
    assert r.returncode == 0 and r.stderr == "", r.stderr  # no progress off a terminal
    r = run("prove", "--segment-uops", "32", "--json", "-o", two, p["sum"])
    js = json.loads(r.stderr.strip().splitlines()[-1])
    assert js["segments"] == 2 and len(js["per_segment"]) == 2, js
    assert sum(s["uops"] for s in js["per_segment"]) == js["uops"], js
    assert js["per_segment"][0]["uops"] == 32, js
    assert "trace_generation" in js["per_segment"][1]["time_s"], js
    r = run("verify", two, "--program", p["sum"])
    assert r.returncode == 0 and r.stderr.endswith("exit code 55\n") and "2 segments" in r.stderr, r.stderr
    r = run("prove", "--segment-uops", "0", "-o", two, p["sum"])
    assert r.returncode == 2, r.stderr
    # --proof-size: small (larger blowup, fewer queries) verifies and is smaller;
    # the verifier builds the system for the header's blowup, so a proof whose
    # header claims another blowup is rejected with a one-line reason
    small = os.path.join(d, "small.uvp")
    r = run("prove", "--proof-size", "small", "-o", small, p["sum"])
    assert r.returncode == 0, r.stderr
    r = run("verify", small, "--program", p["sum"])  # 60 Johnson bits: below the default 128
    assert r.returncode == 1 and "Johnson" in r.stderr, r.stderr
    r = run("verify", small, "--program", p["sum"], "--min-security", "conjectured:90")
    assert r.returncode == 0 and "exit code 55" in r.stderr, r.stderr
    assert os.path.getsize(small) < os.path.getsize(proof), (os.path.getsize(small), os.path.getsize(proof))
    r = run("prove", "--proof-size", "tiny", "-o", small, p["sum"])
    assert r.returncode == 2 and "fast or small" in r.stderr, r.stderr
    data = bytearray(open(proof, "rb").read())
    at = data.find(b"UVMPROOF") + 16  # log_blowup byte of the STARK header
    assert at > 16 and data[at] == 1, data[at]
    data[at] = 2  # the default set's blowup 2 -> 4: the STARK, not the policy, refuses it
    lb = os.path.join(d, "lb.uvp")
    open(lb, "wb").write(bytes(data))
    r = run("verify", lb, "--program", p["sum"])
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    elf_checks(d)
print("ok")
