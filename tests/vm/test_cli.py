#!/usr/bin/env python3
"""test_cli.py — the `uvm run` command line: output routing, exit statuses,
--stats/--json, --input, --max-cycles, stdin programs, fault lines, and bad
arguments or files (exit 2, one line). usage: test_cli.py UVM GEN_UISA"""
import json
import os
import re
import subprocess
import sys
import tempfile

UVM, GEN = sys.argv[1], sys.argv[2]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


def run(*args, stdin=b""):
    r = subprocess.run([UVM, *args], input=stdin, capture_output=True, timeout=60)
    return r.returncode, r.stdout, r.stderr.decode(errors="replace")


def one_line(err, pattern, what):
    lines = err.splitlines()
    check(len(lines) == 1 and re.fullmatch(pattern, lines[0]) is not None,
          f"{what}: stderr {err!r} is not one line matching {pattern!r}")


with tempfile.TemporaryDirectory() as d:
    subprocess.run([GEN, d], check=True)
    p = lambda name: os.path.join(d, name + ".uisa")

    rc, out, err = run("run", p("hello"))
    check(rc == 42, f"hello: status {rc}, want 42")
    check(out == b"hello\n", f"hello: stdout {out!r}")
    check(err == "dbg\n", f"hello: stderr {err!r}")

    rc, out, err = run("run", "--stats", p("hello"))
    check(rc == 42 and out == b"hello\n", "hello --stats: status/stdout changed")
    check("riscv instructions retired: 23" in err, f"--stats: no retired count in {err!r}")
    check(re.search(r"uops executed: +23\n", err) is not None, "--stats: no uop count")
    check(re.search(r"ADDI +10 ", err) is not None, "--stats: histogram lacks ADDI 10")

    rc, out, err = run("run", "--json", p("hello"))
    check(rc == 42 and out == b"hello\n", "hello --json: status/stdout changed")
    js = json.loads(err.splitlines()[-1])
    check(js["insns_retired"] == 23 and js["uops"] == 23, f"--json counts {js}")
    check(js["hist"] == {"LUI": 10, "ADDI": 10, "ECALL": 3}, f"--json hist {js['hist']}")
    check(js["stop"] == "exit" and js["exit_code"] == 42, f"--json stop {js}")

    with open(p("hello"), "rb") as f:
        prog = f.read()
    for args in (["run", "-"], ["run"]):
        rc, out, _ = run(*args, stdin=prog)
        check(rc == 42 and out == b"hello\n", f"{args} from stdin: status {rc}")

    data = bytes(range(256)) * 3 + b"tail"
    inp = os.path.join(d, "in.bin")
    with open(inp, "wb") as f:
        f.write(data)
    rc, out, _ = run("run", "--input", inp, p("echo"))
    check(rc == 0 and out == data, f"echo: status {rc}, {len(out)} bytes of {len(data)}")
    rc, out, _ = run("run", p("echo"))
    check(rc == 0 and out == b"", "echo without input: not empty")

    rc, out, err = run("run", p("fault_store"))
    check(rc == 139, f"fault_store: status {rc}")
    one_line(err, r"uvm: guest fault at pc 0x00010008: store to 0x00000010 outside mapped memory",
             "fault_store")
    rc, out, err = run("run", "--json", p("fault_store"))
    js = json.loads(err.splitlines()[-1])
    check(rc == 139 and js["stop"] == "fault" and js["fault"] == "store-unmapped"
          and js["addr"] == 16 and js["uops"] == 2, f"fault --json {js}")

    rc, out, err = run("run", p("trap"))
    check(rc == 139, f"trap: status {rc}")
    one_line(err, r"uvm: guest fault at pc 0x00010004: illegal instruction 0xffffffff", "trap")
    rc, out, err = run("run", p("ebreak"))
    check(rc == 139, f"ebreak: status {rc}")
    one_line(err, r"uvm: guest fault at pc 0x00010000: ebreak", "ebreak")

    rc, out, err = run("run", "--max-cycles", "1000", "--json", p("loop"))
    check(rc == 124, f"loop: status {rc}")
    js = json.loads(err.splitlines()[-1])
    check(js["uops"] == 1000 and js["stop"] == "cycle-limit", f"loop --json {js}")
    check(err.splitlines()[0] ==
          "uvm: guest stopped at pc 0x00010000: cycle limit of 1000 uops reached", f"loop: {err!r}")
    rc, out, err = run("run", "--max-cycles", "23", p("hello"))
    check(rc == 42, f"hello with exactly enough cycles: status {rc}")
    rc, out, err = run("run", "--max-cycles", "22", p("hello"))
    check(rc == 124 and out == b"hello\n", f"hello one cycle short: status {rc}")

    rc, out, err = run("run", p("exit300"))
    check(rc == 44, f"exit300: status {rc}, want 44")

    # uvm errors: exit 2 and one line starting with "uvm: "
    junk = os.path.join(d, "junk.uisa")
    with open(junk, "wb") as f:
        f.write(b"not a uisa file at all")
    trunc = os.path.join(d, "trunc.uisa")
    with open(trunc, "wb") as f:
        f.write(prog[: len(prog) // 2])
    flipped = os.path.join(d, "flipped.uisa")
    with open(flipped, "wb") as f:
        f.write(prog[:40] + bytes([prog[40] ^ 1]) + prog[41:])
    for args in (["run", os.path.join(d, "missing.uisa")], ["run", junk], ["run", trunc],
                 ["run", flipped], ["run", "--input", os.path.join(d, "missing.in"), p("hello")],
                 ["run", "--max-cycles", "x", p("hello")], ["run", "--max-cycles", "-1", p("hello")],
                 ["run", "--bogus", p("hello")], ["run", p("hello"), p("echo")],
                 ["run", "--input"], ["frobnicate"], []):
        rc, out, err = run(*args, stdin=b"")
        check(rc == 2, f"{args}: status {rc}, want 2")
        check(err.startswith("uvm: ") or err.startswith("usage:"), f"{args}: stderr {err!r}")
        check(out == b"", f"{args}: wrote to stdout")
    rc, out, err = run("run", stdin=b"")
    check(rc == 2 and len(err.splitlines()) == 1, f"empty stdin program: {rc} {err!r}")

    rc, out, err = run("run", "--help")
    check(rc == 0 and b"stderr" in out and b"139" in out and b"124" in out, "run --help")

if failures:
    print(f"{len(failures)} failure(s)", file=sys.stderr)
    sys.exit(1)
print("ok")
