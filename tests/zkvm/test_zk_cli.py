#!/usr/bin/env python3
"""test_zk_cli.py UVM GEN_ZK — `uvm prove` / `uvm verify` end to end on small
programs: accept, print the exit code, reject another program's proof, a
truncated file, and refuse unprovable runs without writing a proof."""
import hashlib, json, os, subprocess, sys, tempfile

uvm, gen = sys.argv[1], sys.argv[2]

def run(*args):
    return subprocess.run([uvm, *args], capture_output=True, text=True, timeout=120)

with tempfile.TemporaryDirectory() as d:
    p = {n: os.path.join(d, n + ".uisa") for n in ("sum", "branches", "amo", "io")}
    for n, f in p.items():
        subprocess.run([gen, n, f], check=True)
    proof = os.path.join(d, "sum.uvp")
    r = run("prove", "--json", "-o", proof, p["sum"])
    assert r.returncode == 0, r.stderr
    js = json.loads(r.stderr.strip().splitlines()[-1])
    assert js["exit_code"] == 55 and js["chips"]["add"]["rows"] > 0, js
    assert js["proof_bytes"] == os.path.getsize(proof)
    assert "trace_generation" in js["time_s"]
    r = run("verify", proof, "--program", p["sum"])
    assert r.returncode == 0 and "exit code 55" in r.stderr, r.stderr
    r = run("verify", proof, "--program", p["branches"])
    assert r.returncode == 1 and "different program" in r.stderr, r.stderr
    data = open(proof, "rb").read()
    cut = os.path.join(d, "cut.uvp")
    open(cut, "wb").write(data[: len(data) // 2])
    r = run("verify", cut, "--program", p["sum"])
    assert r.returncode == 1 and "proof" in r.stderr, r.stderr
    bad = os.path.join(d, "amo.uvp")
    r = run("prove", "-o", bad, p["amo"])
    assert r.returncode == 1 and "AMOADD_W" in r.stderr and not os.path.exists(bad), r.stderr
    r = run("prove", "--max-cycles", "3", "-o", bad, p["sum"])
    assert r.returncode == 1 and "max-cycles" in r.stderr and not os.path.exists(bad), r.stderr
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
    r = run("prove", "--bogus")
    assert r.returncode == 2
print("ok")
